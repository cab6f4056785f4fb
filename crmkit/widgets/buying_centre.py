"""The buying-centre lab's widget: edit each person's role, stance and contact, and see the
influence map and the coverage gaps."""

from __future__ import annotations

import html

import ipywidgets as w
import pandas as pd
from IPython.display import display

from crmkit.charts.buying_centre import influence_map_chart
from crmkit.errors import CrmkitError
from crmkit.models.buying_centre import LEVELS, MODES, STANCES, coverage_gaps, update_person
from crmkit.widgets.html import GOOD_COLOR, error_html

STYLE = {"description_width": "9em"}


SEVERITY_COLORS = {"高": "#b2182b", "中": "#e08214", "低": "#636363"}


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
