"""中小企业重新界定客户（篇九）: the data files of ``cases/sme-redefine-customers/``."""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmkit.data.cases._common import COLUMN_LABELS, Tables, make_ids, make_rng, yes_no

# Chinese names of the columns in this case's files.
LABELS: dict[str, str] = {
    **COLUMN_LABELS,
    "sales": "销售额", "customer_id": "客户号", "channel": "渠道", "gross_profit": "毛利(万元)",
    "orders": "订单数(笔)", "avg_order": "平均单笔(万元)", "custom_design": "定制印刷",
    "service_cost": "服务成本(万元)", "contribution": "净贡献(万元)",
    "receivable_days": "回款天数(天)", "end_user_known": "了解终端用户",
}

# Seed 004 篇九 is an essay with no figures; everything below is a teaching assumption (示意).
# A small maker of printed corrugated boxes and its customers last year, by group:
# (share of customers, median sales 万元, gross margin, orders a year, needs custom printing,
#  median receivable days, share who say who the end users are).
SME_GROUPS = {
    ("直供", "食品饮料"): (0.18, 120.0, 0.24, 24, 0.80, 45, 1.0),
    ("直供", "家电"): (0.10, 260.0, 0.19, 20, 0.60, 80, 1.0),
    ("直供", "机械配件"): (0.16, 45.0, 0.17, 12, 0.30, 60, 1.0),
    ("直供", "电商卖家"): (0.34, 12.0, 0.16, 60, 0.20, 5, 1.0),
    ("经销商", "综合"): (0.22, 150.0, 0.10, 18, 0.10, 90, 0.3),
}
SME_N = 150
# Cost to serve (万元): every order needs a delivery, a custom-printed order also a plate change;
# sales visits (e-commerce sellers are served by phone and chat, so theirs cost less); custom
# printing adds design and proofing work each year.
SME_DELIVERY_COST = 0.04             # per order
SME_PLATE_COST = 0.08                # per order with custom printing
SME_VISITS_COST = {"食品饮料": 0.6, "家电": 0.8, "机械配件": 0.5, "电商卖家": 0.2, "综合": 0.3}
SME_DESIGN_COST = 1.5                # per year, customers with custom printing


def generate(seed: int = 806) -> Tables:
    """中小企业重新界定客户: 150 customers of a box maker with sales, margin and cost to serve."""
    rng = make_rng(seed)
    groups = list(SME_GROUPS)
    weights = np.array([SME_GROUPS[g][0] for g in groups])
    idx = rng.choice(len(groups), size=SME_N, p=weights / weights.sum())
    spec = np.array([SME_GROUPS[g][1:] for g in groups], dtype=float)[idx]
    channel = np.array([g[0] for g in groups])[idx]
    industry = np.array([g[1] for g in groups])[idx]
    sales = np.round(spec[:, 0] * rng.lognormal(0, 0.6, SME_N), 1)
    margin = np.round(np.clip(spec[:, 1] + rng.normal(0, 0.025, SME_N), 0.04, None), 3)
    orders = np.maximum(rng.poisson(spec[:, 2] * (sales / spec[:, 0]) ** 0.3), 1)
    custom = rng.random(SME_N) < spec[:, 3]
    cost = (orders * (SME_DELIVERY_COST + custom * SME_PLATE_COST)
            + np.array([SME_VISITS_COST[i] for i in industry]) + custom * SME_DESIGN_COST)
    gross = sales * margin
    growth = np.round(rng.normal(np.where(industry == "电商卖家", 0.15, 0.05), 0.15), 3)
    customers = pd.DataFrame({
        "customer_id": make_ids("K", SME_N),
        "channel": channel,
        "industry": industry,
        "sales": sales,
        "sales_last": np.round(sales / (1 + growth), 1),
        "gross_margin": margin,
        "gross_profit": np.round(gross, 2),
        "orders": orders,
        "avg_order": np.round(sales / orders, 2),
        "custom_design": yes_no(custom),
        "service_cost": np.round(cost, 2),
        "contribution": np.round(gross - cost, 2),
        "receivable_days": np.maximum(np.round(spec[:, 4] * rng.lognormal(0, 0.3, SME_N)), 0),
        "end_user_known": yes_no(rng.random(SME_N) < spec[:, 5]),
    })
    customers["growth"] = np.round(customers["sales"] / customers["sales_last"] - 1, 3)
    customers["receivable_days"] = customers["receivable_days"].astype(int)
    return {"customers.csv": customers}
