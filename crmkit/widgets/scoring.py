"""Widgets for the scoring and churn labs: RFM cut points, CLV side by side, churn thresholds.

Each widget is a VBox over the models in crmkit.models: it keeps its last
results in attributes (for the notebook and the tests) and shows a learner's
mistake as the Chinese message of CrmkitError, in red, never as a traceback.
"""

from __future__ import annotations

import html
import re

import ipywidgets as w
import numpy as np
import pandas as pd
from IPython.display import display

from crmkit.charts.clv import clv_compare_chart
from crmkit.charts.rfm import segment_chart
from crmkit.errors import CrmkitError
from crmkit.models import churn
from crmkit.models.clv import compare_clv, fit_bgnbd, fit_gamma_gamma
from crmkit.models.rfm import (
    DIMENSION_NAMES,
    DIMENSIONS,
    rfm_scores,
    rfm_segments,
    rfm_table,
    segment_summary,
)

ERROR_COLOR = "#b2182b"
STYLE = {"description_width": "11em"}


def error_html(message: str) -> str:
    """A learner's mistake as one red line of Chinese text."""
    return f'<span style="color:{ERROR_COLOR}">{html.escape(message)}</span>'


# ---------------------------------------------------------------------------
# RFM: equal-frequency scores or the learner's own cut points, per dimension
# ---------------------------------------------------------------------------

DEFAULT_CUTS = {"recency": [30, 60, 90, 180], "frequency": [2, 4, 8, 16],
                "monetary": [20_000, 50_000, 100_000, 300_000]}
CUT_UNITS = {"recency": "天", "frequency": "笔", "monetary": "元"}
SCORE_MODES = [("等分位", "quantile"), ("自定义切点", "custom")]
HIGH_RULES = [("高于平均分算高", "mean"), ("4 分及以上算高", 4), ("3 分及以上算高", 3)]


def parse_cuts(text: str, dimension: str) -> list[float]:
    """Read cut points typed as "30, 60, 90, 180" (commas, 顿号 or spaces all work)."""
    if dimension not in DIMENSIONS:
        raise CrmkitError(f"不认识的维度 {dimension!r}", hint="只能是 recency、frequency、monetary")
    parts = [p for p in re.split(r"[,，、;；\s]+", str(text).strip()) if p]
    if not parts:
        raise CrmkitError(f"{DIMENSION_NAMES[dimension]}还没有填切点",
                          hint="用逗号隔开 4 个从小到大的数，例如 30, 60, 90, 180")
    values = []
    for part in parts:
        try:
            values.append(float(part))
        except ValueError:
            raise CrmkitError(f"{DIMENSION_NAMES[dimension]}的切点“{part}”不是数字",
                              hint="只填数字，不带单位，用逗号隔开") from None
    return values


def cuts_for(modes: dict[str, str], texts: dict[str, str]) -> dict[str, list[float]]:
    """The ``cuts`` argument of rfm_scores: only the dimensions set to custom cut points."""
    return {dim: parse_cuts(texts[dim], dim) for dim in DIMENSIONS if modes[dim] == "custom"}


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


# ---------------------------------------------------------------------------
# CLV: the Dwyer formula and the BG/NBD + Gamma-Gamma model side by side
# ---------------------------------------------------------------------------

def clv_summary(table: pd.DataFrame, top: int = 50) -> pd.DataFrame:
    """Totals, mean, maximum and the top-``top`` total of both CLVs (万元), side by side.

    ``attrs["overlap"]`` counts the customers who are in both top-``top`` lists.
    """
    for column in ("customer_id", "dwyer_clv", "model_clv"):
        if column not in table.columns:
            raise CrmkitError(f"找不到“{column}”列", column=column,
                              hint="先用 compare_clv() 算出两种终身价值")
    if isinstance(top, bool) or not isinstance(top, (int, np.integer)) or top < 1:
        raise CrmkitError(f"名额 top 必须是正整数，收到 {top!r}", hint="例如 top=50")
    rows = {}
    for label, column in (("Dwyer 公式", "dwyer_clv"), ("概率模型", "model_clv")):
        values = table[column]
        rows[label] = [values.sum(), values.mean(), values.max(), values.nlargest(top).sum()]
    summary = pd.DataFrame(rows, index=pd.Index(
        ["合计(万元)", "每户平均(万元)", "最高一户(万元)", f"前 {top} 名合计(万元)"],
        name="终身价值")).round(2)
    best = {c: set(table.nlargest(top, c)["customer_id"]) for c in ("dwyer_clv", "model_clv")}
    summary.attrs["overlap"] = len(best["dwyer_clv"] & best["model_clv"])
    summary.attrs["top"] = top
    return summary


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


