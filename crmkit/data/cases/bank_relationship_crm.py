"""银行关系营销与客户关系管理（篇十二）: the data files of ``cases/bank-relationship-crm/``."""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmkit.data.cases._common import COLUMN_LABELS, Tables, make_ids, make_rng

# Chinese names of the columns in this case's files.
LABELS: dict[str, str] = {
    **COLUMN_LABELS,
    "customer_id": "客户号", "balance": "日均资产(万元)", "transactions": "交易笔数",
    "complaints": "投诉次数",
}

# Seed 004 篇十二 is an essay with no figures; everything below is 示意. A city commercial bank
# branch joins three systems in its new CRM: the branch's own ledger (balances, transactions,
# share of the customer's money), the call centre (complaints) and a satisfaction survey.
CRM_N = 240
CRM_MONTHS = ["2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06"]
CRM_MANAGERS = ["客户经理A", "客户经理B", "客户经理C", "客户经理D", "客户经理E", "客户经理F"]
# Patterns of the last three months against the first three: (share of customers, balance
# factor, transactions factor, share-of-wallet change, complaints in the last three months).
CRM_PATTERNS = {
    "稳定": (0.62, 1.02, 1.00, 0.00, 0.0),
    "资金流出": (0.10, 0.55, 0.85, -0.18, 0.1),
    "投诉未平息": (0.08, 0.95, 0.90, -0.02, 1.6),
    "交易转冷": (0.08, 0.95, 0.45, -0.05, 0.1),
    "生活变化": (0.06, 0.60, 0.80, -0.05, 0.0),
    "长期沉睡": (0.06, 1.00, 0.00, 0.00, 0.0),
}


def generate(seed: int = 809) -> Tables:
    """银行关系营销与 CRM: six months of 240 customers joined from three systems, and a survey."""
    rng = make_rng(seed)
    n, months = CRM_N, len(CRM_MONTHS)
    names = list(CRM_PATTERNS)
    weights = np.array([CRM_PATTERNS[p][0] for p in names])
    pattern = np.asarray(names)[rng.choice(len(names), size=n, p=weights / weights.sum())]
    spec = np.array([CRM_PATTERNS[p][1:] for p in pattern])
    late = np.arange(months) >= months // 2                     # the last three months
    base_balance = rng.lognormal(np.log(35.0), 0.9, n)
    balance = base_balance[:, None] * np.where(late, spec[:, [0]], 1.0)\
        * rng.lognormal(0, 0.05, (n, months))
    base_txn = rng.poisson(9, n) + 2
    dormant = pattern == "长期沉睡"
    txn = rng.poisson(base_txn[:, None] * np.where(late, spec[:, [1]], 1.0))
    txn[dormant, 1:] = 0                                       # silent since January
    base_share = np.clip(rng.beta(5, 3, n), 0.1, 0.95)
    share = np.clip(base_share[:, None] + np.where(late, spec[:, [2]], 0.0)
                    + rng.normal(0, 0.015, (n, months)), 0.02, 1.0)
    complaints = np.zeros((n, months), dtype=int)
    complaints[:, late] = rng.poisson(spec[:, [3]] / late.sum(), (n, late.sum()))
    # The complaint often comes first: an unhappy customer complained in the first months too.
    complaints[pattern == "投诉未平息", 2] += 1
    ids = np.asarray(make_ids("B", n))
    panel = pd.DataFrame({
        "customer_id": np.repeat(ids, months),
        "month": np.tile(CRM_MONTHS, n),
        "balance": np.round(balance, 2).ravel(),
        "transactions": txn.ravel(),
        "share_of_wallet": np.round(share, 3).ravel(),
        "complaints": complaints.ravel(),
    })
    # Survey and profile: satisfaction is lower where complaints went unanswered.
    unhappy = pattern == "投诉未平息"
    satisfaction = np.clip(rng.normal(np.where(unhappy, 2.5, 3.9), 0.6, n), 1, 5).round(1)
    prior, recent = balance[:, ~late].mean(axis=1), balance[:, late].mean(axis=1)
    survey = pd.DataFrame({
        "customer_id": ids,
        "manager": rng.choice(CRM_MANAGERS, size=n),
        "satisfaction": satisfaction,
        "share_of_wallet": np.round(share[:, late].mean(axis=1), 2),
        "price_sensitivity": np.clip(rng.beta(2.5, 3, n), 0, 1).round(2),
        "activity_change": np.round(recent / prior - 1, 2),
        "tenure_years": np.round(rng.uniform(0.5, 15.0, n), 1),
        "repeat_rate": np.clip(rng.beta(4, 2, n) * np.where(dormant, 0.2, 1.0), 0, 1).round(2),
        "life_event": pattern == "生活变化",
    })
    return {"panel.csv": panel, "survey.csv": survey}
