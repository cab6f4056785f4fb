"""Which saved notebooks nbval has just verified, so the book can show them without running
them a second time.

``make notebooks-check`` runs nbval with ``-p crmkit.nbverified``: every notebook whose cells
all passed (re-executed, outputs equal to the saved ones) leaves a marker named after the
SHA-256 of its file in ``_build/.nbval-verified``. The book's executor (crmkit.bookexec)
takes a notebook's saved outputs only when its current bytes have such a marker; an edited
notebook, or one nbval failed, has none and is executed again. So a stale saved output
still fails the check, and each notebook runs once per ``make test``.

nbval does not compare images (they differ between machines in general); matplotlib's
output here is byte-for-byte repeatable, so a notebook is marked only when every saved
chart also equals the one just drawn. A stale chart does not fail nbval, but the book then
draws it afresh instead of showing the saved one.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from pathlib import Path

import pytest

FOLDER = Path("_build") / ".nbval-verified"


def digest(path: Path | str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def is_verified(path: Path | str, root: Path | str) -> bool:
    """True when nbval passed on exactly these bytes of ``path``."""
    return (Path(root) / FOLDER / digest(path)).is_file()


def mark(path: Path | str, root: Path | str) -> None:
    folder = Path(root) / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    (folder / digest(path)).write_text(f"{Path(path).as_posix()}\n", encoding="utf-8")


def _images(outputs) -> list[str]:
    return [out["data"][kind] for out in outputs or [] for kind in ("image/png", "image/jpeg")
            if kind in out.get("data", {})]


# pytest plugin (loaded with -p crmkit.nbverified next to --nbval). With pytest-xdist the
# reports of every worker reach the controller, so the markers are written once, there.
_outcomes: dict[str, list[str]] = defaultdict(list)
IMAGES = "crmkit.nbverified.images_equal"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    fresh = getattr(item, "test_outputs", None)
    if call.when == "call" and fresh is not None and hasattr(item, "cell"):
        if "nbval-ignore-output" in item.cell.get("metadata", {}).get("tags", []):
            return
        equal = _images(fresh) == _images(item.cell.get("outputs"))
        outcome.get_result().user_properties.append((IMAGES, equal))


def pytest_runtest_logreport(report) -> None:
    if not report.nodeid.split("::")[0].endswith(".ipynb"):
        return
    if report.when == "call" or report.outcome != "passed":
        outcome = report.outcome
        # (xdist sends the properties over as JSON: the tuples arrive as lists)
        if outcome == "passed" and any(tuple(p) == (IMAGES, False)
                                       for p in report.user_properties):
            outcome = "chart differs"
        _outcomes[report.nodeid.split("::")[0]].append(outcome)


def pytest_sessionfinish(session, exitstatus) -> None:
    if hasattr(session.config, "workerinput"):  # an xdist worker: the controller writes
        return
    root = Path(session.config.rootpath)
    for nodeid, outcomes in _outcomes.items():
        if outcomes and all(outcome == "passed" for outcome in outcomes):
            mark(root / nodeid, root)
    _outcomes.clear()
