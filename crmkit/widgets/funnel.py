"""Module 5 widgets: a pipeline explorer (probabilities, target) and a qualification scorecard.

The pipeline explorer is thin over :mod:`crmkit.models.funnel`. The scorecard's
questions and scoring rule (``QUALIFICATION_QUESTIONS``, :func:`qualification_score`)
are plain functions with no widget in them, so they can be called and tested alone.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import ipywidgets as w
import numpy as np
import pandas as pd
from IPython.display import display

from crmkit.errors import CrmkitError
from crmkit.models.funnel import (
    DEFAULT_PROBABILITIES,
    SALES_STAGES,
    coverage_ratio,
    weighted_pipeline,
)
from crmkit.viz import use_chinese_font

STYLE = {"description_width": "9em"}
ERROR_COLOR, WARN_COLOR, GOOD_COLOR = "#b2182b", "#e08214", "#1b7837"
BAR_COLORS = {"剩余目标": "#636363", "在途金额": "#9ecae1", "加权管道": "#2171b5"}


def error_html(err: CrmkitError) -> str:
    """A learner's mistake as one red line: the Chinese message, never a traceback."""
    return f'<span style="color:{ERROR_COLOR}">{html.escape(str(err))}</span>'


# ---------------------------------------------------------------- pipeline explorer


def coverage_chart(coverage: pd.Series, weighted_total: float, thin: float = 3.0,
                   title: str = "管道能否填上缺口"):
    """Remaining target, open pipeline and weighted pipeline as three bars, in 万元.

    ``coverage`` comes from :func:`crmkit.models.funnel.coverage_ratio`. The dashed
    line is the remaining target; the dotted one is ``thin`` times it, the rule of
    thumb for a sufficient pipeline. Returns the Figure, already closed in pyplot.
    """
    import matplotlib.pyplot as plt

    use_chinese_font()
    remaining = float(coverage["剩余目标(万元)"])
    values = {"剩余目标": max(remaining, 0.0), "在途金额": float(coverage["在途金额(万元)"]),
              "加权管道": float(weighted_total)}
    fig, ax = plt.subplots(figsize=(7.5, 3.2), dpi=100)
    # Closed at once: the notebook shows it once, as the cell's result or through display().
    plt.close(fig)
    y = np.arange(len(values))[::-1]
    bars = ax.barh(y, list(values.values()), color=[BAR_COLORS[k] for k in values], height=0.6,
                   zorder=2)
    labels = ax.bar_label(bars, labels=[f"{v:,.1f} 万元" for v in values.values()], padding=4,
                          fontsize=9, zorder=3)
    for label in labels:  # keep the figures readable where a reference line runs behind them
        label.set_bbox({"facecolor": "white", "edgecolor": "none", "pad": 1})
    top = max(max(values.values()), remaining * thin if remaining > 0 else 0.0, 1.0)
    if remaining > 0:
        ax.axvline(remaining, color="#444444", linestyle="--", linewidth=1, zorder=1)
        ax.axvline(remaining * thin, color="#444444", linestyle=":", linewidth=1, zorder=1)
        ax.text(remaining * thin, y[-1] - 0.55, f"{thin:g} 倍经验线", ha="center", va="top",
                fontsize=9, color="#444444")
    ax.set_yticks(y, list(values))
    ax.set_xlim(0, top * 1.25)
    ax.set_ylim(y[-1] - 0.9, y[0] + 0.5)
    ax.set_xlabel("金额（万元）")
    ratio = coverage["覆盖倍数"]
    shown = "目标已完成" if pd.isna(ratio) else f"覆盖倍数 {ratio:.2f}"
    ax.set_title(f"{title}：{shown}")
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig


def order_warning(probabilities: Mapping[str, float], stages: Sequence[str]) -> str:
    """A warning when a later stage is given a lower win probability than an earlier one."""
    values = [probabilities[s] for s in stages if s in probabilities]
    names = [s for s in stages if s in probabilities]
    for before, after, p, q in zip(names, names[1:], values, values[1:], strict=False):
        if q < p:
            return (f"“{after}”的赢单概率（{q:.0%}）低于“{before}”（{p:.0%}）：越往后的阶段"
                    "离成交越近，概率通常应当越高，请检查阶段的定义或数据。")
    return ""


