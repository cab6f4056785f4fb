"""Widgets of three labs: prospect ranking weights, the buying-centre map, the SWOT workbench.

Each is a thin VBox over its model (:mod:`crmkit.models.ledger`,
:mod:`crmkit.models.buying_centre`, :mod:`crmkit.models.swot`): it reads the controls,
calls the model and shows the answer; the last results stay in attributes so a
notebook or a test can read them. A learner's mistake shows as one red Chinese line.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

import ipywidgets as w
import numpy as np
import pandas as pd
from IPython.display import display

from crmkit.charts.buying_centre import influence_map_chart
from crmkit.errors import CrmkitError
from crmkit.models.buying_centre import (
    LEVELS,
    MODES,
    STANCES,
    coverage_gaps,
    update_person,
)
from crmkit.models.ledger import (
    DEFAULT_WEIGHTS,
    INDICATOR_NAMES,
    INDICATORS,
    prospect_table,
    score_prospects,
)
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

STYLE = {"description_width": "9em"}
ERROR_COLOR, WARN_COLOR, GOOD_COLOR = "#b2182b", "#e08214", "#1b7837"
SEVERITY_COLORS = {"高": "#b2182b", "中": "#e08214", "低": "#636363"}


def error_html(err: CrmkitError) -> str:
    """A learner's mistake as one red line: the Chinese message, never a traceback."""
    return f'<span style="color:{ERROR_COLOR}">{html.escape(str(err))}</span>'


# ---------------------------------------------------------------- prospect ranking


def rank_moves(scored: pd.DataFrame, baseline: pd.DataFrame) -> pd.Series:
    """How far each counterparty moved against the baseline ranking: ↑3, ↓2, or —."""
    delta = (baseline["rank"].reindex(scored.index) - scored["rank"]).astype(int)
    text = np.select([delta > 0, delta < 0], ["↑" + delta.astype(str), "↓" + (-delta).astype(str)],
                     default="—")
    return pd.Series(text, index=scored.index, name="相对等权")


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


# ---------------------------------------------------------------- buying-centre map


def gaps_html(gaps: pd.DataFrame) -> str:
    """The red flags as a short coloured list: severity, signal, who, next move."""
    if len(gaps) == 0:
        return f'<b style="color:{GOOD_COLOR}">没有发现覆盖缺口。</b>每次拜访后记得更新地图。'
    items = []
    for _, row in gaps.iterrows():  # a handful of flags
        color = SEVERITY_COLORS[str(row["严重程度"])]
        who = "" if row["涉及"] == "—" else f"（{html.escape(row['涉及'])}）"
        items.append(f'<li><b style="color:{color}">[{row["严重程度"]}] '
                     f"{html.escape(row['信号'])}</b>{who}：{html.escape(row['下一步'])}</li>")
    return f'<ol style="margin:4px 0">{"".join(items)}</ol>'


class BuyingCentreEditor(w.VBox):
    """Pick a person, change their stance, influence, mode or meetings; the flags follow.

    Every change is applied to a copy of the map (the original stays in ``original``).
    The last results are kept in ``centre``, ``gaps`` and ``figure``; ``reset()`` goes
    back to the original map.
    """

    def __init__(self, centre: pd.DataFrame, thin: int = 3):
        self.original = centre
        self.centre = centre
        self.thin = thin
        self.gaps: pd.DataFrame | None = None
        self.figure = None
        people = list(centre.index)
        self.person = w.Dropdown(options=people, value=people[0], description="关键人",
                                 style=STYLE, layout=w.Layout(width="360px"))
        self.stance = w.Dropdown(options=list(STANCES), description="立场", style=STYLE,
                                 layout=w.Layout(width="360px"))
        self.influence = w.ToggleButtons(options=list(LEVELS), description="影响力",
                                         style=STYLE, layout=w.Layout(width="auto"))
        self.mode = w.Dropdown(options=list(MODES), description="反应模式", style=STYLE,
                               layout=w.Layout(width="360px"))
        self.contacts = w.BoundedIntText(0, min=0, max=999, description="接触次数",
                                         style=STYLE, layout=w.Layout(width="260px"))
        self.reset_button = w.Button(description="恢复原始地图", layout=w.Layout(width="160px"))
        self.flags = w.HTML(layout=w.Layout(width="860px"))
        self.out = w.Output()
        self._loading = False
        self._load_person()
        self.person.observe(self._on_person, names="value")
        for control in (self.stance, self.influence, self.mode, self.contacts):
            control.observe(self._on_edit, names="value")
        self.reset_button.on_click(self.reset)
        super().__init__([self.person, self.stance, self.influence, self.mode, self.contacts,
                          self.reset_button, self.flags, self.out])
        self.refresh()

    def _load_person(self) -> None:
        row = self.centre.loc[self.person.value]
        self._loading = True
        try:
            self.stance.value = row["stance"]
            self.influence.value = row["influence"]
            self.mode.value = row["mode"]
            self.contacts.value = int(row["contacts"])
        finally:
            self._loading = False

    def _on_person(self, _change) -> None:
        self._load_person()

    def _on_edit(self, _change) -> None:
        if self._loading:
            return
        try:
            self.centre = update_person(self.centre, self.person.value,
                                        stance=self.stance.value,
                                        influence=self.influence.value, mode=self.mode.value,
                                        contacts=int(self.contacts.value))
        except CrmkitError as err:
            self.flags.value = error_html(err)
            return
        self.refresh()

    def reset(self, *_):
        self.centre = self.original
        self._load_person()
        self.refresh()

    def refresh(self, *_):
        self.out.clear_output(wait=True)
        self.gaps = coverage_gaps(self.centre, thin=self.thin)
        self.flags.value = (f"<b>覆盖缺口 {len(self.gaps)} 个</b>（接触不超过 {self.thin} 次"
                            f"算覆盖不足）{gaps_html(self.gaps)}")
        self.figure = influence_map_chart(self.centre, self.gaps)
        with self.out:
            display(self.figure)


def buying_centre_editor(centre: pd.DataFrame, thin: int = 3) -> BuyingCentreEditor:
    """Build the map editor for a :func:`buying_centre` table; display it as a cell's result."""
    return BuyingCentreEditor(centre, thin)


# ---------------------------------------------------------------- SWOT workbench

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
