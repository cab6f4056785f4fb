"""Serve a built book the way a real static host does: text files gzipped.

A trainer can put the learner edition on the classroom network with::

    python -m crmkit.serve _build/learner/_build/html --port 8080

and learners open ``http://<trainer's address>:8080`` on their phones. The page
tests and ``benchmarks/pages.py`` use the same handler, so what they measure is
what a learner's browser receives (Python's plain ``http.server`` sends no gzip,
which overstates a page's weight about three times).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import io
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

# The six kinds of page a learner meets, one example each: what the page tests and
# benchmarks/pages.py measure.
PAGE_TYPES = {
    "landing": "/book/intro.html",
    "chapter": "/book/07-crm/value-maintenance.html",
    "lab": "/notebooks/07-value-matrix.html",
    "exercise": "/exercises/07-exercises.html",
    "roleplay": "/book/06-marketing/practice/phone-invitation-zjtx.html",
    "case": "/cases/bank-high-end/index.html",
}


class GzipHandler(SimpleHTTPRequestHandler):
    """Static files; text types gzipped when the browser accepts it. Quiet."""

    COMPRESS = {".html", ".js", ".css", ".json", ".svg", ".txt", ".map", ".xml"}
    _gzipped: dict = {}  # (path, mtime) -> bytes, shared by every request

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if (path.suffix not in self.COMPRESS or not path.is_file()
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        key = (str(path), path.stat().st_mtime_ns)
        if key not in self._gzipped:
            self._gzipped[key] = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        body = self._gzipped[key]
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def handle(self):
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the browser closed a connection it no longer needed


def start(folder: str | Path, host: str = "127.0.0.1", port: int = 0) -> ThreadingHTTPServer:
    """Serve ``folder`` in a background thread; ``server.server_port`` says where."""
    handler = functools.partial(GzipHandler, directory=str(folder))
    server = ThreadingHTTPServer((host, port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def lan_address() -> str:
    """This machine's address on the local network (no packet is sent), else 127.0.0.1."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))
            return probe.getsockname()[0]
        except OSError:
            return "127.0.0.1"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crmkit.serve",
                                     description="在本机网络上发布网页书（文本 gzip 压缩）")
    parser.add_argument("folder", nargs="?", default="_build/learner/_build/html",
                        help="网页书所在文件夹（默认：学员版）")
    parser.add_argument("--host", default="0.0.0.0", help="监听地址（默认 0.0.0.0，局域网可访问）")
    parser.add_argument("--port", type=int, default=8080, help="端口（默认 8080）")
    args = parser.parse_args(argv)
    folder = Path(args.folder)
    if not (folder / "index.html").is_file():
        print(f"找不到网页书：{folder}/index.html。请先运行 make book-learner 生成学员版网页书。")
        return 2
    handler = functools.partial(GzipHandler, directory=str(folder))
    with ThreadingHTTPServer((args.host, args.port), handler) as server:
        where = lan_address() if args.host == "0.0.0.0" else args.host
        print(f"网页书已发布：http://{where}:{server.server_port}/（按 Ctrl+C 停止）")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            print("已停止。")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
