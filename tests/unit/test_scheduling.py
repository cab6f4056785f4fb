"""How make unit hands the tests to its workers, and how they leave (tests/conftest.py)."""

import shutil
import subprocess
import sys
from pathlib import Path

import conftest  # tests/conftest.py

ROOT = Path(__file__).resolve().parents[2]


def test_every_file_listed_for_one_worker_exists_and_goes_whole_to_it():
    assert len(set(conftest.ONE_WORKER_FILES)) == len(conftest.ONE_WORKER_FILES)
    for path in conftest.ONE_WORKER_FILES:
        assert (ROOT / path).is_file(), path
        assert conftest.work_unit(f"{path}::test_a[1]") == path
        assert conftest.work_unit(f"{path}::test_b") == path
    assert conftest.work_unit("tests/unit/test_mask.py::test_x[2]") == \
        "tests/unit/test_mask.py::test_x[2]"
    assert conftest.work_unit("tests/pages/test_search.py::test_y") == "tests/pages/test_search.py"
    assert conftest.work_unit("tests/pages/test_phone_layout.py::t") == "learner-visits"


class _Item:
    def __init__(self, nodeid: str):
        self.nodeid = nodeid


def test_the_files_for_one_worker_are_handed_out_first_in_their_order():
    first, second = conftest.ONE_WORKER_FILES[:2]
    order = ["tests/unit/test_a.py::t1", f"{second}::t", "tests/unit/test_b.py::t2",
             f"{first}::t1", f"{first}::t2"]
    items = [_Item(nodeid) for nodeid in order]
    conftest.pytest_collection_modifyitems(None, items)
    assert [item.nodeid for item in items] == [
        f"{first}::t1", f"{first}::t2", f"{second}::t", "tests/unit/test_a.py::t1",
        "tests/unit/test_b.py::t2"]


def test_a_worker_that_leaves_early_still_reports_failures_and_runs_exit_functions(tmp_path):
    shutil.copy(conftest.__file__, tmp_path / "conftest.py")
    (tmp_path / "test_two.py").write_text(
        "import atexit, pathlib\n"
        "atexit.register(lambda: pathlib.Path('exit-functions-ran').write_text('yes'))\n"
        "def test_fails():\n    assert 6 * 7 == 43\n"
        "def test_passes():\n    pass\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-n", "1", "--dist",
                          "loadgroup", "-p", "no:cacheprovider", "test_two.py"],
                         cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "1 failed, 1 passed" in run.stdout and "test_fails - assert (6 * 7) == 43" in run.stdout
    assert (tmp_path / "exit-functions-ran").read_text() == "yes"
