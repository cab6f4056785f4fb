"""Industry-analysis models and charts against values worked out by hand (module 1)."""

import io
import logging
import warnings

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from crmkit import CrmkitError
from crmkit.charts.industry import intensity_chart, lifecycle_chart, share_chart
from crmkit.models.industry import (
    INTENSITIES,
    NO_DOMINANT,
    bain_type,
    concentration_ratio,
    factor_intensity,
    hhi,
    hhi_level,
    intensity_comparison,
    lifecycle_stage,
    lifecycle_table,
    market_structure,
)

# Chapter 2's two illustrative markets (示意).
MARKET_A = [22, 18, 12, 10, 8, 7, 6, 6, 6, 5]   # ten firms, sum 100
MARKET_B = [50] + [4] * 12 + [2]                # one leader and thirteen small firms, sum 100


# --- CRn ----------------------------------------------------------------------------------

def test_cr4_and_cr8_by_hand():
    assert concentration_ratio(MARKET_A) == 62.0            # 22 + 18 + 12 + 10
    assert concentration_ratio(MARKET_A, n=8) == 89.0       # 62 + 8 + 7 + 6 + 6
    assert concentration_ratio(MARKET_B) == 62.0            # 50 + 4 + 4 + 4
    assert concentration_ratio(MARKET_A, n=1) == 22.0


def test_order_does_not_matter_and_series_or_mapping_accepted():
    shuffled = [6, 10, 5, 22, 7, 6, 18, 8, 12, 6]
    assert concentration_ratio(shuffled) == 62.0
    assert concentration_ratio(pd.Series(shuffled)) == 62.0
    assert concentration_ratio({"甲": 40, "乙": 35, "丙": 25}) == 100.0


def test_fractions_are_detected():
    # 0.30 + 0.25 + 0.20 + 0.15 = 0.90 → 90%
    assert concentration_ratio([0.30, 0.25, 0.20, 0.10, 0.15]) == pytest.approx(90.0)
    # the same list in percent gives the same answer
    assert concentration_ratio([30, 25, 20, 10, 15]) == 90.0


def test_tiny_percentages_need_an_explicit_unit():
    assert concentration_ratio([0.4, 0.3]) == pytest.approx(70.0)   # read as fractions
    assert concentration_ratio([0.4, 0.3], unit="percent") == pytest.approx(0.7)


def test_fewer_firms_than_n_gives_their_total():
    assert concentration_ratio([40, 30]) == 70.0


def test_rounding_up_to_half_a_point_is_tolerated():
    assert concentration_ratio([33.4, 33.4, 33.4]) == pytest.approx(100.2)


@pytest.mark.parametrize("shares, words", [
    ([30, -5, 20], "负数"),
    ([60, 50], "超过了 100%"),
    ([], "空的"),
    ([30, "二十"], "不是数字"),
    ([0, 0], "全部是 0"),
    ("30,20", "一列数字"),
])
def test_bad_shares_raise_chinese_errors(shares, words):
    with pytest.raises(CrmkitError, match=words):
        concentration_ratio(shares)


def test_fraction_unit_over_one_is_rejected():
    with pytest.raises(CrmkitError, match="超过了 100%"):
        concentration_ratio([0.6, 0.5], unit="fraction")


@pytest.mark.parametrize("n", [0, -1, 2.5, True])
def test_n_must_be_a_positive_integer(n):
    with pytest.raises(CrmkitError, match="正整数"):
        concentration_ratio(MARKET_A, n=n)


# --- HHI ----------------------------------------------------------------------------------

def test_hhi_by_hand():
    # 22² + 18² + 12² + 10² + 8² + 7² + 6² × 3 + 5² = 484 + 324 + 144 + 100 + 64 + 49 + 108 + 25
    assert hhi(MARKET_A) == 1298.0
    # 50² + 12 × 4² + 2² = 2500 + 192 + 4
    assert hhi(MARKET_B) == 2696.0


def test_hhi_extremes_and_fractions():
    assert hhi([100]) == 10000.0
    assert hhi([1.0]) == 10000.0
    assert hhi([0.5, 0.5]) == pytest.approx(5000.0)     # 50² + 50²
    assert hhi([10] * 10) == 1000.0                       # 10 × 10²


