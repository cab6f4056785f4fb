"""二度营销高新技术企业: the data files of ``cases/second-pass-hightech/``."""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmkit.data.cases._common import COLUMN_LABELS, Tables, jitter, make_ids, make_rng, pick

# Chinese names of the columns in this case's files.
LABELS: dict[str, str] = {
    **COLUMN_LABELS,
    "contact_id": "记录号", "round": "营销轮次", "person": "接触对象", "channel": "方式",
    "minutes": "时长(分钟)", "q_situation": "背景问题(S)", "q_problem": "难点问题(P)",
    "q_implication": "暗示问题(I)", "q_need": "需求效益问题(N)", "pitch_minutes": "介绍产品(分钟)",
    "objection": "客户异议", "next_step": "约定下一步", "period": "期间",
    "revenue": "报表收入(万元)",
}

# Teaching assumptions (示意): the contact log of two approaches to a sensor maker. Round:
# (first and last day, contacts, who was met with weights, channels, mean S/P/I/N questions
# per contact, mean minutes spent presenting products, objections with weights, chance that
# a concrete next step was agreed).
HT_ROUNDS = {
    "第一次营销": ("2022-03-01", "2022-05-31", 5,
                   {"财务总监": 0.7, "出纳": 0.3}, {"电话": 0.4, "上门": 0.6},
                   (4.0, 0.5, 0.0, 0.2), 25.0,
                   {"暂不需要贷款": 0.4, "没有抵押物": 0.3, "已有合作银行": 0.2, "利率偏高": 0.1},
                   0.2),
    "第二次营销": ("2023-04-01", "2023-09-30", 14,
                   {"董事长": 0.2, "财务总监": 0.3, "研发副总": 0.15, "销售总监": 0.2,
                    "人力资源经理": 0.15},
                   {"上门": 0.5, "园区活动": 0.15, "线上会议": 0.15, "电话": 0.2},
                   (2.0, 3.0, 2.0, 1.5), 8.0,
                   {"无": 0.55, "审批流程慢": 0.2, "额度不够": 0.15, "利率偏高": 0.1}, 0.85),
}
# Three years of the sensor maker (万元; power in 万千瓦时): revenue is real (power, VAT and
# inflows agree at 40 元/kWh, 4% and 1.10), receivables stretch as big customers pay slowly.
HT_FIRM = {
    "period": ["2020", "2021", "2022"],
    "revenue": [3600.0, 5500.0, 8300.0],
    "electricity": [92.0, 136.0, 205.0],
    "vat_paid": [146.0, 218.0, 335.0],
    "bank_inflows": [3930.0, 6000.0, 9050.0],
    "cost_of_sales": [1950.0, 2950.0, 4500.0],
    "receivables": [750.0, 1500.0, 3120.0],
    "inventory": [430.0, 660.0, 1030.0],
    "total_assets": [6000.0, 8500.0, 12000.0],
    "total_liabilities": [1500.0, 2100.0, 3100.0],
}


def generate(seed: int = 601) -> Tables:
    """二度营销: the contact log of two approaches to a high-tech firm, and its three years."""
    rng = make_rng(seed)
    frames = []
    for name, (first, last, n, people, channels, questions, pitch, objections,
               step) in HT_ROUNDS.items():   # two rounds
        span = (pd.Timestamp(last) - pd.Timestamp(first)).days
        days = np.sort(rng.choice(span + 1, size=n, replace=False))
        q = rng.poisson(questions, size=(n, 4))
        frames.append(pd.DataFrame({
            "round": name,
            "date": (pd.Timestamp(first) + pd.to_timedelta(days, unit="D")).strftime("%Y-%m-%d"),
            "person": pick(rng, people, n),
            "channel": pick(rng, channels, n),
            "minutes": (np.round(rng.uniform(20, 70, n) / 5) * 5).astype(int),
            "q_situation": q[:, 0], "q_problem": q[:, 1],
            "q_implication": q[:, 2], "q_need": q[:, 3],
            "pitch_minutes": np.round(rng.gamma(4.0, pitch / 4.0, n)).astype(int),
            "objection": pick(rng, objections, n),
            "next_step": np.where(rng.random(n) < step, "是", "否"),
        }))
    log = pd.concat(frames, ignore_index=True)
    log["pitch_minutes"] = np.minimum(log["pitch_minutes"], log["minutes"] - 5)
    log.insert(0, "contact_id", make_ids("C", len(log), width=2))
    firm = pd.DataFrame(HT_FIRM)
    money = list(HT_FIRM)[1:]
    firm[money] = np.round(jitter(rng, firm[money].to_numpy(), 0.005))
    return {"contacts.csv": log, "firm.csv": firm}
