"""Channel scorecard and list-to-account funnel, checked against the example worked by hand."""

import numpy as np
import pandas as pd
import pytest

from crmkit import CrmkitError
from crmkit.models.channels import (
    LABELS,
    channel_scorecard,
    display_table,
    example_channels,
    example_list,
    list_funnel,
)

# The example quarter by hand (contacts, meetings, accounts, cost in 元):
#   扫街          240  30  5  15000   30/240 = 12.5%   5/30 = 16.7%   5/240 = 2.1%
#                                     15000/30 = 500 元/面谈   15000/5 = 3000 元/户
#   名单营销      150  30  6   9000   30/150 = 20.0%   6/30 = 20.0%   6/150 = 4.0%
#                                      9000/30 = 300          9000/6 = 1500
#   转介绍         20  15  6   2400   15/20 = 75.0%    6/15 = 40.0%   6/20 = 30.0%
#                                      2400/15 = 160          2400/6 = 400
#   交易流水获客   40  20  9   4500   20/40 = 50.0%    9/20 = 45.0%   9/40 = 22.5%
#                                      4500/20 = 225          4500/9 = 500
#   商会活动       60   8  0   6000    8/60 = 13.3%    0/8 = 0.0%     0/60 = 0.0%
#                                      6000/8 = 750           6000/0 → NaN
#   合计          510 103 26  36900  103/510 = 20.2%  26/103 = 25.2%  26/510 = 5.1%
#                                     36900/103 = 358.25 → 358   36900/26 = 1419.2 → 1419
CHANNELS = ["扫街", "名单营销", "转介绍", "交易流水获客", "商会活动", "合计"]


def test_scorecard_by_hand():
    card = channel_scorecard(example_channels())
    assert card.index.tolist() == CHANNELS
    assert card.index.name == "channel"
    assert card["contacts"].tolist() == [240, 150, 20, 40, 60, 510]
    assert card["meetings"].tolist() == [30, 30, 15, 20, 8, 103]
    assert card["accounts"].tolist() == [5, 6, 6, 9, 0, 26]
    assert card["cost"].tolist() == [15000, 9000, 2400, 4500, 6000, 36900]
    assert card["contact_to_meeting"].tolist() == [12.5, 20.0, 75.0, 50.0, 13.3, 20.2]
    assert card["meeting_to_account"].tolist() == [16.7, 20.0, 40.0, 45.0, 0.0, 25.2]
    assert card["contact_to_account"].tolist() == [2.1, 4.0, 30.0, 22.5, 0.0, 5.1]
    assert card["cost_per_meeting"].tolist() == [500, 300, 160, 225, 750, 358]
    per_account = card["cost_per_account"]
    assert per_account.drop("商会活动").tolist() == [3000, 1500, 400, 500, 1419]
    assert np.isnan(per_account["商会活动"])


def test_scorecard_teaching_point():
    card = channel_scorecard(example_channels()).drop("合计")
    assert card["contacts"].idxmax() == "扫街"
    assert card["cost_per_account"].idxmax() == "扫街"
    assert card["cost_per_account"].idxmin() == "转介绍"
    assert card["meeting_to_account"].idxmax() == "交易流水获客"


def test_zero_contacts_and_zero_accounts_give_nan_not_an_error():
    table = pd.DataFrame({"channel": ["没开展", "没开户", "只接触"],
                          "contacts": [0, 10, 10], "meetings": [0, 4, 0],
                          "accounts": [0, 0, 0], "cost": [0, 800, 300]})
    card = channel_scorecard(table)
    assert card.loc["没开展", ["contact_to_meeting", "meeting_to_account", "contact_to_account",
                             "cost_per_meeting", "cost_per_account"]].isna().all()
    # 4/10 = 40%, 0/4 = 0%, 0/10 = 0%, 800/4 = 200 元; no account → no cost per account
    assert card.loc["没开户", ["contact_to_meeting", "meeting_to_account",
                             "contact_to_account", "cost_per_meeting"]].tolist() == [
        40.0, 0.0, 0.0, 200.0]
    assert np.isnan(card.loc["没开户", "cost_per_account"])
    # met nobody: meeting → account and cost per meeting have no denominator
    assert card.loc["只接触", ["contact_to_meeting", "contact_to_account"]].tolist() == [0, 0]
    assert card.loc["只接触", ["meeting_to_account", "cost_per_meeting"]].isna().all()
    # 合计: 20 contacts, 4 meetings, 0 accounts, 1100 元 → 20.0%, 0.0%, 0.0%, 275 元, NaN
    total = card.loc["合计"]
    assert total[["contact_to_meeting", "meeting_to_account", "contact_to_account",
                  "cost_per_meeting"]].tolist() == [20.0, 0.0, 0.0, 275.0]
    assert np.isnan(total["cost_per_account"])


