"""Funnel and pipeline metrics against the chapter's twelve opportunities, worked out by hand."""

import io

import numpy as np
import pandas as pd
import pytest

from crmkit import CrmkitError
from crmkit.charts.funnel import funnel_chart
from crmkit.models.funnel import (
    FUNNEL_STAGES,
    SALES_STAGES,
    coverage_ratio,
    example_pipeline,
    pipeline_velocity,
    stage_conversion,
    synthetic_pipeline,
    to_funnel_stages,
    weighted_pipeline,
)

# The example by hand (stage = furthest stage reached):
#   成交 P01 P02 P03 (won)          谈判 P04 (lost) P12 (open)
#   方案 P05 (lost) P10 P11 (open)  发现需求 P06 P09 (open)   线索 P07 (lost) P08 (open)
# staying per stage 线索 2, 发现需求 2, 方案 3, 谈判 2, 成交 3 → reached 12, 10, 8, 5, 3.


def test_stage_conversion_by_hand():
    table = stage_conversion(example_pipeline())
    assert list(table.index) == list(SALES_STAGES)
    assert table["到达数"].tolist() == [12, 10, 8, 5, 3]
    assert table["停留数"].tolist() == [2, 2, 3, 2, 3]
    # 10/12 = 83.3%, 8/10 = 80%, 5/8 = 62.5%, 3/5 = 60%; the first stage counts as 100
    assert table["阶段转化率(%)"].tolist() == [100.0, 83.3, 80.0, 62.5, 60.0]
    # 10/12, 8/12 = 66.7%, 5/12 = 41.7%, 3/12 = 25%
    assert table["累计转化率(%)"].tolist() == [100.0, 83.3, 66.7, 41.7, 25.0]
    assert table.attrs["overall"] == pytest.approx(0.25)


def test_coarse_funnel_by_hand():
    coarse = to_funnel_stages(example_pipeline())
    table = stage_conversion(coarse, FUNNEL_STAGES)
    # 目标客户 = 线索 (2 stay); 准客户 = 发现需求 + 方案 + 谈判 (2 + 3 + 2 = 7); 客户 = 成交 (3)
    assert table["停留数"].tolist() == [2, 7, 3]
    assert table["到达数"].tolist() == [12, 10, 3]
    assert table["阶段转化率(%)"].tolist() == [100.0, 83.3, 30.0]  # 3/10 = 30%


def test_only_closed_deals_by_hand():
    # closed: P01 P02 P03 at 成交, P04 at 谈判, P05 at 方案, P07 at 线索 → reached 6, 5, 5, 4, 3
    table = stage_conversion(example_pipeline(), only_closed=True)
    assert table["到达数"].tolist() == [6, 5, 5, 4, 3]
    assert table["阶段转化率(%)"].tolist() == [100.0, 83.3, 100.0, 80.0, 75.0]
    assert table.attrs["overall"] == pytest.approx(0.5)


def test_weighted_pipeline_by_hand():
    table = weighted_pipeline(example_pipeline())
    assert list(table.index) == ["线索", "发现需求", "方案", "谈判", "合计"]
    # open: 线索 P08 25 × 0.1 = 2.5; 发现需求 P06 15 + P09 40 = 55 × 0.2 = 11;
    # 方案 P10 80 + P11 35 = 115 × 0.4 = 46; 谈判 P12 100 × 0.7 = 70; total 295 → 129.5
    assert table["机会数"].tolist() == [1, 2, 2, 1, 6]
    assert table["金额合计(万元)"].tolist() == [25.0, 55.0, 115.0, 100.0, 295.0]
    assert table["加权金额(万元)"].tolist() == [2.5, 11.0, 46.0, 70.0, 129.5]
    assert table.loc["合计", "平均赢单概率(%)"] == 43.9  # 129.5 / 295 = 43.898%


def test_own_probability_overrides_stage_default():
    pipeline = example_pipeline()
    pipeline["probability"] = np.nan
    pipeline.loc[pipeline["opportunity_id"] == "P12", "probability"] = 0.3
    table = weighted_pipeline(pipeline)
    # P12: 100 × 0.3 = 30 instead of 70; total 129.5 − 40 = 89.5
    assert table.loc["谈判", "加权金额(万元)"] == 30.0
    assert table.loc["合计", "加权金额(万元)"] == 89.5


def test_custom_probabilities():
    probs = {"线索": 0.0, "发现需求": 0.5, "方案": 0.5, "谈判": 1.0, "成交": 1.0}
    # 0 + 27.5 + 57.5 + 100 = 185
    assert weighted_pipeline(example_pipeline(), probs).loc["合计", "加权金额(万元)"] == 185.0


def test_velocity_by_hand():
    v = pipeline_velocity(example_pipeline())
    # won 3, lost 3 → 50%; won amounts (40 + 60 + 20) / 3 = 40;
    # cycles 01-08→03-18 = 70, 01-15→05-14 = 120, 02-01→03-22 = 50 days → 80;
    # 6 open × 0.5 × 40 / 80 = 1.5 万元 a day → × 30 = 45 万元 a month
    assert v["在途机会数"] == 6
    assert v["赢单率(%)"] == 50.0
    assert v["平均成交金额(万元)"] == 40.0
    assert v["平均销售周期(天)"] == 80.0
    assert v["管道速度(万元/月)"] == 45.0


