"""Ledger prospecting against a six-payment ledger worked out by hand, then the case's data."""

import math

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from crmkit import CrmkitError
from crmkit.charts.network import supply_chain_chart
from crmkit.data import cases
from crmkit.models.ledger import (
    channel_economics,
    counterparty_stats,
    customer_view,
    hubs,
    ledger_overview,
    prospect_flows,
    prospect_table,
    rank_moves,
    score_prospects,
    supply_chain_edges,
    supply_chain_graph,
)
from crmkit.widgets.ledger import prospect_ranking

COLS = ["date", "customer", "counterparty", "counterparty_type", "counterparty_bank",
        "direction", "amount"]
# Two customers (甲厂, 乙厂) and their payments. By hand, the three prospects (他行 firms):
#   钢材A: 甲厂 pays 10 (Jan) and 20 (Feb), 乙厂 pays 30 (Feb) → flow 60, 3 payments,
#          2 customers, 2 months, all paid → 上游供应商; sponsor: 甲厂 10 + 20 = 30 ties
#          乙厂 30, and a tie goes to the first name in code-point order, 乙厂
#   商贸B: pays 甲厂 50 (Mar) → flow 50, 1 payment, 1 customer, 1 month → 下游买家
#   包装C: 甲厂 pays 5 and receives 15 (Jan) → flow 20, 2 payments, paid share 5/20 = 0.25,
#          neither ≥ 0.8 nor ≤ 0.2 → 上下游兼有
# Not prospects: 物流D banks here (企业·已在本行开户); 员工个人 is payroll.
LEDGER = pd.DataFrame([
    ("2024-01-05", "甲厂", "钢材A", "企业", "他行", "付款", 10.0),
    ("2024-02-05", "甲厂", "钢材A", "企业", "他行", "付款", 20.0),
    ("2024-02-09", "乙厂", "钢材A", "企业", "他行", "付款", 30.0),
    ("2024-03-01", "甲厂", "商贸B", "企业", "他行", "收款", 50.0),
    ("2024-01-10", "甲厂", "包装C", "企业", "他行", "付款", 5.0),
    ("2024-01-20", "甲厂", "包装C", "企业", "他行", "收款", 15.0),
    ("2024-01-25", "乙厂", "物流D", "企业", "本行", "付款", 40.0),
    ("2024-01-15", "甲厂", "员工个人", "个人", "本行", "付款", 8.0),
], columns=COLS)


@pytest.fixture
def stats():
    return counterparty_stats(prospect_flows(LEDGER))


def test_overview_sorts_counterparties_into_what_to_drop_and_what_to_keep():
    table = ledger_overview(LEDGER)
    assert table.index.tolist() == ["个人", "企业·已在本行开户", "企业·他行开户（潜在客户）"]
    assert table["交易对手数"].tolist() == [1, 1, 3]
    assert table["交易笔数"].tolist() == [1, 1, 6]
    assert table["金额(万元)"].tolist() == [8.0, 40.0, 130.0]   # 10+20+30+50+5+15
    assert table.loc["企业·他行开户（潜在客户）", "处理"] == "本次开发名单"


def test_counterparty_stats_by_hand(stats):
    assert stats.index.tolist() == ["包装C", "商贸B", "钢材A"]
    assert stats.loc["钢材A", ["flow", "txns", "links", "months"]].tolist() == [60.0, 3, 2, 2]
    assert stats.loc["商贸B", ["flow", "txns", "links", "months"]].tolist() == [50.0, 1, 1, 1]
    assert stats.loc["包装C", ["paid", "received"]].tolist() == [5.0, 15.0]
    assert stats["role"].to_dict() == {"包装C": "上下游兼有", "商贸B": "下游买家",
                                       "钢材A": "上游供应商"}
    # 钢材A: 甲厂 10 + 20 = 30 ties 乙厂 30; the tie goes to the first name, 乙厂 (U+4E59)
    # sorts before 甲厂 (U+7532).
    assert stats.loc["钢材A", "sponsor"] == "乙厂"
    assert stats.loc["钢材A", "sponsor_flow"] == 30.0
    assert stats.loc["钢材A", "last_date"] == pd.Timestamp("2024-02-09")


def test_equal_weights_by_hand(stats):
    # Percentile ranks among 3: flow 包装C 1/3, 商贸B 2/3, 钢材A 1; txns 商贸B 1/3,
    # 包装C 2/3, 钢材A 1; links 商贸B and 包装C tie at ranks 1 and 2 → 1.5/3 = 0.5, 钢材A 1.
    # 钢材A (1+1+1)/3 = 1; 商贸B (2/3+1/3+0.5)/3 = 0.5; 包装C (1/3+2/3+0.5)/3 = 0.5,
    # the tie broken by flow: 商贸B 50 before 包装C 20.
    scored = score_prospects(stats)
    assert scored.index.tolist() == ["钢材A", "商贸B", "包装C"]
    assert scored["score"].tolist() == [1.0, 0.5, 0.5]
    assert scored["rank"].tolist() == [1, 2, 3]
    assert scored.attrs["weights"] == {"flow": 0.3333, "txns": 0.3333, "links": 0.3333,
                                       "months": 0.0}


