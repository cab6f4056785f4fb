"""The machinery behind every self-check item: registry, feedback, answer kinds.

An item is declared once, with :func:`choice`, :func:`number` or :func:`members`.
The same declaration serves the kernel (``check(item_id, answer)`` in a notebook)
and the static book, where :meth:`Item.static_spec` gives the page what it needs to
judge an answer in the browser: the key travels as a hash, never in plain text.
"""

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


def key_hash(item_id: str, normalized: str) -> str:
    """FNV-1a (32 bit) of "item|answer": the same function runs in the page (quiz.js)."""
    value = 0x811C9DC5
    for byte in f"{item_id}|{normalized}".encode():
        value ^= byte
        value = (value * 0x01000193) & 0xFFFFFFFF
    return f"{value:08x}"


def normalize_members(items: Iterable[object]) -> str:
    """Ids as the page compares them: stripped, upper case, sorted, comma-joined."""
    return ",".join(sorted({str(x).strip().upper() for x in items if str(x).strip()}))


def split_members(text: str) -> list[str]:
    return [p for p in text.replace("，", ",").replace("、", ",").replace(" ", ",").split(",")
            if p.strip()]


@dataclass
class Item:
    """One exercise item. ``expected`` is computed lazily from crmkit, never typed in."""

    item_id: str
    kind: str  # "choice", "number" or "members"
    hint: str
    skills: tuple[str, ...] = field(default_factory=tuple)
    correct: str | None = None
    why: dict[str, str] | None = None
    expected: Callable[[], object] | None = None
    tolerance: float = 0.0
    unit: str = ""
    noun: str = "客户"

    @property
    def module(self) -> str:
        return self.item_id.split(".")[0]

    # -- judging in a kernel ------------------------------------------------------
    def judge(self, answer: object) -> tuple[bool, str]:
        return getattr(self, f"_judge_{self.kind}")(answer)

    def _judge_choice(self, answer: object) -> tuple[bool, str]:
        if not isinstance(answer, str):
            return False, f"请用字母作答（例如 \"A\"），收到的是 {answer!r}"
        letter = answer.strip().upper()[:1]
        if letter not in self.why:
            return False, f"选项只有 {'、'.join(self.why)}，收到的是 {answer!r}"
        return letter == self.correct, self.why[letter]

    def _judge_number(self, answer: object) -> tuple[bool, str]:
        value = as_number(answer)
        if value is None:
            return False, f"需要一个数字，收到的是 {answer!r}"
        expected = float(self.expected())
        if abs(value - expected) <= self.tolerance + 1e-9:
            return True, f"{value:g}{self.unit}，与标准答案一致"
        return False, f"{value:g}{self.unit} {'偏大' if value > expected else '偏小'}了"

    def _judge_members(self, answer: object) -> tuple[bool, str]:
        # ids compare case-insensitively, as in the page (normalize_members)
        want = {str(x).strip().upper() for x in self.expected()}
        if isinstance(answer, str):
            got = {p.strip().upper() for p in split_members(answer)}
        else:
            try:
                got = {str(x).strip().upper() for x in answer}  # type: ignore[union-attr]
            except TypeError:
                return False, (f"需要一组{self.noun}编号（列表或用逗号分隔的文字），"
                               f"收到的是 {answer!r}")
        missing, extra = sorted(want - got), sorted(got - want)
        if not missing and not extra:
            return True, f"这 {len(want)} 位{self.noun}都找对了"
        parts = []
        if missing:
            parts.append(f"漏了 {len(missing)} 位")
        if extra:
            parts.append(f"多选了 {'、'.join(extra)}")
        return False, "，".join(parts)

    # -- judging in the static page ------------------------------------------------
    def decimals(self) -> int:
        """How many decimals the page rounds a numeric answer to before hashing it."""
        if self.tolerance <= 0:
            return 0
        return max(0, -math.floor(math.log10(self.tolerance)))

    def static_spec(self) -> dict:
        """What the page's quiz script needs: the kind, the hashed key, hint, feedback."""
        spec: dict = {"item": self.item_id, "kind": self.kind, "hint": self.hint}
        if self.kind == "choice":
            spec["options"] = list(self.why)
            spec["feedback"] = dict(self.why)
            spec["key"] = key_hash(self.item_id, self.correct)
        elif self.kind == "number":
            spec["decimals"] = self.decimals()
            rounded = round(float(self.expected()), spec["decimals"])
            spec["key"] = key_hash(self.item_id, f"{rounded:.{spec['decimals']}f}")
            spec["unit"] = self.unit
        else:
            spec["key"] = key_hash(self.item_id, normalize_members(self.expected()))
            spec["noun"] = self.noun
        return spec


ITEMS: dict[str, Item] = {}


def _add(item: Item) -> Item:
    if item.item_id in ITEMS:
        raise ValueError(f"duplicate self-check item {item.item_id}")
    ITEMS[item.item_id] = item
    return item


def choice(item_id: str, correct: str, why: dict[str, str], hint: str,
           skills: Iterable[str] = ()) -> Item:
    """A single-letter choice; ``why`` explains every option, the right one included."""
    if correct not in why:
        raise ValueError(f"{item_id}: correct option {correct!r} not among {list(why)}")
    return _add(Item(item_id, "choice", hint, tuple(skills), correct=correct, why=dict(why)))


def number(item_id: str, expected: Callable[[], float], tolerance: float, hint: str,
           unit: str = "", skills: Iterable[str] = ()) -> Item:
    """A numeric answer within ``tolerance`` of ``expected()``."""
    return _add(Item(item_id, "number", hint, tuple(skills), expected=expected,
                     tolerance=tolerance, unit=unit))


def members(item_id: str, expected: Callable[[], Iterable[object]], hint: str,
            noun: str = "客户", skills: Iterable[str] = ()) -> Item:
    """A set of ids (list, set, Series or comma-separated text); order does not matter."""
    return _add(Item(item_id, "members", hint, tuple(skills), expected=expected, noun=noun))


def _is_blank(answer: object) -> bool:
    if answer is None or answer is Ellipsis:
        return True
    if isinstance(answer, str) and not answer.strip():
        return True
    try:
        return len(answer) == 0  # type: ignore[arg-type]
    except TypeError:
        return False


ANSWER_LOG: dict[str, Feedback] = {}


def check(item_id: str, answer: object) -> Feedback:
    """Judge ``answer`` for exercise ``item_id`` and explain the verdict in Chinese."""
    item = ITEMS.get(str(item_id).strip())
    if item is None:
        known = "、".join(sorted(ITEMS, key=_item_order))
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
    feedback = Feedback(item.item_id, ok, message)
    ANSWER_LOG[item.item_id] = feedback
    return feedback


def _item_order(item_id: str) -> tuple[int, ...]:
    return tuple(int(p) if p.isdigit() else 0 for p in item_id.split("."))


# ---- answer parsing -------------------------------------------------------------

def as_number(answer: object) -> float | None:
    """A number from an int, float, numpy scalar or a string such as "52.5" or "45.0%" (→ 45.0)."""
    if isinstance(answer, bool):
        return None
    if isinstance(answer, str):
        text = answer.strip().replace(",", "").replace("，", "")
        text = text.rstrip("%％").strip()  # "45.0%" means 45.0 in a percent answer
        try:
            value = float(text)
        except ValueError:
            return None
        return value if math.isfinite(value) else None
    try:
        value = float(answer)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return value if math.isfinite(value) else None
