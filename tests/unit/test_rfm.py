"""RFM table, scores and segments against values worked out by hand, plus properties."""

import io
import logging
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmkit import CrmkitError
from crmkit.charts.rfm import rf_heatmap, segment_chart
from crmkit.data.transactions import transactions
from crmkit.models.rfm import (
    SEGMENT_ACTIONS,
    SEGMENT_PATTERNS,
    SEGMENTS,
    display_table,
    rfm_scores,
    rfm_segments,
    rfm_table,
    segment_summary,
    segment_table,
)


def ledger():
    """Five customers, eight transactions (dates as text on purpose)."""
    return pd.DataFrame({
        "customer_id": ["A", "B", "C", "A", "D", "C", "C", "E", "D"],
        "date": ["2024-12-30", "2024-11-30", "2024-12-31", "2024-12-01", "2024-01-15",
                 "2024-10-01", "2024-06-01", "2024-12-15", "2024-02-15"],
        "amount": [100.0, 50.0, 1000.0, 200.0, 80.0, 500.0, 500.0, 400.0, 20.0],
    })


# By hand, as_of = day after 2024-12-31 = 2025-01-01:
#   A last 12-30 → 2 days, 2 transactions, 300;  B last 11-30 → 32 days (31 + 1), 1, 50;
#   C last 12-31 → 1 day, 3, 2000;  E last 12-15 → 17 days, 1, 400;
#   D last 02-15 → 321 days (2024 is a leap year: 15 days to 03-01, then 306 to 2025-01-01), 2, 100.
BY_HAND = pd.DataFrame({"recency": [2, 32, 1, 321, 17], "frequency": [2, 1, 3, 2, 1],
                        "monetary": [300.0, 50.0, 2000.0, 100.0, 400.0]},
                       index=pd.Index(list("ABCDE"), name="customer_id"))


def test_rfm_table_by_hand():
    table = rfm_table(ledger())
    pd.testing.assert_frame_equal(table, BY_HAND, check_index_type=False)
    assert table.attrs["as_of"] == pd.Timestamp("2025-01-01")


def test_as_of_given_and_times_of_day_ignored():
    book = ledger()
    book["date"] = pd.to_datetime(book["date"]) + pd.Timedelta(hours=15)
    table = rfm_table(book, as_of="2024-12-31")
    assert table["recency"].tolist() == [1, 31, 0, 320, 16]  # one day less than by hand


def test_custom_column_names():
    book = ledger().rename(columns={"customer_id": "客户号", "date": "交易日", "amount": "金额"})
    table = rfm_table(book, customer="客户号", date="交易日", amount="金额")
    assert table.index.name == "客户号"
    assert table["monetary"].tolist() == BY_HAND["monetary"].tolist()


def test_quantile_scores_by_hand():
    scored = rfm_scores(rfm_table(ledger()))
    # Recency ranked from the largest down: D 321 → 1, B 32 → 2, E 17 → 3, A 2 → 4, C 1 → 5.
    # Frequency ties in table order: B 1 → 1, E 1 → 2, A 2 → 3, D 2 → 4, C 3 → 5.
    # Monetary: B 50 → 1, D 100 → 2, A 300 → 3, E 400 → 4, C 2000 → 5.
    assert scored["r_score"].to_dict() == {"A": 4, "B": 2, "C": 5, "D": 1, "E": 3}
    assert scored["f_score"].to_dict() == {"A": 3, "B": 1, "C": 5, "D": 4, "E": 2}
    assert scored["m_score"].to_dict() == {"A": 3, "B": 1, "C": 5, "D": 2, "E": 4}
    assert scored["rfm_code"].tolist() == ["433", "211", "555", "142", "324"]


def test_ties_split_by_table_order_into_equal_groups():
    table = pd.DataFrame({"recency": [5] * 10, "frequency": [1] * 10, "monetary": [9.0] * 10},
                         index=[f"K{i}" for i in range(10)])
    scored = rfm_scores(table)
    # ten equal values, five groups of two, earlier rows in the lower group
    assert scored["f_score"].tolist() == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    assert scored["m_score"].tolist() == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    assert scored["r_score"].tolist() == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]


def test_three_bins_and_single_customer():
    table = pd.DataFrame({"recency": [30, 20, 10], "frequency": [1, 2, 3],
                          "monetary": [1.0, 2.0, 3.0]})
    scored = rfm_scores(table, bins=3)
    assert scored["r_score"].tolist() == [1, 2, 3]
    assert scored["rfm_code"].tolist() == ["111", "222", "333"]
    one = rfm_scores(table.head(1))
    assert one[["r_score", "f_score", "m_score"]].iloc[0].tolist() == [3, 3, 3]  # middle of 1–5