def test_weights_are_normalised_and_change_the_order(stats):
    # flow 2, txns 1 → 2/3 and 1/3. 商贸B 2/3·2/3 + 1/3·1/3 = 5/9 = 0.556;
    # 包装C 2/3·1/3 + 1/3·2/3 = 4/9 = 0.444.
    scored = score_prospects(stats, {"flow": 2, "txns": 1, "links": 0})
    assert scored["score"].to_dict() == {"钢材A": 1.0, "商贸B": 0.556, "包装C": 0.444}
    # months only: 钢材A 2 months (rank 3 → 1), the others 1 month (tie → 1.5/3 = 0.5)
    assert score_prospects(stats, {"months": 1, "flow": 0, "txns": 0, "links": 0})[
        "score"].tolist() == [1.0, 0.5, 0.5]


@pytest.mark.parametrize("weights, message", [
    ({"flow": -1}, "权重不能是负数"),
    ({"flow": 0, "txns": 0, "links": 0}, "权重全是 0"),
    ({"amount": 1}, "不认识的指标 amount"),
])
def test_weight_errors_are_chinese(stats, weights, message):
    with pytest.raises(CrmkitError, match=message):
        score_prospects(stats, weights)


def test_prospect_table_has_chinese_columns(stats):
    table = prospect_table(score_prospects(stats), top=2)
    assert table.index.tolist() == ["钢材A", "商贸B"]
    assert table.columns.tolist() == ["排名", "上下游角色", "往来金额(万元)", "交易笔数",
                                      "关联本行客户数", "活跃月数", "综合得分", "引荐客户"]


@pytest.mark.parametrize("change, message", [
    ({"direction": "转账"}, "资金方向“转账”看不懂"),
    ({"amount": "很多"}, "金额“很多”不是非负的数字"),
    ({"date": "去年"}, "日期“去年”看不懂"),
])
def test_ledger_errors_name_the_row(change, message):
    bad = LEDGER.astype(object).copy()
    for col, value in change.items():
        bad.loc[2, col] = value
    with pytest.raises(CrmkitError, match=f"第 3 行.*{message}"):
        counterparty_stats(bad)


def test_no_prospects_is_an_error():
    with pytest.raises(CrmkitError, match="没有在他行开户的企业交易对手"):
        prospect_flows(LEDGER[LEDGER["counterparty_bank"] == "本行"])


def test_customer_view_turns_payer_and_payee_into_customer_rows():
    payments = pd.DataFrame({
        "payer": ["甲厂", "外商X", "甲厂", "外商X"],
        "payee": ["外商Y", "甲厂", "乙厂", "外商Y"],
        "payer_is_customer": ["是", "否", "是", "否"],
        "payee_is_customer": ["否", "是", "是", "否"],
        "amount": [1.0, 2.0, 3.0, 4.0], "date": ["2024-01-01"] * 4,
    })
    view = customer_view(payments)
    # row 1 → 甲厂 pays 外商Y; row 2 → 甲厂 receives from 外商X; row 3 (two customers) → two
    # rows, each side seeing the other as banking here; row 4 (two outsiders) → dropped.
    cols = ["customer", "counterparty", "direction", "counterparty_bank", "amount"]
    assert view[cols].values.tolist() == [
        ["甲厂", "外商Y", "付款", "他行", 1.0],
        ["甲厂", "外商X", "收款", "他行", 2.0],
        ["甲厂", "乙厂", "付款", "本行", 3.0],
        ["乙厂", "甲厂", "收款", "本行", 3.0],
    ]
    assert (view["counterparty_type"] == "企业").all()
    with pytest.raises(CrmkitError, match="是否为本行客户只能填"):
        customer_view(payments.assign(payer_is_customer=["是", "也许", "是", "否"]))


