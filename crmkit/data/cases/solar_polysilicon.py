"""光伏及多晶硅: the data files of ``cases/solar-polysilicon/``."""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmkit.data.cases._common import (
    COLUMN_LABELS,
    Tables,
    intensity_table,
    jitter,
    make_rng,
    share_rows,
    years,
)

# Chinese names of the columns in this case's files.
LABELS: dict[str, str] = {
    **COLUMN_LABELS,
    "period": "时点", "year": "年份", "rd_share": "研发投入占营业收入比重",
    "revenue": "营业收入(亿元)", "capacity": "产能(万吨)", "output": "产量(万吨)",
    "demand": "需求量(万吨)", "utilization": "产能利用率", "price": "价格(万元/吨)",
    "cash_cost": "行业平均现金成本(万元/吨)", "volume": "销量(万吨)",
    "unit_cost": "单位完全成本(万元/吨)", "gross_profit": "毛利(亿元)",
}

# A capacity cycle (示意): demand grows steadily while capacity comes in two waves, each
# answering the fat margins of the years before it.
SOLAR_YEARS = 12
SOLAR_DEMAND_START = 20.0            # 万吨 in year 1
SOLAR_DEMAND_GROWTH = (0.30, 0.18)   # drifting from 30% to 18% a year
SOLAR_CAPACITY_START = 24.0          # 万吨 in year 1
SOLAR_CAPACITY_GROWTH = [0.0, 0.08, 0.15, 0.45, 0.50, 0.12, 0.02, 0.05, 0.20, 0.55, 0.60, 0.08]
SOLAR_COST_START = 9.0               # 万元/吨 industry cash cost in year 1
SOLAR_COST_DECLINE = 0.07            # a year, from better technology
SOLAR_PRICE_SLOPE = 3.0              # price / cost = exp(slope × (utilization − 0.78))
SOLAR_FIRM_SHARE = 0.12              # the case firm's share of industry output
SOLAR_FIRM_COST_MARKUP = 1.25        # its full unit cost (with depreciation, interest) / cash cost
SOLAR_FIRM_ASSETS = 60.0             # 亿元 of total assets before year 1
SOLAR_FIRM_EQUITY = 30.0             # 亿元 of equity before year 1
SOLAR_SHARE_SPECS = {"第 5 年": (10, 0.80, 92.0), "第 12 年": (8, 0.62, 97.0)}
SOLAR_INTENSITY = {
    "多晶硅": (300, 0.06, 0.03, 40),
    "电池片与组件": (90, 0.12, 0.035, 35),
    "光伏电站": (400, 0.02, 0.005, 900),
}


def generate(seed: int = 202) -> Tables:
    """光伏及多晶硅: a 12-year capacity and price cycle, shares at two dates, a firm's P&L."""
    rng = make_rng(seed)
    n = SOLAR_YEARS
    demand_growth = np.linspace(*SOLAR_DEMAND_GROWTH, n) + rng.normal(0, 0.02, n)
    demand_growth[0] = 0.0
    demand = SOLAR_DEMAND_START * np.cumprod(1 + demand_growth)
    capacity = SOLAR_CAPACITY_START * np.cumprod(1 + np.asarray(SOLAR_CAPACITY_GROWTH))
    output = np.minimum(demand, capacity * 0.97)
    utilization = output / capacity
    cash_cost = SOLAR_COST_START * (1 - SOLAR_COST_DECLINE) ** np.arange(n)
    price = (cash_cost * np.exp(SOLAR_PRICE_SLOPE * (utilization - 0.78))
             * jitter(rng, np.ones(n), 0.04))
    cycle = pd.DataFrame({
        "year": years(n), "capacity": capacity.round(1), "output": output.round(1),
        "demand": demand.round(1), "utilization": utilization.round(3),
        "price": price.round(2), "cash_cost": cash_cost.round(2),
    })
    volume = (cycle["output"] * SOLAR_FIRM_SHARE * jitter(rng, np.ones(n), 0.03)).round(2)
    unit_cost = (cycle["cash_cost"] * SOLAR_FIRM_COST_MARKUP).round(2)
    revenue = (volume * cycle["price"]).round(2)          # 万吨 × 万元/吨 = 亿元
    gross = (revenue - volume * unit_cost).round(2)
    # Capex follows last year's gross profit (the fat years pay for the next wave).
    capex = (np.maximum(np.r_[gross.iloc[0], gross.iloc[:-1]], 0) * 0.9 + 1.0).round(2)
    # Balance sheet: assets grow with capex; equity keeps 75% of gross profit less 2 亿元 of
    # other costs a year, so losses eat into it; debt is the rest.
    assets = SOLAR_FIRM_ASSETS + np.cumsum(capex) * 0.9
    equity = SOLAR_FIRM_EQUITY + np.cumsum(gross * 0.75 - 2.0)
    debt_ratio = (1 - equity / assets).round(3)
    firm = pd.DataFrame({"year": years(n), "volume": volume, "price": cycle["price"],
                         "unit_cost": unit_cost, "revenue": revenue, "gross_profit": gross,
                         "capex": capex, "debt_ratio": debt_ratio}).iloc[4:].reset_index(drop=True)
    shares = share_rows(SOLAR_SHARE_SPECS, rng, column="period",
                        prefix={k: "硅料" for k in SOLAR_SHARE_SPECS})
    return {"cycle.csv": cycle, "shares.csv": shares, "financials.csv": firm,
            "intensity.csv": intensity_table(rng, SOLAR_INTENSITY)}
