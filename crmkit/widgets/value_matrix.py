"""Interactive value matrix: move the thresholds, watch quadrants and counts change."""

from __future__ import annotations

import html

import ipywidgets as w
import pandas as pd
from IPython.display import display

from crmkit.errors import CrmkitError
from crmkit.models.value_matrix import QUADRANTS, quadrant_table, split_for, value_matrix
from crmkit.viz import QUADRANT_TEXT_COLORS, quadrant_chart

MODES = [("中位数", "median"), ("百分位", "percentile"), ("绝对值", "absolute")]


def counts_html(scored: pd.DataFrame) -> str:
    """One line of coloured quadrant counts, e.g. 拓展 59 户 · 挖掘 41 户 …"""
    counts = scored["quadrant"].value_counts().reindex(QUADRANTS, fill_value=0)
    colors = QUADRANT_TEXT_COLORS
    parts = [f'<b style="color:{colors[q]}">{q} {counts[q]} 户</b>' for q in QUADRANTS]
    return " · ".join(parts)


class ValueMatrixExplorer(w.VBox):
    """Dropdown and sliders for the thresholds; a live chart, counts and table.

    ``refresh()`` recomputes from the current control values; the last results are
    kept in ``scored``, ``table`` and ``figure`` so a notebook (or a test) can read them.
    """

    def __init__(self, book: pd.DataFrame, contribution: str = "contribution",
                 growth: str = "growth"):
        self.book, self.contribution, self.growth = book, contribution, growth
        c, g = book[contribution], book[growth]
        style = {"description_width": "8em"}

        def wide():  # each control needs its own Layout: it is shown and hidden separately
            return w.Layout(width="480px")

        self.mode = w.ToggleButtons(options=MODES, value="median", description="划分方式",
                                    style=style)
        self.c_pct = w.IntSlider(50, min=5, max=95, step=5, description="贡献百分位",
                                 style=style, layout=wide())
        self.g_pct = w.IntSlider(50, min=5, max=95, step=5, description="增长百分位",
                                 style=style, layout=wide())
        self.c_abs = w.FloatSlider(round(float(c.median()), 1), min=0.0,
                                   max=round(float(c.quantile(0.95)), 1), step=0.5,
                                   description="贡献阈值(万元)", style=style, layout=wide())
        self.g_abs = w.FloatSlider(0.0, min=round(float(g.min()), 2), max=round(float(g.max()), 2),
                                   step=0.01, description="增长阈值", readout_format=".0%",
                                   style=style, layout=wide())
        self.counts = w.HTML()
        self.out = w.Output()
        self.scored: pd.DataFrame | None = None
        self.table: pd.DataFrame | None = None
        self.figure = None
        for control in (self.mode, self.c_pct, self.g_pct, self.c_abs, self.g_abs):
            control.observe(self.refresh, names="value")
        super().__init__([self.mode, self.c_pct, self.g_pct, self.c_abs, self.g_abs,
                          self.counts, self.out])
        self.refresh()

    def _show_controls(self) -> None:
        mode = self.mode.value
        for control, visible in ((self.c_pct, mode == "percentile"),
                                 (self.g_pct, mode == "percentile"),
                                 (self.c_abs, mode == "absolute"),
                                 (self.g_abs, mode == "absolute")):
            control.layout.display = None if visible else "none"

    def refresh(self, *_):
        self._show_controls()
        split = split_for(self.mode.value, self.c_pct.value, self.g_pct.value,
                          self.c_abs.value, self.g_abs.value)
        self.out.clear_output(wait=True)
        with self.out:
            try:
                self.scored = value_matrix(self.book, self.contribution, self.growth, split)
            except CrmkitError as err:
                self.counts.value = f'<span style="color:#b2182b">{html.escape(str(err))}</span>'
                return
            self.counts.value = counts_html(self.scored)
            self.figure = quadrant_chart(self.scored, self.contribution, self.growth)
            self.table = quadrant_table(self.scored, self.contribution)
            display(self.figure)
            display(self.table)


def value_matrix_explorer(book: pd.DataFrame, contribution: str = "contribution",
                          growth: str = "growth") -> ValueMatrixExplorer:
    """Build the explorer for ``book``; display it as the last line of a cell."""
    return ValueMatrixExplorer(book, contribution, growth)