# --- Reading concentration ---------------------------------------------------------------

@pytest.mark.parametrize("cr4, expected", [
    (100, "极高寡占型"), (75, "极高寡占型"), (74.9, "高集中寡占型"), (65, "高集中寡占型"),
    (64.9, "中（上）集中寡占型"), (50, "中（上）集中寡占型"), (49.9, "中（下）集中寡占型"),
    (35, "中（下）集中寡占型"), (34.9, "低集中寡占型"), (30, "低集中寡占型"),
    (29.9, "竞争型"), (0, "竞争型"),
])
def test_bain_types_at_their_boundaries(cr4, expected):
    assert bain_type(cr4) == expected


@pytest.mark.parametrize("value, scheme, expected", [
    (1499, "2010", "非集中市场"), (1500, "2010", "中度集中市场"),
    (2500, "2010", "中度集中市场"), (2501, "2010", "高度集中市场"),
    (1800, "2023", "未达高度集中的市场"), (1801, "2023", "高度集中市场"),
    (999, (1000, 1800), "非集中市场"), (1000, (1000, 1800), "中度集中市场"),
    (1801, (1000, 1800), "高度集中市场"),
])
def test_hhi_levels_at_their_boundaries(value, scheme, expected):
    assert hhi_level(value, scheme) == expected


def test_market_structure_reads_market_a_and_warns_that_the_yardsticks_disagree():
    reading = market_structure(cr4=62.0, hhi=1298.0)
    assert reading["bain_type"] == "中（上）集中寡占型"
    assert reading["hhi_level"] == "非集中市场"
    assert reading["scheme"] == "美国 2010 年《横向合并指南》"
    assert reading["summary"].startswith("CR4 为 62.0%，按贝恩分类属于中（上）集中寡占型；"
                                         "HHI 为 1,298，")
    assert "两把尺子结论不同" in reading["summary"]


def test_market_structure_reads_market_b_without_warning():
    reading = market_structure(cr4=62.0, hhi=2696.0)
    assert reading["hhi_level"] == "高度集中市场"
    assert "两把尺子" not in reading["summary"]


def test_market_structure_one_yardstick_and_2023_scheme():
    only_hhi = market_structure(hhi=2000, hhi_thresholds="2023")
    assert only_hhi["cr4"] is None and only_hhi["bain_type"] is None
    assert only_hhi["hhi_level"] == "高度集中市场"
    assert only_hhi["scheme"] == "美国 2023 年《合并指南》"
    assert market_structure(cr4=20)["bain_type"] == "竞争型"


@pytest.mark.parametrize("kwargs, words", [
    ({}, "至少要给出"),
    ({"cr4": 120}, "0 到 100"),
    ({"hhi": 12000}, "0 到 10,000"),
    ({"hhi": 2000, "hhi_thresholds": "1992"}, "没有名为"),
    ({"hhi": 2000, "hhi_thresholds": (2500, 1500)}, "从小到大"),
    ({"cr4": "高"}, "应当是数字"),
])
def test_market_structure_errors(kwargs, words):
    with pytest.raises(CrmkitError, match=words):
        market_structure(**kwargs)


# --- Life-cycle stage ---------------------------------------------------------------------

def test_growth_stage_by_hand():
    # recent (.25 + .24 + .26) / 3 = .25 ≥ 15%; mean .234, squared deviations
    # .001156 + .000196 + .000256 + .000036 + .000676 = .00232, / 5 = .000464 → sd .021541;
    # slope Σ(x − 2)(y − ȳ) / 10 = (.068 + .014 + 0 + .006 + .052) / 10 = .014
    r = lifecycle_stage([0.20, 0.22, 0.25, 0.24, 0.26])
    assert r["stage"] == "成长期"
    assert r["recent"] == pytest.approx(0.25)
    assert r["volatility"] == pytest.approx(0.021541)
    assert r["trend"] == pytest.approx(0.014)
    assert r["reasons"] == ["近 3 年平均增速 25.0%，达到快速增长线 15%",
                            "近 5 年增速的标准差为 2.2 个百分点，低于 15 个百分点：高增长比较稳定，"
                            "需求已经得到验证"]
    assert r["notes"] == []


