"""Three quick drills for module 6: SPIN question types, a FABE workbench, phone timing.

Data and judging only (the widgets live in ``crmkit.widgets.drills``). Every judge
returns Chinese feedback and never raises, whatever a learner or a widget passes in:
an unknown id, an empty answer, ``None`` or a number gives the verdict “无法判断”
with a message saying what to do.

The FABE check reads only the form of what a trainee wrote, with four documented
heuristics (see :func:`check_fabe`); it points out the usual mistakes quickly and
does not replace a trainer's judgement.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import pandas as pd

from crmkit.errors import CrmkitError
from crmkit.roleplay.drill_banks import drill_bank

RIGHT, WRONG, INVALID = "正确", "不对", "无法判断"


@dataclass(frozen=True)
class Judgement:
    """A verdict (正确 / 不对 / 无法判断) and the Chinese feedback shown to the learner."""

    status: str
    message: str
    expected: str | None = None

    @property
    def correct(self) -> bool:
        return self.status == RIGHT


# ---------------------------------------------------------------- SPIN classification

SPIN_KINDS = {"S": "情况问题", "P": "难点问题", "I": "暗示问题", "N": "需求-效益问题"}
SPIN_CUES = {
    "S": "了解客户现在的事实和做法，答案本身没有好坏",
    "P": "探问客户有没有困难、不满或担心，让隐含需求浮出来",
    "I": "追问一个难点会带来什么后果，让客户感到问题的分量",
    "N": "请客户设想问题解决以后的好处，由客户自己说出价值",
}
SPIN_CONTEXTS = ("银行对公", "证券", "B2B 销售")
# What a learner may type for each kind, besides the letter itself (compared case-insensitively).
SPIN_ALIASES = {
    "S": ("SPIN-S", "情况", "情况问题", "背景问题", "situation"),
    "P": ("SPIN-P", "难点", "难点问题", "problem"),
    "I": ("SPIN-I", "暗示", "暗示问题", "implication"),
    "N": ("SPIN-N", "需求-效益", "需求-效益问题", "需求效益问题", "need-payoff"),
}
# (the kind the learner chose, the right kind) → how to tell the two apart.
SPIN_PAIR_HINTS = {
    ("S", "P"): "情况问题只问事实；这一句在问客户有没有困难或不满。",
    ("S", "I"): "情况问题只问事实；这一句在追问一个难点会带来什么后果。",
    ("S", "N"): "情况问题只问事实；这一句请客户设想问题解决以后的好处。",
    ("P", "S"): "难点问题要问到困难或不满；这一句只是在了解现状，答案没有好坏。",
    ("P", "I"): "难点问题问“有没有困难”；这一句已经在追问困难的后果和连锁影响。",
    ("P", "N"): "难点问题盯着困难；这一句已经转向解决以后的好处。",
    ("I", "S"): "暗示问题追问后果；这一句只是在了解事实，还没有碰到任何难点。",
    ("I", "P"): "暗示问题要先有一个客户认了的难点，再问它的后果；这一句还在探问有没有困难。",
    ("I", "N"): "暗示问题问的是不解决会怎样；这一句问的是解决了会怎样。",
    ("N", "S"): "需求-效益问题请客户说出解决后的好处；这一句只是在了解事实。",
    ("N", "P"): "需求-效益问题谈的是解决以后；这一句还在找困难。",
    ("N", "I"): "需求-效益问题设想的是解决以后的好处；这一句设想的是问题带来的损失。",
}


@dataclass(frozen=True)
class SpinQuestion:
    """One question a customer manager might ask, with its SPIN kind and why."""

    id: str
    context: str
    who: str
    kind: str
    text: str
    why: str


SPIN_QUESTIONS: tuple[SpinQuestion, ...] = tuple(
    SpinQuestion(**q) for q in drill_bank("spin")["questions"])
_SPIN_BY_ID = {q.id: q for q in SPIN_QUESTIONS}
_SPIN_ANSWERS = {alias.casefold(): kind for kind, names in SPIN_ALIASES.items()
                 for alias in (kind, *names)}


def spin_question(question_id: str) -> SpinQuestion:
    """The question with this id; a CrmkitError in Chinese when there is none."""
    if isinstance(question_id, str) and question_id in _SPIN_BY_ID:
        return _SPIN_BY_ID[question_id]
    raise CrmkitError(f"SPIN 题库里没有编号为“{question_id}”的题目",
                      hint="编号写法如 bank-01、sec-03、b2b-07")


def spin_order(seed: int = 2024) -> list[str]:
    """Question ids in a fixed shuffled order for ``seed``.

    Sorted by the SHA-256 of ``"{seed}:{id}"`` rather than shuffled with ``random``,
    so the order is the same on every Python and NumPy version.
    """
    def key(qid: str) -> str:
        return hashlib.sha256(f"{seed}:{qid}".encode()).hexdigest()

    return sorted(_SPIN_BY_ID, key=key)


def spin_kind(answer) -> str | None:
    """The SPIN letter a learner meant (“s”、“难点问题”、“SPIN-I” …), or None."""
    if not isinstance(answer, str):
        return None
    return _SPIN_ANSWERS.get(answer.strip().casefold())


def _kind_label(kind: str) -> str:
    return f"{SPIN_KINDS[kind]}（{kind}）"


def judge_spin(question_id, answer) -> Judgement:
    """Judge a learner's SPIN kind for one question; never raises.

    ``answer`` may be the letter (S/P/I/N, any case) or the Chinese name. Wrong answers
    say which kind it is, how to tell the two kinds apart, and why.
    """
    if not isinstance(question_id, str):
        return Judgement(INVALID, "题目编号应当是一段文字，写法如 bank-01、sec-03、b2b-07。")
    if question_id not in _SPIN_BY_ID:
        return Judgement(INVALID, f"题库里没有编号为“{question_id}”的题目，"
                                  "编号写法如 bank-01、sec-03、b2b-07。")
    q = _SPIN_BY_ID[question_id]
    given = spin_kind(answer)
    if given is None:
        return Judgement(INVALID, "请从 S、P、I、N 中选一个：S 情况问题，P 难点问题，"
                                  "I 暗示问题，N 需求-效益问题。", q.kind)
    if given == q.kind:
        return Judgement(RIGHT, f"正确，这是{_kind_label(q.kind)}：{q.why}", q.kind)
    hint = SPIN_PAIR_HINTS[given, q.kind]
    return Judgement(WRONG, f"不对，这是{_kind_label(q.kind)}，不是{_kind_label(given)}。"
                            f"{hint}{q.why}", q.kind)


def spin_bank_table() -> pd.DataFrame:
    """How many questions of each kind the bank holds, by setting (with totals)."""
    bank = pd.DataFrame([(_kind_label(q.kind), q.context) for q in SPIN_QUESTIONS],
                        columns=["问题类型", "场景"])
    table = pd.crosstab(bank["问题类型"], bank["场景"], margins=True, margins_name="合计")
    rows = [_kind_label(k) for k in SPIN_KINDS] + ["合计"]
    return table.loc[rows, [*SPIN_CONTEXTS, "合计"]]


def spin_examples(ids=("bank-01", "bank-02", "bank-03", "bank-04")) -> pd.DataFrame:
    """Questions with their kind and why: by default one of each kind from the same customer."""
    rows = [(q.id, q.context, q.who, q.text, _kind_label(q.kind), q.why)
            for q in map(spin_question, ids)]
    return pd.DataFrame(rows, columns=["编号", "场景", "提问对象", "问题", "类型", "为什么"]
                        ).set_index("编号")


def spin_summary(answers) -> pd.DataFrame:
    """Per kind: questions answered, right answers and the share right.

    ``answers`` is a sequence of ``(question_id, answer)`` pairs, as a drill records them;
    pairs with an unknown id are left out, an unreadable answer counts as wrong.
    """
    rows = [(_kind_label(_SPIN_BY_ID[qid].kind), judge_spin(qid, ans).correct)
            for qid, ans in answers if isinstance(qid, str) and qid in _SPIN_BY_ID]
    frame = pd.DataFrame(rows, columns=["问题类型", "答对"])
    table = frame.groupby("问题类型")["答对"].agg(["size", "sum"]).rename(
        columns={"size": "已答", "sum": "答对"})
    table = table.reindex([_kind_label(k) for k in SPIN_KINDS], fill_value=0).astype(int)
    table["正确率"] = (table["答对"] / table["已答"].where(table["已答"] > 0)).round(3)
    return table


# ---------------------------------------------------------------- FABE workbench

FABE_PARTS = {"F": "特征", "A": "优势", "B": "利益", "E": "证据"}
FABE_HINTS = {
    "F": "特征讲产品本身：它是什么、有什么、怎么办理。",
    "A": "优势讲和别的做法相比好在哪里，例如比抵押贷款手续少、比逐笔转账出错少。",
    "B": "利益讲对这位客户意味着什么：用“您”“贵公司”来说，讲清能省下、避免或得到什么。",
    "E": "证据讲凭什么相信：一个数字、一个隐去名称的案例、一份凭证或一个比较。",
}
# The heuristics of check_fabe, in one place so the notebook and the tests can quote them.
MIN_CHARS = 10            # a part shorter than this (letters, digits, 汉字) is “too short”
SIMILARITY_LIMIT = 0.5    # two parts whose bigram Jaccard similarity reaches this are “too alike”
CUSTOMER_WORDS = ("您", "贵公司", "贵司", "贵厂", "贵单位", "你们", "你", "客户")
BENEFIT_WORDS = ("省下", "省去", "节省", "少付", "减少", "避免", "不用", "不必", "免去", "提高",
                 "增加", "加快", "赶上", "及时", "放心", "安心")
EVIDENCE_WORDS = {
    "案例": ("案例", "同类", "同行", "用款记录", "使用记录", "反馈"),
    "凭证": ("合同", "条款", "协议", "证书", "资质", "认证", "批复", "说明书", "收费标准"),
    "比较": ("对比", "相比", "比较", "试算", "测算"),
    "演示": ("演示", "试用"),
}
PROMISE_WORDS = ("保证", "肯定能", "一定能", "绝对", "稳赚", "零风险", "不会亏", "包批", "包过")


@dataclass(frozen=True)
class FabeProduct:
    """A product for the workbench: the customer, what they said, the facts, a model FABE."""

    key: str
    name: str
    customer: str
    need: str
    facts: str
    model: dict


FABE_PRODUCTS: dict[str, FabeProduct] = {
    p["key"]: FabeProduct(**p) for p in drill_bank("fabe")["products"]}
_PRODUCT_NAMES = {**{k: k for k in FABE_PRODUCTS},
                  **{p.name: k for k, p in FABE_PRODUCTS.items()},
                  "税易贷": "tax-loan", "纳税信用贷款": "tax-loan", "现金管理": "cash-management"}


@dataclass(frozen=True)
class PartCheck:
    """The verdict on one of F, A, B, E."""

    part: str
    name: str
    text: str
    ok: bool
    message: str


@dataclass(frozen=True)
class FabeCheck:
    """Per-part feedback, the model answer (None for an unknown product) and general notes."""

    product: str | None
    product_name: str
    parts: tuple[PartCheck, ...]
    model: dict | None
    notes: tuple[str, ...] = ()

    @property
    def passed(self) -> bool:
        return all(p.ok for p in self.parts)

    @property
    def summary(self) -> str:
        todo = [f"{p.name}（{p.part}）" for p in self.parts if not p.ok]
        if not todo:
            return "四个部分都通过了检查。再对照参考答案，看看利益是不是说到了客户心里。"
        return f"还有 {len(todo)} 个部分要修改：{'、'.join(todo)}。"

    def part(self, letter: str) -> PartCheck:
        return next(p for p in self.parts if p.part == letter)


def fabe_product(product) -> FabeProduct | None:
    """The product for a key (tax-loan / payroll / cash-management) or its Chinese name."""
    if not isinstance(product, str):
        return None
    key = _PRODUCT_NAMES.get(product.strip())
    return FABE_PRODUCTS[key] if key else None


def _letters(text: str) -> str:
    """Letters, digits and 汉字 only: what the length and similarity rules count."""
    return re.sub(r"[\W_]+", "", text)


def bigram_similarity(a: str, b: str) -> float:
    """Jaccard similarity of the character bigrams of two texts (punctuation ignored).

    |bigrams(a) ∩ bigrams(b)| / |bigrams(a) ∪ bigrams(b)|; 0.0 when both are empty.
    A one-character text counts as the single “bigram” of that character.
    """
    def grams(text: str) -> set[str]:
        s = _letters(text)
        return {s[i:i + 2] for i in range(len(s) - 1)} or ({s} if s else set())

    ga, gb = grams(a), grams(b)
    union = ga | gb
    return len(ga & gb) / len(union) if union else 0.0


def _first(words, text: str) -> str | None:
    return next((w for w in words if w in text), None)


def _evidence(text: str) -> tuple[str, str] | None:
    """(kind, what was found): a digit first, then the words of EVIDENCE_WORDS."""
    digit = re.search(r"[0-9０-９][0-9０-９,.，．]*%?", text)
    if digit:
        return "数字", digit.group()
    for kind, words in EVIDENCE_WORDS.items():
        found = _first(words, text)
        if found:
            return kind, found
    return None


def _check_part(letter: str, text, others: dict[str, str]) -> PartCheck:
    name = FABE_PARTS[letter]
    if text is None:
        text = ""
    if not isinstance(text, str):
        return PartCheck(letter, name, "", False, f"请用文字填写{name}。{FABE_HINTS[letter]}")
    text = text.strip()
    n = len(_letters(text))
    if n == 0:
        return PartCheck(letter, name, text, False, f"还没有写{name}。{FABE_HINTS[letter]}")
    if n < MIN_CHARS:
        return PartCheck(letter, name, text, False,
                         f"只有 {n} 个字，太短了：至少写 {MIN_CHARS} 个字，把{name}说完整。"
                         f"{FABE_HINTS[letter]}")
    problems = []
    for other, other_text in others.items():
        sim = bigram_similarity(text, other_text)
        if sim >= SIMILARITY_LIMIT:
            problems.append(f"和{FABE_PARTS[other]}（{other}）太像了（相似度 {sim:.2f}，"
                            f"达到 {SIMILARITY_LIMIT:.2f} 就算太像）：四个部分各讲一件事，"
                            "不要把同一句话换个位置再说一遍。")
    promise = _first(PROMISE_WORDS, text)
    if promise:
        problems.append(f"不要承诺结果：“{promise}”这类说法客户不会信，也不合规。")
    found = ""
    if letter == "B":
        word = _first(CUSTOMER_WORDS, text) or _first(BENEFIT_WORDS, text)
        if word is None:
            problems.append("利益要落在客户身上：写明对“您”或“贵公司”意味着什么，"
                            "能省下、避免或得到什么；现在读起来还像在讲产品本身。")
        found = f"（用到了“{word}”）" if word else ""
    if letter == "E":
        evidence = _evidence(text)
        if evidence is None:
            problems.append("证据要能让客户核对：写一个数字（试算、时效）、一个隐去名称的案例、"
                            "一份凭证（合同条款、证书、说明书）或一个比较；现在只有说法，没有依据。")
        found = f"（{evidence[0]}：“{evidence[1]}”）" if evidence else ""
    if problems:
        return PartCheck(letter, name, text, False, "".join(problems))
    praise = {"F": "写清了产品本身是什么、有什么。",
              "A": "写出了它比别的做法好在哪里。",
              "B": f"利益落在了客户身上{found}。",
              "E": f"有客户可以核对的证据{found}。"}[letter]
    return PartCheck(letter, name, text, True, praise)


def check_fabe(product, f, a, b, e) -> FabeCheck:
    """Check a trainee's F, A, B and E for ``product``; never raises.

    Heuristics, in the order they are applied to each part:

    1. present: a part must be text with at least ``MIN_CHARS`` letters, digits or 汉字;
    2. distinct: the character-bigram Jaccard similarity (:func:`bigram_similarity`) with
       every other written part must stay below ``SIMILARITY_LIMIT``;
    3. no promises: none of ``PROMISE_WORDS`` (保证、一定能 …);
    4. B talks about the customer: it contains one of ``CUSTOMER_WORDS`` (您、贵公司、客户 …)
       or a benefit word from ``BENEFIT_WORDS`` (省下、避免、不用 …);
    5. E cites evidence: it contains a digit (a number, a time, a calculation) or one of
       ``EVIDENCE_WORDS``: a case (案例、同行 …), a document (合同、条款、证书 …),
       a comparison (对比、试算 …) or a demonstration (演示).

    An unknown product still gets its parts checked; the model answer is then None.
    """
    found = fabe_product(product)
    notes = ()
    if found is None:
        names = "、".join(p.name for p in FABE_PRODUCTS.values())
        what = (f"没有找到产品“{product}”" if isinstance(product, str) and product.strip()
                else "还没有选产品")
        notes = (f"{what}，可以选：{names}；也可以写编号 {'、'.join(FABE_PRODUCTS)}。"
                 "这一次只检查写法，不显示参考答案。",)
    given = {"F": f, "A": a, "B": b, "E": e}
    texts = {k: v.strip() for k, v in given.items()
             if isinstance(v, str) and len(_letters(v)) >= MIN_CHARS}
    parts = tuple(_check_part(k, v, {o: t for o, t in texts.items() if o != k})
                  for k, v in given.items())
    return FabeCheck(found.key if found else None, found.name if found else "（未知产品）",
                     parts, dict(found.model) if found else None, notes)


def fabe_product_card(product) -> pd.DataFrame:
    """The brief a trainee writes from: product, customer, what they said, the facts."""
    found = fabe_product(product)
    if found is None:
        raise CrmkitError(f"没有找到产品“{product}”",
                          hint="可以选 " + "、".join(FABE_PRODUCTS))
    rows = [("产品", found.name), ("客户", found.customer), ("客户说过的话", found.need),
            ("产品要点", found.facts)]
    return pd.DataFrame(rows, columns=["项目", "内容"]).set_index("项目")


def fabe_table(result: FabeCheck) -> pd.DataFrame:
    """One row per part: what was written, 通过 / 要修改, and the feedback."""
    rows = [(f"{p.name}（{p.part}）", p.text, "通过" if p.ok else "要修改", p.message)
            for p in result.parts]
    return pd.DataFrame(rows, columns=["部分", "你的写法", "检查结果", "点评"]).set_index("部分")


def fabe_model_table(product) -> pd.DataFrame:
    """The model answer of a product, one row per part."""
    found = fabe_product(product)
    if found is None:
        raise CrmkitError(f"没有找到产品“{product}”",
                          hint="可以选 " + "、".join(FABE_PRODUCTS))
    rows = [(f"{FABE_PARTS[k]}（{k}）", found.model[k]) for k in FABE_PARTS]
    return pd.DataFrame(rows, columns=["部分", "参考写法"]).set_index("部分")


# ---------------------------------------------------------------- phone timing quiz

@dataclass(frozen=True)
class TimingQuestion:
    """A quick choice question on when to call whom; each wrong option carries a note."""

    id: str
    text: str
    options: tuple[tuple[str, str], ...]
    answer: str
    why: str
    source: str

    @property
    def letters(self) -> str:
        return "ABCD"[:len(self.options)]


TIMING_QUESTIONS: tuple[TimingQuestion, ...] = tuple(
    TimingQuestion(q["id"], q["text"],
                   tuple((o["text"], o.get("note", "")) for o in q["options"]),
                   q["answer"], q["why"], q["source"])
    for q in drill_bank("timing")["questions"])
_TIMING_BY_ID = {q.id: q for q in TIMING_QUESTIONS}


def timing_question(question_id: str) -> TimingQuestion:
    """The timing question with this id; a CrmkitError in Chinese when there is none."""
    if isinstance(question_id, str) and question_id in _TIMING_BY_ID:
        return _TIMING_BY_ID[question_id]
    raise CrmkitError(f"电话时机测验里没有编号为“{question_id}”的题目",
                      hint=f"编号从 t01 到 t{len(TIMING_QUESTIONS):02d}")


def _timing_letter(q: TimingQuestion, answer) -> str | None:
    """The option letter a learner meant: “b”、“B.”、“B、” or the option's full text."""
    if not isinstance(answer, str):
        return None
    text = answer.strip()
    letter = text.rstrip(".．、）) ").upper()
    if len(letter) == 1 and letter in q.letters:
        return letter
    return next((q.letters[i] for i, (option, _) in enumerate(q.options) if option == text),
                None)


