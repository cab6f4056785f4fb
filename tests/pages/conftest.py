"""Serve the built books on localhost and read pages through headless Chromium."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BUILDS = {aud: ROOT / "_build" / aud / "_build" / "html" for aud in ("trainer", "learner")}
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--hide-scrollbars"]


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def builds():
    return BUILDS


class Builds(dict):
    """Base URLs by audience; asking for a book that was not built fails the test clearly."""

    def __missing__(self, audience):
        pytest.fail(f"build the {audience} book first (make book-{audience})")


@pytest.fixture(scope="session")
def site():
    """{"trainer": base_url, "learner": base_url} for the two built books."""
    servers, urls = [], Builds()
    for audience, folder in BUILDS.items():
        if not (folder / "index.html").is_file():
            continue
        handler = functools.partial(QuietHandler, directory=str(folder))
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        urls[audience] = f"http://127.0.0.1:{server.server_port}"
    yield urls
    for server in servers:
        server.shutdown()


class Browser:
    def __init__(self):
        self.binary = shutil.which("chromium")
        if not self.binary:
            pytest.fail("chromium is not installed; make test installs it "
                        "(tools/install_system_deps.sh)")

    def _run(self, extra: list[str], url: str) -> subprocess.CompletedProcess:
        with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as profile:
            return subprocess.run(
                [self.binary, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *extra, url],
                capture_output=True, text=True, timeout=120, check=True,
                env={**os.environ, "HOME": profile})

    def dom(self, url: str, budget_ms: int = 15000) -> str:
        """The page's DOM after its scripts ran (widgets rendered, search done)."""
        return self._run([f"--virtual-time-budget={budget_ms}", "--dump-dom"], url).stdout

    def screenshot(self, url: str, path: Path, size: str = "1200,2400") -> Path:
        self._run(["--virtual-time-budget=10000", f"--window-size={size}",
                   f"--screenshot={path}"], url)
        return path


    def session(self, url: str) -> Page:
        """A live page to click in, over the DevTools protocol."""
        return Page(self.binary, url)


class Page:
    """Minimal DevTools-protocol client: open a URL, run JavaScript, read the result."""

    def __init__(self, binary: str, url: str):
        import json
        import re
        import urllib.request

        import websocket

        self._profile = tempfile.TemporaryDirectory(ignore_cleanup_errors=True)
        self._proc = subprocess.Popen(
            [binary, *CHROMIUM_FLAGS, f"--user-data-dir={self._profile.name}",
             "--remote-debugging-port=0", "--remote-allow-origins=*", "about:blank"],
            stderr=subprocess.PIPE, text=True, env={**os.environ, "HOME": self._profile.name})
        port = None
        for line in self._proc.stderr:
            found = re.search(r"DevTools listening on ws://127\.0\.0\.1:(\d+)/", line)
            if found:
                port = found.group(1)
                break
        if port is None:
            raise RuntimeError("chromium did not start its DevTools endpoint")
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list") as reply:
            target = next(t for t in json.load(reply) if t["type"] == "page")
        self._ws = websocket.create_connection(target["webSocketDebuggerUrl"], timeout=30)
        self._id = 0
        self._json = json
        self._call("Page.enable")
        self._call("Page.navigate", url=url)
        self._wait_event("Page.loadEventFired")

    def _send(self, method: str, **params) -> int:
        self._id += 1
        self._ws.send(self._json.dumps({"id": self._id, "method": method, "params": params}))
        return self._id

    def _call(self, method: str, **params) -> dict:
        wanted = self._send(method, **params)
        while True:
            message = self._json.loads(self._ws.recv())
            if message.get("id") == wanted:
                return message.get("result", {})

    def _wait_event(self, name: str) -> None:
        while True:
            if self._json.loads(self._ws.recv()).get("method") == name:
                return

    def eval(self, expression: str):
        """Evaluate JavaScript in the page (awaiting promises) and return its value."""
        result = self._call("Runtime.evaluate", expression=expression, returnByValue=True,
                            awaitPromise=True)
        if "exceptionDetails" in result:
            raise AssertionError(f"page script failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def close(self) -> None:
        self._ws.close()
        self._proc.terminate()
        self._proc.wait(timeout=10)
        self._profile.cleanup()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


@pytest.fixture(scope="session")
def browser():
    return Browser()
