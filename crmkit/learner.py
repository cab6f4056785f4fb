"""Remove what only trainers should see: solutions and 教师指引 (trainer notes).

Works on MyST text (pages and notebook markdown cells) and on whole notebooks.
Used by the learner build of the book, so that the page sources offered for
download carry no answers either.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

TRAINER_ONLY = ("solution", "trainer-note")
_OPEN = re.compile(r"^(?P<fence>`{3,}|:{3,})\{(?P<name>[a-z-]+)\}")
_GATED = ("solution-start", "solution-end")


def strip_text(text: str, gated: bool = False) -> str:
    """Drop fenced ``{solution}`` and ``{trainer-note}`` blocks and gated solution regions.

    ``gated=True`` means the text starts inside a ``{solution-start}`` region
    opened in an earlier notebook cell.
    """
    out: list[str] = []
    lines = text.splitlines(keepends=True)
    i = 0
    while i < len(lines):
        match = _OPEN.match(lines[i].strip())
        name = match.group("name") if match else None
        if name in TRAINER_ONLY or name in _GATED:
            fence = match.group("fence")
            j = i + 1
            while j < len(lines) and not _closes(lines[j], fence):
                j += 1
            if name == "solution-start":
                gated = True
            elif name == "solution-end":
                gated = False
            i = j + 1
            continue
        if not gated:
            out.append(lines[i])
        i += 1
    return "".join(out)


def _closes(line: str, fence: str) -> bool:
    stripped = line.strip()
    return len(stripped) >= len(fence) and set(stripped) == {fence[0]}


def strip_notebook(nb: dict) -> dict:
    """Return a copy of a notebook (as parsed JSON) without trainer-only content.

    Markdown cells are stripped as text; every cell between a ``{solution-start}``
    and a ``{solution-end}`` (code cells included) is dropped, and markdown cells
    left empty are removed.
    """
    cells, gated = [], False
    for cell in nb.get("cells", []):
        source = cell.get("source", "")
        text = "".join(source) if isinstance(source, list) else source
        starts, ends = "{solution-start}" in text, "{solution-end}" in text
        if gated and not ends:
            continue
        if cell.get("cell_type") == "markdown":
            stripped = strip_text(text, gated=gated)
            gated = (gated or starts) and not ends
            if stripped.strip():
                cells.append({**cell, "source": stripped})
            continue
        cells.append(cell)
    return {**nb, "cells": cells}


def strip_file(path: Path) -> bool:
    """Strip a .md or .ipynb file in place (only used on build outputs); True if changed."""
    original = path.read_text(encoding="utf-8")
    if path.suffix == ".ipynb":
        stripped = json.dumps(strip_notebook(json.loads(original)), ensure_ascii=False, indent=1)
    else:
        stripped = strip_text(original)
    if stripped != original:
        path.write_text(stripped, encoding="utf-8")
        return True
    return False


def learner_notebooks(root: Path | str, out: Path | str) -> list[Path]:
    """Write the learner copies of the exercise notebooks: no solutions, no trainer notes.

    The exercises load their data through crmkit, so the copies run from any folder.
    """
    root, out = Path(root), Path(out)
    written = []
    for source in sorted((root / "exercises").glob("[0-9][0-9]-exercises.ipynb")):
        nb = strip_notebook(json.loads(source.read_text(encoding="utf-8")))
        target = out / "exercises" / source.name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(nb, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        written.append(target)
    return written


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m crmkit.learner",
                                     description="生成不含参考答案和教师指引的学员版练习笔记本")
    parser.add_argument("--out", default="_build/learner-notebooks")
    args = parser.parse_args(argv)
    written = learner_notebooks(".", args.out)
    print(f"已生成 {len(written)} 本学员版练习笔记本：{args.out}/exercises/")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
