"""Widgets of the industry, due-diligence and funnel labs: set a control, check the numbers."""

import math

import pandas as pd
import pytest

from crmkit import CrmkitError
from crmkit.charts.industry import labelled_years
from crmkit.data import cases
from crmkit.models.funnel import (
    QUALIFICATION_QUESTIONS,
    coverage_ratio,
    example_pipeline,
    order_warning,
    qualification_score,
    weighted_pipeline,
)
from crmkit.models.industry import lifecycle_stage, market_structure, parse_shares
from crmkit.models.verification import example_firm, implied_revenue
from crmkit.widgets.funnel import pipeline_explorer, qualification_scorecard
from crmkit.widgets.industry import concentration_explorer, lifecycle_explorer
from crmkit.widgets.verification import verification_explorer

# Two markets with the same CR4 and very different HHI (the chapter's 市场甲 and 市场乙).
MARKET_A = pd.Series([22, 18, 12, 10, 8, 7, 6, 6, 6, 5], index=list("ABCDEFGHIJ"), dtype=float)
MARKET_B = pd.Series([50] + [4] * 12 + [2], index=[f"F{i}" for i in range(14)], dtype=float)


@pytest.fixture
def markets():
    return {"市场甲": MARKET_A, "市场乙": MARKET_B}


# ---------------------------------------------------------------- industry: concentration


def test_parse_shares_reads_names_separators_and_bare_numbers():
    parsed = parse_shares("整车甲 24.2\n整车乙：15.8%\n30")
    assert parsed.index.tolist() == ["整车甲", "整车乙", "第 3 家"]
    assert parsed.tolist() == [24.2, 15.8, 30.0]
    # a firm code ending in digits keeps them: "整车11 0.9" is 整车11 with 0.9%
    assert parse_shares("整车11 0.9，整车12 0.7").to_dict() == {"整车11": 0.9, "整车12": 0.7}


@pytest.mark.parametrize("text, message", [
    ("", "还没有填写任何份额"),
    ("甲 30\n乙 abc", "第 2 项“乙 abc”里找不到份额数字"),
    ("甲 30\n甲 20", "企业“甲”出现了不止一次"),
])
def test_parse_shares_errors_are_chinese(text, message):
    with pytest.raises(CrmkitError, match=message):
        parse_shares(text)


def test_concentration_starts_at_the_first_market(markets):
    explorer = concentration_explorer(markets)
    # CR4 = 22 + 18 + 12 + 10 = 62; CR8 = 62 + 8 + 7 + 6 + 6 = 89
    # HHI = 484 + 324 + 144 + 100 + 64 + 49 + 36 × 3 + 25 = 1,298
    assert explorer.result["cr4"] == 62.0
    assert explorer.result["cr8"] == 89.0
    assert explorer.result["hhi"] == 1298.0
    assert explorer.result["bain_type"] == "中（上）集中寡占型"
    assert explorer.result["hhi_level"] == "非集中市场"
    assert explorer.result["summary"] == market_structure(cr4=62.0, hhi=1298.0)["summary"]
    assert explorer.figure.axes[0].get_title() == "市场甲：CR4 = 62.0%，HHI = 1,298"
    assert "CR8 = 89.0%" in explorer.summary.value


def test_picking_another_market_reloads_the_text_and_recomputes(markets):
    explorer = concentration_explorer(markets)
    explorer.market.value = "市场乙"
    assert explorer.shares.value.splitlines()[0] == "F0 50"
    # CR4 = 50 + 4 × 3 = 62; HHI = 2,500 + 12 × 16 + 4 = 2,696
    assert explorer.result["cr4"] == 62.0 and explorer.result["hhi"] == 2696.0
    assert explorer.result["hhi_level"] == "高度集中市场"
    # the leader alone: 2,500 of 2,696 = 92.7% of the HHI
    assert explorer.table.iloc[0].tolist() == [50.0, 2500.0, 92.7]
    assert "（已修改）" not in explorer.figure.axes[0].get_title()


