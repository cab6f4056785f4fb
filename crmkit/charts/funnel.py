"""Charts for the funnel and cross-verification models (modules 4 and 5).

Each function builds its Figure with plt.subplots, closes it in pyplot and
returns it, like :func:`crmkit.viz.quadrant_chart`, so a notebook shows it once.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmkit.charts.axes import new_axes
from crmkit.errors import CrmkitError
from crmkit.viz import use_chinese_font

FUNNEL_COLORS = ["#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c", "#08306b"]




def funnel_chart(conversion: pd.DataFrame, title: str = "销售漏斗", ax=None):
    """Horizontal bars narrowing stage by stage, with counts and conversion rates.

    ``conversion`` comes from :func:`crmkit.models.funnel.stage_conversion`. Each
    bar is centred and as wide as the number of opportunities that reached the
    stage; the label on its right is the conversion from the stage above. The
    title carries the overall conversion. Returns the Figure.
    """
    needed = {"到达数", "阶段转化率(%)", "累计转化率(%)"}
    if not needed <= set(conversion.columns):
        raise CrmkitError("漏斗图需要 stage_conversion 的结果表",
                          hint="先运行 stage_conversion(商机表)，再把结果交给 funnel_chart")
    counts = conversion["到达数"].to_numpy(dtype=float)
    stages = [str(s) for s in conversion.index]
    k = len(stages)
    fig, ax = new_axes((7.5, 0.62 * k + 1.4), ax)
    y = np.arange(k)[::-1]
    widest = counts.max() if counts.max() > 0 else 1.0
    colors = [FUNNEL_COLORS[min(i, len(FUNNEL_COLORS) - 1)] for i in range(k)]
    ax.barh(y, counts, left=(widest - counts) / 2, height=0.72, color=colors)
    for i in range(k):
        dark = i >= 3
        ax.text(widest / 2, y[i], f"{int(counts[i])}", ha="center", va="center", fontsize=11,
                color="white" if dark else "#08306b", fontweight="bold")
        if i > 0:
            ax.text(widest * 1.02, y[i], f"转化 {conversion['阶段转化率(%)'].iloc[i]:.1f}%",
                    ha="left", va="center", fontsize=10, color="#333333")
    ax.set_yticks(y, stages)
    ax.set_xlim(0, widest * 1.32)
    ax.set_xticks([])
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="y", length=0, labelsize=11)
    overall = conversion["累计转化率(%)"].iloc[-1]
    ax.set_title(f"{title}：{int(counts[0])} → {int(counts[-1])}，总体转化率 {overall:.1f}%")
    fig.tight_layout()
    return fig


BAR_COLORS = {"剩余目标": "#636363", "在途金额": "#9ecae1", "加权管道": "#2171b5"}


def coverage_chart(coverage: pd.Series, weighted_total: float, thin: float = 3.0,
                   title: str = "管道能否填上缺口"):
    """Remaining target, open pipeline and weighted pipeline as three bars, in 万元.

    ``coverage`` comes from :func:`crmkit.models.funnel.coverage_ratio`. The dashed
    line is the remaining target; the dotted one is ``thin`` times it, the rule of
    thumb for a sufficient pipeline. Returns the Figure, already closed in pyplot.
    """
    import matplotlib.pyplot as plt

    use_chinese_font()
    remaining = float(coverage["剩余目标(万元)"])
    values = {"剩余目标": max(remaining, 0.0), "在途金额": float(coverage["在途金额(万元)"]),
              "加权管道": float(weighted_total)}
    fig, ax = plt.subplots(figsize=(7.5, 3.2), dpi=100)
    # Closed at once: the notebook shows it once, as the cell's result or through display().
    plt.close(fig)
    y = np.arange(len(values))[::-1]
    bars = ax.barh(y, list(values.values()), color=[BAR_COLORS[k] for k in values], height=0.6,
                   zorder=2)
    labels = ax.bar_label(bars, labels=[f"{v:,.1f} 万元" for v in values.values()], padding=4,
                          fontsize=9, zorder=3)
    for label in labels:  # keep the figures readable where a reference line runs behind them
        label.set_bbox({"facecolor": "white", "edgecolor": "none", "pad": 1})
    top = max(max(values.values()), remaining * thin if remaining > 0 else 0.0, 1.0)
    if remaining > 0:
        ax.axvline(remaining, color="#444444", linestyle="--", linewidth=1, zorder=1)
        ax.axvline(remaining * thin, color="#444444", linestyle=":", linewidth=1, zorder=1)
        ax.text(remaining * thin, y[-1] - 0.55, f"{thin:g} 倍经验线", ha="center", va="top",
                fontsize=9, color="#444444")
    ax.set_yticks(y, list(values))
    ax.set_xlim(0, top * 1.25)
    ax.set_ylim(y[-1] - 0.9, y[0] + 0.5)
    ax.set_xlabel("金额（万元）")
    ratio = coverage["覆盖倍数"]
    shown = "目标已完成" if pd.isna(ratio) else f"覆盖倍数 {ratio:.2f}"
    ax.set_title(f"{title}：{shown}")
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig
