"""The MAN classifier: money, authority and need switched on and off, and the class of
customer they make."""

from __future__ import annotations

import html

import ipywidgets as w

from crmkit.models.man import ManResult, classify_man

STYLE = {"description_width": "9em"}


YES_NO = [("有", True), ("没有", False)]


def result_html(result: ManResult) -> str:
    """The combination, its label and the tactic as a small block of HTML."""
    return (f'<div style="line-height:1.7"><b style="font-size:1.15em">{result.code}'
            f"　{html.escape(result.label)}</b><br>"
            f"<span>含义：{html.escape(result.meaning)}</span><br>"
            f"<span>对策：{html.escape(result.tactic)}</span></div>")


class ManClassifier(w.VBox):
    """Three 有/没有 toggles for money, authority and need; shows code, label and tactic.

    The last result is kept in ``result`` so a notebook (or a test) can read it.
    """

    def __init__(self, money: bool = True, authority: bool = True, need: bool = True):
        def toggle(description: str, value: bool) -> w.ToggleButtons:
            # each control its own Layout, so restyling one never moves the others
            return w.ToggleButtons(options=YES_NO, value=value, description=description,
                                   style=STYLE, layout=w.Layout(width="auto"))

        self.money = toggle("购买力（M）", money)
        self.authority = toggle("决策权（A）", authority)
        self.need = toggle("需求（N）", need)
        self.answer = w.HTML(layout=w.Layout(width="640px"))
        self.result: ManResult | None = None
        for control in (self.money, self.authority, self.need):
            control.observe(self.refresh, names="value")
        super().__init__([self.money, self.authority, self.need, self.answer])
        self.refresh()

    def refresh(self, *_):
        self.result = classify_man(self.money.value, self.authority.value, self.need.value)
        self.answer.value = result_html(self.result)


def man_classifier(money: bool = True, authority: bool = True,
                   need: bool = True) -> ManClassifier:
    """Build the MAN classifier; display it as the last line of a cell."""
    return ManClassifier(money, authority, need)
