"""The module 5 and 6 case generators: deterministic, and valid input for the funnel and
verification models."""

from pathlib import Path

import numpy as np
import pandas as pd

from crmkit.data.cases import (
    _common,
    ceramic_filter_maker,
    second_pass_hightech,
    telecom_billing,
    unicom_group_clients,
)
from crmkit.models.funnel import LOST, OPEN, SALES_STAGES, WON, stage_conversion, weighted_pipeline
from crmkit.models.verification import implied_revenue

ROOT = Path(__file__).resolve().parents[2]


def check_pipeline(pipe: pd.DataFrame) -> None:
    """Rules of crmkit.models.funnel: won ⇔ last stage, closed empty ⇔ open, closed ≥ created."""
    assert set(pipe["stage"]) <= set(SALES_STAGES)
    assert ((pipe["status"] == WON) == (pipe["stage"] == SALES_STAGES[-1])).all()
    assert (pipe["closed"].isna() == (pipe["status"] == OPEN)).all()
    done = pipe.dropna(subset=["closed"])
    assert (pd.to_datetime(done["closed"]) > pd.to_datetime(done["created"])).all()
    assert pipe["opportunity_id"].is_unique
    assert pipe["created"].is_monotonic_increasing


def test_random_pipeline_by_hand():
    rng = np.random.default_rng(0)
    # no deal passes the first stage: all stay at 线索, open or lost
    stuck = _common.random_pipeline(rng, 6, "2024-12-31", (0, 0, 0, 0), 10.0)
    assert set(stuck["stage"]) == {"线索"} and set(stuck["status"]) <= {OPEN, LOST}
    # every deal passes every stage: won where its cycle fitted its age, else open in 谈判
    rng = np.random.default_rng(0)
    sure = _common.random_pipeline(rng, 50, "2024-12-31", (1, 1, 1, 1), 10.0, loss_days=1e9)
    assert set(sure["stage"]) == {"谈判", "成交"}
    assert set(sure.loc[sure["stage"] == "谈判", "status"]) == {OPEN}


def test_telecom_billing():
    tables = telecom_billing.generate()
    people, pipe = tables["buying_centre.csv"], tables["pipeline.csv"]
    assert len(people) == 12
    assert people["notes_known"].between(0, telecom_billing.BILLING_NOTE_ITEMS).all()
    assert (people["influence"] == "经济购买者").sum() == 1
    assert people.loc[people["influence"] == "经济购买者", "visits_before"].iloc[0] == 0
    check_pipeline(pipe)
    big = pipe[pipe["product"] == "计费系统改造"]
    assert big[["stage", "status", "amount"]].values.tolist() == [["谈判", OPEN, 2600.0]]
    # in 谈判 the default win probability is 70%: 2,600 × 0.7 = 1,820 万元 of the 谈判 row
    table = weighted_pipeline(pipe)
    others = pipe[(pipe["stage"] == "谈判") & (pipe["status"] == OPEN)
                  & (pipe["product"] != "计费系统改造")]["amount"].sum()
    assert table.loc["谈判", "加权金额(万元)"] == round((2600 + others) * 0.7, 2)


def test_unicom_group_clients():
    tables = unicom_group_clients.generate()
    clients, pipe = tables["group_clients.csv"], tables["pipeline.csv"]
    assert len(clients) == 160 and clients["client_id"].is_unique
    assert set(clients["industry"]) <= set(unicom_group_clients.GROUP_INDUSTRIES)
    assert clients["contract_months_left"].between(0, 36).all()
    check_pipeline(pipe)
    assert len(pipe) == 48 and set(pipe["source"]) <= set(unicom_group_clients.GROUP_SOURCES)
    upsell = pipe["source"] == "存量客户增购"
    assert pipe.loc[upsell, "customer"].isin(clients["client_id"]).all()
    fresh = pipe.loc[~upsell, "customer"].tolist()
    assert fresh == [f"新客户{i:02d}" for i in range(1, len(fresh) + 1)]
    assert stage_conversion(pipe)["到达数"].iloc[0] == 48


def test_second_pass_contact_log_and_firm():
    tables = second_pass_hightech.generate()
    log, firm = tables["contacts.csv"], tables["firm.csv"]
    assert log["round"].value_counts().to_dict() == {"第二次营销": 14, "第一次营销": 5}
    assert (log["pitch_minutes"] <= log["minutes"] - 5).all()
    first = log[log["round"] == "第一次营销"]
    assert first["date"].between("2022-03-01", "2022-05-31").all()
    assert set(first["objection"]) <= {"暂不需要贷款", "没有抵押物", "已有合作银行", "利率偏高"}
    # the designed firm agrees with every source: 2020 power 92 × 40 = 3,680 vs 3,600 (−2.2%)
    check = implied_revenue(firm, revenue_per_kwh=40, vat_burden=0.04, inflow_ratio=1.10)
    assert check["偏差(%)"].abs().max() < 5


def test_ceramic_filter_maker_ranks_first_on_team_patents_orders():
    tables = ceramic_filter_maker.generate()
    park, years = tables["park_projects.csv"], tables["relationship.csv"]
    score = park[["team_years", "patents", "orders"]].rank(pct=True).mean(axis=1)
    # Y01: most years (15) and patents (9), second-largest orders → (12 + 12 + 11) / 36 = 0.972
    assert park.loc[score.idxmax(), "firm_id"] == "Y01"
    assert round(score.max(), 3) == 0.972
    assert (years["our_loans"] <= years["bank_debt"]).all()
    assert years["year"].tolist() == [f"第{i}年" for i in range(1, 9)]
    assert years["firm_revenue"].is_monotonic_increasing
