"""Module 5 widgets: a pipeline explorer (probabilities, target) and a qualification scorecard.

The pipeline explorer is thin over :mod:`crmkit.models.funnel`. The scorecard's
questions and scoring rule (``QUALIFICATION_QUESTIONS``, :func:`qualification_score`)
are plain functions with no widget in them, so they can be called and tested alone.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

import ipywidgets as w
import pandas as pd
from IPython.display import display

from crmkit.charts.funnel import coverage_chart
from crmkit.errors import CrmkitError
from crmkit.models.funnel import (
    ANSWER_POINTS,
    DEFAULT_PROBABILITIES,
    LEVEL_HEADINGS,
    LEVELS,
    QUALIFICATION_QUESTIONS,
    SALES_STAGES,
    QualificationResult,
    coverage_ratio,
    order_warning,
    qualification_score,
    weighted_pipeline,
)
from crmkit.widgets.html import ERROR_COLOR, GOOD_COLOR, WARN_COLOR, error_html

STYLE = {"description_width": "9em"}


# ---------------------------------------------------------------- pipeline explorer


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
