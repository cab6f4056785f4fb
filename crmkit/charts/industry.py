"""Charts for crmkit.models.industry: market shares, life-cycle growth, factor intensity.

Each function draws on a new figure made with plt.subplots (or on ``ax``), closes it
in pyplot so a notebook shows it exactly once, and returns the Figure.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from crmkit.charts.axes import new_axes
from crmkit.errors import CrmkitError
from crmkit.models.industry import (
    INTENSITIES,
    IntensityProfile,
    concentration_ratio,
    hhi,
    lifecycle_stage,
    shares_in_percent,
)

TOP_COLOR, REST_COLOR, LINE_COLOR = "#2166ac", "#b8b8b8", "#444444"
STAGE_COLORS = {"导入期": "#8073ac", "成长期": "#1b7837", "成熟期": "#e08214", "衰退期": "#b2182b"}
INTENSITY_COLORS = dict(zip(INTENSITIES, ["#2166ac", "#e08214", "#1b7837", "#8c6d31"],
                            strict=True))




def share_chart(shares, n: int = 4, title: str = "市场份额", unit: str = "auto", ax=None):
    """Bar chart of market shares, largest first, with the top n firms highlighted.

    ``shares`` as in :func:`crmkit.models.industry.concentration_ratio`; a Series or
    mapping keeps its firm names as labels, a plain list is labelled by rank. The title
    carries CRn and HHI. Returns the Figure.
    """
    percent = shares_in_percent(shares, unit)
    if isinstance(shares, (pd.Series, Mapping)):
        named = pd.Series(dict(shares) if isinstance(shares, Mapping) else shares, dtype=float)
        labels = named.sort_values(ascending=False, kind="stable").index.astype(str).tolist()
    else:
        labels = [f"第 {i} 名" for i in range(1, len(percent) + 1)]
    fig, ax = new_axes((7.5, 4.2), ax)
    colors = [TOP_COLOR if i < n else REST_COLOR for i in range(len(percent))]
    bars = ax.bar(range(len(percent)), percent, color=colors)
    ax.bar_label(bars, labels=[f"{p:g}%" for p in percent], fontsize=9, padding=2)
    ax.set_xticks(range(len(percent)), labels, rotation=45 if len(percent) > 8 else 0,
                  ha="right" if len(percent) > 8 else "center")
    ax.set_ylabel("市场份额（%）")
    ax.set_ylim(0, percent.max() * 1.18)
    cr, index = concentration_ratio(shares, n, unit), hhi(shares, unit)
    ax.set_title(f"{title}：CR{n} = {cr:.1f}%，HHI = {index:,.0f}")
    ax.text(0.98, 0.95, f"深色：前 {n} 家", transform=ax.transAxes, ha="right", va="top",
            color=TOP_COLOR)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig


def lifecycle_chart(growth_series, kind: str = "growth", title: str = "行业增速",
                    thresholds=None, ax=None):
    """Annual growth as bars, the fast / slow growth lines dashed, the stage in the title.

    Bars of the last three years (the "recent" average) are drawn solid, earlier ones
    pale. Arguments as in :func:`crmkit.models.industry.lifecycle_stage`. Returns the Figure.
    """
    from matplotlib.colors import to_rgba
    from matplotlib.ticker import PercentFormatter

    reading = lifecycle_stage(growth_series, kind=kind, thresholds=thresholds)
    growth = reading["growth"]
    fig, ax = new_axes((7.5, 4.2), ax)
    color = STAGE_COLORS[reading["stage"]]
    x = np.arange(len(growth))
    recent = x >= len(growth) - 3
    ax.bar(x, growth.to_numpy(), color=[to_rgba(color, 0.95 if r else 0.4) for r in recent])
    for key, name in (("fast", "快速增长线"), ("slow", "低速增长线")):
        level = reading["thresholds"][key]
        ax.axhline(level, color=LINE_COLOR, linestyle="--", linewidth=1)
        ax.text(1.01, level, f"{name}\n{level:.0%}", transform=ax.get_yaxis_transform(),
                va="center", ha="left", fontsize=9, color=LINE_COLOR)
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_xticks(x, _year_labels(growth.index))
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_ylabel("年度增速")
    ax.set_title(f"{title}：判断为{reading['stage']}（近 3 年平均 {reading['recent']:.1%}）")
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    fig.subplots_adjust(right=0.86)  # room for the threshold labels outside the axes
    return fig


def intensity_chart(data, title: str = "要素密集度", ax=None):
    """Relative intensity bars (1.0 = reference, drawn dashed).

    ``data`` is either an :class:`IntensityProfile` (one firm: horizontal bars, the
    dominant factor in colour) or the table from
    :func:`crmkit.models.industry.intensity_comparison` (several firms: grouped bars,
    one colour per factor). Returns the Figure.
    """
    if isinstance(data, IntensityProfile):
        return _one_profile(data, title, ax)
    if isinstance(data, pd.DataFrame) and set(INTENSITIES) <= set(data.columns):
        return _comparison(data, title, ax)
    raise CrmkitError("intensity_chart 需要 factor_intensity 或 intensity_comparison 的结果",
                      hint="先用这两个函数之一计算要素密集度，再把结果传进来")


def _one_profile(profile: IntensityProfile, title: str, ax):
    fig, ax = new_axes((7.0, 3.6), ax)
    scores = profile.scores.reindex(INTENSITIES)
    dominant = profile.dominant.removesuffix("型")
    colors = [INTENSITY_COLORS[k] if k == dominant else REST_COLOR for k in INTENSITIES]
    y = np.arange(len(INTENSITIES))[::-1]
    bars = ax.barh(y, scores.to_numpy(), color=colors)
    ax.bar_label(bars, labels=[f"{v:.2f}" for v in scores], padding=3, fontsize=9)
    ax.axvline(1.0, color=LINE_COLOR, linestyle="--", linewidth=1)
    ax.set_yticks(y, INTENSITIES)
    ax.set_xlim(0, max(1.2, scores.max() * 1.15))
    ax.set_xlabel("相对强度（1.0 = 参照值）")
    ax.set_title(f"{title}：{profile.dominant}")
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig


def _comparison(table: pd.DataFrame, title: str, ax):
    fig, ax = new_axes((8.0, 4.4), ax)
    names = [str(i) for i in table.index]
    width = 0.8 / len(INTENSITIES)
    x = np.arange(len(names))
    for i, k in enumerate(INTENSITIES):
        ax.bar(x + (i - 1.5) * width, table[k].to_numpy(dtype=float), width,
               color=INTENSITY_COLORS[k], label=k)
    ax.axhline(1.0, color=LINE_COLOR, linestyle="--", linewidth=1)
    ax.set_xticks(x, [f"{n}\n{d}" for n, d in zip(names, table["主导类型"], strict=True)]
                  if "主导类型" in table.columns else names)
    ax.set_ylabel("相对强度（1.0 = 参照值）")
    ax.set_title(title)
    ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig


def _year_labels(index: pd.Index) -> list[str]:
    """Tick labels: positions become 第 1 年…; numbered years (1, 2, …) keep their number."""
    if index.equals(pd.RangeIndex(len(index))):
        return [f"第 {i + 1} 年" for i in range(len(index))]
    if pd.api.types.is_integer_dtype(index) and len(index) and index.max() < 1000:
        return [f"第 {i} 年" for i in index]
    return [str(i) for i in index]


def labelled_years(growth: object) -> object:
    """Years as text labels when a Series' index is a numbered range not starting at 0.

    pandas turns a year column 1, 2, 3 … into a RangeIndex, which the chart would read as
    positions and relabel; as text the years are drawn as they are.
    """
    if isinstance(growth, pd.Series) and isinstance(growth.index, pd.RangeIndex) \
            and growth.index.start != 0:
        return growth.rename(index=str)
    return growth
