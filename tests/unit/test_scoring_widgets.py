"""The scoring-lab widgets: RFM cut points, CLV side by side, churn thresholds."""

import numpy as np
import pandas as pd
import pytest

from crmkit import CrmkitError
from crmkit.data.transactions import monthly_panel
from crmkit.models import churn
from crmkit.models.churn import drifting_truth, warning_check, within_scope
from crmkit.models.clv import clv_summary, compare_clv, simulate_bgnbd
from crmkit.models.rfm import SEGMENTS, cuts_for, parse_cuts
from crmkit.widgets.churn import churn_rule_explorer
from crmkit.widgets.clv import clv_comparer
from crmkit.widgets.rfm import rfm_cut_explorer


def ledger():
    """Four customers; R/F/M worked out by hand below (as of 2025-01-01)."""
    rows = ([("A", "2024-12-31", 15_000.0)] * 8          # R 1 天, F 8, M 120,000
            + [("B", "2024-09-01", 400_000.0)]           # R 122 天, F 1, M 400,000
            + [("C", "2024-11-02", 1_000.0)] * 16        # R 60 天, F 16, M 16,000
            + [("D", "2024-12-02", 10_000.0)] * 2)       # R 30 天, F 2, M 20,000
    return pd.DataFrame(rows, columns=["customer_id", "date", "amount"])


def test_parse_cuts_accepts_chinese_separators():
    assert parse_cuts("30，60、90 180", "recency") == [30.0, 60.0, 90.0, 180.0]
    with pytest.raises(CrmkitError, match="“x”不是数字"):
        parse_cuts("2, 4, x, 16", "frequency")
    with pytest.raises(CrmkitError, match="还没有填切点"):
        parse_cuts("  ", "monetary")


def test_cuts_for_only_custom_dimensions():
    modes = {"recency": "custom", "frequency": "quantile", "monetary": "custom"}
    texts = {"recency": "30,60,90,180", "frequency": "bad", "monetary": "1,2,3,4"}
    assert cuts_for(modes, texts) == {"recency": [30.0, 60.0, 90.0, 180.0],
                                      "monetary": [1.0, 2.0, 3.0, 4.0]}


def test_rfm_explorer_with_business_cut_points_by_hand():
    explorer = rfm_cut_explorer(ledger())
    assert explorer.texts["recency"].layout.display == "none"  # quantile mode hides the cuts
    for mode in explorer.modes.values():
        mode.value = "custom"
    explorer.high.value = 4
    # Default cuts R 30/60/90/180, F 2/4/8/16, M 2/5/10/30 万元; 4 分及以上算高:
    # A: R5 F4 M4 → 重要价值; B: R2 F1 M5 → 重要挽留; C: R4 (60 sits on a cut, better group)
    # F5 M1 → 一般价值; D: R5 (30 on a cut) F2 M2 → 一般发展.
    assert explorer.scored["rfm_code"].tolist() == ["544", "215", "451", "522"]
    counts = explorer.summary["客户数"].reindex(SEGMENTS).tolist()
    assert counts == [1, 0, 0, 1, 1, 1, 0, 0]
    # 重要价值 money share: 120,000 / 556,000 = 21.58% → 21.6%
    assert explorer.summary.loc["重要价值客户", "金额占比(%)"] == 21.6
    assert "重要价值客户 1 位，占客户 25.0%、占交易金额 21.6%" in explorer.message.value
    assert "R 按切点 30、60、90、180 天" in explorer.message.value
    assert explorer.texts["recency"].layout.display is None
    assert explorer.figure is not None and explorer.error is None


def test_rfm_explorer_shows_a_chinese_error_and_recovers():
    explorer = rfm_cut_explorer(ledger())
    explorer.modes["frequency"].value = "custom"
    explorer.texts["frequency"].value = "2, 4, 8"
    assert "要给 4 个切点" in explorer.error and explorer.summary is None
    assert "#b2182b" in explorer.message.value
    explorer.texts["frequency"].value = "2, 4, 8, 16"
    assert explorer.error is None and explorer.summary["客户数"].sum() == 4


def test_clv_summary_by_hand():
    table = pd.DataFrame({"customer_id": ["A", "B", "C"], "dwyer_clv": [3.0, 2.0, 1.0],
                          "model_clv": [1.0, 3.0, 2.0]})
    summary = clv_summary(table, top=2)
    # Totals 6 and 6, means 2 and 2, maxima 3 and 3, top-2 sums 3+2 = 5 and 3+2 = 5.
    assert summary["Dwyer 公式"].tolist() == [6.0, 2.0, 3.0, 5.0]
    assert summary["概率模型"].tolist() == [6.0, 2.0, 3.0, 5.0]
    assert summary.attrs["overlap"] == 1  # {A, B} ∩ {B, C} = {B}
    with pytest.raises(CrmkitError, match="top"):
        clv_summary(table, top=0)


