"""The machinery behind every self-check item: registry, feedback, answer kinds.

An item is declared once, with :func:`choice`, :func:`number` or :func:`members`.
The same declaration serves the kernel (``check(item_id, answer)`` in a notebook)
and the static book, where :meth:`Item.static_spec` gives the page what it needs to
judge an answer in the browser: the key travels as a hash, never in plain text.

One judging rule, mirrored line for line in ``static/quiz.js`` so that the kernel
and the page always give the same verdict (tests/unit/test_quiz_equivalence.py):

* Text is first folded: full-width ASCII (``Ｂ``, ``５``, ``，``, ``％``, ``．``) becomes
  ASCII. "Space" means exactly JavaScript's ``\\s`` set (:data:`SPACES`). A blank
  answer is "not answered yet", never right or wrong.
* choice: spaces are stripped, the first character upper-cased, and it must be an option.
* members: the text is split on ``,`` ``、`` ``;`` and spaces; ids are stripped,
  upper-cased and de-duplicated; the answer is right when the set equals the key's.
* number: spaces and ``,`` are removed anywhere, one trailing ``%`` is dropped, and
  what is left must be ``[-+]digits[.digits][e[-+]digits]`` (ASCII digits, at most
  64 characters, finite as a double). That decimal text is rounded to the item's
  ``decimals`` on its digits, half away from zero (never through a binary float), and
  the answer is right when the rounded value is in the item's accepted set: every
  value on the ``decimals`` grid within ``tolerance`` of the expected value (float
  noise past 12 significant digits ignored), plus the rounded expected value itself.
  The tolerance is thus applied after rounding. The page holds that set as hashes.
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_CEILING, ROUND_FLOOR, Context, Decimal, localcontext


@dataclass(frozen=True)
class Feedback:
    """The verdict on one answer. ``ok`` is None when nothing was answered yet.

    ``answer`` is the answer as both judges record it (:meth:`Item.answer_text`).
    """

    item: str
    ok: bool | None
    message: str
    answer: str = ""

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


def member_id(value: object) -> str:
    """One id as both judges compare it: folded, stripped, upper case."""
    return fold_width(str(value)).strip(SPACES).upper()


def normalize_members(items: Iterable[object]) -> str:
    """Ids as the page hashes them: normalised, de-duplicated, sorted, comma-joined.

    Sorted by UTF-16 code units, the order of JavaScript's ``Array.prototype.sort``.
    """
    ids = {member_id(x) for x in items} - {""}
    return ",".join(sorted(ids, key=lambda x: x.encode("utf-16-be")))


def split_members(text: str) -> list[str]:
    """A typed list of ids: split on , 、 ; and spaces, full-width forms folded first."""
    return [p for p in _MEMBER_SEPARATORS.split(fold_width(text)) if p]


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
        letter = fold_width(answer).strip(SPACES).upper()[:1]
        if letter not in self.why:
            return False, f"选项只有 {'、'.join(self.why)}，收到的是 {answer!r}"
        return letter == self.correct, self.why[letter]

    def _judge_number(self, answer: object) -> tuple[bool, str]:
        text = number_text(answer)
        if text is None:
            return False, f"需要一个数字，收到的是 {answer!r}"
        rounded = round_decimal(text, self.decimals())
        if rounded in self.accepted():
            return True, f"{rounded}{self.unit}，与标准答案一致"
        higher = Decimal(rounded) > self._centre()
        return False, f"{rounded}{self.unit} {'偏大' if higher else '偏小'}了"

    def _judge_members(self, answer: object) -> tuple[bool, str]:
        want = {member_id(x) for x in self.expected()} - {""}
        if isinstance(answer, str):
            got = {member_id(p) for p in split_members(answer)}
        else:
            try:
                got = {member_id(x) for x in answer}  # type: ignore[union-attr]
            except TypeError:
                return False, (f"需要一组{self.noun}编号（列表或用逗号分隔的文字），"
                               f"收到的是 {answer!r}")
        got -= {""}
        missing, extra = sorted(want - got), sorted(got - want)
        if not missing and not extra:
            return True, f"这 {len(want)} 位{self.noun}都找对了"
        parts = []
        if missing:
            parts.append(f"漏了 {len(missing)} 位")
        if extra:
            parts.append(f"多选了 {'、'.join(extra)}")
        return False, "，".join(parts)

    def answer_text(self, answer: object) -> str:
        """The answer as a try is recorded, the same in the page (``answerText``): the
        option letter, the rounded number, the sorted ids; anything else as typed
        (stripped, at most 40 characters)."""
        text = answer if isinstance(answer, str) else str(answer)
        if self.kind == "choice" and isinstance(answer, str):
            letter = fold_width(answer).strip(SPACES).upper()[:1]
            if letter in (self.why or {}):
                return letter
        elif self.kind == "number":
            number = number_text(answer)
            if number is not None:
                return round_decimal(number, self.decimals())
        elif self.kind == "members":
            if isinstance(answer, str):
                ids = normalize_members(split_members(answer))
            else:
                try:
                    ids = normalize_members(answer)  # type: ignore[arg-type]
                except TypeError:
                    ids = ""
            if ids:
                return ids
        return text.strip(SPACES)[:40]

    # -- numbers: one grid for both judges ----------------------------------------
    def decimals(self) -> int:
        """Decimals a numeric answer is rounded to: the tolerance's first significant digit.

        The grid step is then at most the tolerance, so the accepted set has 2 to 20 values
        (one when the tolerance is 0).
        """
        if self.tolerance <= 0:
            return 0
        return max(0, -Decimal(repr(float(self.tolerance))).adjusted())

    def _centre(self) -> Decimal:
        """``expected()`` as a decimal; float noise past 12 significant digits is dropped."""
        return Context(prec=12).create_decimal(repr(float(self.expected())))

    def accepted(self) -> list[str]:
        """The accepted set: grid values within ``tolerance`` of the expected value, as text."""
        places = self.decimals()
        centre = self._centre()
        with localcontext(Context(prec=80)):
            tolerance = Decimal(repr(float(self.tolerance)))
            scale = Decimal(10) ** places
            low = int(((centre - tolerance) * scale).to_integral_value(ROUND_CEILING))
            high = int(((centre + tolerance) * scale).to_integral_value(ROUND_FLOOR))
        values = [_grid_text(str(abs(k)), k < 0, places) for k in range(low, high + 1)]
        nearest = round_decimal(str(centre), places)  # the only value when tolerance is 0
        return values if nearest in values else sorted([*values, nearest], key=Decimal)

    # -- judging in the static page ------------------------------------------------
    def static_spec(self) -> dict:
        """What the page's quiz script needs: the kind, the hashed key(s), hint, feedback."""
        spec: dict = {"item": self.item_id, "kind": self.kind, "hint": self.hint}
        if self.kind == "choice":
            spec["options"] = list(self.why)
            spec["feedback"] = dict(self.why)
            spec["key"] = key_hash(self.item_id, self.correct)
        elif self.kind == "number":
            spec["decimals"] = self.decimals()
            rounded = round_decimal(str(self._centre()), spec["decimals"])
            spec["key"] = key_hash(self.item_id, rounded)  # the rounded expected value
            # hash order, so the list does not show where the expected value sits
            spec["keys"] = sorted(key_hash(self.item_id, v) for v in self.accepted())
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
    """A numeric answer within ``tolerance`` of ``expected()``, judged after rounding.

    The answer is first rounded (half away from zero) to :meth:`Item.decimals`, the
    tolerance's first significant decimal; the tolerance then applies to the rounded
    value, so the page can judge it against a short list of hashes. With tolerance 0.1
    and expected 13.725, 13.66 → 13.7 and 13.84 → 13.8 are right, 13.625 → 13.6 is not.
    """
    return _add(Item(item_id, "number", hint, tuple(skills), expected=expected,
                     tolerance=tolerance, unit=unit))


