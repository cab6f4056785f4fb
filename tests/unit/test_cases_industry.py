"""Module 1 case data: deterministic, reproducible from the CLI, and showing each case's lesson."""

import numpy as np
import pandas as pd
import pytest

from crmkit.data import cases
from crmkit.data.cases import (
    _common,
    agriculture_finance,
    construction_machinery,
    ic_chain,
    nev_chain,
    pharma_manufacturing,
    solar_polysilicon,
)
from crmkit.models.industry import (
    bain_type,
    concentration_ratio,
    hhi,
    intensity_comparison,
    lifecycle_stage,
    lifecycle_table,
)

SLUGS = ["nev-chain", "solar-polysilicon", "ic-chain", "construction-machinery",
         "pharma-manufacturing", "agriculture-finance"]   # the module 1 cases


# --- helpers, against hand-computed values -------------------------------------------------

def test_geometric_shares_without_noise_by_hand():
    rng = np.random.default_rng(0)
    # Weights 1, 0.5, 0.25 (sum 1.75) spread over 70%: 70/1.75 = 40, then 20 and 10.
    assert _common.geometric_shares(rng, 3, 0.5, 70.0, noise=0.0).tolist() == [40.0, 20.0, 10.0]


def test_growth_path_without_noise_is_a_straight_line():
    rng = np.random.default_rng(0)
    # From 0.30 to 0.10 in three years: 0.30, 0.20, 0.10.
    assert _common.growth_path(rng, 0.30, 0.10, 3, noise=0.0).tolist() == [0.3, 0.2, 0.1]


# --- every case ----------------------------------------------------------------------------


@pytest.mark.parametrize("slug", SLUGS)
def test_shares_are_percentages_that_fit_in_one_market(slug):
    shares = cases.tables(slug)["shares.csv"]
    market = shares.columns[0]
    for _, part in shares.groupby(market):
        assert (part["share"] > 0).all()
        assert part["share"].sum() <= 100.5            # rounding tolerance of the model
        assert part["firm"].is_unique


@pytest.mark.parametrize("slug", SLUGS)
def test_every_intensity_table_is_read_by_the_model(slug):
    table = cases.tables(slug)["intensity.csv"].set_index("link")
    assert len(intensity_comparison(table)) == len(table)


# --- the lesson each page relies on --------------------------------------------------------

def _cr4_by(shares: pd.DataFrame) -> pd.Series:
    return shares.groupby(shares.columns[0], sort=False)["share"].agg(concentration_ratio)


def test_nev_chain_batteries_concentrated_parts_fragmented():
    data = nev_chain.generate()
    cr4 = _cr4_by(data["shares.csv"])
    assert bain_type(cr4["动力电池"]) == "极高寡占型"
    assert bain_type(cr4["线束与结构件"]) == "竞争型"
    stages = lifecycle_table(data["growth.csv"].set_index("year"))["阶段"].tolist()
    assert stages == ["成长期", "成长期", "导入期", "衰退期"]
    firms = data["financials.csv"].set_index("firm")
    cycle = firms["receivable_days"] + firms["inventory_days"] - firms["payable_days"]
    assert cycle["整车甲"] < 0 < cycle["电池甲"] < cycle["结构件丁"]


def test_solar_price_falls_below_cost_after_each_capacity_wave():
    data = solar_polysilicon.generate()
    cycle = data["cycle.csv"].set_index("year")
    assert (cycle["output"] <= cycle["capacity"]).all()
    below = cycle.index[cycle["price"] < cycle["cash_cost"]].tolist()
    assert below == [5, 11]
    cr4 = _cr4_by(data["shares.csv"])
    assert cr4["第 12 年"] > cr4["第 5 年"]
    firm = data["financials.csv"].set_index("year")
    # revenue = volume × price (万吨 × 万元/吨 = 亿元), to rounding
    assert ((firm["volume"] * firm["price"] - firm["revenue"]).abs() <= 0.01).all()
    assert firm["debt_ratio"].idxmin() == firm["gross_profit"].idxmax() == 10


def test_ic_chain_links_have_different_dominant_factors():
    table = intensity_comparison(ic_chain.generate()["intensity.csv"].set_index("link"))
    expected = ["技术密集型", "资本密集型", "劳动密集型", "密集特征不明显"]
    assert table["主导类型"].tolist() == expected


def test_construction_machinery_reads_as_decline_with_a_cycle_warning():
    data = construction_machinery.generate()
    reading = lifecycle_stage(data["sales.csv"].set_index("year")["sales"], kind="level")
    assert reading["stage"] == "衰退期"
    assert any("强周期" in note for note in reading["notes"])
    dealer = data["dealer.csv"].set_index("year")
    assert dealer["buyback_balance"].idxmax() == 12
    assert dealer["overdue_rate"].idxmax() == 6
    # equity accumulates net profit: the step each year equals that year's profit, to rounding
    steps = dealer["equity"].diff().iloc[1:] - dealer["net_profit"].iloc[1:]
    assert (steps.abs() <= 0.011).all()


def test_pharma_projection_rules_and_winners():
    # A won product sells twice the volume at the cut price: 2 × (1 − 0.55) = 0.9 of revenue.
    assert pharma_manufacturing.VBP_VOLUME_MULTIPLE * (1 - 0.55) == pytest.approx(0.9)
    data = pharma_manufacturing.generate()
    portfolio = data["portfolio.csv"]
    assert set(portfolio["vbp_status"]) == {"中标", "未中标", "未纳入"}
    assert (portfolio.loc[portfolio["vbp_status"] != "中标", "price_cut"] == 0).all()
    assert portfolio["revenue"].sum() < data["financials.csv"].set_index("firm").loc["仿制甲",
                                                                                     "revenue"]
    shares = data["shares.csv"]
    after = shares[shares["period"] == "集采后"].set_index("firm")["share"]
    assert after.nlargest(3).index.tolist() == ["仿制丙", "仿制戊", "仿制庚"]
    assert hhi(after) > hhi(shares[shares["period"] == "集采前"]["share"])


def test_agriculture_cash_gaps_and_a_competitive_county_market():
    data = agriculture_finance.generate()
    assert bain_type(concentration_ratio(data["shares.csv"]["share"])) == "竞争型"
    cash = data["cashflow.csv"]
    running = (cash["inflow"] - cash["outflow"]).groupby(cash["farm"]).cumsum()
    deepest = cash.loc[running.groupby(cash["farm"]).idxmin(), ["farm", "month"]]
    assert dict(zip(deepest["farm"], deepest["month"], strict=True)) == {
        "葡萄种植家庭农场": 7, "生猪养殖场": 2}
    grape_in = cash[cash["farm"] == "葡萄种植家庭农场"].set_index("month")["inflow"]
    assert grape_in.loc[8:10].sum() > 0.9 * grape_in.sum()   # harvest months bring the cash
    hog = data["hog.csv"]
    assert (hog["hog_price"] < hog["hog_cost"]).sum() == 6
