"""crmkit.bookexec fills the book's execution cache before the build (each page once, two at
a time); crmkit.nbverified lets it take a notebook's saved outputs only when nbval has just
passed on exactly those bytes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import nbformat
import pytest
from jupyter_cache import get_cache
from smallbook import CONFIG, PAGE  # tests/smallbook.py

from crmkit import bookexec, nbverified


def _notebook(source: str, output: str | None) -> str:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    cell = nbformat.v4.new_code_cell(source)
    if output is not None:
        cell.execution_count = 1
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=output)]
    nb.cells = [nbformat.v4.new_markdown_cell("# 笔记本"), cell]
    return nbformat.writes(nb)


def _write_book(root: Path) -> Path:
    """A book with a page that reads a file in its folder, a notebook nbval has verified, one
    it has not (its saved output is stale), a failing page and a page the toc leaves out."""
    (root / "_config.yml").write_text(CONFIG, encoding="utf-8")
    (root / "_toc.yml").write_text(textwrap.dedent("""\
        format: jb-book
        root: intro
        parts:
          - caption: 一
            chapters:
              - file: sub/page
              - file: lab
                sections:
                  - file: sub/broken
              - file: stale
        """), encoding="utf-8")
    (root / "intro.md").write_text("# 引言\n", encoding="utf-8")
    (root / "sub").mkdir()
    (root / "sub" / "data.txt").write_text("来自页面所在的文件夹", encoding="utf-8")
    (root / "sub" / "page.md").write_text(
        PAGE.format(code="print(open('data.txt', encoding='utf-8').read())"), encoding="utf-8")
    (root / "sub" / "broken.md").write_text(PAGE.format(code="1 / 0"), encoding="utf-8")
    (root / "lab.ipynb").write_text(_notebook("print(6 * 7)", "42\n"), encoding="utf-8")
    # a stale saved output (the code now prints 43) and no marker for these bytes
    (root / "stale.ipynb").write_text(_notebook("print(43)", "42\n"), encoding="utf-8")
    (root / "unlisted.md").write_text(PAGE.format(code="1 / 0"), encoding="utf-8")
    nbverified.mark(root / "lab.ipynb", root)
    return root


@pytest.fixture
def book(tmp_path):
    return _write_book(tmp_path)


# The tests that take ``ran`` share one run of the book (two workers, two kernels); each
# reads what it checks from the outcome and the cache. pytest-xdist hands each worker a run
# of consecutive tests first (a quarter of its share), so this file's tests run on one
# worker and the book once; were they split, each worker would run the book once.


@pytest.fixture(scope="module")
def ran(tmp_path_factory):
    root = _write_book(tmp_path_factory.mktemp("book"))
    return root, bookexec.prepare(root, jobs=2, log=lambda *_: None)


def _cached_text(root: Path, page: str) -> str:
    md, nbc, cache_path, _ = bookexec._configs(root)
    nb = bookexec.read_page(root / page, md, nbc)
    _, merged = get_cache(str(cache_path)).merge_match_into_notebook(nb)
    return "".join(o.get("text", "") for c in merged.cells if c.cell_type == "code"
                   for o in c.outputs)


def _cached_outputs(root: Path, page: str) -> list[tuple[str, str]]:
    md, nbc, cache_path, _ = bookexec._configs(root)
    nb = bookexec.read_page(root / page, md, nbc)
    _, merged = get_cache(str(cache_path)).merge_match_into_notebook(nb)
    return [(o.get("name", o.output_type), o.get("text", "")) for c in merged.cells
            if c.cell_type == "code" for o in c.outputs]


def test_toc_files_lists_the_pages_in_reading_order(book):
    files = bookexec.toc_files(book, book / "_toc.yml")
    assert [p.relative_to(book).as_posix() for p in files] == [
        "intro.md", "sub/page.md", "lab.ipynb", "sub/broken.md", "stale.ipynb"]


def test_pages_run_in_their_folder_a_verified_notebook_is_not_run_and_errors_are_named(ran):
    book, outcome = ran
    assert outcome.plan.verified == [book / "lab.ipynb"]
    assert sorted(outcome.plan.run) == [book / "stale.ipynb", book / "sub" / "broken.md",
                                        book / "sub" / "page.md"]
    assert sorted(outcome.seconds) == [book / "stale.ipynb", book / "sub" / "page.md"]
    assert "ZeroDivisionError" in outcome.failed[book / "sub" / "broken.md"]
    assert _cached_text(book, "sub/page.md") == "来自页面所在的文件夹\n"
    assert _cached_text(book, "lab.ipynb") == "42\n"


def test_a_notebook_nbval_did_not_check_is_executed_not_trusted(ran):
    book, outcome = ran
    assert book / "stale.ipynb" in outcome.plan.run
    assert book / "stale.ipynb" not in outcome.failed
    assert _cached_text(book, "stale.ipynb") == "43\n"


def test_main_runs_only_the_failed_page_again_exits_1_and_names_it(ran, capsys, tmp_path):
    book, _ = ran
    report = tmp_path / "report.json"
    assert bookexec.main(["--root", str(book), "--jobs", "1", "--report", str(report)]) == 1
    out, err = capsys.readouterr()
    # once cached, nothing runs again except the page that failed
    assert "3 页已在缓存，0 本笔记本用 nbval 刚核对过的输出，1 页要执行" in out
    assert "sub/broken.md 执行出错" in out
    assert "broken.md：执行出错" in err and "ZeroDivisionError" in err
    # the report the benchmark reads: the same plan and failure, paths and all
    outcome, seconds = bookexec.read_report(report)
    assert sorted(outcome.plan.cached) == [book / "lab.ipynb", book / "stale.ipynb",
                                           book / "sub" / "page.md"]
    assert outcome.plan.run == [book / "sub" / "broken.md"] and not outcome.plan.verified
    assert "ZeroDivisionError" in outcome.failed[book / "sub" / "broken.md"]
    assert outcome.seconds == {} and seconds > 0


def test_a_second_run_reads_only_the_pages_that_changed_or_left_the_cache(tmp_path,
                                                                          monkeypatch):
    """The run records each page's bytes with the cache record it matched; the next run takes
    an unchanged page whose record is still there as cached without reading it (in a
    folder whose name needs quoting in the cache database's address)."""
    tmp_path = tmp_path / "课程 100% #1"
    tmp_path.mkdir()
    (tmp_path / "_config.yml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: intro\nchapters:\n"
                                       "  - file: lab\n  - file: other\n", encoding="utf-8")
    (tmp_path / "intro.md").write_text("# 引言\n", encoding="utf-8")
    for name, code, out in (("lab", "print(6 * 7)", "42\n"), ("other", "print(1)", "1\n")):
        (tmp_path / f"{name}.ipynb").write_text(_notebook(code, out), encoding="utf-8")
        nbverified.mark(tmp_path / f"{name}.ipynb", tmp_path)  # cached without a kernel
    read = []
    real_read = bookexec.read_page
    monkeypatch.setattr(bookexec, "read_page", lambda path, *a: read.append(path.name)
                        or real_read(path, *a))

    def run():
        read.clear()
        return bookexec.prepare(tmp_path, jobs=1, log=lambda *_: None).plan

    plan = run()
    assert plan.verified == [tmp_path / "lab.ipynb", tmp_path / "other.ipynb"]
    assert read == ["intro.md", "lab.ipynb", "other.ipynb"]
    plan = run()
    assert read == [] and plan.cached == [tmp_path / "lab.ipynb", tmp_path / "other.ipynb"]
    # new bytes (the same code): read and matched again
    nb = nbformat.read(tmp_path / "other.ipynb", as_version=4)
    nb.cells[0].source = "# 另一本"
    nbformat.write(nb, tmp_path / "other.ipynb")
    plan = run()
    assert read == ["other.ipynb"] and len(plan.cached) == 2 and not plan.run
    assert run().cached and read == []
    # a record no longer in the cache: the page is read, and (verified) cached again
    cache = get_cache(str(tmp_path / "_build" / ".jupyter_cache"))
    record = cache.match_cache_notebook(bookexec.read_page(
        tmp_path / "lab.ipynb", *bookexec._configs(tmp_path)[:2]))
    cache.remove_cache(record.pk)
    plan = run()
    assert read == ["lab.ipynb"] and plan.verified == [tmp_path / "lab.ipynb"]
    # another configuration, or a record that cannot be read: every page is read
    with open(tmp_path / "_config.yml", "a", encoding="utf-8") as config:
        config.write("# 改过\n")
    run()
    assert read == ["intro.md", "lab.ipynb", "other.ipynb"]
    (tmp_path / "_build" / ".jupyter_cache" / bookexec.KNOWN_PAGES).write_text(
        '{"key": "x", "pages": [', encoding="utf-8")
    plan = run()
    assert len(read) == 3 and len(plan.cached) == 2


def test_sphinx_takes_a_known_pages_outputs_without_looking_it_up_again(tmp_path,
                                                                        monkeypatch):
    """crmkit.bookbuild: a page whose bytes the run of the pages recorded gets the outputs
    jupyter-cache's own merge gives, without hashing the page or asking the database again;
    a page with other bytes, or a record whose code is not the page's, goes through
    myst-nb's lookup."""
    import logging

    from jupyter_cache.cache.main import JupyterCacheBase
    from myst_nb.core.config import NbParserConfig
    from myst_nb.core.execute.cache import NotebookClientCache

    from crmkit import bookbuild

    (tmp_path / "_config.yml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: lab\nchapters:\n"
                                       "  - file: other\n", encoding="utf-8")
    for name, code, out in (("lab", "print(6 * 7)", "42\n"), ("other", "print(1)", "1\n")):
        (tmp_path / f"{name}.ipynb").write_text(_notebook(code, out), encoding="utf-8")
        nbverified.mark(tmp_path / f"{name}.ipynb", tmp_path)
    bookexec.prepare(tmp_path, jobs=1, log=lambda *_: None)
    md, nbc, cache_path, _ = bookexec._configs(tmp_path)
    config = NbParserConfig(execution_mode="cache", execution_cache_path=str(cache_path))
    cache = get_cache(str(cache_path))
    real_match = JupyterCacheBase.match_cache_notebook
    looked_up = []
    monkeypatch.setattr(JupyterCacheBase, "match_cache_notebook",
                        lambda self, nb: looked_up.append(nb) or real_match(self, nb))
    monkeypatch.setattr(bookbuild, "_BOOK_ROOT", tmp_path.resolve())
    start = bookbuild._known_first(NotebookClientCache.start_client)

    def client_for(name):
        monkeypatch.setattr(bookbuild, "_RECORDS", {})
        nb = bookexec.read_page(tmp_path / name, md, nbc)
        client = NotebookClientCache(nb, tmp_path / name, config, logging.getLogger("t"))
        start(client)
        return nb, client

    nb, client = client_for("lab.ipynb")
    assert not looked_up
    assert client.notebook == cache.merge_match_into_notebook(nb)[1]
    assert client.notebook.cells[1].outputs[0].text == "42\n"
    assert client.exec_metadata["succeeded"] and client.exec_metadata["mtime"] > 0
    looked_up.clear()  # (the merge just above looked it up)
    # the record the run matched for lab's bytes now holds other's code: myst-nb looks it up
    known = json.loads((cache_path / bookexec.KNOWN_PAGES).read_text(encoding="utf-8"))
    known["pages"]["lab.ipynb"][1] = known["pages"]["other.ipynb"][1]
    (cache_path / bookexec.KNOWN_PAGES).write_text(json.dumps(known), encoding="utf-8")
    nb, client = client_for("lab.ipynb")
    assert len(looked_up) == 2 and client.notebook.cells[1].outputs[0].text == "42\n"
    # new bytes, the same code: looked up too
    looked_up.clear()
    changed = nbformat.read(tmp_path / "other.ipynb", as_version=4)
    changed.cells[0].source = "# 另一本"
    nbformat.write(changed, tmp_path / "other.ipynb")
    nb, client = client_for("other.ipynb")
    assert len(looked_up) == 2 and client.notebook.cells[1].outputs[0].text == "1\n"


def test_a_run_waits_while_another_runs_the_pages_of_the_same_cache(tmp_path):
    """make books: two builds, one cache. While another run holds the cache's run lock, a
    run says so and waits; then it finds what the other did and runs only the rest."""
    import fcntl
    import threading
    import time

    (tmp_path / "_config.yml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: lab\n", encoding="utf-8")
    (tmp_path / "lab.ipynb").write_text(_notebook("print(6 * 7)", "42\n"), encoding="utf-8")
    nbverified.mark(tmp_path / "lab.ipynb", tmp_path)  # cached without a kernel
    cache = tmp_path / "_build" / ".jupyter_cache"
    cache.mkdir(parents=True)
    said, outcome = [], {}
    with open(cache / bookexec.RUN_LOCK, "a+b") as other:
        fcntl.flock(other, fcntl.LOCK_EX)  # another build is running the pages
        run = threading.Thread(target=lambda: outcome.update(
            plan=bookexec.prepare(tmp_path, jobs=1, log=said.append).plan))
        run.start()
        for _ in range(200):
            if said:
                break
            time.sleep(0.01)
        assert said == ["另一次网页书生成正在执行书页：等它执行完，本次只执行它没有执行过的书页"]
        time.sleep(0.1)
        assert run.is_alive() and not (cache / "global.db").exists()  # it waits
        # the other run caches the page meanwhile, as its run of the pages does
        from jupyter_cache.base import CacheBundleIn

        nb = bookexec.read_page(tmp_path / "lab.ipynb", *bookexec._configs(tmp_path)[:2])
        get_cache(str(cache)).cache_notebook_bundle(
            CacheBundleIn(nb, str(tmp_path / "lab.ipynb")), check_validity=False)
    run.join(timeout=30)
    assert not run.is_alive()
    assert outcome["plan"].cached == [tmp_path / "lab.ipynb"] and not outcome["plan"].verified
    with open(cache / bookexec.RUN_LOCK, "a+b") as after:  # released when a run ends
        fcntl.flock(after, fcntl.LOCK_EX | fcntl.LOCK_NB)


def _png(color: str) -> str:
    """A small bar chart drawn in ``color``, as base64 PNG."""
    import base64
    import io

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(2, 1))
    ax.bar([0], [1], color=color)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    return base64.b64encode(buffer.getvalue()).decode()


