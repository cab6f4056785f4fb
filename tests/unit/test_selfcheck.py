"""Every self-check item: right, wrong and malformed answers all get Chinese feedback."""

import numpy as np
import pandas as pd
import pytest

from crmkit.data import bank_book, worked_example
from crmkit.data.transactions import monthly_panel, transactions
from crmkit.models import churn, rfm
from crmkit.models.clv import dwyer_clv
from crmkit.models.value_matrix import quadrant_table, value_matrix
from crmkit.selfcheck import ITEMS, check


def right_answers():
    """The right answer to each item, derived from the models (nothing typed in)."""
    book = bank_book(n=200, seed=2024)
    example = value_matrix(worked_example())
    segmented = rfm.rfm_segments(rfm.rfm_scores(rfm.rfm_table(transactions(200, seed=2024))))
    warnings = churn.churn_warnings(monthly_panel(n_customers=200, seed=2024))
    return {
        "7.1": "B",
        "7.2": example.attrs["thresholds"][0],
        "7.3": int((value_matrix(book)["quadrant"] == "拓展").sum()),
        "7.4": float(quadrant_table(value_matrix(book, split=("p70", "median")))
                     .loc["拓展", "贡献占比(%)"]),
        "7.5": "B",
        "7.6": example.loc[example["quadrant"] == "挖掘", "customer_id"],
        "7.7": "C",
        "7.8": segmented.loc[segmented["segment"] == "重要保持客户", "monetary"].mean() / 10000,
        "7.9": "B",
        "7.10": warnings.index[warnings["risk_level"] == "中"],
        "7.11": dwyer_clv(6, 0.85, 0.08, periods=5),
        "7.12": "A",
    }


WRONG = {"7.1": "A", "7.2": 45, "7.3": 1, "7.4": 99.9, "7.5": "D", "7.6": ["A", "B"],
         "7.7": "A", "7.8": 50.87, "7.9": "C", "7.10": ["C0009"], "7.11": 28.17, "7.12": "B"}


def test_items_registered_for_module_7():
    # other modules register their own items (m00.py …); this test is about module 7
    assert sorted(i for i in ITEMS if ITEMS[i].module == "7") == sorted(
        ["7.1", "7.2", "7.3", "7.4", "7.5", "7.6", "7.7", "7.8", "7.9", "7.10", "7.11", "7.12"])


@pytest.mark.parametrize("item", sorted(right_answers()))
def test_right_answer(item):
    feedback = check(item, right_answers()[item])
    assert feedback.ok is True, feedback
    assert repr(feedback).startswith(f"[{item}] ✅ 正确")


@pytest.mark.parametrize("item", sorted(WRONG))
def test_wrong_answer_explains_and_hints(item):
    feedback = check(item, WRONG[item])
    assert feedback.ok is False
    assert "提示：" in feedback.message
    assert "❌ 还不对" in repr(feedback)


def test_number_formats_accepted():
    assert check("7.2", "52.5").ok is True
    assert check("7.2", " 52.50 ").ok is True
    assert check("7.2", np.float64(52.5)).ok is True
    assert check("7.4", f"{right_answers()['7.4']}%").ok is True


def test_choice_is_case_and_space_tolerant():
    assert check("7.1", " b ").ok is True


def test_set_answer_forms():
    assert check("7.6", "B, E").ok is True
    assert check("7.6", "B，E").ok is True
    assert check("7.6", {"E", "B"}).ok is True
    assert check("7.6", pd.Series(["B", "E"])).ok is True
    wrong = check("7.6", ["B", "F"])
    assert "漏了 1 位" in wrong.message and "多选了 F" in wrong.message


def test_unknown_item():
    feedback = check("9.9", 1)
    assert feedback.ok is False and "没有编号为 '9.9' 的题目" in feedback.message