def test_editing_the_shares_updates_the_reading(markets):
    explorer = concentration_explorer(markets)
    explorer.shares.value = "甲 50\n乙 30\n丙 10"
    # CR4 = 90 (only three firms); HHI = 2,500 + 900 + 100 = 3,500
    assert explorer.result["cr4"] == 90.0 and explorer.result["hhi"] == 3500.0
    assert explorer.result["bain_type"] == "极高寡占型"
    assert explorer.table.loc["乙", "占 HHI 的比重(%)"] == 25.7   # 900 / 3,500 = 25.71%
    assert explorer.figure.axes[0].get_title().startswith("市场甲（已修改）")


def test_hhi_scheme_toggle(markets):
    explorer = concentration_explorer(markets)
    explorer.shares.value = "A 40\nB 10\nC 10\nD 10"
    # HHI = 1,600 + 3 × 100 = 1,900: moderately concentrated in 2010, highly in 2023 (> 1,800)
    assert explorer.result["hhi"] == 1900.0
    assert explorer.result["hhi_level"] == "中度集中市场"
    explorer.scheme.value = "2023"
    assert explorer.result["hhi_level"] == "高度集中市场"
    assert explorer.result["scheme"] == "美国 2023 年《合并指南》"


def test_splitting_the_battery_leader_as_the_lab_suggests():
    shares = cases.tables("nev-chain")["shares.csv"]
    battery = shares.query("segment == '动力电池'").set_index("firm")["share"]
    explorer = concentration_explorer({"新能源汽车·动力电池": battery})
    # 45.3 + 25.1 + 12.5 + 5.6 = 88.5; HHI = 2,052.09 + 630.01 + 156.25 + 31.36 + 10.24
    #   + 3.24 + 0.64 + 0.16 + 0.04 + 0.01 = 2,884.04
    assert explorer.result["cr4"] == 88.5 and explorer.result["hhi"] == 2884.04
    explorer.shares.value = explorer.shares.value.replace("电池甲 45.3",
                                                          "电池甲一 22.7\n电池甲二 22.6")
    # CR4 = 25.1 + 22.7 + 22.6 + 12.5 = 82.9; HHI = 515.29 + 510.76 + 630.01 + 156.25
    #   + 31.36 + 10.24 + 3.24 + 0.64 + 0.16 + 0.04 + 0.01 = 1,858.00
    assert explorer.result["cr4"] == 82.9 and explorer.result["hhi"] == 1858.0
    assert explorer.result["hhi_level"] == "中度集中市场"


def test_a_learners_mistake_is_shown_in_red_not_raised(markets):
    explorer = concentration_explorer(markets)
    explorer.shares.value = "甲 60\n乙 50"
    assert explorer.result is None
    assert "市场份额合计 110.0%，超过了 100%" in explorer.summary.value
    assert "#b2182b" in explorer.summary.value
    explorer.shares.value = "甲 60\n乙 40"          # fixing it brings the reading back
    assert explorer.result["hhi"] == 5200.0        # 3,600 + 1,600


def test_concentration_controls_have_their_own_layouts(markets):
    explorer = concentration_explorer(markets)
    layouts = {id(c.layout) for c in (explorer.market, explorer.scheme, explorer.shares)}
    assert len(layouts) == 3


# ---------------------------------------------------------------- industry: life cycle

# Recent = (0.10 + 0.05 + 0.02) / 3 = 5.67%; slope over x = 0..4: Σ(x − 2)(y − 0.134) / 10
#   = (−0.332 − 0.066 + 0 − 0.084 − 0.228) / 10 = −0.071; population sd = √(0.05312 / 5) = 0.1031
SLOWING = pd.Series([0.30, 0.20, 0.10, 0.05, 0.02])


def test_lifecycle_starts_with_the_default_lines():
    explorer = lifecycle_explorer({"示例": SLOWING, "另一条": [0.2, 0.2, 0.2]})
    assert explorer.result["stage"] == "成熟期"       # 5% ≤ 5.67% < 15% and slope −7.1 pp
    assert explorer.result["recent"] == 0.056667 and explorer.result["trend"] == -0.071
    assert explorer.result["reasons"] == lifecycle_stage(SLOWING)["reasons"]
    assert "判断：" in explorer.reading.value and "成熟期" in explorer.reading.value
    assert "判断为成熟期" in explorer.figure.axes[0].get_title()
    assert explorer.table.loc["示例", "近3年平均增速(%)"] == 5.7


