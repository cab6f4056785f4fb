"""The computed answers of the exercise items: each function returns what a numeric or
list item expects, from crmkit's own models and case data (never typed in).

A bank file (``exercises/NN-exercises.yaml``) names the function in ``expected``.
"""

from __future__ import annotations

from functools import cache

import pandas as pd

from crmkit.data import bank_book, cases, wealth_book, worked_example
from crmkit.data.prospects import prospects
from crmkit.data.transactions import monthly_panel, transactions
from crmkit.models import churn, rfm
from crmkit.models.clv import dwyer_clv
from crmkit.models.funnel import (
    coverage_ratio,
    example_pipeline,
    pipeline_velocity,
    synthetic_pipeline,
    weighted_pipeline,
)
from crmkit.models.industry import concentration_ratio, factor_intensity, hhi, lifecycle_stage
from crmkit.models.man import classify_book
from crmkit.models.pareto import customers_for_share, gini, top_share
from crmkit.models.value_matrix import quadrant_table, thresholds, value_matrix
from crmkit.models.verification import example_firm, implied_revenue


@cache
def _case_tables(slug: str) -> dict[str, pd.DataFrame]:
    return cases.tables(slug)


def case_table(slug: str, name: str) -> pd.DataFrame:
    """A case's committed table, generated once per process and handed out as a copy: an
    item's check asks for the same table every time it runs (5-20 ms to generate)."""
    return _case_tables(slug)[name].copy()


# ---------------------------------------------------------------- module 0
# Module 0 (课程导引)


def answer_0_7():
    """Item 0.7."""
    return float(worked_example()["contribution"].sum())


def negative_growth():
    example = worked_example()
    return example.loc[example["growth"] < 0, "customer_id"]


# ---------------------------------------------------------------- module 1
# Module 1 (运营环境与行业分析)


# The firm of item 1.4 and 1.5, as printed in the question (示意): a county vegetable
# pre-cooling and processing plant with a large yard. Relative scores: capital 0.45,
# labour 1.35, technology 0.2, land 1.44.
VEGETABLE_PLANT = {
    "人均固定资产": 45,               # 万元/人
    "人工成本占营业收入比重": 0.27,
    "研发投入占营业收入比重": 0.01,
    "每亿元营业收入占地": 72,         # 亩/亿元
}


def answer_1_4():
    """Item 1.4."""
    return float(factor_intensity(VEGETABLE_PLANT).scores.max())


def nev_shares(segment: str):
    shares = case_table("nev-chain", "shares.csv")
    return shares.loc[shares["segment"] == segment, "share"]


def machinery_shares(period: str):
    shares = case_table("construction-machinery", "shares.csv")
    return shares.loc[shares["period"] == period, "share"]


def answer_1_7():
    """Item 1.7."""
    return concentration_ratio(nev_shares("正极材料"), n=8)


def answer_1_9():
    """Item 1.8."""
    return hhi(machinery_shares("第 14 年")) - hhi(machinery_shares("第 6 年"))


def answer_1_12():
    """Item 1.11."""
    wafer = case_table("ic-chain", "growth.csv")["晶圆制造收入"]
    return lifecycle_stage(wafer)["volatility"] * 100


# ---------------------------------------------------------------- module 2
# Module 2 (金融产品与客群拓展)


# Teaching rule of item 2.9: a counterparty worth a visit this month trades with at least
# this many of our customers and moved more than this much money (万元) in the year.
HUB_LINKS = 3


HUB_AMOUNT = 1000.0


def prospect_flows() -> pd.DataFrame:
    """Counterparties of the ledger that are firms banking elsewhere, one row each.

    Columns: amount (万元 in the year), transactions and links (how many of our
    customers trade with it), largest amount first.
    """
    ledger = case_table("ledger-prospecting", "ledger.csv")
    elsewhere = (ledger["counterparty_type"] == "企业") & (ledger["counterparty_bank"] == "他行")
    firms = ledger[elsewhere]
    flows = firms.groupby("counterparty").agg(amount=("amount", "sum"),
                                              transactions=("txn_id", "size"),
                                              links=("customer_id", "nunique"))
    return flows.sort_values("amount", ascending=False)


def zjtx_beishan_giants():
    firms = case_table("zjtx-list", "firms.csv")
    chosen = ((firms["city"] == "北山市") & (firms["level"] == "国家级小巨人")
              & (firms["relationship"] == "无往来"))
    return firms.loc[chosen, "firm_id"]


def answer_2_8():
    """Item 2.8."""
    return len(prospect_flows())


def hubs():
    flows = prospect_flows()
    return flows.index[(flows["links"] >= HUB_LINKS) & (flows["amount"] > HUB_AMOUNT)]


def answer_2_10():
    """Item 2.10."""
    return float(prospect_flows()["amount"].iloc[0])


# ---------------------------------------------------------------- module 3
# Module 3 (客户识别与选择)


# Item 3.5: a flat yearly service cost per client (万元, 示意), not any bank's real cost.
SERVICE_COST = 0.5


def wealth_profit():
    """Annual contribution (万元) of each of the 300 wealth clients, indexed by customer_id."""
    return wealth_book(n=300, seed=2011).set_index("customer_id")["contribution"]


def answer_3_2():
    """Item 3.2."""
    return top_share(wealth_profit(), 0.2) * 100


