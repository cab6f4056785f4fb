"""Module 7 (客户关系管理与维护) self-check items: the value matrix."""

from __future__ import annotations

from crmkit.data import bank_book, worked_example
from crmkit.models.value_matrix import quadrant_table, thresholds, value_matrix
from crmkit.selfcheck.core import choice, members, number

choice(
    "7.1", "B", {
        "A": "拓展策略针对的是贡献已经很高、还在增长的客户，这家企业眼下贡献还低",
        "B": "成长快、贡献低的客户潜力还没释放出来，"
             "要去挖掘它在他行的业务和未满足的需求",
        "C": "维持策略用于贡献高但增长停滞的客户，不适合一个正在快速成长的客户",
        "D": "成长性高说明关系有前景，过早退出会把未来的好客户让给同业",
    },
    hint="先想清楚这类客户“现在贡献多少”和“将来会怎样”，再对照四种策略",
    skills=["价值矩阵", "概念"])

number(
    "7.2", lambda: thresholds(worked_example(), "median")[0], 0.01,
    hint="把 8 户的综合贡献从小到大排好，偶数个数的中位数取中间两个数的平均",
    unit=" 万元", skills=["价值矩阵", "计算"])

number(
    "7.3",
    lambda: int((value_matrix(bank_book(n=200, seed=2024))["quadrant"] == "拓展").sum()), 0,
    hint="用 value_matrix(book, split=\"median\") 评分，再数 quadrant 列里“拓展”的个数",
    unit=" 户", skills=["价值矩阵", "计算"])

number(
    "7.4",
    lambda: float(quadrant_table(value_matrix(bank_book(n=200, seed=2024),
                                              split=("p70", "median")))
                  .loc["拓展", "贡献占比(%)"]), 0.1,
    hint="split=(\"p70\", \"median\") 表示贡献取第 70 百分位、增长取中位数；"
         "quadrant_table 里有“贡献占比(%)”一列",
    unit="%", skills=["价值矩阵", "计算"])

choice(
    "7.5", "B", {
        "A": "贡献仍然很高，一年的负增长不足以退出；退出会直接损失大量收益",
        "B": "这是维持象限里有风险也有机会的客户：守住现有业务，"
             "同时用高层拜访和供应链融资方案把新需求接住",
        "C": "降低服务会加速客户转向他行，恰好在客户有新需求时给了同业机会",
        "D": "客户主动谈到他行方案是流失的早期信号，放任不管风险最大",
    },
    hint="贡献高、增长转负，但客户刚透露了新的融资需求：先弄清原因，再决定投入",
    skills=["价值矩阵", "判断"])


def _dig_customers():
    scored = value_matrix(worked_example(), split="median")
    return scored.loc[scored["quadrant"] == "挖掘", "customer_id"]


members("7.6", _dig_customers, hint="筛出 quadrant == \"挖掘\" 的行，再取 customer_id 列",
        skills=["价值矩阵", "编程"])
