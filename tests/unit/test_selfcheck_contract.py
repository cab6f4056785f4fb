"""What every self-check item, in every module, promises: feedback, never an exception;
the right answer accepted, every other option and the bank's wrong answers refused with a
hint, and the computed answer equal to the one the bank works out by hand."""

import numpy as np
import pytest

from crmkit.selfcheck import ITEMS, Feedback, check
from crmkit.selfcheck.bank import bank_files, load_bank

ALL = sorted(ITEMS, key=lambda i: [int(p) for p in i.split(".")])
BLANK = [None, "", "   ", [], ...]
ODD = [object(), {"a": 1}, 3.5j, float("nan"), True, [1, 2], np.array([[1, 2]])]


def test_every_module_0_to_7_has_items():
    assert sorted({ITEMS[i].module for i in ALL}) == [str(m) for m in range(8)]


def _answers_failing(item, answers, promise) -> list[str]:
    """The answers whose feedback breaks ``promise`` (or that raise), each with what it got:
    one test per item checks them all and names every one that fails."""
    failing = []
    for answer in answers:
        try:
            feedback = check(item, answer)
        except Exception as error:  # noqa: BLE001 - the promise is: never an exception
            failing.append(f"{answer!r}: raised {error!r}")
            continue
        if not promise(feedback):
            failing.append(f"{answer!r}: {feedback!r}")
    return failing


@pytest.mark.parametrize("item", ALL)
def test_blank_answer_asks_for_one(item):
    assert not _answers_failing(item, BLANK, lambda feedback: (
        feedback.ok is None and "还没有作答" in repr(feedback) and "提示：" in feedback.message))


@pytest.mark.parametrize("item", ALL)
def test_malformed_answer_gets_feedback_not_an_exception(item):
    assert not _answers_failing(item, ODD, lambda feedback: (
        isinstance(feedback, Feedback) and feedback.ok is False
        and "提示：" in feedback.message))


@pytest.mark.parametrize("item", [i for i in ALL if ITEMS[i].kind != "members"])
def test_a_list_where_one_value_is_expected(item):
    feedback = check(item, [568, 1] if ITEMS[item].kind == "number" else ["A", "B"])
    assert feedback.ok is False
    assert ("需要一个数字" if ITEMS[item].kind == "number" else "请用字母作答") in feedback.message


# ---------------------------------------------------------------- every item of every bank

KINDS = {"概念", "计算", "判断", "编程"}
BANK = {item["id"]: item for path in bank_files() for item in load_bank(path)["items"]}


def _same(expected, worked, tolerance: float) -> bool:
    if isinstance(worked, list):
        return sorted(map(str, expected)) == sorted(map(str, worked))
    return abs(float(expected) - float(worked)) <= max(tolerance, 1e-9)


@pytest.mark.parametrize("item", ALL)
def test_every_item_has_a_topic_skill_a_kind_and_a_hint(item):
    skills = ITEMS[item].skills
    assert len(skills) == 2 and skills[1] in KINDS and skills[0] not in KINDS
    assert ITEMS[item].hint and BANK[item]["solution"]


@pytest.mark.parametrize("item", [i for i in ALL if ITEMS[i].kind == "choice"])
def test_a_choice_explains_every_option_and_only_its_key_is_right(item):
    why = ITEMS[item].why
    assert list(why) == list(BANK[item]["options"]) and len(why) >= 3
    assert all(len(text) >= 10 for text in why.values())
    for letter in why:
        feedback = check(item, letter.lower() if letter != ITEMS[item].correct else letter)
        if letter == ITEMS[item].correct:
            assert feedback.ok is True and repr(feedback).startswith(f"[{item}] ✅ 正确")
        else:
            assert feedback.ok is False and "提示：" in feedback.message
            assert "❌ 还不对" in repr(feedback)


@pytest.mark.parametrize("item", [i for i in ALL if ITEMS[i].kind != "choice"])
def test_a_computed_item_accepts_its_answer_and_refuses_the_wrong_ones(item):
    expected = ITEMS[item].expected()
    if not isinstance(expected, (int, float)):
        expected = list(expected)
    assert check(item, expected).ok is True
    wrong = BANK[item].get("examples", {}).get("wrong", [])
    assert wrong, "each computed item lists at least one wrong answer (examples.wrong)"
    for answer in wrong:
        feedback = check(item, answer)
        assert feedback.ok is False and "提示：" in feedback.message, answer


@pytest.mark.parametrize("item", [i for i in ALL if "worked" in BANK[i]])
def test_the_computed_answer_equals_the_one_worked_out_by_hand(item):
    worked = BANK[item]["worked"]["value"]
    assert _same(ITEMS[item].expected(), worked, ITEMS[item].tolerance)
    assert check(item, worked).ok is True


@pytest.mark.parametrize("item", [i for i in ALL if BANK[i].get("examples", {}).get("right")])
def test_answers_written_the_ways_learners_write_them_are_accepted(item):
    for answer in BANK[item]["examples"]["right"]:
        assert check(item, answer).ok is True, answer


@pytest.mark.parametrize("item", ALL)
def test_the_solution_quotes_the_answer_the_checker_accepts(item):
    """A generator change cannot leave a stale number or letter in a reference solution."""
    solution, spec = BANK[item]["solution"], ITEMS[item]
    if spec.kind == "choice":
        assert f"参考答案：{spec.correct}" in solution
    elif spec.kind == "members":
        assert all(str(x) in solution for x in spec.expected())
    elif "quote" in BANK[item]:
        assert BANK[item]["quote"].format(spec.expected()) in solution


@pytest.mark.parametrize("path", bank_files(), ids=lambda p: p.stem)
def test_the_right_option_is_not_given_away_by_its_length_in_a_bank(path):
    from crmkit.giveaway import tally
    from crmkit.selfcheck.bank import length_points

    assert tally(length_points(load_bank(path), path)).problems() == []


def test_nor_across_the_course():
    """All banks together: the right option is the strictly longest (or shortest) about
    as often as chance puts it there (crmkit.giveaway explains the 1% threshold)."""
    from crmkit.giveaway import tally
    from crmkit.selfcheck.bank import length_points

    found = tally(p for path in bank_files() for p in length_points(load_bank(path), path))
    assert found.points >= 50
    assert found.problems() == [], found.line()
