"""Module 6 self-check items: right, wrong and malformed answers all get Chinese feedback."""

from functools import lru_cache

import pytest

from crmkit.data.cases_selling import second_pass_hightech
from crmkit.selfcheck import ITEMS, check

MODULE = "6"
IDS = [f"{MODULE}.{k}" for k in range(1, 13)]
KINDS = {"概念", "计算", "判断", "编程"}
QUESTIONS = ["q_situation", "q_problem", "q_implication", "q_need"]


@lru_cache(maxsize=1)
def right_answers():
    """The right answer to each item, derived from the case's contact log (nothing typed in)."""
    log = second_pass_hightech()["contacts.csv"]
    mix = log.groupby("round")[QUESTIONS].sum()
    share = mix["q_situation"] / mix.sum(axis=1) * 100
    second = log[log["round"] == "第二次营销"]
    missed = second.loc[(second["q_implication"] > 0) & (second["next_step"] == "否"), "person"]
    return {
        "6.1": "C", "6.2": "B", "6.3": "D", "6.4": "B", "6.5": "B", "6.6": "A", "6.7": "C",
        "6.8": share["第一次营销"] - share["第二次营销"],
        "6.9": missed,
        "6.10": "D", "6.11": "A", "6.12": "B",
    }


WRONG = {"6.1": "A", "6.2": "A", "6.3": "B", "6.4": "C", "6.5": "A", "6.6": "B", "6.7": "D",
         "6.8": 86.4, "6.9": ["财务总监"], "6.10": "A", "6.11": "B", "6.12": "A"}


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
    # 6.8: first round 19 situation questions of 19 + 1 + 0 + 2 = 22 → 86.36%;
    #      second round 31 of 31 + 48 + 26 + 24 = 129 → 24.03%; 86.36 − 24.03 = 62.33 → 62.3
    assert ITEMS["6.8"].expected() == 62.3
    # 6.9: C06 研发副总, C12 人力资源经理, C13 董事长 asked implications, agreed no next step
    assert sorted(ITEMS["6.9"].expected()) == sorted(["研发副总", "人力资源经理", "董事长"])
    assert check("6.9", "董事长、研发副总、人力资源经理").ok is True
