"""Churn early warning against a small panel worked out by hand, plus properties."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmkit import CrmkitError
from crmkit.data.transactions import monthly_panel
from crmkit.models.churn import (
    DEFAULT_WEIGHTS,
    RULE_NAMES,
    RULES,
    churn_features,
    churn_flags,
    churn_warnings,
    display_table,
    warning_summary,
)

MONTHS = ["2024-07", "2024-08", "2024-09", "2024-10", "2024-11", "2024-12"]


def panel():
    """Four customers over six months (W has no rows after October)."""
    rows = []
    spec = {
        # balance, transactions, share of wallet, complaints
        "X": ([100, 100, 100, 60, 60, 60], [5, 5, 5, 3, 3, 3], [.5, .5, .5, .4, .4, .4],
              [0, 0, 0, 0, 1, 0]),
        "Y": ([50] * 6, [4, 4, 4, 2, 0, 0], [.8, .8, .8, .6, .6, .6], [0] * 6),
        "Z": ([80] * 6, [6] * 6, [.7] * 6, [0] * 6),
        "W": ([100] * 4, [5] * 4, [.5] * 4, [0] * 4),
    }
    for cid, (bal, txn, share, comp) in spec.items():
        for i in range(len(bal)):
            rows.append((cid, MONTHS[i], bal[i], txn[i], share[i], comp[i]))
    return pd.DataFrame(rows, columns=["customer_id", "month", "balance", "transactions",
                                       "share_of_wallet", "complaints"])


def test_features_by_hand():
    f = churn_features(panel())
    assert list(f.index) == ["W", "X", "Y", "Z"]
    # X: balance 60 vs 100 → −40%; transactions 9 vs 15 → −40%; share 0.4 vs 0.5 → −10 points
    assert f.loc["X", "balance_change"] == pytest.approx(-0.4)
    assert f.loc["X", "txn_change"] == pytest.approx(-0.4)
    assert f.loc["X", "share_change_pp"] == pytest.approx(-10.0)
    assert f.loc["X", "complaints_recent"] == 1
    # Y: transactions 2 vs 12 → −83.3%; last active October → 30 + 31 = 61 days to 12-31
    assert f.loc["Y", "txn_change"] == pytest.approx(2 / 12 - 1)
    assert f.loc["Y", "dormant_days"] == 61 and f.loc["Y", "last_active"] == "2024-10"
    # W: only October in the recent window → balance mean 100 (no fall); transactions 5 vs 15
    assert f.loc["W", "balance_recent"] == 100.0 and f.loc["W", "balance_change"] == 0.0
    assert f.loc["W", "txn_recent"] == 5 and f.loc["W", "dormant_days"] == 61
    assert f.loc["Z", "dormant_days"] == 0
    assert f.attrs["last_month"] == "2024-12"


def test_flags_and_scores_by_hand():
    flags = churn_flags(panel())
    fired = {cid: [r for r in RULES if flags.loc[cid, f"flag_{r}"]] for cid in flags.index}
    # X: balance −40% > 30% fires; transactions −40% and share −10 points sit exactly on their
    # lines and do not fire; one complaint reaches the line of 1 and fires.
    assert fired == {"X": ["balance", "complaint"], "Y": ["frequency", "share", "dormant"],
                     "Z": [], "W": ["frequency", "dormant"]}
    # scores: X 30 + 15 = 45; Y 20 + 20 + 15 = 55; W 20 + 15 = 35; Z 0
    assert flags["risk_score"].to_dict() == {"W": 35.0, "X": 45.0, "Y": 55.0, "Z": 0.0}
    assert flags["risk_level"].to_dict() == {"W": "中", "X": "中", "Y": "高", "Z": "无"}


def test_warning_list_by_hand():
    warnings = churn_warnings(panel())
    assert list(warnings.index) == ["Y", "X", "W"]  # by score: 55, 45, 35; Z is not listed
    x = warnings.loc["X"]
    assert x["signals"] == "资产下降、出现投诉"
    assert x["reasons"] == ("近三个月日均资产 60.0 万元，比前三个月（100.0 万元）下降 40.0%，"
                            "超过 30% 的预警线；近三个月投诉 1 次，达到 1 次的预警线")
    assert x["next_step"].startswith("两周内：先把投诉处理好")
    y = warnings.loc["Y"]
    assert y["n_flags"] == 3
    assert y["reasons"].split("；") == [
        "近三个月交易 2 笔，比前三个月（12 笔）减少 83.3%，超过 40% 的预警线",
        "近三个月本行份额 60.0%，比前三个月（80.0%）下降 20.0 个百分点，超过 10 个百分点的预警线",
        "最后有交易的月份是 2024-10，到 2024-12 月底已 61 天没有交易，达到 60 天的预警线",
    ]
    assert y["next_step"].startswith("三个工作日内：本行份额下滑")
    assert warnings.loc["W", "next_step"].startswith("两周内：长期没有交易")


def test_parameters_change_the_lines():
    # lower the transaction line to 30%: X's −40% now fires too (30 + 20 + 15 = 65)
    flags = churn_flags(panel(), txn_drop=0.30)
    assert flags.loc["X", "flag_frequency"] and flags.loc["X", "risk_score"] == 65.0
    # switch rules off with None, and use two-month windows
    quiet = churn_warnings(panel(), complaints=None, dormant_days=None, txn_drop=None,
                           share_drop=None)
    assert list(quiet.index) == ["X"] and quiet.loc["X", "signals"] == "资产下降"
    weighted = churn_flags(panel(), weights={"complaint": 50})
    assert weighted.loc["X", "risk_score"] == 80.0
    two = churn_features(panel(), window=2)
    assert two.loc["X", "balance_prior"] == 80.0  # September 100 and October 60
    assert "近两个月" in churn_warnings(panel(), window=2).loc["X", "reasons"]


def test_never_active_customer_is_dormant_for_the_whole_panel():
    data = panel()
    data.loc[data["customer_id"] == "Z", "transactions"] = 0
    f = churn_features(data)
    assert f.loc["Z", "dormant_days"] == 184  # 2024-07-01 to 2024-12-31
    text = churn_warnings(data).loc["Z", "reasons"]
    assert "整个观察期（6 个月）都没有交易" in text


def test_months_may_be_periods_or_dates():
    data = panel()
    as_dates = data.assign(month=pd.to_datetime(data["month"]))
    as_periods = data.assign(month=pd.PeriodIndex(data["month"], freq="M"))
    base = churn_flags(data)
    pd.testing.assert_frame_equal(churn_flags(as_dates), base)
    pd.testing.assert_frame_equal(churn_flags(as_periods), base)


def test_summary_and_display():
    warnings = churn_warnings(panel())
    summary = warning_summary(warnings)
    assert summary.loc[("按预警规则", "交易减少"), "客户数"] == 2
    assert summary.loc[("按预警规则", "长期无交易"), "客户数"] == 2
    assert summary.loc[("按风险等级", "中"), "客户数"] == 2
    assert list(display_table(warnings).columns[:3]) == ["风险分", "风险等级", "触发规则数"]
    assert sum(DEFAULT_WEIGHTS.values()) == 100


def test_generated_panel_rules_catch_most_drifters():
    data = monthly_panel(n_customers=600, seed=2024, with_truth=True)
    flags = churn_flags(data.drop(columns="drifting"))
    truth = data.groupby("customer_id")["drifting"].first()
    high = flags["risk_level"].isin(["高", "中"])
    assert high[truth].mean() > 0.7      # most drifting customers reach 中 or 高
    assert high[~truth].mean() < 0.05    # few steady customers do


@pytest.mark.parametrize("change, fragment", [
    (lambda p: p.drop(columns="complaints"), "找不到“complaints”列"),
    (lambda p: p.assign(month=["明年"] + list(p["month"][1:])), "不是可识别的月份"),
    (lambda p: p.assign(balance=["很多"] + list(p["balance"][1:])), "不是数字"),
    (lambda p: p.assign(share_of_wallet=[45] + list(p["share_of_wallet"][1:])), "0.45"),
    (lambda p: p.assign(transactions=[-1] + list(p["transactions"][1:])), "负数"),
    (lambda p: pd.concat([p, p.head(1)]), "不止一行"),
    (lambda p: p[p["month"] > "2024-08"], "至少需要 6 个月"),
    (lambda p: p.head(0), "空的"),
])
def test_bad_panels_give_chinese_messages(change, fragment):
    with pytest.raises(CrmkitError) as err:
        churn_flags(change(panel()))
    assert fragment in str(err.value)


@pytest.mark.parametrize("kwargs, fragment", [
    ({"balance_drop": 30}, "超出范围"), ({"dormant_days": -5}, "超出范围"),
    ({"txn_drop": "40%"}, "必须是数字"), ({"weights": {"vip": 10}}, "不认识的规则"),
    ({"window": 0}, "正整数"),
])
def test_bad_parameters(kwargs, fragment):
    with pytest.raises(CrmkitError, match=fragment):
        churn_warnings(panel(), **kwargs)


# ---- property: a flag fires exactly when its condition holds ----------------------------

@st.composite
def panels(draw):
    n = draw(st.integers(1, 5))
    months = draw(st.integers(6, 9))
    labels = pd.period_range("2024-01", periods=months, freq="M").strftime("%Y-%m")
    rows = []
    for i in range(n):
        for label in labels:
            rows.append((f"K{i}", label, draw(st.floats(0, 500).map(lambda v: round(v, 2))),
                         draw(st.integers(0, 8)), draw(st.floats(0, 1).map(lambda v: round(v, 2))),
                         draw(st.integers(0, 2))))
    return pd.DataFrame(rows, columns=["customer_id", "month", "balance", "transactions",
                                       "share_of_wallet", "complaints"])


@settings(max_examples=60, deadline=None)
@given(panels(), st.integers(5, 90).map(lambda v: v / 100),
       st.integers(5, 90).map(lambda v: v / 100), st.integers(1, 50).map(lambda v: v / 100),
       st.integers(1, 3), st.integers(20, 150))
def test_property_flags_fire_only_when_their_condition_holds(data, bal, txn, share, comp, dorm):
    flags = churn_flags(data, balance_drop=bal, txn_drop=txn, share_drop=share,
                        complaints=comp, dormant_days=dorm)
    end = pd.Period(data["month"].max(), freq="M").end_time.normalize()
    for cid, rows in data.groupby("customer_id"):
        rows = rows.sort_values("month")
        prior, recent = rows.iloc[-6:-3], rows.iloc[-3:]
        b0, b1 = prior["balance"].mean(), recent["balance"].mean()
        t0, t1 = prior["transactions"].sum(), recent["transactions"].sum()
        s0, s1 = prior["share_of_wallet"].mean(), recent["share_of_wallet"].mean()
        active = rows[rows["transactions"] > 0]["month"]
        start = pd.Period(rows["month"].min(), freq="M").start_time - pd.Timedelta(days=1)
        last = pd.Period(active.max(), freq="M").end_time.normalize() if len(active) else start
        expect = {
            "balance": b0 > 0 and (1 - b1 / b0) > bal + 1e-9,
            "frequency": t0 > 0 and (1 - t1 / t0) > txn + 1e-9,
            "share": (s0 - s1) > share + 1e-9,
            "complaint": recent["complaints"].sum() >= comp,
            "dormant": (end - last).days >= dorm,
        }
        for rule in RULES:
            assert bool(flags.loc[cid, f"flag_{rule}"]) == expect[rule], (cid, rule)
        score = sum(DEFAULT_WEIGHTS[r] for r in RULES if expect[r])
        assert flags.loc[cid, "risk_score"] == score
    listed = churn_warnings(data, balance_drop=bal, txn_drop=txn, share_drop=share,
                            complaints=comp, dormant_days=dorm)
    assert set(listed.index) == set(flags.index[flags["risk_score"] > 0])
    for cid in listed.index:
        names = listed.loc[cid, "signals"].split("、")
        assert names == [RULE_NAMES[r] for r in RULES if flags.loc[cid, f"flag_{r}"]]
        assert len(listed.loc[cid, "reasons"].split("；")) == len(names)
    assert np.isfinite(flags["risk_score"]).all()