def answer_3_3():
    """Item 3.3."""
    return customers_for_share(wealth_profit(), 0.8) * 100


def answer_3_4():
    """Item 3.4."""
    return gini(wealth_profit())


def answer_3_5():
    """Item 3.5."""
    return int((wealth_profit() - SERVICE_COST < 0).sum())


def ideal_prospects():
    leads = classify_book(prospects(n=24, seed=2024))
    return leads.loc[leads["man_code"] == "M-A-N", "prospect_id"]


# ---------------------------------------------------------------- module 4
# Module 4 (没有调查就没有发言权)


def electricity_gap(revenue_per_kwh, period="2023"):
    """Reported revenue's gap (%) to what the firm's power use implies, in one period."""
    table = implied_revenue(example_firm(), revenue_per_kwh=revenue_per_kwh,
                            vat_burden=None, inflow_ratio=None)
    return float(table.loc[table["期间"] == period, "偏差(%)"].iloc[0])


def own_history_gap():
    """The 2023 gap when the reference is 甲厂's own revenue per kWh of 2021 and 2022."""
    firm = example_firm()
    base = float((firm["revenue"] / firm["electricity"]).iloc[:2].mean())
    return electricity_gap(base)


def answer_4_6():
    """Item 4.6."""
    return electricity_gap(24)


def leased_on_list_value():
    equipment = case_table("leased-equipment", "equipment.csv")
    keep = (equipment["on_list"] == "是") & (equipment["invoice_buyer"] == "租赁公司")
    return round(float(equipment.loc[keep, "value"].sum()), 1)


def pledged_value():
    equipment = case_table("leased-equipment", "equipment.csv")
    keep = (equipment["invoice_buyer"] == "本企业") & (equipment["registry"] == "抵押登记")
    return round(float(equipment.loc[keep, "value"].sum()), 1)


def old_receivable_share():
    ledger = case_table("medical-device-dealer", "receivables.csv")
    old = ledger.loc[ledger["age_days"] > 365, "amount"].sum()
    return round(float(old / ledger["amount"].sum() * 100), 1)


# ---------------------------------------------------------------- module 5
# Module 5 (大客户销售策略)


def unvisited():
    people = case_table("telecom-billing", "buying_centre.csv")
    return people.loc[people["visits_before"] == 0, "person_id"]


def answer_5_10():
    """Item 5.9."""
    return float(coverage_ratio(example_pipeline(), target=400)["覆盖倍数"])


def answer_5_11():
    """Item 5.10."""
    return float(pipeline_velocity(example_pipeline(), per="month", from_stage="方案")
                  .iloc[-1])


def owner_weighted(owner):
    lab = synthetic_pipeline(n=60, seed=2024)
    return float(weighted_pipeline(lab[lab["owner"] == owner]).loc["合计", "加权金额(万元)"])


def billing_adjusted():
    pipeline = case_table("telecom-billing", "pipeline.csv")
    pipeline["probability"] = float("nan")
    pipeline.loc[pipeline["product"] == "计费系统改造", "probability"] = 0.3
    return float(weighted_pipeline(pipeline).loc["合计", "加权金额(万元)"])


def answer_5_12():
    """Item 5.11."""
    return owner_weighted("陈晨")


# ---------------------------------------------------------------- module 6
# Module 6 (营销策略与技巧)


QUESTIONS = ["q_situation", "q_problem", "q_implication", "q_need"]


FIRST, SECOND = "第一次营销", "第二次营销"


def contacts():
    return case_table("second-pass-hightech", "contacts.csv")


def situation_share_drop():
    totals = contacts().groupby("round")[QUESTIONS].sum()
    share = totals["q_situation"] / totals.sum(axis=1) * 100
    return round(float(share[FIRST] - share[SECOND]), 1)


def implication_without_next_step():
    log = contacts()
    keep = ((log["round"] == SECOND) & (log["q_implication"] > 0)
            & (log["next_step"] == "否"))
    return log.loc[keep, "person"]


# ---------------------------------------------------------------- module 7
# Module 7 (客户关系管理与维护)


def answer_7_2():
    """Item 7.2."""
    return thresholds(worked_example(), "median")[0]


def answer_7_3():
    """Item 7.3."""
    return int((value_matrix(bank_book(n=200, seed=2024))["quadrant"] == "拓展").sum())


def answer_7_4():
    """Item 7.4."""
    return float(quadrant_table(value_matrix(bank_book(n=200, seed=2024),
                                              split=("p70", "median")))
                  .loc["拓展", "贡献占比(%)"])


def dig_customers():
    scored = value_matrix(worked_example(), split="median")
    return scored.loc[scored["quadrant"] == "挖掘", "customer_id"]


def keep_segment_average():
    """Average monetary value (万元) of the 重要保持客户 under equal-frequency scoring."""
    table = rfm.rfm_segments(rfm.rfm_scores(rfm.rfm_table(transactions(200, seed=2024))))
    keep = table.loc[table["segment"] == "重要保持客户", "monetary"]
    return round(float(keep.mean()) / 10000, 2)


def medium_risk():
    warnings = churn.churn_warnings(monthly_panel(n_customers=200, seed=2024))
    return warnings.index[warnings["risk_level"] == "中"]


def answer_7_12():
    """Item 7.11."""
    return round(float(dwyer_clv(6, 0.85, 0.08, periods=5)), 2)
