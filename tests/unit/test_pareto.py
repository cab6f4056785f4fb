"""Profit concentration by hand (Pareto, top share, Lorenz, Gini, tiers), properties, charts."""

import io
import logging
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmkit import CrmkitError
from crmkit.charts.pareto import lorenz_chart, pareto_chart
from crmkit.data import bank_book
from crmkit.models.pareto import (
    TIERS,
    assign_tiers,
    customers_for_share,
    gini,
    lorenz_curve,
    pareto_table,
    profitability_tiers,
    top_share,
)

# Ten customers, total 200 (万元). Sorted high to low: 80 40 30 20 10 8 5 4 2 1.
PROFITS = pd.Series([10, 80, 2, 30, 5, 40, 1, 20, 4, 8], dtype=float,
                    index=[f"C{i}" for i in range(1, 11)])

amounts = st.lists(st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False),
                   min_size=1, max_size=60).filter(lambda xs: sum(xs) > 1e-6)


def test_pareto_table_by_hand():
    table = pareto_table(PROFITS)
    assert table["客户"].tolist()[:3] == ["C2", "C6", "C4"]
    assert table["利润"].tolist() == [80, 40, 30, 20, 10, 8, 5, 4, 2, 1]
    # cumulative 80 120 150 170 180 188 193 197 199 200 over total 200
    assert table["累计利润"].tolist() == [80, 120, 150, 170, 180, 188, 193, 197, 199, 200]
    assert table["累计利润占比"].tolist() == pytest.approx(
        [0.40, 0.60, 0.75, 0.85, 0.90, 0.94, 0.965, 0.985, 0.995, 1.0])
    assert table["累计客户占比"].tolist() == pytest.approx([0.1 * k for k in range(1, 11)])
    assert list(table.index) == list(range(1, 11)) and table.index.name == "名次"


def test_pareto_table_from_a_list_numbers_customers_from_one():
    table = pareto_table([5, 20, 5])
    # equal profits keep their input order: customer 1 before customer 3
    assert table["客户"].tolist() == [2, 1, 3]


def test_top_share_whole_number_of_customers():
    # top 20% of 10 = 2 customers: (80 + 40) / 200 = 0.6
    assert top_share(PROFITS, 0.2) == pytest.approx(0.6)
    assert top_share(PROFITS, 0.5) == pytest.approx(0.9)  # 180 / 200
    assert top_share(PROFITS, 0.0) == 0.0 and top_share(PROFITS, 1.0) == pytest.approx(1.0)


def test_top_share_counts_the_boundary_customer_in_proportion():
    # 0.25 × 10 = 2.5 customers: 80 + 40 + 0.5 × 30 = 135 → 135 / 200 = 0.675
    assert top_share(PROFITS, 0.25) == pytest.approx(0.675)
    # four customers 50 30 10 10, top 0.3 → 1.2 customers: 50 + 0.2 × 30 = 56 / 100
    assert top_share([50, 30, 10, 10], 0.3) == pytest.approx(0.56)


def test_top_share_with_losses_can_exceed_one():
    # 60 + 50 - 10 = 100; the top third (one customer) earns 60 / 100; top 2/3 earns 110%
    assert top_share([60, -10, 50], 1 / 3) == pytest.approx(0.6)
    assert top_share([60, -10, 50], 2 / 3) == pytest.approx(1.1)


def test_customers_for_share_is_the_inverse():
    assert customers_for_share(PROFITS, 0.6) == pytest.approx(0.2)
    # 80% of 200 = 160: after 3 customers 150, the 4th (20) is needed half → 3.5 / 10
    assert customers_for_share(PROFITS, 0.8) == pytest.approx(0.35)
    assert customers_for_share([50, 30, 10, 10], 0.8) == pytest.approx(0.5)
    assert customers_for_share(PROFITS, 0.0) == 0.0


@pytest.mark.parametrize("bad", [-0.1, 1.5, "20%", True])
def test_top_share_rejects_bad_top(bad):
    with pytest.raises(CrmkitError, match="0 到 1 之间"):
        top_share(PROFITS, bad)


def test_lorenz_curve_by_hand():
    x, y = lorenz_curve([1, 2, 3, 4])
    assert x.tolist() == [0, 0.25, 0.5, 0.75, 1.0]
    # ascending cumulative 1 3 6 10 over 10
    assert y.tolist() == pytest.approx([0, 0.1, 0.3, 0.6, 1.0])


