"""从羽毛球协会到商会: the data files of ``cases/association-to-chamber/``."""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmkit.data.cases._common import COLUMN_LABELS, Tables, make_rng, pick

# Chinese names of the columns in this case's files.
LABELS: dict[str, str] = {
    **COLUMN_LABELS,
    "person": "联系人", "met_month": "认识月份", "met_via": "认识途径", "introducer": "介绍人",
    "chamber": "所属商会或协会", "status": "进展", "deposits": "日均存款(万元)",
    "loans": "贷款余额(万元)",
}

# Teaching assumptions (示意): a customer manager's contact log over 24 months. Stage 1:
# the badminton association; stage 2: introductions by club friends; stage 3: chamber events
# opened up by two well-connected friends.
CLUB_N = 14
CHAMBERS = ["温州商会", "汽贸协会", "建材商会", "工商联"]
CLUB_CHAMBER = {"无": 0.40, "温州商会": 0.20, "汽贸协会": 0.15, "建材商会": 0.15,
                "工商联": 0.10}
HUB_REFERRALS = 5.0         # introductions made by each of the two hubs
OTHER_REFERRALS = 0.6
EVENT_CONTACTS = {"温州商会": 9, "汽贸协会": 7, "建材商会": 3, "工商联": 5}
CONVERSION = {  # way of meeting: (probability of a deal, of an ongoing talk)
    "羽毛球协会活动": (0.25, 0.30), "球友介绍": (0.40, 0.30), "商会活动": (0.20, 0.35),
}
ROLES = ["企业主", "企业主", "企业主", "财务负责人", "高管"]


def generate(seed: int = 705) -> Tables:
    """从羽毛球协会到商会: 24 months of a customer manager's contacts and what came of them."""
    rng = make_rng(seed)
    club_chamber = pick(rng, CLUB_CHAMBER, CLUB_N)
    club_chamber[:2] = ["温州商会", "汽贸协会"]          # the two hubs
    club = pd.DataFrame({"met_month": rng.integers(1, 7, CLUB_N), "met_via": "羽毛球协会活动",
                         "introducer": "", "chamber": club_chamber})
    club["role"] = rng.choice(ROLES, CLUB_N)
    club.loc[0, "role"], club.loc[1, "role"] = "商会副会长", "协会秘书长"
    persons = [f"P{i:02d}" for i in range(1, CLUB_N + 1)]
    club["person"] = persons
    counts = rng.poisson(np.r_[HUB_REFERRALS, HUB_REFERRALS,
                               np.full(CLUB_N - 2, OTHER_REFERRALS)])
    counts[:2] = np.maximum(counts[:2], 4)
    src = np.repeat(np.arange(CLUB_N), counts)
    same = rng.random(len(src)) < 0.8
    referred = pd.DataFrame({
        "met_month": club["met_month"].to_numpy()[src] + rng.integers(2, 10, len(src)),
        "met_via": "球友介绍",
        "introducer": np.asarray(persons)[src],
        "chamber": np.where(same, club_chamber[src], rng.choice(CHAMBERS + ["无"], len(src))),
        "role": rng.choice(ROLES, len(src)),
    })
    ev_chamber = np.repeat(list(EVENT_CONTACTS), list(EVENT_CONTACTS.values()))
    events = pd.DataFrame({"met_month": rng.integers(12, 25, len(ev_chamber)),
                           "met_via": "商会活动", "introducer": "", "chamber": ev_chamber,
                           "role": rng.choice(ROLES, len(ev_chamber))})
    log = pd.concat([club, referred, events], ignore_index=True)
    log = log.sort_values("met_month", kind="stable").reset_index(drop=True)
    old = log["person"].fillna("")
    new_ids = iter(f"P{i:02d}" for i in range(CLUB_N + 1, len(log) + 1))
    log["person"] = [p if p else next(new_ids) for p in old]
    deal_p = log["met_via"].map({k: v[0] for k, v in CONVERSION.items()}).to_numpy()
    talk_p = log["met_via"].map({k: v[1] for k, v in CONVERSION.items()}).to_numpy()
    draw = rng.random(len(log))
    status = np.select([draw < deal_p, draw < deal_p + talk_p], ["已合作", "跟进中"], "暂无进展")
    deal = status == "已合作"
    log["status"] = status
    log["deposits"] = np.where(deal, np.round(rng.lognormal(np.log(300), 0.8, len(log)), 0), 0.0)
    log["loans"] = np.where(deal & (rng.random(len(log)) < 0.5),
                           np.round(rng.lognormal(np.log(500), 0.6, len(log)), -1), 0.0)
    cols = ["person", "role", "met_month", "met_via", "introducer", "chamber", "status",
            "deposits", "loans"]
    return {"contacts.csv": log[cols]}