CUTS = {"recency": [30, 60, 90, 180], "frequency": [2, 3, 5, 10],
        "monetary": [100, 300, 1000, 5000]}


def test_cut_point_scores_by_hand():
    scored = rfm_scores(rfm_table(ledger()), cuts=CUTS)
    # R: A 2, C 1, E 17 ≤ 30 → 5; B 32 → 4; D 321 > 180 → 1
    # F: 1 → 1; 2 → 2 (on the cut, better group); 3 → 3
    # M: 50 → 1; 100 → 2; 300 → 3; 400 → 3; 2000 → 4
    assert scored["r_score"].to_dict() == {"A": 5, "B": 4, "C": 5, "D": 1, "E": 5}
    assert scored["f_score"].to_dict() == {"A": 2, "B": 1, "C": 3, "D": 2, "E": 1}
    assert scored["m_score"].to_dict() == {"A": 3, "B": 1, "C": 4, "D": 2, "E": 3}


def test_values_on_cut_points_go_to_the_better_group():
    table = pd.DataFrame({"recency": [30, 31, 180, 181], "frequency": [2, 3, 10, 11],
                          "monetary": [99.99, 100, 5000, 5001]})
    scored = rfm_scores(table, cuts=CUTS)
    assert scored["r_score"].tolist() == [5, 4, 2, 1]
    assert scored["f_score"].tolist() == [2, 3, 5, 5]
    assert scored["m_score"].tolist() == [1, 2, 5, 5]


def test_cuts_for_one_dimension_only():
    scored = rfm_scores(rfm_table(ledger()), cuts={"recency": CUTS["recency"]})
    assert scored["r_score"].to_dict() == {"A": 5, "B": 4, "C": 5, "D": 1, "E": 5}
    assert scored["m_score"].to_dict() == {"A": 3, "B": 1, "C": 5, "D": 2, "E": 4}  # quantiles


def test_segments_by_hand_with_mean_threshold():
    segmented = rfm_segments(rfm_scores(rfm_table(ledger())))
    # every mean score is 3; high means strictly above 3
    # A 4/3/3 → R高F低M低; B 2/1/1 → 低低低; C 5/5/5 → 高高高; D 1/4/2 → R低F高M低; E 3/2/4 → 低低高
    assert segmented["segment"].astype(str).to_dict() == {
        "A": "一般发展客户", "B": "一般挽留客户", "C": "重要价值客户",
        "D": "一般保持客户", "E": "重要挽留客户"}
    assert segmented.attrs["thresholds"]["recency"] == (3.0, "高于")
    assert segmented.loc["C", "action"] == SEGMENT_ACTIONS["重要价值客户"]
    assert segmented[["r_high", "f_high", "m_high"]].loc["D"].tolist() == [False, True, False]


def test_segments_with_number_and_per_dimension_thresholds():
    scored = rfm_scores(rfm_table(ledger()))
    at_three = rfm_segments(scored, threshold=3)  # score ≥ 3 is high
    # A 4/3/3 → 高高高; E 3/2/4 → R高F低M高
    assert at_three.loc["A", "segment"] == "重要价值客户"
    assert at_three.loc["E", "segment"] == "重要发展客户"
    mixed = rfm_segments(scored, threshold={"recency": 5, "monetary": 2})
    # R high only for C; F by mean (> 3): C, D; M ≥ 2: all but B
    assert mixed["segment"].astype(str).to_dict() == {
        "A": "重要挽留客户", "B": "一般挽留客户", "C": "重要价值客户",
        "D": "重要保持客户", "E": "重要挽留客户"}


def test_segment_patterns_match_names():
    for name, (r, f, m) in SEGMENT_PATTERNS.items():
        assert name.startswith("重要" if m else "一般")
        table = pd.DataFrame({"r_score": [5 if r else 1], "f_score": [5 if f else 1],
                              "m_score": [5 if m else 1]})
        assert rfm_segments(table, threshold=3)["segment"].iloc[0] == name
    assert list(segment_table().index) == SEGMENTS


