"""SWOT table, strategy matrix and checks on small inputs by hand, then the tobacco retailer."""

import pandas as pd
import pytest

from crmkit import CrmkitError
from crmkit.data.cases.tobacco_retailer import TOBACCO_AVG_PRICE, TOBACCO_PEER_PRICE, generate
from crmkit.models.swot import (
    PLAN_MEASURES,
    checks_passed,
    factors_text,
    parse_factor_lines,
    parse_strategy_lines,
    strategies_text,
    strategy_matrix,
    swot_checks,
    swot_factors,
    swot_strategies,
    swot_table,
    tobacco_factors,
)
from crmkit.widgets.swot import swot_workbench

FACTORS = {"S": [("网点离园区近", "步行 5 分钟")], "W": ["审批慢"],
           "O": [("园区新落地 12 家企业", "管委会名单"), ("设备更新政策", "政策文件")],
           "T": [("他行驻点服务", "园区公告")]}


@pytest.fixture
def factors():
    return swot_factors(FACTORS)


def results(checks):
    return dict(zip(checks["检查"], checks["结果"], strict=True))


def test_factors_are_numbered_by_quadrant(factors):
    assert factors.index.tolist() == ["S1", "W1", "O1", "O2", "T1"]
    assert factors.loc["W1", ["kind", "factor", "evidence"]].tolist() == ["W", "审批慢", ""]
    assert factors.loc["O2", "evidence"] == "政策文件"
    # a table with kind/factor columns in any order gives the same codes
    table = pd.DataFrame({"kind": ["O", "S", "O"], "factor": ["a", "b", "c"]})
    assert swot_factors(table).index.tolist() == ["S1", "O1", "O2"]


@pytest.mark.parametrize("entries, message", [
    ({"X": ["a"]}, "不认识的象限“X”"),
    ({"S": [""]}, "优势（S）里有一条空的因素"),
])
def test_factor_errors(entries, message):
    with pytest.raises(CrmkitError, match=message):
        swot_factors(entries)


def test_strategies_are_placed_by_their_cites():
    strategies = swot_strategies([
        ("驻点开户，抢在他行前面", "S1、O1"),          # S + O → SO
        ("WT", "简化审批清单", "W1 T1"),               # declared WT, cites W and T
        ("用政策贷款弥补审批慢", ["w1", "o2"]),       # lower case accepted → WO
        ("只改内部流程", "W1"),                        # one side only → unplaced
        {"strategy": "两头都沾", "cites": "S1、W1、O1"},  # S and W → cannot tell
    ])
    assert strategies["quadrant"].tolist() == ["SO", "WT", "WO", "", ""]
    assert strategies.index.tolist() == ["策略1", "策略2", "策略3", "策略4", "策略5"]
    assert strategies.loc["策略3", "cites"] == ("W1", "O2")
    with pytest.raises(CrmkitError, match="“X9”不是因素编号"):
        swot_strategies([("x", "S1、X9")])
    with pytest.raises(CrmkitError, match="第 1 条策略的象限“OS”不存在"):
        swot_strategies([("OS", "x", "S1")])


def test_checks_by_hand(factors):
    strategies = swot_strategies([("驻点开户", "S1、O1"), ("只改内部流程", "W1"),
                                  ("SO", "借政策扩大额度", "W1、O2"), ("引用错了", "S1、T9")])
    checks = swot_checks(factors, strategies)
    assert results(checks) == {
        "四个象限都有因素": "通过", "每个因素都有证据": "未通过", "引用的因素都存在": "未通过",
        "每条策略都连着内外两侧": "未通过", "每条策略都能归入一格": "未通过",
        "四类策略都有": "未通过", "每个因素都被用上": "提醒",   # T1 unused: T9 is a typo
    }
    text = dict(zip(checks["检查"], checks["说明"], strict=True))
    assert text["每个因素都有证据"] == "W1 没有写证据：补上数字、原话或看到的事实"
    assert text["引用的因素都存在"] == "T9 不在 SWOT 表里：检查编号"
    assert text["每条策略都连着内外两侧"].startswith("策略2 只引用了内部因素（W1）")
    assert text["每条策略都能归入一格"] == "策略3 放在 SO 格，却没有同时引用 S 和 O 类因素"
    # 策略1 is SO, 策略3 is declared SO, 策略4 cites S1 and T9 → ST; WO and WT are empty
    assert text["四类策略都有"] == "WO（借机会补短板）、WT（减劣势、避威胁）还没有策略"
    assert not checks_passed(checks)


def test_a_complete_swot_passes(factors):
    strategies = swot_strategies([("驻点开户", "S1、O1"), ("抢先驻点", "S1、T1"),
                                  ("政策贷款补审批", "W1、O2"), ("简化审批清单", "W1、T1")])
    full = swot_factors({**FACTORS, "W": [("审批慢", "平均 15 天")]})
    checks = swot_checks(full, strategies)
    assert set(checks["结果"]) == {"通过"} and checks_passed(checks)
    # an empty quadrant fails; an unused factor is only a reminder
    no_threat = swot_factors({k: v for k, v in FACTORS.items() if k != "T"})
    checks = swot_checks(no_threat, swot_strategies([("驻点开户", "S1、O1")]))
    assert results(checks)["四个象限都有因素"] == "未通过"
    assert checks.loc[1, "说明"] == "威胁（T）一格是空的：再想想客户内外还有什么"
    assert results(checks)["每个因素都被用上"] == "提醒"


