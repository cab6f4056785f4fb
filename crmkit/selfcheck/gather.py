"""Gather a class's answer files into tables a trainer can read.

``gather(folder)`` reads every ``answers-*.json`` in a folder and never stops on one
bad file: a file it cannot use is listed in ``Gathered.skipped`` with a Chinese reason
and what to do, and the rest of the class is still counted. Learners are grouped by
:func:`learner_key`, so "张三", " 张三 " and "张三　" (full-width space) are one learner.

:func:`sample_class` (or ``python -m crmkit.selfcheck.gather --out FOLDER``) writes a
synthetic class from the current banks (for trying the trainer notebook before a real class
exists; the trainer notebook makes it each time it runs).
"""

from __future__ import annotations

import argparse
import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import numpy as np
import pandas as pd

from crmkit.errors import CrmkitError
from crmkit.selfcheck.core import ITEMS
from crmkit.selfcheck.export import FORMAT, clean_name

FORMAT_FAMILY = "crmkit-answers/"
RIGHT, WRONG, SKIPPED = "答对", "答错", "跳过"
_COPY_SUFFIX = re.compile(r"^(?P<stem>.*?)\s*[(（](?P<n>\d+)[)）]$")
ANSWER_COLUMNS = ["学员", "模块", "题号", "答对", "技能", "文件", "学员键"]
_CLASS_TIME = timezone(timedelta(hours=8))  # the synthetic class sits in Beijing time
ATTEMPT_COLUMNS = ["学员", "学员键", "模块", "题号", "次序", "答案", "答对", "时间"]


def learner_key(name: object) -> str:
    """The key learners are grouped by: NFKC, stripped, inner spaces collapsed, case-folded.

    The same cleaning as the export's file name (:func:`crmkit.selfcheck.export.clean_name`),
    plus case folding so that ``ZhangSan`` and ``zhangsan`` are one learner.
    """
    return clean_name(name).casefold()


def item_order(item_id: str) -> list:
    """Sort key for item ids: "2.10" after "2.9"; ids that are not numbers sort last."""
    parts = str(item_id).split(".")
    return [(0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts]


def module_order(module: str) -> tuple:
    return (0, int(module), "") if str(module).isdigit() else (1, 0, str(module))


@dataclass
class Gathered:
    """What :func:`gather` found in a folder.

    ``answers``: one row per learner × item × skill (columns 学员, 模块, 题号, 答对, 技能,
    文件, 学员键), only items this version of the course knows, one export per learner
    and module. ``exports``: the files used (学员, 学员键, 模块, 文件). ``skipped``:
    (file name, Chinese reason). ``unknown_items``: (file name, item ids this version does
    not know; left out of every rate). ``duplicates``: (kept file, dropped files).
    ``attempts``: every try of the used files, one row per learner × item × try (columns
    学员, 学员键, 模块, 题号, 次序 from 1, 答案, 答对, 时间); files exported before tries
    were recorded have none, and their first try counts as unknown.
    ``roster_missing``: roster names with no usable file; ``roster_unknown``: learners
    whose files are not on the roster.
    """

    folder: Path
    answers: pd.DataFrame
    exports: pd.DataFrame
    skipped: list[tuple[str, str]] = field(default_factory=list)
    unknown_items: list[tuple[str, list[str]]] = field(default_factory=list)
    duplicates: list[tuple[str, list[str]]] = field(default_factory=list)
    attempts: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=ATTEMPT_COLUMNS))
    roster_missing: list[str] = field(default_factory=list)
    roster_unknown: list[str] = field(default_factory=list)
    #: How the summary names the class (default: 文件夹 <folder name>).
    label: str = ""

    @property
    def learners(self) -> list[str]:
        return list(dict.fromkeys(self.exports["学员"]))


def _skip(reason: str, hint: str) -> str:
    return f"{reason}。处理办法：{hint}"


