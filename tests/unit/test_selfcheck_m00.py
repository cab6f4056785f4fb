"""Module 0 self-check items: right, wrong and malformed answers all get Chinese feedback."""

import pytest

from crmkit.data import worked_example
from crmkit.selfcheck import ITEMS, check

MODULE = "0"
KINDS = {"概念", "计算", "判断", "编程"}


def right_answers():
    """The right answer to each item; numbers and ids come from the data, not typed in."""
    example = worked_example()
    return {
        "0.1": "A", "0.2": "C", "0.3": "A", "0.4": "B", "0.5": "D", "0.6": "B",
        "0.7": example["contribution"].sum(),
        "0.8": example.loc[example["growth"] < 0, "customer_id"],
    }


WRONG = {"0.1": "C", "0.2": "A", "0.3": "B", "0.4": "A", "0.5": "C", "0.6": "A",
         "0.7": 560, "0.8": ["C", "D"]}


def module_items():
    return sorted((i for i in ITEMS if ITEMS[i].module == MODULE),
                  key=lambda i: [int(p) for p in i.split(".")])


def test_module_0_has_eight_items_numbered_in_order():
    items = module_items()
    assert len(items) >= 8
    assert items == [f"0.{k}" for k in range(1, len(items) + 1)]
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


def test_expected_values_by_hand():
    # 0.7: 120 + 15 + 200 + 8 + 45 + 90 + 30 + 60 = 568 万元
    assert ITEMS["0.7"].expected() == pytest.approx(568.0)
    # 0.8: growth below 0 → C (−0.05), D (−0.10), G (−0.20)
    assert sorted(ITEMS["0.8"].expected()) == ["C", "D", "G"]


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


def test_answer_formats_in_the_warm_up():
    assert check("0.7", "568").ok is True
    assert check("0.7", " 568.00 ").ok is True
    assert check("0.8", "g, c，D").ok is True
    assert "漏了 1 位" in check("0.8", "C, D").message
