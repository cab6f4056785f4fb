"""What every self-check item, in every module, promises: feedback, never an exception."""

import numpy as np
import pytest

from crmkit.selfcheck import ITEMS, Feedback, check

ALL = sorted(ITEMS, key=lambda i: [int(p) for p in i.split(".")])
BLANK = [None, "", "   ", [], ...]
ODD = [object(), {"a": 1}, 3.5j, float("nan"), True, [1, 2], np.array([[1, 2]])]


def test_every_module_0_to_7_has_items():
    assert sorted({ITEMS[i].module for i in ALL}) == [str(m) for m in range(8)]


@pytest.mark.parametrize("item", ALL)
@pytest.mark.parametrize("blank", BLANK, ids=repr)
def test_blank_answer_asks_for_one(item, blank):
    feedback = check(item, blank)
    assert feedback.ok is None
    assert "还没有作答" in repr(feedback) and "提示：" in feedback.message


@pytest.mark.parametrize("item", ALL)
@pytest.mark.parametrize("odd", ODD, ids=lambda x: type(x).__name__)
def test_malformed_answer_gets_feedback_not_an_exception(item, odd):
    feedback = check(item, odd)
    assert isinstance(feedback, Feedback)
    assert feedback.ok is False and "提示：" in feedback.message


@pytest.mark.parametrize("item", [i for i in ALL if ITEMS[i].kind != "members"])
def test_a_list_where_one_value_is_expected(item):
    feedback = check(item, [568, 1] if ITEMS[item].kind == "number" else ["A", "B"])
    assert feedback.ok is False
    assert ("需要一个数字" if ITEMS[item].kind == "number" else "请用字母作答") in feedback.message
