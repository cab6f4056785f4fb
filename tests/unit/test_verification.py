"""Cross-verification and ratio checks against the chapter's invented firm, worked out by hand."""

import io

import numpy as np
import pandas as pd
import pytest

from crmkit import CrmkitError
from crmkit.charts.verification import verification_chart
from crmkit.models.verification import example_firm, flag_list, implied_revenue, ratio_checks

REFS = {"revenue_per_kwh": 20.0, "vat_burden": 0.03, "inflow_ratio": 1.10}


def test_implied_revenue_by_hand():
    table = implied_revenue(example_firm(), **REFS)
    assert table["期间"].tolist() == ["2021"] * 3 + ["2022"] * 3 + ["2023"] * 3
    assert table["核验来源"].tolist() == ["用电量", "增值税", "银行流水"] * 3
    # power 250/290/300 万千瓦时 × 20 元 = 5000/5800/6000 万元
    # VAT 150/174/186 ÷ 3% = 5000/5800/6200; inflows 5610/6490/9350 ÷ 1.1 = 5100/5900/8500
    assert table["推算收入(万元)"].tolist() == [5000.0, 5000.0, 5100.0, 5800.0, 5800.0, 5900.0,
                                           6000.0, 6200.0, 8500.0]
    # (5000−5100)/5100 = −1.96%; (6000−5800)/5800 = 3.45%; (6000−5900)/5900 = 1.69%
    # (8700−6000)/6000 = 45%; (8700−6200)/6200 = 40.32%; (8700−8500)/8500 = 2.35%
    assert table["偏差(%)"].tolist() == [0.0, 0.0, -2.0, 3.4, 3.4, 1.7, 45.0, 40.3, 2.4]
    assert table["预警"].tolist() == [False] * 6 + [True, True, False]
    assert table.loc[6, "说明"] == "报表收入比用电量推算高 45.0%，超过 ±20% 的容忍范围"
    assert table.loc[8, "说明"] == "报表收入与银行流水推算相差 2.4%，在 ±20% 以内"


def test_lower_reported_revenue_reads_low():
    firm = example_firm().assign(revenue=[3000.0, 6000.0, 8700.0])
    row = implied_revenue(firm, **REFS).iloc[0]
    # (3000 − 5000) / 5000 = −40%
    assert row["偏差(%)"] == -40.0
    assert row["说明"] == "报表收入比用电量推算低 40.0%，超过 ±20% 的容忍范围"


def test_tolerance_per_source_and_edge():
    # 2023 VAT deviation 40.3%: flagged at ±40%, not at ±50%; power 45.0% exactly on ±45% edge
    table = implied_revenue(example_firm(), **REFS,
                            tolerance={"electricity": 0.45, "vat": 0.40, "inflows": 0.2})
    assert table["预警"].tolist() == [False] * 7 + [True, False]


def test_skip_a_source():
    table = implied_revenue(example_firm(), revenue_per_kwh=None, vat_burden=0.03,
                            inflow_ratio=1.1)
    assert table["核验来源"].tolist() == ["增值税", "银行流水"] * 3


def test_ratio_checks_by_hand():
    table = ratio_checks(example_firm())
    assert list(table.index) == ["2021", "2022", "2023"]
    # margin (5000−4000)/5000 = 20%, (6000−4740)/6000 = 21%, (8700−6090)/8700 = 30%
    assert table["毛利率(%)"].tolist() == [20.0, 21.0, 30.0]
    assert table["毛利率变动(百分点)"].tolist()[1:] == [1.0, 9.0]
    # receivable days 750/5000×360 = 54, 1000/6000×360 = 60, 2900/8700×360 = 120
    assert table["应收账款周转天数"].tolist() == [54.0, 60.0, 120.0]
    # inventory days 500/4000×360 = 45, 790/4740×360 = 60, 1624/6090×360 = 96
    assert table["存货周转天数"].tolist() == [45.0, 60.0, 96.0]
    # debt 3300/6000 = 55%, 3740/6800 = 55%, 6480/9000 = 72%
    assert table["资产负债率(%)"].tolist() == [55.0, 55.0, 72.0]
    assert np.isnan(table["应收天数变动"].iloc[0])
    assert table["预警说明"].tolist()[:2] == ["无", "无"]
    assert table.loc["2023", "预警说明"].split("；") == [
        "毛利率较上期上升 9.0 个百分点，波动超过 5 个百分点",
        "应收账款周转天数增加 60.0 天，超过 30 天",
        "存货周转天数增加 36.0 天，超过 30 天",
        "资产负债率 72.0%，高于 70% 的警戒线",
    ]


