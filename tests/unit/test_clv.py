"""Customer lifetime value: Dwyer by hand, BG/NBD and Gamma-Gamma against published fits."""

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from crmkit import CrmkitError
from crmkit.charts.clv import clv_compare_chart, p_alive_chart
from crmkit.models.clv import (
    BGNBDFit,
    GammaGammaFit,
    clv_display,
    compare_clv,
    dwyer_clv,
    dwyer_schedule,
    expected_purchases,
    expected_spend,
    fit_bgnbd,
    fit_gamma_gamma,
    prob_alive,
    probabilistic_clv,
    simulate_bgnbd,
)

CDNOW = Path(__file__).parents[1] / "data" / "cdnow_customers_summary_with_transactions.csv"


@pytest.fixture(scope="module")
def cdnow():
    return pd.read_csv(CDNOW)


@pytest.fixture(scope="module")
def cdnow_bgnbd(cdnow):
    return fit_bgnbd(cdnow["x"], cdnow["t_x"], cdnow["T"])


@pytest.fixture(scope="module")
def teaching():
    book = simulate_bgnbd(n=500, seed=2024)
    bg = fit_bgnbd(book["frequency"], book["recency"], book["T"])
    gg = fit_gamma_gamma(book["frequency"], book["monetary_value"])
    return book, bg, gg


# --- Dwyer -------------------------------------------------------------------------------

def test_dwyer_three_periods_by_hand():
    # m = 100, r = 0.8, d = 0.1, t = 0, 1, 2:
    # 100 + 100·0.8/1.1 + 100·0.64/1.21 = (12100 + 8800 + 6400) / 121 = 27300 / 121
    assert dwyer_clv(100, 0.8, 0.1, periods=3) == pytest.approx(27300 / 121)
    assert dwyer_clv(100, 0.8, 0.1, periods=3) == pytest.approx(225.619835, abs=1e-6)


def test_dwyer_infinite_horizon_closed_form():
    # m·(1 + d)/(1 + d − r) = 100 · 1.1 / 0.3 = 366.67
    assert dwyer_clv(100, 0.8, 0.1) == pytest.approx(1100 / 3)
    assert dwyer_clv(100, 0.8, 0.1, periods=400) == pytest.approx(1100 / 3)


def test_dwyer_edge_cases_by_hand():
    assert dwyer_clv(12, 0.9, 0.08, periods=1) == pytest.approx(12)  # first margin only
    assert dwyer_clv(12, 0.0, 0.08) == pytest.approx(12)  # lost right after period 0
    assert dwyer_clv(10, 0.5, 0.0, periods=2) == pytest.approx(15)  # 10 + 10·0.5


def test_dwyer_is_vectorised_and_keeps_the_index():
    margin = pd.Series([100.0, 50.0], index=["甲", "乙"])
    got = dwyer_clv(margin, 0.8, 0.1, periods=3)
    assert isinstance(got, pd.Series) and list(got.index) == ["甲", "乙"]
    assert got.tolist() == pytest.approx([27300 / 121, 13650 / 121])
    # retention 0.5 and 0.9 with m = 10, d = 0, 2 periods: 10 + 5 = 15, 10 + 9 = 19
    assert dwyer_clv(10, np.array([0.5, 0.9]), 0.0, 2) == pytest.approx([15, 19])


def test_dwyer_schedule_by_hand():
    # same inputs as above: 100, 100·0.8/1.1 = 72.727, 100·0.64/1.21 = 52.893; total 27300/121
    table = dwyer_schedule(100, 0.8, 0.1, 3)
    assert list(table.index) == [1, 2, 3]
    assert table["仍在合作的概率"].tolist() == pytest.approx([1.0, 0.8, 0.64])
    assert table["折现后期望收益(万元)"].tolist() == pytest.approx([100, 800 / 11, 6400 / 121])
    assert table["累计(万元)"].iloc[-1] == pytest.approx(dwyer_clv(100, 0.8, 0.1, 3))
    with pytest.raises(CrmkitError):
        dwyer_schedule(100, 0.8, 0.1, None)
    with pytest.raises(CrmkitError):
        dwyer_schedule([100, 50], 0.8, 0.1, 3)


