"""Module 1 widgets: edit market shares and watch CR4 / HHI; pick a growth series, see its stage.

Both explorers are thin over :mod:`crmkit.models.industry` and
:mod:`crmkit.charts.industry`: the widget only reads controls, calls the model
and shows the answer, so a test can set a control and compare with the model.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

import ipywidgets as w
import pandas as pd
from IPython.display import display

from crmkit.charts.industry import STAGE_COLORS, labelled_years, lifecycle_chart, share_chart
from crmkit.errors import CrmkitError
from crmkit.models.industry import (
    LIFECYCLE_THRESHOLDS,
    concentration_reading,
    hhi_parts,
    lifecycle_stage,
    lifecycle_table,
    parse_shares,
)
from crmkit.widgets.html import error_html

STYLE = {"description_width": "8em"}
SCHEMES = [("2010 年指南", "2010"), ("2023 年指南", "2023")]


def shares_text(shares: pd.Series) -> str:
    """One firm a line, "name share", the way the text box shows a market."""
    return "\n".join(f"{name} {value:g}" for name, value in shares.items())


def reading_html(result: dict) -> str:
    """The three numbers in bold, then the model's sentence."""
    return (f'<div style="line-height:1.8"><b>CR4 = {result["cr4"]:.1f}%</b>　'
            f'<b>CR8 = {result["cr8"]:.1f}%</b>　<b>HHI = {result["hhi"]:,.0f}</b>'
            f'（共列出 {result["firms"]} 家）<br>{html.escape(result["summary"])}</div>')


class ConcentrationExplorer(w.VBox):
    """Pick a market, or edit its shares, and read CR4, CR8, HHI and their meaning.

    ``markets`` maps a market's name to a Series of shares in percent, indexed by firm.
    The last results are kept in ``result`` (dict), ``table`` (the HHI parts) and
    ``figure`` so a notebook, or a test, can read them.
    """

    def __init__(self, markets: Mapping[str, object], hhi_thresholds: str = "2010"):
        if not markets:
            raise CrmkitError("没有可以选择的市场", hint="至少给出一个市场的份额")
        self.markets = {str(k): pd.Series(v, dtype=float) for k, v in markets.items()}
        first = next(iter(self.markets))
        self.market = w.Dropdown(options=list(self.markets), value=first, description="选择市场",
                                 style=STYLE, layout=w.Layout(width="480px"))
        self.scheme = w.ToggleButtons(options=SCHEMES, value=hhi_thresholds,
                                      description="HHI 标准", style=STYLE,
                                      layout=w.Layout(width="auto"))
        # Updated when the box loses focus, not on every keystroke mid-number.
        self.shares = w.Textarea(value=shares_text(self.markets[first]), rows=8,
                                 continuous_update=False, description="份额（%）",
                                 style=STYLE, layout=w.Layout(width="480px"))
        self.summary = w.HTML(layout=w.Layout(width="720px"))
        self.out = w.Output(layout=w.Layout(width="auto"))
        self.result: dict | None = None
        self.table: pd.DataFrame | None = None
        self.figure = None
        self._loading = False
        self.market.observe(self._load_market, names="value")
        self.scheme.observe(self.refresh, names="value")
        self.shares.observe(self.refresh, names="value")
        super().__init__([self.market, self.scheme, self.shares, self.summary, self.out])
        self.refresh()

    def _load_market(self, *_):
        """A new market replaces the text box, then everything is recomputed once."""
        self._loading = True
        self.shares.value = shares_text(self.markets[self.market.value])
        self._loading = False
        self.refresh()

    def refresh(self, *_):
        if self._loading:
            return
        self.out.clear_output(wait=True)
        with self.out:
            try:
                shares = parse_shares(self.shares.value)
                self.result = concentration_reading(shares, self.scheme.value)
            except CrmkitError as err:
                self.result = self.table = None
                self.summary.value = error_html(err)
                return
            self.summary.value = reading_html(self.result)
            original = self.markets[self.market.value]
            edited = not shares.equals(original)  # values and firm names both compared
            title = self.market.value + ("（已修改）" if edited else "")
            self.table = hhi_parts(shares)
            self.figure = share_chart(shares, n=4, title=title, unit="percent")
            display(self.figure)
            display(self.table)


