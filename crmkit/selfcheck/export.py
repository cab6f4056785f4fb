"""Save a learner's answers for the trainer: one JSON file per learner and module."""

from __future__ import annotations

import json
import os
import re
import unicodedata
from pathlib import Path

from crmkit.classroom.record import CLASS_ANSWERS_ENV, class_learner
from crmkit.errors import CrmkitError
from crmkit.io.files import atomic_file
from crmkit.selfcheck.core import (
    ANSWER_LOG,
    ATTEMPTS,
    ITEMS,
    now_text,
)

FORMAT = "crmkit-answers/1"


def clean_name(name: object) -> str:
    """The one name rule: NFKC (full-width letters and spaces become ASCII), stripped,
    inner runs of whitespace collapsed to one space. ``gather.learner_key`` adds case folding.
    """
    return " ".join(unicodedata.normalize("NFKC", str(name)).split())


def answers_record(learner: str, module: str) -> dict:
    """The record the trainer collects: every item of ``module`` checked in this session,
    with its final verdict (``ok``) and every try (``attempts``: time, answer, verdict)."""
    name = clean_name(learner)
    if not name:
        raise CrmkitError("请填写姓名或学号，培训师靠它区分每位学员的作答记录")
    module = str(module).strip()
    items = [{"item": f.item, "ok": f.ok, "skills": list(ITEMS[f.item].skills),
              "attempts": [dict(t) for t in ATTEMPTS.get(f.item, [])]}
             for f in sorted(ANSWER_LOG.values(), key=lambda f: [int(p) for p in
                                                                  f.item.split(".")])
             if ITEMS[f.item].module == module and f.ok is not None]
    # when it was exported: gathering keeps the latest of two exports by this, not file times
    exported_at = now_text()
    return {"format": FORMAT, "learner": name, "module": module, "exported_at": exported_at,
            "items": items}


def record_table(module: str | None = None):
    """The learner's own record in this session: per item the tries, the first and the
    latest verdict, and the answers tried (one module, or all)."""
    import pandas as pd

    mark = {True: "答对", False: "答错"}
    rows = []
    for item_id in sorted(ATTEMPTS, key=lambda i: [int(p) for p in i.split(".")]):
        tries = ATTEMPTS[item_id]
        if not tries or (module is not None and ITEMS[item_id].module != str(module).strip()):
            continue
        rows.append({"题号": item_id, "尝试次数": len(tries), "第一次": mark[tries[0]["ok"]],
                     "最新一次": mark[tries[-1]["ok"]],
                     "试过的答案": " → ".join(t["answer"] for t in tries)})
    return pd.DataFrame(rows, columns=["题号", "尝试次数", "第一次", "最新一次", "试过的答案"]
                        ).set_index("题号")


def export_answers(learner: str, module: str, folder: str | Path = ".") -> str:
    """Write ``answers-m<module>-<learner>.json`` into ``folder``; return a Chinese summary."""
    record = answers_record(learner, module)
    safe = re.sub(r"[\\/:*?\"<>|\s]+", "_", clean_name(record["learner"]))
    path = Path(folder) / f"answers-m{record['module']}-{safe}.json"
    path.write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
    right = sum(1 for i in record["items"] if i["ok"])
    total = sum(1 for i in ITEMS.values() if i.module == record["module"])
    return (f"已把 {len(record['items'])} 道题的作答记录（答对 {right} 道，本模块共 {total} 道）"
            f"保存到 {path.name}，请交给培训师。")


def save_for_class(module: str) -> str | None:
    """On the classroom hub, write this session's record of ``module`` into the folder named
    by ``CRMKIT_ANSWERS_DIR`` (replacing the file at once, never half-written), as the
    trainee the hub started this server for. Returns None, or what went wrong in Chinese.
    """
    folder = Path(os.environ[CLASS_ANSWERS_ENV])
    learner = class_learner()
    try:
        record = answers_record(learner, module)
        folder.mkdir(parents=True, exist_ok=True)
        safe = re.sub(r"[\\/:*?\"<>|\s]+", "_", record["learner"])
        target = folder / f"answers-m{record['module']}-{safe}.json"
        with atomic_file(target) as partial:
            partial.write_text(json.dumps(record, ensure_ascii=False, indent=1),
                               encoding="utf-8")
    except (OSError, CrmkitError) as err:
        return f"没能存进班级记录：{getattr(err, 'message', None) or err}，请告诉培训师"
    return None