def _check_record(path: Path) -> tuple[dict | None, str | None]:
    """(record, None) for a usable file, else (None, Chinese reason with what to do)."""
    redo = "请这位学员重新导出这个模块的作答记录，不要手工修改文件"
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, _skip("文件不是 UTF-8 编码的文本，读不出来", redo)
    except OSError as err:
        return None, _skip(f"文件打不开（{err.strerror or err}）",
                           "检查文件是否还在、是否有读取权限")
    if not text.strip():
        return None, _skip("文件是空的", redo)
    try:
        record = json.loads(text)
    except json.JSONDecodeError:
        return None, _skip("内容不完整或不是 JSON（可能下载或复制时被截断）", redo)
    if not isinstance(record, dict) or "format" not in record:
        return None, _skip("不是课程包导出的作答记录（没有 format 字段）",
                           "确认这是学员从练习笔记本或练习网页导出的 answers-*.json 文件")
    fmt = record["format"]
    if fmt != FORMAT:
        where = ("另一个版本的课程包" if isinstance(fmt, str) and fmt.startswith(FORMAT_FAMILY)
                 else "别的程序")
        return None, _skip(f"格式是 {fmt!r}，来自{where}，本版本只读 {FORMAT!r}",
                           "请学员用本版本课程包的练习笔记本或练习网页重新导出")
    learner = record.get("learner")
    if not isinstance(learner, str) or not learner_key(learner):
        what = "缺少学员姓名（learner 字段）" if learner is None else "学员姓名是空的"
        return None, _skip(what, "请学员在导出时填写姓名或学号后重新导出")
    module = record.get("module")
    if not isinstance(module, (str, int)) or isinstance(module, bool) or not str(module).strip():
        return None, _skip("缺少模块编号（module 字段）", redo)
    module = str(module).strip()
    items = record.get("items")
    if not isinstance(items, list):
        return None, _skip("没有题目清单（items 字段）", redo)
    for n, entry in enumerate(items, 1):
        if (not isinstance(entry, dict) or not isinstance(entry.get("item"), str)
                or not isinstance(entry.get("ok"), bool)):
            return None, _skip(f"第 {n} 条作答的格式不对（需要 item 和 ok）", redo)
        tries = entry.get("attempts", [])
        if not isinstance(tries, list) or not all(
                isinstance(t, dict) and isinstance(t.get("ok"), bool)
                and isinstance(t.get("answer"), str) for t in tries):
            return None, _skip(f"第 {n} 条作答（{entry['item']}）的尝试记录格式不对"
                               "（attempts 里每次需要 answer 和 ok）", redo)
    others = sorted({e["item"].split(".")[0] for e in items} - {module}, key=module_order)
    if others:
        return None, _skip(f"文件写的是模块 {module}，里面却有模块 {'、'.join(others)} 的题",
                           "请学员在对应模块的页面重新导出；文件名里的模块号要和内容一致")
    record = dict(record, learner=learner, module=module)
    return record, None


def _exported_at(record: dict) -> datetime | None:
    value = record.get("exported_at")
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _name_order(name: str) -> tuple:
    """File name order where a browser's copy "x (1).json" comes after "x.json"."""
    stem = name[:-5] if name.endswith(".json") else name
    match = _COPY_SUFFIX.match(stem)
    return (match["stem"], int(match["n"])) if match else (stem, 0)


def _latest(group: list[tuple[Path, dict]]) -> tuple[Path, dict]:
    """The latest export: by ``exported_at`` when every file has one, else by file time;
    equal times fall back to file name order (a "(1)" copy counts as later)."""
    if all(_exported_at(r) for _, r in group):
        return max(group, key=lambda pr: (_exported_at(pr[1]), _name_order(pr[0].name)))
    return max(group, key=lambda pr: (os.stat(pr[0]).st_mtime_ns, _name_order(pr[0].name)))


def read_roster(roster: str | Path | Iterable[str]) -> list[str]:
    """Names from a roster file (one per line, ``#`` starts a comment) or a list of names."""
    if isinstance(roster, (str, Path)):
        path = Path(roster)
        try:
            lines = path.read_text(encoding="utf-8-sig").splitlines()
        except (OSError, UnicodeDecodeError) as err:
            raise CrmkitError("花名册读不出来", file=str(path),
                              hint="花名册应是 UTF-8 文本文件，每行一个姓名") from err
    else:
        lines = list(roster)
    names = [clean_name(line.split("#", 1)[0]) for line in lines]
    return list(dict.fromkeys(n for n in names if n))


