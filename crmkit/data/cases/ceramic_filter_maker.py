"""陶瓷过滤制造商: the data files of ``cases/ceramic-filter-maker/``."""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmkit.data.cases._common import COLUMN_LABELS, Tables, jitter, make_ids, make_rng

# Chinese names of the columns in this case's files.
LABELS: dict[str, str] = {
    **COLUMN_LABELS,
    "project": "招商项目", "investment": "计划投资(万元)", "team_years": "核心团队行业经验(年)",
    "orders": "已签意向订单(万元)", "key_support": "列入重点扶持", "year": "合作年度",
    "firm_revenue": "企业营业收入(万元)", "staff": "员工数(人)",
    "bank_debt": "企业银行借款合计(万元)", "our_loans": "本行贷款(万元)",
    "our_deposits": "本行日均存款(万元)", "our_settlement_share": "本行结算占比(%)",
    "our_products": "本行产品数", "our_income": "本行综合收益(万元)",
}

# Teaching assumptions (示意): the projects a county industrial park signed in one year, and
# eight years of the bank's relationship with the one it chose. Project: (name, planned
# investment 万元, team's years in the trade, invention patents, signed letters of intent
# 万元, on the county's key-support list). Row 1 is the ceramic-filter maker.
PARK_PROJECTS = [
    ("泡沫陶瓷过滤器研发制造", 8000, 15, 9, 3200, "是"),
    ("新型建材生产基地", 30000, 6, 0, 1500, "否"),
    ("汽车座椅面料加工", 12000, 10, 1, 2600, "否"),
    ("光伏支架制造", 25000, 4, 2, 4000, "是"),
    ("中药饮片加工", 9000, 12, 3, 1800, "是"),
    ("物流仓储中心", 40000, 8, 0, 0, "否"),
    ("电子线束组装", 6000, 7, 0, 2200, "否"),
    ("食品冷链加工", 15000, 9, 1, 1200, "否"),
    ("锂电池回收利用", 20000, 3, 4, 800, "是"),
    ("环保涂料生产", 10000, 11, 2, 1400, "否"),
    ("智能门锁组装", 5000, 5, 1, 900, "否"),
    ("五金工具制造", 7000, 14, 0, 2000, "否"),
]
# Eight years of the chosen firm and of the bank's share in it (designed path, then jittered).
CERAMIC_YEARS = {
    "firm_revenue": [600, 2100, 4500, 7800, 11500, 15800, 19600, 23500],
    "staff": [40, 85, 140, 210, 280, 340, 390, 420],
    "bank_debt": [500, 1500, 3000, 4500, 6000, 7500, 8500, 9000],
    "our_loans": [500, 1200, 2000, 2800, 3500, 4200, 4800, 5000],
    "our_deposits": [300, 800, 1500, 2400, 3300, 4200, 5000, 5800],
    "our_settlement_share": [100, 90, 80, 75, 70, 70, 72, 75],
    "our_products": [2, 3, 4, 5, 6, 7, 8, 9],
    "our_income": [8, 30, 62, 100, 140, 185, 225, 260],
}


def generate(seed: int = 602) -> Tables:
    """陶瓷过滤: the park's twelve projects of year 1, and eight years with the chosen one."""
    rng = make_rng(seed)
    park = pd.DataFrame(PARK_PROJECTS, columns=["project", "investment", "team_years",
                                                "patents", "orders", "key_support"])
    park["orders"] = np.round(jitter(rng, park["orders"], 0.05), -1).astype(int)
    park.insert(0, "firm_id", make_ids("Y", len(park), width=2))
    years = pd.DataFrame({k: np.asarray(v, dtype=float) for k, v in CERAMIC_YEARS.items()})
    money = ["firm_revenue", "bank_debt", "our_loans", "our_deposits", "our_income"]
    years[money] = np.round(jitter(rng, years[money].to_numpy(), 0.03))
    years[["staff", "our_products", "our_settlement_share"]] = years[
        ["staff", "our_products", "our_settlement_share"]].astype(int)
    years["our_loans"] = np.minimum(years["our_loans"], years["bank_debt"])
    years.insert(0, "year", [f"第{i}年" for i in range(1, len(years) + 1)])
    return {"park_projects.csv": park, "relationship.csv": years}
