"""The module 4 case generators: deterministic, and each case's designed facts hold exactly."""

from pathlib import Path

import numpy as np
import pandas as pd

from crmkit.data.cases import (
    forestry_credit,
    leased_equipment,
    livestock_farmer,
    medical_device_dealer,
    scallop_farming,
)
from crmkit.models.verification import implied_revenue, ratio_checks

ROOT = Path(__file__).resolve().parents[2]


def test_leased_equipment_groups_and_rent():
    eq = leased_equipment.generate()["equipment.csv"]
    assert len(eq) == 28  # 12 + 3 + 6 + 3 + 3 + 1
    counts = eq.groupby(["on_list", "invoice_buyer", "registry"]).size().to_dict()
    assert counts == {("是", "本企业", "无登记"): 12, ("是", "本企业", "抵押登记"): 3,
                      ("是", "租赁公司", "融资租赁登记"): 6, ("否", "租赁公司", "融资租赁登记"): 3,
                      ("是", "关联企业", "无登记"): 3, ("是", "未提供", "无登记"): 1}
    leased = eq["registry"] == "融资租赁登记"
    # rent = price × 1.12 ÷ 36, e.g. a 90.0 万元 machine pays 90 × 1.12 / 36 = 2.80 a month
    assert np.allclose(eq.loc[leased, "rent_monthly"],
                       (eq.loc[leased, "value"] * 1.12 / 36).round(2), atol=0.006)
    assert (eq.loc[~leased, ["rent_monthly", "months_left"]] == 0).all().all()
    assert eq.loc[leased, "months_left"].between(8, 35).all()


def test_leased_equipment_revenue_agrees_with_every_source():
    firm = leased_equipment.generate()["firm.csv"]
    check = implied_revenue(firm, revenue_per_kwh=12, vat_burden=0.035, inflow_ratio=1.08)
    assert not check["预警"].any()
    # liabilities ÷ assets stay under the 70% line before the lease adjustment
    assert (ratio_checks(firm)["资产负债率(%)"] < 70).all()


def test_medical_ledger_matches_the_statements():
    tables = medical_device_dealer.generate()
    ledger, firm, licences = tables["receivables.csv"], tables["firm.csv"], tables["licences.csv"]
    assert len(ledger) == 66  # 3 × 6 + 6 × 5 + 4 × 3 + 2 × 3 invoices
    assert firm["receivables"].iloc[-1] == round(ledger["amount"].sum())
    as_of = pd.Timestamp(medical_device_dealer.MED_AS_OF)
    ages = (as_of - pd.to_datetime(ledger["invoice_date"])).dt.days
    assert (ages == ledger["age_days"]).all()
    # VAT paid = 13% × gross profit; inflows = revenue × 1.13 − growth of receivables
    assert (firm["vat_paid"] == ((firm["revenue"] - firm["cost_of_sales"]) * 0.13).round()).all()
    growth = firm["receivables"].diff().iloc[1:]
    expected = (firm["revenue"].iloc[1:] * 1.13 - growth).round()
    assert (firm["bank_inflows"].iloc[1:] == expected).all()
    # manufacturer 甲's two authorisations: 38% + 24% = 62% of sales, expiring 2025-03-31
    jia = licences[licences["issuer"] == "上游厂家甲"]
    assert jia["sales_share"].sum() == 62 and set(jia["expires"]) == {"2025-03-31"}


def test_scallop_areas_and_the_falling_catch():
    tables = scallop_farming.generate()
    firm, areas = tables["firm.csv"], tables["sea_areas.csv"]
    assert "vat_paid" not in firm.columns  # scallops sold by their grower are VAT-exempt
    per_boat_day = firm["harvest_t"] / firm["boat_days"]
    assert per_boat_day.is_monotonic_decreasing
    # H01: 18,000 亩 × 42.0 公斤/亩 × 24 元 ÷ 10,000 = 1,814.4 → 1,814 万元
    assert areas.loc[0, "book_value"] == round(18000 * areas.loc[0, "book_yield"] * 24 / 10000)
    ratio = areas["survey_yield"] / areas["book_yield"]
    assert (ratio < 0.7).sum() == 4  # the four areas designed at 0.31, 0.42, 0.26, 0.45


def test_livestock_reported_herd_hides_the_outbreak():
    farm = livestock_farmer.generate()["farm.csv"].set_index("month")
    assert len(farm) == 36
    assert (farm.loc[1:12, "reported_herd"] == 1500).all()
    # month 27: true herd 2,100 − 450 = 1,650, normal deaths round(1,650 × 0.8%) = 13, + 450
    # month 28: 2,100 − 750 = 1,350, round(1,350 × 0.8%) = 11, + 300
    assert farm.loc[27, "deaths"] == 463 and farm.loc[28, "deaths"] == 311
    implied = farm["feed_t"] * 1000 / (30 * livestock_farmer.HOG_FEED_PER_DAY)
    gap = (farm["reported_herd"] - implied) / implied
    assert list(farm.index[gap.abs() > 0.15]) == list(range(27, 37))


def test_stock_curve_by_hand():
    species = np.array(["杉木", "杉木", "桉树"])
    # at felling age the stand holds the species' stock: 13.0 m³ for 杉木 at 26 years;
    # at half that age: 13 × 0.5² × (3 − 2 × 0.5) = 6.5; 桉树 at 3 of 6 years: 8 × 0.25 × 2 = 4
    assert forestry_credit.stock_per_mu(species, np.array([26, 13, 3])).tolist() == [13.0, 6.5, 4.0]


def test_forestry_parcels():
    parcels = forestry_credit.generate()["parcels.csv"]
    assert parcels["forest_class"].value_counts().to_dict() == {"商品林": 24, "公益林": 6}
    assert parcels["rights"].value_counts().to_dict() == {"已登记": 22, "抵押中": 4, "未确权": 4}
    young = parcels[(parcels["species"] == "杉木") & (parcels["volume_per_mu"] < 12)].iloc[0]
    # a young 杉木 stand is appraised at its mature stock: area × 13 × 0.65 × 1,200 ÷ 10,000
    assert young["appraisal"] == round(young["area_mu"] * 13 * 0.65 * 1200 / 10000, 1)
    assert (parcels["age"] >= 2).all()