def gather(folder: str | Path, roster: str | Path | Iterable[str] | None = None,
           files: Iterable[str | Path] | None = None, label: str = "") -> Gathered:
    """Read every ``answers-*.json`` in ``folder``; see :class:`Gathered` for what comes back.

    ``files``: read these answer files instead (the classroom hub gathers them from every
    trainee's home); ``folder`` then only names the class in titles. ``label``: how the
    summary names the class instead of 文件夹 <folder name>.
    Raises only when there is no answer file at all (or the roster cannot be read).
    """
    folder = Path(folder)
    found = folder.glob("answers-*.json") if files is None else map(Path, files)
    paths = sorted(found, key=lambda p: _name_order(p.name))
    if not paths:
        raise CrmkitError("文件夹里没有作答记录（answers-*.json）", file=str(folder),
                          hint="把学员交来的文件放进同一个文件夹")
    skipped, unknown, duplicates = [], [], []
    groups: dict[tuple[str, str], list[tuple[Path, dict]]] = {}
    display: dict[str, str] = {}
    for path in paths:
        record, reason = _check_record(path)
        if record is None:
            skipped.append((path.name, reason))
            continue
        key = learner_key(record["learner"])
        display.setdefault(key, clean_name(record["learner"]))
        groups.setdefault((key, record["module"]), []).append((path, record))

    answer_rows, export_rows, attempt_rows = [], [], []
    for (key, module), group in sorted(groups.items(),
                                       key=lambda kv: (module_order(kv[0][1]), kv[0][0])):
        path, record = _latest(group) if len(group) > 1 else group[0]
        if len(group) > 1:
            duplicates.append((path.name, sorted((p.name for p, _ in group if p != path),
                                                 key=_name_order)))
        export_rows.append({"学员": display[key], "学员键": key, "模块": module,
                            "文件": path.name})
        seen, strange = set(), []
        for entry in record["items"]:
            item = entry["item"]
            if item not in ITEMS or ITEMS[item].module != module:
                strange.append(item)
                continue
            if item in seen:
                continue
            seen.add(item)
            for n, attempt in enumerate(entry.get("attempts", []), 1):
                attempt_rows.append({"学员": display[key], "学员键": key, "模块": module,
                                     "题号": item, "次序": n, "答案": attempt["answer"],
                                     "答对": attempt["ok"], "时间": attempt.get("at", "")})
            for skill in entry.get("skills") or list(ITEMS[item].skills) or ["未分类"]:
                answer_rows.append({"学员": display[key], "模块": module, "题号": item,
                                    "答对": entry["ok"], "技能": str(skill), "文件": path.name,
                                    "学员键": key})
        if strange:
            unknown.append((path.name, list(dict.fromkeys(strange))))

    roster_missing, roster_unknown = [], []
    if roster is not None:
        names = read_roster(roster)
        on_roster = {learner_key(n) for n in names}
        exported = {r["学员键"] for r in export_rows}
        roster_missing = [n for n in names if learner_key(n) not in exported]
        roster_unknown = [display[k] for k in dict.fromkeys(r["学员键"] for r in export_rows)
                          if k not in on_roster]
    skipped.sort(key=lambda s: _name_order(s[0]))
    unknown.sort(key=lambda s: _name_order(s[0]))
    duplicates.sort(key=lambda s: _name_order(s[0]))
    return Gathered(folder=folder,
                    answers=pd.DataFrame(answer_rows, columns=ANSWER_COLUMNS),
                    exports=pd.DataFrame(export_rows, columns=["学员", "学员键", "模块", "文件"]),
                    skipped=skipped, unknown_items=unknown, duplicates=duplicates,
                    attempts=pd.DataFrame(attempt_rows, columns=ATTEMPT_COLUMNS),
                    roster_missing=roster_missing, roster_unknown=roster_unknown,
                    label=label)


def summary(g: Gathered) -> str:
    """A few Chinese lines: what was counted and every file the trainer should look at."""
    answers = g.answers
    lines = [f"{g.label or '文件夹 ' + g.folder.name}：用上 {len(g.exports)} 个文件，"
             f"{g.exports['学员键'].nunique()} 位学员、{answers['题号'].nunique()} 道题。"]
    if g.skipped:
        lines.append(f"没有计入的文件（{len(g.skipped)} 个）：")
        lines += [f"  - {name}：{reason}" for name, reason in g.skipped]
    if g.unknown_items:
        lines.append("本版本课程包没有的题号（已排除在统计之外，可能来自另一个版本）：")
        lines += [f"  - {name}：{'、'.join(ids)}" for name, ids in g.unknown_items]
    if g.duplicates:
        lines.append("同一学员同一模块有多个文件（只用最新导出的一个）：")
        lines += [f"  - 使用 {kept}，不用 {'、'.join(dropped)}" for kept, dropped in g.duplicates]
    if g.roster_missing:
        lines.append(f"花名册上还没交文件的学员：{'、'.join(g.roster_missing)}")
    if g.roster_unknown:
        lines.append(f"交了文件但不在花名册上的姓名（核对是否写错）：{'、'.join(g.roster_unknown)}")
    if len(lines) == 1:
        lines.append("所有文件都已计入，没有需要处理的问题。")
    return "\n".join(lines)


