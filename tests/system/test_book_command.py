"""``python -m crmkit.bookbuild --execute`` (what ``make book-*`` runs) on small books: the
pages run while Jupyter Book starts, Sphinx reads them from the cache, and a page that fails
stops the build with a Chinese message, no traceback of the build, and no kernel left."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from smallbook import CONFIG, PAGE  # tests/smallbook.py


def _book(root: Path, code: str) -> Path:
    root.mkdir()
    (root / "_config.yml").write_text(CONFIG, encoding="utf-8")
    (root / "_toc.yml").write_text("format: jb-book\nroot: intro\nchapters:\n  - file: page\n",
                                   encoding="utf-8")
    (root / "intro.md").write_text("# 引言\n", encoding="utf-8")
    (root / "page.md").write_text(PAGE.format(code=code), encoding="utf-8")
    return root


def _build(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "crmkit.bookbuild", "--execute", "build", str(root), "-W", "-n",
         "--keep-going"], capture_output=True, text=True, timeout=300, cwd=root,
        env={**os.environ, "CRMKIT_BOOKEXEC_REPORT": str(root / "report.json")})


def _processes_in(folder: Path, wait: float = 10.0) -> list[str]:
    """Processes still working in ``folder`` (the kernels start there), after waiting up
    to ``wait`` seconds for them to end."""
    deadline = time.monotonic() + wait
    while True:
        found = []
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                if os.readlink(f"/proc/{pid}/cwd").startswith(str(folder)):
                    found.append(Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace"))
            except OSError:  # ended meanwhile, or not ours to read
                continue
        if not found or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


def test_the_pages_run_before_sphinx_reads_and_none_inside_it(tmp_path):
    book = _book(tmp_path / "good", "print('来自内核', 6 * 7)")
    done = _build(book)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    out = done.stdout + done.stderr
    assert "1 页要执行" in out and "Executing notebook" not in out
    page = (book / "_build" / "html" / "page.html").read_text(encoding="utf-8")
    assert "来自内核 42" in page
    assert _processes_in(book) == []


def test_a_failing_page_stops_the_build_with_a_chinese_message(tmp_path):
    book = _book(tmp_path / "bad", "1 / 0")
    done = _build(book)
    out = done.stdout + done.stderr
    assert done.returncode == 1
    assert "page.md：执行出错" in out and "ZeroDivisionError" in out
    assert "有书页执行出错（出错的书页和原因见上面的输出），网页书没有生成" in out
    assert "crmkit/bookbuild.py" not in out and "RuntimeError" not in out  # no traceback
    assert not (book / "_build" / "html" / "page.html").exists()
    assert _processes_in(book) == []  # no kernel left running
