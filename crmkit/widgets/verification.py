"""Module 4 widget: move the reference ratios and the tolerance, watch the cross-check flags.

Thin over :mod:`crmkit.models.verification`: the sliders only choose the
parameters of :func:`implied_revenue`; the ratio checks keep the chapter's
thresholds, so the flag list changes only through the revenue cross-check.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

import ipywidgets as w
import pandas as pd
from IPython.display import display

from crmkit.charts.verification import FLAG_COLOR, verification_chart
from crmkit.errors import CrmkitError
from crmkit.models.verification import (
    RATIO_COLUMNS,
    SOURCES,
    flag_list,
    implied_revenue,
    no_ratio_flags,
    ratio_checks,
)
from crmkit.widgets.html import error_html

STYLE = {"description_width": "9em"}
PRESET_KEYS = ("revenue_per_kwh", "vat_burden", "inflow_ratio")


def flags_html(check: pd.DataFrame, flags: pd.DataFrame) -> str:
    """How many flags, and for each source the periods outside the tolerance with the deviation."""
    n_rev = int((flags["类别"] == "收入交叉验证").sum())
    n_ratio = int((flags["类别"] == "财务比率").sum())
    lines = []
    for source, part in check.groupby("核验来源", sort=False):  # at most three sources
        hit = part[part["预警"]]
        found = "；".join(f"{p}（{d:+.1f}%）" for p, d in zip(hit["期间"], hit["偏差(%)"],
                                                          strict=True))
        lines.append(f"<li>{html.escape(source)}：" + (
            f'<span style="color:{FLAG_COLOR}">{html.escape(found)}</span>' if found
            else "各期都在容忍范围内") + "</li>")
    head = (f'共 <b style="color:{FLAG_COLOR}">{len(flags)}</b> 条预警：'
            f"收入交叉验证 {n_rev} 条，财务比率 {n_ratio} 条。")
    return f'<div style="line-height:1.7">{head}<ul>{"".join(lines)}</ul></div>'


class VerificationExplorer(w.VBox):
    """Sliders for the three reference ratios and the tolerance; chart, flags and table follow.

    ``firms`` is one firm table (see :mod:`crmkit.models.verification`) or a mapping
    of names to firm tables, chosen from a dropdown. ``presets`` may give a firm its own
    starting ratios ({name: {"revenue_per_kwh": 12, ...}}), because a stamping plant and
    a parts maker do not earn the same per kWh. A source the firm has no column for is
    switched off. The last results are kept in ``result`` (the
    :func:`implied_revenue` table), ``ratios``, ``table`` (the flag list) and ``figure``.
    """

    def __init__(self, firms: pd.DataFrame | Mapping[str, pd.DataFrame],
                 revenue_per_kwh: float = 20.0, vat_burden: float = 0.03,
                 inflow_ratio: float = 1.10, tolerance: float = 0.20,
                 presets: Mapping[str, Mapping[str, float]] | None = None):
        self.firms = {"企业": firms} if isinstance(firms, pd.DataFrame) else dict(firms)
        if not self.firms:
            raise CrmkitError("没有可以核验的企业", hint="至少给出一家企业的数据表")
        self.presets = {name: dict(p) for name, p in (presets or {}).items()}
        unknown = [k for p in self.presets.values() for k in p if k not in PRESET_KEYS]
        if unknown:
            raise CrmkitError(f"不认识的参考比率名称“{unknown[0]}”",
                              hint=f"可以用：{'、'.join(PRESET_KEYS)}")

        def slider(value, low, high, step, description, fmt):
            # each slider its own Layout, so hiding or resizing one never moves the others
            return w.FloatSlider(value, min=low, max=high, step=step, description=description,
                                 readout_format=fmt, style=STYLE, layout=w.Layout(width="480px"))

        self.firm = w.Dropdown(options=list(self.firms), description="选择企业", style=STYLE,
                               layout=w.Layout(width="480px",
                                               display=None if len(self.firms) > 1 else "none"))
        self.use = {key: w.Checkbox(value=True, description=f"用{name}核验", indent=False,
                                    layout=w.Layout(width="150px"))
                    for key, (_, name) in SOURCES.items()}
        self.kwh = slider(revenue_per_kwh, 5.0, 60.0, 0.5, "每千瓦时收入(元)", ".1f")
        self.vat = slider(vat_burden, 0.005, 0.10, 0.001, "增值税税负率", ".1%")
        self.inflow = slider(inflow_ratio, 0.50, 1.60, 0.01, "流水收入比", ".2f")
        self.tolerance = slider(tolerance, 0.05, 0.50, 0.01, "容忍范围 ±", ".0%")
        self.sliders = {"revenue_per_kwh": self.kwh, "vat_burden": self.vat,
                        "inflow_ratio": self.inflow}
        self.summary = w.HTML(layout=w.Layout(width="720px"))
        self.out = w.Output(layout=w.Layout(width="auto"))
        self.result: pd.DataFrame | None = None
        self.ratios: pd.DataFrame | None = None
        self.table: pd.DataFrame | None = None
        self.figure = None
        self._loading = False
        self.firm.observe(self._load_firm, names="value")
        for control in (*self.use.values(), self.kwh, self.vat, self.inflow, self.tolerance):
            control.observe(self.refresh, names="value")
        super().__init__([self.firm, w.HBox(list(self.use.values())), self.kwh, self.vat,
                          self.inflow, self.tolerance, self.summary, self.out])
        self._load_firm()

    def _load_firm(self, *_):
        """Set the firm's preset ratios; switch off the sources it has no data for."""
        columns = set(self.firms[self.firm.value].columns)
        self._loading = True
        for key, value in self.presets.get(self.firm.value, {}).items():
            self.sliders[key].value = value
        for key, (column, _) in SOURCES.items():
            self.use[key].disabled = column not in columns
            self.use[key].value = column in columns
        self._loading = False
        self.refresh()

    def references(self) -> dict[str, float | None]:
        """The three ratios for :func:`implied_revenue`; None for a source switched off."""
        values = {"electricity": ("revenue_per_kwh", round(float(self.kwh.value), 2)),
                  "vat": ("vat_burden", round(float(self.vat.value), 4)),
                  "inflows": ("inflow_ratio", round(float(self.inflow.value), 3))}
        return {arg: (value if self.use[key].value else None)
                for key, (arg, value) in values.items()}

    def refresh(self, *_):
        if self._loading:
            return
        firm = self.firms[self.firm.value]
        self.out.clear_output(wait=True)
        with self.out:
            try:
                if not any(box.value for box in self.use.values()):
                    raise CrmkitError("三个来源都没有勾选，没有可以核验的数据",
                                      hint="至少勾选用电量、增值税、银行流水中的一个")
                self.result = implied_revenue(firm, **self.references(),
                                              tolerance=round(float(self.tolerance.value), 4))
                has_ratios = set(RATIO_COLUMNS) <= set(firm.columns)
                self.ratios = ratio_checks(firm) if has_ratios else no_ratio_flags(firm)
                self.table = flag_list(self.result, self.ratios)
            except CrmkitError as err:
                self.result = self.table = None
                self.summary.value = error_html(err)
                return
            self.summary.value = flags_html(self.result, self.table)
            self.figure = verification_chart(self.result,
                                             title=f"{self.firm.value}：报表收入与推算收入")
            display(self.figure)
            display(self.table)


def verification_explorer(firms: pd.DataFrame | Mapping[str, pd.DataFrame],
                          revenue_per_kwh: float = 20.0, vat_burden: float = 0.03,
                          inflow_ratio: float = 1.10,
                          tolerance: float = 0.20,
                          presets: Mapping[str, Mapping[str, float]] | None = None,
                          ) -> VerificationExplorer:
    """Build the cross-verification explorer; display it as the last line of a cell."""
    return VerificationExplorer(firms, revenue_per_kwh, vat_burden, inflow_ratio, tolerance,
                                presets)
