"""医药制造: the data files of ``cases/pharma-manufacturing/``."""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmkit.data.cases._common import (
    COLUMN_LABELS,
    FIRM_CODES,
    Tables,
    firm_table,
    geometric_shares,
    growth_path,
    intensity_table,
    jitter,
    make_rng,
    years,
)

# Chinese names of the columns in this case's files.
LABELS: dict[str, str] = {
    **COLUMN_LABELS,
    "period": "时点", "year": "年份", "rd_share": "研发投入占营业收入比重",
    "revenue": "营业收入(亿元)", "receivable_days": "应收账款周转天数", "product": "品种",
    "category": "类别", "vbp_status": "集采情况", "price_cut": "中标降价幅度",
    "sales_expense_ratio": "销售费用率",
}

# One generic molecule before and after volume-based procurement (集采, 示意): the original
# brand leads a fragmented field; afterwards three winning generics take most of the volume.
# The case firm is 仿制甲: this molecule is its 品种B, which it did not win.
PHARMA_BEFORE = (9, 0.80, 96.0)
PHARMA_AFTER_WINNERS = [34.0, 26.0, 18.0]     # % of volume, 示意
PHARMA_AFTER_OTHERS = (6, 0.75, 20.0)
# Projection rules for next year (teaching assumptions): a won product sells twice the
# volume at the cut price; a lost one keeps 30% of its sales; others grow 3%.
VBP_VOLUME_MULTIPLE = 2.0
VBP_LOST_KEEP = 0.30
NON_VBP_GROWTH = 0.03
PHARMA_PORTFOLIO = pd.DataFrame({
    "product": [f"品种{c}" for c in "ABCDEFGHIJKL"],
    "category": ["仿制药"] * 8 + ["改良型新药"] * 2 + ["原料药"] * 2,
    "revenue": [5.5, 4.2, 2.9, 2.3, 2.0, 1.65, 1.2, 0.85, 1.85, 1.0, 1.5, 0.8],  # 亿元
    "vbp_status": ["中标", "未中标", "中标", "未纳入", "中标", "未中标", "未纳入", "未纳入",
                   "未纳入", "未纳入", "未纳入", "未纳入"],
    "price_cut": [0.55, 0.0, 0.70, 0.0, 0.48, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
})
PHARMA_FIRMS = pd.DataFrame({
    "firm": ["仿制甲", "创新乙", "原料丙"],   # 仿制甲 is the same firm as in the share table
    "link": ["仿制药制剂", "创新药", "原料药"],
    "revenue": [28.0, 9.0, 15.0],
    "gross_margin": [0.62, 0.85, 0.35],
    "gross_margin_last": [0.70, 0.86, 0.33],
    "sales_expense_ratio": [0.30, 0.45, 0.03],
    "rd_ratio": [0.07, 0.55, 0.04],
    "net_margin": [0.12, -0.28, 0.15],
    "receivable_days": [110.0, 95.0, 70.0],
    "debt_ratio": [0.38, 0.30, 0.45],
})
PHARMA_GROWTH = {
    "医药制造业收入": (0.12, 0.04, 0.012),
    "创新药收入": (0.30, 0.24, 0.02),
    "化学仿制药收入": (0.08, -0.03, 0.012),
}
PHARMA_INTENSITY = {
    "仿制药制剂": (70, 0.12, 0.07, 20),
    "创新药": (60, 0.18, 0.55, 8),
    "原料药": (160, 0.10, 0.04, 70),
}


def generate(seed: int = 505) -> Tables:
    """医药制造: shares of one molecule before/after 集采, a product portfolio, three firms."""
    rng = make_rng(seed)
    before = geometric_shares(rng, *PHARMA_BEFORE)
    after = np.r_[np.round(jitter(rng, PHARMA_AFTER_WINNERS, 0.03), 1),
                  geometric_shares(rng, *PHARMA_AFTER_OTHERS)]
    shares = pd.concat([
        pd.DataFrame({"period": "集采前", "firm": ["原研厂"] + [f"仿制{FIRM_CODES[i]}"
                                                          for i in range(len(before) - 1)],
                      "share": before}),
        pd.DataFrame({"period": "集采后", "firm": ["仿制丙", "仿制戊", "仿制庚", "原研厂"]
                      + [f"仿制{c}" for c in "甲乙丁己辛"][:len(after) - 4],
                      "share": after}),
    ], ignore_index=True)
    portfolio = PHARMA_PORTFOLIO.copy()
    portfolio["revenue"] = np.round(jitter(rng, portfolio["revenue"], 0.05), 2)
    growth = pd.DataFrame({"year": years(10)})
    for name, (start, end, noise) in PHARMA_GROWTH.items():
        growth[name] = growth_path(rng, start, end, 10, noise)
    return {"shares.csv": shares, "portfolio.csv": portfolio, "growth.csv": growth,
            "financials.csv": firm_table(rng, PHARMA_FIRMS),
            "intensity.csv": intensity_table(rng, PHARMA_INTENSITY)}