def _chart_notebook(color: str) -> str:
    """A notebook whose saved chart is drawn in ``color``; its code shows the red one.

    The code displays the PNG's bytes instead of drawing it: the plugin compares image
    outputs whatever made them, and the kernels skip importing matplotlib."""
    nb = nbformat.reads(_notebook("print('图')", "图\n"), as_version=4)
    nb.cells[1].source = ("import base64\nfrom IPython.display import Image, display\n"
                          f"display(Image(base64.b64decode('{_png('red')}')))")
    nb.cells[1].outputs = [nbformat.v4.new_output(
        "display_data", data={"image/png": _png(color),
                              "text/plain": "<IPython.core.display.Image object>"})]
    return nbformat.writes(nb)


# (one xdist worker: its reports reach the controller as two workers' would, a worker and
# a kernel less to start)
@pytest.mark.parametrize("xdist", [[], ["-n", "1", "--dist", "loadscope"]],
                         ids=["serial", "xdist"])
def test_nbval_plugin_marks_only_notebooks_whose_every_cell_and_chart_passed(tmp_path, xdist):
    """One nbval run over three notebooks: a good one (a printed line and a chart equal to
    the one its code shows), a stale printed output, and a stale chart, with the plugins
    ``make notebooks-check`` loads. Under xdist the workers' reports reach the controller
    as JSON, which writes the markers."""
    good = nbformat.reads(_chart_notebook("red"), as_version=4)
    printed = nbformat.v4.new_code_cell("print(6 * 7)")
    printed.execution_count = 2
    printed.outputs = [nbformat.v4.new_output("stream", name="stdout", text="42\n")]
    good.cells.append(printed)
    (tmp_path / "good.ipynb").write_text(nbformat.writes(good), encoding="utf-8")
    (tmp_path / "stale.ipynb").write_text(_notebook("print(43)", "42\n"), encoding="utf-8")
    (tmp_path / "blue.ipynb").write_text(_chart_notebook("blue"), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval", "-p", "crmkit.nbverified",
         "-p", "crmkit.nbreuse", "-p", "no:cacheprovider", "-q", *xdist, "good.ipynb",
         "stale.ipynb", "blue.ipynb", "--rootdir", "."],
        cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert run.returncode == 1, run.stdout
    # nbval fails the stale text but not the stale chart: it does not compare images
    assert "1 failed" in run.stdout and "stale.ipynb" in run.stdout
    assert "blue.ipynb" not in run.stdout.split("short test summary")[-1]
    verified = {name for name in ("good", "stale", "blue")
                if nbverified.is_verified(tmp_path / f"{name}.ipynb", tmp_path)}
    assert verified == {"good"}
    # the marker is for the bytes: any edit needs a new check
    nb = json.loads((tmp_path / "good.ipynb").read_text(encoding="utf-8"))
    nb["cells"][0]["source"] = "# 笔记本（改过）"
    (tmp_path / "good.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    assert not nbverified.is_verified(tmp_path / "good.ipynb", tmp_path)


def test_the_slides_take_a_cached_pages_outputs_from_the_execution_cache(ran, tmp_path):
    """myst-nb writes a cache hit's notebook to jupyter_execute without outputs; the slides,
    which read that copy, take them from the record the page was rendered from, and say in
    Chinese what to run when there is none."""
    from crmkit.errors import CrmkitError
    from crmkit.slides.build import with_cached_outputs

    book, _ = ran  # page.md is in the cache
    md, nbc, cache_path, _ = bookexec._configs(book)
    bare = bookexec.read_page(book / "sub" / "page.md", md, nbc)
    copy = book / "_build" / "jupyter_execute" / "sub" / "page.ipynb"
    merged = with_cached_outputs(book, bare, copy)
    outputs = [o for c in merged.cells if c.cell_type == "code" for o in c.outputs]
    assert [o.text for o in outputs] == ["来自页面所在的文件夹\n"]
    assert with_cached_outputs(book, merged, copy) is merged  # outputs already there
    changed = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print('改过')")])
    (tmp_path / "_config.yml").write_text("title: 空\n", encoding="utf-8")  # no cache yet
    for root in (book, tmp_path):
        with pytest.raises(CrmkitError, match="没有输出") as err:
            with_cached_outputs(root, changed, copy)
        assert "make book-trainer" in err.value.hint and str(copy) in err.value.message
    assert not (tmp_path / "_build").exists()  # looking made no cache


def test_a_reused_kernel_starts_every_page_clean(tmp_path, monkeypatch):
    """Two pages on one kernel: nothing the first page set is seen by the second, and none
    of the names the reset itself uses."""
    (tmp_path / "_config.yml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "_toc.yml").write_text(
        "format: jb-book\nroot: a\nchapters:\n  - file: b\n", encoding="utf-8")
    (tmp_path / "a.md").write_text(PAGE.format(code=(
        "import matplotlib, pandas as pd, warnings, os\nleft = 1\n"
        "matplotlib.rcParams['lines.linewidth'] = 9\n"
        "pd.set_option('display.max_rows', 3)\nwarnings.simplefilter('error')\n"
        "os.chdir('/')\n"
        # one line in two messages (the first flushed before the line ends): one output
        "import sys, time\nsys.stdout.write('半'); sys.stdout.flush(); time.sleep(0.2)\n"
        "print('行')")), encoding="utf-8")
    (tmp_path / "b.md").write_text(PAGE.format(code=(
        "import matplotlib, pandas as pd, warnings, os\n"
        "from ipykernel.kernelapp import IPKernelApp\n"
        "print(any(n in dir() for n in ('left', '_os', '_w', '_mpl', '_plt', '_pd', '_iw')), "
        "matplotlib.rcParams['lines.linewidth'], "
        "pd.get_option('display.max_rows'), warnings.filters[0][0] == 'error', "
        "os.path.basename(os.getcwd()), IPKernelApp.instance().transport)")), encoding="utf-8")
    # the worker's kernel is shut down with the worker: its socket folder goes too
    sockets = tempfile.mkdtemp(prefix="crmkit-t-")  # (short: a socket's path has a limit)
    monkeypatch.setattr(tempfile, "tempdir", sockets)
    outcome = bookexec.prepare(tmp_path, jobs=1, log=lambda *_: None)
    assert os.listdir(sockets) == []
    os.rmdir(sockets)
    assert not outcome.failed and not outcome.notes, (outcome.failed, outcome.notes)
    # (on Unix sockets, as every kernel the kit starts: crmkit.kernels)
    assert _cached_text(tmp_path, "b.md") == f"False 1.5 60 False {tmp_path.name} ipc\n"
    assert _cached_outputs(tmp_path, "a.md") == [("stdout", "半行\n")]
    # the workers (and their kernels) start with the first page that has to run: with
    # every page cached, none
    monkeypatch.setattr(bookexec, "ProcessPoolExecutor", _no_pool)
    again = bookexec.prepare(tmp_path, jobs=1, log=lambda *_: None)
    assert again.plan.cached == [tmp_path / "a.md", tmp_path / "b.md"] and not again.plan.run, \
        again.plan


def test_pages_of_plain_python_get_a_kernel_without_the_libraries_and_a_surprise_is_caught(
        tmp_path):
    """A book whose code imports only the standard library: the kernel does not load
    matplotlib, pandas and ipywidgets first. A page that loads one anyway (here through
    importlib, which no reading of the code sees) leaves a kernel RESET cannot put back: the
    next page runs on a fresh kernel, and the one after on a new reused kernel."""
    (tmp_path / "_config.yml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "_toc.yml").write_text(
        "format: jb-book\nroot: a\nchapters:\n  - file: b\n  - file: c\n", encoding="utf-8")
    shows = ("import sys\n"
             "print('ipywidgets' in sys.modules, hasattr(get_ipython(), 'crmkit_fresh'))")
    (tmp_path / "a.md").write_text(PAGE.format(
        code=shows + "\nimport importlib\nimportlib.import_module('ipywidgets')"),
        encoding="utf-8")
    for name in ("b", "c"):  # (not the same code: the cache would keep one record for both)
        (tmp_path / f"{name}.md").write_text(PAGE.format(code=f"{shows}  # {name}"),
                                             encoding="utf-8")
    outcome = bookexec.prepare(tmp_path, jobs=1, log=lambda *_: None)
    assert not outcome.failed
    assert [_cached_text(tmp_path, f"{n}.md") for n in "abc"] == [
        "False True\n", "False False\n", "False True\n"]  # b: on a fresh kernel
    assert list(outcome.notes) == [tmp_path / "b.md"]
    assert "上一页载入了这个内核没有准备的库" in outcome.notes[tmp_path / "b.md"]


def test_a_kernel_prepares_the_libraries_unless_the_pages_import_only_the_standard_library():
    def pages(*sources):
        return [nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in sources])]

    assert bookexec._imports(pages("import os, sys\nfrom pathlib import Path", "1 / 0")) == []
    # what the kernel has loaded before the first cell
    assert bookexec._imports(pages("from IPython.display import Image, display",
                                   "import ipykernel")) == []
    assert bookexec._imports(pages("import os", "from crmkit.viz import x")) == [
        *bookexec.LIBRARIES, "crmkit.viz"]
    for more in ("import numpy", "import os.path, scipy", "from . import helper",
                 "%matplotlib inline", "!ls", "def f(:"):
        assert bookexec._imports(pages("import os", more)) == bookexec.LIBRARIES, more


