"""Cross-verification (交叉验证) of a firm's reported revenue, plus simple ratio checks.

Off-site, a customer manager reads the statements the firm hands over; on site
and from third parties she gathers numbers that are hard to dress up: the power
bill, the tax paid, the money that really came into the firm's bank accounts.
Each of them, divided by a reference ratio, implies a revenue. Where the
reported revenue strays from an implied one by more than a tolerance, there is
a question to ask on site.

The reference ratios (revenue per kWh, VAT burden, inflow ÷ revenue) are
parameters because they depend on the industry, the product mix and the firm's
customers; the values used in the book are teaching assumptions, not industry
statistics. Thresholds of the ratio checks are parameters for the same reason.

The firm table has one row per period (year or month) and these columns, money
in 万元: ``period``, ``revenue`` (reported), ``electricity`` (万千瓦时),
``vat_paid``, ``bank_inflows`` (all banks), and for the ratio checks
``cost_of_sales``, ``receivables``, ``inventory``, ``total_assets``,
``total_liabilities`` (period-end balances).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from crmkit.errors import CrmkitError

FIRM_LABELS: dict[str, str] = {
    "period": "期间", "revenue": "报表收入(万元)", "electricity": "用电量(万千瓦时)",
    "vat_paid": "实缴增值税(万元)", "bank_inflows": "银行流入(万元)",
    "cost_of_sales": "营业成本(万元)", "receivables": "应收账款(万元)",
    "inventory": "存货(万元)", "total_assets": "总资产(万元)",
    "total_liabilities": "总负债(万元)",
}
# Each source: (column, Chinese name used in the table and its reasons).
SOURCES: dict[str, tuple[str, str]] = {
    "electricity": ("electricity", "用电量"),
    "vat": ("vat_paid", "增值税"),
    "inflows": ("bank_inflows", "银行流水"),
}
RATIO_COLUMNS = ["revenue", "cost_of_sales", "receivables", "inventory",
                 "total_assets", "total_liabilities"]


def _numbers(firm: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """The named columns as floats; missing, non-numeric or negative values are errors."""
    if len(firm) == 0:
        raise CrmkitError("企业数据表是空的", hint="先确认数据已正确读入")
    missing = [c for c in ["period", *columns] if c not in firm.columns]
    if missing:
        raise CrmkitError(f"企业数据缺少“{'、'.join(missing)}”列",
                          hint=f"现有的列是：{'、'.join(map(str, firm.columns))}")
    values = firm[list(columns)].apply(pd.to_numeric, errors="coerce")
    for column in columns:
        bad = values[column].isna() | (values[column] < 0)
        if bad.any():
            row = int(np.flatnonzero(bad.to_numpy())[0])
            raise CrmkitError(f"值“{firm[column].iloc[row]}”不是非负的数字", row=row + 1,
                              column=column, hint="金额以万元、用电量以万千瓦时填写，不能为负")
    return values.astype(float)


def _tolerances(tolerance: float | Mapping[str, float], used: Sequence[str]) -> dict[str, float]:
    spec = tolerance if isinstance(tolerance, Mapping) else dict.fromkeys(used, tolerance)
    out = {}
    for key in used:
        if key not in spec:
            raise CrmkitError(f"没有给“{SOURCES[key][1]}”指定容忍范围",
                              hint="tolerance 写一个数（例如 0.2），或为每个来源各写一个")
        value = spec[key]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < 1:
            raise CrmkitError(f"容忍范围 {value!r} 不可用",
                              hint="写成 0 到 1 之间的小数，例如 0.2 表示 ±20%")
        out[key] = float(value)
    return out


def _percent(values: pd.Series) -> pd.Series:
    return values.map("{:.1f}".format)


def implied_revenue(firm: pd.DataFrame, *, revenue_per_kwh: float | None,
                    vat_burden: float | None, inflow_ratio: float | None,
                    tolerance: float | Mapping[str, float] = 0.20) -> pd.DataFrame:
    """Revenue implied by power use, VAT paid and bank inflows, and the reported revenue's gap.

    - electricity (万千瓦时) × ``revenue_per_kwh`` (元 of revenue per kWh) = 万元;
    - VAT paid ÷ ``vat_burden`` (VAT paid as a share of revenue);
    - bank inflows ÷ ``inflow_ratio`` (inflows per 1 of revenue; above 1 when sales
      are collected with VAT through the bank, below 1 when part is cash or bills).

    Pass ``None`` for a ratio to skip that source (a trading firm uses little power).
    Deviation = (reported − implied) ÷ implied. A source is flagged when the
    deviation is outside ±``tolerance`` (one number, or one per source key:
    "electricity", "vat", "inflows"); exactly on the edge is not flagged.
    Returns one row per period and source.
    """
    refs = {"electricity": revenue_per_kwh, "vat": vat_burden, "inflows": inflow_ratio}
    used = [k for k, v in refs.items() if v is not None]
    if not used:
        raise CrmkitError("三个参考比率都是 None，没有可以核验的来源",
                          hint="至少给出每千瓦时收入、增值税税负率、流水收入比中的一个")
    for key in used:
        value = refs[key]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            raise CrmkitError(f"{SOURCES[key][1]}的参考比率必须是正数，收到 {value!r}")
    tol = _tolerances(tolerance, used)
    values = _numbers(firm, ["revenue"] + [SOURCES[k][0] for k in used])
    parts = []
    for order, key in enumerate(used):  # at most three sources, not a loop over rows
        column, name = SOURCES[key]
        if key == "electricity":
            implied = values[column] * refs[key]
        else:
            implied = values[column] / refs[key]
        if (implied <= 0).any():
            row = int(np.flatnonzero((implied <= 0).to_numpy())[0])
            raise CrmkitError(f"{name}为 0，推算不出收入", row=row + 1, column=column,
                              hint="核实数据；这一来源不适用时把它的参考比率设为 None")
        deviation = (values["revenue"] - implied) / implied
        flagged = deviation.abs() > tol[key]
        word = pd.Series(np.where(deviation >= 0, "高", "低"), index=firm.index)
        band = f"±{tol[key] * 100:g}%"
        size = _percent(deviation.abs() * 100)
        reason = pd.Series(np.where(
            flagged,
            "报表收入比" + name + "推算" + word + " " + size + "%，超过 " + band + " 的容忍范围",
            "报表收入与" + name + "推算相差 " + size + "%，在 " + band + " 以内"),
            index=firm.index)
        parts.append(pd.DataFrame({
            "期间": firm["period"].astype(str), "核验来源": name,
            "报表收入(万元)": values["revenue"].round(2), "推算收入(万元)": implied.round(2),
            "偏差(%)": (deviation * 100).round(1), "预警": flagged.to_numpy(),
            "说明": reason, "_row": np.arange(len(firm)), "_order": order}))
    table = pd.concat(parts).sort_values(["_row", "_order"], kind="mergesort")
    return table.drop(columns=["_row", "_order"]).reset_index(drop=True)


def ratio_checks(firm: pd.DataFrame, *, margin_swing: float = 0.05,
                 receivable_jump: float = 30.0, inventory_jump: float = 30.0,
                 debt_ratio_max: float = 0.70, days_in_period: int = 360) -> pd.DataFrame:
    """Gross margin, receivable days, inventory days and debt ratio per period, with flags.

    Receivable days = receivables ÷ revenue × ``days_in_period``; inventory days =
    inventory ÷ cost of sales × ``days_in_period`` (period-end balances; 360 for a
    year, 30 for a month). Flags, each strictly beyond its threshold: gross margin
    moved more than ``margin_swing`` (0.05 = 5 percentage points) from the previous
    period; receivable or inventory days rose by more than ``receivable_jump`` or
    ``inventory_jump`` days; liabilities ÷ assets above ``debt_ratio_max``. The
    first period has no previous one, so only its debt ratio can be flagged.
    """
    for name, value in {"margin_swing": margin_swing, "receivable_jump": receivable_jump,
                        "inventory_jump": inventory_jump, "debt_ratio_max": debt_ratio_max,
                        "days_in_period": days_in_period}.items():
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            raise CrmkitError(f"阈值 {name} 必须是正数，收到 {value!r}")
    v = _numbers(firm, RATIO_COLUMNS)
    for column in ["revenue", "cost_of_sales", "total_assets"]:
        if (v[column] == 0).any():
            row = int(np.flatnonzero((v[column] == 0).to_numpy())[0])
            raise CrmkitError("这一项为 0，算不出比率", row=row + 1, column=column,
                              hint="核实数据是否漏填")
    margin = (v["revenue"] - v["cost_of_sales"]) / v["revenue"]
    ar_days = v["receivables"] / v["revenue"] * days_in_period
    inv_days = v["inventory"] / v["cost_of_sales"] * days_in_period
    debt = v["total_liabilities"] / v["total_assets"]
    d_margin, d_ar, d_inv = margin.diff(), ar_days.diff(), inv_days.diff()

    def reason(flag: pd.Series, text: pd.Series) -> pd.Series:
        return text.where(flag.fillna(False).astype(bool), "")

    swing_pp = f"{margin_swing * 100:g}"
    reasons = pd.concat([
        reason(d_margin.abs() > margin_swing,
               "毛利率较上期" + pd.Series(np.where(d_margin >= 0, "上升", "下降"), index=v.index)
               + " " + _percent(d_margin.abs() * 100) + " 个百分点，波动超过 "
               + swing_pp + " 个百分点；"),
        reason(d_ar > receivable_jump,
               "应收账款周转天数增加 " + _percent(d_ar) + " 天，超过 "
               + f"{receivable_jump:g}" + " 天；"),
        reason(d_inv > inventory_jump,
               "存货周转天数增加 " + _percent(d_inv) + " 天，超过 "
               + f"{inventory_jump:g}" + " 天；"),
        reason(debt > debt_ratio_max,
               "资产负债率 " + _percent(debt * 100) + "%，高于 "
               + f"{debt_ratio_max * 100:g}" + "% 的警戒线；"),
    ], axis=1).sum(axis=1).str.rstrip("；")
    return pd.DataFrame({
        "毛利率(%)": (margin * 100).round(1),
        "毛利率变动(百分点)": (d_margin * 100).round(1),
        "应收账款周转天数": ar_days.round(1),
        "应收天数变动": d_ar.round(1),
        "存货周转天数": inv_days.round(1),
        "存货天数变动": d_inv.round(1),
        "资产负债率(%)": (debt * 100).round(1),
        "预警说明": reasons.where(reasons != "", "无").to_numpy(),
    }).set_axis(pd.Index(firm["period"].astype(str), name="期间"))


def flag_list(revenue_check: pd.DataFrame, ratios: pd.DataFrame) -> pd.DataFrame:
    """Every flag from :func:`implied_revenue` and :func:`ratio_checks` as one list to take on site.

    One row per flag, in period order: 期间, 类别 (收入交叉验证 or 财务比率), 说明.
    """
    rev = revenue_check.loc[revenue_check["预警"], ["期间", "说明"]].assign(类别="收入交叉验证")
    split = ratios["预警说明"].where(ratios["预警说明"] != "无").dropna().str.split("；")
    ratio_rows = split.explode().rename("说明").reset_index().assign(类别="财务比率")
    periods = list(dict.fromkeys(list(revenue_check["期间"]) + list(ratios.index)))
    table = pd.concat([rev, ratio_rows], ignore_index=True)[["期间", "类别", "说明"]]
    table["_p"] = table["期间"].map({p: i for i, p in enumerate(periods)})
    return (table.sort_values("_p", kind="mergesort").drop(columns="_p")
            .reset_index(drop=True))


def example_firm() -> pd.DataFrame:
    """Three years of an invented precision-parts maker (示意), for the chapter's worked example.

    With the book's teaching ratios (20 元 per kWh, VAT burden 3%, inflows 1.10 ×
    revenue) 2021 and 2022 agree with every source; in 2023 reported revenue
    (8,700 万元) is 45% above what power use implies and 40.3% above what tax
    implies, while bank inflows agree, and margin, receivable days, inventory
    days and the debt ratio all jump.
    """
    return pd.DataFrame({
        "period": ["2021", "2022", "2023"],
        "revenue": [5000.0, 6000.0, 8700.0],
        "electricity": [250.0, 290.0, 300.0],
        "vat_paid": [150.0, 174.0, 186.0],
        "bank_inflows": [5610.0, 6490.0, 9350.0],
        "cost_of_sales": [4000.0, 4740.0, 6090.0],
        "receivables": [750.0, 1000.0, 2900.0],
        "inventory": [500.0, 790.0, 1624.0],
        "total_assets": [6000.0, 6800.0, 9000.0],
        "total_liabilities": [3300.0, 3740.0, 6480.0],
    })


def no_ratio_flags(firm: pd.DataFrame) -> pd.DataFrame:
    """An empty ratio table, for a firm whose statements lack the balance-sheet columns."""
    return pd.DataFrame({"预警说明": "无"},
                        index=pd.Index(firm["period"].astype(str), name="期间"))
