"""The two-day schedule: every block fits what it asks for, the days run without gaps, and
the trainer handbook quotes the same times."""

from __future__ import annotations

import re
from pathlib import Path

from crmkit.schedule import (
    LECTURE_MINUTES,
    PRACTICE_MINUTES,
    blocks,
    material_minutes,
    needed,
    problems,
)

ROOT = Path(__file__).resolve().parents[2]
GUIDE = (ROOT / "book" / "00-guide" / "index.md").read_text(encoding="utf-8")
HANDBOOK = (ROOT / "book" / "trainers" / "facilitation-guide.md").read_text(encoding="utf-8")


def test_the_shipped_schedule_fits_and_runs_without_gaps():
    found = blocks(GUIDE)
    assert {b.day for b in found} == {"第一天", "第二天"} and len(found) >= 16
    assert problems(found, material_minutes(ROOT)) == []


def test_every_material_the_schedule_names_exists_with_a_known_time():
    minutes = material_minutes(ROOT)
    labels = set(re.findall(r"^\(([\w-]+)\)=", "\n".join(
        p.read_text(encoding="utf-8") for p in [*ROOT.glob("book/**/*.md"),
                                                *ROOT.glob("notebooks/text/*.md")]), re.M))
    for block in blocks(GUIDE):
        for ref in block.refs + block.outside:
            assert ref in minutes or ref in labels, ref
            if ref.startswith(("case-", "lab-", "practice-")):
                assert ref in minutes, ref


def test_module_4_and_module_5_get_the_time_their_materials_take():
    """The two blocks the first version squeezed into an hour each."""
    minutes = material_minutes(ROOT)
    by_name = {(b.day, b.name): b for b in blocks(GUIDE) if b.name in ("模块四", "模块五")}
    four, five = by_name[("第一天", "模块四")], by_name[("第二天", "模块五")]
    assert four.length >= LECTURE_MINUTES + minutes["case-leased-equipment"]
    assert five.length >= 2 * LECTURE_MINUTES + minutes["lab-sales-funnel"]


SMALL = "\n".join([
    "**第一天：测试**", "", "| 时间 | 环节 | 内容与材料 |", "|---|---|---|",
    "| 09:00–10:00 | 模块一 | 讲（{ref}`market-structure`）；{ref}`case-nev-chain`；"
    "课后：{ref}`lab-industry-analysis` |",
    "| 10:10–17:30 | 模块二 | {ref}`practice-payroll-closing` |", ""])


def test_a_block_too_short_and_a_gap_are_named():
    minutes = {"case-nev-chain": 75, "lab-industry-analysis": 50,
               "practice-payroll-closing": PRACTICE_MINUTES}
    found = blocks(SMALL)
    assert found[0].refs == ["market-structure", "case-nev-chain"]
    assert found[0].outside == ["lab-industry-analysis"]          # after 课后: not counted
    assert needed(found[0], minutes) == LECTURE_MINUTES + 75
    said = problems(found, minutes)
    assert any("09:00–10:00（模块一）只有 60 分钟，安排的内容要 90 分钟" in s for s in said)
    assert any("10:00 和 10:10 之间没有接上" in s for s in said)
    assert len(said) == 2


def test_the_handbook_quotes_the_schedule_times():
    times = {(b.day, b.start, b.end, b.name) for b in blocks(GUIDE)}
    quoted = re.findall(r"对应(?:两天日程)?(第[一二]天) (\d\d:\d\d)–(\d\d:\d\d)(?: 和 (\d\d:\d\d)–"
                        r"(\d\d:\d\d))?", HANDBOOK)
    assert len(quoted) >= 8
    spans = {(d, s, e) for d, s, e, *_ in times}
    for day, s1, e1, s2, e2 in quoted:
        assert (day, s1, e1) in spans, (day, s1, e1)
        if s2:
            assert (day, s2, e2) in spans, (day, s2, e2)