def test_introduction_stage_by_hand():
    # recent (.05 + .80 + .20) / 3 = .35; mean .35, squared deviations
    # .0625 + .0625 + .09 + .2025 + .0225 = .44, / 5 = .088 → sd .296648 ≥ .15
    r = lifecycle_stage([0.10, 0.60, 0.05, 0.80, 0.20])
    assert r["stage"] == "导入期"
    assert r["recent"] == pytest.approx(0.35)
    assert r["volatility"] == pytest.approx(0.296648)
    assert r["trend"] == pytest.approx(0.04)   # (.5 − .25 + 0 + .45 − .3) / 10
    assert "市场还没有定型" in r["reasons"][1]


def test_maturity_when_middling_growth_is_slowing():
    # recent (.12 + .10 + .08) / 3 = .10; slope (−.136 − .028 + 0 − .032 − .104) / 10 = −.03
    r = lifecycle_stage([0.20, 0.16, 0.12, 0.10, 0.08])
    assert r["stage"] == "成熟期"
    assert r["trend"] == pytest.approx(-0.03)
    assert r["reasons"][1] == "增速每年平均变化 -3.0 个百分点，增速没有加快：增长在向常态回落"
    assert r["notes"] == ["增速每年平均变化 -3.0 个百分点，增速仍在下滑，若转为负增长将进入衰退期"]


def test_trend_exactly_on_its_threshold_counts_as_accelerating():
    # recent (.06 + .08 + .10) / 3 = .08; slope exactly .02 per year
    r = lifecycle_stage([0.02, 0.04, 0.06, 0.08, 0.10])
    assert r["trend"] == 0.02
    assert r["stage"] == "成长期"


def test_low_growth_is_maturity():
    r = lifecycle_stage([0.03, 0.02, 0.04, 0.03, 0.02])   # recent (.04 + .03 + .02) / 3 = .03
    assert r["stage"] == "成熟期"
    assert r["reasons"] == ["近 3 年平均增速 3.0%，低于 5%：增长已接近停滞"]


def test_decline_by_hand():
    r = lifecycle_stage([0.05, 0.0, -0.04, -0.06, -0.08])   # recent −.18 / 3 = −.06
    assert r["stage"] == "衰退期"
    assert r["recent"] == pytest.approx(-0.06)
    assert r["reasons"] == ["近 3 年平均增速 -6.0%，低于 0：行业规模在收缩"]


def test_cyclical_swings_are_flagged_not_called_introduction():
    # recent (.35 − .25 + .10) / 3 = .066667; mean .06, squared deviations
    # .1156 + .1296 + .0841 + .0961 + .0016 = .427, / 5 = .0854 → sd .292233;
    # slope (−.68 + .36 + 0 − .31 + .08) / 10 = −.055
    r = lifecycle_stage([0.40, -0.30, 0.35, -0.25, 0.10])
    assert r["stage"] == "成熟期"
    assert r["volatility"] == pytest.approx(0.292233)
    assert r["trend"] == pytest.approx(-0.055)
    assert any("强周期行业" in note for note in r["notes"])


def test_a_cyclical_rebound_reads_as_introduction_but_is_flagged():
    # recent (.30 + .40 − .20) / 3 = .166667 ≥ 15%; swings far above 15 points → 导入期,
    # but the window holds negative years, so the note warns it may be a business cycle
    r = lifecycle_stage([0.35, 0.45, -0.15, -0.25, 0.30, 0.40, -0.20])
    assert r["stage"] == "导入期"
    assert r["recent"] == pytest.approx(0.166667)
    assert any("强周期行业的反弹" in note for note in r["notes"])
    assert not any("强周期行业的反弹" in note
                   for note in lifecycle_stage([0.10, 0.60, 0.05, 0.80, 0.20])["notes"])


def test_levels_are_turned_into_growth():
    # 120/100, 150/120, 180/150, 216/180 → .20 .25 .20 .20; recent .65 / 3 = .216667
    levels = pd.Series([100, 120, 150, 180, 216], index=[2019, 2020, 2021, 2022, 2023])
    r = lifecycle_stage(levels, kind="level")
    assert r["growth"].round(6).tolist() == [0.2, 0.25, 0.2, 0.2]
    assert r["growth"].index.tolist() == [2020, 2021, 2022, 2023]
    assert r["recent"] == pytest.approx(0.216667)
    assert r["stage"] == "成长期"


