"""Execute the book's pages before Sphinx reads them: two at a time, each once.

Jupyter Book (cache mode) executes every uncached page in series while Sphinx reads it,
paying a kernel start and the imports per page. This fills the same jupyter-cache first:

* every page in the table of contents is read the way myst-nb reads it (same MyST
  extensions, so the cache's hash of code cells and metadata is the one the build looks up),
  except a page whose bytes are those the last run found in the cache (see KNOWN_PAGES);
* a notebook nbval has just verified (crmkit.nbverified: a marker for its exact bytes) is
  cached with its saved outputs, so ``make test`` does not run it a second time;
* every other uncached page runs in one of ``jobs`` worker processes, each keeping one
  kernel that has imported what the pages import and is cleared before every page (see
  PREWARM and RESET; ``benchmarks/build.py --check-reuse`` shows every page gives the
  outputs a fresh kernel gives). A page whose cell stalls on a reused kernel runs again
  the way myst-nb runs it: jupyter-cache's ``single_nb_execution`` on a kernel of its own,
  in the page's folder, with the book's timeout (``--fresh`` runs every page that way).

The build that follows finds every page in the cache and executes nothing.

    python -m crmkit.bookexec               # the pages of _toc.yml
    python -m crmkit.bookexec --toc _build/_toc_learner.yml --jobs 2
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from crmkit import yamltext
from crmkit.nbverified import is_verified


@dataclass
class Plan:
    cached: list[Path] = field(default_factory=list)    # already in the cache
    verified: list[Path] = field(default_factory=list)  # saved outputs nbval just checked
    run: list[Path] = field(default_factory=list)       # to execute


@dataclass
class Outcome:
    plan: Plan
    seconds: dict[Path, float] = field(default_factory=dict)  # execution time per page
    failed: dict[Path, str] = field(default_factory=dict)     # page -> error text
    notes: dict[Path, str] = field(default_factory=dict)      # page -> fell back to a new kernel


def toc_files(root: Path, toc: Path) -> list[Path]:
    """The source files the table of contents lists, in reading order."""
    data = yamltext.load(toc.read_text(encoding="utf-8"))
    entries: list[str] = [data["root"]] if data.get("root") else []

    def walk(items):
        for item in items or []:
            if "file" in item:
                entries.append(item["file"])
            walk(item.get("sections"))
            walk(item.get("chapters"))

    for part in data.get("parts", []):
        walk(part.get("chapters"))
    walk(data.get("chapters"))
    found = []
    for entry in entries:
        for ext in (".ipynb", ".md"):
            if (root / f"{entry}{ext}").is_file():
                found.append(root / f"{entry}{ext}")
                break
    return found


def _book_config(root: Path) -> dict:
    return yamltext.load((root / "_config.yml").read_text(encoding="utf-8"))


def cache_path(root: Path, config: dict | None = None) -> Path:
    """The book's execution cache (``execute.cache`` in ``_config.yml``)."""
    execute = (_book_config(root) if config is None else config).get("execute") or {}
    return root / execute.get("cache", "_build/.jupyter_cache")


def _configs(root: Path):
    from myst_nb.core.config import NbParserConfig
    from myst_parser.config.main import MdParserConfig

    config = _book_config(root)
    extensions = set((config.get("parse") or {}).get("myst_enable_extensions") or [])
    execute = config.get("execute") or {}
    return (MdParserConfig(enable_extensions=extensions), NbParserConfig(),
            cache_path(root, config), int(execute.get("timeout", 180)))


def read_page(path: Path, md_config, nb_config):
    """The page as myst-nb reads it, or None for a page that is not a notebook."""
    from myst_nb.core.read import create_nb_reader

    text = path.read_text(encoding="utf-8")
    reader = create_nb_reader(str(path), md_config, nb_config, text)
    return None if reader is None else reader.read(text)


def _has_code(nb) -> bool:
    return any(cell.cell_type == "code" and cell.source.strip() for cell in nb.cells)


def _fully_run(nb) -> bool:
    return all(cell.get("execution_count") for cell in nb.cells if cell.cell_type == "code")


