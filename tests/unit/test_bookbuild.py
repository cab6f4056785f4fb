"""crmkit.bookbuild: Jupyter Book's build command, with Sphinx jobs on every core."""

from __future__ import annotations

import gc
import importlib
import subprocess
import sys
from types import SimpleNamespace

import nbformat
import pytest
from jupyter_book import sphinx as jb_sphinx
from sphinx.builders import Builder

from crmkit import bookbuild


@pytest.fixture
def restored(monkeypatch):
    """Whatever prepare() replaces is put back after the test."""
    monkeypatch.setattr(jb_sphinx, "build_sphinx", jb_sphinx.build_sphinx)
    for name in bookbuild.UNDECLARED:
        module = importlib.import_module(name)
        monkeypatch.setattr(module, "setup", module.setup)
    monkeypatch.setattr(bookbuild, "ACTIVE", False)
    monkeypatch.setattr(bookbuild, "EXECUTION", None)
    monkeypatch.setattr(Builder, "read", Builder.read)
    # what setup() replaces: myst-nb's cache client, and the book it takes known pages from
    from myst_nb.core.execute.cache import NotebookClientCache

    monkeypatch.setattr(NotebookClientCache, "start_client", NotebookClientCache.start_client)
    from myst_nb.core.execute import cache as myst_cache

    monkeypatch.setattr(myst_cache, "single_nb_execution", myst_cache.single_nb_execution)
    monkeypatch.setattr(bookbuild, "_BOOK_ROOT", bookbuild._BOOK_ROOT)
    thresholds = gc.get_threshold()
    yield
    gc.set_threshold(*thresholds)


def test_the_two_silent_extensions_are_declared_safe_and_keep_their_setup(restored):
    calls = []

    def setup(app):
        calls.append(app)
        return {"version": "1"}

    metadata = bookbuild.declared_safe(setup)("app")
    assert calls == ["app"]
    assert metadata == {"version": "1", "parallel_read_safe": True,
                        "parallel_write_safe": True}
    # an extension that says it is not safe is not overruled
    unsafe = bookbuild.declared_safe(lambda app: {"parallel_read_safe": False})("app")
    assert unsafe["parallel_read_safe"] is False
    assert bookbuild.declared_safe(lambda app: None)("app")["parallel_write_safe"] is True


def test_prepare_wraps_each_extension_once_and_passes_the_jobs(restored):
    bookbuild.prepare(2)
    bookbuild.prepare(3)  # a second call changes the jobs, not the wrapping
    for name in bookbuild.UNDECLARED:
        setup = importlib.import_module(name).setup
        assert setup.crmkit_declared and not getattr(setup.__wrapped__, "crmkit_declared", False)
    assert jb_sphinx.build_sphinx.keywords == {"jobs": 3}
    assert not hasattr(jb_sphinx.build_sphinx.func, "func")
    assert bookbuild.prepare() == bookbuild.cores() + 1 >= 2
    assert bookbuild.ACTIVE and gc.get_threshold() == bookbuild.GC_THRESHOLDS


@pytest.mark.parametrize("cores, at_once, jobs, share", [
    (2, None, 3, 2), (2, "1", 3, 2), (2, "2", 1, 1), (8, "2", 4, 4), (1, "2", 1, 1),
    (2, "3", 1, 1), (2, "两个", 3, 2), (2, "0", 3, 2)])
def test_builds_at_once_share_the_cores(monkeypatch, cores, at_once, jobs, share):
    """make books: two builds at once take a process per core between them, and the steps
    after Sphinx (the page polish) use the build's share of the cores."""
    monkeypatch.setattr(bookbuild, "cores", lambda: cores)
    if at_once is None:
        monkeypatch.delenv("CRMKIT_BUILDS_AT_ONCE", raising=False)
    else:
        monkeypatch.setenv("CRMKIT_BUILDS_AT_ONCE", at_once)
    assert bookbuild.default_jobs() == jobs
    assert bookbuild.build_cores() == share


