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


@pytest.fixture(scope="session")
def site():
    """{"trainer": base_url, "learner": base_url} for the two built books."""
    missing = [str(p) for p in BUILDS.values() if not (p / "index.html").is_file()]
    if missing:
        pytest.fail(f"build the books first (make book-trainer book-learner): {missing}")
    servers, urls = [], {}
    for audience, folder in BUILDS.items():
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
        with tempfile.TemporaryDirectory() as profile:
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


@pytest.fixture(scope="session")
def browser():
    return Browser()
