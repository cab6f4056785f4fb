"""The RFM lab's widget: equal-frequency scores or the learner's own cut points per
dimension, a rule for high and low, the segment table and chart."""

from __future__ import annotations

import html

import ipywidgets as w
import pandas as pd
from IPython.display import display

from crmkit.charts.rfm import segment_chart
from crmkit.errors import CrmkitError
from crmkit.models.rfm import (
    CUT_UNITS,
    DEFAULT_CUTS,
    DIMENSION_NAMES,
    DIMENSIONS,
    cuts_for,
    parse_cuts,
    rfm_scores,
    rfm_segments,
    rfm_table,
    segment_summary,
)
from crmkit.widgets.html import error_html

STYLE = {"description_width": "11em"}


SCORE_MODES = [("等分位", "quantile"), ("自定义切点", "custom")]


HIGH_RULES = [("高于平均分算高", "mean"), ("4 分及以上算高", 4), ("3 分及以上算高", 3)]


def _cut_text(values) -> str:
    return ", ".join(f"{v:g}" for v in values)


class RfmCutExplorer(w.VBox):
    """Per dimension: 等分位 or custom cut points; a rule for high vs low; table and chart.

    Results of the last successful refresh: ``scored``, ``segmented``, ``summary``
    and ``figure``; ``error`` holds the Chinese message of the last failure or None.
    ``table`` is the R/F/M table, computed once from the transactions.
    """

    def __init__(self, transactions: pd.DataFrame, as_of: object = None):
        self.table = rfm_table(transactions, as_of=as_of)
        self.modes: dict[str, w.ToggleButtons] = {}
        self.texts: dict[str, w.Text] = {}
        rows = []
        for dim in DIMENSIONS:
            self.modes[dim] = w.ToggleButtons(options=SCORE_MODES, value="quantile",
                                              description=DIMENSION_NAMES[dim], style=STYLE)
            self.texts[dim] = w.Text(_cut_text(DEFAULT_CUTS[dim]),
                                     description=f"切点（{CUT_UNITS[dim]}）",
                                     continuous_update=False, style={"description_width": "5em"},
                                     layout=w.Layout(width="340px"))
            rows.append(w.HBox([self.modes[dim], self.texts[dim]]))
        self.high = w.Dropdown(options=HIGH_RULES, value="mean", description="高低分界",
                               style=STYLE, layout=w.Layout(width="360px"))
        self.message = w.HTML()
        self.out = w.Output()
        self.scored = self.segmented = self.summary = self.figure = None
        self.error: str | None = None
        for control in [*self.modes.values(), *self.texts.values(), self.high]:
            control.observe(self.refresh, names="value")
        super().__init__([*rows, self.high, self.message, self.out])
        self.refresh()

    def _describe(self) -> str:
        parts = []
        for dim in DIMENSIONS:
            name = DIMENSION_NAMES[dim].split("（")[1].rstrip("）")
            if self.modes[dim].value == "custom":
                cuts = "、".join(f"{v:g}" for v in parse_cuts(self.texts[dim].value, dim))
                parts.append(f"{name} 按切点 {cuts} {CUT_UNITS[dim]}")
            else:
                parts.append(f"{name} 按等分位")
        return "；".join(parts)

    def refresh(self, *_):
        for dim in DIMENSIONS:
            self.texts[dim].layout.display = None if self.modes[dim].value == "custom" else "none"
        self.out.clear_output(wait=True)
        try:
            cuts = cuts_for({d: m.value for d, m in self.modes.items()},
                            {d: t.value for d, t in self.texts.items()})
            scored = rfm_scores(self.table, cuts=cuts)
            segmented = rfm_segments(scored, threshold=self.high.value)
            summary = segment_summary(segmented)
            described = self._describe()
        except CrmkitError as err:
            self.error = err.message
            self.scored = self.segmented = self.summary = self.figure = None
            self.message.value = error_html(err.message)
            return
        self.error = None
        self.scored, self.segmented, self.summary = scored, segmented, summary
        self.figure = segment_chart(segmented)
        top = summary.loc["重要价值客户"]
        self.message.value = html.escape(
            f"{described}。重要价值客户 {int(top['客户数'])} 位，占客户 {top['客户占比(%)']:.1f}%、"
            f"占交易金额 {top['金额占比(%)']:.1f}%。")
        with self.out:
            display(self.figure)
            display(summary)


def rfm_cut_explorer(transactions: pd.DataFrame, as_of: object = None) -> RfmCutExplorer:
    """Build the RFM cut-point explorer; display it as the last line of a cell."""
    return RfmCutExplorer(transactions, as_of)