def _no_pool(*args, **kwargs):
    raise AssertionError("a pool was started")


def test_a_kernel_that_fails_to_start_early_is_started_again_for_the_first_page(monkeypatch):
    def broken(root):
        bookexec._KERNEL.update(half="started")
        raise RuntimeError("no kernel")

    monkeypatch.setattr(bookexec, "_KERNEL", {})  # this worker's kernel, if any, stays
    monkeypatch.setattr(bookexec, "_start_kernel", broken)
    bookexec._start_kernel_early("/")
    assert bookexec._KERNEL == {}  # _reused_kernel starts one and reports its own error
    with pytest.raises(RuntimeError, match="no kernel"):
        bookexec._reused_kernel("/", [])


def test_a_stalled_page_runs_again_on_a_fresh_kernel(book, monkeypatch):
    monkeypatch.setattr(bookexec, "REUSE_CELL_TIMEOUT", 1)  # whole seconds (nbclient); the page
    # sleeps 1.2 s on the reused kernel (PREWARM marked it), so its reply always comes after
    # the timeout; on the fresh kernel it runs at once
    (book / "sub" / "page.md").write_text(PAGE.format(code=(
        "import sys, time\nif hasattr(get_ipython(), 'crmkit_fresh'):\n    time.sleep(1.2)\n"
        "sys.stdout.write('睡'); sys.stdout.flush(); time.sleep(0.2)\n"
        "from ipykernel.kernelapp import IPKernelApp\n"
        "print('醒了', IPKernelApp.instance().transport)")),
        encoding="utf-8")
    for name in ("sub/broken.md", "stale.ipynb"):
        (book / name).unlink()
    (book / "_toc.yml").write_text("format: jb-book\nroot: intro\nchapters:\n"
                                   "  - file: sub/page\n  - file: lab\n", encoding="utf-8")
    outcome = bookexec.prepare(book, jobs=1, log=lambda *_: None)
    assert not outcome.failed and outcome.plan.run == [book / "sub" / "page.md"]
    assert "CellTimeoutError" in outcome.notes[book / "sub" / "page.md"]
    assert _cached_outputs(book, "sub/page.md") == [("stdout", "睡醒了 ipc\n")]  # one output


