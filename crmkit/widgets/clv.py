"""The CLV lab's widget: the Dwyer formula and the BG/NBD + Gamma-Gamma model side by side,
with sliders for retention, discount and years."""

from __future__ import annotations

import html

import ipywidgets as w
import pandas as pd
from IPython.display import display

from crmkit.charts.clv import clv_compare_chart
from crmkit.errors import CrmkitError
from crmkit.models.clv import clv_summary, compare_clv, fit_bgnbd, fit_gamma_gamma
from crmkit.widgets.html import error_html

STYLE = {"description_width": "11em"}


class ClvComparer(w.VBox):
    """Sliders for retention, discount and years; both CLVs, a summary table and the chart.

    The BG/NBD and Gamma-Gamma fits are done once (``bgnbd``, ``gamma_gamma``); the
    sliders only change the horizon and the discounting, and retention only moves
    the Dwyer side. Last results: ``table``, ``summary``, ``figure``, ``error``.
    """

    def __init__(self, book: pd.DataFrame, top: int = 50):
        for column in ("frequency", "recency", "T", "monetary_value"):
            if column not in book.columns:
                raise CrmkitError(f"客户表缺少“{column}”列", column=column,
                                  hint="可以先用 simulate_bgnbd() 生成一张示例客户表看看格式")
        self.book, self.top = book, top
        self.bgnbd = fit_bgnbd(book["frequency"], book["recency"], book["T"])
        self.gamma_gamma = fit_gamma_gamma(book["frequency"], book["monetary_value"])
        self.retention = w.FloatSlider(0.8, min=0.5, max=0.95, step=0.05, description="年保留率",
                                       readout_format=".0%", style=STYLE,
                                       layout=w.Layout(width="480px"))
        self.discount = w.FloatSlider(0.08, min=0.0, max=0.2, step=0.01, description="年折现率",
                                      readout_format=".0%", style=STYLE,
                                      layout=w.Layout(width="480px"))
        self.years = w.IntSlider(3, min=1, max=10, description="预测年数", style=STYLE,
                                 layout=w.Layout(width="480px"))
        self.message = w.HTML()
        self.out = w.Output()
        self.table = self.summary = self.figure = None
        self.error: str | None = None
        for control in (self.retention, self.discount, self.years):
            control.observe(self.refresh, names="value")
        super().__init__([self.retention, self.discount, self.years, self.message, self.out])
        self.refresh()

    def refresh(self, *_):
        self.out.clear_output(wait=True)
        try:
            table = compare_clv(self.book, self.bgnbd, self.gamma_gamma,
                                retention=float(self.retention.value),
                                discount=float(self.discount.value), years=int(self.years.value))
            summary = clv_summary(table, self.top)
        except CrmkitError as err:
            self.error = err.message
            self.table = self.summary = self.figure = None
            self.message.value = error_html(err.message)
            return
        self.error = None
        self.table, self.summary = table, summary
        self.figure = clv_compare_chart(table)
        total = summary.loc["合计(万元)"]
        self.message.value = html.escape(
            f"Dwyer 公式合计 {total['Dwyer 公式']:,.1f} 万元，概率模型合计 "
            f"{total['概率模型']:,.1f} 万元；两份前 {self.top} 名名单重合 "
            f"{summary.attrs['overlap']} 位。")
        with self.out:
            display(self.figure)
            display(summary)


def clv_comparer(book: pd.DataFrame, top: int = 50) -> ClvComparer:
    """Build the side-by-side CLV widget; display it as the last line of a cell."""
    return ClvComparer(book, top)
