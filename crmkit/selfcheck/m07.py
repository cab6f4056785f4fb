"""Module 7 (客户关系管理与维护) self-check items.

7.1–7.6: the value matrix. 7.7–7.12: RFM, loyalty types, churn warnings and customer
lifetime value, on the synthetic ledger and monthly panel of chapter 7
(``transactions`` and ``monthly_panel``, 200 customers, seed 2024) and the Dwyer formula.
"""

from __future__ import annotations

from crmkit.data import bank_book, worked_example
from crmkit.data.transactions import monthly_panel, transactions
from crmkit.models import churn, rfm
from crmkit.models.clv import dwyer_clv
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


choice(
    "7.7", "C", {
        "A": "重要价值客户三项都高；这位客户 5 个月没有交易，R 是低的",
        "B": "重要发展客户是最近来过、但来得少；这位客户一年交易 20 多笔，F 是高的",
        "C": "金额大（M 高）、过去来得勤（F 高），但最近没有再来（R 低），是重要保持客户："
             "很可能正被同业分流，要尽快主动联系",
        "D": "重要挽留客户是最近没来、平时也来得少；这位客户过去来得很勤",
    },
    hint="先把三个维度分别判成高或低：最近一次交易、交易频次、交易金额",
    skills=["RFM", "概念"])


def _keep_segment_average():
    """Average monetary value (万元) of the 重要保持客户 under equal-frequency scoring."""
    table = rfm.rfm_segments(rfm.rfm_scores(rfm.rfm_table(transactions(200, seed=2024))))
    keep = table.loc[table["segment"] == "重要保持客户", "monetary"]
    return round(float(keep.mean()) / 10000, 2)


number(
    "7.8", _keep_segment_average, 0.01,
    hint="rfm_table → rfm_scores → rfm_segments，筛出 segment == \"重要保持客户\"，"
         "monetary 列的平均数是元，除以 10000 换成万元",
    unit=" 万元", skills=["RFM", "计算"])

choice(
    "7.9", "B", {
        "A": "满意度 4.2 分，她并没有不满；先道歉处理投诉，找错了原因",
        "B": "业务下滑、满意度不低、又有已知的生活变化，是生活方式改变型客户："
             "了解搬家后的新需求，配上异地服务和养老规划，留不住的部分好聚好散",
        "C": "她不是在比较利率，而是生活变了；用更高收益硬留，既花了钱也未必合她的新需要",
        "D": "业务量已经下降四成，不能再当作“不会走”的惯性客户放着不管",
    },
    hint="按规则的顺序检查：业务有没有下滑？满意度低不低？有没有已知的生活变化？",
    skills=["忠诚度", "判断"])


def _medium_risk():
    warnings = churn.churn_warnings(monthly_panel(n_customers=200, seed=2024))
    return warnings.index[warnings["risk_level"] == "中"]


members(
    "7.10", _medium_risk,
    hint="churn_warnings(panel) 用默认预警线生成名单，筛出 risk_level == \"中\" 的行，"
         "客户号在索引里（warnings.index）",
    skills=["流失预警", "编程"])

number(
    "7.11", lambda: round(float(dwyer_clv(6, 0.85, 0.08, periods=5)), 2), 0.01,
    hint="dwyer_clv(margin=6, retention=0.85, discount=0.08, periods=5)；"
         "第一年的收益不折现，也不乘保留率",
    unit=" 万元", skills=["客户终身价值", "计算"])

choice(
    "7.12", "A", {
        "A": "对一位原来每月都来的客户，10 个月没有动静非常反常，他仍活跃的可能性低、"
             "过去价值又高，应当先去弄清原因",
        "B": "乙本来就很少申购，沉寂 10 个月并不稀奇，多半还在，只是节奏慢",
        "C": "仍活跃的可能性低不等于已经流失，更不是停止服务的理由",
        "D": "Dwyer 公式只看过去的收益、对所有人用同一个保留率，"
             "看不出谁的沉寂更反常",
    },
    hint="沉寂多久才算反常，取决于客户过去有多活跃",
    skills=["客户终身价值", "判断"])