def test_ratio_thresholds_are_parameters():
    # 9 pp swing is not above 10 pp; 36-day rise not above 40; 72% not above 75%; AR +60 > 30
    table = ratio_checks(example_firm(), margin_swing=0.10, inventory_jump=40,
                         debt_ratio_max=0.75)
    assert table.loc["2023", "预警说明"] == "应收账款周转天数增加 60.0 天，超过 30 天"


def test_monthly_days():
    firm = example_firm().iloc[[0]]
    # a month: 750 / 5000 × 30 = 4.5 days
    assert ratio_checks(firm, days_in_period=30)["应收账款周转天数"].iloc[0] == 4.5


def test_flag_list_collects_both_kinds():
    flags = flag_list(implied_revenue(example_firm(), **REFS), ratio_checks(example_firm()))
    assert flags.columns.tolist() == ["期间", "类别", "说明"]
    assert flags["期间"].tolist() == ["2023"] * 6
    assert flags["类别"].tolist() == ["收入交叉验证"] * 2 + ["财务比率"] * 4
    assert flags.loc[1, "说明"] == "报表收入比增值税推算高 40.3%，超过 ±20% 的容忍范围"


def test_chinese_errors():
    firm = example_firm()
    with pytest.raises(CrmkitError, match="必须是正数"):
        implied_revenue(firm, revenue_per_kwh=-1, vat_burden=0.03, inflow_ratio=1.1)
    with pytest.raises(CrmkitError, match="都是 None"):
        implied_revenue(firm, revenue_per_kwh=None, vat_burden=None, inflow_ratio=None)
    with pytest.raises(CrmkitError, match="缺少"):
        implied_revenue(firm.drop(columns="electricity"), **REFS)
    with pytest.raises(CrmkitError, match="不是非负的数字"):
        implied_revenue(firm.assign(vat_paid=[150, "不详", 186]), **REFS)
    with pytest.raises(CrmkitError, match="推算不出收入"):
        implied_revenue(firm.assign(electricity=[250.0, 0.0, 300.0]), **REFS)
    with pytest.raises(CrmkitError, match="容忍范围"):
        implied_revenue(firm, **REFS, tolerance=20)
    with pytest.raises(CrmkitError, match="算不出比率"):
        ratio_checks(firm.assign(total_assets=[0.0, 6800.0, 9000.0]))


def test_input_not_modified():
    firm = example_firm()
    before = firm.copy()
    implied_revenue(firm, **REFS), ratio_checks(firm)
    pd.testing.assert_frame_equal(firm, before)


def test_verification_chart_content():
    fig = verification_chart(implied_revenue(example_firm(), **REFS))
    ax = fig.axes[0]
    bars = [p for p in ax.patches if p.get_height() > 0]
    assert len(bars) == 12  # 3 years × (reported + 3 sources)
    heights = sorted(p.get_height() for p in bars)
    assert heights[-1] == 8700.0
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["报表收入", "用电量推算", "增值税推算", "银行流水推算",
                      "超出容忍范围（标注偏差）"]
    assert {t.get_text() for t in ax.texts} == {"+45.0%", "+40.3%"}
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2021", "2022", "2023"]
    fig.savefig(io.BytesIO(), format="png")


def test_verification_chart_wants_the_check_table():
    with pytest.raises(CrmkitError, match="implied_revenue"):
        verification_chart(example_firm())
