"""工程机械: the data files of ``cases/construction-machinery/``."""

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
    "revenue": "营业收入(亿元)", "sales": "销量(台)", "units": "销售台数(台)",
    "buyback_balance": "回购担保余额(亿元)", "overdue_rate": "终端客户逾期率",
    "equity": "净资产(亿元)",
}

CM_YEARS = 14
CM_SALES_START = 60_000             # 台 of excavators in year 1 (示意)
# Year-on-year change of sales (示意): two booms and two busts.
CM_SALES_GROWTH = [0.0, 0.70, 0.15, -0.35, -0.20, -0.40, 0.60, 0.90, 0.45, 0.15, 0.35,
                   0.05, -0.25, -0.25]
CM_SHARE_SPECS = {"第 6 年": (12, 0.85, 80.0), "第 14 年": (10, 0.72, 90.0)}
CM_DEALER_SHARE = 0.004             # the dealer's share of national sales
CM_UNIT_PRICE = 80.0                # 万元 per machine on average
CM_FINANCED = 0.70                  # share of machines sold on instalments it guarantees
CM_OVERDUE_BASE = 0.03              # customer overdue rate in a flat year
CM_DEALER_EQUITY = 1.0              # 亿元 of equity before year 1
CM_INTENSITY = {
    "主机制造": (120, 0.09, 0.05, 35),
    "液压件": (90, 0.14, 0.06, 30),
    "代理商": (20, 0.07, 0.0, 10),
    "设备租赁": (350, 0.10, 0.0, 20),
}


def generate(seed: int = 404) -> Tables:
    """工程机械: 14 years of excavator sales, shares at two dates, a dealer through the cycle."""
    rng = make_rng(seed)
    change = np.asarray(CM_SALES_GROWTH) + np.r_[0.0, rng.normal(0, 0.02, CM_YEARS - 1)]
    sales = np.round(CM_SALES_START * np.cumprod(1 + change), -2).astype(int)
    market = pd.DataFrame({"year": years(CM_YEARS), "sales": sales})
    units = np.round(sales * CM_DEALER_SHARE * jitter(rng, np.ones(CM_YEARS), 0.05)).astype(int)
    revenue = (units * CM_UNIT_PRICE / 10_000).round(2)       # 台 × 万元 → 亿元
    # Guarantees outstanding: this year's and last year's financed sales, two-thirds of the
    # latter still unpaid (instalments of about three years).
    financed = revenue * CM_FINANCED
    buyback = (financed + np.r_[0.0, financed[:-1]] * 0.67 + np.r_[0.0, 0.0, financed[:-2]] * 0.33)
    # Overdue follows the downturn: it rises when sales fall, with a one-year lag.
    lagged = np.r_[0.0, change[:-1]]
    overdue = np.clip(CM_OVERDUE_BASE - 0.25 * np.minimum(change, 0) - 0.10 * np.minimum(lagged, 0)
                      + rng.normal(0, 0.003, CM_YEARS), 0.01, None)
    net_profit = (revenue * 0.045 - buyback * overdue * 0.3).round(2)
    equity = (CM_DEALER_EQUITY + np.cumsum(net_profit)).round(2)
    dealer = pd.DataFrame({"year": years(CM_YEARS), "units": units, "revenue": revenue,
                           "buyback_balance": buyback.round(2), "overdue_rate": overdue.round(3),
                           "net_profit": net_profit, "equity": equity})
    dealer = dealer.iloc[5:].reset_index(drop=True)
    shares = share_rows(CM_SHARE_SPECS, rng, column="period",
                        prefix={k: "品牌" for k in CM_SHARE_SPECS})
    return {"sales.csv": market, "shares.csv": shares, "dealer.csv": dealer,
            "intensity.csv": intensity_table(rng, CM_INTENSITY)}