def pipeline_html(weighted: pd.DataFrame, coverage: pd.Series, warning: str = "") -> str:
    """Weighted pipeline against the gap to target, and the model's coverage reading."""
    total = float(weighted.loc["合计", "加权金额(万元)"])
    remaining = float(coverage["剩余目标(万元)"])
    if remaining <= 0:
        gap = "目标已经完成。"
    elif total >= remaining:
        gap = (f'按这组概率，预计还能赢下 <b>{total:,.1f}</b> 万元，'
               f'<b style="color:{GOOD_COLOR}">可以覆盖</b>剩余目标 {remaining:,.1f} 万元。')
    else:
        gap = (f'按这组概率，预计还能赢下 <b>{total:,.1f}</b> 万元，比剩余目标 '
               f'{remaining:,.1f} 万元<b style="color:{ERROR_COLOR}">少 '
               f"{remaining - total:,.1f} 万元</b>。")
    warn = f'<br><span style="color:{WARN_COLOR}">{html.escape(warning)}</span>' if warning else ""
    return (f'<div style="line-height:1.8">{gap}<br>覆盖倍数：'
            f'{html.escape(str(coverage["解读"]))}。{warn}</div>')


class PipelineExplorer(w.VBox):
    """Sliders for each open stage's win probability and for the target; the numbers follow.

    ``achieved`` is passed to :func:`coverage_ratio` (None: the won deals in the table).
    The last results are kept in ``table`` (:func:`weighted_pipeline`), ``result``
    (:func:`coverage_ratio`) and ``figure`` so a notebook, or a test, can read them.
    """

    def __init__(self, pipeline: pd.DataFrame, target: float,
                 probabilities: Mapping[str, float] | None = None,
                 stages: Sequence[str] = SALES_STAGES, thin: float = 3.0,
                 achieved: float | None = None):
        self.pipeline, self.stages, self.thin = pipeline, tuple(stages), thin
        self.achieved = achieved
        start = dict(DEFAULT_PROBABILITIES if probabilities is None else probabilities)
        self.sliders = {
            stage: w.FloatSlider(float(start.get(stage, 0.0)), min=0.0, max=1.0, step=0.05,
                                 description=f"{stage}阶段赢单概率", readout_format=".0%",
                                 style=STYLE, layout=w.Layout(width="480px"))
            for stage in self.stages[:-1]}
        top = max(float(target) * 3, 100.0)
        self.target = w.FloatSlider(float(target), min=10.0, max=round(top, -1), step=10.0,
                                    description="全年目标(万元)", readout_format=",.0f",
                                    style=STYLE, layout=w.Layout(width="480px"))
        self.summary = w.HTML(layout=w.Layout(width="720px"))
        self.out = w.Output(layout=w.Layout(width="auto"))
        self.table: pd.DataFrame | None = None
        self.result: pd.Series | None = None
        self.figure = None
        for control in (*self.sliders.values(), self.target):
            control.observe(self.refresh, names="value")
        super().__init__([*self.sliders.values(), self.target, self.summary, self.out])
        self.refresh()

    def probabilities(self) -> dict[str, float]:
        """The slider values, rounded so 0.35 stays 0.35; the last stage is always 100%."""
        chosen = {stage: round(float(s.value), 4) for stage, s in self.sliders.items()}
        return {**chosen, self.stages[-1]: 1.0}

    def refresh(self, *_):
        probabilities = self.probabilities()
        self.out.clear_output(wait=True)
        with self.out:
            try:
                self.table = weighted_pipeline(self.pipeline, probabilities, self.stages)
                self.result = coverage_ratio(self.pipeline, round(float(self.target.value), 2),
                                             achieved=self.achieved, thin=self.thin,
                                             stages=self.stages)
            except CrmkitError as err:
                self.table = self.result = None
                self.summary.value = error_html(err)
                return
            warning = order_warning(probabilities, self.stages)
            self.summary.value = pipeline_html(self.table, self.result, warning)
            total = float(self.table.loc["合计", "加权金额(万元)"])
            self.figure = coverage_chart(self.result, total, self.thin)
            display(self.figure)
            display(self.table)


def pipeline_explorer(pipeline: pd.DataFrame, target: float,
                      probabilities: Mapping[str, float] | None = None,
                      stages: Sequence[str] = SALES_STAGES, thin: float = 3.0,
                      achieved: float | None = None) -> PipelineExplorer:
    """Build the pipeline explorer; display it as the last line of a cell.

    ``achieved`` is what already counts toward the target; by default the won deals
    in the table (pass 0 when the target is for a new period).
    """
    return PipelineExplorer(pipeline, target, probabilities, stages, thin, achieved)


