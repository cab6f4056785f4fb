"""Role-play attempts on the classroom hub: saved by each trainee's player, read by the trainer.

When the hub starts a trainee's server it sets ``CRMKIT_ANSWERS_DIR`` (see
crmkit.selfcheck.core); every role-play the trainee finishes is then written there as
``roleplay-<scenario>-<time>.json`` (the same record “保存记录” exports). The trainer's
results notebook reads every home's files, replays each against the scenario (a file that
no longer matches is skipped with the reason) and shows the tables below.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pandas as pd

from crmkit.classroom.record import CLASS_ANSWERS_ENV, class_learner
from crmkit.errors import CrmkitError
from crmkit.io.files import atomic_file
from crmkit.roleplay.engine import RolePlay, best_path, load_attempt, percent

PATTERN = "roleplay-*.json"
ATTEMPT_COLUMNS = ["学员", "场景", "场景标题", "时间", "得分", "最佳路径分", "达到最佳(%)",
                   "结局", "成功", "文件"]
MISSED_COLUMNS = ["学员", "场景", "文件", "轮次", "节点", "更好的说法"]


def save_for_class(attempt: RolePlay, learner: str = "") -> str | None:
    """Write a finished attempt into the class folder (never half-written).

    Returns None when saved (or when not on the hub), else what went wrong in Chinese.
    """
    folder = os.environ.get(CLASS_ANSWERS_ENV)
    if not folder or not attempt.finished:
        return None
    now = datetime.now()
    name = f"roleplay-{attempt.scenario['id']}-{now:%Y%m%d-%H%M%S-%f}.json"
    try:
        target = Path(folder) / name
        target.parent.mkdir(parents=True, exist_ok=True)
        text = attempt.export_json(learner or class_learner(),
                                   exported_at=now.isoformat(timespec="seconds"))
        with atomic_file(target) as partial:
            partial.write_text(text, encoding="utf-8")
    except OSError as err:
        return f"没能存进班级记录：{err.strerror or err}，请告诉培训师"
    return None


@dataclass
class ClassRoleplays:
    """Every readable attempt (``attempts``), each missed best option (``missed``), the files
    that could not be used with the reason (``skipped``) and roster names with no attempt."""

    attempts: pd.DataFrame
    missed: pd.DataFrame
    skipped: list[tuple[str, str]] = field(default_factory=list)
    not_played: list[str] = field(default_factory=list)


def read_attempts(files: Iterable[str | Path], roster: Iterable[str] = ()) -> ClassRoleplays:
    """Replay every attempt file; one that cannot be replayed is skipped with its reason."""
    rows, missed, skipped = [], [], []
    for path in sorted(map(Path, files)):
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
            if not isinstance(data, dict):
                raise CrmkitError("这不是角色扮演练习记录")
            attempt = load_attempt(data)
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
            skipped.append((path.name, f"读不出来（{type(err).__name__}）"))
            continue
        except (CrmkitError, KeyError, TypeError) as err:
            reason = err.message if isinstance(err, CrmkitError) else "记录缺少必要的字段"
            skipped.append((path.name, reason))
            continue
        if not attempt.finished:
            skipped.append((path.name, "这次练习没有走到结局"))
            continue
        learner = str(data.get("learner") or "").strip() or "未署名"
        when = str(data.get("exported_at") or "")
        best = best_path(attempt.scenario)
        top = best["score"] if best else 0
        debrief = attempt.debrief()
        rows.append({"学员": learner, "场景": attempt.scenario["id"],
                     "场景标题": attempt.scenario["title"], "时间": when,
                     "得分": attempt.total, "最佳路径分": top,
                     "达到最佳(%)": percent(attempt.total, top),
                     "结局": attempt.outcome["outcome"], "成功": attempt.outcome["success"],
                     "文件": path.name})
        for m in debrief["missed"]:
            missed.append({"学员": learner, "场景": attempt.scenario["id"], "文件": path.name,
                           "轮次": m["step"], "节点": m["node"], "更好的说法": m["best_text"]})
    attempts = pd.DataFrame(rows, columns=ATTEMPT_COLUMNS)
    played = set(attempts["学员"])
    return ClassRoleplays(attempts=attempts, missed=pd.DataFrame(missed, columns=MISSED_COLUMNS),
                          skipped=skipped, not_played=[n for n in roster if n not in played])


def by_learner(r: ClassRoleplays) -> pd.DataFrame:
    """Per trainee and scenario: the best share of the best path reached (%), and how many
    attempts in all."""
    a = r.attempts
    if a.empty:
        return pd.DataFrame(columns=["练习次数"])
    best = a.pivot_table(index="学员", columns="场景标题", values="达到最佳(%)", aggfunc="max")
    best.columns.name = None
    best["练习次数"] = a.groupby("学员").size()
    return best


def _latest(a: pd.DataFrame) -> pd.DataFrame:
    return a.sort_values(["时间", "文件"]).groupby(["学员", "场景"]).tail(1)


def by_scenario(r: ClassRoleplays) -> pd.DataFrame:
    """Per scenario: who played, how often, the share of successful endings, the median of
    each trainee's best, and the step most trainees missed in their latest attempt."""
    a = r.attempts
    columns = ["练过的人数", "练习次数", "成功结局(%)", "个人最好成绩中位数(%)", "最常错过的一步"]
    if a.empty:
        return pd.DataFrame(columns=columns)
    latest = _latest(a)
    rows = []
    for (sid, title), group in a.groupby(["场景", "场景标题"], sort=False):
        people = group["学员"].nunique()
        miss = latest.loc[latest["场景"] == sid, ["文件"]].merge(r.missed)
        step = ""
        if not miss.empty:
            counts = (miss.groupby(["节点", "更好的说法"], sort=False)["学员"].nunique()
                      .sort_values(ascending=False, kind="stable"))
            (node, text), n = counts.index[0], int(counts.iloc[0])
            short = text if len(text) <= 24 else text[:24] + "…"
            step = f"{node}（{n}/{people} 人错过）更好的说法：{short}"
        rows.append({"场景": title, "练过的人数": people, "练习次数": len(group),
                     "成功结局(%)": percent(int(group["成功"].sum()), len(group)),
                     "个人最好成绩中位数(%)": float(
                         group.groupby("学员")["达到最佳(%)"].max().median()),
                     "最常错过的一步": step})
    return pd.DataFrame(rows).set_index("场景")[columns]


def summary(r: ClassRoleplays) -> str:
    lines = [f"角色扮演：{r.attempts['学员'].nunique()} 位学员完成了 {len(r.attempts)} 次练习"]
    if r.not_played:
        lines.append(f"花名册上还没练过的学员：{'、'.join(r.not_played)}")
    for name, reason in r.skipped:
        lines.append(f"跳过 {name}：{reason}")
    return "\n".join(lines)