def test_only_the_last_five_years_drive_trend_and_volatility():
    early_boom = [0.90, 0.80] + [0.20, 0.22, 0.25, 0.24, 0.26]
    assert lifecycle_stage(early_boom)["volatility"] == pytest.approx(0.021541)


def test_lifecycle_table_by_hand():
    table = lifecycle_table({"甲": [0.20, 0.22, 0.25, 0.24, 0.26],
                             "乙": [0.20, 0.16, 0.12, 0.10, 0.08]})
    assert table["阶段"].tolist() == ["成长期", "成熟期"]
    assert table["近3年平均增速(%)"].tolist() == [25.0, 10.0]
    assert table["增速趋势(百分点/年)"].tolist() == [1.4, -3.0]
    assert table["增速标准差(百分点)"].tolist()[0] == 2.2    # .021541 → 2.2
    assert table["提示"].tolist()[0] == ""
    assert table["提示"].tolist()[1].startswith("增速每年平均变化 -3.0 个百分点")
    as_frame = lifecycle_table(pd.DataFrame({"甲": [0.20, 0.22, 0.25, 0.24, 0.26]}))
    assert as_frame.loc["甲", "阶段"] == "成长期"


def test_thresholds_can_be_replaced():
    # with a 30% fast line, recent 25% falls in the middle band; slope .014 < .02 → 成熟期
    r = lifecycle_stage([0.20, 0.22, 0.25, 0.24, 0.26], thresholds={"fast": 0.30})
    assert r["stage"] == "成熟期"
    assert r["thresholds"]["fast"] == 0.30


@pytest.mark.parametrize("series, kwargs, words", [
    ([0.1, 0.2], {}, "至少需要 3 个"),
    ([25, 30, 18], {}, "百分数"),
    ([0.1, -1.2, 0.3], {}, "低于 -100%"),
    ([100, 0, 120, 130], {"kind": "level"}, "大于 0"),
    ([0.1, 0.2, 0.3], {"kind": "rate"}, "序列类型"),
    ([0.1, 0.2, 0.3], {"thresholds": {"quick": 0.2}}, "不认识的阈值"),
])
def test_lifecycle_errors(series, kwargs, words):
    with pytest.raises(CrmkitError, match=words):
        lifecycle_stage(series, **kwargs)


# --- Factor intensity ---------------------------------------------------------------------

POLYSILICON = {"fixed_assets_per_employee": 300, "labour_cost_share": 0.06,
               "rd_share": 0.03, "land_per_revenue": 40}


def test_factor_intensity_by_hand():
    # 300 / 100 = 3.0, .06 / .20 = .3, .03 / .05 = .6, 40 / 50 = .8
    p = factor_intensity(POLYSILICON)
    assert p.scores.tolist() == [3.0, 0.3, 0.6, 0.8]
    assert list(p.table.index) == INTENSITIES
    assert p.dominant == "资本密集型"
    assert p.summary == "主导类型：资本密集型。达到参照水平的要素：资本密集（3.00）。"


def test_chinese_indicator_names_and_own_reference():
    profile = {"人均固定资产": 300, "人工成本占营业收入比重": 0.06,
               "研发投入占营业收入比重": 0.03, "每亿元营业收入占地": 40}
    assert factor_intensity(profile).scores.tolist() == [3.0, 0.3, 0.6, 0.8]
    # with a 600 万元 reference capital falls to .5 and nothing reaches 1
    p = factor_intensity(profile, reference={"人均固定资产": 600})
    assert p.scores.tolist() == [0.5, 0.3, 0.6, 0.8]
    assert p.dominant == NO_DOMINANT


def test_comparison_table_by_hand():
    table = intensity_comparison({
        "多晶硅": POLYSILICON,
        "服装代工": {"fixed_assets_per_employee": 15, "labour_cost_share": 0.32,
                 "rd_share": 0.005, "land_per_revenue": 30},
    })
    assert table.loc["服装代工", INTENSITIES].tolist() == [0.15, 1.6, 0.1, 0.6]
    assert table["主导类型"].tolist() == ["资本密集型", "劳动密集型"]