def test_the_chinese_search_indexer_gives_sphinx_words_from_a_set():
    """crmkit.booktools swaps Sphinx's zh indexer for one that keeps the Latin words it
    has seen in a set (the list made the build quadratic); the words are the same."""
    from sphinx.search.zh import SearchChinese

    from crmkit.booktools import _fast_chinese_search

    text = "客户经理用 RFM 模型给 CRM 系统里的客户打分，HHI 和 CR4 衡量集中度 Running APIs"
    ours, theirs = _fast_chinese_search()({}), SearchChinese({})
    SearchChinese.latin_terms.clear()  # Sphinx keeps that list on the class
    for indexer in (ours, theirs):
        indexer.words = [indexer.stem(w) for w in indexer.split(text)
                         if indexer.word_filter(indexer.stem(w))]
    assert ours.words == theirs.words and "rfm" in ours.words and "客户" in ours.words
    assert isinstance(ours.latin_terms, set)
    # the stemmer's answers are kept; asked again, before and after a word is seen as a
    # Latin term (Sphinx then keeps a word whole that the stemmer would cut below 3 letters)
    words = ["ies", "IES", "Running", "分数", "was", "API"]
    before = [ours.stem(w) for w in words]
    assert before == [theirs.stem(w) for w in words] and "ies" in ours.stems
    ours.split("ies was"), theirs.split("ies was")
    after = [ours.stem(w) for w in words]
    assert after == [theirs.stem(w) for w in words] and after != before


