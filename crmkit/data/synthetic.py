"""Deterministic synthetic customer books for teaching.

Every number here is made up by a seeded random generator; the margins and
rates are teaching assumptions stated in the data cards, not statistics of
any real bank.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmkit.errors import CrmkitError

# Teaching assumptions (data card: "合成数据的假设"), in annual terms.
DEPOSIT_MARGIN = 0.010   # deposit spread earned on daily average deposits
LOAN_MARGIN = 0.018      # net interest margin on daily average loans after expected loss

INDUSTRIES = {
    # name: (share of customers, mean contribution growth)
    "制造业": (0.30, 0.06),
    "批发和零售业": (0.22, 0.02),
    "建筑业": (0.12, -0.04),
    "信息技术服务业": (0.10, 0.15),
    "交通运输业": (0.08, 0.03),
    "医药制造业": (0.07, 0.10),
    "房地产业": (0.06, -0.10),
    "农林牧渔业": (0.05, 0.01),
}
BRANCHES = ["城东支行", "城西支行", "高新区支行", "县域支行"]


def _check_size(n: int) -> None:
    if not isinstance(n, (int, np.integer)) or isinstance(n, bool) or n < 1:
        raise CrmkitError(f"客户数 n 必须是正整数，收到的是 {n!r}", hint="例如 n=200")


def bank_book(n: int = 200, seed: int = 2024) -> pd.DataFrame:
    """A book of ``n`` corporate customers of one bank branch network.

    Money is in 万元 (daily averages for deposits and loans, annual totals for
    settlement, fee income and contribution); ``growth`` is the year-on-year
    change of contribution as a fraction (0.12 = 12%). The same ``n`` and
    ``seed`` always give the same book.
    """
    _check_size(n)
    rng = np.random.default_rng(seed)
    names = list(INDUSTRIES)
    shares = np.array([v[0] for v in INDUSTRIES.values()])
    industry = rng.choice(len(names), size=n, p=shares / shares.sum())
    size = rng.lognormal(mean=0.0, sigma=1.0, size=n)  # firm size factor

    deposits = 800 * size * rng.lognormal(0.0, 0.5, n)
    has_loan = rng.random(n) < 0.55
    loans = np.where(has_loan, 1500 * size * rng.lognormal(0.0, 0.6, n), 0.0)
    settlement = deposits * rng.lognormal(np.log(12), 0.4, n)
    fee_income = settlement * rng.uniform(0.0003, 0.0015, n) + rng.uniform(0.5, 3.0, n)

    deposits, loans = deposits.round(2), loans.round(2)
    settlement, fee_income = settlement.round(2), fee_income.round(2)
    contribution = (deposits * DEPOSIT_MARGIN + loans * LOAN_MARGIN + fee_income).round(2)

    mean_growth = np.array([INDUSTRIES[names[i]][1] for i in industry])
    true_growth = np.clip(rng.normal(mean_growth, 0.22), -0.6, 1.5)
    contribution_last = (contribution / (1 + true_growth)).round(2)
    growth = (contribution / contribution_last - 1).round(4)

    return pd.DataFrame({
        "customer_id": [f"G{i:04d}" for i in range(1, n + 1)],
        "industry": [names[i] for i in industry],
        "branch": rng.choice(BRANCHES, size=n),
        "deposits": deposits,
        "loans": loans,
        "settlement": settlement,
        "fee_income": fee_income,
        "contribution": contribution,
        "contribution_last": contribution_last,
        "growth": growth,
    })


WEALTH_BRANCHES = ["营业部", "文家支行", "第一分理处", "第二分理处"]
WEALTH_SOURCES = ["存量客户细分", "大堂经理推荐", "高档社区活动", "专业市场商户",
                  "公私联动", "合作渠道"]
# Teaching assumptions for tiers of individual clients (by daily average financial assets).
TIER_BOUNDS = {"潜力客户": 30.0, "中端客户": 50.0, "高端客户": 300.0}
WEALTH_MARGIN = 0.012  # annual contribution per 万元 of financial assets


def _tier(aum: np.ndarray) -> np.ndarray:
    return np.select(
        [aum >= TIER_BOUNDS["高端客户"], aum >= TIER_BOUNDS["中端客户"],
         aum >= TIER_BOUNDS["潜力客户"]],
        ["高端客户", "中端客户", "潜力客户"], default="大众客户")


def wealth_book(n: int = 300, seed: int = 2011) -> pd.DataFrame:
    """A book of ``n`` individual mid/high-end and potential clients of one bank.

    ``aum`` is daily average financial assets (万元) this year, ``aum_last`` last
    year; ``contribution`` is annual contribution (万元) from assets and products.
    Tier bounds are teaching assumptions (see ``TIER_BOUNDS``), not any bank's rule.
    """
    _check_size(n)
    rng = np.random.default_rng(seed)
    aum = np.round(rng.lognormal(np.log(70), 0.9, n), 2)
    aum_growth_true = np.clip(rng.normal(0.05, 0.25, n), -0.7, 2.0)
    aum_last = np.round(aum / (1 + aum_growth_true), 2)
    aum_growth = np.round(aum / aum_last - 1, 4)
    products = np.clip(rng.poisson(1.2 + np.log1p(aum / 50), n), 1, 8)
    contribution = np.round(aum * WEALTH_MARGIN * (0.6 + 0.15 * products)
                            * rng.lognormal(0, 0.2, n), 2)
    contribution_last = np.round(contribution / (1 + aum_growth_true)
                                 * rng.lognormal(0, 0.05, n), 2)
    growth = np.round(contribution / contribution_last - 1, 4)
    return pd.DataFrame({
        "customer_id": [f"P{i:04d}" for i in range(1, n + 1)],
        "branch": rng.choice(WEALTH_BRANCHES, size=n, p=[0.4, 0.25, 0.2, 0.15]),
        "source": rng.choice(WEALTH_SOURCES, size=n),
        "aum": aum,
        "aum_last": aum_last,
        "aum_growth": aum_growth,
        "products": products.astype(int),
        "contribution": contribution,
        "contribution_last": contribution_last,
        "growth": growth,
        "tier": _tier(aum),
        "days_since_contact": rng.integers(0, 240, n),
        "birth_month": rng.integers(1, 13, n),
    })
