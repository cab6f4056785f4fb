"""The influence map: everyone in the buying centre on an influence × stance grid.

Columns run from 敌人 on the left to 导师 on the right, rows from 低 influence at the
bottom to 高 at the top, so the top-left corner is where a deal is lost. Colour is the
buyer influence, a hollow marker means never met, a red ring means the person is named
in a red flag of :func:`crmkit.models.buying_centre.coverage_gaps`. The Figure is made
with plt.subplots, closed in pyplot and returned, like every crmkit chart.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmkit.errors import CrmkitError
from crmkit.models.buying_centre import (
    AGAINST_US,
    FOR_US,
    LEVELS,
    ROLES,
    STANCES,
    coverage_gaps,
    flagged_people,
)
from crmkit.viz import use_chinese_font

ROLE_COLORS = dict(zip(ROLES, ["#762a83", "#2166ac", "#e08214", "#1b7837"], strict=True))
CELL_COLORS = {"for": "#e5f5e0", "neutral": "#f0f0f0", "against": "#fde0dd"}
FLAG_COLOR = "#d7301f"


def _cell_positions(centre: pd.DataFrame) -> pd.DataFrame:
    """x, y of each person's marker: a short list down the left of the cell.

    The list is spaced 0.28 of a cell apart, closer when a cell holds more than three.
    """
    column = centre["stance"].map({s: i for i, s in enumerate(reversed(STANCES))})
    row = centre["influence"].map({lvl: i for i, lvl in enumerate(reversed(LEVELS))})
    slot = centre.groupby([column, row]).cumcount().to_numpy()
    size = centre.groupby([column, row])["stance"].transform("size").to_numpy()
    step = np.minimum(0.28, 0.9 / size)
    x = column.to_numpy() + 0.12
    y = row.to_numpy() + 0.5 + ((size - 1) / 2 - slot) * step
    return pd.DataFrame({"x": x, "y": y}, index=centre.index)


def influence_map_chart(centre: pd.DataFrame, gaps: pd.DataFrame | None = None,
                        title: str = "影响力地图", ax=None):
    """Place every person on the influence × stance grid and mark the red flags.

    ``centre`` comes from :func:`crmkit.models.buying_centre.buying_centre`; ``gaps``
    from :func:`coverage_gaps` (computed here when not given). Each label carries the
    number of meetings. Returns the Figure.
    """
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.patches import Rectangle

    needed = {"role", "stance", "influence", "contacts"}
    if not needed <= set(centre.columns):
        raise CrmkitError("影响力地图需要 buying_centre 整理过的关键人表",
                          hint="先运行 buying_centre(表) 或 from_billing_case(表)，再画图")
    if gaps is None:
        gaps = coverage_gaps(centre)
    use_chinese_font()
    if ax is None:
        fig, ax = plt.subplots(figsize=(10.0, 6.2), dpi=100)
        # Closed at once: the notebook shows it once, as the cell's result.
        plt.close(fig)
    else:
        fig = ax.figure
    stances = list(reversed(STANCES))
    for i, stance in enumerate(stances):
        tone = "for" if stance in FOR_US else "against" if stance in AGAINST_US else "neutral"
        for j in range(len(LEVELS)):
            ax.add_patch(Rectangle((i, j), 1, 1, facecolor=CELL_COLORS[tone],
                                   edgecolor="white", linewidth=2, zorder=0))
    pos = _cell_positions(centre)
    flagged = set(flagged_people(centre, gaps))
    for person, row in centre.iterrows():  # a dozen people: one marker and label each
        x, y = pos.loc[person, "x"], pos.loc[person, "y"]
        color = ROLE_COLORS[row["role"]]
        met = row["contacts"] > 0
        if person in flagged:
            ax.scatter(x, y, s=420, facecolor="none", edgecolor=FLAG_COLOR, linewidth=2.2,
                       zorder=2)
        ax.scatter(x, y, s=170, facecolor=color if met else "white", edgecolor=color,
                   linewidth=2, zorder=3)
        ax.annotate(f"{person}\n接触 {row['contacts']} 次", (x, y), xytext=(13, 0),
                    textcoords="offset points", ha="left", va="center", fontsize=8,
                    color="#222222", zorder=4, linespacing=1.15)
    ax.set_xticks(np.arange(len(stances)) + 0.5, stances)
    ax.set_yticks(np.arange(len(LEVELS)) + 0.5, [f"影响力{lvl}" for lvl in reversed(LEVELS)])
    ax.set_xlim(0, len(stances))
    ax.set_ylim(0, len(LEVELS))
    ax.tick_params(length=0, labelsize=10)
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    ax.set_xlabel("对我方的立场（越往左越站在对手一边，越往右越站在我方一边）")
    handles = [Line2D([], [], marker="o", linestyle="", markersize=9, color=ROLE_COLORS[r],
                      label=r) for r in ROLES]
    handles += [Line2D([], [], marker="o", linestyle="", markersize=9, markerfacecolor="white",
                       markeredgecolor="#555555", label="从未接触"),
                Line2D([], [], marker="o", linestyle="", markersize=13, markerfacecolor="none",
                       markeredgecolor=FLAG_COLOR, markeredgewidth=2, label="涉及红旗")]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False,
              fontsize=9)
    high = int((gaps["严重程度"] == "高").sum()) if len(gaps) else 0
    ax.set_title(f"{title}：{len(gaps)} 面红旗，其中严重 {high} 面")
    fig.tight_layout()
    return fig