def test_gini_by_hand():
    # |differences| over the 6 pairs of 1 2 3 4: 1+2+3+1+2+1 = 10, both orders 20;
    # G = 20 / (2 × n² × mean) = 20 / (2 × 16 × 2.5) = 0.25
    assert gini([1, 2, 3, 4]) == pytest.approx(0.25)
    assert gini([5, 5, 5]) == 0.0
    # one customer earns everything among four: (n - 1) / n = 0.75
    assert gini([0, 0, 0, 12]) == pytest.approx(0.75)


def test_gini_is_one_minus_twice_the_area_under_lorenz():
    x, y = lorenz_curve(PROFITS)
    area = float(np.sum(np.diff(x) * (y[1:] + y[:-1]) / 2))
    assert gini(PROFITS) == pytest.approx(1 - 2 * area)


def test_losses_refused_by_default_for_gini_and_lorenz():
    with pytest.raises(CrmkitError, match="1 位客户的利润是负数"):
        gini([10, -2, 5])
    with pytest.raises(CrmkitError, match="负数"):
        lorenz_curve([10, -2, 5])


def test_losses_counted_as_zero_when_asked():
    # [10, -2, 5] → [10, 0, 5]: sorted 0 5 10, Σ i·x = 0 + 10 + 30 = 40, Σ x = 15, n = 3
    # G = 2 × 40 / (3 × 15) − 4/3 = 16/9 − 12/9 = 4/9
    assert gini([10, -2, 5], negative="zero") == pytest.approx(4 / 9)
    with pytest.raises(CrmkitError, match="negative"):
        gini([1, 2], negative="shift")


@pytest.mark.parametrize("bad, message", [([], "没有客户数据"), ([1, "abc"], "第 2 位客户"),
                                          ([1, np.inf], "不是有限的数字"), ([0, 0], "不是正数")])
def test_bad_values_raise_chinese_errors(bad, message):
    with pytest.raises(CrmkitError, match=message):
        gini(bad)


def test_whole_table_instead_of_a_column():
    with pytest.raises(CrmkitError, match="整张表"):
        pareto_table(pd.DataFrame({"a": [1, 2]}))


def test_tiers_by_hand():
    tiers = assign_tiers(PROFITS)
    # ranks 1–2 (C2 80, C6 40) top; ranks 3–5 (C4 30, C8 20, C1 10) middle; the rest bottom
    assert tiers[tiers == "最有利可图"].index.tolist() == ["C2", "C6"]
    assert tiers[tiers == "中等利润"].index.tolist() == ["C1", "C4", "C8"]
    assert tiers.index.tolist() == PROFITS.index.tolist()  # input order kept
    table = profitability_tiers(PROFITS)
    assert list(table.index) == TIERS
    assert table["客户数"].tolist() == [2, 3, 5]
    # 120, 60 and 8+5+4+2+1 = 20 of 200 → 60%, 30%, 10%; averages 60, 20, 4
    assert table["利润合计"].tolist() == [120, 60, 20]
    assert table["利润占比(%)"].tolist() == [60.0, 30.0, 10.0]
    assert table["客户占比(%)"].tolist() == [20.0, 30.0, 50.0]
    assert table["户均利润"].tolist() == [60.0, 20.0, 4.0]


def test_tiers_round_fractional_counts_down():
    # 7 customers: 0.2 × 7 = 1.4 → 1 on top; 0.5 × 7 = 3.5 → ranks 2–3 middle; 4 at the bottom
    table = profitability_tiers([7, 6, 5, 4, 3, 2, 1])
    assert table["客户数"].tolist() == [1, 2, 4]
    # custom cuts: 0.3 × 10 = 3 on top, 0.6 × 10 = 6 → 3 middle
    assert profitability_tiers(PROFITS, (0.3, 0.6))["客户数"].tolist() == [3, 3, 4]


def test_tiers_with_a_loss_maker_show_a_negative_share():
    table = profitability_tiers([50, 30, 25, -5])  # total 100; bottom half: 25 − 5 = 20
    assert table["客户数"].tolist() == [0, 2, 2]  # 0.2 × 4 = 0.8 → nobody on top
    assert table["利润占比(%)"].tolist() == [0.0, 80.0, 20.0]
    assert np.isnan(table["户均利润"].iloc[0])


