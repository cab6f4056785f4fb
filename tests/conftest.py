"""Shared test set-up: keep matplotlib's cache out of the home folder, property tests
that draw the same examples on every run, and a headless Chromium for the tests that
click through a page."""

import atexit
import gc
import os
import shutil
import subprocess
import tempfile

import pytest
from hypothesis import settings

# The same examples on every run: a check that passes on one clean clone passes on the next.
# (A failure hypothesis once found stays as an explicit example in the test itself.)
settings.register_profile("kit", derandomize=True)
settings.load_profile("kit")

if "MPLCONFIGDIR" not in os.environ:  # (make sets one under _build that it keeps)
    os.environ["MPLCONFIGDIR"] = tempfile.mkdtemp(prefix="crmkit-mpl-")
    atexit.register(shutil.rmtree, os.environ["MPLCONFIGDIR"], True)
os.environ.setdefault("MPLBACKEND", "Agg")

# Which tests pytest-xdist keeps together on one worker (make pages-check runs with --dist
# loadgroup): a file whose tests share a browser or a server, and the page audit with the
# phone layout, which read the same page visits. xdist's own
# loadgroup reads xdist_group marks through a suffix it writes into each node id, which
# pytest 9.2 no longer takes (pytest-dev/pytest-xdist#1386: the tests are spread as if
# unmarked), so the groups are given here, by file, to the controller's scheduler.
TOGETHER = {
    "tests/pages/test_page_audit.py": "learner-visits",
    "tests/pages/test_phone_layout.py": "learner-visits",
}
WHOLE_FILES = ("tests/pages/", "tests/system/")
# The unit test files that go whole to one worker, longest first: those whose tests start
# processes of their own (kernels, Sphinx, Chromium, pytest, the command line), then those
# whose module fixtures build something costly (a themed book, the icon table, the CLV
# comparer, the import graph). make unit (also --dist loadgroup) hands them out before
# every other test, which goes alone, so that each module fixture is set up once: a worker
# that drew one of them last used to run on alone for up to 5 s after the others had
# finished; now they end within a second.
ONE_WORKER_FILES = tuple(f"tests/unit/test_{name}.py" for name in (
    "bookexec", "nbreuse", "labsource", "roleplay_sphinx", "drill_sphinx", "cli", "bank",
    "bookbuild", "roleplay_conformance", "lite", "clv", "classroom", "project",
    "quiz_equivalence", "scheduling", "booknav", "pagepolish", "scoring_widgets", "layering"))


def work_unit(nodeid: str) -> str:
    """The unit of work a test is scheduled in: its group, its file, or the test alone."""
    path = nodeid.split("::", 1)[0]
    if path in TOGETHER:
        return TOGETHER[path]
    return path if path.startswith(WHOLE_FILES) or path in ONE_WORKER_FILES else nodeid


def pytest_collection_modifyitems(config, items):
    """The files in ONE_WORKER_FILES first, in its order; the rest as collected."""
    rank = {path: k for k, path in enumerate(ONE_WORKER_FILES)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::", 1)[0], len(rank)))


def pytest_xdist_make_scheduler(config, log):
    if config.getoption("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class ByWorkUnit(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return work_unit(nodeid)

    return ByWorkUnit(config, log)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config):
    """An xdist worker leaves as soon as its run is over: its report has reached the
    controller, and taking its interpreter apart (pandas, matplotlib, Sphinx: some 450,000
    objects) kept the controller waiting 1.5-1.8 s at the end of every make unit. The exit
    functions still run (a kernel a test left is stopped), as after a book build."""
    if hasattr(config, "workerinput"):
        from crmkit.bookbuild import exit_now

        exit_now(config.workeroutput.get("exitstatus", 0))


@pytest.fixture
def chromium_dom():
    """``dump(url)``: the page's DOM after its scripts ran in headless Chromium (skips the
    test when no Chromium is installed; make test installs it)."""
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    if binary is None:
        pytest.skip("没有找到 chromium：跳过在浏览器里操作网页的测试（make test 会安装）")

    def dump(url: str) -> str:
        with tempfile.TemporaryDirectory() as profile:
            run = subprocess.run(
                [binary, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", f"--user-data-dir={profile}",
                 "--virtual-time-budget=8000", "--dump-dom", url],
                capture_output=True, text=True, timeout=120, check=True,
                env={**os.environ, "HOME": profile})
        return run.stdout

    return dump


def pytest_collection_finish(session):
    """What collection made (the test modules, the package and libraries they import, the
    items) lives as long as the run: frozen, the later full garbage collections no longer
    go through it. make unit used 2.5-9 CPU-seconds less with it (of 60-70) in each of four
    pairs of runs taken in turn here (the machine's own speed moved about as much).

    The tests then make many short-lived objects (frames, Series, figures): with Python's
    default thresholds (700, 10, 10) make unit's three workers spent 3.4-3.6 CPU-s in the
    collector, with these 2.1-2.2 (thread time, two runs each); the largest worker's memory
    stayed at 370 MB."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 20, 20)