def test_segment_summary_by_hand():
    summary = segment_summary(rfm_segments(rfm_scores(rfm_table(ledger()))))
    assert list(summary.index) == SEGMENTS
    assert summary["客户数"].tolist() == [1, 0, 0, 1, 0, 1, 1, 1]
    # total 2850: C 2000 → 70.2%, E 400 → 14.0%, A 300 → 10.5%, D 100 → 3.5%, B 50 → 1.8%
    assert summary["金额合计(元)"].tolist() == [2000.0, 0, 0, 400.0, 0, 300.0, 100.0, 50.0]
    assert summary["金额占比(%)"].tolist() == [70.2, 0, 0, 14.0, 0, 10.5, 3.5, 1.8]
    assert summary["客户占比(%)"].tolist() == [20.0, 0, 0, 20.0, 0, 20.0, 20.0, 20.0]
    assert "金额合计(万元)" in segment_summary(rfm_segments(rfm_scores(BY_HAND)), unit="万元")


def test_generated_book_scores_are_balanced():
    scored = rfm_scores(rfm_table(transactions(n_customers=200, seed=2024)))
    for column in ["r_score", "f_score", "m_score"]:
        assert scored[column].value_counts().sort_index().tolist() == [40] * 5


def test_string_and_categorical_ids_give_the_same_table():
    book = transactions(n_customers=300, seed=7)
    as_text = book.astype({"customer_id": str, "date": str})
    pd.testing.assert_frame_equal(rfm_table(book), rfm_table(as_text), check_index_type=False)


def test_display_table_uses_chinese_names():
    shown = display_table(rfm_scores(rfm_table(ledger())))
    assert list(shown.columns[:4]) == ["最近一次距今(天)", "交易次数", "交易金额(元)", "R 分"]
    assert shown.index.name == "客户号"


def test_input_is_not_modified():
    book = ledger()
    before = book.copy()
    table = rfm_table(book)
    scored = rfm_scores(table)
    rfm_segments(scored)
    pd.testing.assert_frame_equal(book, before)
    assert list(table.columns) == ["recency", "frequency", "monetary"]


@pytest.mark.parametrize("change, fragment", [
    (lambda b: b.drop(columns="amount"), "找不到“amount”列"),
    (lambda b: b.assign(date=["2024-13-45"] + list(b["date"][1:])), "不是日期"),
    (lambda b: b.assign(amount=[100, "一百", 1000, 200, 80, 500, 500, 400, 20]), "第 2 行"),
    (lambda b: b.assign(amount=[None, 50, 1000, 200, 80, 500, 500, 400, 20]), "缺少数字"),
    (lambda b: b.assign(customer_id=[None] + list(b["customer_id"][1:])), "缺少客户号"),
    (lambda b: b.head(0), "空的"),
])
def test_bad_ledgers_give_chinese_messages(change, fragment):
    with pytest.raises(CrmkitError) as err:
        rfm_table(change(ledger()))
    assert fragment in str(err.value)


def test_bad_date_names_row_and_column():
    book = ledger()
    book.loc[4, "date"] = "去年"
    with pytest.raises(CrmkitError) as err:
        rfm_table(book)
    assert "第 5 行" in str(err.value) and "“date”列" in str(err.value) and "去年" in str(err.value)


def test_as_of_before_last_transaction():
    with pytest.raises(CrmkitError, match="早于最后一笔交易"):
        rfm_table(ledger(), as_of="2024-12-01")
    with pytest.raises(CrmkitError, match="不是可识别的日期"):
        rfm_table(ledger(), as_of="明天")


@pytest.mark.parametrize("kwargs, fragment", [
    ({"bins": 1}, "2 到 9"), ({"bins": 10}, "2 到 9"), ({"bins": True}, "2 到 9"),
    ({"cuts": {"recency": [30, 60]}}, "4 个切点"),
    ({"cuts": {"frequency": [3, 2, 5, 10]}}, "从小到大"),
    ({"cuts": {"money": [1, 2, 3, 4]}}, "不认识的维度"),
    ({"cuts": {"monetary": ["a", "b", "c", "d"]}}, "不是一组数字"),
])
def test_bad_score_settings(kwargs, fragment):
    with pytest.raises(CrmkitError) as err:
        rfm_scores(rfm_table(ledger()), **kwargs)
    assert fragment in str(err.value)


