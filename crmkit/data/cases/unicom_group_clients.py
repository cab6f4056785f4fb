"""联通集团客户营销: the data files of ``cases/unicom-group-clients/``."""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmkit.data.cases._common import (
    COLUMN_LABELS,
    Tables,
    make_ids,
    make_rng,
    pick,
    random_pipeline,
)

# Chinese names of the columns in this case's files.
LABELS: dict[str, str] = {
    **COLUMN_LABELS,
    "customer": "客户", "product": "业务", "source": "商机来源", "stage": "阶段", "status": "状态",
    "amount": "金额(万元)", "created": "立项日期", "closed": "关闭日期", "client_id": "客户编号",
    "employees": "员工数(人)", "monthly_revenue": "月均通信收入(万元)",
    "revenue_last": "上年月均通信收入(万元)", "products": "在用产品数",
    "contract_months_left": "合同剩余(月)", "complaints_12m": "近12个月投诉(次)",
    "other_net_share": "成员使用他网号码占比(%)",
}

# Teaching assumptions (示意): the group clients of one prefecture branch of an operator.
# Industry: (weight, typical staff, monthly spend per member in 元).
GROUP_N = 160
GROUP_INDUSTRIES = {"党政机关": (0.12, 300, 70.0), "教育": (0.12, 400, 45.0),
                    "医疗卫生": (0.08, 500, 60.0), "金融": (0.06, 250, 110.0),
                    "制造业": (0.26, 350, 50.0), "商贸物流": (0.22, 120, 65.0),
                    "住宿餐饮": (0.14, 60, 55.0)}
GROUP_MANAGERS = ("王岚", "刘洋", "陈默", "赵凯", "孙悦")
GROUP_AS_OF = "2024-10-31"
GROUP_PRODUCTS = {"互联网专线": 1.0, "融合套餐": 1.4, "云服务": 0.7, "物联网卡": 0.6,
                  "视频监控": 0.6}
GROUP_SOURCES = {"客户经理自拓": 0.5, "存量客户增购": 0.3, "全员营销推荐": 0.2}
# Chance of passing each stage, by source: existing clients buy more readily; referrals from
# staff outside the sales team are warm at first and then thin out.
GROUP_ADVANCE = {"客户经理自拓": (0.75, 0.70, 0.70, 0.65),
                 "存量客户增购": (0.90, 0.80, 0.80, 0.75),
                 "全员营销推荐": (0.85, 0.60, 0.60, 0.60)}
GROUP_LOSS_DAYS = 450           # an unfinished deal's chance of being lost: age ÷ 450 days
GROUP_PIPELINE_N = 48
GROUP_TYPICAL = 24.0            # 万元 of first-year contract revenue
GROUP_TARGET = 1000.0           # the branch's new group-business target for the year, 万元


def generate(seed: int = 502) -> Tables:
    """集团客户: 160 group clients of a branch, and its group-business pipeline for the year."""
    rng = make_rng(seed)
    n = GROUP_N
    industry = pick(rng, {k: v[0] for k, v in GROUP_INDUSTRIES.items()}, n)
    staff = np.array([GROUP_INDUSTRIES[i][1] for i in industry], dtype=float)
    spend = np.array([GROUP_INDUSTRIES[i][2] for i in industry])
    employees = np.maximum(10, np.round(staff * rng.lognormal(0, 0.9, n), -1)).astype(int)
    products = np.clip(rng.poisson(1.5 + np.log10(employees), n), 1, 7)
    revenue = employees * spend * (0.6 + 0.15 * products) * rng.lognormal(0, 0.25, n) / 10000
    complaints = rng.poisson(0.9, n)
    trend = rng.normal(0.03, 0.12, n) - 0.04 * complaints
    clients = pd.DataFrame({
        "client_id": make_ids("G", n, 3),
        "industry": industry,
        "employees": employees,
        "monthly_revenue": revenue.round(2),
        "revenue_last": (revenue / (1 + trend)).round(2),
        "products": products,
        "contract_months_left": rng.integers(0, 37, n),
        "complaints_12m": complaints,
        "other_net_share": np.round(np.clip(rng.beta(2, 5, n) * 100 + 6 * complaints, 0, 95)),
        "manager": rng.choice(GROUP_MANAGERS, n),
    })
    m = GROUP_PIPELINE_N
    source = pick(rng, GROUP_SOURCES, m)
    advance = np.array([GROUP_ADVANCE[s] for s in source])
    pipe = random_pipeline(rng, m, GROUP_AS_OF, advance, GROUP_TYPICAL,
                           loss_days=GROUP_LOSS_DAYS)
    existing = rng.choice(clients["client_id"].to_numpy(), m)
    new = np.array(make_ids("新客户", m, width=2))
    pipe.insert(0, "customer", np.where(source == "存量客户增购", existing, new))
    pipe.insert(1, "product", pick(rng, GROUP_PRODUCTS, m))
    pipe.insert(2, "owner", rng.choice(GROUP_MANAGERS, m))
    pipe.insert(3, "source", source)
    pipe = pipe.sort_values("created", kind="stable").reset_index(drop=True)
    pipe.insert(0, "opportunity_id", make_ids("J", m, width=2))
    fresh = pipe["customer"].str.startswith("新客户").to_numpy()
    pipe.loc[fresh, "customer"] = make_ids("新客户", int(fresh.sum()), width=2)
    return {"group_clients.csv": clients, "pipeline.csv": pipe}