def members(item_id: str, expected: Callable[[], Iterable[object]], hint: str,
            noun: str = "客户", skills: Iterable[str] = ()) -> Item:
    """A set of ids (list, set, Series or comma-separated text); order does not matter."""
    return _add(Item(item_id, "members", hint, tuple(skills), expected=expected, noun=noun))


def _is_blank(answer: object) -> bool:
    if answer is None or answer is Ellipsis:
        return True
    if isinstance(answer, str) and not answer.strip(SPACES):
        return True
    try:
        return len(answer) == 0  # type: ignore[arg-type]
    except TypeError:
        return False


ANSWER_LOG: dict[str, Feedback] = {}
#: Every try per item in this session: {"at": local ISO time, "answer": text, "ok": bool}.
#: A check whose answer equals the previous try's (a cell run again) is not a new try.
ATTEMPTS: dict[str, list[dict]] = {}


def clear_record() -> str:
    """Forget every verdict and try of this session (a learner starting over)."""
    n = len(ATTEMPTS)
    ANSWER_LOG.clear()
    ATTEMPTS.clear()
    return f"已清除本次会话里 {n} 道题的作答记录。"


def now_text() -> str:
    """Local time with its offset, to the second: 2026-03-01T09:00:00+08:00."""
    return datetime.now().astimezone().isoformat(timespec="seconds")


