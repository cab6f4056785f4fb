"""Loyalty classifier: every rule and its boundary, checked on hand-made customers."""

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmkit import CrmkitError
from crmkit.data.transactions import loyalty_features
from crmkit.models.loyalty import (
    CATEGORIES,
    LOYALTY_INFO,
    LOYALTY_TYPES,
    NOT_LOYAL,
    classify_loyalty,
    display_table,
    loyalty_summary,
    loyalty_table,
    satisfied_vs_loyal,
    satisfied_vs_loyal_notes,
)


def customers():
    """Eight customers, one per rule plus boundary cases (comments give the rule that decides)."""
    return pd.DataFrame({
        "customer_id": list("12345678"),
        "satisfaction": [2.9, 3.0, 4.2, 4.0, 4.5, 3.2, 3.2, 2.0],
        "share_of_wallet": [0.4, 0.5, 0.6, 0.5, 0.6, 0.3, 0.3, 0.2],
        "price_sensitivity": [0.5, 0.3, 0.7, 0.59, 0.6, 0.2, 0.2, 0.4],
        "activity_change": [-0.20, -0.30, -0.25, 0.0, 0.1, -0.19, -0.19, -0.5],
        "tenure_years": [5, 10, 4, 6, 3, 3.0, 2.9, 8],
        "repeat_rate": [0.5, 0.6, 0.7, 0.8, 0.7, 0.6, 0.6, 0.4],
        "life_event": [False, True, False, False, False, False, False, True],
    })


BY_HAND = {
    "1": "不满意型下滑客户",    # −20% is on the decline line (counts), satisfaction 2.9 < 3
    "2": "生活方式改变型客户",  # decline, satisfaction 3.0 is not below 3, life event
    "3": "分析比较型下滑客户",  # decline, satisfied (4.2), no life event
    "4": "感情型忠诚客户",      # 4.0 ≥ 4, share 0.5 ≥ 0.5, price 0.59 < 0.6
    "5": "分析比较型忠诚客户",  # share 0.6, price 0.6 on the line counts as price-sensitive
    "6": "惯性型忠诚客户",      # −19% is not a decline; repeat 0.6 and tenure 3.0 on the lines
    "7": NOT_LOYAL,             # same as 6 but tenure 2.9 < 3
    "8": "不满意型下滑客户",    # dissatisfaction is checked before the life event
}


def kinds(classified):
    return dict(zip(classified["customer_id"], classified["loyalty_type"].astype(str),
                    strict=True))


def test_rules_by_hand():
    classified = classify_loyalty(customers())
    assert kinds(classified) == BY_HAND
    assert classified.loc[3, "loyalty_strategy"] == LOYALTY_INFO["感情型忠诚客户"]["strategy"]
    assert list(classified["loyalty_type"].cat.categories) == CATEGORIES


def test_without_life_event_column_nobody_is_lifestyle():
    got = kinds(classify_loyalty(customers().drop(columns="life_event")))
    assert got["2"] == "分析比较型下滑客户"
    assert got["8"] == "不满意型下滑客户"


def test_rules_can_be_moved():
    got = kinds(classify_loyalty(customers(), rules={"decline": -0.5, "habit_tenure": 2.5}))
    # with decline at −50%, customer 3 (−25%, share 0.6, price 0.7) becomes a comparing loyal one
    assert got["3"] == "分析比较型忠诚客户"
    assert got["7"] == "惯性型忠诚客户"     # tenure 2.9 ≥ 2.5
    assert got["8"] == "不满意型下滑客户"   # −50% is still on the line


def test_summary_by_hand():
    summary = loyalty_summary(classify_loyalty(customers()))
    assert list(summary.index) == CATEGORIES
    assert summary["客户数"].tolist() == [1, 1, 1, 1, 1, 2, 1]
    # 不满意型下滑: customers 1 and 8 → satisfaction (2.9 + 2.0) / 2 = 2.45
    assert summary.loc["不满意型下滑客户", "平均满意度"] == 2.45
    assert summary.loc["不满意型下滑客户", "客户占比(%)"] == 25.0


def test_satisfied_is_not_loyal_by_hand():
    table = satisfied_vs_loyal(classify_loyalty(customers()))
    # satisfied (≥ 4): 3, 4, 5 → loyal 4, 5; not loyal 3
    # not satisfied: 1, 2, 6, 7, 8 → loyal 6 (inertia); not loyal 1, 2, 7, 8
    assert table.to_numpy().tolist() == [[2, 1, 3], [1, 4, 5]]
    assert list(table.index) == ["满意", "不够满意"]
    assert list(table.columns) == ["忠诚", "不忠诚", "合计"]


def test_reading_tables():
    assert list(loyalty_table().index) == CATEGORIES
    assert len(LOYALTY_TYPES) == 6
    notes = satisfied_vs_loyal_notes()
    assert list(notes.columns) == ["满意客户", "忠诚客户"]
    assert display_table(customers()).columns[1] == "满意度(1-5)"


@pytest.mark.parametrize("change, fragment", [
    (lambda c: c.drop(columns="repeat_rate"), "找不到“repeat_rate”列"),
    (lambda c: c.assign(share_of_wallet=[45, .5, .6, .5, .6, .3, .3, .2]), "0 到 1"),
    (lambda c: c.assign(satisfaction=[6, 3, 4, 4, 4, 3, 3, 2]), "1 到 5"),
    (lambda c: c.assign(tenure_years=["三年", 10, 4, 6, 3, 3, 2.9, 8]), "第 1 行"),
    (lambda c: c.assign(life_event=[None, True, False, False, False, False, False, True]),
     "缺少是否有生活或经营变化"),
    (lambda c: c.head(0), "空的"),
])
def test_bad_features_give_chinese_messages(change, fragment):
    with pytest.raises(CrmkitError) as err:
        classify_loyalty(change(customers()))
    assert fragment in str(err.value)


def test_unknown_rule_and_missing_classification():
    with pytest.raises(CrmkitError, match="不认识的规则"):
        classify_loyalty(customers(), rules={"loyal": 1})
    with pytest.raises(CrmkitError, match="先用 classify_loyalty"):
        loyalty_summary(customers())
    with pytest.raises(CrmkitError, match="先用 classify_loyalty"):
        satisfied_vs_loyal(customers())


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 400), st.integers(0, 10_000))
def test_property_every_customer_gets_exactly_one_known_type(n, seed):
    features = loyalty_features(n_customers=n, seed=seed)
    classified = classify_loyalty(features)
    assert len(classified) == n
    assert classified["loyalty_type"].astype(str).isin(CATEGORIES).all()
    declining = classified["activity_change"] <= -0.20
    sliding = classified["loyalty_type"].astype(str).isin(LOYALTY_TYPES[3:])
    assert (declining == sliding).all()  # the three sliding types are exactly the declines
    assert loyalty_summary(classified)["客户数"].sum() == n