def test_bad_segment_settings():
    scored = rfm_scores(rfm_table(ledger()))
    with pytest.raises(CrmkitError, match="先用 rfm_scores"):
        rfm_segments(rfm_table(ledger()))
    with pytest.raises(CrmkitError, match="看不懂"):
        rfm_segments(scored, threshold="median")
    with pytest.raises(CrmkitError, match="不认识的维度"):
        rfm_segments(scored, threshold={"r": 3})
    with pytest.raises(CrmkitError, match="先用 rfm_segments"):
        segment_summary(scored)


# ---- properties -------------------------------------------------------------------------

rows = st.lists(st.tuples(st.integers(0, 25), st.integers(0, 500),
                          st.floats(0.01, 1e6, allow_nan=False)), min_size=1, max_size=120)


def frame(data):
    ids, days, amounts = zip(*data, strict=True)
    return pd.DataFrame({"customer_id": [f"K{i:02d}" for i in ids],
                         "date": pd.Timestamp("2023-06-01") + pd.to_timedelta(days, unit="D"),
                         "amount": amounts})


@settings(max_examples=80, deadline=None)
@given(rows, st.integers(2, 9))
def test_property_counts_scores_and_segments(data, bins):
    book = frame(data)
    table = rfm_table(book)
    assert table["frequency"].sum() == len(book)
    # each customer's total is rounded to 0.01, so allow half a fen per customer
    assert abs(table["monetary"].sum() - book["amount"].sum()) <= 0.005 * len(table) + 1e-6
    assert (table["recency"] >= 1).all() and table["recency"].min() == 1
    assert table.index.is_unique and len(table) == book["customer_id"].nunique()
    scored = rfm_scores(table, bins=bins)
    for column in ["r_score", "f_score", "m_score"]:
        assert scored[column].between(1, bins).all()
    segmented = rfm_segments(scored)
    assert segmented.index.equals(table.index)  # every customer exactly once
    assert segmented["segment"].astype(str).isin(SEGMENTS).all()
    assert segment_summary(segmented)["客户数"].sum() == len(table)


@settings(max_examples=60, deadline=None)
@given(rows, st.lists(st.integers(1, 400), min_size=4, max_size=4, unique=True))
def test_property_cut_scores_respect_order(data, points):
    table = rfm_table(frame(data))
    cuts = sorted(points)
    scored = rfm_scores(table, cuts={"recency": cuts, "frequency": cuts})
    assert scored["r_score"].between(1, 5).all() and scored["f_score"].between(1, 5).all()
    # more recent never scores lower; more frequent never scores lower
    by_r = scored.sort_values("recency")
    assert (np.diff(by_r["r_score"].to_numpy()) <= 0).all()
    by_f = scored.sort_values("frequency")
    assert (np.diff(by_f["f_score"].to_numpy()) >= 0).all()


# ---- charts -----------------------------------------------------------------------------

def test_charts_render_chinese_without_glyph_warnings(caplog):
    scored = rfm_scores(rfm_table(transactions(n_customers=200, seed=2024)))
    segmented = rfm_segments(scored)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with caplog.at_level(logging.WARNING, logger="matplotlib"):
            for fig in [segment_chart(segmented), rf_heatmap(scored),
                        rf_heatmap(scored, value="monetary")]:
                fig.savefig(io.BytesIO(), format="png")
    assert not [r for r in caplog.records if "Glyph" in r.getMessage()]


def test_segment_chart_content():
    segmented = rfm_segments(rfm_scores(rfm_table(ledger())))
    fig = segment_chart(segmented, title="示例")
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == SEGMENTS
    assert len(ax.patches) == 16
    widths = [p.get_width() for p in ax.patches]
    assert widths[:8] == [20.0, 0, 0, 20.0, 0, 20.0, 20.0, 20.0]   # customer share
    assert widths[8:] == [70.2, 0, 0, 14.0, 0, 10.5, 3.5, 1.8]    # money share
    assert ax.get_title() == "示例：共 5 位客户"


def test_heatmap_counts_match_crosstab():
    scored = rfm_scores(rfm_table(transactions(n_customers=200, seed=2024)))
    ax = rf_heatmap(scored).axes[0]
    labels = {(round(t.get_position()[1]), round(t.get_position()[0])): t.get_text()
              for t in ax.texts}
    grid = pd.crosstab(scored["r_score"], scored["f_score"])
    for r in range(1, 6):
        for f in range(1, 6):
            expected = str(grid.loc[r, f]) if grid.loc[r, f] else "–"
            assert labels[(5 - r, f - 1)] == expected  # row 0 is R = 5
    with pytest.raises(CrmkitError, match="看不懂"):
        rf_heatmap(scored, value="share")
