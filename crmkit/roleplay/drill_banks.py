"""The drill question banks as data: ``cases/roleplay/drills/{spin,timing,fabe}.yaml``,
beside the role-play scenarios, read with the scenario loader (line numbers for messages)
and checked by ``crmkit scenario check --course`` (:mod:`crmkit.roleplay.drill_check`)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from crmkit.errors import CrmkitError
from crmkit.roleplay.compile import SCENARIO_DIR
from crmkit.roleplay.loader import Source, load_source

DRILL_DIR = SCENARIO_DIR / "drills"
BANKS = ("spin", "timing", "fabe")


def drill_path(name: str) -> Path:
    return DRILL_DIR / f"{name}.yaml"


@cache
def drill_source(name: str) -> Source:
    """The bank file ``name`` parsed, with the line of every key (for the checker)."""
    source, problems = load_source(drill_path(name))
    if source is None or not isinstance(source.data, dict):
        listing = "\n".join(f"  {p}" for p in problems) or "  文件是空的"
        raise CrmkitError(f"练习题库读不出来：\n{listing}", file=str(drill_path(name)),
                          hint="运行 crmkit scenario check --course 查看同样的清单")
    return source


def drill_bank(name: str) -> dict:
    """The bank ``name`` (spin, timing or fabe) as plain data."""
    return drill_source(name).data
