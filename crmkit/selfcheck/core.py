"""The machinery behind every self-check item: registry, feedback, answer kinds."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer. ``ok`` is None when nothing was answered yet."""

    item: str
    ok: bool | None
    message: str

    def __repr__(self) -> str:
        mark = {True: "✅ 正确", False: "❌ 还不对", None: "✏️ 还没有作答"}[self.ok]
        return f"[{self.item}] {mark}：{self.message}"


@dataclass
class Item:
    """One exercise item: its id, a judge turning an answer into (ok, message), a hint."""

    item_id: str
    judge: Callable[[object], tuple[bool, str]]
    hint: str
    skills: tuple[str, ...] = field(default_factory=tuple)


ITEMS: dict[str, Item] = {}


def register(item_id: str, hint: str, skills: Iterable[str] = ()):
    """Decorator: register ``judge(answer) -> (ok, message)`` under ``item_id``."""

    def wrap(judge: Callable[[object], tuple[bool, str]]):
        ITEMS[item_id] = Item(item_id, judge, hint, tuple(skills))
        return judge

    return wrap


def _is_blank(answer: object) -> bool:
    if answer is None or answer is Ellipsis:
        return True
    if isinstance(answer, str) and not answer.strip():
        return True
    try:
        return len(answer) == 0  # type: ignore[arg-type]
    except TypeError:
        return False


def check(item_id: str, answer: object) -> Feedback:
    """Judge ``answer`` for exercise ``item_id`` and explain the verdict in Chinese."""
    item = ITEMS.get(str(item_id).strip())
    if item is None:
        known = "、".join(sorted(ITEMS))
        return Feedback(str(item_id), False, f"没有编号为 {item_id!r} 的题目。现有题号：{known}")
    if _is_blank(answer):
        return Feedback(item.item_id, None,
                        f"把答案填进上面的单元格后再运行本格。提示：{item.hint}")
    try:
        ok, message = item.judge(answer)
    except Exception as err:  # a learner's odd object must never crash the check
        ok, message = False, f"这个答案无法判断（{type(err).__name__}），请按题目要求的格式作答"
    if not ok:
        message = f"{message}。提示：{item.hint}"
    return Feedback(item.item_id, ok, message)


# ---- answer kinds -------------------------------------------------------------

def as_number(answer: object) -> float | None:
    """A number from an int, float, numpy scalar or a string such as "52.5" or "45.0%" (→ 45.0)."""
    if isinstance(answer, bool):
        return None
    if isinstance(answer, str):
        text = answer.strip().replace(",", "").replace("，", "")
        text = text.rstrip("%％").strip()  # "45.0%" means 45.0 in a percent answer
        try:
            return float(text)
        except ValueError:
            return None
    try:
        value = float(answer)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None


def judge_number(expected: float, tolerance: float, unit: str = "") -> Callable:
    """Judge a numeric answer within ``tolerance`` of ``expected``."""

    def judge(answer: object) -> tuple[bool, str]:
        value = as_number(answer)
        if value is None:
            return False, f"需要一个数字，收到的是 {answer!r}"
        if abs(value - expected) <= tolerance:
            return True, f"{value:g}{unit}，与标准答案一致"
        direction = "偏大" if value > expected else "偏小"
        return False, f"{value:g}{unit} {direction}了"

    return judge


def judge_choice(correct: str, why: dict[str, str]) -> Callable:
    """Judge a single-letter choice; ``why`` explains each option."""

    def judge(answer: object) -> tuple[bool, str]:
        if not isinstance(answer, str):
            return False, f"请用字母作答（例如 \"{correct}\"），收到的是 {answer!r}"
        letter = answer.strip().upper()[:1]
        if letter not in why:
            return False, f"选项只有 {'、'.join(why)}，收到的是 {answer!r}"
        return letter == correct, why[letter]

    return judge


def judge_set(expected: Iterable[str], noun: str = "客户") -> Callable:
    """Judge a collection of ids (list, set, Series, comma-separated string)."""
    want = {str(x) for x in expected}

    def judge(answer: object) -> tuple[bool, str]:
        if isinstance(answer, str):
            items = {p.strip() for p in answer.replace("，", ",").split(",") if p.strip()}
        else:
            try:
                items = {str(x).strip() for x in answer}  # type: ignore[union-attr]
            except TypeError:
                return False, f"需要一组{noun}编号（列表或用逗号分隔的文字），收到的是 {answer!r}"
        missing, extra = sorted(want - items), sorted(items - want)
        if not missing and not extra:
            return True, f"这 {len(want)} 位{noun}都找对了"
        parts = []
        if missing:
            parts.append(f"漏了 {len(missing)} 位")
        if extra:
            parts.append(f"多选了 {'、'.join(extra)}")
        return False, "，".join(parts)

    return judge