def _item_order(item_id: str) -> tuple[int, ...]:
    return tuple(int(p) if p.isdigit() else 0 for p in item_id.split("."))


# ---- answer parsing: mirrored in static/quiz.js -------------------------------

#: JavaScript's ``\s`` (and ``String.prototype.trim``): the only characters that count as space.
SPACES = ("\t\n\v\f\r \u00a0\u1680" + "".join(map(chr, range(0x2000, 0x200B)))
          + "\u2028\u2029\u202f\u205f\u3000\ufeff")
_SPACE = re.compile(f"[{re.escape(SPACES)}]")
_MEMBER_SEPARATORS = re.compile(f"[,、;{re.escape(SPACES)}]+")
_NUMBER = re.compile(r"[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?")
_PARTS = re.compile(r"([-+]?)([0-9]*)\.?([0-9]*)(?:[eE]([-+]?[0-9]+))?")
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}


def fold_width(text: str) -> str:
    """Full-width ASCII (U+FF01–U+FF5E), as a Chinese input method types it, to ASCII."""
    return text.translate(_FULL_WIDTH)


def parse_number(text: str) -> str | None:
    """The decimal text of a typed number, or None: the page's ``parseNumber``."""
    clean = _SPACE.sub("", fold_width(text)).replace(",", "")
    if clean.endswith("%"):  # "45.0%" means 45.0 in a percent answer
        clean = clean[:-1]
    if len(clean) > 64 or not _NUMBER.fullmatch(clean):
        return None
    return clean if math.isfinite(float(clean)) else None


def number_text(answer: object) -> str | None:
    """Decimal text for a typed string or a Python number (int, float, numpy scalar)."""
    if isinstance(answer, bool):
        return None
    if isinstance(answer, str):
        return parse_number(answer)
    try:
        value = float(answer)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        return None
    if not math.isfinite(value):
        return None
    # an int keeps all its digits; a float is written as the shortest text that reads back
    return str(int(answer)) if isinstance(answer, numbers.Integral) else repr(value)


def as_number(answer: object) -> float | None:
    """A number from an int, float, numpy scalar or a string such as "52.5" or "45.0%" (→ 45.0)."""
    text = number_text(answer)
    return None if text is None else float(text)


def round_decimal(text: str, places: int) -> str:
    """Round decimal text to ``places`` on its digits, half away from zero: ``roundDecimal``."""
    sign, whole, fraction, exponent = _PARTS.fullmatch(text).groups()
    digits = (whole + fraction).lstrip("0")
    grid = "0"
    if digits:
        shift = int(exponent or "0") - len(fraction) + places
        if shift >= 0:
            grid = digits + "0" * shift
        else:
            cut = len(digits) + shift
            grid = digits[:cut] if cut > 0 else "0"
            if cut >= 0 and digits[cut] >= "5":
                grid = str(int(grid) + 1)
    return _grid_text(grid, sign == "-", places)


def _grid_text(grid: str, negative: bool, places: int) -> str:
    """Integer ``grid`` (in steps of 10^-places) as text with exactly ``places`` decimals."""
    grid = grid.lstrip("0") or "0"
    padded = grid.rjust(places + 1, "0")
    whole, fraction = padded[:len(padded) - places], padded[len(padded) - places:]
    sign = "-" if negative and grid != "0" else ""
    return sign + whole + ("." + fraction if places else "")