def judge_timing(question_id, answer) -> Judgement:
    """Judge one answer of the phone timing quiz; never raises."""
    last = f"t{len(TIMING_QUESTIONS):02d}"
    if not isinstance(question_id, str):
        return Judgement(INVALID, f"题目编号应当是一段文字，从 t01 到 {last}。")
    if question_id not in _TIMING_BY_ID:
        return Judgement(INVALID, f"电话时机测验里没有编号为“{question_id}”的题目，"
                                  f"编号从 t01 到 {last}。")
    q = _TIMING_BY_ID[question_id]
    given = _timing_letter(q, answer)
    source = f"（依据：{q.source}）"
    if given is None:
        return Judgement(INVALID, f"请从 {'、'.join(q.letters)} 中选一个字母。", q.answer)
    if given == q.answer:
        return Judgement(RIGHT, f"正确。{q.why}{source}", q.answer)
    right_text = q.options[q.letters.index(q.answer)][0]
    note = q.options[q.letters.index(given)][1]
    return Judgement(WRONG, f"不对，应选 {q.answer}（{right_text}）。你选的 {given}：{note}"
                            f"{q.why}{source}", q.answer)


def timing_table() -> pd.DataFrame:
    """The quiz at a glance, without answers: id, situation, where the advice comes from."""
    rows = [(q.id, q.text, q.source) for q in TIMING_QUESTIONS]
    return pd.DataFrame(rows, columns=["题号", "情境", "依据"]).set_index("题号")