# ---------------------------------------------------------------------------
# Churn warning: thresholds, list size, and (synthetic data only) hits and misses
# ---------------------------------------------------------------------------

LEVEL_ORDER = {"低": 1, "中": 2, "高": 3}
LIST_SCOPES = [("全部预警（含低风险）", "低"), ("中风险及以上", "中"), ("只看高风险", "高")]
CHECK_MEANINGS = {
    "命中": "上了名单，也确实在流失",
    "漏报": "确实在流失，却没上名单",
    "误报": "上了名单，其实很稳定",
    "正确放过": "没上名单，也确实稳定",
}


def drifting_truth(panel: pd.DataFrame) -> pd.Series:
    """Who is really drifting away: one boolean per customer, from a panel made with
    ``monthly_panel(..., with_truth=True)``.

    Only synthetic data can say this; with real data the truth is known months later.
    """
    if "drifting" not in panel.columns:
        raise CrmkitError("数据里没有“drifting”列，无法知道谁真的在流失",
                          hint="只有合成数据才有这一列：monthly_panel(..., with_truth=True)")
    truth = panel.groupby("customer_id", sort=True)["drifting"].first().astype(bool)
    truth.name = "真实在流失"
    return truth


def warning_check(warnings: pd.DataFrame, truth: pd.Series) -> pd.DataFrame:
    """Hits, misses, false alarms and correct passes of a warning list against the truth.

    ``attrs``: precision (share of the listed customers who really drift) and recall
    (share of the drifting customers who are on the list), NaN when undefined.
    """
    listed = pd.Index(warnings.index)
    unknown = listed.difference(truth.index)
    if len(unknown):
        raise CrmkitError(f"预警名单里有 {len(unknown)} 位客户不在真实结果里："
                          f"{'、'.join(map(str, unknown[:5]))}",
                          hint="名单和真实结果要来自同一份月度数据")
    flagged = truth.index.isin(listed)
    real = truth.to_numpy(dtype=bool)
    counts = [int((flagged & real).sum()), int((~flagged & real).sum()),
              int((flagged & ~real).sum()), int((~flagged & ~real).sum())]
    table = pd.DataFrame({"客户数": counts, "含义": list(CHECK_MEANINGS.values())},
                         index=pd.Index(list(CHECK_MEANINGS), name="结果"))
    hits, misses, false_alarms = counts[:3]
    table.attrs["precision"] = hits / (hits + false_alarms) if hits + false_alarms else np.nan
    table.attrs["recall"] = hits / (hits + misses) if hits + misses else np.nan
    return table


def within_scope(warnings: pd.DataFrame, lowest: str = "低") -> pd.DataFrame:
    """The warnings whose risk level is ``lowest`` or above (低 < 中 < 高)."""
    if lowest not in LEVEL_ORDER:
        raise CrmkitError(f"看不懂风险等级 {lowest!r}", hint="写 低、中 或 高")
    rank = warnings["risk_level"].map(LEVEL_ORDER).fillna(0)
    return warnings[rank.to_numpy() >= LEVEL_ORDER[lowest]]