def _hooks(app_setup) -> dict:
    """The events a Sphinx extension's setup connects, on a stand-in app."""
    connected: dict = {}
    app = SimpleNamespace(connect=lambda event, fn, **_: connected.setdefault(event, fn),
                          setup_extension=lambda name: connected.setdefault(name, True),
                          add_search_language=lambda lang: None,
                          add_config_value=lambda *a, **k: None,
                          add_directive=lambda *a, **k: None, srcdir="/nonexistent")
    app_setup(app)
    return connected


def test_only_a_build_run_by_the_command_freezes_what_sphinx_keeps(restored):
    from crmkit import booktools

    assert "crmkit.bookbuild" not in _hooks(booktools.setup)  # plain jupyter-book, tests
    bookbuild.prepare(2)
    assert _hooks(booktools.setup)["crmkit.bookbuild"] is True
    hooks = _hooks(bookbuild.setup)
    assert set(hooks) == {"builder-inited", "env-updated"}
    assert bookbuild.setup(SimpleNamespace(connect=lambda *a: None,
                                           srcdir="."))["parallel_read_safe"]
    from myst_nb.core.execute.cache import NotebookClientCache

    assert NotebookClientCache.start_client.crmkit_known  # the pages the run recorded first
    # a page the cache lacks: myst-nb runs it itself, on a kernel over Unix sockets
    from myst_nb.core.execute import cache as myst_cache

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "from ipykernel.kernelapp import IPKernelApp\nprint(IPKernelApp.instance().transport)")])
    result = myst_cache.single_nb_execution(nb, cwd=".", timeout=60, allow_errors=False)
    assert result.err is None and nb.cells[0].outputs[0]["text"] == "ipc\n"
    try:
        assert hooks["env-updated"](None, None) == []  # nothing to read again
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


@pytest.mark.filterwarnings("ignore:'BaseCommand' is deprecated:DeprecationWarning")
def test_the_command_builds_with_the_jobs(restored, tmp_path, monkeypatch):
    """Jupyter Book's own command line runs; the Sphinx call it makes gets the jobs."""
    (tmp_path / "_config.yml").write_text("title: 书\n", encoding="utf-8")
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: intro\n", encoding="utf-8")
    (tmp_path / "intro.md").write_text("# 引言\n", encoding="utf-8")
    seen = {}

    def fake_build(sourcedir, outputdir, **options):
        seen.update(options, source=str(sourcedir))
        return 0

    monkeypatch.setattr(jb_sphinx, "build_sphinx", fake_build)
    monkeypatch.setattr(bookbuild, "cores", lambda: 2)
    with pytest.raises(SystemExit) as done:
        bookbuild.main(["build", str(tmp_path), "--path-output", str(tmp_path / "out"), "-W"])
    assert done.value.code in (0, None)
    assert seen["jobs"] == 3 and seen["warningiserror"] is True  # a writer more than cores
    assert seen["source"] == str(tmp_path)


@pytest.mark.filterwarnings("ignore:'BaseCommand' is deprecated:DeprecationWarning")
@pytest.mark.filterwarnings("ignore:'crmkit.bookbuild' found in sys.modules:RuntimeWarning")
def test_run_as_a_module_the_command_activates_what_booktools_imports(restored, monkeypatch):
    """`python -m crmkit.bookbuild` executes the file as __main__; crmkit.booktools imports
    crmkit.bookbuild: the flag must be set on the module booktools sees."""
    import runpy

    from jupyter_book.cli import main as jb_cli

    ran = []
    monkeypatch.setattr(jb_cli, "main", SimpleNamespace(
        main=lambda args, prog_name: ran.append(args) or 0))
    monkeypatch.setattr("sys.argv", ["bookbuild", "build", "."])

    def exit_now(code):  # the command's own exit would end this test process too
        raise SystemExit(code)

    monkeypatch.setattr(bookbuild, "exit_now", exit_now)
    with pytest.raises(SystemExit) as done:
        runpy.run_module("crmkit.bookbuild", run_name="__main__")
    assert done.value.code == 0 and ran == [["build", "."]]
    assert bookbuild.ACTIVE
    from crmkit import booktools

    assert _hooks(booktools.setup)["crmkit.bookbuild"] is True


def _fake_jupyter_book(monkeypatch, result=0):
    from jupyter_book.cli import main as jb_cli

    ran = []
    monkeypatch.setattr(jb_cli, "main", SimpleNamespace(
        main=lambda args, prog_name: ran.append(args) or result))
    return ran