def _execute(path: str, timeout: int, modules: list[str] | None = None):
    """One page in a worker process: run it with a fresh kernel in its own folder."""
    import nbformat
    from jupyter_cache.executors.utils import single_nb_execution

    from crmkit.kernels import AsyncIpcKernelManager

    root = Path(os.environ["CRMKIT_BOOK_ROOT"])
    md_config, nb_config, _, _ = _configs(root)
    nb = read_page(Path(path), md_config, nb_config)
    result = single_nb_execution(nb, cwd=str(Path(path).parent), timeout=timeout,
                                 allow_errors=False, meta_override=True,
                                 kernel_manager_class=AsyncIpcKernelManager,
                                 extra_arguments=["--IPKernelApp.log_level=ERROR"],
                                 coalesce_streams=True)
    error = None if result.err is None else (result.exc_string or repr(result.err))
    return path, nbformat.writes(result.nb), result.time, error, None


# A cell's prints reach the client as one message or several, as the kernel happens to flush
# them; each page's run joins them into one output per stream (coalesce_streams), so the
# cache holds the same outputs from run to run. (myst-nb's own merge, nb_merge_streams in
# _config.yml, strips each piece's line end: a line split between two messages came out as
# a line and an empty one.)

# --- one kernel per worker, reused from page to page -------------------------------------
# A page run on a reused kernel must give what a fresh kernel gives: the kernel first imports
# the libraries whose state it puts back and every crmkit module the pages import (so
# import-time settings such as the Chinese font are in place), then records matplotlib's
# settings and the warning filters; before each page the namespace, figures, widgets,
# pandas options, settings, filters and folder are put back.
# benchmarks/build.py --check-reuse compares every page's outputs from both ways.
# Pages whose code imports only the standard library and what the kernel itself has loaded
# (none of the book's; a test's small books) get a kernel without those libraries: RESET
# then checks that no page loaded one after all, and if one did, the next page runs on a
# fresh kernel.

LIBRARIES = ["matplotlib", "matplotlib.pyplot", "pandas", "ipywidgets"]
# loaded in every IPython kernel before its first cell (IPython.display among them)
KERNEL_PACKAGES = frozenset({"IPython", "ipykernel"})

PREWARM = """
def _prewarm(names):
    import importlib, sys, warnings
    for name in names:
        try:
            importlib.import_module(name)
        except Exception:  # the page itself will report it
            pass
    mpl = sys.modules.get("matplotlib")
    get_ipython().crmkit_fresh = (mpl and dict(mpl.rcParams), list(warnings.filters))
    # what is loaded now stays for the kernel's life: the garbage collection that %reset
    # runs before each page then looks only at what pages made (0.03 s less per collection)
    import gc
    gc.collect()
    gc.freeze()
_prewarm({modules!r})
del _prewarm
"""

RESET = """
get_ipython().run_line_magic("reset", "-f")
import os as _os, sys as _sys, warnings as _w
if get_ipython().crmkit_fresh[0] is None:
    if any(_m in _sys.modules for _m in ("matplotlib", "pandas", "ipywidgets")):
        raise RuntimeError("上一页载入了这个内核没有准备的库，下一页换新内核")
else:
    import matplotlib as _mpl, matplotlib.pyplot as _plt, pandas as _pd, ipywidgets as _iw
    _plt.close("all")
    with _w.catch_warnings():
        _w.simplefilter("ignore")
        _mpl.rcParams.update(get_ipython().crmkit_fresh[0])
        _pd.reset_option("all")
    _iw.Widget.close_all()
    del _mpl, _plt, _pd, _iw
_w.filters[:] = get_ipython().crmkit_fresh[1]
_os.chdir({folder!r})
del _os, _sys, _w
# what the last page left alive (modules it imported first, caches) is left out of later
# collections too, as PREWARM does: each page's two collections then look at its own objects
import gc as _gc
_gc.collect()
_gc.freeze()
del _gc
"""

_KERNEL: dict = {}


def _imports(pages: list) -> list[str]:
    """What a reused kernel imports before the first page: LIBRARIES and the crmkit modules
    the pages' code imports, or nothing when that code imports only the standard library
    and the kernel's own packages."""
    import re

    found, plain = set(), True
    for nb in pages:
        for cell in nb.cells:
            if cell.cell_type == "code":
                found.update(re.findall(r"^\s*(?:from|import)\s+(crmkit[\w.]*)", cell.source,
                                        flags=re.M))
                plain = plain and _standard_library_only(cell.source)
    return [] if plain and not found else LIBRARIES + sorted(found)


