"""Check the drill banks the way scenarios are checked: every problem in Chinese, with the
file and line (part of ``crmkit scenario check --course``).

Rules: every question or product has the fields its drill shows, ids are unique, a SPIN
kind and context are ones the drill knows, a timing question has 2–4 options with the
right one among them, a note on every wrong option (the feedback a learner sees) and none
on the right one, and a FABE product's model answer passes the workbench's own check.
"""

from __future__ import annotations

from pathlib import Path

from crmkit.giveaway import Point, point, tally
from crmkit.roleplay import drills as d
from crmkit.roleplay.drill_banks import BANKS, DRILL_DIR
from crmkit.roleplay.loader import Problem, load_source

FIELDS = {
    "spin": ("questions", ("id", "context", "who", "kind", "text", "why")),
    "timing": ("questions", ("id", "text", "options", "answer", "why", "source")),
    "fabe": ("products", ("key", "name", "customer", "need", "facts", "model")),
}


def drill_files() -> list[Path]:
    return [DRILL_DIR / f"{name}.yaml" for name in BANKS]


def check_drill_file(path: str | Path) -> list[Problem]:
    """Every problem in the drill bank at ``path`` (its name says which drill)."""
    path = Path(path)
    name = path.stem
    if name not in FIELDS:
        return [Problem(str(path), None, f"不认识的练习题库“{name}”，"
                        f"文件名只能是 {'、'.join(f'{b}.yaml' for b in BANKS)}", "drill-name")]
    source, problems = load_source(path)
    if source is None:
        return problems
    key, fields = FIELDS[name]
    entries = source.data.get(key) if isinstance(source.data, dict) else None
    if not isinstance(entries, list) or not entries:
        return [Problem(str(path), 1, f"题库要有一个非空的 {key} 列表", "drill-shape")]
    out: list[Problem] = []

    def add(at: tuple, message: str, code: str) -> None:
        out.append(Problem(str(path), source.line(at), message, code))

    seen: dict[str, int] = {}
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict):
            add((key, i), f"第 {i + 1} 项应是一组“键: 值”", "drill-shape")
            continue
        for field in fields:
            value = entry.get(field)
            if value in (None, "", [], {}):
                add((key, i), f"第 {i + 1} 项缺少 {field}", "drill-missing")
        for extra in sorted(set(entry) - set(fields)):
            add((key, i, extra), f"第 {i + 1} 项有不认识的字段 {extra}", "drill-field")
        ident = str(entry.get(fields[0], ""))
        if ident in seen:
            add((key, i, fields[0]), f"编号 {ident} 和第 {seen[ident] + 1} 项重复了",
                "drill-duplicate")
        seen.setdefault(ident, i)
        RULES[name](key, i, entry, add)
    if name == "timing" and not out:
        found = tally(timing_points(entries, path)).problems()
        out += [Problem(str(path), None, f"电话时机题选项的长短泄露了答案：{message}",
                        "drill-length") for message in found]
    return out


def timing_points(questions: list[dict], path: str | Path = "timing.yaml") -> list[Point]:
    """Each (well-formed) timing question as a decision point for the length check."""
    return [point(f"{path} {q['id']}", [o["text"] for o in q["options"]],
                  "ABCD".index(q["answer"])) for q in questions]


def _spin(key: str, i: int, q: dict, add) -> None:
    if q.get("kind") not in d.SPIN_KINDS:
        add((key, i, "kind"), f"kind 只能是 {'、'.join(d.SPIN_KINDS)}（情况、难点、暗示、"
            f"需求-效益），这里是 {q.get('kind')!r}", "drill-kind")
    if q.get("context") not in d.SPIN_CONTEXTS:
        add((key, i, "context"), f"context 只能是 {'、'.join(d.SPIN_CONTEXTS)}，"
            f"这里是 {q.get('context')!r}", "drill-context")


def _timing(key: str, i: int, q: dict, add) -> None:
    options = q.get("options")
    if not isinstance(options, list) or not 2 <= len(options) <= 4:
        add((key, i, "options"), "options 要有 2 到 4 个选项", "drill-options")
        return
    letters = "ABCD"[:len(options)]
    if q.get("answer") not in letters:
        add((key, i, "answer"), f"answer 要是 {'、'.join(letters)} 中的一个字母，"
            f"这里是 {q.get('answer')!r}", "drill-answer")
        return
    for j, option in enumerate(options):
        if not isinstance(option, dict) or not str(option.get("text", "")).strip():
            add((key, i, "options", j), f"第 {j + 1} 个选项缺少 text", "drill-options")
            continue
        right = letters[j] == q["answer"]
        if right and option.get("note"):
            add((key, i, "options", j, "note"), "正确选项不写 note，点评写在 why",
                "drill-note")
        if not right and not str(option.get("note", "")).strip():
            add((key, i, "options", j), f"错误选项 {letters[j]} 要写 note，"
                "说明为什么不合适（学员选错时看到的就是它）", "drill-note")


def _fabe(key: str, i: int, p: dict, add) -> None:
    model = p.get("model")
    if not isinstance(model, dict) or sorted(model) != sorted(d.FABE_PARTS):
        add((key, i, "model"), "model 要有 F、A、B、E 四个部分", "drill-model")
        return
    result = d.check_fabe(p.get("key"), *(model[k] for k in d.FABE_PARTS))
    for part in result.parts:
        if not part.ok:
            add((key, i, "model", part.part), f"参考写法的{part.name}（{part.part}）"
                f"没有通过工作台的检查：{part.message}", "drill-model")


RULES = {"spin": _spin, "timing": _timing, "fabe": _fabe}
