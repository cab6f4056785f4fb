"""Module 2 self-check items: right, wrong and malformed answers all get Chinese feedback."""

import pytest

from crmkit.data.cases_prospecting import ledger_prospecting, zjtx_list
from crmkit.selfcheck import ITEMS, check
from crmkit.selfcheck.computed import prospect_flows

MODULE = "2"
KINDS = {"概念", "计算", "判断", "编程"}


def right_answers():
    """The right answer to each item; counts, ids and amounts come from the case data."""
    firms = zjtx_list()["firms.csv"]
    ledger = ledger_prospecting()["ledger.csv"]
    elsewhere = ledger[(ledger["counterparty_type"] == "企业")
                       & (ledger["counterparty_bank"] == "他行")]
    flows = elsewhere.groupby("counterparty").agg(amount=("amount", "sum"),
                                                  links=("customer_id", "nunique"))
    chosen = ((firms["city"] == "北山市") & (firms["level"] == "国家级小巨人")
              & (firms["relationship"] == "无往来"))
    return {
        "2.1": "D", "2.2": "B", "2.3": "C", "2.4": "A",
        "2.5": firms.loc[chosen, "firm_id"],
        "2.6": "A", "2.7": "B",
        "2.8": elsewhere["counterparty"].nunique(),
        "2.9": flows.index[(flows["links"] >= 3) & (flows["amount"] > 1000)],
        "2.10": flows["amount"].max(),
        "2.11": "B", "2.12": "C",
    }


WRONG = {"2.1": "A", "2.2": "C", "2.3": "A", "2.4": "C", "2.5": ["Z003", "Z005"],
         "2.6": "B", "2.7": "A", "2.8": 60, "2.9": ["盛启建设"], "2.10": 2358.91,
         "2.11": "A", "2.12": "A"}


def module_items():
    return sorted((i for i in ITEMS if ITEMS[i].module == MODULE),
                  key=lambda i: [int(p) for p in i.split(".")])


def test_module_2_has_ten_to_twelve_items_numbered_in_order():
    items = module_items()
    assert 10 <= len(items) <= 12
    assert items == [f"2.{k}" for k in range(1, len(items) + 1)]
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


def test_expected_values_of_the_case_data():
    # Counted in cases/zjtx-list/firms.csv: 北山市 has five 小巨人 firms with no relationship.
    assert sorted(ITEMS["2.5"].expected()) == ["Z003", "Z005", "Z040", "Z047", "Z053"]
    # Counted in the ledger: 60 firms trade with our 12 customers, 17 of them bank with us.
    assert ITEMS["2.8"].expected() == 43
    flows = prospect_flows()
    assert flows["links"].sum() == 19 * 1 + 9 * 2 + 14 * 3 + 1 * 6  # 43 firms, 85 links
    assert sorted(ITEMS["2.9"].expected()) == sorted(
        ["盛启建设", "佳泰家电", "昊佳包装", "盛鼎化工", "盛达物流", "昊锐汽车"])
    # The largest single counterparty trades with one customer only, so it is not a hub.
    assert ITEMS["2.10"].expected() == pytest.approx(5274.71)
    assert flows.iloc[0]["links"] == 1


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
    assert check("2.8", "43").ok is True
    assert check("2.10", "5,274.71").ok is True
    assert check("2.5", "z003，Z005、Z040 Z047,Z053").ok is True
    wrong = check("2.9", ["盛启建设", "晟铭物流"])
    assert "漏了 5 位" in wrong.message and "多选了 晟铭物流" in wrong.message
