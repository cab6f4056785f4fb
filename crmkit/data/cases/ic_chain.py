"""集成电路产业链: the data files of ``cases/ic-chain/``."""

from __future__ import annotations

import pandas as pd

from crmkit.data.cases._common import (
    COLUMN_LABELS,
    Tables,
    firm_table,
    growth_path,
    intensity_table,
    make_rng,
    share_rows,
    years,
)

# Chinese names of the columns in this case's files.
LABELS: dict[str, str] = {
    **COLUMN_LABELS,
    "year": "年份", "rd_share": "研发投入占营业收入比重", "revenue": "营业收入(亿元)",
    "operating_cf": "经营活动现金流(亿元)", "cash": "货币资金(亿元)",
    "depreciation": "折旧摊销(亿元)",
}

IC_SEGMENTS = {
    "晶圆代工": (8, 0.55, 92.0),
    "封装测试": (10, 0.75, 85.0),
    "电源管理芯片设计": (15, 0.88, 60.0),
}
IC_SHORT = {"晶圆代工": "晶圆", "封装测试": "封测", "电源管理芯片设计": "设计"}
IC_GROWTH = {
    "芯片设计收入": (0.24, 0.18, 0.02),
    "晶圆制造收入": (0.22, 0.20, 0.10),
    "封装测试收入": (0.13, 0.05, 0.01),
    "消费电子出货量": (0.06, -0.05, 0.015),
}
IC_INTENSITY = {
    "芯片设计": (30, 0.26, 0.22, 2),
    "晶圆制造": (800, 0.08, 0.11, 30),
    "封装测试": (70, 0.23, 0.04, 28),
    "芯片分销": (8, 0.04, 0.005, 3),
}
IC_FIRMS = pd.DataFrame({
    "firm": ["设计甲", "晶圆乙", "封测丙"],
    "link": ["芯片设计", "晶圆制造", "封装测试"],
    "revenue": [3.2, 45.0, 12.0],
    "gross_margin": [0.45, 0.28, 0.17],
    "rd_ratio": [0.32, 0.10, 0.04],
    "net_profit": [-0.60, 3.50, 0.80],
    "operating_cf": [-0.90, 15.0, 2.20],
    "capex": [0.20, 28.0, 2.00],
    "depreciation": [0.10, 14.0, 1.60],
    "cash": [2.00, 20.0, 2.50],
    "debt_ratio": [0.25, 0.55, 0.52],
    "inventory_days": [160.0, 50.0, 40.0],
})


def generate(seed: int = 303) -> Tables:
    """集成电路产业链: intensity of four links, shares of three segments, growth, three firms."""
    rng = make_rng(seed)
    growth = pd.DataFrame({"year": years(10)})
    for name, (start, end, noise) in IC_GROWTH.items():
        growth[name] = growth_path(rng, start, end, 10, noise)
    return {"intensity.csv": intensity_table(rng, IC_INTENSITY),
            "shares.csv": share_rows(IC_SEGMENTS, rng, prefix=IC_SHORT),
            "growth.csv": growth, "financials.csv": firm_table(rng, IC_FIRMS)}