def _answers(data: Gathered | pd.DataFrame) -> pd.DataFrame:
    return data.answers if isinstance(data, Gathered) else data


FIRST_UNKNOWN = "未记录"


def item_status(g: Gathered) -> pd.DataFrame:
    """One row per learner × item of every module the learner exported: 状态 答对, 答错 or
    跳过 (the latest verdict), 首次 答对 or 答错 (the first try; 未记录 for a file from
    before tries were recorded; empty when skipped) and 尝试次数 (0 when skipped or unknown).

    An item of an exported module that the file does not answer counts as 跳过 (skipped).
    """
    answers = g.answers
    per_item = dict(zip(zip(answers["学员键"], answers["题号"], strict=True), answers["答对"],
                        strict=True))
    counted = g.attempts.groupby(["学员键", "题号"], sort=False)["答对"].agg(["first", "size"])
    # a dict, not .loc per row: a class of 30 has thousands of rows
    tries = dict(zip(counted.index, zip(counted["first"], counted["size"], strict=True),
                     strict=True))
    by_module: dict[str, list[str]] = {}
    for item in sorted(ITEMS, key=item_order):
        by_module.setdefault(ITEMS[item].module, []).append(item)
    rows = []
    for export in g.exports.itertuples(index=False):
        for item in by_module.get(export.模块, []):
            ok = per_item.get((export.学员键, item))
            status = SKIPPED if ok is None else RIGHT if ok else WRONG
            first, n = "", 0
            if ok is not None:
                if (export.学员键, item) in tries:
                    first_ok, n = tries[export.学员键, item]
                    first = RIGHT if first_ok else WRONG
                else:
                    first = FIRST_UNKNOWN
            rows.append({"学员": export.学员, "学员键": export.学员键, "模块": export.模块,
                         "题号": item, "状态": status, "首次": first, "尝试次数": int(n)})
    return pd.DataFrame(rows, columns=["学员", "学员键", "模块", "题号", "状态", "首次",
                                       "尝试次数"])


def scores_by_module(data: Gathered | pd.DataFrame) -> pd.DataFrame:
    """Percent right of the items answered, per learner (rows) and module (columns).

    Skipped items are not in the rate; :func:`stuck_by_learner` counts them.
    """
    answers = _answers(data)
    key = "学员键" if "学员键" in answers else "学员"
    per_item = answers.drop_duplicates([key, "题号"])
    table = per_item.pivot_table(index="学员", columns="模块", values="答对", aggfunc="mean")
    table = table[sorted(table.columns, key=module_order)]
    table = (table * 100).round(1)
    table.columns = [f"模块{c}" for c in table.columns]
    return table


def scores_by_skill(data: Gathered | pd.DataFrame) -> pd.DataFrame:
    """Percent right per skill across the class, weakest first (skips not counted as wrong)."""
    table = _answers(data).groupby("技能")["答对"].agg(["mean", "size"])
    table = table.rename(columns={"mean": "答对率(%)", "size": "作答次数"})
    table["答对率(%)"] = (table["答对率(%)"] * 100).round(1)
    return table.sort_values(["答对率(%)", "作答次数"], ascending=[True, False], kind="stable")


def _skills_of(items: Iterable[str]) -> str:
    counts: dict[str, int] = {}
    for item in items:
        for skill in ITEMS[item].skills:
            counts[skill] = counts.get(skill, 0) + 1
    return "、".join(s for s, _ in sorted(counts.items(), key=lambda sc: -sc[1]))


