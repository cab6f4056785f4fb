"""电网集采中标名单: the data files of ``cases/grid-tender-winners/``."""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmkit.data.cases._common import COLUMN_LABELS, Tables, company_names, make_ids, make_rng, pick

# Chinese names of the columns in this case's files.
LABELS: dict[str, str] = {
    **COLUMN_LABELS,
    "lot_id": "标包号", "category": "物资类别", "winner": "中标企业", "location": "所在地",
    "amount": "中标金额(万元)", "past_wins": "近三年中标次数",
    "registered_capital": "注册资本(万元)",
}

# Teaching assumptions (示意): one batch of a provincial grid company's materials tender,
# the categories and a typical lot size (万元) for each.
GRID_LOTS = 72
GRID_CATEGORIES = {"电力电缆": 1800.0, "配电变压器": 900.0, "10 千伏开关柜": 700.0,
                   "架空导线": 1200.0, "智能电能表": 600.0, "箱式变电站": 500.0}
GRID_SUPPLIERS = 34
GRID_LOCAL_SHARE = 0.45     # suppliers based in the bank's province
GRID_WORDS = {"电力电缆": "电缆", "配电变压器": "变压器", "10 千伏开关柜": "电气",
              "架空导线": "线缆", "智能电能表": "仪表", "箱式变电站": "电气"}


def generate(seed: int = 703) -> Tables:
    """电网集采中标名单: 72 lots won by 34 suppliers, with the bank's relationship to each."""
    rng = make_rng(seed)
    cats = np.asarray(list(GRID_CATEGORIES))
    supplier_cat = rng.choice(cats, size=GRID_SUPPLIERS)
    names = company_names(rng, [GRID_WORDS[c] for c in supplier_cat])
    local = rng.random(GRID_SUPPLIERS) < GRID_LOCAL_SHARE
    location = np.where(local, rng.choice(["临江市", "北山市", "东湖市"], GRID_SUPPLIERS), "外省")
    relation = np.where(local, pick(rng, {"非客户": 0.6, "结算客户": 0.25, "贷款客户": 0.15},
                                    GRID_SUPPLIERS), "非客户")
    past = rng.poisson(2.2, GRID_SUPPLIERS)
    capital = np.round(rng.lognormal(np.log(8000), 0.7, GRID_SUPPLIERS), -2)
    # Each lot goes to a supplier of its category; larger firms win more lots.
    weight = capital / capital.sum()
    lot_cat = rng.choice(cats, size=GRID_LOTS)
    winner = np.empty(GRID_LOTS, dtype=int)
    for cat in cats:           # six categories, not a loop over customers
        lots = np.flatnonzero(lot_cat == cat)
        pool = np.flatnonzero(supplier_cat == cat)
        if len(pool) == 0:
            pool = np.arange(GRID_SUPPLIERS)
        winner[lots] = rng.choice(pool, size=len(lots), p=weight[pool] / weight[pool].sum())
    amount = np.array([GRID_CATEGORIES[c] for c in lot_cat]) * rng.lognormal(0, 0.5, GRID_LOTS)
    lots = pd.DataFrame({
        "lot_id": make_ids("B", GRID_LOTS, 2),
        "category": lot_cat,
        "winner": names[winner],
        "location": location[winner],
        "amount": np.round(amount, 0),
        "relationship": relation[winner],
        "past_wins": past[winner],
        "registered_capital": capital[winner],
    })
    return {"winners.csv": lots}
