"""农业的盈利模式与财务风险: the data files of ``cases/agriculture-finance/``."""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmkit.data.cases._common import (
    COLUMN_LABELS,
    Tables,
    growth_path,
    intensity_table,
    jitter,
    make_rng,
    share_rows,
    years,
)

# Chinese names of the columns in this case's files.
LABELS: dict[str, str] = {
    **COLUMN_LABELS,
    "year": "年份", "rd_share": "研发投入占营业收入比重", "quarter": "季度",
    "hog_cost": "养殖完全成本(元/公斤)", "farm": "经营主体", "inflow": "现金流入(万元)",
    "outflow": "现金流出(万元)",
}

AG_QUARTERS = 20
AG_HOG_PRICE_MEAN = 16.0        # 元/公斤 (示意)
AG_HOG_PRICE_SWING = 5.5        # amplitude of the hog cycle
AG_HOG_CYCLE_QUARTERS = 15      # about four years from peak to peak
AG_HOG_COST = 15.0              # 元/公斤 full cost of a mid-sized farm
AG_HOG_WEIGHT = 120             # 公斤 per head at sale
AG_COUNTY_SHARES = (20, 0.92, 38.0)   # county hog output: many small farms
# Monthly cash flows (万元, 示意): a 60-mu grape farm sells in Aug–Oct; a 2,000-head hog farm
# sells a batch every four months and pays for feed every month.
AG_GRAPE_OUT = [3, 2, 9, 8, 6, 7, 5, 6, 4, 2, 2, 3]
AG_GRAPE_IN = [0, 0, 0, 0, 0, 0, 2, 28, 30, 12, 0, 0]
AG_HOG_OUT = [40, 40, 42, 42, 42, 44, 44, 44, 45, 45, 45, 46]
AG_HOG_IN = [0, 0, 170, 0, 0, 0, 175, 0, 0, 0, 180, 0]
AG_GROWTH = {
    "本县生猪出栏量": (0.03, 0.01, 0.06),
    "本县设施葡萄面积": (0.28, 0.20, 0.02),
    "本县粮食产量": (0.02, 0.01, 0.01),
}
AG_INTENSITY = {
    "粮食种植": (8, 0.30, 0.0, 1500),
    "设施葡萄": (25, 0.35, 0.01, 600),
    "生猪养殖": (120, 0.10, 0.01, 40),
    "农产品加工": (70, 0.12, 0.015, 40),
}


def generate(seed: int = 606) -> Tables:
    """农业: a 20-quarter hog cycle, county shares, two farms' monthly cash, growth, intensity."""
    rng = make_rng(seed)
    t = np.arange(AG_QUARTERS)
    price = (AG_HOG_PRICE_MEAN + AG_HOG_PRICE_SWING * np.sin(2 * np.pi * t / AG_HOG_CYCLE_QUARTERS)
             + rng.normal(0, 0.5, AG_QUARTERS))
    cost = AG_HOG_COST + rng.normal(0, 0.25, AG_QUARTERS)
    hog = pd.DataFrame({"quarter": t + 1, "hog_price": price.round(2), "hog_cost": cost.round(2)})
    months = np.arange(1, 13)
    cash = pd.concat([
        pd.DataFrame({"farm": "葡萄种植家庭农场", "month": months,
                      "inflow": np.round(jitter(rng, AG_GRAPE_IN, 0.05), 1),
                      "outflow": np.round(jitter(rng, AG_GRAPE_OUT, 0.05), 1)}),
        pd.DataFrame({"farm": "生猪养殖场", "month": months,
                      "inflow": np.round(jitter(rng, AG_HOG_IN, 0.05), 1),
                      "outflow": np.round(jitter(rng, AG_HOG_OUT, 0.05), 1)}),
    ], ignore_index=True)
    growth = pd.DataFrame({"year": years(10)})
    for name, (start, end, noise) in AG_GROWTH.items():
        growth[name] = growth_path(rng, start, end, 10, noise)
    shares = share_rows({"本县生猪出栏": AG_COUNTY_SHARES}, rng, prefix={"本县生猪出栏": "养殖场"})
    return {"hog.csv": hog, "cashflow.csv": cash, "shares.csv": shares, "growth.csv": growth,
            "intensity.csv": intensity_table(rng, AG_INTENSITY)}
