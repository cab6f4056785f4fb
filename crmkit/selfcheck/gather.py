"""Gather a class's answer files into tables a trainer can read.

``python -m crmkit.selfcheck.gather --out exercises/sample-answers/`` writes a
synthetic class (for trying the trainer notebook before a real class exists).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import pandas as pd

from crmkit.errors import CrmkitError
from crmkit.selfcheck.core import ITEMS
from crmkit.selfcheck.export import FORMAT


def read_record(path: Path) -> dict:
    try:
        record = json.loads(Path(path).read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise CrmkitError("不是有效的作答记录（JSON 格式不对）", file=str(path),
                          hint="请学员重新导出，不要手工修改文件") from err
    if not isinstance(record, dict) or record.get("format") != FORMAT:
        raise CrmkitError("不是课程包导出的作答记录", file=str(path),
                          hint=f"文件里应有 \"format\": \"{FORMAT}\"")
    return record


def gather(folder: str | Path) -> pd.DataFrame:
    """One row per learner × item × skill from every ``answers-*.json`` in ``folder``."""
    paths = sorted(Path(folder).glob("answers-*.json"))
    if not paths:
        raise CrmkitError("文件夹里没有作答记录（answers-*.json）", file=str(folder),
                          hint="把学员交来的文件放进同一个文件夹")
    rows = []
    for path in paths:
        record = read_record(path)
        for entry in record["items"]:
            for skill in entry.get("skills") or ["未分类"]:
                rows.append({"学员": record["learner"], "模块": str(record["module"]),
                             "题号": entry["item"], "答对": bool(entry["ok"]), "技能": skill})
    return pd.DataFrame(rows)


def scores_by_module(answers: pd.DataFrame) -> pd.DataFrame:
    """Percent of items right per learner (rows) and module (columns)."""
    per_item = answers.drop_duplicates(["学员", "题号"])
    table = per_item.pivot_table(index="学员", columns="模块", values="答对", aggfunc="mean")
    table = (table * 100).round(1)
    table.columns = [f"模块{c}" for c in table.columns]
    return table


def scores_by_skill(answers: pd.DataFrame) -> pd.DataFrame:
    """Percent right per skill across the class, weakest first."""
    table = answers.groupby("技能")["答对"].agg(["mean", "size"])
    table = table.rename(columns={"mean": "答对率(%)", "size": "作答次数"})
    table["答对率(%)"] = (table["答对率(%)"] * 100).round(1)
    return table.sort_values(["答对率(%)", "作答次数"], ascending=[True, False])


def sample_records(n_learners: int = 12, seed: int = 2026) -> list[dict]:
    """A synthetic class: each learner answers every registered item; ability varies."""
    rng = np.random.default_rng(seed)
    items = sorted(ITEMS.values(), key=lambda i: [int(p) for p in i.item_id.split(".")])
    ability = rng.normal(0.8, 0.8, n_learners)
    difficulty = rng.normal(0.0, 0.7, len(items))
    p_right = 1 / (1 + np.exp(-(ability[:, None] - difficulty[None, :])))
    right = rng.random(p_right.shape) < p_right
    records = []
    for i in range(n_learners):
        by_module: dict[str, list] = {}
        for j, item in enumerate(items):
            by_module.setdefault(item.module, []).append(
                {"item": item.item_id, "ok": bool(right[i, j]), "skills": list(item.skills)})
        for module, entries in by_module.items():
            records.append({"format": FORMAT, "learner": f"学员{i + 1:02d}", "module": module,
                            "items": entries})
    return records


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crmkit.selfcheck.gather",
                                     description="生成一个合成班级的作答记录，用于试用培训师汇总笔记本")
    parser.add_argument("--n", type=int, default=12)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    for record in sample_records(args.n, args.seed):
        path = out / f"answers-m{record['module']}-{record['learner']}.json"
        path.write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
