"""Serve the built books on localhost and read pages through headless Chromium."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import tempfile
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from crmkit.serve import GzipHandler

ROOT = Path(__file__).resolve().parents[2]
BUILDS = {aud: ROOT / "_build" / aud / "_build" / "html" for aud in ("trainer", "learner")}
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--hide-scrollbars"]


# a static host as learners meet it: text files gzipped when the browser asks
QuietHandler = GzipHandler


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
        self._chromium = None  # started at the first session, closed with the test process
        self.binary = shutil.which("chromium")
        if not self.binary:
            pytest.fail("chromium is not installed; make test installs it "
                        "(tools/install_system_deps.sh)")

    def session(self, url: str, size: tuple[int, int] = (1366, 900)) -> Page:
        """A live page to click in, over the DevTools protocol, in a window of ``size``."""
        if self._chromium is None:
            self._chromium = Chromium(self.binary)
        return Page(self._chromium, url, size)

    def close(self) -> None:
        if self._chromium is not None:
            self._chromium.close()
            self._chromium = None

    def tab(self, size: tuple[int, int] = (1366, 900), cache: bool = True) -> Tab:
        """One tab to open many pages in, one after another (see Tab)."""
        return Tab(self, size, cache)


class DevTools:
    """One DevTools-protocol connection (to the browser or to one of its pages): commands
    and their replies; the events that arrive meanwhile are kept in ``events``."""

    def __init__(self, url: str):
        import websocket

        self._ws = websocket.create_connection(url, timeout=30)
        self._id = 0
        self.events: list[dict] = []

    def _send(self, method: str, **params) -> int:
        import json

        self._id += 1
        self._ws.send(json.dumps({"id": self._id, "method": method, "params": params}))
        return self._id

    def _recv(self) -> dict:
        import json

        message = json.loads(self._ws.recv())
        if "method" in message:
            self.events.append(message)
        return message

    def _call(self, method: str, **params) -> dict:
        wanted = self._send(method, **params)
        while True:
            message = self._recv()
            if message.get("id") == wanted:
                if "error" in message:  # e.g. a script run while the page navigates away
                    raise AssertionError(f"{method} failed: {message['error']}")
                return message.get("result", {})


class Chromium:
    """The one headless Chromium of a test process. A start costs about a core-second and
    a first page in a new profile about two more, so each page is a window of this browser
    in a browser context of its own: storage, cookies, cache and service workers as empty
    as a new profile's, gone when the page closes. Five book pages opened this way cost
    8-10 core-seconds here, against 14-15 with a browser each."""

    def __init__(self, binary: str):
        import time

        self._browser = None
        self._profile = tempfile.TemporaryDirectory(ignore_cleanup_errors=True)
        self._proc = subprocess.Popen(
            [binary, *CHROMIUM_FLAGS, f"--user-data-dir={self._profile.name}",
             "--remote-debugging-port=0", "--remote-allow-origins=*", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,  # a long life's logging
            env={**os.environ, "HOME": self._profile.name})  # would fill a pipe nobody reads
        active = Path(self._profile.name) / "DevToolsActivePort"  # "port\n/devtools/browser/id"
        deadline = time.monotonic() + 30
        while len(written := (active.read_text() if active.is_file() else "").split()) < 2:
            if self._proc.poll() is not None or time.monotonic() > deadline:
                self.close()
                raise RuntimeError("chromium did not start its DevTools endpoint")
            time.sleep(0.05)
        self.port, browser_path = written
        # no domain of the browser itself is enabled: it sends replies, no events
        self._browser = DevTools(f"ws://127.0.0.1:{self.port}{browser_path}")

    def open_window(self, size: tuple[int, int]) -> tuple[str, str]:
        """A blank window of ``size`` in a new browser context: (context id, target id)."""
        context = self._browser._call("Target.createBrowserContext")["browserContextId"]
        target = self._browser._call("Target.createTarget", url="about:blank",
                                     browserContextId=context, width=size[0],
                                     height=size[1], newWindow=True)["targetId"]
        return context, target

    def close_window(self, context: str, target: str) -> None:
        self._browser._call("Target.closeTarget", targetId=target)
        self._browser._call("Target.disposeBrowserContext", browserContextId=context)

    def close(self) -> None:
        if self._browser is not None:
            self._browser._ws.close()
        self._proc.terminate()
        try:
            self._proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait(timeout=10)
        self._profile.cleanup()


class Page(DevTools):
    """Minimal DevTools-protocol client: open a URL, run JavaScript, read the result. Every
    event seen is kept in ``events``, for the page audits."""

    def __init__(self, chromium: Chromium, url: str, size: tuple[int, int] = (1366, 900)):
        self._chromium = chromium
        self._context, self._target = chromium.open_window(size)
        super().__init__(f"ws://127.0.0.1:{chromium.port}/devtools/page/{self._target}")
        for domain in ("Page", "Network", "Runtime", "Log"):
            self._call(f"{domain}.enable")
        self._call("Page.navigate", url=url)
        self._wait_event("Page.loadEventFired")

    def _wait_event(self, name: str) -> None:
        while True:
            if self._recv().get("method") == name:
                return

    def wait_for(self, condition: str, seconds: float = 20) -> bool:
        """Poll a JavaScript condition until it is true or the time is up (bounded)."""
        return bool(self.eval(f"""(async () => {{
            const end = Date.now() + {int(seconds * 1000)};
            while (Date.now() < end) {{
                if ({condition}) return true;
                await new Promise(r => setTimeout(r, 100));
            }}
            return false;
        }})()"""))

    def settle(self, ms: int = 1500) -> None:
        """Let deferred scripts, widgets and late requests finish (a bounded wait)."""
        self.eval(f"new Promise(r => setTimeout(r, {int(ms)}))")

    def still(self, seconds: float = 5) -> bool:
        """Wait (bounded) until the page has been laid out and painted twice and no timed
        animation or transition runs: what a click changed is on the screen. Scroll-driven
        animations (the tables' scroll cue) never end and are left out. Measured on the 20
        audit and layout visits: the same readings as after a fixed 400-500 ms wait."""
        return bool(self.eval(f"""new Promise(done => {{
            const end = Date.now() + {int(seconds * 1000)};
            const timed = () => document.getAnimations().filter(a => a.playState === 'running'
                && !(window.ScrollTimeline && a.timeline instanceof ScrollTimeline));
            (function frames() {{
                requestAnimationFrame(() => requestAnimationFrame(() => {{
                    if (!timed().length) done(true);
                    else if (Date.now() > end) done(false);
                    else frames();
                }}));
            }})();
        }})"""))

    def quiet(self, idle_ms: int = 500, seconds: float = 10) -> bool:
        """Wait until no request has been in flight for ``idle_ms`` (at most ``seconds``):
        deferred scripts, widgets and late requests have finished. A fixed settle waits as
        long on a page that is done at once, and not long enough on a slow one."""
        import time

        network = ("Network.requestWillBeSent", "Network.loadingFinished",
                   "Network.loadingFailed")
        seen, last = 0, time.monotonic()
        deadline = last + seconds
        while time.monotonic() < deadline:
            self.eval("new Promise(r => setTimeout(r, 100))")  # events arrive meanwhile
            events = [e for e in self.events if e.get("method") in network]
            if len(events) > seen:
                seen, last = len(events), time.monotonic()
            sent = {e["params"]["requestId"] for e in events
                    if e["method"] == network[0]}
            done = {e["params"]["requestId"] for e in events if e["method"] != network[0]}
            if not sent - done and time.monotonic() - last >= idle_ms / 1000:
                return True
        return False

    def console_errors(self) -> list[str]:
        """Console errors, uncaught exceptions and browser-logged errors, as text."""
        found = []
        for e in self.events:
            p = e.get("params", {})
            if e["method"] == "Runtime.consoleAPICalled" and p.get("type") == "error":
                found.append(" ".join(str(a.get("value", a.get("description", "")))
                                      for a in p.get("args", [])))
            elif e["method"] == "Runtime.exceptionThrown":
                d = p.get("exceptionDetails", {})
                found.append(d.get("exception", {}).get("description") or d.get("text", ""))
            elif e["method"] == "Log.entryAdded" and p["entry"].get("level") == "error":
                found.append(f"{p['entry'].get('text')} {p['entry'].get('url', '')}".strip())
        return found

    def failed_requests(self) -> list[str]:
        """URLs that failed to load or answered with an HTTP error."""
        bad = [f"{e['params']['response']['status']} {e['params']['response']['url']}"
               for e in self.events if e["method"] == "Network.responseReceived"
               and e["params"]["response"]["status"] >= 400]
        failed = {e["params"]["requestId"]: e["params"].get("errorText", "")
                  for e in self.events if e["method"] == "Network.loadingFailed"}
        urls = {e["params"]["requestId"]: e["params"]["request"]["url"]
                for e in self.events if e["method"] == "Network.requestWillBeSent"}
        return bad + [f"{text} {urls.get(rid, rid)}" for rid, text in failed.items()]

    def requests(self) -> list[str]:
        return [e["params"]["request"]["url"] for e in self.events
                if e["method"] == "Network.requestWillBeSent"]

    def transferred(self) -> dict[str, int]:
        """Bytes on the wire per URL (after gzip), as the browser counted them."""
        urls = {e["params"]["requestId"]: e["params"]["request"]["url"]
                for e in self.events if e["method"] == "Network.requestWillBeSent"}
        return {urls.get(e["params"]["requestId"], e["params"]["requestId"]):
                int(e["params"]["encodedDataLength"])
                for e in self.events if e["method"] == "Network.loadingFinished"}

    def eval(self, expression: str):
        """Evaluate JavaScript in the page (awaiting promises) and return its value."""
        result = self._call("Runtime.evaluate", expression=expression, returnByValue=True,
                            awaitPromise=True)
        if "exceptionDetails" in result:
            raise AssertionError(f"page script failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def screenshot(self, path: Path) -> Path:
        """What the window shows now, as a PNG file."""
        import base64

        shot = self._call("Page.captureScreenshot", format="png")
        path.write_bytes(base64.b64decode(shot["data"]))
        return path

    def close(self) -> None:
        self._ws.close()
        self._chromium.close_window(self._context, self._target)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _load(self, method: str, **params) -> None:
        """Run a navigation command and wait (bounded) for the page's load event."""
        import time

        seen = len(self.events)
        self._call(method, **params)
        deadline = time.monotonic() + 60
        while not any(e["method"] == "Page.loadEventFired" for e in self.events[seen:]):
            if time.monotonic() > deadline:
                raise TimeoutError(f"page did not load within 60 s after {method}")
            self._recv()

    def goto(self, url: str) -> None:
        """Open another URL in the same tab (same profile, same localStorage)."""
        self._load("Page.navigate", url=url)

    def reload(self) -> None:
        self._load("Page.reload")

    def emulate(self, width: int, height: int, mobile: bool) -> None:
        """Emulate a phone (touch, device pixels 3) or a desktop window from the next page
        this tab opens on."""
        self._call("Emulation.setDeviceMetricsOverride", width=width, height=height,
                   deviceScaleFactor=3 if mobile else 1, mobile=mobile)
        self._call("Emulation.setTouchEmulationEnabled", enabled=mobile,
                   **({"maxTouchPoints": 5} if mobile else {}))


@pytest.fixture(scope="session")
def browser():
    opened = Browser()
    yield opened
    opened.close()


class Tab:
    """One browser tab whose pages open one after another: a Chromium start costs about a
    second a page. Opening a page clears what the last one stored and the events seen.
    Without ``cache`` every page is fetched whole, as on a first visit (the page audit
    counts the bytes a learner downloads)."""

    def __init__(self, browser: Browser, size: tuple[int, int] = (1366, 900),
                 cache: bool = True):
        self.browser, self.size, self.cache, self.page = browser, size, cache, None

    def open(self, url: str) -> Page:
        if self.page is None:  # a new profile: its first page has nothing cached
            self.page = self.browser.session(url, self.size)
            if not self.cache:
                self.page._call("Network.setCacheDisabled", cacheDisabled=True)
        else:
            # (about:blank has no storage to clear)
            self.page.eval("try { localStorage.clear(); sessionStorage.clear() } catch (e) {}")
            self.page.events.clear()
            self.page.goto(url)
        return self.page

    def close(self) -> None:
        if self.page is not None:
            self.page.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


@pytest.fixture(scope="module")
def tab(browser):
    with browser.tab() as opened:
        yield opened


@pytest.fixture(scope="session")
def learner_visit(site, browser):
    """learner_visit(path, viewport) → what the audit and the layout tests read on that page
    of the learner book, each page opened once per viewport in the viewport's own tab.

    CRMKIT_LEARNER_URL points them at another copy of the learner book (a base URL), e.g.
    one served while trying CSS changes; by default they use the built book."""
    import learner_visits

    if not learner_visits.AXE.is_file():
        pytest.fail("axe-core is missing: run tools/fetch_page_tools.sh (make test does)")
    axe = learner_visits.AXE.read_text(encoding="utf-8")
    base = os.environ.get("CRMKIT_LEARNER_URL", "").rstrip("/") or site["learner"]
    tabs: dict = {}
    seen: dict = {}

    def get(path: str, viewport: str) -> dict:
        path = path.lstrip("/")
        if (path, viewport) not in seen:
            if viewport not in tabs:  # the cache off: each page costs a first visit's bytes
                tabs[viewport] = browser.tab(cache=False)
            seen[path, viewport] = learner_visits.visit(tabs[viewport], base, path, viewport,
                                                        axe)
        return seen[path, viewport]

    yield get
    for opened in tabs.values():
        opened.close()
