"""The two-day workshop schedule of the course guide, and whether each block fits what
it asks for.

Each row of the schedule tables (``| 09:20–10:50 | 模块一 | … |``) is a block; the
materials it names with ``{ref}`` take time: a case its front matter's ``minutes``, a lab
the "用时约 N 分钟" of its text source, a role-play practice page ``PRACTICE_MINUTES``,
any other page (a chapter) ``LECTURE_MINUTES`` for teaching its framework from the worked
example. Materials after "课前" or "课后" in a block are done before or after class and do
not count. A block that needs more than its length, or a day whose blocks leave gaps or
overlap, is a problem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

LECTURE_MINUTES = 15    # the guide's rhythm: 讲十五分钟 for a chapter's framework
PRACTICE_MINUTES = 30   # one role-play round in pairs, with its debrief
DAY_START, DAY_END = "09:00", "17:30"
_ROW = re.compile(r"^\|\s*(\d\d:\d\d)–(\d\d:\d\d)\s*\|\s*([^|]*?)\s*\|\s*(.*?)\s*\|\s*$")
_DAY = re.compile(r"^\*\*(第[一二三四五六七八九十]+天)")
_REF = re.compile(r"\{ref\}`([^`<]+?)`")
_OUTSIDE = re.compile(r"课[前后][^；;|]*")


def minutes_of(clock: str) -> int:
    hours, mins = clock.split(":")
    return int(hours) * 60 + int(mins)


@dataclass
class Block:
    day: str
    start: str
    end: str
    name: str
    content: str
    refs: list[str] = field(default_factory=list)      # counted in class
    outside: list[str] = field(default_factory=list)   # 课前 / 课后

    @property
    def length(self) -> int:
        return minutes_of(self.end) - minutes_of(self.start)


def blocks(guide_text: str) -> list[Block]:
    """Every timed row of the schedule tables, with the day it belongs to."""
    out, day = [], ""
    for line in guide_text.splitlines():
        if found := _DAY.match(line.strip()):
            day = found.group(1)
        elif (row := _ROW.match(line.strip())) and day:
            start, end, name, content = row.groups()
            outside = [r for part in _OUTSIDE.findall(content) for r in _REF.findall(part)]
            refs = [r for r in _REF.findall(content) if r not in outside]
            out.append(Block(day, start, end, name, content, refs, outside))
    return out


def material_minutes(root: Path | str) -> dict[str, int]:
    """Minutes each case, lab and role-play page takes, by its label."""
    from crmkit.cases import case_info

    root = Path(root)
    found: dict[str, int] = {}
    for page in root.glob("cases/*/index.md"):
        label = re.search(r"^\((case-[\w-]+)\)=", page.read_text(encoding="utf-8"), re.M)
        if label:
            found[label.group(1)] = int(case_info(page)["minutes"])
    for text in root.glob("notebooks/text/*.md"):
        body = text.read_text(encoding="utf-8")
        label = re.search(r"^\((lab-[\w-]+)\)=", body, re.M)
        took = re.search(r"用时约\s*(\d+)\s*分钟", body)
        if label and took:
            found[label.group(1)] = int(took.group(1))
    for page in root.glob("book/06-marketing/practice/*.md"):
        label = re.search(r"^\((practice-[\w-]+)\)=", page.read_text(encoding="utf-8"), re.M)
        if label:
            found[label.group(1)] = PRACTICE_MINUTES
    return found


def needed(block: Block, minutes: dict[str, int]) -> int:
    """What the block's in-class materials take."""
    return sum(minutes.get(ref, LECTURE_MINUTES) for ref in block.refs)


def problems(all_blocks: list[Block], minutes: dict[str, int]) -> list[str]:
    """Chinese sentences for every block that is too short and every gap or overlap."""
    out = []
    for block in all_blocks:
        need = needed(block, minutes)
        if need > block.length:
            parts = "、".join(f"{r} {minutes.get(r, LECTURE_MINUTES)} 分钟" for r in block.refs)
            out.append(f"{block.day} {block.start}–{block.end}（{block.name}）只有 "
                       f"{block.length} 分钟，安排的内容要 {need} 分钟（{parts}）：加长这一段，"
                       "或把一部分标成“课前”“课后”")
    for day in dict.fromkeys(b.day for b in all_blocks):
        rows = [b for b in all_blocks if b.day == day]
        if rows[0].start != DAY_START or rows[-1].end != DAY_END:
            out.append(f"{day}应从 {DAY_START} 开始、到 {DAY_END} 结束，"
                       f"现在是 {rows[0].start}–{rows[-1].end}")
        for before, after in zip(rows, rows[1:], strict=False):
            if before.end != after.start:
                out.append(f"{day} {before.end} 和 {after.start} 之间没有接上"
                           f"（{before.name} 之后是 {after.name}）")
    return out
