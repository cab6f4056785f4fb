"""Module 4 self-check items: right, wrong and malformed answers all get Chinese feedback."""

from functools import lru_cache

import pytest

from crmkit.data.cases_investigation import leased_equipment, medical_device_dealer
from crmkit.models.verification import example_firm, implied_revenue
from crmkit.selfcheck import ITEMS, check

MODULE = "4"
IDS = [f"{MODULE}.{k}" for k in range(1, 13)]
KINDS = {"概念", "计算", "判断", "编程"}


@lru_cache(maxsize=1)
def right_answers():
    """The right answer to each item, derived from the models and generators (nothing typed in)."""
    firm = example_firm()
    equipment = leased_equipment()["equipment.csv"]
    ledger = medical_device_dealer()["receivables.csv"]

    def power_gap(per_kwh):
        table = implied_revenue(firm, revenue_per_kwh=per_kwh, vat_burden=None, inflow_ratio=None)
        return table.loc[table["期间"] == "2023", "偏差(%)"].iloc[0]

    own = (firm["revenue"] / firm["electricity"]).iloc[:2].mean()
    on_list = (equipment["on_list"] == "是") & (equipment["invoice_buyer"] == "租赁公司")
    pledged = (equipment["invoice_buyer"] == "本企业") & (equipment["registry"] == "抵押登记")
    old = ledger.loc[ledger["age_days"] > 365, "amount"].sum()
    return {
        "4.1": "C", "4.2": "B", "4.3": "D", "4.4": "C", "4.5": "A",
        "4.6": power_gap(24),
        "4.7": power_gap(own),
        "4.8": "A", "4.9": "D",
        "4.10": equipment.loc[on_list, "value"].sum(),
        "4.11": equipment.loc[pledged, "value"].sum(),
        "4.12": old / ledger["amount"].sum() * 100,
    }


WRONG = {"4.1": "A", "4.2": "C", "4.3": "B", "4.4": "A", "4.5": "B", "4.6": 45.0,
         "4.7": 20.8, "4.8": "B", "4.9": "A", "4.10": 2050.7, "4.11": 95.2, "4.12": 60.3}


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
    # 4.6: 2023 power 300 万千瓦时 × 24 元 = 7,200 万元; (8,700 − 7,200) ÷ 7,200 = 20.83% → 20.8
    assert ITEMS["4.6"].expected() == 20.8
    # 4.7: own ratio (5000/250 + 6000/290) ÷ 2 = 20.3448 元; 300 × 20.3448 = 6,103.45 万元;
    #      8,700 ÷ 6,103.45 − 1 = 42.54% → 42.5
    assert ITEMS["4.7"].expected() == 42.5
    # 4.10: leased machines on the list E01 E04 E07 E10 E19 E21:
    #       43.7 + 75.6 + 110.9 + 11.0 + 21.1 + 26.2 = 288.5 万元
    assert ITEMS["4.10"].expected() == 288.5
    # 4.11: own machines under a mortgage E08 E20 E23: 95.2 + 103.5 + 223.4 = 422.1 万元
    assert ITEMS["4.11"].expected() == 422.1
    # 4.12: 976.9 of 3,208.6 万元 older than a year = 30.446% → 30.4
    assert ITEMS["4.12"].expected() == 30.4


def test_percent_and_text_answers_accepted():
    assert check("4.6", "20.8%").ok is True
    assert check("4.12", " 30.4 ").ok is True
    assert check("4.5", " a ").ok is True
