"""医药关键客户（篇十）: the data files of ``cases/pharma-key-accounts/``."""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmkit.data.cases._common import COLUMN_LABELS, Tables, make_ids, make_rng, pick

# Chinese names of the columns in this case's files.
LABELS: dict[str, str] = {
    **COLUMN_LABELS,
    "sales": "销售额", "account_id": "客户号", "account_type": "客户类型", "city": "城市",
    "promo_score": "推广配合分(0-10)", "price_index": "实际零售价/建议零售价",
    "price_complaints": "被同行投诉(次)", "payment_days": "回款天数(天)",
}

# Seed 004 篇十 gives the idea (key accounts are chosen on more than sales: price discipline
# and support for the brand count too) but no figures; everything below is 示意.
# Accounts of one OTC brand in three cities: (share, median sales 万元/年, growth mean).
PHARMA_TYPES = {
    "医药商业公司": (0.07, 160.0, 0.04),
    "连锁药店": (0.18, 45.0, 0.08),
    "单体药店": (0.55, 6.0, 0.03),
    "诊所": (0.20, 2.0, 0.02),
}
PHARMA_N = 180
PHARMA_CITIES = {"甲市": 0.45, "乙市": 0.35, "丙市": 0.20}
PHARMA_PRICE_CUTTERS = 0.12          # share of accounts that sell well below the suggested price
PHARMA_FRIENDLY_LIFT = 0.10          # extra growth of accounts that back the brand (assumption)


def generate(seed: int = 807) -> Tables:
    """医药关键客户: 180 accounts with sales, growth, promotion support and price discipline."""
    rng = make_rng(seed)
    n = PHARMA_N
    names = list(PHARMA_TYPES)
    weights = np.array([PHARMA_TYPES[t][0] for t in names])
    kind = np.asarray(names)[rng.choice(len(names), size=n, p=weights / weights.sum())]
    spec = np.array([PHARMA_TYPES[t][1:] for t in kind])
    sales = np.round(spec[:, 0] * rng.lognormal(0, 0.7, n), 1)
    retail = kind != "医药商业公司"
    # Price cutters are more often large chains and single stores chasing volume.
    odds = PHARMA_PRICE_CUTTERS * np.where(kind == "连锁药店", 1.8, 1.0)
    cutter = retail & (rng.random(n) < odds)
    price_index = np.round(np.where(cutter, rng.uniform(0.72, 0.89, n),
                                    np.clip(rng.normal(0.98, 0.025, n), 0.9, 1.05)), 2)
    promo = np.clip(np.round(rng.normal(np.where(cutter, 3.5, 5.5), 2.0, n)), 0, 10).astype(int)
    friendly = promo >= 7
    growth = np.round(spec[:, 1] + friendly * PHARMA_FRIENDLY_LIFT
                      + cutter * 0.12 + rng.normal(0, 0.12, n), 3)
    accounts = pd.DataFrame({
        "account_id": make_ids("A", n),
        "account_type": kind,
        "city": pick(rng, PHARMA_CITIES, n),
        "sales": sales,
        "sales_last": np.round(sales / (1 + growth), 1),
        "promo_score": promo,
        "price_index": np.where(retail, price_index, np.nan),
        "price_complaints": rng.poisson(np.where(cutter, 3.0, 0.15)),
        "payment_days": np.maximum(np.round(rng.normal(np.where(retail, 45, 75), 15)), 0),
    })
    accounts["growth"] = np.round(accounts["sales"] / accounts["sales_last"] - 1, 3)
    accounts["payment_days"] = accounts["payment_days"].astype(int)
    return {"accounts.csv": accounts}
