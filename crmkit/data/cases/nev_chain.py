"""新能源汽车产业链: the data files of ``cases/nev-chain/``."""

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
    "receivable_days": "应收账款周转天数", "payable_days": "应付账款周转天数",
}

# Teaching assumptions (示意): (firms listed, decay ratio, share the listed firms hold in %).
NEV_SEGMENTS = {
    "整车": (12, 0.72, 88.0),
    "动力电池": (10, 0.50, 95.0),
    "正极材料": (12, 0.82, 80.0),
    "线束与结构件": (15, 0.90, 45.0),
}
NEV_SHORT = {"整车": "整车", "动力电池": "电池", "正极材料": "正极", "线束与结构件": "结构件"}
# Growth paths: (first-year growth, last-year growth, noise).
NEV_GROWTH = {
    "新能源整车销量": (0.95, 0.22, 0.03),
    "动力电池装机量": (1.05, 0.26, 0.03),
    "公共充电桩年新增量": (0.60, 0.35, 0.16),
    "燃油车传动部件": (0.05, -0.09, 0.01),
}
# (人均固定资产 万元/人, 人工成本占比, 研发占比, 每亿元收入占地 亩).
NEV_INTENSITY = {
    "整车制造": (150, 0.08, 0.045, 30),
    "动力电池": (250, 0.05, 0.05, 25),
    "线束与结构件": (40, 0.22, 0.02, 45),
    "充电运营": (80, 0.06, 0.02, 120),
}
# One year of five fictional firms: revenue 亿元, margins, debt ratio, turnover days.
NEV_FIRMS = pd.DataFrame({
    "firm": ["整车甲", "电池甲", "正极丙", "结构件丁", "充电戊"],
    "link": ["整车", "动力电池", "正极材料", "线束与结构件", "充电运营"],
    "revenue": [600.0, 300.0, 50.0, 8.0, 2.0],
    "gross_margin": [0.18, 0.23, 0.10, 0.14, 0.10],
    "gross_margin_last": [0.21, 0.24, 0.20, 0.19, 0.08],
    "net_margin": [0.04, 0.09, 0.01, 0.03, -0.05],
    "debt_ratio": [0.72, 0.62, 0.60, 0.66, 0.70],
    "receivable_days": [20.0, 80.0, 90.0, 150.0, 60.0],
    "inventory_days": [45.0, 70.0, 80.0, 60.0, 5.0],
    "payable_days": [170.0, 120.0, 60.0, 75.0, 90.0],
})


def generate(seed: int = 101) -> Tables:
    """新能源汽车产业链: shares by link, growth series, intensity profile, five firms."""
    rng = make_rng(seed)
    shares = share_rows(NEV_SEGMENTS, rng, prefix=NEV_SHORT)
    growth = pd.DataFrame({"year": years(10)})
    for name, (start, end, noise) in NEV_GROWTH.items():
        growth[name] = growth_path(rng, start, end, 10, noise)
    return {"shares.csv": shares, "growth.csv": growth,
            "intensity.csv": intensity_table(rng, NEV_INTENSITY),
            "financials.csv": firm_table(rng, NEV_FIRMS)}
