"""Prospecting from a transaction ledger (交易流水获客).

A bank sees every payment its customers make and receive. Summed by counterparty,
the ledger shows who trades with the bank's customers, how much, how often and with
how many of them: the counterparties that do not bank here yet are prospects, and
the customer with the largest flow to each is the natural person to ask for an
introduction. The same flows, drawn as a network, show the local supply chain.

The ledger is customer-centric, one row per payment, in the layout of the case
``cases/ledger-prospecting/ledger.csv``: ``customer``, ``counterparty``,
``counterparty_type`` (企业 / 个人 / 政府机关 / 金融机构), ``counterparty_bank``
(本行 / 他行), ``direction`` (付款: the customer pays; 收款: the customer receives),
``amount`` (万元) and ``date``. :func:`customer_view` turns a raw payer/payee ledger
into this layout.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from crmkit.errors import CrmkitError

HERE, ELSEWHERE = "本行", "他行"
PAY, RECEIVE = "付款", "收款"
FIRM = "企业"
# Counterparties that are never prospects for a corporate list: payroll goes to staff,
# tax and social insurance to the state, fees and interest to the bank itself.
NON_FIRM_TYPES = ("个人", "政府机关", "金融机构")
ROLES = ("上游供应商", "下游买家", "上下游兼有")
# A counterparty is upstream when at least this share of its flow is money the customers
# pay it, downstream when at most 1 minus this share is (teaching assumption).
ROLE_SHARE = 0.8
INDICATORS = ("flow", "txns", "links", "months")
DEFAULT_WEIGHTS: dict[str, float] = {"flow": 1.0, "txns": 1.0, "links": 1.0, "months": 0.0}
NODE_KINDS = ("本行客户", "潜在客户", "已开户企业")

# Chinese names of every column this module returns, in one place.
LABELS: dict[str, str] = {
    "flow": "往来金额(万元)", "txns": "交易笔数", "links": "关联本行客户数",
    "months": "活跃月数", "paid": "本行客户付出(万元)", "received": "本行客户收到(万元)",
    "role": "上下游角色", "sponsor": "引荐客户", "sponsor_flow": "与引荐客户往来(万元)",
    "last_date": "最近交易日", "score": "综合得分", "rank": "排名",
    "txn_id": "流水号", "date": "日期", "customer_id": "本行客户号", "customer": "本行客户",
    "counterparty": "交易对手", "counterparty_type": "对手类型", "counterparty_bank": "对手开户行",
    "direction": "资金方向", "amount": "金额(万元)", "purpose": "用途",
    "list_size": "名单户数", "list_cost": "名单获取费用(万元)", "reach_rate": "约见率",
    "visit_cost": "每次约见成本(万元)", "conversion_rate": "约见后开户率",
    "visits": "约见户数", "converted": "预计开户(户)", "total_cost": "总成本(万元)",
    "cost_per_customer": "每开一户成本(万元)",
}
INDICATOR_NAMES = {k: LABELS[k] for k in INDICATORS}

REQUIRED = ("customer", "counterparty", "counterparty_type", "counterparty_bank", "direction",
            "amount", "date")


def _check_ledger(ledger: pd.DataFrame) -> pd.DataFrame:
    missing = [c for c in REQUIRED if c not in ledger.columns]
    if missing:
        raise CrmkitError(f"流水表缺少 {'、'.join(missing)} 列",
                          hint="流水表要有本行客户、交易对手、对手类型、对手开户行、资金方向、"
                               "金额和日期；原始的付款方/收款方流水先用 customer_view 转换")
    if len(ledger) == 0:
        raise CrmkitError("流水表是空的", hint="先确认数据已正确读入")
    amount = pd.to_numeric(ledger["amount"], errors="coerce")
    bad = amount.isna() | (amount < 0)
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0])
        raise CrmkitError(f"金额“{ledger['amount'].iloc[row]}”不是非负的数字", row=row + 1,
                          column="amount", hint="金额以万元为单位，付款和收款都记为正数")
    direction = ledger["direction"].astype(str)
    wrong = ~direction.isin([PAY, RECEIVE])
    if wrong.any():
        row = int(np.flatnonzero(wrong.to_numpy())[0])
        raise CrmkitError(f"资金方向“{direction.iloc[row]}”看不懂", row=row + 1,
                          column="direction", hint="只能写“付款”（本行客户付出）或“收款”")
    dates = pd.to_datetime(ledger["date"], errors="coerce")
    if dates.isna().any():
        row = int(np.flatnonzero(dates.isna().to_numpy())[0])
        raise CrmkitError(f"日期“{ledger['date'].iloc[row]}”看不懂", row=row + 1, column="date",
                          hint="日期写成 2024-03-15 这样的格式")
    return ledger.assign(amount=amount.astype(float), date=dates)


def customer_view(payments: pd.DataFrame, payer: str = "payer", payee: str = "payee",
                  payer_is_customer: str = "payer_is_customer",
                  payee_is_customer: str = "payee_is_customer") -> pd.DataFrame:
    """Turn a payer/payee ledger into one row per (customer, counterparty) payment.

    A payment between a customer and an outsider becomes one row seen from the
    customer; a payment between two customers becomes two rows, one for each side,
    each with the other as a counterparty that banks here. Payments between two
    outsiders never reach the bank's ledger and are dropped. Extra columns (date,
    amount, a ``counterparty_type`` if present, …) are carried along; a missing
    ``counterparty_type`` is taken to be 企业.
    """
    needed = [payer, payee, payer_is_customer, payee_is_customer]
    missing = [c for c in needed if c not in payments.columns]
    if missing:
        raise CrmkitError(f"付款方/收款方流水缺少 {'、'.join(missing)} 列",
                          hint="需要付款方、收款方，以及两方各自是不是本行客户（是/否）")
    flags = {}
    for col in (payer_is_customer, payee_is_customer):
        text = payments[col].astype(str).str.strip()
        known = text.isin(["是", "否", "True", "False", "1", "0"])
        if not known.all():
            row = int(np.flatnonzero(~known.to_numpy())[0])
            raise CrmkitError(f"“{payments[col].iloc[row]}”看不懂", row=row + 1, column=col,
                              hint="是否为本行客户只能填“是”或“否”")
        flags[col] = text.isin(["是", "True", "1"]).to_numpy()
    rest = payments.drop(columns=needed)
    paying = rest[flags[payer_is_customer]].assign(
        customer=payments.loc[flags[payer_is_customer], payer].to_numpy(),
        counterparty=payments.loc[flags[payer_is_customer], payee].to_numpy(),
        counterparty_bank=np.where(flags[payee_is_customer][flags[payer_is_customer]],
                                   HERE, ELSEWHERE),
        direction=PAY)
    receiving = rest[flags[payee_is_customer]].assign(
        customer=payments.loc[flags[payee_is_customer], payee].to_numpy(),
        counterparty=payments.loc[flags[payee_is_customer], payer].to_numpy(),
        counterparty_bank=np.where(flags[payer_is_customer][flags[payee_is_customer]],
                                   HERE, ELSEWHERE),
        direction=RECEIVE)
    view = pd.concat([paying, receiving]).sort_index(kind="stable").reset_index(drop=True)
    if "counterparty_type" not in view.columns:
        view["counterparty_type"] = FIRM
    return view


def ledger_overview(ledger: pd.DataFrame) -> pd.DataFrame:
    """Counterparties, payments and flow by kind: who must be dropped before prospecting.

    Staff, government bodies and banks are not corporate prospects; firms that already
    bank here go to cross-selling; firms banking elsewhere are the prospect list.
    """
    data = _check_ledger(ledger)
    firm = data["counterparty_type"].eq(FIRM)
    here = data["counterparty_bank"].eq(HERE)
    kind = np.select([~firm, firm & here],
                     [data["counterparty_type"].astype(str), "企业·已在本行开户"],
                     default="企业·他行开户（潜在客户）")
    order = [*NON_FIRM_TYPES, "企业·已在本行开户", "企业·他行开户（潜在客户）"]
    grouped = data.assign(kind=kind).groupby("kind")
    table = pd.DataFrame({"交易对手数": grouped["counterparty"].nunique(),
                          "交易笔数": grouped.size(),
                          "金额(万元)": grouped["amount"].sum().round(2)})
    table = table.reindex([k for k in order if k in table.index] +
                          sorted(set(table.index) - set(order)), fill_value=0)
    table["处理"] = table.index.map({"个人": "去掉：代发工资的员工",
                                     "政府机关": "去掉：税费和社保",
                                     "金融机构": "去掉：利息和手续费",
                                     "企业·已在本行开户": "转交交叉营销",
                                     "企业·他行开户（潜在客户）": "本次开发名单"}).fillna("去掉")
    return table.rename_axis("类别")


def prospect_flows(ledger: pd.DataFrame) -> pd.DataFrame:
    """The payments with firms that bank elsewhere: the raw material of the prospect list."""
    data = _check_ledger(ledger)
    keep = data["counterparty_type"].eq(FIRM) & data["counterparty_bank"].eq(ELSEWHERE)
    if not keep.any():
        raise CrmkitError("流水里没有在他行开户的企业交易对手",
                          hint="检查“对手类型”是否写成“企业”、“对手开户行”是否写成“他行”")
    return data[keep].reset_index(drop=True)


def counterparty_stats(flows: pd.DataFrame) -> pd.DataFrame:
    """One row per counterparty: flow, payments, linked customers, active months, role, sponsor.

    ``flows`` is a ledger, usually :func:`prospect_flows`. Flow is the sum of all
    payments both ways in 万元; ``links`` counts distinct customers; ``months`` counts
    calendar months with at least one payment. ``role`` follows :data:`ROLE_SHARE`.
    ``sponsor`` is the customer with the largest flow to the counterparty (on a tie,
    the first by name), the one to ask for an introduction.
    """
    data = _check_ledger(flows)
    data = data.assign(month=data["date"].dt.to_period("M"),
                       paid=data["amount"].where(data["direction"].eq(PAY), 0.0),
                       received=data["amount"].where(data["direction"].eq(RECEIVE), 0.0))
    grouped = data.groupby("counterparty")
    stats = pd.DataFrame({
        "flow": grouped["amount"].sum(),
        "txns": grouped.size(),
        "links": grouped["customer"].nunique(),
        "months": grouped["month"].nunique(),
        "paid": grouped["paid"].sum(),
        "received": grouped["received"].sum(),
        "last_date": grouped["date"].max(),
    })
    share = stats["paid"] / stats["flow"].where(stats["flow"] > 0)
    stats["role"] = np.select([share >= ROLE_SHARE, share <= 1 - ROLE_SHARE],
                              ROLES[:2], default=ROLES[2])
    pairs = data.groupby(["counterparty", "customer"], as_index=False)["amount"].sum()
    pairs = pairs.sort_values(["counterparty", "amount", "customer"],
                              ascending=[True, False, True], kind="stable")
    top = pairs.drop_duplicates("counterparty").set_index("counterparty")
    stats["sponsor"] = top["customer"]
    stats["sponsor_flow"] = top["amount"]
    for col in ("flow", "paid", "received", "sponsor_flow"):
        stats[col] = stats[col].round(2)
    return stats.rename_axis("counterparty")


def _weights(weights: Mapping[str, float] | None) -> pd.Series:
    given = dict(DEFAULT_WEIGHTS if weights is None else weights)
    unknown = [k for k in given if k not in INDICATORS]
    if unknown:
        raise CrmkitError(f"不认识的指标 {'、'.join(map(str, unknown))}",
                          hint="权重只能给 flow（往来金额）、txns（交易笔数）、"
                               "links（关联客户数）、months（活跃月数）")
    series = pd.Series({k: given.get(k, 0.0) for k in INDICATORS}, dtype=float)
    if series.isna().any() or (series < 0).any():
        raise CrmkitError("权重不能是负数或空值", hint="不想用某个指标时，把它的权重设为 0")
    if series.sum() <= 0:
        raise CrmkitError("权重全是 0，无法算综合得分", hint="至少给一个指标大于 0 的权重")
    return series / series.sum()


def score_prospects(stats: pd.DataFrame, weights: Mapping[str, float] | None = None
                    ) -> pd.DataFrame:
    """Rank counterparties by a weighted mean of their indicators' percentile ranks.

    Each indicator in ``weights`` (flow, txns, links, months; default: the first three
    equally) becomes its percentile rank among the counterparties, from 1/n for the
    lowest to 1 for the highest, ties sharing their average rank. Percentile ranks put
    a skewed flow (a few firms with huge payments) on the same 0–1 footing as a count of
    customers. ``score`` is the weighted mean, rounded to 3 decimals; ``rank`` orders by
    score, then by flow. Weights need not sum to 1: they are normalised.
    """
    w = _weights(weights)
    if len(stats) == 0:
        raise CrmkitError("没有可以排序的交易对手", hint="先用 counterparty_stats 汇总流水")
    used = w[w > 0].index
    pct = stats[list(used)].rank(pct=True)
    scored = stats.copy()
    scored["score"] = (pct * w[used]).sum(axis=1).round(3)
    scored = scored.sort_values(["score", "flow"], ascending=False, kind="stable")
    scored["rank"] = np.arange(1, len(scored) + 1)
    scored.attrs["weights"] = w.round(4).to_dict()
    return scored


def prospect_table(scored: pd.DataFrame, top: int | None = 10) -> pd.DataFrame:
    """The ranked list for reading: Chinese columns, the first ``top`` rows (all if None)."""
    cols = ["rank", "role", "flow", "txns", "links", "months", "score", "sponsor"]
    part = scored if top is None else scored.head(top)
    return part[cols].rename(columns=LABELS).rename_axis("交易对手")


# ---------------------------------------------------------------- the supply-chain network


def supply_chain_edges(ledger: pd.DataFrame) -> pd.DataFrame:
    """Firm-to-customer links along the supply chain, with flow and payments per link.

    Goods run against money: a counterparty the customer pays is upstream, so its link
    runs counterparty → customer; a counterparty that pays the customer is downstream,
    customer → counterparty. Only firms are kept (staff, tax and fees are not part of
    the chain). ``here`` says whether the counterparty already banks here.
    """
    data = _check_ledger(ledger)
    data = data[data["counterparty_type"].eq(FIRM)]
    data = data.assign(here=data["counterparty_bank"].eq(HERE))
    edges = data.groupby(["customer", "counterparty", "direction"], as_index=False).agg(
        flow=("amount", "sum"), txns=("amount", "size"), here=("here", "any"))
    upstream = edges["direction"].eq(PAY)
    edges["source"] = np.where(upstream, edges["counterparty"], edges["customer"])
    edges["target"] = np.where(upstream, edges["customer"], edges["counterparty"])
    edges["flow"] = edges["flow"].round(2)
    return edges[["source", "target", "customer", "counterparty", "direction", "flow", "txns",
                  "here"]]


def supply_chain_graph(ledger: pd.DataFrame, keep=None):
    """A networkx DiGraph of customers and their firm counterparties.

    Node attributes: ``kind`` (本行客户 / 潜在客户 / 已开户企业), ``side`` (0 upstream,
    1 customer, 2 downstream) and ``flow`` (万元, total over the node's links). Edge
    attributes: ``flow`` and ``txns``. ``keep``: counterparty names to draw; the
    customers linked to them come along. Default: every firm counterparty.
    """
    import networkx as nx

    edges = supply_chain_edges(ledger)
    if keep is not None:
        wanted = pd.Index(list(keep))
        unknown = wanted.difference(edges["counterparty"].unique())
        if len(unknown):
            raise CrmkitError(f"流水里没有交易对手“{unknown[0]}”",
                              hint="keep 里只放流水中出现过的企业名称")
        edges = edges[edges["counterparty"].isin(wanted)]
    graph = nx.DiGraph()
    customers = edges.groupby("customer")["flow"].sum()
    graph.add_nodes_from((c, {"kind": NODE_KINDS[0], "side": 1, "flow": float(f)})
                         for c, f in customers.items())
    firms = edges.assign(paid=edges["direction"].eq(PAY) * edges["flow"]).groupby(
        "counterparty").agg(flow=("flow", "sum"), paid=("paid", "sum"), here=("here", "any"))
    kind = np.where(firms["here"], NODE_KINDS[2], NODE_KINDS[1])
    side = np.where(firms["paid"] >= firms["flow"] / 2, 0, 2)
    graph.add_nodes_from((n, {"kind": k, "side": int(s), "flow": float(f)}) for n, k, s, f in
                         zip(firms.index, kind, side, firms["flow"], strict=True))
    graph.add_edges_from((s, t, {"flow": float(f), "txns": int(n)}) for s, t, f, n in
                         edges[["source", "target", "flow", "txns"]].itertuples(index=False))
    return graph


def hubs(graph, min_links: int = 3) -> pd.DataFrame:
    """Counterparties linked to at least ``min_links`` customers: the chain's meeting points."""
    import networkx as nx

    rows = [(n, d["kind"], len(set(nx.all_neighbors(graph, n))), d["flow"])
            for n, d in graph.nodes(data=True) if d["kind"] != NODE_KINDS[0]]
    table = pd.DataFrame(rows, columns=["交易对手", "类别", "关联本行客户数", "往来金额(万元)"])
    table = table[table["关联本行客户数"] >= min_links]
    table = table.sort_values(["关联本行客户数", "往来金额(万元)"], ascending=False,
                              kind="stable")
    return table.set_index("交易对手").round(2)


# ---------------------------------------------------------------- channels compared

# Teaching assumptions (示意), not statistics: what a branch might spend and win from four
# list-based channels in one quarter. list_cost: one-off cost of obtaining and cleaning the
# list (活动费、会费、数据分析工时, 万元); reach_rate: share of the list a manager gets a
# meeting with; visit_cost: cost of one meeting including staff time (万元); conversion_rate:
# share of meetings that end in an account. The ledger list's size is set from the data.
CHANNEL_ASSUMPTIONS = pd.DataFrame({
    "list_size": [60, 40, 50, 43],
    "list_cost": [0.2, 1.5, 3.0, 0.5],
    "reach_rate": [0.50, 0.70, 0.60, 0.80],
    "visit_cost": [0.3, 0.3, 0.3, 0.3],
    "conversion_rate": [0.10, 0.15, 0.12, 0.25],
}, index=pd.Index(["政府认定名单", "园区管委会推荐", "协会商会", "交易流水挖掘"], name="渠道"))


def channel_economics(channels: pd.DataFrame | None = None,
                      ledger_list: int | None = None) -> pd.DataFrame:
    """Meetings, expected new customers, total cost and cost per new customer by channel.

    visits = list_size × reach_rate; converted = visits × conversion_rate;
    total_cost = list_cost + visits × visit_cost; cost_per_customer = total_cost ÷
    converted (empty when nothing converts). ``ledger_list`` replaces the list size of
    the 交易流水挖掘 row, e.g. with the number of prospects found in the ledger.
    """
    table = (CHANNEL_ASSUMPTIONS if channels is None else channels).copy()
    needed = ["list_size", "list_cost", "reach_rate", "visit_cost", "conversion_rate"]
    missing = [c for c in needed if c not in table.columns]
    if missing:
        raise CrmkitError(f"渠道假设表缺少 {'、'.join(missing)} 列",
                          hint=f"需要 {'、'.join(LABELS[c] for c in needed)}")
    values = table[needed].apply(pd.to_numeric, errors="coerce")
    if values.isna().any().any() or (values < 0).any().any():
        raise CrmkitError("渠道假设里有空值、负数或不是数字的值", hint="每一格都填非负的数字")
    rates = values[["reach_rate", "conversion_rate"]]
    if (rates > 1).any().any():
        raise CrmkitError("约见率和开户率要写成 0 到 1 之间的小数", hint="例如 25% 写成 0.25")
    if ledger_list is not None:
        if "交易流水挖掘" not in values.index:
            raise CrmkitError("渠道表里没有“交易流水挖掘”一行，无法填入名单户数")
        values.loc["交易流水挖掘", "list_size"] = float(ledger_list)
    values["visits"] = values["list_size"] * values["reach_rate"]
    values["converted"] = values["visits"] * values["conversion_rate"]
    values["total_cost"] = values["list_cost"] + values["visits"] * values["visit_cost"]
    values["cost_per_customer"] = values["total_cost"] / values["converted"].where(
        values["converted"] > 0)
    return values.round({"visits": 1, "converted": 1, "total_cost": 2,
                         "cost_per_customer": 2})


def rank_moves(scored: pd.DataFrame, baseline: pd.DataFrame) -> pd.Series:
    """How far each counterparty moved against the baseline ranking: ↑3, ↓2, or —."""
    delta = (baseline["rank"].reindex(scored.index) - scored["rank"]).astype(int)
    text = np.select([delta > 0, delta < 0], ["↑" + delta.astype(str), "↓" + (-delta).astype(str)],
                     default="—")
    return pd.Series(text, index=scored.index, name="相对等权")
