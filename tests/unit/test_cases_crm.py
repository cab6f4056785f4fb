"""The module 7 case data (crmkit.data.cases): the seed figures kept exactly, and each case's
planted facts there for the page to find."""

from pathlib import Path

import numpy as np
import pandas as pd

from crmkit.data.cases import (
    bank_relationship_crm,
    car_experience,
    cosmetics_referral,
    customer_information,
    pharma_key_accounts,
    securities_branch,
    sme_redefine_customers,
    tobacco_retailer,
)
from crmkit.models.pareto import top_share

ROOT = Path(__file__).resolve().parents[2]

# --- 化妆品 -------------------------------------------------------------------------------

def test_voucher_bands_hand_computed():
    # Bands [0, 200) → 20, [200, 400) → 30, [400, 600) → 40, 600 and above → 50 元.
    assert cosmetics_referral.voucher_for([0, 199, 200, 399, 400, 599, 600, 5000]).tolist() == \
        [20, 20, 30, 30, 40, 40, 50, 50]
    # The seed's range (篇一): vouchers worth 20 to 50 元.
    assert (cosmetics_referral.VOUCHER_MIN, cosmetics_referral.VOUCHER_MAX) == (20, 50)
    values = cosmetics_referral.VOUCHER_VALUES
    assert min(values) == 20 and max(values) == 50


def test_cosmetics_referrers_joined_earlier_and_purchases_fall_in_the_year():
    tables = cosmetics_referral.generate()
    members, purchases = tables["members.csv"], tables["purchases.csv"]
    assert len(members) == cosmetics_referral.COSMETICS_N and members["member_id"].is_unique
    referred = members[members["source"] == "老客转介绍"]
    assert (referred["referrer_id"] != "").all()
    assert (members.loc[members["source"] != "老客转介绍", "referrer_id"] == "").all()
    joined = members.set_index("member_id")["join_date"]
    assert (joined.loc[referred["referrer_id"]].to_numpy()
            <= referred["join_date"].to_numpy()).all()
    start, end = cosmetics_referral.COSMETICS_WINDOW
    assert purchases["date"].between(start, end).all()
    assert purchases["member_id"].isin(members["member_id"]).all()
    assert (purchases["amount"] >= 39).all() and purchases["order_id"].is_unique
    # Every member who joined inside the year bought on the day of joining.
    inside = members[members["join_date"] >= start]
    first = purchases.groupby("member_id")["date"].min()
    assert (first.loc[inside["member_id"]].to_numpy() == inside["join_date"].to_numpy()).all()
    # Some earlier members bought nothing this year: they are silent, not missing.
    assert purchases["member_id"].nunique() < len(members)


# --- 县级医院 -----------------------------------------------------------------------------

def test_hospital_files_are_the_seed_figures_exactly():
    """A fixed-fact case: plain CSV files, no generator; the figures below are seed 004 篇二's."""
    folder = ROOT / "cases" / "county-hospital"
    assert not (ROOT / "crmkit" / "data" / "cases" / "county_hospital.py").exists()
    rows = pd.read_csv(folder / "inpatients.csv", encoding="utf-8-sig")
    assert rows.columns.tolist() == ["序号", "日期", "日期依据", "口径", "数值", "原文表述",
                                     "数值性质", "事件", "原文位置"]
    assert rows["序号"].tolist() == list(range(1, 10))
    total = rows[rows["口径"] == "全院区住院"]
    assert total["数值"].tolist() == [186, 243, 270, 270, 355]
    assert total["原文表述"].tolist() == ["186人", "243人", "270人", "270余人", "355人"]
    assert total["日期"].tolist()[-1] == "2012-02-28" and total["日期"].tolist()[0] == "2011-09-05"
    paed = rows[rows["口径"] == "儿科住院"]
    assert paed["数值"].tolist() == [7, 30, 50, 60]
    assert paed["数值性质"].tolist() == ["平均数", "下限", "下限", "确数"]
    facts = pd.read_csv(folder / "facts.csv", encoding="utf-8-sig")
    for table in (rows, facts):
        assert table["原文位置"].str.startswith("种子材料 004 篇二").all()
    fact = facts.set_index("项目")["数值"]
    assert fact["全县农村和城镇总人口"] == 70 and fact["县城区人口"] == 15
    assert fact["2011年1月至6月新增民营医院"] == 14
    assert fact["X院区儿科病区扩容后床位"] == 50
    # Growth on the 186 baseline: 243/186 − 1 = 0.3065, 355/186 − 1 = 0.9086.
    assert round(243 / 186 - 1, 4) == 0.3065 and round(355 / 186 - 1, 4) == 0.9086


