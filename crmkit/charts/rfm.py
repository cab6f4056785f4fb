"""RFM charts: customers and money per segment, and the R × F grid (module 7)."""

from __future__ import annotations

from crmkit.models.rfm import SEGMENTS, segment_summary
from crmkit.viz import use_chinese_font

COUNT_COLOR = "#8c8c8c"
MONEY_COLOR = "#2166ac"
HEATMAP_CMAP = "Blues"


def segment_chart(segmented, title: str = "RFM 客户分群", ax=None):
    """Paired horizontal bars per segment: share of customers and share of monetary value.

    Segments are listed top to bottom in the fixed SEGMENTS order, each bar
    labelled with its percentage, so the gap between "how many" and "how much"
    stands out. ``segmented`` comes from :func:`crmkit.models.rfm.rfm_segments`.
    The returned Figure is already closed in pyplot.
    """
    import matplotlib.pyplot as plt
    import numpy as np
    from matplotlib.ticker import PercentFormatter

    use_chinese_font()
    summary = segment_summary(segmented)
    if ax is None:
        fig, ax = plt.subplots(figsize=(7.5, 5.2), dpi=100)
        plt.close(fig)  # shown once, as the cell's result or through display()
    else:
        fig = ax.figure
    y = np.arange(len(SEGMENTS))
    height = 0.38
    count_share = summary["客户占比(%)"].to_numpy()
    money_share = summary["金额占比(%)"].to_numpy()
    ax.barh(y - height / 2, count_share, height, color=COUNT_COLOR, label="客户数占比")
    ax.barh(y + height / 2, money_share, height, color=MONEY_COLOR, label="交易金额占比")
    for offset, values in [(-height / 2, count_share), (height / 2, money_share)]:
        for yi, value in zip(y + offset, values, strict=True):
            ax.text(value + 0.8, yi, f"{value:.1f}%", va="center", fontsize=9)
    ax.set_yticks(y, SEGMENTS)
    ax.invert_yaxis()
    ax.set_xlim(0, max(100.0, float(max(count_share.max(), money_share.max())) + 12))
    ax.xaxis.set_major_formatter(PercentFormatter(100, decimals=0))
    ax.set_xlabel("占全部客户 / 全部交易金额的比例")
    total = int(summary["客户数"].sum())
    ax.set_title(f"{title}：共 {total} 位客户")
    ax.legend(loc="lower right", frameon=False)
    fig.tight_layout()
    return fig


def rf_heatmap(scored, value: str = "count", title: str = "R × F 客户分布", ax=None):
    """A grid of R score (rows, most recent on top) by F score (columns).

    value="count" shows how many customers sit in each cell; value="monetary"
    shows their average monetary value in 万元. Every cell is labelled, empty
    cells show "–". ``scored`` comes from :func:`crmkit.models.rfm.rfm_scores`.
    The returned Figure is already closed in pyplot.
    """
    import matplotlib.pyplot as plt
    import numpy as np
    import pandas as pd

    from crmkit.errors import CrmkitError

    if value not in {"count", "monetary"}:
        raise CrmkitError(f"看不懂 value={value!r}",
                          hint="写 \"count\"（客户数）或 \"monetary\"（平均交易金额）")
    for column in ["r_score", "f_score", "monetary"]:
        if column not in scored.columns:
            raise CrmkitError(f"找不到“{column}”列", column=column,
                              hint="先用 rfm_scores(rfm_table(交易流水)) 打分")
    use_chinese_font()
    bins = int(scored.attrs.get("bins", max(scored["r_score"].max(), scored["f_score"].max())))
    levels = list(range(1, bins + 1))
    if value == "count":
        grid = pd.crosstab(scored["r_score"], scored["f_score"])
        grid = grid.reindex(index=levels, columns=levels, fill_value=0)
        cells = grid.to_numpy(dtype=float)
        shown = np.where(cells > 0, cells, np.nan)
        text = [[f"{int(v)}" if v > 0 else "–" for v in row] for row in cells]
        bar_label, heading = "客户数", "客户数"
    else:
        grid = scored.pivot_table(index="r_score", columns="f_score", values="monetary",
                                  aggfunc="mean", observed=False)
        shown = grid.reindex(index=levels, columns=levels).to_numpy(dtype=float) / 10_000
        text = [["–" if np.isnan(v) else f"{v:.1f}" for v in row] for row in shown]
        bar_label, heading = "平均交易金额（万元）", "平均交易金额"
    if ax is None:
        fig, ax = plt.subplots(figsize=(6.4, 5.2), dpi=100)
        plt.close(fig)  # shown once, as the cell's result or through display()
    else:
        fig = ax.figure
    rows = shown[::-1]  # R = bins on top
    image = ax.imshow(np.ma.masked_invalid(rows), cmap=HEATMAP_CMAP, aspect="equal")
    peak = np.nanmax(rows) if np.isfinite(rows).any() else 1.0
    for i, row in enumerate(text[::-1]):
        for j, label in enumerate(row):
            dark = np.isfinite(rows[i, j]) and rows[i, j] > 0.6 * peak
            ax.text(j, i, label, ha="center", va="center", fontsize=10,
                    color="white" if dark else "#222222")
    ax.set_xticks(range(bins), [str(v) for v in levels])
    ax.set_yticks(range(bins), [str(v) for v in levels[::-1]])
    ax.set_xlabel("F 分（交易频次，越大越频繁）")
    ax.set_ylabel("R 分（越大越近）")
    ax.set_title(f"{title}：{heading}")
    fig.colorbar(image, ax=ax, label=bar_label, shrink=0.8)
    fig.tight_layout()
    return fig