def test_moving_the_lines_changes_the_stage():
    explorer = lifecycle_explorer({"示例": SLOWING})
    explorer.slow.value = 0.06                     # 5.67% < 6%: growth has nearly stalled
    assert explorer.result["stage"] == "成熟期"
    assert explorer.result["reasons"] == ["近 3 年平均增速 5.7%，低于 6%：增长已接近停滞"]
    explorer.slow.value = 0.02
    explorer.fast.value = 0.05                     # 5.67% ≥ 5% and sd 10.3 pp < 15 pp
    assert explorer.result["stage"] == "成长期"
    assert explorer.result["thresholds"]["fast"] == 0.05
    same = lifecycle_stage(SLOWING, thresholds={"fast": 0.05, "slow": 0.02})
    assert explorer.result["reasons"] == same["reasons"]
    assert explorer.result["volatility"] == 0.103073


def test_slow_line_above_fast_line_is_an_error_in_red():
    explorer = lifecycle_explorer({"示例": SLOWING})
    explorer.fast.value = 0.05
    assert explorer.result is None
    assert "低速增长线 5% 不低于快速增长线 5%" in explorer.reading.value


def test_picking_another_series():
    explorer = lifecycle_explorer({"示例": SLOWING, "下滑": [0.02, -0.03, -0.05, -0.04]})
    explorer.choice.value = "下滑"
    assert explorer.result["stage"] == "衰退期"     # (−0.03 − 0.05 − 0.04) / 3 = −4.0%
    assert explorer.result["recent"] == -0.04


def test_year_labels_survive_a_numbered_range_index():
    growth = pd.Series([0.1, 0.2, 0.3], index=pd.RangeIndex(2, 5, name="year"))
    assert labelled_years(growth).index.tolist() == ["2", "3", "4"]
    positional = pd.Series([0.1, 0.2, 0.3])
    assert labelled_years(positional) is positional
    explorer = lifecycle_explorer({"序列": growth})
    labels = [t.get_text() for t in explorer.figure.axes[0].get_xticklabels()]
    assert labels == ["2", "3", "4"]


# ---------------------------------------------------------------- due diligence


def test_verification_starts_with_the_chapter_ratios():
    explorer = verification_explorer(example_firm())
    expected = implied_revenue(example_firm(), revenue_per_kwh=20.0, vat_burden=0.03,
                               inflow_ratio=1.10, tolerance=0.20)
    pd.testing.assert_frame_equal(explorer.result, expected)
    # 2023: power 300 × 20 = 6,000 → (8,700 − 6,000) / 6,000 = +45.0%;
    #       VAT 186 / 0.03 = 6,200 → +40.3%; inflows 9,350 / 1.1 = 8,500 → +2.4%
    assert len(explorer.table) == 6                 # 2 cross-check flags + 4 ratio flags
    assert "共 <b" in explorer.summary.value and ">6</b> 条预警" in explorer.summary.value
    assert "2023（+45.0%）" in explorer.summary.value
    assert explorer.firm.layout.display == "none"   # one firm: no dropdown


def test_tolerance_slider_moves_the_flags():
    explorer = verification_explorer(example_firm())
    explorer.tolerance.value = 0.42                 # 45.0% > 42% but 40.3% ≤ 42%
    assert explorer.table["类别"].value_counts().to_dict() == {"财务比率": 4, "收入交叉验证": 1}
    explorer.tolerance.value = 0.46                 # both revenue flags gone
    assert (explorer.table["类别"] == "财务比率").all() and len(explorer.table) == 4


def test_reference_slider_flips_the_years():
    explorer = verification_explorer(example_firm())
    explorer.kwh.value = 28.0
    power = explorer.result[explorer.result["核验来源"] == "用电量"]
    # 2021: 250 × 28 = 7,000 → −28.6%; 2022: 290 × 28 = 8,120 → −26.1%; 2023: 8,400 → +3.6%
    assert power["偏差(%)"].tolist() == [-28.6, -26.1, 3.6]
    assert power["预警"].tolist() == [True, True, False]


