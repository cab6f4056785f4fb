"""``jupyter-book build`` with Sphinx reading and writing on every core (and one process more).

Jupyter Book 1's command line starts Sphinx without ``jobs``, so one process reads and writes
all 90 pages. With two jobs the trainer book took 26–30 s instead of 30–33 s on this 2-core
machine (three builds each, the execution cache full), and every HTML page and the search
index came out byte-identical to the serial build.

Sphinx works in parallel only when every extension says it may. Two that Jupyter Book loads
say nothing, and both are safe for the HTML builder, so they are declared here:
``sphinx_multitoc_numbering`` numbers the sections after reading, in the main process, and
``sphinx_jupyterbook_latex``'s transforms only mark nodes of the page being read (and act in
LaTeX builds alone). Everything else is Jupyter Book's own command, options unchanged::

    python -m crmkit.bookbuild build . --path-output _build/trainer -W -n --keep-going

With ``--execute`` first (as ``make book-*`` runs it), crmkit.bookexec runs the book's
uncached pages in a process of its own while Jupyter Book and Sphinx load, and Sphinx reads
once the pages are in the execution cache (see :func:`start_execution`).

Python's garbage collector also ran through every object Sphinx keeps (the loaded modules,
then the read pages) each time it made a full collection: 7 s of CPU in a 30 s build. The
command collects and freezes what exists once the extensions are loaded and again once the
pages are read, and collects the youngest objects every 50,000 allocations instead of 700:
builds of 20.8–21.6 s against 26.8–27.3 s (and 20.7–21.5 s with no collection at all, which
needed 120 MB more in the main process and 220 MB more in each writer), same pages.
"""

from __future__ import annotations

import functools
import gc
import importlib
import os
import subprocess
import sys
from pathlib import Path

# Extensions Jupyter Book loads whose setup() does not declare parallel safety.
UNDECLARED = ("sphinx_multitoc_numbering", "sphinx_jupyterbook_latex")
# Allocations between collections of the youngest generation, then how many collections of
# a generation make one of the next (CPython's defaults: 700, 10, 10).
GC_THRESHOLDS = (50_000, 20, 20)
# The book's pages running (crmkit.bookexec) while Jupyter Book and Sphinx start (--execute).
EXECUTION: subprocess.Popen | None = None
# Where a build keeps the words jieba cut, for the next build (crmkit.booktools'
# Chinese search indexer), under the book's folder
SEARCH_WORDS = "_build/.search-words.json"
# Set by prepare(): crmkit.booktools then loads this module's Sphinx hooks (setup below), so
# a build run by plain `jupyter-book build`, or a test's Sphinx app, keeps Python's defaults.
ACTIVE = False


def cores() -> int:
    """The cores this process may use (a container or taskset can allow fewer than exist)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def declared_safe(setup):
    """``setup`` returning metadata that says the extension may read and write in parallel."""

    @functools.wraps(setup)
    def wrapped(app):
        metadata = dict(setup(app) or {})
        metadata.setdefault("parallel_read_safe", True)
        metadata.setdefault("parallel_write_safe", True)
        return metadata

    wrapped.crmkit_declared = True
    return wrapped


def default_jobs() -> int:
    """One Sphinx process more than there are cores.

    While Sphinx writes the pages in parallel, the main process alone resolves each chunk
    of pages and feeds them to the search index (Chinese word splitting) before it hands
    the chunk to a writer, and it waits for a writer to finish before preparing the next
    one: with as many writers as cores, the cores were busy 1.2 of 2 on average while the
    pages were written. One writer more keeps them busy: the trainer book's Sphinx run took
    13.5-14.1 s instead of 15.3-16.4 s here (four builds, alternating; four writers were no
    faster than three), every HTML page and the search index the same.

    Builds that run at the same time (``make books`` sets CRMKIT_BUILDS_AT_ONCE=2) share the
    cores instead: each takes its part, at least one process. Each build's serial steps are
    then filled by the other build, and a build in one process pickles nothing between
    processes: both editions at once took 17.9-19.9 s with one process each, 20.0-22.2 s
    with three each here (four runs each, alternating).
    """
    return cores() + 1 if builds_at_once() == 1 else build_cores()


def builds_at_once() -> int:
    """How many builds share this machine's cores (CRMKIT_BUILDS_AT_ONCE, default 1)."""
    try:
        return max(1, int(os.environ.get("CRMKIT_BUILDS_AT_ONCE") or 1))
    except ValueError:
        return 1


