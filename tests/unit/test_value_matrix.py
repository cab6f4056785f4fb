"""The value matrix against a table worked out by hand (chapter 7's eight customers)."""

import numpy as np
import pandas as pd
import pytest

from crmkit import CrmkitError
from crmkit.data import worked_example
from crmkit.models.value_matrix import (
    QUADRANTS,
    quadrant_table,
    strategy_table,
    thresholds,
    value_matrix,
)

# By hand: contributions sorted 8 15 30 45 | 60 90 120 200 → median (45 + 60) / 2 = 52.5;
# growth sorted -.20 -.10 -.05 .02 | .10 .25 .30 .40 → median (.02 + .10) / 2 = .06.
BY_HAND_MEDIAN = {"A": "拓展", "B": "挖掘", "C": "维持", "D": "退出",
                  "E": "挖掘", "F": "维持", "G": "退出", "H": "拓展"}


def quadrants(scored):
    return dict(zip(scored["customer_id"], scored["quadrant"].astype(str), strict=True))


def test_median_thresholds_by_hand():
    c_cut, g_cut = thresholds(worked_example(), "median")
    assert c_cut == pytest.approx(52.5)
    assert g_cut == pytest.approx(0.06)


def test_median_quadrants_by_hand():
    scored = value_matrix(worked_example(), split="median")
    assert quadrants(scored) == BY_HAND_MEDIAN
    assert scored.attrs["thresholds"] == pytest.approx((52.5, 0.06))


def test_quadrant_table_by_hand():
    table = quadrant_table(value_matrix(worked_example()))
    assert list(table.index) == QUADRANTS
    assert table["客户数"].tolist() == [2, 2, 2, 2]
    # 拓展 A+H = 120+60, 挖掘 B+E = 15+45, 维持 C+F = 200+90, 退出 D+G = 8+30; total 568
    assert table["贡献合计(万元)"].tolist() == [180.0, 60.0, 290.0, 38.0]
    assert table["贡献占比(%)"].tolist() == [31.7, 10.6, 51.1, 6.7]
    assert table["客户占比(%)"].tolist() == [25.0, 25.0, 25.0, 25.0]


def test_customer_on_both_thresholds_counts_as_high():
    scored = value_matrix(worked_example(), split=(60, 0.10))  # H is exactly (60, 0.10)
    assert quadrants(scored)["H"] == "拓展"
    just_above = value_matrix(worked_example(), split=(60.0001, 0.1001))
    assert quadrants(just_above)["H"] == "退出"


def test_percentile_split_by_hand():
    # p75 of contributions, linear interpolation: index 0.75 × 7 = 5.25 → 90 + 0.25 × 30 = 97.5
    scored = value_matrix(worked_example(), split=("p75", 0.0))
    assert scored.attrs["thresholds"] == pytest.approx((97.5, 0.0))
    got = quadrants(scored)
    assert [k for k, v in got.items() if v == "拓展"] == ["A"]
    assert sorted(k for k, v in got.items() if v == "挖掘") == ["B", "E", "F", "H"]
    assert sorted(k for k, v in got.items() if v == "维持") == ["C"]


def test_p50_equals_median_and_chinese_word_accepted():
    book = worked_example()
    assert thresholds(book, "p50") == thresholds(book, "median") == thresholds(book, "中位数")


def test_input_is_not_modified():
    book = worked_example()
    before = book.copy()
    scored = value_matrix(book)
    pd.testing.assert_frame_equal(book, before)
    assert {"quadrant", "strategy"} <= set(scored.columns)


def test_every_customer_gets_a_strategy():
    scored = value_matrix(worked_example())
    assert scored["strategy"].str.len().gt(20).all()
    assert list(strategy_table().index) == QUADRANTS


def test_single_customer_and_ties():
    one = pd.DataFrame({"contribution": [10.0], "growth": [0.0]})
    assert value_matrix(one)["quadrant"].tolist() == ["拓展"]
    ties = pd.DataFrame({"contribution": [5.0] * 4, "growth": [0.1] * 4})
    assert set(value_matrix(ties)["quadrant"]) == {"拓展"}


@pytest.mark.parametrize("split, fragment", [
    ("p0", "超出范围"), ("p100", "超出范围"), ("top", "看不懂"), (5, "看不懂阈值设置"),
    ((1, 2, 3), "看不懂阈值设置"), ((np.nan, 0.1), "有限的数字"), ((True, 0.1), "看不懂"),
])
def test_bad_split_gives_chinese_message(split, fragment):
    with pytest.raises(CrmkitError) as err:
        value_matrix(worked_example(), split=split)
    assert fragment in str(err.value)


def test_missing_column_names_it():
    with pytest.raises(CrmkitError) as err:
        value_matrix(worked_example(), contribution="贡献")
    assert "找不到“贡献”列" in str(err.value)
    assert "contribution" in str(err.value)  # lists the columns that do exist


def test_non_numeric_value_names_row_and_column():
    book = worked_example()
    book["growth"] = book["growth"].astype(object)
    book.loc[3, "growth"] = "未知"
    with pytest.raises(CrmkitError) as err:
        value_matrix(book)
    message = str(err.value)
    assert "第 4 行" in message and "“growth”列" in message and "未知" in message


def test_empty_book():
    with pytest.raises(CrmkitError, match="空的"):
        value_matrix(worked_example().iloc[0:0])