def test_firms_presets_and_missing_sources():
    dealer = pd.DataFrame({"period": ["2023", "2024"], "revenue": [1000.0, 1200.0],
                           "vat_paid": [30.0, 36.0], "bank_inflows": [1100.0, 1000.0]})
    explorer = verification_explorer({"甲厂": example_firm(), "经销商": dealer},
                                     presets={"经销商": {"vat_burden": 0.03, "inflow_ratio": 1.1}})
    assert explorer.firm.layout.display is None
    explorer.firm.value = "经销商"
    assert explorer.use["electricity"].value is False and explorer.use["electricity"].disabled
    assert explorer.vat.value == 0.03 and explorer.inflow.value == 1.1
    # inflows: 1,100 / 1.1 = 1,000 → 0.0%; 1,000 / 1.1 = 909.09 → 1,200 / 909.09 − 1 = +32.0%
    inflows = explorer.result[explorer.result["核验来源"] == "银行流水"]
    assert inflows["偏差(%)"].tolist() == [0.0, 32.0]
    # no balance-sheet columns: the flag list holds the revenue flags only
    assert explorer.table["说明"].tolist() == [
        "报表收入比银行流水推算高 32.0%，超过 ±20% 的容忍范围"]


def test_unknown_preset_name_is_the_callers_error():
    with pytest.raises(CrmkitError, match="不认识的参考比率名称"):
        verification_explorer(example_firm(), presets={"企业": {"kwh": 12}})


def test_switching_every_source_off_is_shown_not_raised():
    explorer = verification_explorer(example_firm())
    for box in explorer.use.values():
        box.value = False
    assert explorer.result is None and explorer.table is None
    assert "三个来源都没有勾选" in explorer.summary.value


def test_bad_firm_data_is_shown_not_raised():
    firm = example_firm()
    firm.loc[1, "electricity"] = 0.0
    explorer = verification_explorer(firm)
    assert explorer.result is None
    assert "第 2 行" in explorer.summary.value and "用电量为 0" in explorer.summary.value


# ---------------------------------------------------------------- funnel: pipeline


def test_pipeline_explorer_matches_the_models():
    pipeline = example_pipeline()
    explorer = pipeline_explorer(pipeline, target=300)
    pd.testing.assert_frame_equal(explorer.table, weighted_pipeline(pipeline))
    pd.testing.assert_series_equal(explorer.result, coverage_ratio(pipeline, 300))
    # open: 线索 25 × 0.1 + 发现需求 (15 + 40) × 0.2 + 方案 (80 + 35) × 0.4 + 谈判 100 × 0.7
    #   = 2.5 + 11 + 46 + 70 = 129.5; remaining = 300 − (40 + 60 + 20) = 180
    assert explorer.table.loc["合计", "加权金额(万元)"] == 129.5
    assert explorer.result["覆盖倍数"] == 1.64      # 295 / 180
    assert "预计还能赢下 <b>129.5</b> 万元" in explorer.summary.value
    assert "少 50.5 万元" in explorer.summary.value
    assert explorer.figure.axes[0].get_title() == "管道能否填上缺口：覆盖倍数 1.64"


def test_negotiation_slider_and_order_warning():
    explorer = pipeline_explorer(example_pipeline(), target=300)
    explorer.sliders["谈判"].value = 0.3
    # 谈判 100 × 0.3 = 30 instead of 70: 129.5 − 40 = 89.5
    assert explorer.table.loc["合计", "加权金额(万元)"] == 89.5
    assert "“谈判”的赢单概率（30%）低于“方案”（40%）" in explorer.summary.value


def test_target_slider_and_a_new_period():
    explorer = pipeline_explorer(example_pipeline(), target=300)
    explorer.target.value = 100                     # 120 already won: the target is met
    assert math.isnan(explorer.result["覆盖倍数"])
    assert "目标已经完成" in explorer.summary.value
    assert explorer.figure.axes[0].get_title().endswith("目标已完成")
    fresh = pipeline_explorer(example_pipeline(), target=300, achieved=0)
    assert fresh.result["剩余目标(万元)"] == 300.0
    assert fresh.result["覆盖倍数"] == 0.98          # 295 / 300
    assert fresh.result["解读"].startswith("在途金额不到剩余目标")


