"""A scripted trainee on the classroom hub: form login, server, kernel, cells (bounded waits).

Used by the end-to-end test (tests/system) and the classroom benchmark (benchmarks/).
"""

from __future__ import annotations

import json
import time
import uuid

import requests


class HubUser:
    def __init__(self, base: str, name: str, password: str):
        self.base, self.name = base.rstrip("/"), name
        self.http = requests.Session()
        page = self.http.get(f"{self.base}/hub/login", timeout=30)
        page.raise_for_status()
        xsrf = self._xsrf("/hub/")
        reply = self.http.post(f"{self.base}/hub/login?next=", timeout=30, allow_redirects=False,
                               data={"username": name, "password": password, "_xsrf": xsrf})
        if reply.status_code != 302:
            raise PermissionError(f"{name}: login refused ({reply.status_code})")

    def _xsrf(self, path: str) -> str:
        """The _xsrf cookie of the hub or of this user's server (both set one, by path)."""
        for cookie in self.http.cookies:
            if cookie.name == "_xsrf" and cookie.path == path:
                return cookie.value
        return next((c.value for c in self.http.cookies if c.name == "_xsrf"), "")

    def start_server(self, seconds: float = 120) -> float:
        """Ask the hub for this user's server and wait until it answers; return the seconds."""
        began = time.monotonic()
        headers = {"X-XSRFToken": self._xsrf("/hub/")}
        reply = self.http.post(f"{self.base}/hub/api/users/{self.name}/server", headers=headers,
                               timeout=60)
        if reply.status_code not in (201, 202, 400):
            raise RuntimeError(f"{self.name}: spawn refused {reply.status_code} {reply.text[:200]}")
        deadline = began + seconds
        while time.monotonic() < deadline:
            state = self.http.get(f"{self.base}/hub/api/users/{self.name}", headers=headers,
                                  timeout=30).json()
            server = (state.get("servers") or {}).get("")
            if server and server.get("ready"):
                # visit the server once so that it sets its own cookies (OAuth with the hub)
                self.http.get(f"{self.base}/user/{self.name}/lab", timeout=60)
                return time.monotonic() - began
            time.sleep(0.3)
        raise TimeoutError(f"{self.name}: server not ready within {seconds} s")

    @property
    def server(self) -> str:
        """The root URL of this user's own server."""
        return f"{self.base}/user/{self.name}"

    def _headers(self) -> dict[str, str]:
        return {"X-XSRFToken": self._xsrf(f"/user/{self.name}/")}

    def _ws_headers(self) -> list[str]:
        return ["Cookie: " + "; ".join(f"{c.name}={c.value}" for c in self.http.cookies)]

    def api(self, method: str, path: str, **kwargs) -> requests.Response:
        return self.http.request(method, f"{self.server}/api/{path}", headers=self._headers(),
                                 timeout=60, **kwargs)

    def start_kernel(self) -> str:
        """Start a kernel in this user's server; return its id."""
        reply = self.api("POST", "kernels", json={"name": "python3"})
        reply.raise_for_status()
        return reply.json()["id"]

    def run_notebook(self, path: str, seconds: float = 180, extra: list[str] = ()) -> list[dict]:
        """Run every code cell of a notebook in this user's server, then ``extra`` code;
        return each execution's outputs (stream text and data) in order."""
        return self.run_notebooks([(path, list(extra))], seconds)[0]

    def run_notebooks(self, notebooks: list[tuple[str, list[str]]],
                      seconds: float = 180) -> list[list[dict]]:
        """Run notebooks one after another on one kernel, each in its own folder and each
        followed by its extra code; the outputs per notebook, the first being the change of
        folder's (a notebook that fails ends the run: the ones after it get no outputs).
        ``seconds`` bounds the whole run."""
        deadline = time.monotonic() + seconds
        runs = []
        for path, extra in notebooks:
            model = self.api("GET", f"contents/{path}").json()
            cells = ["".join(c["source"]) if isinstance(c["source"], list) else c["source"]
                     for c in model["content"]["cells"] if c["cell_type"] == "code"]
            folder = path.rsplit("/", 1)[0] if "/" in path else "."
            # the folder is taken from where the kernel started (the user's home)
            runs.append([f"import os; os.chdir(os.path.join(__crmkit_home, {folder!r}))",
                         *cells, *extra])
        kernel = self.start_kernel()
        try:
            self.execute(kernel, ["import os; __crmkit_home = os.getcwd()"], seconds)
            done = []
            for sources in runs:
                outputs = self.execute(kernel, sources, max(deadline - time.monotonic(), 1))
                done.append(outputs)
                if outputs[-1]["error"]:  # execute stops at the first error
                    break
            return done + [[] for _ in runs[len(done):]]
        finally:
            self.api("DELETE", f"kernels/{kernel}")

    def execute(self, kernel_id: str, sources: list[str], seconds: float) -> list[dict]:
        """Run ``sources`` one after another in the kernel; stop at the first error."""
        import websocket

        url = self.server.replace("http", "ws", 1) + f"/api/kernels/{kernel_id}/channels"
        ws = websocket.create_connection(url, header=self._ws_headers(), timeout=seconds)
        session = uuid.uuid4().hex
        results = []
        deadline = time.monotonic() + seconds
        try:
            for source in sources:
                msg_id = uuid.uuid4().hex
                ws.send(json.dumps({
                    "header": {"msg_id": msg_id, "msg_type": "execute_request", "session": session,
                               "username": self.name, "version": "5.3"},
                    "parent_header": {}, "metadata": {}, "channel": "shell",
                    "content": {"code": source, "silent": False, "store_history": False,
                                "user_expressions": {}, "allow_stdin": False}}))
                out = {"text": "", "data": [], "error": None}
                replied = idle = False
                while not (replied and idle):
                    if time.monotonic() > deadline:
                        raise TimeoutError(f"{self.name}: cells did not finish in {seconds} s")
                    msg = json.loads(ws.recv())
                    if msg.get("parent_header", {}).get("msg_id") != msg_id:
                        continue
                    kind, content = msg["header"]["msg_type"], msg["content"]
                    if kind == "stream":
                        out["text"] += content["text"]
                    elif kind in ("execute_result", "display_data"):
                        out["data"].append(content["data"])
                    elif kind == "error":
                        out["error"] = f"{content['ename']}: {content['evalue']}"
                    elif kind == "execute_reply":
                        replied = True
                    elif kind == "status" and content["execution_state"] == "idle":
                        idle = True
                results.append(out)
                if out["error"]:
                    break
        finally:
            ws.close()
        return results


class LabUser(HubUser):
    """The same calls against a single JupyterLab server started with a token (the
    one-learner set-up of ``make start``), for comparisons with the hub."""

    def __init__(self, base: str, token: str):
        self.base, self.name, self.token = base.rstrip("/"), "", token
        self.http = requests.Session()

    @property
    def server(self) -> str:
        return self.base

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"token {self.token}"}

    def _ws_headers(self) -> list[str]:
        return [f"Authorization: token {self.token}"]