@pytest.mark.parametrize("kwargs", [
    {"retention": 1.0}, {"retention": -0.1}, {"discount": -0.01},
    {"periods": 0}, {"periods": 2.5}, {"periods": True}, {"margin": float("nan")},
    {"margin": [1.0, 2.0, 3.0], "retention": [0.8, 0.9]},
])
def test_dwyer_rejects_bad_inputs_in_chinese(kwargs):
    args = {"margin": 10.0, "retention": 0.8, "discount": 0.08, **kwargs}
    with pytest.raises(CrmkitError) as err:
        dwyer_clv(**args)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(err.value))


# --- BG/NBD ------------------------------------------------------------------------------

def test_bgnbd_reproduces_fader_hardie_lee_2005(cdnow_bgnbd):
    fit = cdnow_bgnbd
    # FHL (2005), CDNOW sample, 2,357 customers: r 0.243, alpha 4.414, a 0.793, b 2.426, LL −9582.4
    assert fit.n == 2357
    assert fit.r == pytest.approx(0.243, abs=0.001)
    assert fit.alpha == pytest.approx(4.414, abs=0.005)
    assert fit.a == pytest.approx(0.793, abs=0.001)
    assert fit.b == pytest.approx(2.426, abs=0.005)
    assert fit.loglik == pytest.approx(-9582.4, abs=0.5)


def test_bgnbd_conditional_expectation_of_published_example():
    # FHL (2005): customer with x = 2, t_x = 30.43, T = 38.86 expects 1.226 purchases in 39 weeks
    published = BGNBDFit(r=0.243, alpha=4.414, a=0.793, b=2.426, loglik=-9582.4, n=2357)
    assert expected_purchases(published, 39, 2, 30.43, 38.86) == pytest.approx(1.226, abs=5e-4)


def test_expected_purchases_by_hand_when_the_series_is_trivial():
    # r = a + b − 1 makes the transformed 2F1(a+b−1−r, a−1; c; z) equal 1.
    fit = BGNBDFit(r=3.0, alpha=1.0, a=2.0, b=2.0, loglik=0.0, n=0)
    # x = 0, T = 1, t = 2: z = 2/4 = 0.5, c = 3 → 3/(2−1)·(1 − 0.5^1) = 1.5; P(alive) = 1
    assert expected_purchases(fit, 2, 0, 0, 1) == pytest.approx(1.5)
    # x = 1, t_x = 1, T = 1: c = 4 → 4·(1 − 0.5) = 2; odds dead = 2/2·(2/2)^4 = 1 → × 0.5 = 1.0
    assert expected_purchases(fit, 2, 1, 1, 1) == pytest.approx(1.0)
    assert prob_alive(fit, 1, 1, 1) == pytest.approx(0.5)


def test_prob_alive_by_hand():
    fit = BGNBDFit(r=1.0, alpha=1.0, a=1.0, b=2.0, loglik=0.0, n=0)
    # x = 1, t_x = 1, T = 3: odds dead = a/(b+x−1)·((α+T)/(α+t_x))^(r+x) = 1/2 · 2² = 2 → 1/3
    assert prob_alive(fit, 1, 1, 3) == pytest.approx(1 / 3)
    assert prob_alive(fit, 1, 3, 3) == pytest.approx(2 / 3)  # bought just now: odds 1/2


def test_prob_alive_is_one_without_repeat_purchases(cdnow, cdnow_bgnbd):
    alive = prob_alive(cdnow_bgnbd, cdnow["x"], cdnow["t_x"], cdnow["T"])
    assert (alive[cdnow["x"] == 0] == 1.0).all()
    assert ((alive[cdnow["x"] > 0] > 0) & (alive[cdnow["x"] > 0] < 1)).all()


def test_expected_purchases_grow_with_t_and_start_at_zero(cdnow_bgnbd):
    horizons = np.array([0.0, 4, 13, 26, 39, 52, 104])
    for x, t_x in [(0, 0.0), (2, 30.43), (10, 20.0), (29, 38.0)]:
        values = expected_purchases(cdnow_bgnbd, horizons, x, t_x, 38.86)
        assert values[0] == 0.0
        assert np.all(np.diff(values) > 0)