def test_the_chinese_search_indexer_cuts_each_block_once_and_gives_jiebas_words():
    """Words kept per block of text: every line of two chapters (Chinese, Latin, digits,
    punctuation, markup, blank lines) splits into what Sphinx's own indexer gives, in the
    same order, and a block seen before is not cut again."""
    from sphinx.search.zh import SearchChinese, jieba

    from crmkit.booktools import _fast_chinese_search

    root = Path(__file__).resolve().parents[2]
    lines = [line for page in ("book/07-crm/value-maintenance.md", "cases/ic-chain/index.md")
             for line in (root / page).read_text(encoding="utf-8").split("\n")]
    lines += ["", "  ", "客户-经理 A+B C#  \r\n 100% 的._客户", "客户 客户 客户"]
    ours, theirs = _fast_chinese_search()({}), SearchChinese({})
    assert [ours.split(line) for line in lines] == [theirs.split(line) for line in lines]
    cut = len(ours.blocks)
    assert ours.split("客户 客户 客户") == theirs.split("客户 客户 客户")
    assert len(ours.blocks) == cut and ours.blocks["客户"] == ["客户"]
    assert 0 < cut < sum(1 for line in lines for b in jieba.re_han_default.split(line) if b)


def test_the_chinese_search_indexer_keeps_its_words_for_the_next_build(tmp_path, monkeypatch):
    """The next build's indexer reads the words and stems this one cut: the same words, with
    jieba neither cutting nor loading its dictionary for a block cut before; a new block
    loads it with the course terms first. Other course terms, or a file that cannot be
    read: the kept words do not count."""
    from sphinx.search import zh

    from crmkit.booktools import _fast_chinese_search

    terms = tmp_path / "terms.txt"
    terms.write_text("客户价值 10\n", encoding="utf-8")
    words_file = tmp_path / "_build" / ".search-words.json"
    text = "客户价值分析：RFM 模型给客户打分"
    first = _fast_chinese_search(words_file)({"dict": str(terms)})
    words = first.split(text)
    stems = [first.stem(w) for w in words]
    assert "客户价值" in words and first.jieba_loaded
    first.save_words()
    cuts, loads = [], []
    cut = zh.jieba.cut_for_search
    monkeypatch.setattr(zh.jieba, "cut_for_search", lambda block: cuts.append(block) or cut(block))
    monkeypatch.setattr(zh.jieba, "load_userdict", loads.append)
    second = _fast_chinese_search(words_file)({"dict": str(terms)})
    assert second.split(text) == words and [second.stem(w) for w in words] == stems
    assert cuts == [] and loads == [] and not second.jieba_loaded
    assert second.split("新的一段话") == list(cut("新的一段话"))
    assert cuts == ["新的一段话"] and loads == [str(terms)]
    second.save_words()  # what the first build kept, and the new block
    assert _fast_chinese_search(words_file)({"dict": str(terms)}).blocks == second.blocks
    terms.write_text("客户价值 10\n打分 5\n", encoding="utf-8")
    third = _fast_chinese_search(words_file)({"dict": str(terms)})
    assert third.blocks == {} and third.stems == {}
    words_file.write_text("{不是 JSON", encoding="utf-8")
    assert _fast_chinese_search(words_file)({"dict": str(terms)}).blocks == {}