def build_cores() -> int:
    """The cores this build may keep busy: all of them, or its part when builds run at
    once. The page polish after Sphinx (crmkit.booktools) forks only where this is 2 or
    more: with the cores busy with the other build, a forked process only adds the fork."""
    return max(1, cores() // builds_at_once())


def prepare(jobs: int | None = None) -> int:
    """Make the next Jupyter Book build in this process use ``jobs`` Sphinx processes
    (default: :func:`default_jobs`) and the garbage collection described above."""
    from jupyter_book import sphinx as jb_sphinx

    for name in UNDECLARED:
        module = importlib.import_module(name)
        if not getattr(module.setup, "crmkit_declared", False):
            module.setup = declared_safe(module.setup)
    jobs = jobs or default_jobs()
    build = getattr(jb_sphinx.build_sphinx, "func", jb_sphinx.build_sphinx)
    # the command imports build_sphinx from this module when it runs, so this is what it calls
    jb_sphinx.build_sphinx = functools.partial(build, jobs=jobs)
    global ACTIVE
    ACTIVE = True
    gc.set_threshold(*GC_THRESHOLDS)
    from sphinx.builders import Builder

    if not getattr(Builder.read, "crmkit_waits", False):
        Builder.read = _after_the_pages(Builder.read)
    return jobs


def _after_the_pages(read):
    """Sphinx's ``Builder.read``, first waiting for the pages' run (whatever extensions
    the book loads)."""

    @functools.wraps(read)
    def wrapped(self, *args, **kwargs):
        _pages_executed(self.app)
        return read(self, *args, **kwargs)

    wrapped.crmkit_waits = True
    return wrapped


def start_execution(argv: list[str]) -> subprocess.Popen:
    """Run the pages of the build ``argv`` asks for (its source folder, its ``--toc``)
    into the execution cache (crmkit.bookexec), in a process that starts now.

    Jupyter Book and Sphinx spend about 1.5 s of one core loading before they read a page,
    and the pages' kernels leave a core idle while they start and while the last page runs:
    the two overlap, and Sphinx waits for the pages before it reads (``_pages_executed``,
    called by Sphinx's ``Builder.read`` once :func:`prepare` has run).
    """
    root = argv[1] if argv[:1] == ["build"] and len(argv) > 1 else "."
    cmd = [sys.executable, "-m", "crmkit.bookexec", "--root", root]
    if "--toc" in argv[:-1]:
        cmd += ["--toc", argv[argv.index("--toc") + 1]]
    return subprocess.Popen(cmd)


def _pages_executed(app) -> None:
    """Before Sphinx reads a page: the pages' run has finished, and without errors.

    Meanwhile this process loads jieba's dictionary, which the Chinese search index
    would load later, when this process alone prepares the pages to write (0.6 s here),
    unless an earlier build left the words it cut (SEARCH_WORDS): then jieba is loaded
    only if a page brings a block of text no build has cut."""
    if EXECUTION is None:
        return
    if (EXECUTION.poll() is None and str(app.config.html_search_language).startswith("zh")
            and not (Path(app.srcdir) / SEARCH_WORDS).is_file()):
        from sphinx.search import zh

        if zh.JIEBA:
            zh.jieba.initialize()
    if EXECUTION.wait() != 0:
        # the failed pages and their errors are printed above; no traceback of this process
        print("\n有书页执行出错（出错的书页和原因见上面的输出），网页书没有生成；"
              "改好那一页后重新生成", file=sys.stderr, flush=True)
        raise SystemExit(1)


def _stop_execution() -> None:
    """A build that ended before it read a page leaves no run of the pages behind."""
    if EXECUTION is not None and EXECUTION.poll() is None:
        EXECUTION.terminate()
        try:
            EXECUTION.wait(timeout=30)
        except subprocess.TimeoutExpired:
            EXECUTION.kill()


# --- the pages' cache records, from the run of the pages ---------------------------------
# For each page with code, myst-nb's cache client hashes the page's code, looks the hash up
# in the cache's database, then hashes and looks it up again to merge the outputs, and
# writes the record's access time back to the database: 1.5 s of the learner book's 17 s of
# Sphinx here, and database writes from every read process of both editions at once. The
# run of the pages (crmkit.bookexec) has just recorded, for each page's bytes, the record it
# matched (KNOWN_PAGES): a page with those bytes takes that record's outputs, read from the
# cache's folder, once its code cells are seen to be the record's. Any other page goes
# through myst-nb's client unchanged.
_BOOK_ROOT: Path | None = None  # set by setup(): the book the known pages belong to
_RECORDS: dict[str, tuple[dict[str, list], dict[str, tuple]]] = {}


def _records(cache_path: Path) -> tuple[dict[str, list], dict[str, tuple]]:
    """{page's absolute path: [digest, hashkey]} from the last run of the pages, and
    {hashkey: (pk, created, data)} from the cache's database, read once per process."""
    import sqlite3

    from crmkit import bookexec

    if str(cache_path) not in _RECORDS:
        try:
            rows = bookexec._cache_records(cache_path)
        except sqlite3.Error:
            rows = {}
        known = bookexec._known_pages(cache_path, bookexec._known_key(_BOOK_ROOT), rows)
        pages = {str(_BOOK_ROOT / page): entry for page, entry in known.items()
                 if entry[1] is not None}
        _RECORDS[str(cache_path)] = (pages, rows)
    return _RECORDS[str(cache_path)]


def _merge_known(client) -> bool:
    """Give myst-nb's cache ``client`` its page's outputs from the record the run of the
    pages matched, as jupyter-cache's ``merge_match_into_notebook`` would; False (nothing
    done) when the page is not one it knows."""
    import copy
    import json
    from datetime import datetime

    import nbformat

    from crmkit import bookexec

    if _BOOK_ROOT is None or client.path is None:
        return False
    cache_path = Path(client.nb_config.execution_cache_path or ".jupyter_cache").resolve()
    pages, rows = _records(cache_path)
    path = Path(client.path).resolve()
    entry = pages.get(str(path))
    if entry is None or bookexec._digest(path) != entry[0]:
        return False
    try:
        cached = nbformat.reads((cache_path / "executed" / entry[1] / "base.ipynb").read_text(
            encoding="utf8"), nbformat.NO_CONVERT)
    except (OSError, ValueError):
        return False
    nb = copy.deepcopy(client.notebook)
    code = [i for i, cell in enumerate(nb.cells) if cell.cell_type == "code"]
    if [nb.cells[i].source for i in code] != [cell.source for cell in cached.cells]:
        return False  # not the code the record was made from: myst-nb decides
    for key in ("kernelspec", "language_info", "widgets"):
        if key in cached.metadata:
            nb.metadata[key] = cached.metadata[key]
    for i, cell in zip(code, cached.cells, strict=True):
        if nb.nbformat_minor >= 5:
            cell.id = nb.cells[i].id
        else:
            cell.pop("id", None)
        nb.cells[i] = cell
    pk, created, data = rows[entry[1]]
    client.logger.info(f"Using cached notebook: ID={pk}")
    client._notebook = nb
    client.exec_metadata = {
        "mtime": datetime.fromisoformat(created).timestamp(),
        "runtime": (json.loads(data) if data else {}).get("execution_seconds"),
        "method": client.nb_config.execution_mode, "succeeded": True, "error": None,
        "traceback": None}
    return True


def _known_first(start_client):
    @functools.wraps(start_client)
    def wrapped(self):
        if not _merge_known(self):
            start_client(self)

    wrapped.crmkit_known = True
    return wrapped


def _on_ipc_kernels(execute):
    """myst-nb's own execution of a page the cache does not have (one that failed in the
    executor, or a build without it) on a kernel over Unix sockets, as every other kernel
    the kit starts (crmkit.kernels)."""
    @functools.wraps(execute)
    def wrapped(*args, **kwargs):
        from crmkit.kernels import AsyncIpcKernelManager

        kwargs.setdefault("kernel_manager_class", AsyncIpcKernelManager)
        return execute(*args, **kwargs)

    wrapped.crmkit_ipc = True
    return wrapped


def _freeze(*_) -> None:
    """Collect, then leave everything that exists out of later collections."""
    gc.collect()
    gc.freeze()


def _freeze_read(app, env) -> list[str]:
    _freeze()
    return []  # no page to read again


def setup(app):
    """Sphinx hooks of a build run by this command (crmkit.booktools loads them)."""
    global _BOOK_ROOT
    from myst_nb.core.execute import cache as myst_cache
    from myst_nb.core.execute.cache import NotebookClientCache

    from crmkit import bookexec  # noqa: F401 - for _merge_known: imported before Sphinx forks

    _BOOK_ROOT = Path(app.srcdir).resolve()
    _RECORDS.clear()  # read again for this build
    if not getattr(NotebookClientCache.start_client, "crmkit_known", False):
        NotebookClientCache.start_client = _known_first(NotebookClientCache.start_client)
    if not getattr(myst_cache.single_nb_execution, "crmkit_ipc", False):
        myst_cache.single_nb_execution = _on_ipc_kernels(myst_cache.single_nb_execution)
    app.connect("builder-inited", _freeze)  # the extensions and the theme are loaded
    app.connect("env-updated", _freeze_read)  # every page is read
    return {"parallel_read_safe": True, "parallel_write_safe": True}


def main(argv: list[str] | None = None) -> int:
    """``jupyter-book`` with its arguments; ``--execute`` first runs the book's pages into
    the execution cache while Jupyter Book starts (see :func:`start_execution`)."""
    from jupyter_book.cli.main import main as jupyter_book

    global EXECUTION
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--execute"]:
        argv = argv[1:]
        EXECUTION = start_execution(argv)
    try:
        prepare()
        return jupyter_book.main(args=argv, prog_name="jupyter-book")
    finally:
        _stop_execution()


def exit_now(code) -> None:
    """End the command without taking the interpreter apart.

    After a build, Python spent about 0.5 s here freeing, one by one, the millions of
    objects Sphinx kept (the environment, the doctrees, the loaded modules), just before
    the process ended anyway. The exit functions still run and the output is flushed;
    only that freeing is skipped."""
    import atexit
    import logging

    atexit._run_exitfuncs()
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    if code is None:
        code = 0
    elif not isinstance(code, int):  # SystemExit("message"): Python prints it, exits 1
        print(code, file=sys.stderr, flush=True)
        code = 1
    os._exit(code)


if __name__ == "__main__":
    # `python -m crmkit.bookbuild` runs this file as __main__, while crmkit.booktools imports
    # crmkit.bookbuild as a module of its own: prepare() must set ACTIVE on that one, or the
    # build never loads the hooks above
    from crmkit import bookbuild

    try:
        status = bookbuild.main()
    except SystemExit as done:  # Jupyter Book's command line ends with sys.exit
        status = done.code
    bookbuild.exit_now(status)