def test_heavy_buyer_does_not_overflow(cdnow_bgnbd):
    value = expected_purchases(cdnow_bgnbd, 520, 300, 100.0, 100.0)
    assert np.isfinite(value) and value > 0
    assert prob_alive(cdnow_bgnbd, 300, 1.0, 100.0) == pytest.approx(0.0, abs=1e-12)


@pytest.mark.parametrize("frequency, recency, T", [
    ([1, 2], [5.0, 40.0], [39.0, 39.0]),   # recency beyond T
    ([1, -1], [5.0, 0.0], [39.0, 39.0]),   # negative frequency
    ([1.5], [5.0], [39.0]),                # not a whole number
    ([0], [3.0], [39.0]),                  # no repeat purchase but recency > 0
    ([1], [float("nan")], [39.0]),         # missing value
    ([1, 2], [5.0, 6.0], [39.0, 39.0, 39.0]),
    ([], [], []),
])
def test_bgnbd_input_errors_are_chinese(frequency, recency, T):
    with pytest.raises(CrmkitError):
        fit_bgnbd(frequency, recency, T)


# --- Gamma-Gamma -------------------------------------------------------------------------

def test_gamma_gamma_reproduces_fader_hardie_2013(cdnow):
    fit = fit_gamma_gamma(cdnow["x"], cdnow["zbar"])
    # Fader & Hardie (2013), CDNOW repeat buyers: p 6.25, q 3.74, v 15.44
    assert fit.n == 946  # only the customers with x > 0
    assert fit.p == pytest.approx(6.25, abs=0.01)
    assert fit.q == pytest.approx(3.74, abs=0.01)
    assert fit.v == pytest.approx(15.44, abs=0.01)
    # the R package CLVTools reports LL −4055.9177 for the same fit in its test suite
    assert fit.loglik == pytest.approx(-4055.92, abs=0.5)


def test_expected_spend_by_hand():
    fit = GammaGammaFit(p=2.0, q=3.0, v=10.0, loglik=0.0, n=0)
    # population mean p·v/(q−1) = 2·10/2 = 10; x = 2: weight 4/(4+2) = 2/3 → 10/3 + 40/3
    assert fit.mean_spend == pytest.approx(10.0)
    got = expected_spend(fit, np.array([0, 2]), np.array([0.0, 20.0]))
    assert got == pytest.approx([10.0, 50 / 3])


def test_gamma_gamma_input_errors():
    with pytest.raises(CrmkitError):
        fit_gamma_gamma([0, 0, 3], [0.0, 0.0, 10.0])  # only one repeat buyer
    with pytest.raises(CrmkitError):
        fit_gamma_gamma([2, 1], [10.0, 0.0])  # a repeat buyer with zero spend
    with pytest.raises(CrmkitError):
        _ = GammaGammaFit(p=1.0, q=0.9, v=1.0, loglik=0.0, n=0).mean_spend


# --- Probabilistic CLV and the teaching book ---------------------------------------------

def test_probabilistic_clv_without_discount_is_purchases_times_spend(teaching):
    book, bg, gg = teaching
    x, t_x, big_t, m = book["frequency"], book["recency"], book["T"], book["monetary_value"]
    plain = probabilistic_clv(bg, gg, x, t_x, big_t, m, margin_rate=1.0, horizon=24)
    by_parts = expected_purchases(bg, 24, x, t_x, big_t) * expected_spend(gg, x, m)
    assert np.allclose(plain, by_parts)
    discounted = probabilistic_clv(bg, gg, x, t_x, big_t, m, horizon=24, discount=0.08)
    assert (discounted < plain).all()


