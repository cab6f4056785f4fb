"""The prospecting lab's widget: weight sliders over the ledger's indicators, the ranking
and how far each prospect moved."""

from __future__ import annotations

import html
from collections.abc import Mapping

import ipywidgets as w
import pandas as pd
from IPython.display import display

from crmkit.errors import CrmkitError
from crmkit.models.ledger import (
    DEFAULT_WEIGHTS,
    INDICATOR_NAMES,
    INDICATORS,
    prospect_table,
    rank_moves,
    score_prospects,
)
from crmkit.widgets.html import error_html

STYLE = {"description_width": "9em"}


def weights_html(weights: Mapping[str, float]) -> str:
    """The normalised weights in one line, e.g. 往来金额 33% · 交易笔数 33% …"""
    parts = [f"{INDICATOR_NAMES[k].split('(')[0]} {weights[k]:.0%}" for k in INDICATORS]
    return "权重（已换算成合计 100%）：" + " · ".join(parts)


class ProspectRanking(w.VBox):
    """Weight sliders for the four indicators and a list length; the ranking follows.

    The last results are kept in ``scored`` (every counterparty, with score and rank)
    and ``table`` (the top rows shown, with each one's move against the default
    weights).
    """

    def __init__(self, stats: pd.DataFrame, top: int = 10):
        self.stats = stats
        self.baseline = score_prospects(stats)
        self.sliders = {k: w.FloatSlider(DEFAULT_WEIGHTS[k], min=0.0, max=5.0, step=0.5,
                                         description=f"{INDICATOR_NAMES[k].split('(')[0]}权重",
                                         style={"description_width": "10em"},
                                         layout=w.Layout(width="480px"))
                        for k in INDICATORS}
        self.top = w.IntSlider(min(top, len(stats)), min=min(5, len(stats)),
                               max=min(25, len(stats)), step=1,
                               description="列出前几名", style={"description_width": "10em"},
                               layout=w.Layout(width="480px"))
        self.summary = w.HTML(layout=w.Layout(width="760px"))
        self.out = w.Output()
        self.scored: pd.DataFrame | None = None
        self.table: pd.DataFrame | None = None
        for control in [*self.sliders.values(), self.top]:
            control.observe(self.refresh, names="value")
        super().__init__([*self.sliders.values(), self.top, self.summary, self.out])
        self.refresh()

    def weights(self) -> dict[str, float]:
        return {k: float(s.value) for k, s in self.sliders.items()}

    def refresh(self, *_):
        self.out.clear_output(wait=True)
        try:
            self.scored = score_prospects(self.stats, self.weights())
        except CrmkitError as err:
            self.scored = self.table = None
            self.summary.value = error_html(err)
            return
        table = prospect_table(self.scored, self.top.value)
        table.insert(1, "相对等权", rank_moves(self.scored, self.baseline).reindex(table.index))
        self.table = table
        new = sorted(set(table.index) - set(self.baseline.index[:self.top.value]))
        entered = "、".join(new) if new else "没有"
        self.summary.value = (f"{html.escape(weights_html(self.scored.attrs['weights']))}<br>"
                              f"与等权排序相比，新进入前 {self.top.value} 名的："
                              f"<b>{html.escape(entered)}</b>")
        with self.out:
            display(self.table)


def prospect_ranking(stats: pd.DataFrame, top: int = 10) -> ProspectRanking:
    """Build the ranking explorer for :func:`counterparty_stats` output; display it."""
    return ProspectRanking(stats, top)