def stuck_by_learner(g: Gathered) -> pd.DataFrame:
    """Per learner: how many right (latest verdict), right at the first try, wrong and
    skipped; which items were wrong, right only after a wrong try, or skipped (a module
    with every item skipped is written "模块2全部12道"), and the skills of the wrong items
    (most frequent first). Most wrong first, then most skipped."""
    status = item_status(g)
    rows = []
    for learner, part in status.groupby("学员", sort=False):
        wrong = part.loc[part["状态"] == WRONG, "题号"].tolist()
        skipped = part.loc[part["状态"] == SKIPPED, "题号"].tolist()
        skipped_text = []
        for module, items in part.groupby("模块", sort=False)[["题号", "状态"]]:
            gone = items.loc[items["状态"] == SKIPPED, "题号"].tolist()
            if gone and len(gone) == len(items):
                skipped_text.append(f"模块{module}全部{len(gone)}道")
            else:
                skipped_text += gone
        retried = part.loc[(part["状态"] == RIGHT) & (part["首次"] == WRONG), "题号"].tolist()
        rows.append({"学员": learner, RIGHT: int((part["状态"] == RIGHT).sum()),
                     "首次答对": int((part["首次"] == RIGHT).sum()),
                     WRONG: len(wrong), SKIPPED: len(skipped),
                     "答错的题": "、".join(wrong), "改了才答对的题": "、".join(retried),
                     "跳过的题": "、".join(skipped_text),
                     "答错涉及的技能": _skills_of(wrong)})
    table = pd.DataFrame(rows, columns=["学员", RIGHT, "首次答对", WRONG, SKIPPED, "答错的题",
                                        "改了才答对的题", "跳过的题", "答错涉及的技能"])
    table = table.sort_values([WRONG, SKIPPED], ascending=False, kind="stable")
    return table.set_index("学员")


def most_chosen_wrong(g: Gathered) -> dict[str, str]:
    """Per item, the wrong answer most learners tried (each learner counted once per
    answer), written "C（5 人）"; ties go to the answer first in sort order."""
    wrong = g.attempts.loc[~g.attempts["答对"].astype(bool)]
    wrong = wrong.drop_duplicates(["学员键", "题号", "答案"])
    out = {}
    for item, part in wrong.groupby("题号", sort=False):
        answer, n = min(part["答案"].value_counts().items(), key=lambda ac: (-ac[1], ac[0]))
        out[item] = f"{answer}（{n} 人）"
    return out


def item_summary(g: Gathered) -> pd.DataFrame:
    """Per item: the class's right rate (latest verdict) and first-try rate among those who
    answered (first try only where recorded), mean tries, the most chosen wrong answer, how
    many answered, right and skipped."""
    status = item_status(g)
    wrong_answer = most_chosen_wrong(g)
    rows = []
    for item, part in status.groupby("题号", sort=False):
        answered = int((part["状态"] != SKIPPED).sum())
        right = int((part["状态"] == RIGHT).sum())
        known = part.loc[part["首次"].isin([RIGHT, WRONG])]
        first = int((known["首次"] == RIGHT).sum())
        rows.append({"题号": item, "模块": ITEMS[item].module,
                     "答对率(%)": round(100 * right / answered, 1) if answered else np.nan,
                     "首次答对率(%)": round(100 * first / len(known), 1) if len(known) else np.nan,
                     "平均尝试次数": round(known["尝试次数"].mean(), 1) if len(known) else np.nan,
                     "最常见的错答": wrong_answer.get(item, ""),
                     "作答人数": answered, "答对人数": right,
                     "跳过人数": int((part["状态"] == SKIPPED).sum()),
                     "技能": "、".join(ITEMS[item].skills)})
    table = pd.DataFrame(rows, columns=["题号", "模块", "答对率(%)", "首次答对率(%)",
                                        "平均尝试次数", "最常见的错答", "作答人数", "答对人数",
                                        "跳过人数", "技能"])
    table = table.iloc[sorted(range(len(table)), key=lambda i: item_order(table["题号"].iat[i]))]
    return table.set_index("题号")


def weakest_by_skill(g: Gathered, n: int = 3) -> pd.DataFrame:
    """Per skill: class right rate, answers, skips, and the ``n`` weakest learners on it
    (lowest rate of those below 100 %, ties by name order). Weakest skill first."""
    by_skill = scores_by_skill(g)
    status = item_status(g)
    skipped: dict[str, int] = {}
    for item in status.loc[status["状态"] == SKIPPED, "题号"]:
        for skill in ITEMS[item].skills:
            skipped[skill] = skipped.get(skill, 0) + 1
    learners = g.answers.groupby(["技能", "学员"], sort=False)["答对"].mean()
    weakest = []
    for skill in by_skill.index:
        rates = [(r, who) for who, r in learners.loc[skill].items() if r < 1]
        weakest.append("、".join(f"{who}（{100 * r:.0f}%）" for r, who in sorted(rates)[:n]))
    table = by_skill.copy()
    table["跳过次数"] = [skipped.get(s, 0) for s in table.index]
    table["最薄弱的学员"] = weakest
    return table


