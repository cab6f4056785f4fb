"""Pareto chart and Lorenz curve of profit across customers (module 3)."""

from __future__ import annotations

from crmkit.models.pareto import gini, lorenz_curve, pareto_table, top_share
from crmkit.viz import use_chinese_font

BAR_COLOR = "#2166ac"
LINE_COLOR = "#b2182b"
GUIDE_COLOR = "#444444"


def pareto_chart(values, top: float = 0.2, title: str = "客户利润帕累托图", ax=None):
    """Bars of each customer's profit, largest first, and the cumulative profit share.

    The x axis is the share of customers (0–100%) so books of any size read the
    same way. Dashed guides mark the classic 20% of customers and 80% of profit;
    the point (``top``, share of profit of the top ``top``) is marked and quoted
    in the title. The returned Figure is already closed in pyplot.
    """
    import matplotlib.pyplot as plt
    import numpy as np
    from matplotlib.ticker import PercentFormatter

    use_chinese_font()
    table = pareto_table(values)
    share = top_share(values, top)
    n = len(table)
    if ax is None:
        fig, ax = plt.subplots(figsize=(7.5, 4.8), dpi=100)
        plt.close(fig)  # shown once, as the cell's result or through display()
    else:
        fig = ax.figure
    centres = (np.arange(n) + 0.5) / n
    ax.bar(centres, table["利润"], width=1.0 / n, color=BAR_COLOR, alpha=0.55,
           edgecolor="white" if n <= 60 else "none", linewidth=0.6, label="单户利润（左轴）")
    ax.set_xlim(0, 1)
    ax.set_xlabel("客户累计占比（按利润从高到低）")
    ax.set_ylabel("单户利润")
    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))

    right = ax.twinx()
    x = np.concatenate([[0.0], table["累计客户占比"].to_numpy()])
    y = np.concatenate([[0.0], table["累计利润占比"].to_numpy()])
    right.plot(x, y, color=LINE_COLOR, linewidth=2, label="累计利润占比（右轴）")
    right.set_ylim(0, max(1.05, float(y.max()) * 1.05))
    right.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    right.set_ylabel("累计利润占比")
    right.axvline(0.2, color=GUIDE_COLOR, linestyle="--", linewidth=1)
    right.axhline(0.8, color=GUIDE_COLOR, linestyle="--", linewidth=1)
    right.plot([top], [share], "o", color=LINE_COLOR, markersize=7)
    right.annotate(f"前 {top:.0%} 客户：{share:.1%} 利润", (top, share), xytext=(12, -18),
                   textcoords="offset points", color=LINE_COLOR, fontsize=11)

    handles = ax.get_legend_handles_labels()[0] + right.get_legend_handles_labels()[0]
    labels = ax.get_legend_handles_labels()[1] + right.get_legend_handles_labels()[1]
    right.legend(handles, labels, loc="center right", frameon=False)
    ax.set_title(f"{title}：前 {top:.0%} 的客户贡献 {share:.1%} 的利润")
    fig.tight_layout()
    return fig


def lorenz_chart(values, title: str = "客户利润洛伦兹曲线", negative: str = "raise", ax=None):
    """Lorenz curve of profit with the line of perfect equality and the Gini in the title.

    The area between the two lines, shaded, is half the Gini coefficient. The
    20%/80% guides show where the classic 80/20 book would pass. ``negative``
    as in :func:`crmkit.models.pareto.gini`. The returned Figure is closed in pyplot.
    """
    import matplotlib.pyplot as plt
    from matplotlib.ticker import PercentFormatter

    use_chinese_font()
    x, y = lorenz_curve(values, negative=negative)
    g = gini(values, negative=negative)
    if ax is None:
        fig, ax = plt.subplots(figsize=(5.8, 5.4), dpi=100)
        plt.close(fig)
    else:
        fig = ax.figure
    ax.plot([0, 1], [0, 1], color=GUIDE_COLOR, linewidth=1, label="绝对平均线")
    ax.plot(x, y, color=LINE_COLOR, linewidth=2, label="洛伦兹曲线")
    ax.fill_between(x, y, x, color=LINE_COLOR, alpha=0.12, label="不平均的面积")
    ax.plot([0.8, 0.8, 0.0], [0.0, 0.2, 0.2], color=GUIDE_COLOR, linestyle="--", linewidth=1,
            label="二八参考：80% 客户只占 20% 利润")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_aspect("equal")
    ax.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_xlabel("客户累计占比（按利润从低到高）")
    ax.set_ylabel("利润累计占比")
    ax.set_title(f"{title}（基尼系数 {g:.3f}）")
    ax.legend(loc="upper left", frameon=False, fontsize=9)
    fig.tight_layout()
    return fig
