"""Module 2 case data: deterministic, seed figures exact, and internally consistent."""

import numpy as np

from crmkit.data.cases import (
    _common,
    association_to_chamber,
    grid_tender_winners,
    ledger_prospecting,
    tax_data_loan,
    whole_village_credit,
    zjtx_list,
)


def test_seed_figures_of_whole_village_credit():
    # Seed 000, §二 整村授信: within 50 万元 per household, up to 200 万元 with the
    # provincial agricultural credit guarantee.
    assert whole_village_credit.VILLAGE_CAP == 50.0
    assert whole_village_credit.VILLAGE_CAP_GUARANTEED == 200.0


def test_company_names_are_distinct_and_end_with_the_trade_word():
    rng = np.random.default_rng(1)
    names = _common.company_names(rng, ["精密", "软件", "精密"])
    assert len(set(names)) == 3
    assert [n[2:] for n in names] == ["精密", "软件", "精密"]   # two brand characters first


def test_zjtx_list():
    firms = zjtx_list.generate()["firms.csv"]
    assert len(firms) == zjtx_list.ZJTX_N and firms["firm_id"].is_unique and firms["name"].is_unique
    assert set(firms["city"]) == set(zjtx_list.ZJTX_CITIES)
    assert set(firms["level"]) == set(zjtx_list.ZJTX_LEVELS)
    assert firms["other_banks"].between(1, 6).all()
    # the name carries the trade word of its industry
    assert (firms["name"].str[2:] == firms["industry"].map(zjtx_list.ZJTX_WORDS)).all()


def test_tax_data_loan():
    apps = tax_data_loan.generate()["applicants.csv"]
    assert len(apps) == tax_data_loan.TAX_N
    assert set(apps["tax_grade"]) <= set("ABMCD")
    assert (apps["tax_last"] > 0).all() and (apps["tax_prev"] > 0).all()
    assert (apps["tax_last"] < apps["invoice_revenue"]).all()
    assert set(apps["tax_arrears"]) <= {"有", "无"}
    # arrears are much more common among C and D grades, as the data card says
    weak = apps["tax_grade"].isin(["C", "D"])
    assert apps.loc[weak, "tax_arrears"].eq("有").mean() > apps.loc[~weak, "tax_arrears"].eq(
        "有").mean()


def test_grid_winners_have_one_profile_and_out_of_province_are_not_customers():
    lots = grid_tender_winners.generate()["winners.csv"]
    assert len(lots) == grid_tender_winners.GRID_LOTS and lots["lot_id"].is_unique
    per_firm = lots.groupby("winner")[["location", "relationship", "past_wins",
                                       "registered_capital"]].nunique()
    assert (per_firm == 1).all().all()
    assert (lots.loc[lots["location"] == "外省", "relationship"] == "非客户").all()
    assert set(lots["category"]) <= set(grid_tender_winners.GRID_CATEGORIES)
    # every supplier's trade word matches the category of the lots it won
    word = lots["category"].map(grid_tender_winners.GRID_WORDS)
    assert (lots["winner"].str[2:] == word).all()


def test_whole_village_households():
    hh = whole_village_credit.generate()["households.csv"]
    assert len(hh) == whole_village_credit.VILLAGE_N and hh["household_id"].is_unique
    assert hh["group"].between(1, 6).all()
    assert set(hh["business"]) <= set(whole_village_credit.VILLAGE_BUSINESS)
    assert (hh["debt"] >= 0).all() and (hh["assets"] > 0).all()
    # only grape and hog operators ask for the provincial guarantee
    assert set(hh.loc[hh["guarantee"] == "是", "business"]) <= {"葡萄种植", "生猪养殖"}


def test_association_contacts():
    log = association_to_chamber.generate()["contacts.csv"]
    assert log["person"].is_unique
    club = {f"P{i:02d}" for i in range(1, association_to_chamber.CLUB_N + 1)}
    assert set(log.loc[log["met_via"] == "羽毛球协会活动", "person"]) == club
    introduced = log.loc[log["met_via"] == "球友介绍"]
    assert set(introduced["introducer"]) <= club
    referrals = introduced["introducer"].value_counts()
    assert referrals["P01"] >= 4 and referrals["P02"] >= 4
    # money only where there is a deal
    no_deal = log["status"] != "已合作"
    assert (log.loc[no_deal, ["deposits", "loans"]] == 0).all().all()
    assert log["met_month"].between(1, 24).all()


def test_ledger_prospecting():
    ledger = ledger_prospecting.generate()["ledger.csv"]
    assert ledger["txn_id"].is_unique and ledger["date"].is_monotonic_increasing
    assert (ledger["amount"] > 0).all()
    assert ledger["customer_id"].nunique() == len(ledger_prospecting.LEDGER_CUSTOMERS)
    firms = ledger[ledger["counterparty_type"] == "企业"]
    assert firms["counterparty"].nunique() == ledger_prospecting.LEDGER_COUNTERPARTIES
    # each counterparty banks in one place and trades in one direction
    profile = firms.groupby("counterparty")[["counterparty_bank", "direction"]].nunique()
    assert (profile == 1).all().all()
    links = firms.groupby("counterparty")["customer_id"].nunique()
    assert sorted(links.nlargest(3)) == [4, 5, 6]       # the three hubs
    others = ledger[ledger["counterparty_type"] != "企业"]
    assert set(others["purpose"]) == {"工资", "缴税", "社保", "利息及手续费"}
    # payroll, tax, social insurance and fees: one each per customer and month
    lp = ledger_prospecting
    assert len(others) == len(lp.LEDGER_CUSTOMERS) * 12 * len(lp.OTHER_FLOWS)
