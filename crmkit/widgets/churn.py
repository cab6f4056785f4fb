"""The churn lab's widget: a switch and a threshold per warning rule, which risk levels make
the list, and (synthetic data only) hits, misses and false alarms."""

from __future__ import annotations

import html

import ipywidgets as w
import pandas as pd
from IPython.display import display

from crmkit.errors import CrmkitError
from crmkit.models import churn
from crmkit.models.churn import drifting_truth, warning_check, within_scope
from crmkit.widgets.html import error_html

STYLE = {"description_width": "11em"}


LIST_SCOPES = [("全部预警（含低风险）", "低"), ("中风险及以上", "中"), ("只看高风险", "高")]


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
