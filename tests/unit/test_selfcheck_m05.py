"""Module 5 self-check items: right, wrong and malformed answers all get Chinese feedback."""

from functools import lru_cache

import pandas as pd
import pytest

from crmkit.data.cases_selling import telecom_billing
from crmkit.models.funnel import (
    coverage_ratio,
    example_pipeline,
    pipeline_velocity,
    synthetic_pipeline,
    weighted_pipeline,
)
from crmkit.selfcheck import ITEMS, check

MODULE = "5"
IDS = [f"{MODULE}.{k}" for k in range(1, 13)]
KINDS = {"概念", "计算", "判断", "编程"}


@lru_cache(maxsize=1)
def right_answers():
    """The right answer to each item, derived from the models and generators (nothing typed in)."""
    pipeline = example_pipeline()
    lab = synthetic_pipeline(n=60, seed=2024)
    billing = telecom_billing()
    people = billing["buying_centre.csv"]
    adjusted = billing["pipeline.csv"].assign(probability=float("nan"))
    adjusted.loc[adjusted["product"] == "计费系统改造", "probability"] = 0.3
    return {
        "5.1": "C", "5.2": "B", "5.3": "D", "5.4": "A", "5.5": "C",
        "5.6": people.loc[people["visits_before"] == 0, "person_id"],
        "5.7": "B", "5.8": "D",
        "5.9": coverage_ratio(pipeline, target=400)["覆盖倍数"],
        "5.10": pipeline_velocity(pipeline, per="month", from_stage="方案").iloc[-1],
        "5.11": weighted_pipeline(lab[lab["owner"] == "陈晨"]).loc["合计", "加权金额(万元)"],
        "5.12": weighted_pipeline(adjusted).loc["合计", "加权金额(万元)"],
    }


WRONG = {"5.1": "A", "5.2": "A", "5.3": "A", "5.4": "B", "5.5": "A", "5.6": ["K01", "K02"],
         "5.7": "C", "5.8": "A", "5.9": 1.64, "5.10": 45.0, "5.11": 342.0, "5.12": 3042.6}


def test_module_has_at_least_ten_items_and_exactly_these():
    mine = sorted((i for i in ITEMS if ITEMS[i].module == MODULE),
                  key=lambda i: int(i.split(".")[1]))
    assert len(mine) >= 10
    assert mine == IDS


@pytest.mark.parametrize("item", IDS)
def test_item_has_hint_and_two_skills(item):
    spec = ITEMS[item]
    assert spec.hint
    assert len(spec.skills) == 2 and spec.skills[1] in KINDS
    if spec.kind == "choice":
        assert list(spec.why) == ["A", "B", "C", "D"] and all(spec.why.values())


@pytest.mark.parametrize("item", IDS)
def test_right_answer(item):
    feedback = check(item, right_answers()[item])
    assert feedback.ok is True, feedback
    assert repr(feedback).startswith(f"[{item}] ✅ 正确")


@pytest.mark.parametrize("item", IDS)
def test_wrong_answer_explains_and_hints(item):
    feedback = check(item, WRONG[item])
    assert feedback.ok is False
    assert "提示：" in feedback.message
    assert "❌ 还不对" in repr(feedback)


def test_expected_values_match_hand_computation():
    # 5.9: won 40 + 60 + 20 = 120; open 15 + 25 + 40 + 80 + 35 + 100 = 295;
    #      295 ÷ (400 − 120) = 1.0536 → 1.05
    assert ITEMS["5.9"].expected() == 1.05
    # 5.10: open from 方案 on P10 P11 P12 = 3; closed from 方案 on P01 P02 P03 won, P04 P05 lost
    #       → win rate 3/5; won deals average 40 万元 over 80 days: 3 × 0.6 × 40 ÷ 80 × 30 = 27.0
    assert ITEMS["5.10"].expected() == 27.0
    # 5.12: default 3,042.6; the 2,600 万元 project from 70% to 30%: 3,042.6 − 2,600 × 0.4 = 2,002.6
    assert ITEMS["5.12"].expected() == pytest.approx(2002.6)
    # 5.6: the three people with no visit in the first two months
    assert sorted(ITEMS["5.6"].expected()) == ["K01", "K10", "K11"]


def test_member_answer_forms():
    assert check("5.6", "k01, K10，K11").ok is True
    assert check("5.6", pd.Series(["K11", "K10", "K01"])).ok is True
    partial = check("5.6", ["K01", "K10", "K02"])
    assert "漏了 1 位" in partial.message and "多选了 K02" in partial.message
