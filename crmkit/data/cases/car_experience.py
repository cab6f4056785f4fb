"""汽车体验营销（篇三）: the data files of ``cases/car-experience/``."""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmkit.data.cases._common import COLUMN_LABELS, Tables, make_ids, make_rng, yes_no

# Chinese names of the columns in this case's files.
LABELS: dict[str, str] = {
    **COLUMN_LABELS,
    "source": "来源", "lead_id": "线索号", "experience": "体验方式", "bought": "90天内成交",
    "price": "成交价(万元)", "installment": "办理分期", "cost_per_lead": "每条线索成本(元)",
    "owner_id": "车主号", "community_active": "车友圈活跃", "referrals": "推荐人数",
}

# Seed 004 篇三 is an essay with no figures; everything below is a teaching assumption (示意).
# One quarter of sales leads at a 4S dealer, by source: (share of leads, how much better or worse
# than average a lead from this source converts, cost per lead in 元 for the dealer).
CAR_SOURCES = {
    "展厅自然到店": (0.30, 1.00, 60),
    "汽车网站线索": (0.28, 0.70, 150),
    "车友圈口碑": (0.10, 1.30, 80),
    "老车主推荐": (0.09, 1.60, 300),
    "周末试驾会": (0.15, 1.00, 400),
    "长途试驾之旅": (0.08, 1.10, 1500),
}
# How deep the experience went, per source: (no test drive, ordinary drive, deep experience).
CAR_EXPERIENCE = ["未试驾", "常规试驾", "深度体验"]
CAR_EXPERIENCE_MIX = {
    "展厅自然到店": (0.45, 0.45, 0.10), "汽车网站线索": (0.60, 0.35, 0.05),
    "车友圈口碑": (0.30, 0.50, 0.20), "老车主推荐": (0.25, 0.55, 0.20),
    "周末试驾会": (0.00, 0.80, 0.20), "长途试驾之旅": (0.00, 0.00, 1.00),
}
CAR_CONVERSION = {"未试驾": 0.05, "常规试驾": 0.15, "深度体验": 0.30}  # within 90 days
CAR_LEADS = 420
CAR_PRICE = 18.0                  # 万元, median price of a car sold
# The bank's auto-instalment staff attended the two kinds of events (assumption), which is
# why instalments are taken more often by buyers who came through them.
CAR_INSTALMENT = {"with_bank_staff": 0.55, "otherwise": 0.30}
CAR_BANK_EVENTS = ["周末试驾会", "长途试驾之旅"]
CAR_OWNERS = 300


def generate(seed: int = 803) -> Tables:
    """汽车体验营销: a quarter of leads with the experience they had, and 300 owners' loyalty."""
    rng = make_rng(seed)
    n = CAR_LEADS
    names = list(CAR_SOURCES)
    shares = np.array([CAR_SOURCES[s][0] for s in names])
    source = np.asarray(names)[rng.choice(len(names), size=n, p=shares / shares.sum())]
    mix = np.array([CAR_EXPERIENCE_MIX[s] for s in source])
    pick = (rng.random(n)[:, None] > np.cumsum(mix, axis=1)).sum(axis=1)
    experience = np.asarray(CAR_EXPERIENCE)[np.minimum(pick, 2)]
    factor = np.array([CAR_SOURCES[s][1] for s in source])
    chance = np.array([CAR_CONVERSION[e] for e in experience]) * factor
    bought = rng.random(n) < chance
    price = np.where(bought, np.round(rng.lognormal(np.log(CAR_PRICE), 0.25, n), 1), np.nan)
    with_bank = np.isin(source, CAR_BANK_EVENTS)
    p_loan = np.where(with_bank, CAR_INSTALMENT["with_bank_staff"], CAR_INSTALMENT["otherwise"])
    loan = bought & (rng.random(n) < p_loan)
    leads = pd.DataFrame({
        "lead_id": make_ids("L", n),
        "source": source,
        "experience": experience,
        "bought": yes_no(bought),
        "price": price,
        "installment": np.where(bought, yes_no(loan), ""),
    })
    costs = pd.DataFrame({"source": names,
                          "cost_per_lead": [CAR_SOURCES[s][2] for s in names]})
    # Owners: being active in the owners' club goes with more satisfaction, a larger share of
    # the owner's service spending at this dealer and more referrals (assumption: the "IKEA
    # effect" of the essay, owners who put something of themselves into the club care more).
    m = CAR_OWNERS
    club = rng.random(m) < 0.30
    tenure = np.round(rng.uniform(0.5, 6.0, m), 1)
    satisfaction = np.clip(rng.normal(np.where(club, 4.3, 3.7), 0.6, m), 1, 5).round(1)
    share = np.clip(rng.beta(np.where(club, 6, 3), 3, m), 0, 1).round(2)
    price_sens = np.clip(rng.beta(2.5, 3, m) + np.where(club, -0.1, 0.05), 0, 1).round(2)
    unhappy = satisfaction < 3.0
    drop = rng.random(m) < np.where(unhappy, 0.7, 0.12)
    change = np.where(drop, rng.uniform(-0.8, -0.25, m), rng.normal(0.05, 0.12, m)).round(2)
    repeat = np.clip(rng.beta(4, 2, m) * np.where(tenure >= 3, 1.0, 0.8), 0, 1).round(2)
    life = drop & ~unhappy & (rng.random(m) < 0.4)
    referrals = rng.poisson(np.where(club, 1.1, 0.3) * (satisfaction / 4.0) ** 2)
    owners = pd.DataFrame({
        "owner_id": make_ids("C", m),
        "tenure_years": tenure,
        "satisfaction": satisfaction,
        "share_of_wallet": share,
        "price_sensitivity": price_sens,
        "activity_change": change,
        "repeat_rate": repeat,
        "life_event": life,
        "community_active": yes_no(club),
        "referrals": referrals,
    })
    return {"leads.csv": leads, "lead_costs.csv": costs, "owners.csv": owners}