def _standard_library_only(code: str) -> bool:
    """Whether ``code`` is plain Python importing only standard modules or KERNEL_PACKAGES
    (a magic, a shell line or a relative import counts as more)."""
    import ast

    try:
        tree = ast.parse(code)
    except SyntaxError:
        return False
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""] if node.level == 0 else [""]
        else:
            continue
        tops = {name.split(".")[0] for name in names}
        if tops - KERNEL_PACKAGES - sys.stdlib_module_names:
            return False
    return True


async def _silent(kc, code: str, timeout: float = 120) -> None:
    msg_id = kc.execute(code, silent=True, store_history=False)
    while True:
        reply = await kc.get_shell_msg(timeout=timeout)
        if reply["parent_header"].get("msg_id") == msg_id:
            break
    content = reply["content"]
    if content["status"] != "ok":  # (the name and message: the traceback is in colour codes)
        raise RuntimeError(f"{content.get('ename')}: {content.get('evalue')}")


def _wake_up_often(channel, every: float = 0.25) -> None:
    """Make ``channel.get_msg`` wait in slices of ``every`` seconds.

    With two reused kernels, now and then a reply sat unread until the cell's whole timeout
    (20 s) had run out, and was read then: the socket's poll had missed its arrival. It hit
    one or two notebooks with widgets in 6 of 13 cold runs of every page here, 20 s each, and
    none in 8 runs with the slices: asking again every 0.25 s finds the message.
    """
    from queue import Empty

    get_msg = channel.get_msg

    async def sliced(timeout: float | None = None):
        end = None if timeout is None else time.monotonic() + timeout
        while True:
            left = every if end is None else max(0.0, min(every, end - time.monotonic()))
            try:
                return await get_msg(timeout=left)
            except Empty:
                if end is not None and time.monotonic() >= end:
                    raise

    channel.get_msg = sliced


def _start_kernel(root: str) -> None:
    """Start this worker's kernel and connect to it, without waiting for it to be ready."""
    import asyncio
    from multiprocessing.util import Finalize

    from crmkit.kernels import AsyncIpcKernelManager

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    km = AsyncIpcKernelManager(kernel_name="python3")
    # no input history: two long-lived kernels would share one history database
    loop.run_until_complete(km.start_kernel(
        cwd=root, extra_arguments=["--IPKernelApp.log_level=ERROR",
                                   "--HistoryManager.enabled=False"]))
    kc = km.client()
    kc.start_channels()
    _wake_up_often(kc.shell_channel)
    _wake_up_often(kc.iopub_channel)
    _KERNEL.update(loop=loop, km=km, kc=kc, warm=False)

    def stop():
        if _KERNEL.get("km") is km:  # not dropped already
            _drop_kernel()

    # at the process's exit: a pool worker runs multiprocessing's finalizers, not atexit's
    # (without this its kernel stopped on its own later, and its socket files stayed)
    Finalize(None, stop, exitpriority=10)


def _start_kernel_early(root: str) -> None:
    """The worker's first act (its pool's initializer): the kernel starts while the main
    process is still reading the pages to plan the run (about a second here). A kernel
    that fails to start here is started again, with its error, for the first page."""
    try:
        _start_kernel(root)
    except Exception:  # noqa: BLE001 - reported by the first page's own start
        _KERNEL.clear()


def _no_op() -> None:
    """A task that makes the pool start its workers at once."""


def _reused_kernel(root: str, modules: list[str]):
    if not _KERNEL:
        _start_kernel(root)
    loop, kc = _KERNEL["loop"], _KERNEL["kc"]
    if not _KERNEL["warm"]:
        loop.run_until_complete(kc.wait_for_ready(timeout=60))
        loop.run_until_complete(_silent(kc, PREWARM.format(modules=modules)))
        _KERNEL["warm"] = True
    return loop, _KERNEL["km"], kc


def _drop_kernel() -> None:
    if _KERNEL:
        loop, km, kc = _KERNEL["loop"], _KERNEL["km"], _KERNEL["kc"]
        kc.stop_channels()
        loop.run_until_complete(km.shutdown_kernel(now=True))
        _KERNEL.clear()