def _constant(value):
    return lambda: value


def _sample_wrong_answers(item, rng: np.random.Generator) -> list[str]:
    """Wrong answers a learner might try, most tempting first (the page's answer text)."""
    from crmkit.selfcheck.core import normalize_members, round_decimal

    if item.kind == "choice":
        wrong = [o for o in item.why if o != item.correct]
        return [wrong[i] for i in rng.permutation(len(wrong))]
    if item.kind == "number":
        centre = float(item.expected())
        places = item.decimals()
        slips = [1.1, 0.9, 100.0, 0.01, 1.25]  # a rounding slip, a percent read as a fraction
        values = [round_decimal(repr(centre * f + (1 if centre == 0 else 0)), places)
                  for f in slips]
        accepted = set(item.accepted())  # computes the expected value again: once, not per slip
        return [v for v in dict.fromkeys(values) if v not in accepted]
    ids = sorted(str(x) for x in item.expected())
    return [normalize_members(ids[:i] + ids[i + 1:]) for i in range(len(ids))][:3] or ["?"]


def sample_records(n_learners: int = 12, seed: int = 2026) -> list[dict]:
    """A synthetic class: each learner answers every registered item; ability varies.

    Each item's tries: the first is right with a probability set by ability minus
    difficulty; after a wrong try the learner tries again (up to three more times), most
    often with the item's most tempting wrong answer first. Times run from 09:00 on a
    fixed day, a minute or two per try.
    """
    from crmkit.selfcheck.core import Item

    rng = np.random.default_rng(seed)
    items: list[Item] = sorted(ITEMS.values(), key=lambda i: [int(p) for p in i.item_id.split(".")])
    # each computed answer once (from the case data), not again for each use below
    items = [replace(item, expected=_constant(item.expected())) if item.expected else item
             for item in items]
    ability = rng.normal(0.8, 0.8, n_learners)
    difficulty = rng.normal(0.0, 0.7, len(items))
    p_right = 1 / (1 + np.exp(-(ability[:, None] - difficulty[None, :])))
    tempting = [_sample_wrong_answers(item, rng) for item in items]
    right_text = {item.item_id: item.answer_text(item.correct if item.kind == "choice"
                                                  else item.expected()) for item in items}
    start = datetime(2026, 3, 2, 9, 0, tzinfo=_CLASS_TIME)
    records = []
    for i in range(n_learners):
        by_module: dict[str, list] = {}
        clock = start
        for j, item in enumerate(items):
            attempts = []
            for n in range(4):
                clock += pd.Timedelta(seconds=int(rng.integers(40, 150)))
                ok = bool(rng.random() < p_right[i, j] * (1 if n == 0 else 1.3))
                if ok:
                    answer = right_text[item.item_id]
                else:  # the most tempting wrong answer first, then any other
                    pool = tempting[j]
                    used = {a["answer"] for a in attempts}
                    fresh = [w for w in pool if w not in used] or pool
                    pick = 0 if rng.random() < 0.6 else int(rng.integers(len(fresh)))
                    answer = fresh[pick]
                attempts.append({"at": clock.isoformat(timespec="seconds"), "answer": answer,
                                 "ok": ok})
                if ok or rng.random() < 0.35:  # right, or gives up after this wrong try
                    break
            by_module.setdefault(item.module, []).append(
                {"item": item.item_id, "ok": attempts[-1]["ok"], "skills": list(item.skills),
                 "attempts": attempts})
        for module, entries in by_module.items():
            records.append({"format": FORMAT, "learner": f"学员{i + 1:02d}", "module": module,
                            "exported_at": clock.isoformat(timespec="seconds"),
                            "items": entries})
    return records


def sample_class(folder: str | Path, n_learners: int = 12, seed: int = 2026) -> Path:
    """Write a synthetic class's answer files (:func:`sample_records`) into ``folder``, made
    from the current banks each time, so a trainer can try the report before a real class.
    Files of an earlier sample there are replaced; nothing else in the folder is touched."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("answers-m*-学员[0-9][0-9].json"):
        old.unlink()
    for record in sample_records(n_learners, seed):
        path = out / f"answers-m{record['module']}-{record['learner']}.json"
        path.write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crmkit.selfcheck.gather",
                                     description="生成一个合成班级的作答记录，用于试用培训师汇总笔记本")
    parser.add_argument("--n", type=int, default=12)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    sample_class(args.out, args.n, args.seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