class ChurnRuleExplorer(w.VBox):
    """A switch and a slider per warning rule, and which risk levels make the list.

    Shows the list size by risk level and the top of the list; when the panel has a
    ``drifting`` column (synthetic data only) also hits, misses and false alarms.
    Last results: ``warnings`` (the list in scope), ``check`` (or None), ``error``.
    """

    def __init__(self, panel: pd.DataFrame, window: int = 3, show: int = 10):
        self.truth = drifting_truth(panel) if "drifting" in panel.columns else None
        self.panel = panel.drop(columns="drifting") if self.truth is not None else panel
        self.window, self.show = window, show

        def slider(cls, value, low, high, step, text, fmt):
            return cls(value, min=low, max=high, step=step, description=text, style=STYLE,
                       readout_format=fmt, layout=w.Layout(width="440px"))

        self.sliders = {
            "balance": slider(w.FloatSlider, 0.30, 0.05, 0.90, 0.05, "资产下降超过", ".0%"),
            "frequency": slider(w.FloatSlider, 0.40, 0.05, 0.95, 0.05, "交易减少超过", ".0%"),
            "share": slider(w.IntSlider, 10, 1, 30, 1, "份额下降超过(百分点)", "d"),
            "complaint": slider(w.IntSlider, 1, 1, 5, 1, "投诉达到(次)", "d"),
            "dormant": slider(w.IntSlider, 60, 30, 270, 30, "无交易达到(天)", "d"),
        }
        self.switches = {rule: w.Checkbox(True, description="启用", indent=False,
                                          layout=w.Layout(width="70px"))
                         for rule in self.sliders}
        self.scope = w.Dropdown(options=LIST_SCOPES, value="低", description="名单范围",
                                style=STYLE, layout=w.Layout(width="440px"))
        self.message = w.HTML()
        self.out = w.Output()
        self.warnings: pd.DataFrame | None = None
        self.check: pd.DataFrame | None = None
        self.error: str | None = None
        for control in [*self.sliders.values(), *self.switches.values(), self.scope]:
            control.observe(self.refresh, names="value")
        rows = [w.HBox([self.switches[r], self.sliders[r]]) for r in self.sliders]
        super().__init__([*rows, self.scope, self.message, self.out])
        self.refresh()

    def limits(self) -> dict[str, float | None]:
        """Keyword arguments for churn_warnings from the controls (None = rule off)."""
        values = {r: (s.value if self.switches[r].value else None) for r, s in self.sliders.items()}
        share = values["share"]
        return {"balance_drop": values["balance"], "txn_drop": values["frequency"],
                "share_drop": None if share is None else share / 100,
                "complaints": values["complaint"], "dormant_days": values["dormant"]}

    def refresh(self, *_):
        for rule, s in self.sliders.items():
            s.disabled = not self.switches[rule].value
        self.out.clear_output(wait=True)
        try:
            listed = within_scope(churn.churn_warnings(self.panel, self.window, **self.limits()),
                                  self.scope.value)
            check = None if self.truth is None else warning_check(listed, self.truth)
        except CrmkitError as err:
            self.error = err.message
            self.warnings = self.check = None
            self.message.value = error_html(err.message)
            return
        self.error, self.warnings, self.check = None, listed, check
        levels = listed["risk_level"].value_counts()
        text = (f"预警名单 {len(listed)} 位：高风险 {levels.get('高', 0)} 位、"
                f"中风险 {levels.get('中', 0)} 位、低风险 {levels.get('低', 0)} 位。")
        if check is not None:
            n = check["客户数"]
            text += (f"对照合成数据的真实情况：命中 {n['命中']} 位，漏报 {n['漏报']} 位，"
                     f"误报 {n['误报']} 位。")
        self.message.value = html.escape(text)
        with self.out:
            if check is not None:
                display(check)
            columns = ["risk_score", "risk_level", "signals", "next_step"]
            display(churn.display_table(listed[columns].head(self.show)))


def churn_rule_explorer(panel: pd.DataFrame, window: int = 3, show: int = 10) -> ChurnRuleExplorer:
    """Build the churn threshold explorer; display it as the last line of a cell."""
    return ChurnRuleExplorer(panel, window, show)