def test_compare_clv_dwyer_column_by_hand(teaching):
    book, bg, gg = teaching
    table = compare_clv(book, bg, gg, retention=0.8, discount=0.08, years=3)
    row = table.iloc[1]  # W0002: 5 repeat purchases in 37 months, 108.58 万元 each, rate 1.1%
    annual = 5 / (37 / 12) * 108.58 * 0.011
    assert row["annual_margin"] == pytest.approx(annual)
    # three margins, start of year: 1 + 0.8/1.08 + 0.64/1.08²
    assert row["dwyer_clv"] == pytest.approx(annual * (1 + 0.8 / 1.08 + 0.64 / 1.08 ** 2))
    assert (table.loc[table["frequency"] == 0, "dwyer_clv"] == 0).all()
    assert (table.loc[table["frequency"] == 0, "model_clv"] > 0).all()
    assert "仍活跃概率" in clv_display(table).columns


def test_simulated_book_is_deterministic_and_consistent():
    book = simulate_bgnbd(n=300, seed=11)
    pd.testing.assert_frame_equal(book, simulate_bgnbd(n=300, seed=11))
    assert list(book.columns) == ["customer_id", "frequency", "recency", "T",
                                  "monetary_value", "margin_rate"]
    repeat = book["frequency"] > 0
    assert (book["recency"] <= book["T"]).all() and book["T"].between(12, 48).all()
    assert (book.loc[~repeat, ["recency", "monetary_value"]] == 0).all().all()
    assert (book.loc[repeat, ["recency", "monetary_value"]] > 0).all().all()
    assert book["margin_rate"].between(0.003, 0.012).all()


def test_simulation_recovers_its_parameters():
    # 3,000 customers from r 1.2, alpha 10, a 0.9, b 3.6: mean rate 0.12 a month,
    # mean drop-out 0.9/4.5 = 0.2 per purchase
    book = simulate_bgnbd(n=3000, seed=7)
    fit = fit_bgnbd(book["frequency"], book["recency"], book["T"])
    assert fit.mean_rate == pytest.approx(0.12, rel=0.05)
    assert fit.mean_dropout == pytest.approx(0.2, rel=0.10)


def test_simulation_errors():
    with pytest.raises(CrmkitError):
        simulate_bgnbd(n=0)
    with pytest.raises(CrmkitError):
        simulate_bgnbd(beta=2.0)
    with pytest.raises(CrmkitError):
        simulate_bgnbd(r=-1.0)
    with pytest.raises(CrmkitError):
        simulate_bgnbd(months=(30, 12))


# --- Charts ------------------------------------------------------------------------------

def test_charts_return_closed_figures(teaching):
    book, bg, gg = teaching
    table = compare_clv(book, bg, gg)
    before = set(plt.get_fignums())
    fig = clv_compare_chart(table, highlight=["W0002"])
    curves = p_alive_chart(bg, T=36, frequencies=(1, 6))
    assert set(plt.get_fignums()) == before
    assert "Dwyer" in fig.axes[0].get_xlabel()
    assert len(curves.axes[0].get_lines()) == 2
    # 6 repeat purchases: right after the last one more likely alive than after 36 quiet months
    six = curves.axes[0].get_lines()[1].get_ydata()
    assert six[0] > six[-1]


def test_chart_errors(teaching):
    book, bg, _ = teaching
    with pytest.raises(CrmkitError):
        clv_compare_chart(book)  # no CLV columns yet
    with pytest.raises(CrmkitError):
        p_alive_chart(bg, T=0)


def test_short_import_path_named_in_the_course():
    import crmkit.clv
    import crmkit.models.clv

    assert crmkit.clv.fit_bgnbd is crmkit.models.clv.fit_bgnbd
    assert crmkit.clv.dwyer_clv is crmkit.models.clv.dwyer_clv


def test_importing_the_exercise_checker_leaves_scipy_unloaded():
    """Every exercise notebook imports crmkit.selfcheck, which uses this module's Dwyer
    formulas; scipy (0.3 s) is loaded only when a model is fitted or evaluated."""
    import subprocess
    import sys

    code = ("import sys, crmkit.selfcheck, crmkit.models.clv as clv; "
            "print(sorted(m for m in ('scipy.optimize', 'scipy.special') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, check=True)
    assert done.stdout.strip() == "[]"
