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


SPIN_QUESTIONS: tuple[SpinQuestion, ...] = (
    SpinQuestion(
        "bank-01", "银行对公", "食品加工厂的财务经理", "S",
        "贵公司现在每个月的货款，大部分是现金回款，还是收承兑汇票？",
        "问的是回款方式这个现状事实，答案没有好坏，为后面问票据压款铺路。"),
    SpinQuestion(
        "bank-02", "银行对公", "食品加工厂的财务经理", "P",
        "收到的承兑汇票要等到期才能用，资金周转上会不会觉得别扭？",
        "请客户说说票据压款带来的不便，是在找隐含需求。"),
    SpinQuestion(
        "bank-03", "银行对公", "食品加工厂的财务经理", "I",
        "票据压着不能用的那段时间，原料款要是跟不上，会不会影响按时给超市供货？",
        "把票据压款这个难点和断供、丢客户的后果连起来，让客户感到问题的分量。"),
    SpinQuestion(
        "bank-04", "银行对公", "食品加工厂的财务经理", "N",
        "如果手上的票据当天就能变成现金，对您安排原料采购有什么帮助？",
        "请客户设想问题解决后的好处，由他自己说出价值。"),
    SpinQuestion(
        "bank-05", "银行对公", "物流公司的老板", "P",
        "司机垫付的油费、路桥费报销，财务对账时会不会经常对不上？",
        "问对账是否出问题，是在探查客户的困难和不满。"),
    SpinQuestion(
        "bank-06", "银行对公", "物流公司的老板", "S",
        "车队的油费和路桥费，现在是司机先垫付再报销，还是公司统一结算？",
        "了解费用的结算方式这一事实，为后面问报销和对账的麻烦做准备。"),
    SpinQuestion(
        "bank-07", "银行对公", "物流公司的老板", "N",
        "如果油费、路桥费都由公司账户直接结算，财务每个月能省下多少对账的工夫？",
        "让客户自己估算解决之后省下的工夫，是需求-效益问题。"),
    SpinQuestion(
        "bank-08", "银行对公", "物流公司的老板", "I",
        "报销的账对不上，月底结账一拖再拖，对您及时看清每条线路赚不赚钱有什么影响？",
        "追问对账难带来的连锁后果：看不清线路盈亏，让客户意识到这不只是财务的小麻烦。"),
    SpinQuestion(
        "bank-09", "银行对公", "制造企业的财务总监", "S",
        "新厂房的设备款，和厂家约定的是分几次付？",
        "了解付款安排这一事实，为后面谈资金缺口铺路。"),
    SpinQuestion(
        "bank-10", "银行对公", "制造企业的财务总监", "I",
        "续贷衔接不上的那几天，供应商的货款要是付不出去，会不会影响您拿原料的价格和账期？",
        "把续贷不顺这个难点和采购价格、账期的后果联系起来。"),
    SpinQuestion(
        "bank-11", "银行对公", "制造企业的财务总监", "P",
        "每年续贷的时候，有没有遇到过审批慢、新旧贷款衔接不上的情况？",
        "探问续贷过程中的困难，请客户说出隐含需求。"),
    SpinQuestion(
        "bank-12", "银行对公", "制造企业的财务总监", "N",
        "如果续贷能在到期前一个月就批下来，对您安排供应商付款意味着什么？",
        "请客户说出问题解决后对付款安排的好处。"),
    SpinQuestion(
        "bank-13", "银行对公", "连锁超市的老板", "S",
        "十二家门店的营业款，现在是各店自己存，还是每天归集到总部的账户？",
        "了解资金管理方式这一现状，本身不涉及好坏。"),
    SpinQuestion(
        "bank-14", "银行对公", "连锁超市的老板", "I",
        "总部看不到各店的实时资金，一边有店在借钱、一边有店的钱闲着，一年下来会多付多少利息？",
        "让客户自己估算资金分散的代价，把小麻烦放大成看得见的损失。"),
    SpinQuestion(
        "bank-15", "银行对公", "连锁超市的老板", "N",
        "如果每天晚上各店的营业款能自动归集到总部，您在资金调度上会有什么不一样？",
        "请客户描述解决之后的变化，说出自己的明确需求。"),
    SpinQuestion(
        "bank-16", "银行对公", "连锁超市的老板", "P",
        "各门店自己存营业款，您想看全公司的资金情况时，方便吗？",
        "问现在的做法有没有不便，是在找客户的不满。"),
    SpinQuestion(
        "bank-17", "银行对公", "外贸企业的财务经理", "S",
        "出口收汇主要是什么币种？一般隔多久结一次汇？",
        "了解收汇币种和结汇频率这些事实，为后面谈汇率风险做准备。"),
    SpinQuestion(
        "bank-18", "银行对公", "外贸企业的财务经理", "P",
        "汇率波动大的时候，报价和实际收汇之间的差价会让您担心吗？",
        "请客户说出对汇率波动的担心，这是隐含需求。"),
    SpinQuestion(
        "bank-19", "银行对公", "外贸企业的财务经理", "I",
        "如果收汇时汇率往不利的方向走，一单的利润会被吃掉多少？全年下来呢？",
        "追问汇率这个难点对利润的后果，数字由客户自己算出来。"),
    SpinQuestion(
        "bank-20", "银行对公", "外贸企业的财务经理", "N",
        "如果签单时就能把收汇的汇率锁定下来，对您报价和算利润有什么好处？",
        "请客户说出锁定汇率之后的好处，是需求-效益问题。"),
    SpinQuestion(
        "bank-21", "银行对公", "建筑公司的财务负责人", "S",
        "工地上的农民工工资，现在是通过什么方式发放的？",
        "了解工资发放方式这一事实，答案本身没有好坏。"),
    SpinQuestion(
        "bank-22", "银行对公", "建筑公司的财务负责人", "P",
        "农民工工资用现金发，项目部的财务人员压力大不大？",
        "探问现金发薪给财务人员带来的困难。"),
    SpinQuestion(
        "bank-23", "银行对公", "建筑公司的财务负责人", "N",
        "如果工资能直接打到每位工人的卡上，还能按项目出明细，对项目部有什么帮助？",
        "请客户说出解决发薪难题之后的好处。"),
    SpinQuestion(
        "bank-24", "银行对公", "建筑公司的财务负责人", "I",
        "工资发放一旦出了差错，工人到项目部讨说法，对工程进度和公司信誉会有什么影响？",
        "把发薪出错的难点和工程进度、信誉这些更大的后果联系起来。"),
    SpinQuestion(
        "sec-01", "证券", "上市公司的董事会秘书", "S",
        "公司现在的股东里，机构投资者大概占多少？",
        "了解股东结构这一事实，为后面谈投资者关系做准备。"),
    SpinQuestion(
        "sec-02", "证券", "上市公司的董事会秘书", "P",
        "投资者来调研的时候多，接待和信息披露的工作量，您这边应付得过来吗？",
        "请对方说出投资者关系工作中的压力，这是难点问题。"),
    SpinQuestion(
        "sec-03", "证券", "上市公司的董事会秘书", "I",
        "如果机构投资者对公司了解不够，对公司下一次再融资的定价会有什么影响？",
        "把“机构了解不够”和再融资定价这一后果连起来。"),
    SpinQuestion(
        "sec-04", "证券", "上市公司的董事会秘书", "N",
        "如果每个季度有一场面向机构的集中路演，帮您把调研安排起来，对您的工作有什么帮助？",
        "请对方设想问题解决后的好处，由他说出价值。"),
    SpinQuestion(
        "sec-05", "证券", "个人高净值客户", "S",
        "您现在的资产里，股票、基金、存款大概各占多少？",
        "了解资产配置的现状，是之后一切建议的基础事实。"),
    SpinQuestion(
        "sec-06", "证券", "个人高净值客户", "P",
        "现在账户里的这些持仓，有没有哪一部分让您心里不踏实？",
        "请客户说出对持仓的担心，找出隐含需求。"),
    SpinQuestion(
        "sec-07", "证券", "个人高净值客户", "I",
        "要是明年用钱的时候正好赶上市场低位，不得不卖出，对家里的安排会有多大影响？",
        "让客户看到“用钱时间和市场波动撞在一起”的后果，而不是由客户经理去渲染。"),
    SpinQuestion(
        "sec-08", "证券", "个人高净值客户", "N",
        "如果把明年要用的钱和长期投资的钱分开打理，对您安排家里的事有什么帮助？",
        "请客户说出分开打理之后的好处，是需求-效益问题。"),
    SpinQuestion(
        "b2b-01", "B2B 销售", "水泥厂的设备部部长（你销售设备状态监测服务）", "S",
        "现在几条生产线的关键设备，是定期检修，还是坏了再修？",
        "了解设备维护方式这一事实，为后面谈停产损失铺路。"),
    SpinQuestion(
        "b2b-02", "B2B 销售", "水泥厂的设备部部长（你销售设备状态监测服务）", "I",
        "一条线停产一天，少产的熟料加上赶工的加班费，大概是多少损失？",
        "请客户估算停产这个难点的代价，让问题变得具体、有分量。"),
    SpinQuestion(
        "b2b-03", "B2B 销售", "水泥厂的设备部部长（你销售设备状态监测服务）", "P",
        "设备坏了再修，有没有遇到过等配件、停产好几天的情况？",
        "探问现在的维修方式有没有带来困难。"),
    SpinQuestion(
        "b2b-04", "B2B 销售", "水泥厂的设备部部长（你销售设备状态监测服务）", "N",
        "如果设备出故障之前就能收到预警、安排计划检修，对您完成全年的产量任务有什么帮助？",
        "请客户说出提前预警带来的好处。"),
    SpinQuestion(
        "b2b-05", "B2B 销售", "连锁餐饮企业的采购经理（你销售食材配送）", "S",
        "你们现在的蔬菜是每天配送还是隔天配送？由几家供应商供货？",
        "了解配送频率和供应商数量这些事实。"),
    SpinQuestion(
        "b2b-06", "B2B 销售", "连锁餐饮企业的采购经理（你销售食材配送）", "P",
        "几家供应商的菜品质量和到货时间，有没有让您不放心的地方？",
        "请客户说出对现有供应的不满，这是难点问题。"),
    SpinQuestion(
        "b2b-07", "B2B 销售", "连锁餐饮企业的采购经理（你销售食材配送）", "N",
        "如果每家门店的到货时间和品质都能在手机上查到，对您管理几十家门店意味着什么？",
        "请客户设想问题解决后的管理便利，由他说出价值。"),
    SpinQuestion(
        "b2b-08", "B2B 销售", "连锁餐饮企业的采购经理（你销售食材配送）", "I",
        "要是哪天早上菜没按时到，午市出不了几道招牌菜，对门店的口碑和翻台率有什么影响？",
        "把到货不准时的难点和口碑、翻台率这些经营后果联系起来。"),
    SpinQuestion(
        "b2b-09", "B2B 销售", "医院设备科科长（你销售医疗设备维保服务）", "S",
        "科里的大型设备，现在的维保是厂家做，还是第三方做？",
        "了解维保安排这一事实，为后面的问题做准备。"),
    SpinQuestion(
        "b2b-10", "B2B 销售", "医院设备科科长（你销售医疗设备维保服务）", "P",
        "维保响应慢的时候，临床科室那边的抱怨多吗？",
        "探问维保响应慢带来的困扰，这是难点问题。"),
    SpinQuestion(
        "b2b-11", "B2B 销售", "医院设备科科长（你销售医疗设备维保服务）", "I",
        "设备停机等维修的那几天，病人检查要往后排，会不会影响科室的考核和病人的满意度？",
        "把停机等修这个难点和考核、满意度的后果连在一起。"),
    SpinQuestion(
        "b2b-12", "B2B 销售", "医院设备科科长（你销售医疗设备维保服务）", "N",
        "如果维保承诺四小时到场，设备科在院里的压力会有什么变化？",
        "请客户说出解决响应慢之后的好处。"),
)
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
    "tax-loan": FabeProduct(
        key="tax-loan", name="纳税信用贷款（税易贷类）",
        customer=(
            "晨木家具（虚构），三十人的家具厂，纳税信用 A 级，厂房是租的。"
            "刚接到一笔酒店家具订单，要先现款买木料，酒店 45 天后付款。"),
        need="老板说：不想找抵押，要用钱的时候得快，酒店的钱一到就还。",
        facts=(
            "依据纳税信用和纳税记录核定额度；纯信用，不用抵押和担保；额度一年内有效，"
            "手机银行上随借随还、按实际用款天数计息（条件均为示意）。"),
        model={
            "F": (
                "这款贷款依据企业的纳税信用和纳税记录核定额度，纯信用，不用抵押和担保；"
                "额度一年内有效，在手机银行上随借随还，按实际用款的天数计息。"),
            "A": (
                "和抵押贷款相比，不用评估、登记抵押物，手续少、放款快；"
                "和一次借满一年的贷款相比，用多少借多少、用几天算几天。"),
            "B": (
                "对您来说，厂房是租的也能贷；接到酒店订单要现款买木料时，"
                "在手机上点一下当天就能到账；酒店的货款一到就还，只为这 45 天付利息。"),
            "E": (
                "按示意的年利率 4.0% 算，用 50 万元、用 45 天，"
                "利息是 50 万元 × 4.0% × 45 ÷ 360 = 2,500 元，借满一年要 2 万元，"
                "实际以审批和合同为准；另附一家同行企业隐去名称的用款记录，"
                "以及合同中提前还款不收违约金的条款。"),
        }),
    "payroll": FabeProduct(
        key="payroll", name="代发工资",
        customer=(
            "安居物业（虚构），四百名保安和保洁员分散在二十个小区，每月 15 日发工资，"
            "现在由财务逐笔转账。"),
        need="人事经理说：每到发薪前两天就得加班核对，还总有人说工资卡取钱要手续费。",
        facts=(
            "企业在网银上传一份工资表，系统批量发到员工工资卡并生成发放明细；"
            "工资卡跨行取现免费（权益为示意）。"),
        model={
            "F": (
                "企业在网银上传一份工资表，系统就把工资批量发到每位员工的工资卡上，"
                "并自动生成发放明细；员工的工资卡跨行取现免手续费。"),
            "A": (
                "和逐笔转账相比，一次上传就能发完，速度快、出错少；发放明细自动生成，"
                "不用再手工做表。"),
            "B": (
                "对贵公司来说，分散在二十个小区的四百名员工，工资十几分钟就能全部发出，"
                "人事和财务不用在每月 15 日前加班核对；员工在小区附近任意一台取款机取钱都不花手"
                "续费，留住人也多了一个理由。"),
            "E": (
                "可以用贵公司上个月的工资表（隐去姓名）在测试环境现场演示一遍上传和发放；"
                "附上工资卡的收费标准，以及一家同类物业公司使用半年后的反馈（名称已隐去）。"),
        }),
    "cash-management": FabeProduct(
        key="cash-management", name="现金管理（资金归集与银企直连）",
        customer=(
            "恒达商贸集团（虚构），五家子公司在四家银行开户。财务每天逐个登录网银汇总余额；"
            "总部在借短期贷款，子公司账上却常有闲钱。"),
        need="财务总监说：每天光汇总余额就要一上午，老板问集团有多少钱，总是要等。",
        facts=(
            "银企直连把集团财务系统和银行系统接起来，各账户余额和流水实时汇总；"
            "子公司资金按设定规则每天自动归集到集团账户（示意）。"),
        model={
            "F": (
                "银企直连把集团的财务系统和银行系统接起来，"
                "各子公司账户的余额和流水实时汇总到一个界面；子公司账上的资金可以按设定的规则，"
                "每天自动归集到集团账户。"),
            "A": (
                "和逐个登录网银查询、导出相比，信息是实时、集中的；资金按规则自动归集，"
                "不用人工调拨。"),
            "B": (
                "对您来说，每天一早就能在一个界面上看到五家子公司的全部余额，"
                "财务不用再花一上午手工汇总，老板问起随时答得上；子公司闲着的钱先给集团用，"
                "总部可以少借短期贷款、少付利息。"),
            "E": (
                "按贵公司去年的账户数据测算（示意）：如果日均归集 2,000 万元、"
                "替换同等金额的短期贷款，按示意的年利率 3.5% 计，一年少付利息约 70 万元；"
                "另外提供系统演示、对接方案和实施周期说明，"
                "以及一家同类集团客户隐去名称的归集方案。"),
        }),
}
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


