"""Charts for customer lifetime value: Dwyer vs model CLV, and P(alive) curves.

Both follow crmkit.viz.quadrant_chart: Chinese font first, one figure from
plt.subplots, closed in pyplot before it is returned, so a notebook shows it once.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from crmkit.errors import CrmkitError
from crmkit.models.clv import BGNBDFit, prob_alive
from crmkit.viz import use_chinese_font

LINE_COLORS = ["#2166ac", "#1b7837", "#e08214", "#b2182b", "#762a83", "#8c8c8c"]


def clv_compare_chart(table: pd.DataFrame, dwyer: str = "dwyer_clv", model: str = "model_clv",
                      alive: str = "p_alive", highlight: Sequence[str] = (),
                      title: str = "两种方法算出的客户终身价值", ax=None):
    """Scatter each customer's Dwyer CLV (x) against the model CLV (y), coloured by P(alive).

    ``table`` comes from :func:`crmkit.models.clv.compare_clv`. The dashed diagonal
    marks equal values: customers far below it look valuable on their history but
    the model thinks they have probably gone quiet. Customers listed in
    ``highlight`` (customer_id values) are labelled. Returns the Figure.
    """
    import matplotlib.pyplot as plt

    for column in (dwyer, model, alive):
        if column not in table.columns:
            raise CrmkitError(f"找不到“{column}”列", column=column,
                              hint="先用 compare_clv() 算出两种终身价值和仍活跃概率")
    use_chinese_font()
    if ax is None:
        fig, ax = plt.subplots(figsize=(7.5, 5.4), dpi=100)
        plt.close(fig)  # shown once, as the cell's result
    else:
        fig = ax.figure
    points = ax.scatter(table[dwyer], table[model], c=table[alive], cmap="RdYlGn",
                        vmin=0, vmax=1, s=20, alpha=0.8, edgecolors="none")
    top = float(max(table[dwyer].max(), table[model].max(), 0.0)) * 1.05 or 1.0
    ax.plot([0, top], [0, top], color="#444444", linestyle="--", linewidth=1)
    ax.text(top * 0.98, top * 0.93, "两者相等", ha="right", va="top", color="#444444")
    if len(highlight):
        if "customer_id" not in table.columns:
            raise CrmkitError("要标注客户，表里需要 customer_id 列", column="customer_id")
        marked = table[table["customer_id"].isin(list(highlight))]
        missing = sorted(set(highlight) - set(marked["customer_id"]))
        if missing:
            raise CrmkitError(f"找不到这些客户：{'、'.join(missing)}", column="customer_id")
        ax.scatter(marked[dwyer], marked[model], s=80, facecolors="none",
                   edgecolors="#222222", linewidths=1.2)
        for cid, x, y in zip(marked["customer_id"], marked[dwyer], marked[model], strict=True):
            ax.annotate(cid, (x, y), xytext=(6, 6), textcoords="offset points", fontsize=10)
    ax.set_xlim(0, top)
    ax.set_ylim(0, top)
    ax.set_xlabel("Dwyer 公式：按历史收益和统一保留率（万元）")
    ax.set_ylabel("概率模型：BG/NBD × Gamma-Gamma（万元）")
    ax.set_title(f"{title}（{len(table)} 位客户）")
    fig.colorbar(points, ax=ax, label="仍活跃概率 P(alive)")
    fig.tight_layout()
    return fig


def p_alive_chart(fit: BGNBDFit, T: float = 36, frequencies: Sequence[int] = (1, 3, 6, 12),
                  unit: str = "月", title: str = "沉寂越久，客户仍活跃的概率越低", ax=None):
    """P(alive) against the time since the last purchase, one line per purchase count.

    Every line is a customer first seen ``T`` time units ago whose last repeat
    purchase was ``gap`` units ago (recency = T − gap). Frequent buyers fall
    fastest: for them a long silence is unusual. Returns the Figure.
    """
    import matplotlib.pyplot as plt
    from matplotlib.ticker import PercentFormatter

    if not np.isfinite(T) or T <= 0:
        raise CrmkitError(f"观察期 T 必须是正数，收到的是 {T!r}",
                          hint="例如 T=36 表示客户首次购买至今 36 个月")
    counts = [int(f) for f in frequencies]
    if not counts or min(counts) < 1:
        raise CrmkitError("frequencies 里要有至少一个正整数", hint="例如 (1, 3, 6, 12)")
    use_chinese_font()
    if ax is None:
        fig, ax = plt.subplots(figsize=(7.5, 4.8), dpi=100)
        plt.close(fig)  # shown once, as the cell's result
    else:
        fig = ax.figure
    gap = np.linspace(0.0, float(T), 121)
    for i, x in enumerate(counts):
        alive = prob_alive(fit, np.full_like(gap, x), float(T) - gap, np.full_like(gap, T))
        ax.plot(gap, alive, color=LINE_COLORS[i % len(LINE_COLORS)], linewidth=2,
                label=f"重复购买 {x} 次")
    ax.set_xlim(0, float(T))
    ax.set_ylim(0, 1.02)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_xlabel(f"距最近一次购买（{unit}）")
    ax.set_ylabel("仍活跃概率 P(alive)")
    ax.set_title(f"{title}（观察期 {T:g} {unit}）")
    ax.grid(alpha=0.3)
    ax.legend(frameon=False)
    fig.tight_layout()
    return fig
