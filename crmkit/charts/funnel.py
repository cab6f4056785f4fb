"""Charts for the funnel and cross-verification models (modules 4 and 5).

Each function builds its Figure with plt.subplots, closes it in pyplot and
returns it, like :func:`crmkit.viz.quadrant_chart`, so a notebook shows it once.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmkit.errors import CrmkitError
from crmkit.viz import use_chinese_font

FUNNEL_COLORS = ["#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c", "#08306b"]
SOURCE_COLORS = {"报表收入": "#636363", "用电量": "#e08214", "增值税": "#1b7837",
                 "银行流水": "#2166ac"}
FLAG_COLOR = "#d7301f"


def _new_axes(size: tuple[float, float], ax=None):
    import matplotlib.pyplot as plt

    use_chinese_font()
    if ax is not None:
        return ax.figure, ax
    fig, ax = plt.subplots(figsize=size, dpi=100)
    # Closed at once so pyplot does not show it a second time at the end of the cell.
    plt.close(fig)
    return fig, ax


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
    fig, ax = _new_axes((7.5, 0.62 * k + 1.4), ax)
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


def verification_chart(revenue_check: pd.DataFrame, title: str = "报表收入与推算收入", ax=None):
    """Reported revenue beside the revenue implied by each source, period by period.

    ``revenue_check`` comes from :func:`crmkit.models.verification.implied_revenue`.
    Bars of sources outside the tolerance are outlined in red, hatched and
    labelled with their deviation. Returns the Figure.
    """
    needed = {"期间", "核验来源", "报表收入(万元)", "推算收入(万元)", "偏差(%)", "预警"}
    if not needed <= set(revenue_check.columns):
        raise CrmkitError("交叉验证图需要 implied_revenue 的结果表",
                          hint="先运行 implied_revenue(企业数据, ...)，"
                               "再把结果交给 verification_chart")
    from matplotlib.patches import Patch
    from matplotlib.ticker import StrMethodFormatter

    periods = list(dict.fromkeys(revenue_check["期间"]))
    sources = list(dict.fromkeys(revenue_check["核验来源"]))
    wide = revenue_check.pivot(index="期间", columns="核验来源")
    reported = revenue_check.drop_duplicates("期间").set_index("期间")["报表收入(万元)"]
    series = [("报表收入", reported.reindex(periods).to_numpy(), np.zeros(len(periods), bool),
               np.zeros(len(periods)))]
    for s in sources:
        series.append((s, wide[("推算收入(万元)", s)].reindex(periods).to_numpy(),
                       wide[("预警", s)].reindex(periods).to_numpy(dtype=bool),
                       wide[("偏差(%)", s)].reindex(periods).to_numpy()))
    fig, ax = _new_axes((8.0, 4.8), ax)
    x = np.arange(len(periods))
    width = 0.8 / len(series)
    top = max(float(np.nanmax(v)) for _, v, _, _ in series)
    for j, (name, values, flags, dev) in enumerate(series):
        pos = x - 0.4 + width * (j + 0.5)
        label = name if name == "报表收入" else f"{name}推算"
        bars = ax.bar(pos, values, width * 0.92, color=SOURCE_COLORS.get(name, "#969696"),
                      label=label)
        for bar, flagged, d in zip(bars, flags, dev, strict=True):
            if flagged:
                bar.set_edgecolor(FLAG_COLOR)
                bar.set_linewidth(2)
                bar.set_hatch("//")
                ax.text(bar.get_x() + bar.get_width() / 2, bar.get_height() + top * 0.015,
                        f"{d:+.1f}%", ha="center", va="bottom", fontsize=9, color=FLAG_COLOR)
    handles, _ = ax.get_legend_handles_labels()
    handles.append(Patch(facecolor="white", edgecolor=FLAG_COLOR, hatch="//",
                         label="超出容忍范围（标注偏差）"))
    ax.legend(handles=handles, loc="upper left", frameon=False, fontsize=9)
    ax.set_xticks(x, periods)
    ax.set_ylim(0, top * 1.25)
    ax.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
    ax.set_ylabel("收入（万元）")
    ax.set_title(title)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.tight_layout()
    return fig