# --- 汽车体验营销 -------------------------------------------------------------------------

def test_car_leads_price_only_for_buyers_and_costs_cover_every_source():
    tables = car_experience.generate()
    leads = tables["leads.csv"]
    bought = leads["bought"] == "是"
    assert leads.loc[bought, "price"].notna().all() and leads.loc[~bought, "price"].isna().all()
    assert set(leads.loc[bought, "installment"]) <= {"是", "否"}
    assert (leads.loc[~bought, "installment"] == "").all()
    assert (leads.loc[leads["source"] == "长途试驾之旅", "experience"] == "深度体验").all()
    assert set(tables["lead_costs.csv"]["source"]) == set(leads["source"])
    owners = tables["owners.csv"]
    assert owners["satisfaction"].between(1, 5).all()
    assert owners["share_of_wallet"].between(0, 1).all()


# --- 卷烟零售 -----------------------------------------------------------------------------

def test_tobacco_brands_reproduce_every_seed_figure():
    tables = tobacco_retailer.generate()
    brands = tables["brands.csv"]
    assert len(brands) == 20 and brands["brand"].is_unique
    assert brands["category"].value_counts().to_dict() == {"三类": 10, "四五类": 6, "一类": 2,
                                                           "二类": 2}
    # 20 brands of the company's 50 specifications: 20 / 50 = 40%.
    tob = tobacco_retailer
    assert len(brands) / tob.TOBACCO_COMPANY_SPECS * 100 == tob.TOBACCO_COVERAGE == 40
    # Average purchase value per carton: purchase value / cartons rounds to 63.2 元/条.
    assert round(brands["purchase_value"].sum() / brands["cartons"].sum(), 1) == 63.2
    # 68.5 − 63.2 = 5.3 元/条 below shops of the same class.
    assert round(tob.TOBACCO_PEER_PRICE - tob.TOBACCO_AVG_PRICE, 1) == tob.TOBACCO_PRICE_GAP
    # The five best sellers (5 of 20 = the top 25%) hold 45% of sales and 60% of margin.
    sales = brands.set_index("brand")["sales"]
    margin = brands.set_index("brand")["margin"]
    assert round(top_share(sales, 0.25) * 100, 1) == 45.0
    assert round(top_share(margin, 0.25) * 100, 1) == 60.0
    assert brands["sales"].is_monotonic_decreasing
    # 三类 sells most, and brands from outside the province are a small part of sales.
    by_class = brands.groupby("category")["sales"].sum()
    assert by_class.idxmax() == "三类"
    assert brands.loc[brands["origin"] == "省外", "sales"].sum() < 0.2 * brands["sales"].sum()
    np.testing.assert_allclose(brands["margin"], brands["sales"] - brands["purchase_value"],
                               atol=0.051)


def test_tobacco_facts_and_customer_mix():
    facts = tobacco_retailer.generate()["facts.csv"].set_index("item")["value"]
    assert sum(tobacco_retailer.TOBACCO_CUSTOMER_MIX.values()) == 100
    assert facts["本店进货平均单条值"] == 63.2 and facts["同类别客户平均单条值"] == 68.5
    assert facts["周边卷烟零售户"] == sum(tobacco_retailer.TOBACCO_NEARBY_MIX.values()) == 5
    assert facts["经营卷烟品牌"] == sum(tobacco_retailer.TOBACCO_CLASS_COUNTS.values()) == 20


# --- 证券营业部 ---------------------------------------------------------------------------

def test_securities_commission_is_volume_times_rate():
    tables = securities_branch.generate()
    clients = tables["clients.csv"]
    # 佣金（万元）= 年交易量（万元）× 佣金率（‰）/ 1000, e.g. 1,000 万元 at 0.5‰ = 0.5 万元.
    np.testing.assert_allclose(clients["commission"],
                               clients["annual_volume"] * clients["commission_rate"] / 1000,
                               atol=0.0005)
    offsite = clients[clients["trade_mode"] == "非现场"]
    special = offsite["commission_rate"] == securities_branch.SECURITIES_SPECIAL_RATE
    assert offsite.loc[~special, "commission_rate"].between(0.5, 2.0).all()
    sec = securities_branch
    assert (sec.SECURITIES_RATE_FLOOR, sec.SECURITIES_RATE_CAP) == (0.5, 2.0)
    assert securities_branch.SECURITIES_VOLUME_STEPS == [600, 1000, 1500]
    team = tables["team.csv"]
    assert team["marketer"].nunique() == 15 and len(team) == 15 * 6


# --- 中小企业 -----------------------------------------------------------------------------

def test_sme_contribution_is_gross_profit_less_cost_to_serve():
    customers = sme_redefine_customers.generate()["customers.csv"]
    np.testing.assert_allclose(customers["contribution"],
                               customers["gross_profit"] - customers["service_cost"], atol=0.011)
    np.testing.assert_allclose(customers["gross_profit"],
                               customers["sales"] * customers["gross_margin"], atol=0.006)
    assert (customers["contribution"] < 0).any()          # some customers cost more than they earn
    assert (customers["orders"] >= 1).all()


# --- 医药关键客户 -------------------------------------------------------------------------

def test_pharma_wholesalers_have_no_retail_price():
    accounts = pharma_key_accounts.generate()["accounts.csv"]
    wholesale = accounts["account_type"] == "医药商业公司"
    assert accounts.loc[wholesale, "price_index"].isna().all()
    assert accounts.loc[~wholesale, "price_index"].between(0.7, 1.05).all()
    assert accounts["promo_score"].between(0, 10).all()


# --- 客户信息管理 -------------------------------------------------------------------------

def test_name_key_strips_suffix_brackets_and_spaces():
    names = pd.Series(["恒通汽配有限公司", "恒通汽配", " 恒通（汽配） ", "华创股份有限公司"])
    assert customer_information.name_key(names).tolist() == [
        "恒通汽配", "恒通汽配", "恒通汽配", "华创"]


def test_archive_has_the_planted_duplicates_and_gaps():
    tables = customer_information.generate()
    archive = tables["archive.csv"]
    info = customer_information
    assert len(archive) == info.INFO_COMPANIES + info.INFO_DUPLICATES
    owners = archive.groupby(customer_information.name_key(archive["company"]))["owner"].nunique()
    assert (owners > 1).sum() == customer_information.INFO_DUPLICATES
    assert archive["company"].notna().all() and archive["owner"].notna().all()
    assert archive["phone"].dropna().str.contains(r"\*\*\*\*", regex=True).all()
    fields = [f for kind in customer_information.INFO_KINDS.values() for f in kind]
    assert set(fields) <= set(archive.columns)
    staff = tables["staff.csv"]
    assert (staff["status"] == "离职").sum() == 2
    assert set(archive["owner"]) <= set(staff["owner"])
    orders = tables["orders.csv"]
    assert info.name_key(orders["company"]).isin(info.name_key(archive["company"])).all()
    assert (orders["received"] <= orders["amount"]).all()


# --- 银行关系营销与 CRM -------------------------------------------------------------------

def test_crm_panel_shape_and_survey_matches_panel():
    tables = bank_relationship_crm.generate()
    panel, survey = tables["panel.csv"], tables["survey.csv"]
    assert len(panel) == bank_relationship_crm.CRM_N * len(bank_relationship_crm.CRM_MONTHS)
    assert panel["share_of_wallet"].between(0, 1).all() and (panel["balance"] >= 0).all()
    assert survey["customer_id"].tolist() == sorted(panel["customer_id"].unique())
    # activity_change = mean balance of April–June / mean of January–March − 1.
    late = panel["month"] >= "2024-04"
    mean = panel.groupby([panel["customer_id"], late])["balance"].mean().unstack()
    change = (mean[True] / mean[False] - 1).round(2)
    np.testing.assert_allclose(change.to_numpy(), survey["activity_change"].to_numpy(), atol=0.011)