def test_supply_chain_graph_by_hand():
    graph = supply_chain_graph(LEDGER)
    # customers 甲厂, 乙厂; firms 钢材A, 商贸B, 包装C, 物流D (员工个人 is not a firm)
    assert sorted(graph.nodes) == sorted(["甲厂", "乙厂", "钢材A", "商贸B", "包装C", "物流D"])
    kinds = {n: d["kind"] for n, d in graph.nodes(data=True)}
    assert kinds["物流D"] == "已开户企业" and kinds["钢材A"] == "潜在客户"
    assert kinds["甲厂"] == "本行客户"
    sides = {n: d["side"] for n, d in graph.nodes(data=True)}
    # 包装C: paid 5 of 20 → less than half paid by customers → drawn downstream
    assert (sides["钢材A"], sides["甲厂"], sides["商贸B"], sides["包装C"]) == (0, 1, 2, 2)
    # goods run against money: 钢材A → 甲厂 (paid 30), 甲厂 → 商贸B (received 50)
    assert graph.edges["钢材A", "甲厂"]["flow"] == 30.0
    assert graph.edges["甲厂", "商贸B"]["flow"] == 50.0
    assert graph.nodes["钢材A"]["flow"] == 60.0
    assert hubs(graph, min_links=2).index.tolist() == ["钢材A"]
    edges = supply_chain_edges(LEDGER)
    assert len(edges) == 6   # 钢材A×2 customers, 商贸B, 包装C both ways, 物流D
    small = supply_chain_graph(LEDGER, keep=["商贸B"])
    assert sorted(small.nodes) == ["商贸B", "甲厂"]
    with pytest.raises(CrmkitError, match="流水里没有交易对手“不存在”"):
        supply_chain_graph(LEDGER, keep=["不存在"])


@pytest.mark.parametrize("layout", ["spring", "layered"])
def test_network_chart_returns_a_closed_figure(layout):
    before = plt.get_fignums()
    fig = supply_chain_chart(supply_chain_graph(LEDGER), layout=layout, labels=2)
    assert plt.get_fignums() == before
    assert fig.axes[0].get_title().endswith("2 家本行客户，3 家潜在客户")
    with pytest.raises(CrmkitError, match="不认识的布局"):
        supply_chain_chart(supply_chain_graph(LEDGER), layout="circle")


def test_channel_economics_by_hand():
    table = channel_economics(ledger_list=43)
    # 政府认定名单: 60 × 0.5 = 30 meetings, × 0.10 = 3 accounts; 0.2 + 30 × 0.3 = 9.2 万元;
    # 9.2 / 3 = 3.07. 交易流水挖掘 with 43 prospects: 43 × 0.8 = 34.4 meetings, × 0.25 = 8.6;
    # 0.5 + 34.4 × 0.3 = 10.82; 10.82 / 8.6 = 1.258 → 1.26.
    assert table.loc["政府认定名单", ["visits", "converted", "total_cost",
                                   "cost_per_customer"]].tolist() == [30.0, 3.0, 9.2, 3.07]
    assert table.loc["交易流水挖掘", ["visits", "converted", "total_cost",
                                   "cost_per_customer"]].tolist() == [34.4, 8.6, 10.82, 1.26]
    none = channel_economics(pd.DataFrame({"list_size": [10], "list_cost": [1.0],
                                           "reach_rate": [0.5], "visit_cost": [0.2],
                                           "conversion_rate": [0.0]}, index=["试点"]))
    assert math.isnan(none.loc["试点", "cost_per_customer"])
    with pytest.raises(CrmkitError, match="0 到 1 之间的小数"):
        channel_economics(pd.DataFrame({"list_size": [10], "list_cost": [1.0],
                                        "reach_rate": [50], "visit_cost": [0.2],
                                        "conversion_rate": [0.1]}))


def test_the_case_ledger_matches_the_case_page():
    ledger = cases.tables("ledger-prospecting")["ledger.csv"]
    stats = counterparty_stats(prospect_flows(ledger))
    assert len(stats) == 43
    assert stats["role"].value_counts().to_dict() == {"上游供应商": 25, "下游买家": 18}
    scored = score_prospects(stats)
    # the case page's equal-weight score: 盛启建设 0.977, 昊佳包装 0.872, 昊锐汽车 0.864
    assert scored["score"].head(3).to_dict() == {"盛启建设": 0.977, "昊佳包装": 0.872,
                                                 "昊锐汽车": 0.864}
    assert stats.loc["盛启建设", ["links", "sponsor"]].tolist() == [6, "嘉禾纺织"]


def test_ranking_widget_follows_the_sliders(stats):
    explorer = prospect_ranking(stats, top=3)
    assert explorer.table.index.tolist() == ["钢材A", "商贸B", "包装C"]
    assert explorer.table["相对等权"].tolist() == ["—", "—", "—"]
    explorer.sliders["flow"].value = 0.0
    explorer.sliders["txns"].value = 1.0
    explorer.sliders["links"].value = 0.0
    # txns only: 钢材A 1, 包装C 2/3, 商贸B 1/3 → 包装C moves up one, 商贸B down one
    assert explorer.table.index.tolist() == ["钢材A", "包装C", "商贸B"]
    assert explorer.table["相对等权"].tolist() == ["—", "↑1", "↓1"]
    explorer.sliders["txns"].value = 0.0
    assert explorer.scored is None and "权重全是 0" in explorer.summary.value


def test_rank_moves():
    base = pd.DataFrame({"rank": [1, 2, 3]}, index=list("abc"))
    new = pd.DataFrame({"rank": [1, 2, 3]}, index=list("cab"))
    assert rank_moves(new, base).tolist() == ["↑2", "↓1", "↓1"]