def test_pipeline_error_is_shown_not_raised():
    pipeline = example_pipeline()
    pipeline.loc[0, "stage"] = "签约"
    explorer = pipeline_explorer(pipeline, target=300)
    assert explorer.table is None and explorer.result is None
    assert "阶段“签约”不在阶段列表里" in explorer.summary.value


def test_order_warning_and_slider_layouts():
    assert order_warning({"线索": 0.1, "方案": 0.4, "谈判": 0.7}, ["线索", "方案", "谈判"]) == ""
    assert "“方案”的赢单概率（5%）低于“线索”（10%）" in order_warning(
        {"线索": 0.1, "方案": 0.05}, ["线索", "方案"])
    explorer = pipeline_explorer(example_pipeline(), target=300)
    controls = [*explorer.sliders.values(), explorer.target]
    assert len({id(c.layout) for c in controls}) == len(controls) == 5


# ---------------------------------------------------------------- funnel: qualification

S056 = ["是", "是", "是", "部分", "是", "是", "部分", "是", "是", "否", "部分"]


def test_qualification_questions_follow_the_three_levels():
    assert QUALIFICATION_QUESTIONS["层次"].value_counts(sort=False).tolist() == [2, 4, 5]
    assert len(QUALIFICATION_QUESTIONS) == 11


def test_the_lab_example_scores_17_of_22():
    result = qualification_score(S056)
    # 第一层 2 + 2 = 4；第二层 2 + 1 + 2 + 2 = 7；第三层 1 + 2 + 2 + 0 + 1 = 6
    assert result.by_level["得分"].tolist() == [4, 7, 6]
    assert (result.score, result.maximum) == (17, 22)
    assert round(result.share, 3) == 0.773
    assert result.verdict == "项目是真的，但未必是我们的"
    assert result.gaps == ["决策过程", "决策因素", "客户关系", "独特价值"]


@pytest.mark.parametrize("answers, score, verdict", [
    (["是"] * 11, 22, "这是值得重点投入的“我们的项目”"),
    (["部分"] * 11, 11, "方向对，但不确定的地方还多"),
    # 客户关系 部分 instead of 否: 18 / 22 = 81.8% ≥ 80% and no 否
    (S056[:9] + ["部分", "部分"], 18, "这是值得重点投入的“我们的项目”"),
    # a 否 in the first level decides, however high the rest: 20 / 22
    (["否"] + ["是"] * 10, 20, "还不是真实的商机"),
    (["是", "是", "否"] + ["是"] * 8, 20, "商机是真的，但项目还没落实"),
])
def test_qualification_gates(answers, score, verdict):
    result = qualification_score(answers)
    assert result.score == score and result.verdict == verdict


@pytest.mark.parametrize("answers, message", [
    (["是"] * 10, "需要回答 11 个问题，收到 10 个回答"),
    (["是"] * 10 + ["也许"], "第 11 题的回答“也许”看不懂"),
    ("是是是", "回答应当是一列文字"),
])
def test_qualification_errors(answers, message):
    with pytest.raises(CrmkitError, match=message):
        qualification_score(answers)


def test_scorecard_toggles_update_score_and_reading():
    card = qualification_scorecard()
    assert len(card.toggles) == 11 and card.result.score == 11
    card.toggles[9].value = "否"                     # 客户关系: 11 − 1 = 10 of 22 = 45.5%
    assert card.result.score == 10
    assert "得分 10 / 22（45.5%）" in card.answer.value
    assert card.result.verdict == "项目是真的，但未必是我们的"
    card.toggles[0].value = "否"
    assert card.result.verdict == "还不是真实的商机"
    assert card.table["回答"].tolist()[:2] == ["否", "部分"]
    assert len({id(t.layout) for t in card.toggles}) == 11


def test_scorecard_starts_from_given_answers_and_rejects_bad_ones():
    card = qualification_scorecard(S056)
    assert card.answers() == S056 and card.result.score == 17
    with pytest.raises(CrmkitError, match="需要回答 11 个问题"):
        qualification_scorecard(["是"])