def test_comparison_accepts_a_table_with_one_row_per_firm():
    firms = pd.DataFrame({"人均固定资产": [300, 10], "人工成本占营业收入比重": [0.06, 0.04],
                          "研发投入占营业收入比重": [0.03, 0.0], "每亿元营业收入占地": [40, 5]},
                         index=["多晶硅", "贸易商"])
    table = intensity_comparison(firms)
    # 贸易商: 10 / 100 = .1, .04 / .2 = .2, 0, 5 / 50 = .1 → nothing reaches 1
    assert table.loc["贸易商", INTENSITIES].tolist() == [0.1, 0.2, 0.0, 0.1]
    assert table["主导类型"].tolist() == ["资本密集型", NO_DOMINANT]


@pytest.mark.parametrize("profile, words", [
    ({"fixed_assets_per_employee": 300}, "缺少指标"),
    ({**POLYSILICON, "员工人数": 200}, "不认识的指标"),
    ({**POLYSILICON, "rd_share": 8}, "小数"),
    ({**POLYSILICON, "land_per_revenue": -1}, "不小于 0"),
])
def test_factor_intensity_errors(profile, words):
    with pytest.raises(CrmkitError, match=words):
        factor_intensity(profile)


# --- Charts -------------------------------------------------------------------------------

def _render_cleanly(fig, caplog):
    with caplog.at_level(logging.WARNING, logger="matplotlib"):
        fig.savefig(io.BytesIO(), format="png")
    assert not [r for r in caplog.records if "Glyph" in r.getMessage()]
    assert fig.number not in plt.get_fignums()   # closed: a notebook shows it once


def test_share_chart_title_carries_cr4_and_hhi(caplog):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = share_chart(pd.Series(MARKET_A, index=list("ABCDEFGHIJ")), title="市场甲")
        _render_cleanly(fig, caplog)
    ax = fig.axes[0]
    assert ax.get_title() == "市场甲：CR4 = 62.0%，HHI = 1,298"
    assert [t.get_text() for t in ax.get_xticklabels()][:2] == ["A", "B"]
    colours = {p.get_facecolor() for p in ax.patches[:4]}
    assert len(colours) == 1 and colours != {ax.patches[4].get_facecolor()}


def test_lifecycle_chart_names_the_stage(caplog):
    fig = lifecycle_chart([0.20, 0.22, 0.25, 0.24, 0.26], title="示意行业")
    _render_cleanly(fig, caplog)
    assert fig.axes[0].get_title() == "示意行业：判断为成长期（近 3 年平均 25.0%）"


def test_intensity_charts_for_one_profile_and_a_comparison(caplog):
    one = intensity_chart(factor_intensity(POLYSILICON), title="多晶硅")
    _render_cleanly(one, caplog)
    assert one.axes[0].get_title() == "多晶硅：资本密集型"
    many = intensity_chart(intensity_comparison({"甲": POLYSILICON, "乙": POLYSILICON}))
    _render_cleanly(many, caplog)
    assert len(many.axes[0].patches) == 8   # 2 firms × 4 factors
    with pytest.raises(CrmkitError, match="intensity_chart"):
        intensity_chart([1, 2, 3])


def test_lifecycle_chart_year_labels_follow_the_index():
    import pandas as pd

    positions = lifecycle_chart([0.20, 0.22, 0.25, 0.24, 0.26])
    numbered = lifecycle_chart(pd.Series([0.20, 0.22, 0.25, 0.24, 0.26], index=range(1, 6)))
    calendar = lifecycle_chart(pd.Series([0.20, 0.22, 0.25, 0.24, 0.26],
                                         index=range(2019, 2024)))
    ticks = [[t.get_text() for t in f.axes[0].get_xticklabels()]
             for f in (positions, numbered, calendar)]
    assert ticks[0] == ticks[1] == ["第 1 年", "第 2 年", "第 3 年", "第 4 年", "第 5 年"]
    assert ticks[2] == ["2019", "2020", "2021", "2022", "2023"]
