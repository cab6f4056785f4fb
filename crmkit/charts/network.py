"""The supply-chain network behind a transaction ledger (交易流水获客).

Draws the graph of :func:`crmkit.models.ledger.supply_chain_graph` with networkx:
the bank's customers, the prospects and the firms that already bank here in three
colours, node size by flow, edge width by flow. Like every crmkit chart the Figure is
made with plt.subplots, closed in pyplot and returned, so a notebook shows it once.
"""

from __future__ import annotations

import numpy as np

from crmkit.errors import CrmkitError
from crmkit.models.ledger import NODE_KINDS
from crmkit.viz import use_chinese_font

NODE_COLORS = dict(zip(NODE_KINDS, ["#2166ac", "#e08214", "#bdbdbd"], strict=True))
EDGE_COLOR = "#7f7f7f"
LAYOUTS = ("spring", "layered")


def _layered_positions(graph) -> dict:
    """Upstream firms left, customers centre, downstream firms right; deterministic.

    Customers are spaced evenly in name order; each firm sits at the mean height of
    the customers it trades with, then every column is spread evenly in that order,
    so links stay short and few cross.
    """
    sides = {n: d["side"] for n, d in graph.nodes(data=True)}
    customers = sorted(n for n, s in sides.items() if s == 1)
    height = {c: i / max(len(customers) - 1, 1) for i, c in enumerate(customers)}
    pos = {c: (0.0, 1 - height[c]) for c in customers}
    for side, x in ((0, -1.0), (2, 1.0)):
        firms = [n for n, s in sides.items() if s == side]
        centre = {f: float(np.mean([height[c] for c in
                                    set(graph.predecessors(f)) | set(graph.successors(f))]))
                  for f in firms}
        ordered = sorted(firms, key=lambda f: (centre[f], f))
        for i, f in enumerate(ordered):
            pos[f] = (x, 1 - i / max(len(ordered) - 1, 1))
    return pos


def supply_chain_chart(graph, layout: str = "spring", seed: int = 2024, labels="all",
                       title: str = "本行客户的上下游网络", ax=None):
    """Draw the supply-chain network; returns the Figure.

    layout: "spring" (force-directed, fixed ``seed`` so the picture never moves) or
    "layered" (upstream suppliers left, customers centre, downstream buyers right).
    labels: "all", or an int n to name the customers and the n firms with most flow.
    Node area grows with the square root of flow; edge width grows with flow.
    """
    import matplotlib.pyplot as plt
    import networkx as nx
    from matplotlib.lines import Line2D

    if layout not in LAYOUTS:
        raise CrmkitError(f"不认识的布局 {layout!r}", hint="可以用 \"spring\"（力导向）或 "
                                                          "\"layered\"（上游—客户—下游三列）")
    if graph.number_of_nodes() == 0:
        raise CrmkitError("网络里没有节点", hint="先用 supply_chain_graph(流水) 生成网络")
    use_chinese_font()
    if ax is None:
        fig, ax = plt.subplots(figsize=(9.0, 7.0), dpi=100)
        # Closed at once: the notebook shows it once, as the cell's result.
        plt.close(fig)
    else:
        fig = ax.figure
    if layout == "spring":
        undirected = graph.to_undirected()
        pos = nx.spring_layout(undirected, seed=seed, k=1.6 / np.sqrt(len(undirected)),
                               iterations=200)
    else:
        pos = _layered_positions(graph)
    nodes = list(graph.nodes)
    kind = [graph.nodes[n]["kind"] for n in nodes]
    flow = np.array([graph.nodes[n]["flow"] for n in nodes], dtype=float)
    is_customer = np.array([k == NODE_KINDS[0] for k in kind])
    firm_flow = flow[~is_customer]
    scale = firm_flow.max() if firm_flow.size and firm_flow.max() > 0 else 1.0
    sizes = np.where(is_customer, 520.0, 40.0 + 560.0 * np.sqrt(np.clip(flow, 0, None) / scale))
    edge_flow = np.array([d["flow"] for _, _, d in graph.edges(data=True)], dtype=float)
    widths = 0.4 + 4.6 * edge_flow / edge_flow.max() if edge_flow.size else []
    arrows = {"arrows": True, "arrowsize": 8} if layout == "layered" else {"arrows": False}
    nx.draw_networkx_edges(graph, pos, ax=ax, width=widths, edge_color=EDGE_COLOR, alpha=0.55,
                           node_size=sizes.tolist(), **arrows)
    nx.draw_networkx_nodes(graph, pos, ax=ax, nodelist=nodes, node_size=sizes.tolist(),
                           node_color=[NODE_COLORS[k] for k in kind], edgecolors="white",
                           linewidths=0.8)
    if labels == "all":
        named = nodes
    elif isinstance(labels, (int, np.integer)) and not isinstance(labels, bool):
        firms = [n for n, c in zip(nodes, is_customer, strict=True) if not c]
        firms = sorted(firms, key=lambda n: (-graph.nodes[n]["flow"], n))[:int(labels)]
        named = [n for n, c in zip(nodes, is_customer, strict=True) if c] + firms
    else:
        raise CrmkitError(f"看不懂 labels={labels!r}",
                          hint="写 \"all\"，或一个整数表示标注几家企业")
    radius = dict(zip(nodes, np.sqrt(sizes) / 2, strict=True))  # marker radius in points
    for n in named:
        customer = graph.nodes[n]["kind"] == NODE_KINDS[0]
        side = graph.nodes[n]["side"] if layout == "layered" else 1
        gap = radius[n] + 3
        offset, ha, va = {0: ((-gap, 0), "right", "center"), 2: ((gap, 0), "left", "center"),
                          1: ((0, gap - 1), "center", "bottom")}[side]
        ax.annotate(n, pos[n], xytext=offset, textcoords="offset points", ha=ha, va=va,
                    zorder=5, fontsize=8.5 if customer else 7.5,
                    color=NODE_COLORS[NODE_KINDS[0]] if customer else "#222222",
                    fontweight="bold" if customer else "normal")
    handles = [Line2D([], [], marker="o", linestyle="", markersize=9, color=NODE_COLORS[k],
                      label=k) for k in NODE_KINDS if k in kind]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False,
              title="节点（大小：往来金额）\n连线粗细：往来金额", title_fontsize=8.5, fontsize=9)
    if layout == "layered":
        for x, name in ((-1.0, "上游供应商"), (0.0, "本行客户"), (1.0, "下游买家")):
            ax.text(x, 1.07, name, ha="center", va="bottom", fontsize=11, fontweight="bold",
                    color="#333333")
        ax.set_ylim(-0.06, 1.13)
        ax.set_xlim(-1.45, 1.45)
    n_prospects = sum(k == NODE_KINDS[1] for k in kind)
    ax.set_title(f"{title}：{int(is_customer.sum())} 家本行客户，{n_prospects} 家潜在客户")
    ax.set_axis_off()
    fig.tight_layout()
    return fig
