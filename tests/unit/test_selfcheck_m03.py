"""Module 3 self-check items: right, wrong and malformed answers all get Chinese feedback."""

import pytest

from crmkit.data import wealth_book
from crmkit.data.prospects import prospects
from crmkit.models.man import classify_book, classify_man
from crmkit.models.pareto import customers_for_share, gini, top_share
from crmkit.selfcheck import ITEMS, check

MODULE = "3"
KINDS = {"概念", "计算", "判断", "编程"}


def right_answers():
    """The right answer to each item; numbers and ids come from the models, not typed in."""
    profit = wealth_book(n=300, seed=2011).set_index("customer_id")["contribution"]
    leads = classify_book(prospects(n=24, seed=2024))
    return {
        "3.1": "C",
        "3.2": top_share(profit, 0.2) * 100,
        "3.3": customers_for_share(profit, 0.8) * 100,
        "3.4": gini(profit),
        "3.5": int((profit - 0.5 < 0).sum()),
        "3.6": "D", "3.7": "A", "3.8": "C",
        "3.9": leads.loc[leads["man_code"] == "M-A-N", "prospect_id"],
        "3.10": "C", "3.11": "B", "3.12": "D",
    }


WRONG = {"3.1": "A", "3.2": 80, "3.3": 20, "3.4": 0.632, "3.5": 63, "3.6": "A", "3.7": "B",
         "3.8": "B", "3.9": ["Q007", "Q020"], "3.10": "A", "3.11": "A", "3.12": "A"}


def module_items():
    return sorted((i for i in ITEMS if ITEMS[i].module == MODULE),
                  key=lambda i: [int(p) for p in i.split(".")])


def test_module_3_has_ten_to_twelve_items_numbered_in_order():
    items = module_items()
    assert 10 <= len(items) <= 12
    assert items == [f"3.{k}" for k in range(1, len(items) + 1)]
    assert sorted(right_answers()) == sorted(WRONG) == sorted(items)


def test_every_item_has_a_topic_skill_and_a_kind():
    for item in module_items():
        skills = ITEMS[item].skills
        assert len(skills) == 2 and skills[1] in KINDS and skills[0] not in KINDS, item
        assert ITEMS[item].hint


def test_choice_items_explain_every_option():
    for item in module_items():
        if ITEMS[item].kind == "choice":
            assert list(ITEMS[item].why) == ["A", "B", "C", "D"], item
            assert all(len(text) >= 10 for text in ITEMS[item].why.values()), item


def test_expected_values_of_the_synthetic_book():
    # wealth_book(300, 2011): the top 60 clients earn 206.95 of 378.94 万元 → 54.6%
    assert ITEMS["3.2"].expected() == pytest.approx(206.95 / 378.94 * 100, abs=0.01)
    assert round(ITEMS["3.3"].expected(), 1) == 44.6
    assert round(ITEMS["3.4"].expected(), 3) == 0.505
    assert ITEMS["3.5"].expected() == 99
    # 3.9: Q007, Q020 and Q024 are the prospects with 是 in all three columns
    assert sorted(ITEMS["3.9"].expected()) == ["Q007", "Q020", "Q024"]


def test_man_judgement_key_agrees_with_the_model():
    # 3.10 (C): money yes, authority no (the wife decides), need yes → M-a-N
    assert classify_man("是", "否", "是").code == "M-a-N"


@pytest.mark.parametrize("item", sorted(WRONG))
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


def test_answer_forms():
    assert check("3.2", "54.6%").ok is True
    assert check("3.4", "0.505").ok is True
    assert check("3.4", 0.5).ok is False  # two decimals are not enough for a Gini answer
    assert check("3.9", "q024, Q007, Q020").ok is True
