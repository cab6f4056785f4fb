"""Charts for the trainer's class report: scores by learner × module, and by skill."""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmkit.viz import use_chinese_font


def class_report_chart(by_module: pd.DataFrame, by_skill: pd.DataFrame,
                       title: str = "班级练习情况"):
    """Left: a heat map of percent right per learner and module; right: percent per skill."""
    import matplotlib.pyplot as plt

    use_chinese_font()
    height = max(4.0, 0.35 * len(by_module) + 1.5)
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, height), dpi=100,
                                      gridspec_kw={"width_ratios": [1.2, 1]})
    plt.close(fig)
    values = by_module.to_numpy(dtype=float)
    image = left.imshow(np.nan_to_num(values, nan=-1), cmap="RdYlGn", vmin=0, vmax=100,
                        aspect="auto")
    left.set_xticks(range(by_module.shape[1]), by_module.columns)
    left.set_yticks(range(by_module.shape[0]), by_module.index)
    for (r, c), v in np.ndenumerate(values):
        left.text(c, r, "—" if np.isnan(v) else f"{v:.0f}", ha="center", va="center", fontsize=9)
    left.set_title("各模块答对率（%）")
    fig.colorbar(image, ax=left, fraction=0.046, pad=0.04)
    skills = by_skill.sort_values("答对率(%)")
    bars = right.barh(skills.index, skills["答对率(%)"], color="#2166ac")
    right.bar_label(bars, fmt="%.0f", padding=2, fontsize=9)
    right.set_xlim(0, 105)
    right.set_xlabel("答对率（%）")
    right.set_title("各技能答对率（全班）")
    fig.suptitle(title)
    fig.tight_layout()
    return fig
