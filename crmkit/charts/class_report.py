"""Charts for the trainer's class report: scores by learner × module, and by skill."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from crmkit.viz import use_chinese_font


def class_title(folder: str | Path) -> str:
    """The chart title for a class: named after its folder, never a fixed class name."""
    return f"班级练习情况：{Path(folder).name or Path(folder).resolve().name}"


def class_report_chart(by_module: pd.DataFrame, by_skill: pd.DataFrame, *,
                       folder: str | Path | None = None, title: str | None = None):
    """Top: a heat map of percent right per learner and module; below: percent right per
    skill, as horizontal bars sorted weakest first. The figure grows with the number of
    learners and skills so that every label stays readable (the course has about 60 skills).
    The title is ``title``, else named after ``folder``.
    """
    import matplotlib.pyplot as plt

    use_chinese_font()
    if title is None:
        title = class_title(folder) if folder is not None else "班级练习情况"
    n_rows, n_skills = max(len(by_module), 1), max(len(by_skill), 1)
    top, bottom = 0.32 * n_rows + 1.2, 0.24 * n_skills + 1.0
    fig, (left, right) = plt.subplots(2, 1, figsize=(10, top + bottom + 0.8), dpi=100,
                                      gridspec_kw={"height_ratios": [top, bottom]},
                                      layout="constrained")
    plt.close(fig)
    values = by_module.to_numpy(dtype=float)
    masked = np.ma.masked_invalid(values)
    cmap = plt.get_cmap("RdYlGn").with_extremes(bad="#dddddd")
    image = left.imshow(masked, cmap=cmap, vmin=0, vmax=100, aspect="auto")
    left.set_xticks(range(by_module.shape[1]), by_module.columns)
    left.set_yticks(range(by_module.shape[0]), by_module.index)
    for (r, c), v in np.ndenumerate(values):
        left.text(c, r, "—" if np.isnan(v) else f"{v:.0f}", ha="center", va="center", fontsize=9)
    left.set_title("各模块答对率（%，只算作答了的题；— 表示没交这个模块）", fontsize=11)
    fig.colorbar(image, ax=left, fraction=0.03, pad=0.02)
    skills = by_skill.sort_values("答对率(%)", ascending=False, kind="stable")
    bars = right.barh(range(len(skills)), skills["答对率(%)"], color="#2166ac", height=0.7)
    right.set_yticks(range(len(skills)), skills.index, fontsize=9)
    right.bar_label(bars, fmt="%.0f", padding=2, fontsize=8)
    right.set_ylim(-0.6, len(skills) - 0.4)
    right.set_xlim(0, 108)
    right.set_xlabel("答对率（%）")
    right.set_title("各技能答对率（全班，最薄弱的在最上面）")
    fig.suptitle(title, fontsize=14)
    return fig