def test_scorecard_accepts_whole_floats_and_strips_names():
    table = example_channels().astype({"contacts": float})
    table["channel"] = table["channel"].radd(" ")
    card = channel_scorecard(table)
    assert card.index.tolist() == CHANNELS
    assert card["contacts"].dtype == np.int64


def test_scorecard_does_not_modify_its_input():
    table = example_channels()
    before = table.copy()
    channel_scorecard(table)
    pd.testing.assert_frame_equal(table, before)


def _with(row: int, column: str, value) -> pd.DataFrame:
    """The example with one cell changed; ``row`` is 1-based, as the learner counts."""
    table = example_channels().astype({column: object})
    table.loc[row - 1, column] = value
    return table


@pytest.mark.parametrize("row, column, value, text", [
    (2, "contacts", -5, "第 2 行，“contacts”列：接触数“-5”不是非负整数"),
    (3, "meetings", 7.5, "第 3 行，“meetings”列：面谈数“7.5”不是非负整数"),
    (4, "accounts", "九", "第 4 行，“accounts”列：开户数“九”不是非负整数"),
    (5, "accounts", None, "第 5 行，“accounts”列：开户数“None”不是非负整数"),
    (1, "contacts", float("inf"), "第 1 行，“contacts”列：接触数“inf”不是非负整数"),
    (3, "cost", -100, "第 3 行，“cost”列：成本“-100”不是非负的数字"),
    (1, "cost", "一万", "第 1 行，“cost”列：成本“一万”不是非负的数字"),
    (2, "meetings", 151, "第 2 行，“meetings”列：“名单营销”的面谈数 151 大于接触数 150"),
    (4, "accounts", 21, "第 4 行，“accounts”列：“交易流水获客”的开户数 21 大于面谈数 20"),
    (3, "channel", "扫街", "第 3 行，“channel”列：渠道“扫街”出现了不止一次"),
    (5, "channel", "  ", "第 5 行，“channel”列：渠道名称是空的"),
    (2, "channel", "合计", "第 2 行，“channel”列：渠道不能叫“合计”"),
])
def test_scorecard_errors_name_the_row_and_column(row, column, value, text):
    with pytest.raises(CrmkitError) as caught:
        channel_scorecard(_with(row, column, value))
    error = caught.value
    assert error.row == row and error.column == column
    assert str(error).startswith(text)
    assert "处理办法：" in str(error)


def test_scorecard_hints_say_what_to_do():
    with pytest.raises(CrmkitError, match="检查两个数是否填反"):
        channel_scorecard(_with(1, "meetings", 241))
    with pytest.raises(CrmkitError, match="没有发生就填 0"):
        channel_scorecard(_with(1, "accounts", -1))


def test_scorecard_missing_columns_and_empty_table():
    with pytest.raises(CrmkitError) as caught:
        channel_scorecard(example_channels().drop(columns=["meetings", "cost"]))
    assert str(caught.value).startswith("渠道表缺少“meetings”（面谈数）、“cost”（成本(元)）列")
    assert "现有的列是：channel、contacts、accounts" in str(caught.value)
    with pytest.raises(CrmkitError, match="渠道表是空的"):
        channel_scorecard(example_channels().iloc[0:0])
    with pytest.raises(CrmkitError, match="DataFrame"):
        channel_scorecard({"channel": ["扫街"]})


# The list funnel by hand: 300 → 150 → 30 → 12 → 6
#   step:       100 (first), 150/300 = 50.0%, 30/150 = 20.0%, 12/30 = 40.0%, 6/12 = 50.0%
#   cumulative: 100, 150/300 = 50.0%, 30/300 = 10.0%, 12/300 = 4.0%, 6/300 = 2.0%
#   dropped:    0, 300 − 150 = 150, 150 − 30 = 120, 30 − 12 = 18, 12 − 6 = 6