TIMING_QUESTIONS: tuple[TimingQuestion, ...] = (
    TimingQuestion(
        "t01",
        "你第一次给一家制造企业的财务总监打电话，你们还不认识。企业 8:30 上班、17:30 下班。"
        "哪个时间最合适？",
        (
            ("8:35，一上班就打，显得勤快",
             "刚上班要处理积压的事、安排一天的工作，陌生电话最容易被打发。"),
            ("10:15", ""),
            ("17:15，快下班了，对方手头的事少",
             "下班前最后半小时对方在收尾，也不愿意接陌生电话。"),
            ("12:30，午休时大家都闲", "午休时多半找不到人，接通了也会觉得被打扰。"),
        ),
        "B",
        "对还不认识的人，在工作时间里打，避开上班后的头半小时和下班前的最后半小时。",
        "课程素材：证券公司大客户营销讲义"),
    TimingQuestion(
        "t02",
        "你和物流公司的赵总已经见过两次面，聊得不错。想约他下周一起吃顿工作餐，"
        "哪个时间打电话更可能从容地聊？",
        (
            ("上午 10:30，他一天里调度最忙的时候", "工作最忙的时段，熟人也只能匆匆应付。"),
            ("下班后一小时以内，比如 18:00 前后", ""),
            ("周一上午例会刚散", "刚开完会，手上全是要布置的事。"),
            ("晚上 22:00", "太晚了，熟人也会觉得打扰。"),
        ),
        "B",
        "对已经认识的人，可以试试上班前 30 分钟或下班后 1 小时以内，这时对方还没忙起来，"
        "或者刚忙完。",
        "课程素材：证券公司大客户营销讲义"),
    TimingQuestion(
        "t03",
        "一家建筑公司的老板跟你说过：“我中午一点吃完饭，在办公室喝茶那会儿最方便。”"
        "你要和他确认下周的拜访，什么时候打？",
        (
            ("按他说的，下午一点前后", ""),
            ("上午九点半，标准的工作时间",
             "对熟人来说，对方自己说过的习惯时间，比“标准时间”更容易接通。"),
            ("下班以后", "他已经告诉你他方便的时间，没有必要另找。"),
            ("不打电话，先发一封邮件", "确认拜访这类小事，按对方习惯打个电话更直接。"),
        ),
        "A",
        "对认识的人，顺着对方自己熟悉、习惯的联络时间打，最容易接通，也显得你记住了他的话。",
        "课程素材：证券公司大客户营销讲义"),
    TimingQuestion(
        "t04",
        "你服务的证券客户刘先生交易很活跃，你要给他打年度回访电话。哪个时间最合适？",
        (
            ("上午 10:00，盘中", "交易时段对方在看盘，无心听电话。"),
            ("下午 2:30，盘中", "交易时段对方在看盘，无心听电话。"),
            ("下午 3:30，收盘之后、下班之前", ""),
            ("上午 11:20，快到午间休市的时候", "临近休市往往是对方最专注的时候。"),
        ),
        "C",
        "交易活跃的投资者在交易时段（上午 9:30—11:30、下午 1:00—3:00）盯着行情；收盘之后再打，"
        "对方才有心思听。",
        "本书补充的实务经验"),
    TimingQuestion(
        "t05",
        "你要第一次联系一家企业的会计主管，约她谈代发工资。下面哪一天打电话最不合适？",
        (
            ("每月 13 日，纳税申报期内", ""),
            ("每月 20 日", "申报期已过、月末结账还没到，是财务相对宽松的日子。"),
            ("每月 22 日", "申报期已过、月末结账还没到，是财务相对宽松的日子。"),
            ("每月 24 日", "申报期已过、月末结账还没到，是财务相对宽松的日子。"),
        ),
        "A",
        "财务人员每月上半月忙纳税申报，月末、季末忙结账，这几天最好不要打扰。",
        "本书补充的实务经验"),
    TimingQuestion(
        "t06",
        "你想第一次给一位民营企业的老板打邀约电话。下面哪个时间最容易碰壁？",
        (
            ("周一上午 9:40", ""),
            ("周二上午 10:00", "周二上午通常已经安排完一周的事，相对好谈。"),
            ("周三下午 3:00", "工作日下午的中段，是比较稳妥的时间。"),
            ("周四上午 10:30", "工作日上午的中段，是比较稳妥的时间。"),
        ),
        "A",
        "很多企业周一上午开例会、排一周的工作，老板最忙，陌生电话最容易被挡回来。",
        "本书补充的实务经验"),
    TimingQuestion(
        "t07",
        "电话接通后，对方说：“我在开会，晚点再说。”你怎么回应最好？",
        (
            ("“好的，那我改天再打。”", "“改天”没有具体时间，多半就没有下文了。"),
            ("“就耽误您一分钟……”", "对方说了在开会还硬讲，只会让人反感。"),
            ("“好的，那我今天下午四点再打给您，可以吗？”", ""),
            ("一句话不说，先挂断，过十分钟再打",
             "不打招呼就挂断很失礼，十分钟后对方多半还在开会。"),
        ),
        "C",
        "把“晚点”变成一个具体的回拨时间，并且准时打回去；准时本身就在证明你靠得住。",
        "本书补充的实务经验"),
    TimingQuestion(
        "t08",
        "前台告诉你：“王总监在开会，大概十一点半散会。”你约了十一点四十回拨。"
        "可十一点半有位客户临时来访，你怎么办？",
        (
            ("等客户走了再打，晚一个小时也没关系", "约好的时间没有兑现，对方会记住你不守时。"),
            ("请同事替你打", "对方等的是你，换一个陌生人打来，前面的铺垫就白做了。"),
            ("十一点四十前抽一分钟按约回拨；实在走不开，先打给前台说明改到几点", ""),
            ("干脆第二天再打", "让对方白等一场，下次更难约。"),
        ),
        "C",
        "约好的回拨时间是一个小承诺：按时打，或者提前说明改到什么时候，都比失约强。",
        "本书补充的实务经验"),
    TimingQuestion(
        "t09",
        "你第一次给一家企业的财务总监打电话。这家企业 9:00 上班、18:00 下班。"
        "下面哪个时间属于“下班前最后半小时”，应当避开？",
        (
            ("17:10", "17:10 还没到最后半小时，仍在正常的工作时段里。"),
            ("17:40", ""),
            ("16:30", "16:30 离下班还有一个半小时，是正常的工作时段。"),
            ("15:00", "15:00 是下午工作的中段，比较合适。"),
        ),
        "B",
        "下班时间是 18:00，最后半小时就是 17:30 以后；对方在收尾，陌生电话最容易被匆匆打发。",
        "课程素材：证券公司大客户营销讲义"),
    TimingQuestion(
        "t10",
        "明天就放长假了。今天下午，你想给一位还不认识的企业主打第一通邀约电话。怎么做比较好？",
        (
            ("趁大家心情放松，今天下午正好打", "节前最后一个下午，大家心思已经不在工作上。"),
            ("改到节后第二个工作日的上午十点左右再打", ""),
            ("假期里打，对方肯定有空", "假期是私人时间，陌生的工作电话最招人烦。"),
            ("发一条长短信代替电话", "长短信回应率很低，最好和电话配合，而不是代替电话。"),
        ),
        "B",
        "节前的下午和假期里都不适合打陌生电话；节后第一天又要处理积压的事，"
        "第二个工作日的上午更稳妥。",
        "本书补充的实务经验"),
)
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