def test_velocity_from_qualified_stage_by_hand():
    v = pipeline_velocity(example_pipeline(), per="day", from_stage="发现需求")
    # reached 发现需求: open P06 P09 P10 P11 P12 = 5; closed won 3, lost P04 P05 → 3/5 = 60%
    # 5 × 0.6 × 40 / 80 = 1.5 万元 a day
    assert v["在途机会数"] == 5
    assert v["赢单率(%)"] == 60.0
    assert v["管道速度(万元/天)"] == 1.5


def test_coverage_by_hand():
    c = coverage_ratio(example_pipeline(), target=300)
    # won 40 + 60 + 20 = 120; remaining 300 − 120 = 180; open 295; 295 / 180 = 1.639
    assert c["已成交(万元)"] == 120.0
    assert c["剩余目标(万元)"] == 180.0
    assert c["在途金额(万元)"] == 295.0
    assert c["覆盖倍数"] == 1.64
    assert "偏薄" in c["解读"] and "3 倍" in c["解读"]


def test_coverage_readings():
    pipeline = example_pipeline()
    # remaining 150 − 120 = 30 → 295 / 30 = 9.8 ≥ 3
    assert "充足" in coverage_ratio(pipeline, target=150)["解读"]
    # remaining 500 − 120 = 380 → 295 / 380 = 0.78 < 1
    assert "完不成" in coverage_ratio(pipeline, target=500)["解读"]
    done = coverage_ratio(pipeline, target=100)  # 120 already won
    assert np.isnan(done["覆盖倍数"]) and "已经完成" in done["解读"]
    assert coverage_ratio(pipeline, target=300, achieved=200)["覆盖倍数"] == 2.95  # 295 / 100


def test_chinese_errors():
    pipeline = example_pipeline()
    with pytest.raises(CrmkitError, match="不在阶段列表"):
        stage_conversion(pipeline.assign(stage=["签约"] + list(pipeline["stage"][1:])))
    with pytest.raises(CrmkitError, match="负数"):
        weighted_pipeline(pipeline.assign(amount=-pipeline["amount"]))
    with pytest.raises(CrmkitError, match="0 到 1"):
        weighted_pipeline(pipeline, {**dict.fromkeys(SALES_STAGES, 0.5), "方案": 40})
    with pytest.raises(CrmkitError, match="0 到 1"):
        weighted_pipeline(pipeline.assign(probability=1.5))
    with pytest.raises(CrmkitError, match="最后一个阶段"):
        weighted_pipeline(pipeline.assign(status="赢单"))
    with pytest.raises(CrmkitError, match="目标必须是正数"):
        coverage_ratio(pipeline, target=0)
    with pytest.raises(CrmkitError, match="缺少"):
        pipeline_velocity(pipeline.drop(columns="created"))


def test_input_not_modified():
    pipeline = example_pipeline()
    before = pipeline.copy()
    stage_conversion(pipeline), weighted_pipeline(pipeline), pipeline_velocity(pipeline)
    coverage_ratio(pipeline, 300), to_funnel_stages(pipeline)
    pd.testing.assert_frame_equal(pipeline, before)


def test_synthetic_pipeline_is_reproducible_and_consistent():
    a, b = synthetic_pipeline(60, seed=7), synthetic_pipeline(60, seed=7)
    pd.testing.assert_frame_equal(a, b)
    assert not a.equals(synthetic_pipeline(60, seed=8))
    assert len(a) == 60 and a["created"].is_monotonic_increasing
    won = a["status"] == "赢单"
    assert (a.loc[won, "stage"] == "成交").all() and (a.loc[~won, "stage"] != "成交").all()
    assert a.loc[a["status"] == "进行中", "closed"].isna().all()
    closed = a[a["status"] != "进行中"]
    assert (closed["closed"] >= closed["created"]).all()
    assert (a["closed"].dropna() <= pd.Timestamp("2024-12-31")).all()
    # every metric runs on it
    stage_conversion(a), weighted_pipeline(a), pipeline_velocity(a), coverage_ratio(a, 1000)


def test_funnel_chart_content():
    fig = funnel_chart(stage_conversion(example_pipeline()), title="示意")
    ax = fig.axes[0]
    assert [p.get_width() for p in ax.patches] == [12, 10, 8, 5, 3]
    # bars are centred on the widest one
    assert [p.get_x() + p.get_width() / 2 for p in ax.patches] == [6.0] * 5
    texts = {t.get_text() for t in ax.texts}
    assert {"12", "3", "转化 83.3%", "转化 60.0%"} <= texts
    assert [t.get_text() for t in ax.get_yticklabels()] == list(SALES_STAGES)
    assert "总体转化率 25.0%" in ax.get_title()
    fig.savefig(io.BytesIO(), format="png")


def test_funnel_chart_wants_the_conversion_table():
    with pytest.raises(CrmkitError, match="stage_conversion"):
        funnel_chart(example_pipeline())
