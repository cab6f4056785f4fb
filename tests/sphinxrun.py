"""``sphinx_build``: a small book built by Sphinx in the test's own process, as
``python -m sphinx`` would build it, with its exit code and what it wrote to standard error.

Sphinx's command keeps a build apart from the next (``docutils_namespace``: the directives
and roles an extension registers are taken back), so one interpreter can build many books,
as long as a ``Sphinx`` app a test makes by hand is made inside ``docutils_namespace()`` too
(tests/unit/test_booknav.py). A new interpreter for each book imported Sphinx and MyST
again: 0.77 CPU-s a book here, against 0.08 in process once they are loaded."""

from __future__ import annotations

import contextlib
import io
import subprocess
from pathlib import Path

from sphinx.cmd.build import build_main


def sphinx_build(src: Path, out: Path, *options: str) -> subprocess.CompletedProcess:
    """``sphinx -b html -q -E *options src out``; stdout and stderr as text (no colours:
    they are not a terminal)."""
    args = ["-b", "html", "-q", "-E", *options, str(src), str(out)]
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = build_main(args)
    return subprocess.CompletedProcess(["sphinx", *args], code, stdout.getvalue(),
                                       stderr.getvalue())
