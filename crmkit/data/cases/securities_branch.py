"""证券营业部营销与团队（篇六）: the data files of ``cases/securities-branch/``."""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmkit.data.cases._common import COLUMN_LABELS, Tables, make_ids, make_rng

# Chinese names of the columns in this case's files.
LABELS: dict[str, str] = {
    **COLUMN_LABELS,
    "source": "来源", "client_id": "客户号", "trade_mode": "交易方式", "assets": "资产(万元)",
    "annual_volume": "年交易量(万元)", "commission_rate": "佣金率(‰)",
    "commission": "佣金收入(万元)", "days_since_contact": "距上次联系(天)", "marketer": "营销员",
    "background": "来源", "new_clients": "新开户(户)", "new_assets": "新增资产(万元)",
    "volume": "客户交易量(万元)",
}

# Seed figures, seed 004 篇六, used exactly as printed.
# 第一部分 二: three client tiers (一般客户, 重要客户, 核心客户) and four kinds of service.
SECURITIES_TIERS = ["核心客户", "重要客户", "一般客户"]
# 第三部分 三: commission for new off-site (非现场) clients between 0.5‰ and 2.0‰; lower rates
# for special clients need a separate application.
SECURITIES_RATE_FLOOR = 0.5          # ‰
SECURITIES_RATE_CAP = 2.0            # ‰
# 第三部分 一 4: a festival gift to a partner bank outlet costs about 1000 元.
SECURITIES_OUTLET_GIFT = 1000        # 元
# 第三部分 五 四: commission steps when a marketer's clients trade 600万, 1000万 or 1500万 a
# month (the plan's example of “多劳多得”).
SECURITIES_VOLUME_STEPS = [600, 1000, 1500]   # 万元 per month
# Teaching assumptions (示意): a branch's client book and a marketing team's first six months.
SECURITIES_N = 600
SECURITIES_SOURCES = {  # share of clients, median assets (万元)
    "银行驻点": (0.32, 22.0), "通讯合作": (0.14, 9.0), "社区推广": (0.20, 12.0),
    "客户转介绍": (0.16, 30.0), "自然到店": (0.18, 20.0),
}
SECURITIES_TURNOVER = 4.0            # median times a year a client trades his assets over
# Commission rates in use (‰) with their weights, for off-site and on-site clients. On-site
# clients opened years ago and kept the old rates; a few large clients got a special rate.
SECURITIES_RATES_OFFSITE = {0.5: 0.20, 0.8: 0.25, 1.0: 0.25, 1.5: 0.18, 2.0: 0.12}
SECURITIES_RATES_ONSITE = {1.0: 0.15, 1.5: 0.25, 2.0: 0.30, 3.0: 0.30}
SECURITIES_SPECIAL_RATE = 0.3        # ‰, approved case by case for the largest traders
SECURITIES_MARKETERS = {"同业引进": 6, "高校实习": 9}   # the plan's two sources of marketers
SECURITIES_MONTHS = ["第1月", "第2月", "第3月", "第4月", "第5月", "第6月"]   # since the team began


def generate(seed: int = 805) -> Tables:
    """证券营业部: 600 clients with assets, trading and commission; 15 marketers over 6 months."""
    rng = make_rng(seed)
    n = SECURITIES_N
    names = list(SECURITIES_SOURCES)
    weights = np.array([SECURITIES_SOURCES[s][0] for s in names])
    source = np.asarray(names)[rng.choice(len(names), size=n, p=weights / weights.sum())]
    median = np.array([SECURITIES_SOURCES[s][1] for s in source])
    assets = np.round(median * rng.lognormal(0.0, 1.1, n), 1)
    volume = np.round(assets * SECURITIES_TURNOVER * rng.lognormal(0.0, 0.8, n), 0)
    onsite = rng.random(n) < np.where(source == "自然到店", 0.55, 0.15)
    off_rates, off_w = zip(*SECURITIES_RATES_OFFSITE.items(), strict=True)
    on_rates, on_w = zip(*SECURITIES_RATES_ONSITE.items(), strict=True)
    rate = np.where(onsite,
                    rng.choice(on_rates, size=n, p=np.asarray(on_w) / sum(on_w)),
                    rng.choice(off_rates, size=n, p=np.asarray(off_w) / sum(off_w)))
    # Bigger traders bargain: the top 2% by volume got a special rate, the next 8% the floor.
    order = np.argsort(-volume, kind="stable")
    rate[order[: n // 50]] = SECURITIES_SPECIAL_RATE
    rate[order[n // 50: n // 10]] = np.minimum(rate[order[n // 50: n // 10]], SECURITIES_RATE_FLOOR)
    clients = pd.DataFrame({
        "client_id": make_ids("S", n),
        "source": source,
        "trade_mode": np.where(onsite, "现场", "非现场"),
        "assets": assets,
        "annual_volume": volume,
        "commission_rate": rate,
        "commission": np.round(volume * rate / 1000, 3),
        "days_since_contact": rng.integers(0, 181, n),
    })
    # Marketers: experienced hires start strong; interns start low and learn month by month.
    rows = []
    for k, (background, count) in enumerate(SECURITIES_MARKETERS.items()):
        start, gain = (900.0, 0.03) if background == "同业引进" else (300.0, 0.22)
        for j in range(count):
            ability = rng.lognormal(0.0, 0.30)
            months = np.arange(len(SECURITIES_MONTHS))
            level = start * ability * (1 + gain) ** months * rng.lognormal(0, 0.15, len(months))
            code = f"营销员{k * 10 + j + 1:02d}"
            rows.append(pd.DataFrame({
                "marketer": code, "background": background, "month": SECURITIES_MONTHS,
                "new_clients": rng.poisson(level / 120),
                "new_assets": np.round(level / 3 * rng.lognormal(0, 0.2, len(months)), 0),
                "volume": np.round(level, 0),
            }))
    team = pd.concat(rows, ignore_index=True)
    return {"clients.csv": clients, "team.csv": team}