class _MissingChannel:
    """A kernel channel whose poll misses a message that arrives while it waits: a wait
    begun before ``arrives`` seconds sees nothing until its own timeout is over."""

    def __init__(self, arrives: float):
        import time

        self.arrives = time.monotonic() + arrives
        self.waits: list = []

    async def get_msg(self, timeout=None):
        import asyncio
        import time
        from queue import Empty

        self.waits.append(timeout)
        if time.monotonic() < self.arrives:
            await asyncio.sleep(3600 if timeout is None else timeout)
            raise Empty
        return {"content": "回复"}


def test_a_reply_the_poll_missed_is_read_within_a_quarter_second():
    """Three waits at once (each would otherwise leave a core idle in turn): with a
    timeout, without one, and for a message that never comes."""
    import asyncio
    import time
    from queue import Empty

    with_timeout, without, never = (_MissingChannel(arrives=0.3), _MissingChannel(arrives=0.3),
                                    _MissingChannel(arrives=3600))
    for channel in (with_timeout, without, never):
        bookexec._wake_up_often(channel)

    async def timed(wait):
        start = time.monotonic()
        try:
            return await wait, time.monotonic() - start
        except Empty:
            return Empty, time.monotonic() - start

    async def waits():
        return await asyncio.gather(timed(with_timeout.get_msg(timeout=20)),
                                    timed(without.get_msg()),  # asks until it is there
                                    timed(never.get_msg(timeout=0.6)))

    (got, took), (got_without, _), (nothing, waited) = asyncio.run(waits())
    assert got == got_without == {"content": "回复"}
    assert took < 1 and max(with_timeout.waits) <= 0.25
    # a message that never comes is still Empty once the whole timeout has passed
    assert nothing is Empty and 0.55 < waited < 1.5
