"""Module 3 (客户识别与选择) self-check items.

Segmentation by value, profit concentration (Pareto share, Gini), tiers after service
cost, transactional vs relational customers, the five sides of a need, the MAN rule,
the risks of big customers and the selection principles. The calculations use the
300 individual clients of ``wealth_book`` and a list of 24 prospects.
"""

from __future__ import annotations

from crmkit.data import wealth_book
from crmkit.data.prospects import prospects
from crmkit.models.man import classify_book
from crmkit.models.pareto import customers_for_share, gini, top_share
from crmkit.selfcheck.core import choice, members, number

# Item 3.5: a flat yearly service cost per client (万元, 示意), not any bank's real cost.
SERVICE_COST = 0.5


def wealth_profit():
    """Annual contribution (万元) of each of the 300 wealth clients, indexed by customer_id."""
    return wealth_book(n=300, seed=2011).set_index("customer_id")["contribution"]


choice(
    "3.1", "C", {
        "A": "按盈利能力只看过去一年的利润，这位客户今年的贡献很低，会被排进最后一层",
        "B": "二八法则看的是现在谁贡献了大部分利润，同样只看眼前",
        "C": "终身价值看整个合作期的预期净收益并折现，正是为了不错杀“今天小、明天大”的客户",
        "D": "按行业细分回答不了这家企业值多少钱，同一行业里的企业前景差别很大",
    },
    hint="三种按价值细分的方法，哪一种看的是客户的未来而不只是过去一年？",
    skills=["客户细分", "概念"])

number(
    "3.2", lambda: top_share(wealth_profit(), 0.2) * 100, 0.1,
    hint="用 top_share(profit, 0.2)，结果是小数，乘以 100 换成百分数",
    unit="%", skills=["二八法则", "计算"])

number(
    "3.3", lambda: customers_for_share(wealth_profit(), 0.8) * 100, 0.1,
    hint="用 customers_for_share(profit, 0.8)，结果是小数，乘以 100 换成百分数",
    unit="%", skills=["二八法则", "计算"])

number(
    "3.4", lambda: gini(wealth_profit()), 0.001,
    hint="用 gini(profit)；基尼系数在 0 和 1 之间，越大越集中",
    skills=["基尼系数", "计算"])

number(
    "3.5", lambda: int((wealth_profit() - SERVICE_COST < 0).sum()), 0,
    hint="先算 net = profit - 0.5，再数 net 小于 0 的个数",
    unit=" 位", skills=["盈利分层", "编程"])

choice(
    "3.6", "D", {
        "A": "亏损客户里有服务方式太贵的，也有还没成长起来的，一刀切清退会错杀后者",
        "B": "不扣服务成本，就会把“又大又贵”的客户当成宝贝，分层本身就失真了",
        "C": "统一加收费用会把本来盈利的客户一起推走，也没有找出亏损的原因",
        "D": "先查清亏在哪里：服务太贵的改用线上和标准化服务，让利太多的调整定价，"
             "有潜力的按终身价值保留培育",
    },
    hint="本章的做法是“先诊断，再处理”，而不是简单地清退或加价",
    skills=["盈利分层", "判断"])

choice(
    "3.7", "A", {
        "A": "只按最低价下单、三年换了四家供应商，是典型的交易型客户："
             "标准化、低成本服务，价格按规则执行",
        "B": "它从不和供应商长期合作，派专属团队深度经营，投入很难收回",
        "C": "交易型客户不必专人维护，但只要按规则执行价格就有利润，不必主动放弃",
        "D": "业务量大小不决定客户是交易型还是关系型，关键看它是否只认价格",
    },
    hint="看这家客户选择供应商时看重的是这一笔的价格，还是长期合作的整体价值",
    skills=["客户类型", "概念"])

choice(
    "3.8", "C", {
        "A": "需求的类别是“要哪一类产品”，这里是保函，已经清楚了",
        "B": "需求的目的是“为什么要”：为了参加新项目的投标",
        "C": "不想让保证金占用流动资金，是表面诉求背后真正要解决的问题，属于需求的实质",
        "D": "需求的层次区分底线、期望和惊喜，这里讲的不是分层",
    },
    hint="区分“客户要什么”“为什么要”和“真正要解决什么问题”",
    skills=["需求识别", "概念"])


def _ideal_prospects():
    leads = classify_book(prospects(n=24, seed=2024))
    return leads.loc[leads["man_code"] == "M-A-N", "prospect_id"]


members("3.9", _ideal_prospects,
        hint="先用 classify_book(leads) 加上 man_code 列，再筛出 man_code == \"M-A-N\" 的行",
        noun="潜在客户", skills=["MAN 法则", "编程"])

choice(
    "3.10", "C", {
        "A": "三个条件并不齐全：眼前这位说了不算，直接推荐产品很可能白费力气",
        "B": "800 万元闲置资金说明购买力充足，问题不在钱",
        "C": "有钱有需求，但拍板的是他太太，属于 M-a-N：请他安排夫妻一起面谈，"
             "了解真正决策人的风险偏好",
        "D": "缺的只是决策人这一项，放弃就把一个有钱有需求的客户让给了同业",
    },
    hint="逐项判断：买得起吗？眼前这位说了算吗？用得着吗？",
    skills=["MAN 法则", "判断"])

choice(
    "3.11", "B", {
        "A": "账期长确实占用资金，但题目里最突出的问题是利润被压薄",
        "B": "年年降价、驻场服务的成本吃掉了毛利，业务量大而利润薄，是利润风险",
        "C": "驻场也占用管理资源，但客户没有干预你的内部安排，主要问题不在管理",
        "D": "客户没有流失的迹象，反而在加大采购",
    },
    hint="四种风险分别是财务、利润、管理和流失；看题目里哪类代价最直接",
    skills=["大客户风险", "判断"])

choice(
    "3.12", "D", {
        "A": "全国性集团总部的需求和议价能力远超一家县域支行的服务能力，与自己实力不相当",
        "B": "只来存一笔季末存款的公司是典型的交易型客户，谈不上长期合作",
        "C": "与支行定位和现有服务能力都不匹配，资源会被分散",
        "D": "与支行定位一致、实力相当，而且与最满意的老客户同属一条产业链，成功的把握最大",
    },
    hint="对照客户选择的五条原则，逐个检查四个选项",
    skills=["客户选择", "判断"])