@pytest.mark.parametrize("cuts", [(0.5, 0.2), (0, 0.5), (0.2, 1.0), (0.2,), "0.2"])
def test_tiers_reject_bad_cuts(cuts):
    with pytest.raises(CrmkitError, match="分层比例"):
        assign_tiers(PROFITS, cuts)


def test_bank_book_numbers_quoted_in_chapter_three():
    values = bank_book(n=200, seed=2024)["contribution"]
    assert top_share(values, 0.2) == pytest.approx(0.6622, abs=5e-5)
    assert gini(values) == pytest.approx(0.6318, abs=5e-5)
    assert profitability_tiers(values)["客户数"].tolist() == [40, 60, 100]


# --- properties -------------------------------------------------------------------------

@settings(max_examples=200, deadline=None)
@given(amounts)
def test_gini_between_zero_and_one(xs):
    g = gini(xs)
    assert 0.0 <= g < 1.0
    assert g <= (len(xs) - 1) / len(xs) + 1e-9


@settings(max_examples=200, deadline=None)
@given(amounts)
def test_lorenz_monotone_from_origin_to_one_one(xs):
    x, y = lorenz_curve(xs)
    assert (x[0], y[0]) == (0.0, 0.0) and (x[-1], y[-1]) == (1.0, 1.0)
    assert np.all(np.diff(x) > 0) and np.all(np.diff(y) >= -1e-12)
    assert np.all(y <= x + 1e-9)  # never above the equality line


@settings(max_examples=200, deadline=None)
@given(amounts, st.floats(0, 1), st.floats(0, 1))
def test_top_share_within_unit_interval_and_non_decreasing(xs, a, b):
    low, high = sorted((a, b))
    s_low, s_high = top_share(xs, low), top_share(xs, high)
    assert -1e-12 <= s_low <= 1 + 1e-9 and -1e-12 <= s_high <= 1 + 1e-9
    assert s_low <= s_high + 1e-9


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(-1e5, 1e6, allow_nan=False), min_size=1, max_size=60),
       st.floats(0.01, 0.49), st.floats(0.5, 0.99))
def test_tiers_cover_every_customer_exactly_once(xs, high, middle):
    tiers = assign_tiers(xs, (high, middle))
    assert len(tiers) == len(xs) and not tiers.isna().any()
    counts = tiers.value_counts()
    assert int(counts.sum()) == len(xs)
    # higher tiers never hold a smaller profit than lower tiers
    order = pd.Series(xs).groupby(tiers.array, observed=True)
    mins, maxs = order.min(), order.max()
    present = [t for t in TIERS if t in mins.index]
    for upper, lower in zip(present[:-1], present[1:], strict=True):
        assert mins[upper] >= maxs[lower]


# --- charts -------------------------------------------------------------------------------

def test_pareto_chart_content():
    fig = pareto_chart(PROFITS, top=0.2)
    ax, right = fig.axes
    assert "前 20% 的客户贡献 60.0% 的利润" in ax.get_title()
    assert len(ax.patches) == 10
    assert sorted(p.get_height() for p in ax.patches)[-1] == 80
    curve = right.lines[0]
    assert curve.get_ydata()[0] == 0 and curve.get_ydata()[-1] == pytest.approx(1.0)
    guides = {(tuple(line.get_xdata()), tuple(line.get_ydata())) for line in right.lines[1:3]}
    assert ((0.2, 0.2), (0, 1)) in guides and ((0, 1), (0.8, 0.8)) in guides


def test_lorenz_chart_content():
    fig = lorenz_chart([1, 2, 3, 4], title="示例")
    ax = fig.axes[0]
    assert ax.get_title() == "示例（基尼系数 0.250）"
    curve = ax.lines[1]
    assert curve.get_ydata().tolist() == pytest.approx([0, 0.1, 0.3, 0.6, 1.0])


def test_charts_render_chinese_without_glyph_warnings(caplog):
    values = bank_book(n=200, seed=2024)["contribution"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with caplog.at_level(logging.WARNING, logger="matplotlib"):
            for fig in (pareto_chart(values), lorenz_chart(values)):
                fig.savefig(io.BytesIO(), format="png")
    assert not [r for r in caplog.records if "Glyph" in r.getMessage()]
