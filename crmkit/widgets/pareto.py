"""The Pareto explorer: the share of value held by the top customers, with the chart."""

from __future__ import annotations

import html

import ipywidgets as w
import pandas as pd
from IPython.display import display

from crmkit.charts.pareto import pareto_chart
from crmkit.errors import CrmkitError
from crmkit.models.pareto import profitability_tiers, top_share

STYLE = {"description_width": "9em"}


def share_html(share: float, top: float, n: int) -> str:
    """One sentence: the top x% (k customers) earn y% of the profit."""
    count = top * n
    shown = f"{count:.0f}" if abs(count - round(count)) < 1e-9 else f"{count:.1f}"
    return (f"前 <b>{top:.0%}</b> 的客户（约 {shown} 户）贡献了 "
            f'<b style="color:#b2182b">{share:.1%}</b> 的利润')


class ParetoExplorer(w.VBox):
    """A slider for the top share of customers; the share of profit, tiers and chart follow.

    ``refresh()`` recomputes; the last results are kept in ``share``, ``tiers`` and
    ``figure`` so a notebook (or a test) can read them.
    """

    def __init__(self, values, top: float = 0.2, middle: float = 0.5):
        self.values = pd.Series(values) if not isinstance(values, pd.Series) else values
        self.middle = middle
        self.top = w.FloatSlider(top, min=0.05, max=0.45, step=0.05, description="前多少客户",
                                 readout_format=".0%", style=STYLE,
                                 layout=w.Layout(width="480px"))
        self.summary = w.HTML(layout=w.Layout(width="640px"))
        self.out = w.Output(layout=w.Layout(width="auto"))
        self.share: float | None = None
        self.tiers: pd.DataFrame | None = None
        self.figure = None
        self.top.observe(self.refresh, names="value")
        super().__init__([self.top, self.summary, self.out])
        self.refresh()

    def refresh(self, *_):
        top = round(float(self.top.value), 4)
        self.out.clear_output(wait=True)
        with self.out:
            try:
                self.share = top_share(self.values, top)
                self.tiers = profitability_tiers(self.values, (top, self.middle))
            except CrmkitError as err:
                self.summary.value = f'<span style="color:#b2182b">{html.escape(str(err))}</span>'
                return
            self.summary.value = share_html(self.share, top, len(self.values))
            self.figure = pareto_chart(self.values, top=top)
            display(self.figure)
            display(self.tiers)


def pareto_explorer(values, top: float = 0.2, middle: float = 0.5) -> ParetoExplorer:
    """Build the Pareto explorer for one profit per customer; display it as a cell's result."""
    return ParetoExplorer(values, top, middle)