# ---------------------------------------------------------------- opportunity qualification

# The three questions a team asks before it invests in an opportunity, after the
# securities key-account material (seed 001): is it a real opportunity, is it a live
# project, is it our project. The wording is the kit's own.
LEVELS = ("真实的商机吗", "落实的项目吗", "是我们的项目吗")
LEVEL_HEADINGS = dict(zip(LEVELS, ["第一层：这是一个真实的商机吗？",
                                   "第二层：这是一个落实的项目吗？",
                                   "第三层：这是我们的项目吗？"], strict=True))
QUALIFICATION_QUESTIONS = pd.DataFrame({
    "层次": [LEVELS[0]] * 2 + [LEVELS[1]] * 4 + [LEVELS[2]] * 5,
    "要点": ["客户压力", "我方价值", "需求", "决策过程", "实施资源", "驱动因素",
           "决策因素", "解决方案", "投入产出", "客户关系", "独特价值"],
    "问题": [
        "客户是否有非解决不可的难题，而不只是随口问问？",
        "在这件事上，我们的产品或服务能否给客户带来看得见的好处？",
        "客户要什么、要多少、什么时候要，是否已经说清楚？",
        "谁参与决定、按什么流程、什么时候拍板，我们是否清楚？",
        "预算、人手或系统等落地条件，客户是否已经准备好？",
        "推动这件事的力量（监管要求、成本压力、业务扩张）是否明确而且会持续？",
        "客户最看重什么、按什么标准挑选，我们是否摸清了？",
        "我们的方案是否对准了客户的需要，而不是在推自己想卖的产品？",
        "为拿下它要花的人力、价格让步和领导时间，与它的价值是否相称？",
        "在关键决策人那里，我们是否已有信任基础？",
        "与竞争对手相比，我们是否有对方做不到或做不好的地方？",
    ],
}, index=pd.RangeIndex(1, 12, name="序号"))
ANSWER_POINTS: dict[str, int] = {"是": 2, "部分": 1, "否": 0}
# Teaching assumption: a fully qualified opportunity has no 否 and at least 80% of the points.
STRONG_SHARE = 0.80

VERDICTS = {
    "not_real": ("还不是真实的商机",
                 "第一层有“否”：客户没有非解决不可的问题，或者我们的价值体现不出来。先保持联系、"
                 "继续了解客户的难处，暂时不要投入做方案的资源。"),
    "not_live": ("商机是真的，但项目还没落实",
                 "第二层有“否”：需求、决策流程、落地条件或推动力还有空白。下一次拜访先把这些弄清楚，"
                 "再决定投入多少。"),
    "not_ours": ("项目是真的，但未必是我们的",
                 "第三层有“否”：在客户的选择标准、方案、投入或关系上我们有短板。能补的马上补，"
                 "补不了就控制投入，不要陪着别人跑完全程。"),
    "ours": ("这是值得重点投入的“我们的项目”",
             "三层都通过，而且把握较大。按里程碑推进，把资源优先配给它。"),
    "unsure": ("方向对，但不确定的地方还多",
               "没有“否”，但“部分”较多。把每个“部分”变成“是”需要什么信息，就是下一步的拜访目标。"),
}


@dataclass(frozen=True)
class QualificationResult:
    """Score and reading of one opportunity's qualification answers."""

    table: pd.DataFrame
    by_level: pd.DataFrame
    score: int
    maximum: int
    verdict: str
    advice: str

    @property
    def share(self) -> float:
        """Score as a fraction of the maximum."""
        return self.score / self.maximum

    @property
    def gaps(self) -> list[str]:
        """The points not answered 是: what to find out on the next visit."""
        return self.table.loc[self.table["回答"] != "是", "要点"].tolist()