def stage_html(result: dict) -> str:
    """The stage in its colour, then the rules that fired and the warnings."""
    color = STAGE_COLORS[result["stage"]]
    lines = "".join(f"<li>{html.escape(r)}</li>" for r in result["reasons"])
    notes = "".join(f"<li>{html.escape(n)}</li>" for n in result["notes"])
    warn = f"<br>需要留意：<ul>{notes}</ul>" if notes else ""
    return (f'<div style="line-height:1.7">判断：<b style="color:{color};font-size:1.15em">'
            f'{result["stage"]}</b><br>依据：<ul>{lines}</ul>{warn}</div>')


class LifecycleExplorer(w.VBox):
    """Pick a growth series and move the fast / slow growth lines; the stage follows.

    ``series`` maps a name to annual growth rates as fractions, oldest first. The
    last results are kept in ``result`` (the dict of
    :func:`crmkit.models.industry.lifecycle_stage`), ``table`` (one row of
    :func:`~crmkit.models.industry.lifecycle_table`) and ``figure``.
    """

    def __init__(self, series: Mapping[str, object]):
        if not series:
            raise CrmkitError("没有可以选择的增长序列", hint="至少给出一条年度增速序列")
        self.series = {name: labelled_years(values) for name, values in series.items()}
        self.choice = w.Dropdown(options=list(self.series), description="选择序列",
                                 style=STYLE, layout=w.Layout(width="480px"))
        self.fast = w.FloatSlider(LIFECYCLE_THRESHOLDS["fast"], min=0.05, max=0.40, step=0.01,
                                  description="快速增长线", readout_format=".0%", style=STYLE,
                                  layout=w.Layout(width="480px"))
        self.slow = w.FloatSlider(LIFECYCLE_THRESHOLDS["slow"], min=0.0, max=0.15, step=0.01,
                                  description="低速增长线", readout_format=".0%", style=STYLE,
                                  layout=w.Layout(width="480px"))
        self.reading = w.HTML(layout=w.Layout(width="720px"))
        self.out = w.Output(layout=w.Layout(width="auto"))
        self.result: dict | None = None
        self.table: pd.DataFrame | None = None
        self.figure = None
        for control in (self.choice, self.fast, self.slow):
            control.observe(self.refresh, names="value")
        super().__init__([self.choice, self.fast, self.slow, self.reading, self.out])
        self.refresh()

    def thresholds(self) -> dict[str, float]:
        """The two lines from the sliders, rounded so 0.15 stays 0.15; slow must stay below fast."""
        fast, slow = round(float(self.fast.value), 4), round(float(self.slow.value), 4)
        if slow >= fast:
            raise CrmkitError(f"低速增长线 {slow:.0%} 不低于快速增长线 {fast:.0%}，规则无法区分",
                              hint="把低速增长线调低，或把快速增长线调高")
        return {"fast": fast, "slow": slow}

    def refresh(self, *_):
        name = self.choice.value
        self.out.clear_output(wait=True)
        with self.out:
            try:
                limits = self.thresholds()
                self.result = lifecycle_stage(self.series[name], thresholds=limits)
                self.table = lifecycle_table({name: self.series[name]}, thresholds=limits)
            except CrmkitError as err:
                self.result = self.table = None
                self.reading.value = error_html(err)
                return
            self.reading.value = stage_html(self.result)
            self.figure = lifecycle_chart(self.series[name], title=name, thresholds=limits)
            display(self.figure)


def concentration_explorer(markets: Mapping[str, object],
                           hhi_thresholds: str = "2010") -> ConcentrationExplorer:
    """Build the concentration explorer; display it as the last line of a cell."""
    return ConcentrationExplorer(markets, hhi_thresholds)


def lifecycle_explorer(series: Mapping[str, object]) -> LifecycleExplorer:
    """Build the life-cycle explorer; display it as the last line of a cell."""
    return LifecycleExplorer(series)
