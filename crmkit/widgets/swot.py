"""The SWOT lab's workbench: factors and strategies typed as lines, the SWOT table, the
strategy matrix and the checks."""

from __future__ import annotations

import html
from collections.abc import Sequence

import ipywidgets as w
import pandas as pd

from crmkit.errors import CrmkitError
from crmkit.models.swot import (
    FAIL,
    KINDS,
    NOTE,
    QUADRANTS,
    factors_text,
    kind_name,
    parse_factor_lines,
    parse_strategy_lines,
    strategies_text,
    strategy_matrix,
    swot_checks,
    swot_factors,
    swot_strategies,
    swot_table,
)
from crmkit.widgets.html import ERROR_COLOR, GOOD_COLOR, WARN_COLOR, error_html

STYLE = {"description_width": "9em"}


RESULT_COLORS = {"通过": GOOD_COLOR, FAIL: ERROR_COLOR, NOTE: WARN_COLOR}


def _cell(items: Sequence[str]) -> str:
    return "<br>".join(html.escape(i) for i in items) if items else \
        '<span style="color:#666666">（空）</span>'


def swot_html(factors: pd.DataFrame) -> str:
    """The 2 × 2 SWOT as an HTML table, one factor a line with its evidence."""
    def items(kind):
        part = factors[factors["kind"] == kind]
        return [f"{c} {f}（证据：{e}）" if e else f"{c} {f}（缺证据）"
                for c, f, e in zip(part.index, part["factor"], part["evidence"], strict=True)]
    td = 'style="vertical-align:top;text-align:left;padding:6px;width:50%"'
    return ('<table style="border-collapse:collapse;width:100%"><tr><th></th><th>有利</th>'
            f"<th>不利</th></tr><tr><th>内部</th><td {td}><b>{kind_name('S')}</b><br>"
            f"{_cell(items('S'))}</td><td {td}><b>{kind_name('W')}</b><br>{_cell(items('W'))}"
            f"</td></tr><tr><th>外部</th><td {td}><b>{kind_name('O')}</b><br>"
            f"{_cell(items('O'))}</td><td {td}><b>{kind_name('T')}</b><br>{_cell(items('T'))}"
            "</td></tr></table>")


def matrix_html(strategies: pd.DataFrame) -> str:
    """The SO / ST / WO / WT matrix as an HTML table; unplaced strategies listed below it."""
    def items(quad):
        part = strategies[strategies["quadrant"] == quad]
        return [f"{n} {s}（{'、'.join(c)}）"
                for n, s, c in zip(part.index, part["strategy"], part["cites"], strict=True)]
    td = 'style="vertical-align:top;text-align:left;padding:6px;width:45%"'
    rows = "".join(f"<tr><th>{kind_name(i)}</th>" + "".join(
        f"<td {td}><b>{i}{o}：{QUADRANTS[i + o]}</b><br>{_cell(items(i + o))}</td>"
        for o in ("O", "T")) + "</tr>" for i in ("S", "W"))
    loose = items("")
    extra = f"<p><b>未能归入格子的策略：</b><br>{_cell(loose)}</p>" if loose else ""
    return ('<table style="border-collapse:collapse;width:100%"><tr><th></th>'
            f"<th>{kind_name('O')}</th><th>{kind_name('T')}</th></tr>{rows}</table>{extra}")


def checks_html(checks: pd.DataFrame) -> str:
    """Each check with a coloured result."""
    lines = [f'<li><b style="color:{RESULT_COLORS[r]}">{r}</b>　{html.escape(c)}：'
             f"{html.escape(t)}</li>" for c, r, t in checks.itertuples(index=False)]
    return f'<ol style="margin:4px 0">{"".join(lines)}</ol>'


class SwotWorkbench(w.VBox):
    """Four text boxes for S, W, O, T and one for strategies; tables and checks follow.

    Factor lines read "因素 | 证据"; strategy lines "SO | 策略 | S1、O2" (the quadrant may
    be left out). The last results are kept in ``factors``, ``strategies``, ``swot``,
    ``matrix`` and ``checks``.
    """

    def __init__(self, factors: pd.DataFrame, strategies: pd.DataFrame):
        box = {"S": "优势 S（内部、有利）", "W": "劣势 W（内部、不利）",
               "O": "机会 O（外部、有利）", "T": "威胁 T（外部、不利）"}
        self.boxes = {k: w.Textarea(factors_text(factors, k), description=box[k],
                                    continuous_update=False,
                                    style={"description_width": "initial"},
                                    layout=w.Layout(width="98%", height="120px"))
                      for k in KINDS}
        self.strategy_box = w.Textarea(strategies_text(strategies), description="策略",
                                       continuous_update=False,
                                       style={"description_width": "initial"},
                                       layout=w.Layout(width="98%", height="140px"))
        self.message = w.HTML(layout=w.Layout(width="900px"))
        self.tables = w.HTML(layout=w.Layout(width="900px"))
        self.report = w.HTML(layout=w.Layout(width="900px"))
        self.factors = self.strategies = self.swot = self.matrix = self.checks = None
        for control in [*self.boxes.values(), self.strategy_box]:
            control.observe(self.refresh, names="value")
        grid = w.GridBox(list(self.boxes.values()), layout=w.Layout(
            grid_template_columns="50% 50%", width="900px"))
        super().__init__([grid, self.strategy_box, self.message, self.tables, self.report])
        self.refresh()

    def refresh(self, *_):
        try:
            self.factors = swot_factors({k: parse_factor_lines(b.value)
                                         for k, b in self.boxes.items()})
            self.strategies = swot_strategies(parse_strategy_lines(self.strategy_box.value))
        except CrmkitError as err:
            self.factors = self.strategies = self.swot = self.matrix = self.checks = None
            self.message.value = error_html(err)
            self.tables.value = self.report.value = ""
            return
        self.swot = swot_table(self.factors)
        self.matrix = strategy_matrix(self.strategies)
        self.checks = swot_checks(self.factors, self.strategies)
        failed = int(self.checks["结果"].eq(FAIL).sum())
        self.message.value = (f'<b style="color:{GOOD_COLOR}">检查全部通过。</b>' if not failed
                              else f'<b style="color:{ERROR_COLOR}">有 {failed} 项检查未通过，'
                                   "按说明修改后再看。</b>")
        self.tables.value = (f"<h4>SWOT 表</h4>{swot_html(self.factors)}"
                             f"<h4>策略矩阵</h4>{matrix_html(self.strategies)}")
        self.report.value = f"<h4>检查</h4>{checks_html(self.checks)}"


def swot_workbench(factors: pd.DataFrame, strategies: pd.DataFrame) -> SwotWorkbench:
    """Build the workbench filled with ``factors`` and ``strategies``; display it."""
    return SwotWorkbench(factors, strategies)