def test_execute_runs_the_builds_pages_while_jupyter_book_starts(restored, monkeypatch):
    """--execute starts crmkit.bookexec on the build's folder and table of contents, then
    hands Jupyter Book the rest of the command line."""
    started = []
    monkeypatch.setattr(bookbuild.subprocess, "Popen", lambda cmd: started.append(cmd) or
                        SimpleNamespace(poll=lambda: 0))
    ran = _fake_jupyter_book(monkeypatch)
    args = ["build", "book", "--path-output", "out", "--toc", "_build/toc.yml", "-W"]
    assert bookbuild.main(["--execute", *args]) == 0
    assert ran == [args]
    assert started == [[sys.executable, "-m", "crmkit.bookexec", "--root", "book",
                        "--toc", "_build/toc.yml"]]
    assert bookbuild.main(["build"]) == 0 and len(started) == 1  # without it, no run
    # Sphinx reads after the run, whatever extensions the book loads; wrapped once
    assert Builder.read.crmkit_waits and Builder.read.__wrapped__.__name__ == "read"
    bookbuild.prepare()
    assert not hasattr(Builder.read.__wrapped__, "crmkit_waits")


def _app(language="zh", srcdir="/nonexistent"):
    return SimpleNamespace(config=SimpleNamespace(html_search_language=language),
                           srcdir=srcdir)


def test_sphinx_reads_only_after_the_pages_ran_and_a_failed_run_stops_the_build(
        restored, monkeypatch, capsys, tmp_path):
    from sphinx.search import zh

    loaded = []
    monkeypatch.setattr(zh.jieba, "initialize", lambda: loaded.append(1))
    bookbuild._pages_executed(_app())  # no run: nothing to wait for
    (tmp_path / bookbuild.SEARCH_WORDS).parent.mkdir(parents=True)
    (tmp_path / bookbuild.SEARCH_WORDS).write_text("{}", encoding="utf-8")
    for app, loads in ((_app("en"), 0), (_app("zh"), 1), (_app("zh", tmp_path), 1)):
        monkeypatch.setattr(bookbuild, "EXECUTION", subprocess.Popen(
            [sys.executable, "-c", "import time; time.sleep(0.3)"]))
        read = bookbuild._after_the_pages(lambda builder: "read")
        assert read(SimpleNamespace(app=app)) == "read"
        assert bookbuild.EXECUTION.returncode == 0  # waited for
        # while waiting, a Chinese book's search dictionary is loaded, unless an earlier
        # build kept the words it cut
        assert len(loaded) == loads
    monkeypatch.setattr(bookbuild, "EXECUTION", subprocess.Popen(
        [sys.executable, "-c", "raise SystemExit(1)"]))
    with pytest.raises(SystemExit) as done:  # the pages' errors are printed above it
        bookbuild._pages_executed(_app())
    assert done.value.code == 1 and "有书页执行出错" in capsys.readouterr().err


def test_a_build_that_ends_before_reading_stops_the_pages_run(restored, monkeypatch):
    _fake_jupyter_book(monkeypatch, result=2)  # e.g. a broken _config.yml
    popen = subprocess.Popen
    monkeypatch.setattr(bookbuild.subprocess, "Popen", lambda cmd: popen(
        [sys.executable, "-c", "import time; time.sleep(60)"]))
    assert bookbuild.main(["--execute", "build", "."]) == 2
    assert bookbuild.EXECUTION.poll() is not None  # terminated, not left running


@pytest.mark.parametrize(("code", "status", "err"), [(3, 3, ""), (None, 0, ""),
                                                     ("坏了", 1, "坏了\n")])
def test_the_command_ends_with_its_status_its_output_and_its_exit_functions(code, status, err):
    script = ("import atexit, sys\nfrom crmkit.bookbuild import exit_now\n"
              "atexit.register(lambda: print('退出函数照常运行'))\n"
              f"print('网页书', end='')\nexit_now({code!r})\nprint('不该出现')\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=60)
    assert (done.returncode, done.stdout, done.stderr) == (status, "网页书退出函数照常运行\n", err)
