"""How make unit hands the tests to its workers (tests/conftest.py)."""

from pathlib import Path

import conftest  # tests/conftest.py

ROOT = Path(__file__).resolve().parents[2]


def test_every_file_that_starts_processes_exists_and_goes_whole_to_one_worker():
    assert len(set(conftest.STARTS_PROCESSES)) == len(conftest.STARTS_PROCESSES)
    for path in conftest.STARTS_PROCESSES:
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


def test_the_files_that_start_processes_are_handed_out_first_in_their_order():
    first, second = conftest.STARTS_PROCESSES[:2]
    order = ["tests/unit/test_a.py::t1", f"{second}::t", "tests/unit/test_b.py::t2",
             f"{first}::t1", f"{first}::t2"]
    items = [_Item(nodeid) for nodeid in order]
    conftest.pytest_collection_modifyitems(None, items)
    assert [item.nodeid for item in items] == [
        f"{first}::t1", f"{first}::t2", f"{second}::t", "tests/unit/test_a.py::t1",
        "tests/unit/test_b.py::t2"]
