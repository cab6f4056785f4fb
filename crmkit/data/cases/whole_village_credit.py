"""整村授信: the data files of ``cases/whole-village-credit/``."""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmkit.data.cases._common import Tables, make_ids, make_rng, pick

# Chinese names of the columns in this case's files.
LABELS: dict[str, str] = {
    "household_id": "户号", "group": "村民小组", "business": "主业",
    "net_income": "家庭年纯收入(万元)", "assets": "家庭资产(万元)", "debt": "现有负债(万元)",
    "review": "村两委评议", "bad_record": "征信不良记录", "guarantee": "申请省农担担保",
}

# Seed figures — seed 000, §二（三）1.(8) 整村授信: the credit line per household is kept
# within 50 万元, and may rise to 200 万元 with the provincial agricultural credit
# guarantee company (省农信担 / 省农担) behind it.
VILLAGE_CAP = 50.0
VILLAGE_CAP_GUARANTEED = 200.0
# Teaching assumptions (示意): one village of 150 households in six groups.
VILLAGE_N = 150
VILLAGE_BUSINESS = {  # main business: (share of households, median net income 万元)
    "葡萄种植": (0.30, 9.0), "生猪养殖": (0.08, 16.0), "粮食种植": (0.14, 4.0),
    "个体商户": (0.12, 8.0), "外出务工": (0.28, 6.0), "无固定经营": (0.08, 2.5),
}
VILLAGE_REVIEW = {"好": 0.45, "较好": 0.35, "一般": 0.15, "差": 0.05}


def generate(seed: int = 704) -> Tables:
    """整村授信: 150 households of one village after information collection."""
    rng = make_rng(seed)
    n = VILLAGE_N
    names = list(VILLAGE_BUSINESS)
    shares = np.array([v[0] for v in VILLAGE_BUSINESS.values()])
    idx = rng.choice(len(names), size=n, p=shares / shares.sum())
    median = np.array([v[1] for v in VILLAGE_BUSINESS.values()])[idx]
    income = median * rng.lognormal(0, 0.45, n)
    big = np.isin(np.asarray(names)[idx], ["葡萄种植", "生猪养殖"]) & (income > 1.6 * median)
    income = np.where(big, income * 2.5, income)           # a few large operators
    assets = income * rng.uniform(3, 8, n)
    debt = assets * np.clip(rng.normal(0.18, 0.14, n), 0, None)
    households = pd.DataFrame({
        "household_id": make_ids("H", n),
        "group": rng.integers(1, 7, n),
        "business": np.asarray(names)[idx],
        "net_income": income.round(1),
        "assets": assets.round(0),
        "debt": debt.round(1),
        "review": pick(rng, VILLAGE_REVIEW, n),
        "bad_record": np.where(rng.random(n) < 0.06, "有", "无"),
        "guarantee": np.where(big & (rng.random(n) < 0.8), "是", "否"),
    })
    return {"households.csv": households}