def test_tables(factors):
    table = swot_table(factors)
    inside = table.loc["内部因素（优势 S / 劣势 W）"]
    assert inside["有利"] == "S1 网点离园区近（证据：步行 5 分钟）"
    assert inside["不利"] == "W1 审批慢（缺证据）"
    assert table.loc["外部因素（机会 O / 威胁 T）", "有利"] == (
        "O1 园区新落地 12 家企业（证据：管委会名单）；O2 设备更新政策（证据：政策文件）")
    matrix = strategy_matrix(swot_strategies([("驻点开户", "S1、O1")]))
    assert matrix.loc["优势（S）", "机会（O）"] == "策略1 驻点开户（S1、O1）"
    assert matrix.loc["劣势（W）", "威胁（T）"] == "（WT：减劣势、避威胁，还没有策略）"


def test_text_boxes_round_trip(factors):
    assert parse_factor_lines("审批慢 | 平均 15 天\n\n网点近｜步行 5 分钟\n没有证据") == [
        ("审批慢", "平均 15 天"), ("网点近", "步行 5 分钟"), ("没有证据", "")]
    assert parse_strategy_lines("SO | 驻点 | S1、O1\n抢先 | S1 T1\n光有文字") == [
        ("SO", "驻点", "S1、O1"), ("", "抢先", "S1 T1"), ("", "光有文字", "")]
    with pytest.raises(CrmkitError, match="第 1 行有 3 条竖线"):
        parse_strategy_lines("a | b | c | d")
    assert parse_factor_lines(factors_text(factors, "O")) == FACTORS["O"]
    strategies = swot_strategies([("WT", "简化审批", "W1、T1"), ("驻点", "S1、O1")])
    assert swot_strategies(parse_strategy_lines(strategies_text(strategies))).equals(strategies)


def test_tobacco_factors_quote_seed_004():
    facts = generate()["facts.csv"]
    factors = tobacco_factors(facts)
    assert (factors["kind"].value_counts().reindex(list("SWOT")).tolist()) == [3, 4, 3, 2]
    # seed 004 篇四: 20 brands = 40% of the company's 50; 63.2 vs 68.5 元/条, 5.3 below;
    # customers ~50% residents, ~30% migrant workers, ~20% hotel guests; the top five
    # brands ~45% of sales and ~60% of margin; 5 licensed retailers nearby (3 + 1 + 1).
    assert (TOBACCO_AVG_PRICE, TOBACCO_PEER_PRICE) == (63.2, 68.5)
    assert factors.loc["W3", "evidence"] == (
        "经营 20 个品牌，只占公司 50 个品规的 40%；进货平均单条值 63.2 元，同类客户 68.5 元，"
        "低 5.3 元/条")
    assert factors.loc["S2", "evidence"] == "周边固定居民约 50%，外来务工人员约 30%，宾馆房客约 20%"
    assert "约 45%" in factors.loc["W4", "evidence"] and "约 60%" in factors.loc["W4", "evidence"]
    assert factors.loc["T1", "evidence"].startswith("周边 5 家持证户：食杂店 3 家、便利店 1 家")
    with pytest.raises(CrmkitError, match="原文数字表缺少"):
        tobacco_factors(facts.iloc[:3])


def test_the_plans_measures_leave_gaps_to_fix():
    factors = tobacco_factors(generate()["facts.csv"])
    checks = swot_checks(factors, swot_strategies(PLAN_MEASURES))
    assert results(checks)["每条策略都连着内外两侧"] == "未通过"   # 措施1 and 措施2: W only
    assert results(checks)["四类策略都有"] == "未通过"              # no ST, no WT


def test_workbench_renders_and_checks(factors):
    bench = swot_workbench(factors, swot_strategies([("驻点开户", "S1、O1")]))
    assert bench.factors.index.tolist() == ["S1", "W1", "O1", "O2", "T1"]
    assert results(bench.checks)["四类策略都有"] == "未通过"
    assert "有 2 项检查未通过" in bench.message.value   # W1 lacks evidence; 3 empty cells
    bench.boxes["W"].value = "审批慢 | 平均 15 天"
    bench.strategy_box.value = ("驻点开户 | S1、O1\n抢先驻点 | S1、T1\n"
                                "政策贷款补审批 | W1、O2\n简化审批清单 | W1、T1")
    assert checks_passed(bench.checks) and "检查全部通过" in bench.message.value
    assert "<td" in bench.tables.value and "策略4 简化审批清单" in bench.tables.value
    bench.strategy_box.value = "XX | 乱写 | S1"
    assert bench.checks is None and "象限“XX”不存在" in bench.message.value
