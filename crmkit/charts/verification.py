"""The verification lab's chart: what the statements say against what the independent
figures imply, period by period."""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmkit.charts.axes import new_axes
from crmkit.errors import CrmkitError

SOURCE_COLORS = {"报表收入": "#636363", "用电量": "#e08214", "增值税": "#1b7837",
                 "银行流水": "#2166ac"}
FLAG_COLOR = "#d7301f"


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
    fig, ax = new_axes((8.0, 4.8), ax)
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
