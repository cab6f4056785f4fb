"""A new learner's ``make start``: how long until JupyterLab answers, and until the book is
there (it builds in the background and ``make start`` says so when it is done).

The virtual environment is taken as installed (that step is pip's). What a fresh machine
lacks besides is removed first: the learner book, the execution cache, the search words
earlier builds kept and nbval's verification markers, so the background build runs every
page. JupyterLab is started
without a browser on a free local port; the start notebook must answer from the contents
API with its saved outputs (the first page the learner sees), and every chapter, case and
exercise it links to must open there too. Every process ``make start`` started is stopped
at the end.

    python benchmarks/start.py
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crmkit import bookbuild  # noqa: E402

BOOK = ROOT / "_build" / "learner" / "_build" / "html" / "index.html"
START = "notebooks/00-start-here.ipynb"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _answers(url: str) -> dict | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as reply:
            return json.load(reply)
    except (OSError, ValueError):
        return None


def main(limit: float = 600.0) -> int:
    for stale in (ROOT / "_build" / "learner", ROOT / "_build" / ".jupyter_cache",
                  ROOT / "_build" / ".nbval-verified"):
        shutil.rmtree(stale, ignore_errors=True)
    (ROOT / bookbuild.SEARCH_WORDS).unlink(missing_ok=True)
    port = _free_port()
    args = f"--no-browser --port={port} --ServerApp.ip=127.0.0.1 --IdentityProvider.token="
    (ROOT / "_build").mkdir(exist_ok=True)
    log = open(ROOT / "_build" / "bench-start.log", "w", encoding="utf-8")  # noqa: SIM115
    begin = time.perf_counter()
    proc = subprocess.Popen(["make", "--no-print-directory", "start", f"LAB_ARGS={args}"],
                            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    lab = book = None
    unreachable: list[str] = []
    try:
        while time.perf_counter() - begin < limit and proc.poll() is None:
            if lab is None:
                model = _answers(f"http://127.0.0.1:{port}/api/contents/{START}")
                if model and any(cell.get("outputs") for cell in model["content"]["cells"]
                                 if cell["cell_type"] == "code"):
                    lab = time.perf_counter() - begin
                    unreachable = _unreachable_links(port, model)
            if book is None:
                said = Path(log.name).read_text(encoding="utf-8", errors="replace")
                if "【网页书没有生成成功】" in said:
                    break
                if "【网页书已生成】" in said and BOOK.is_file():
                    book = time.perf_counter() - begin
            if lab is not None and book is not None:
                break
            time.sleep(0.25)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
        log.close()
    def seconds(value: float | None) -> str:
        return "not within the limit" if value is None else f"{value:.1f} s"

    print(f"JupyterLab answers, start notebook with its outputs: {seconds(lab)}"
          "   (goal ≤ 60 s)")
    print(f"learner book built in the background:               {seconds(book)}")
    if lab is not None:
        print("files the start notebook links to, opened through JupyterLab: "
              + (f"missing {unreachable}" if unreachable else "all open"))
    if lab is None or book is None or unreachable:
        print(f"see {log.name}", file=sys.stderr)
        return 1
    return 0


def _unreachable_links(port: int, start: dict) -> list[str]:
    """The kit files the start notebook links to (../book/…, ../exercises/…) that the
    JupyterLab of ``make start`` cannot open: it must serve the kit, not notebooks/ alone."""
    import posixpath
    import re

    text = "\n".join("".join(c["source"]) for c in start["content"]["cells"]
                     if c["cell_type"] == "markdown")
    links = sorted({posixpath.normpath(posixpath.join(posixpath.dirname(START), link))
                    for link in re.findall(r"\]\((\.\./[^)#\s]+)", text)})
    return [link for link in links
            if _answers(f"http://127.0.0.1:{port}/api/contents/{link}?content=0") is None]


if __name__ == "__main__":
    raise SystemExit(main())