def test_list_funnel_by_hand():
    funnel = list_funnel(example_list())
    assert funnel.index.tolist() == ["名单", "有效联系", "首次拜访", "需求确认", "开户"]
    assert funnel.index.name == "stage"
    assert funnel["count"].tolist() == [300, 150, 30, 12, 6]
    assert funnel["dropped"].tolist() == [0, 150, 120, 18, 6]
    assert funnel["step_rate"].tolist() == [100.0, 50.0, 20.0, 40.0, 50.0]
    assert funnel["cumulative_rate"].tolist() == [100.0, 50.0, 10.0, 4.0, 2.0]


def test_list_funnel_agrees_with_the_scorecard_row():
    funnel = list_funnel(example_list())
    row = channel_scorecard(example_channels()).loc["名单营销"]
    assert funnel.loc["有效联系", "count"] == row["contacts"]
    assert funnel.loc["首次拜访", "count"] == row["meetings"]
    assert funnel.loc["开户", "count"] == row["accounts"]


def test_list_funnel_takes_a_series_or_a_table():
    expected = list_funnel(example_list())
    series = pd.Series(example_list())
    table = pd.DataFrame({"stage": list(example_list()), "count": list(example_list().values())})
    pd.testing.assert_frame_equal(list_funnel(series), expected)
    pd.testing.assert_frame_equal(list_funnel(table), expected)
    before = table.copy()
    list_funnel(table)
    pd.testing.assert_frame_equal(table, before)


def test_list_funnel_with_zeros_gives_nan_not_an_error():
    funnel = list_funnel({"名单": 0, "有效联系": 0, "开户": 0})
    assert funnel["count"].tolist() == [0, 0, 0]
    assert funnel[["step_rate", "cumulative_rate"]].isna().all().all()
    funnel = list_funnel({"名单": 10, "有效联系": 0, "开户": 0})
    # 10 → 0 → 0: the last step divides by zero
    assert funnel["step_rate"].tolist()[:2] == [100.0, 0.0]
    assert np.isnan(funnel["step_rate"].iloc[2])
    assert funnel["cumulative_rate"].tolist() == [100.0, 0.0, 0.0]


@pytest.mark.parametrize("stages, text", [
    ({"名单": 300, "有效联系": 150, "首次拜访": 160, "开户": 6},
     "阶段“首次拜访”的人数 160 多于上一阶段“有效联系”的 150"),
    ({"名单": 300, "有效联系": -1}, "阶段“有效联系”的人数“-1”不是非负整数"),
    ({"名单": 300, "有效联系": 2.5}, "阶段“有效联系”的人数“2.5”不是非负整数"),
    ({"名单": 300}, "漏斗至少要有两个阶段"),
    ({"名单": 300, " ": 10}, "第 2 个阶段没有名称"),
    (pd.Series([5, 3, 1], index=["名单", "开户", "开户"]), "阶段“开户”出现了不止一次"),
    (pd.DataFrame({"stage": ["名单"], "人数": [3]}), "漏斗表缺少“count”列"),
    ([300, 150], "漏斗应当是“阶段 → 人数”的有序字典或表格"),
])
def test_list_funnel_errors(stages, text):
    with pytest.raises(CrmkitError) as caught:
        list_funnel(stages)
    assert str(caught.value).startswith(text)
    assert "处理办法：" in str(caught.value)


def test_list_funnel_error_says_what_to_do():
    with pytest.raises(CrmkitError, match="人数只能持平或减少"):
        list_funnel({"名单": 10, "开户": 11})


def test_display_table_uses_the_chinese_labels():
    shown = display_table(channel_scorecard(example_channels()))
    assert shown.index.name == "渠道"
    assert list(shown.columns) == [LABELS[c] for c in (
        "contacts", "meetings", "accounts", "cost", "contact_to_meeting", "meeting_to_account",
        "contact_to_account", "cost_per_meeting", "cost_per_account")]
    funnel = display_table(list_funnel(example_list()))
    assert funnel.index.name == "阶段"
    assert list(funnel.columns) == ["人数", "比上一阶段减少", "阶段转化率(%)", "累计转化率(%)"]