def _execute_reused(path: str, timeout: int, modules: list[str]):
    """One page on this worker's kernel; a fresh kernel if the reused one misbehaves."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError

    root = Path(os.environ["CRMKIT_BOOK_ROOT"])
    md_config, nb_config, _, _ = _configs(root)
    nb = read_page(Path(path), md_config, nb_config)
    folder = str(Path(path).parent)
    start = time.perf_counter()
    try:
        loop, km, kc = _reused_kernel(str(root), modules)
        loop.run_until_complete(_silent(kc, RESET.format(folder=folder)))
        client = NotebookClient(nb, km=km, timeout=min(timeout, REUSE_CELL_TIMEOUT),
                                allow_errors=False, record_timing=False,
                                coalesce_streams=True,
                                resources={"metadata": {"path": folder}})
        client.kc = kc
        loop.run_until_complete(client.async_execute())
        return path, nbformat.writes(nb), time.perf_counter() - start, None, None
    except CellExecutionError as err:
        return path, None, time.perf_counter() - start, str(err), None
    except (CellTimeoutError, RuntimeError, TimeoutError) as err:
        _drop_kernel()  # stuck or broken: this page again on a kernel of its own
        done = _execute(path, timeout)
        note = f"（重用的内核出了问题，改用新内核：{type(err).__name__} {str(err)[:300]}）"
        return done[0], done[1], time.perf_counter() - start, done[3], note


# A cell on a reused kernel that takes this long is taken as a lost message, not as work
# (the slowest cell of the book takes under 3 s here): the page is run again on a fresh
# kernel with the book's own timeout. Seen once in about ten two-worker runs of the book.
REUSE_CELL_TIMEOUT = 20


def _run(pool, plan: Plan, to_run: list, root: Path, timeout: int, cache, outcome: Outcome,
         log, reuse: bool) -> None:
    import nbformat
    from jupyter_cache.base import CacheBundleIn

    # the slowest pages known from an earlier run would go first; without that, notebooks
    # (the longest pages) first, so the two workers finish close together
    order = sorted(plan.run, key=lambda p: (p.suffix != ".ipynb", str(p)))
    run = _execute_reused if reuse else _execute
    modules = _imports(to_run)
    futures = [pool.submit(run, str(p), timeout, modules) for p in order]
    for done, future in enumerate(as_completed(futures), 1):
        path, text, seconds, error, note = future.result()
        if note:
            outcome.notes[Path(path)] = note
        page = Path(path)
        name = page.relative_to(root).as_posix()
        if error:
            outcome.failed[page] = error
            log(f"  [{done}/{len(order)}] {name} 执行出错")
            continue
        cache.cache_notebook_bundle(
            CacheBundleIn(nbformat.reads(text, as_version=4), str(page),
                          data={"execution_seconds": seconds}),
            check_validity=False, overwrite=True)
        outcome.seconds[page] = seconds
        log(f"  [{done}/{len(order)}] {name} {seconds:.1f} 秒{note or ''}")


# --- pages known from the last run ------------------------------------------------------
# Finding that a page is cached means reading it as myst-nb does and hashing its code: 1.5 s
# for the learner book's 87 pages here, which Sphinx waited for before reading. The run
# records, beside the cache, each page's bytes (a SHA-256) with the cache record they
# matched, or that the page has no code; a page whose bytes, _config.yml and myst-nb and
# jupyter-cache versions are all unchanged, and whose record is still in the cache, is
# taken as cached without being read. Any other page is read and matched as before.
KNOWN_PAGES = "crmkit-pages.json"


def _digest(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def _known_key(root: Path) -> str:
    """What a page's match depends on besides its bytes: the book's configuration (MyST
    extensions) and the versions of the reader and of the cache."""
    import hashlib
    from importlib.metadata import version

    parts = [version("myst-nb"), version("jupyter-cache"), version("myst-parser"),
             (root / "_config.yml").read_text(encoding="utf-8")]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def _cache_records(cache_path: Path) -> dict[str, tuple]:
    """The cache database's records, {hashkey: (pk, created, data)}, read without writing to
    it (the folder's name quoted in the database's address). Raises ``sqlite3.Error`` when
    there is no database or it cannot be read."""
    import sqlite3
    from urllib.parse import quote

    with contextlib.closing(sqlite3.connect(
            f"file:{quote(str(cache_path / 'global.db'))}?mode=ro", uri=True)) as db:
        return {hashkey: (pk, created, data) for pk, hashkey, created, data
                in db.execute("SELECT pk, hashkey, created, data FROM nbcache")}


def _known_pages(cache_path: Path, key: str,
                 records: dict[str, tuple] | None = None) -> dict[str, list]:
    """The last run's record, {page: [digest, hashkey or None]}, where it still holds: the
    same key, and only pages whose cache record is still there (a cleared or pruned cache
    drops them). Empty when there is none or it cannot be read. ``records``: the cache's
    records (:func:`_cache_records`) when the caller has read them already."""
    import json
    import sqlite3

    try:
        known = json.loads((cache_path / KNOWN_PAGES).read_text(encoding="utf-8"))
        if known.get("key") != key:
            return {}
        kept = _cache_records(cache_path) if records is None else records
        entries = {page: entry for page, entry in known["pages"].items()
                   if isinstance(entry, list) and len(entry) == 2}
    except (OSError, ValueError, KeyError, AttributeError, sqlite3.Error):
        return {}
    return {page: entry for page, entry in entries.items()
            if entry[1] is None or (entry[1] in kept
                                    and (cache_path / "executed" / entry[1]).is_dir())}


def _save_known(cache_path: Path, key: str, pages: dict[str, list]) -> None:
    import json

    from crmkit.io.files import atomic_file

    if not cache_path.is_dir():
        return
    saved = _known_pages(cache_path, key)  # the pages of another table of contents stay
    saved.update(pages)
    with atomic_file(cache_path / KNOWN_PAGES) as tmp:
        tmp.write_text(json.dumps({"key": key, "pages": saved}, indent=0), encoding="utf-8")


# --- two builds at once take turns -------------------------------------------------------
# Both editions can be built at the same time (make books: their Sphinx runs share the
# cores). Their pages share one cache: the second run waits for the first to finish its
# pages, then finds the ones they have in common in the cache. No page runs twice, and
# jupyter-cache's database is never written by two runs at once.
RUN_LOCK = "crmkit-run.lock"


@contextlib.contextmanager
def _taking_turns(cache_path: Path, log):
    """Hold the cache's run lock (an advisory ``flock``, released however the run ends,
    even by a killed process); without POSIX locks or a folder for the lock, run as before."""
    try:
        import fcntl

        cache_path.mkdir(parents=True, exist_ok=True)
        lock = open(cache_path / RUN_LOCK, "a+b")  # noqa: SIM115 - closed below
    except (ImportError, OSError):
        yield
        return
    with lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log("另一次网页书生成正在执行书页：等它执行完，本次只执行它没有执行过的书页")
            fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def prepare(root: Path | str = ".", toc: Path | str | None = None, jobs: int = 2,
            log=print, reuse: bool = True) -> Outcome:
    """Fill the execution cache for every page of ``toc``; returns what was done."""
    root = Path(root).resolve()
    toc = Path(toc) if toc else root / "_toc.yml"
    md_config, nb_config, cache_path, timeout = _configs(root)
    with _taking_turns(cache_path, log):
        return _prepare(root, toc, jobs, log, reuse, md_config, nb_config, cache_path,
                        timeout)


def _prepare(root: Path, toc: Path, jobs: int, log, reuse: bool, md_config, nb_config,
             cache_path: Path, timeout: int) -> Outcome:
    key = _known_key(root)
    known = _known_pages(cache_path, key)
    pages: dict[str, list] = {}  # what this run learns, for the next one
    digests: dict[Path, str] = {}  # of the pages to run, as they were read
    cache = None
    os.environ["CRMKIT_BOOK_ROOT"] = str(root)
    plan = Plan()
    to_run = []
    with contextlib.ExitStack() as stack:
        pool = None
        for path in toc_files(root, toc):
            name = path.relative_to(root).as_posix()
            digest = _digest(path)
            entry = known.get(name)
            if entry is not None and entry[0] == digest:
                pages[name] = entry
                if entry[1] is not None:
                    plan.cached.append(path)
                continue
            nb = read_page(path, md_config, nb_config)
            if nb is None or not _has_code(nb):
                pages[name] = [digest, None]
                continue
            if cache is None:
                from jupyter_cache import get_cache

                cache = get_cache(str(cache_path))
            try:
                pages[name] = [digest, cache.match_cache_notebook(nb).hashkey]
                plan.cached.append(path)
                continue
            except KeyError:
                pass
            if path.suffix == ".ipynb" and _fully_run(nb) and is_verified(path, root):
                from jupyter_cache.base import CacheBundleIn

                record = cache.cache_notebook_bundle(CacheBundleIn(nb, str(path), data={}),
                                                     check_validity=False, overwrite=True)
                pages[name] = [digest, record.hashkey]
                plan.verified.append(path)
                continue
            plan.run.append(path)
            to_run.append(nb)
            digests[path] = digest
            if pool is None:
                # the first page to run: the workers start their kernels while the rest
                # of the pages are read (a warm build, with nothing to run, starts none)
                pool = stack.enter_context(ProcessPoolExecutor(
                    max_workers=max(1, jobs),
                    initializer=_start_kernel_early if reuse else None,
                    initargs=(str(root),) if reuse else ()))
                pool.submit(_no_op)
        outcome = Outcome(plan)
        log(f"书页执行：{len(plan.cached)} 页已在缓存，{len(plan.verified)} 本笔记本用 nbval "
            f"刚核对过的输出，{len(plan.run)} 页要执行（{jobs} 个进程）")
        if pool is not None:
            _run(pool, plan, to_run, root, timeout, cache, outcome, log, reuse)
    for path, nb in zip(plan.run, to_run, strict=True):
        if path not in outcome.failed:
            with contextlib.suppress(KeyError):
                pages[path.relative_to(root).as_posix()] = [
                    digests[path], cache.match_cache_notebook(nb).hashkey]
    _save_known(cache_path, key, pages)
    return outcome


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crmkit.bookexec",
                                     description="在生成网页书之前并行执行书页，存入执行缓存")
    parser.add_argument("--root", default=".")
    parser.add_argument("--toc", default=None, help="目录文件（默认 _toc.yml）")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--fresh", action="store_true",
                        help="每页用一个新内核（默认每个进程一个内核，页与页之间清空后重用）")
    parser.add_argument("--report", default=os.environ.get("CRMKIT_BOOKEXEC_REPORT"),
                        help="把执行了哪些页、各用几秒写进这个 JSON 文件（基准测试用）")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    outcome = prepare(args.root, args.toc, args.jobs, reuse=not args.fresh)
    seconds = time.perf_counter() - start
    for page, error in outcome.failed.items():
        print(f"\n{page}：执行出错（改好后重新生成网页书）\n{error}", file=sys.stderr)
    print(f"书页执行用时 {seconds:.1f} 秒")
    if args.report:
        write_report(outcome, seconds, Path(args.report))
    return 1 if outcome.failed else 0


def write_report(outcome: Outcome, seconds: float, path: Path) -> None:
    """What a run did, as JSON (read back by :func:`read_report`)."""
    import json

    plan = outcome.plan
    data = {"seconds": seconds,
            "plan": {name: [str(p) for p in getattr(plan, name)]
                     for name in ("cached", "verified", "run")},
            **{name: {str(p): v for p, v in found.items()}
               for name, found in (("seconds_per_page", outcome.seconds),
                                   ("failed", outcome.failed), ("notes", outcome.notes))}}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def read_report(path: Path) -> tuple[Outcome, float]:
    """The outcome :func:`write_report` wrote, and the run's seconds."""
    import json

    data = json.loads(path.read_text(encoding="utf-8"))
    plan = Plan(**{name: [Path(p) for p in paths] for name, paths in data["plan"].items()})
    outcome = Outcome(plan, **{name: {Path(p): v for p, v in data[name].items()}
                               for name in ("failed", "notes")})
    outcome.seconds = {Path(p): v for p, v in data["seconds_per_page"].items()}
    return outcome, data["seconds"]


if __name__ == "__main__":
    raise SystemExit(main())