def qualification_score(answers: Sequence[str]) -> QualificationResult:
    """Score the 11 qualification questions (是 2, 部分 1, 否 0) and read the result.

    The levels are gates, in order: a 否 in the first level means no real opportunity,
    a 否 in the second means the project is not live, a 否 in the third means it is
    not ours; with no 否 at all, at least ``STRONG_SHARE`` of the points makes it a
    project to invest in, anything less a promising one with open questions.
    """
    if isinstance(answers, str) or not isinstance(answers, Sequence):
        raise CrmkitError("回答应当是一列文字，例如 ['是', '部分', '否', …]")
    n = len(QUALIFICATION_QUESTIONS)
    if len(answers) != n:
        raise CrmkitError(f"需要回答 {n} 个问题，收到 {len(answers)} 个回答",
                          hint="每个问题都要回答“是”“部分”或“否”")
    given = pd.Series([str(a).strip() for a in answers], index=QUALIFICATION_QUESTIONS.index)
    bad = ~given.isin(list(ANSWER_POINTS))
    if bad.any():
        first = int(given.index[bad.to_numpy()][0])
        raise CrmkitError(f"第 {first} 题的回答“{given[first]}”看不懂",
                          hint="只能回答“是”“部分”或“否”")
    table = QUALIFICATION_QUESTIONS.assign(回答=given, 得分=given.map(ANSWER_POINTS))
    grouped = table.groupby("层次", sort=False)["得分"]
    by_level = pd.DataFrame({"得分": grouped.sum(), "满分": grouped.size() * 2,
                             "“否”的个数": table["回答"].eq("否").groupby(table["层次"],
                                                                      sort=False).sum()})
    score, maximum = int(table["得分"].sum()), int(by_level["满分"].sum())
    no = by_level["“否”的个数"]
    if no[LEVELS[0]] > 0:
        key = "not_real"
    elif no[LEVELS[1]] > 0:
        key = "not_live"
    elif no[LEVELS[2]] > 0:
        key = "not_ours"
    else:
        key = "ours" if score >= STRONG_SHARE * maximum else "unsure"
    verdict, advice = VERDICTS[key]
    return QualificationResult(table=table, by_level=by_level, score=score, maximum=maximum,
                               verdict=verdict, advice=advice)


def qualification_html(result: QualificationResult) -> str:
    """Score, the subtotal of each level, the verdict and what to find out next."""
    levels = "　".join(f"{name} {row['得分']}/{row['满分']}"
                      for name, row in result.by_level.iterrows())
    gaps = "、".join(result.gaps) if result.gaps else "没有，全部回答了“是”"
    return (f'<div style="line-height:1.8"><b style="font-size:1.15em">得分 {result.score} / '
            f"{result.maximum}（{result.share:.1%}）</b>　{html.escape(levels)}<br>"
            f"<b>{html.escape(result.verdict)}</b>：{html.escape(result.advice)}<br>"
            f"还没有回答“是”的要点：{html.escape(gaps)}</div>")


class QualificationScorecard(w.VBox):
    """One 是 / 部分 / 否 toggle per question, grouped by level; score and reading follow.

    The last result is kept in ``result`` (a :class:`QualificationResult`) and its
    per-question table in ``table``.
    """

    def __init__(self, answers: Sequence[str] | None = None):
        start = list(answers) if answers is not None else ["部分"] * len(QUALIFICATION_QUESTIONS)
        qualification_score(start)  # a wrong starting list is the caller's error: raise it
        self.toggles: list[w.ToggleButtons] = []
        rows: list[w.Widget] = []
        for level in LEVELS:  # three headings, eleven questions
            rows.append(w.HTML(f"<b>{html.escape(LEVEL_HEADINGS[level])}</b>",
                               layout=w.Layout(margin="8px 0 0 0")))
            part = QUALIFICATION_QUESTIONS[QUALIFICATION_QUESTIONS["层次"] == level]
            for number, question in part["问题"].items():
                toggle = w.ToggleButtons(options=list(ANSWER_POINTS), value=start[number - 1],
                                         style={"button_width": "4em"},
                                         layout=w.Layout(width="auto"))
                label = w.HTML(f"{number}. {html.escape(question)}",
                               layout=w.Layout(width="520px"))
                self.toggles.append(toggle)
                rows.append(w.HBox([label, toggle], layout=w.Layout(width="auto")))
        self.answer = w.HTML(layout=w.Layout(width="720px"))
        self.result: QualificationResult | None = None
        self.table: pd.DataFrame | None = None
        for toggle in self.toggles:
            toggle.observe(self.refresh, names="value")
        super().__init__([*rows, self.answer])
        self.refresh()

    def answers(self) -> list[str]:
        return [t.value for t in self.toggles]

    def refresh(self, *_):
        try:
            self.result = qualification_score(self.answers())
        except CrmkitError as err:  # only reachable if a toggle is given a foreign value
            self.result = self.table = None
            self.answer.value = error_html(err)
            return
        self.table = self.result.table
        self.answer.value = qualification_html(self.result)


def qualification_scorecard(answers: Sequence[str] | None = None) -> QualificationScorecard:
    """Build the scorecard (every answer starts at 部分); display it as a cell's result."""
    return QualificationScorecard(answers)