@pytest.fixture(scope="module")
def clv_widget():
    return clv_comparer(simulate_bgnbd(n=500, seed=2024))


def test_clv_comparer_retention_moves_only_the_dwyer_side(clv_widget):
    widget = clv_widget
    expected = compare_clv(widget.book, widget.bgnbd, widget.gamma_gamma, 0.8, 0.08, 3)
    pd.testing.assert_frame_equal(widget.table, expected)
    model_before = widget.summary["概率模型"].copy()
    widget.discount.value = 0.0
    widget.years.value = 2
    widget.retention.value = 0.9
    # No discounting, two years: Dwyer = m + 0.9 m = 1.9 m for every customer.
    np.testing.assert_allclose(widget.table["dwyer_clv"], 1.9 * widget.table["annual_margin"])
    widget.discount.value = 0.08
    widget.years.value = 3
    assert widget.summary["概率模型"].tolist() == model_before.tolist()
    total = widget.summary.loc["合计(万元)", "Dwyer 公式"]
    assert f"Dwyer 公式合计 {total:,.1f} 万元" in widget.message.value


def test_warning_check_by_hand():
    truth = pd.Series([True, True, False, False, False], index=list("ABCDE"))
    listed = pd.DataFrame({"risk_level": ["高", "低"]}, index=["A", "C"])
    check = warning_check(listed, truth)
    # A hit, B missed, C false alarm, D and E correctly left off.
    assert check["客户数"].tolist() == [1, 1, 1, 2]
    assert check.attrs["precision"] == 0.5 and check.attrs["recall"] == 0.5
    with pytest.raises(CrmkitError, match="不在真实结果里：Z"):
        warning_check(pd.DataFrame(index=["Z"]), truth)
    assert within_scope(listed, "中").index.tolist() == ["A"]
    with pytest.raises(CrmkitError, match="风险等级"):
        within_scope(listed, "很高")


def test_drifting_truth_needs_synthetic_data():
    panel = monthly_panel(n_customers=20, seed=1, with_truth=True)
    truth = drifting_truth(panel)
    assert truth.index.tolist() == [f"C{i:04d}" for i in range(1, 21)]
    with pytest.raises(CrmkitError, match="with_truth=True"):
        drifting_truth(panel.drop(columns="drifting"))


@pytest.fixture(scope="module")
def truth_panel():
    return monthly_panel(n_customers=200, seed=2024, with_truth=True)


def test_churn_explorer_defaults_match_the_model(truth_panel):
    explorer = churn_rule_explorer(truth_panel)
    expected = churn.churn_warnings(truth_panel.drop(columns="drifting"))
    pd.testing.assert_frame_equal(explorer.warnings, expected)
    # As in the loyalty-and-churn chapter: 45 listed (高 18, 中 5, 低 22); 24 really drift,
    # 23 of them listed; 22 of the listed are stable.
    assert explorer.check["客户数"].tolist() == [23, 1, 22, 154]
    assert "预警名单 45 位：高风险 18 位、中风险 5 位、低风险 22 位" in explorer.message.value


def test_churn_explorer_scope_switches_and_sliders(truth_panel):
    explorer = churn_rule_explorer(truth_panel)
    explorer.scope.value = "中"
    assert len(explorer.warnings) == 23 and set(explorer.warnings["risk_level"]) == {"高", "中"}
    explorer.scope.value = "低"
    explorer.sliders["frequency"].value = 0.60
    stricter = churn.churn_warnings(truth_panel.drop(columns="drifting"), txn_drop=0.60)
    assert explorer.warnings.index.tolist() == stricter.index.tolist()
    explorer.switches["complaint"].value = False
    assert explorer.limits()["complaints"] is None
    assert explorer.sliders["complaint"].disabled
    assert not explorer.warnings["signals"].str.contains("出现投诉").any()
    for switch in explorer.switches.values():
        switch.value = False
    assert len(explorer.warnings) == 0 and explorer.check["客户数"].tolist() == [0, 24, 0, 176]


def test_churn_explorer_too_long_window_is_a_chinese_error(truth_panel):
    explorer = churn_rule_explorer(truth_panel, window=7)
    assert "至少需要 14 个月" in explorer.error
    assert explorer.warnings is None and "#b2182b" in explorer.message.value
