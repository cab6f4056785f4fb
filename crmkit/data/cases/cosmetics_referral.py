"""化妆品老客户维护与转介绍（篇一）: the data files of ``cases/cosmetics-referral/``."""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmkit.data.cases._common import (
    COLUMN_LABELS,
    Tables,
    day_text,
    make_ids,
    make_rng,
    pick,
    random_dates,
    yes_no,
)

# Chinese names of the columns in this case's files.
LABELS: dict[str, str] = {
    **COLUMN_LABELS,
    "member_id": "会员号", "join_date": "入会日期", "source": "来源", "referrer_id": "介绍人",
    "age_group": "人群", "birth_month": "生日月份", "sms_opt_in": "接收短信",
    "events_attended": "参加沙龙(次)", "amount": "金额(元)",
}

# Seed figures, seed 004 篇一 执行方案二“滚雪球计划”活动细则 1(1): a member who brings a new
# customer earns a voucher worth 20 to 50 元, set by how much the new customer spends, counted
# per referred deal and confirmed only once the new customer has paid.
VOUCHER_MIN = 20
VOUCHER_MAX = 50
# Teaching assumption (示意): how the referred customer's first purchase (元) sets the voucher.
VOUCHER_BANDS = [0, 200, 400, 600, np.inf]
VOUCHER_VALUES = [VOUCHER_MIN, 30, 40, VOUCHER_MAX]
# Teaching assumptions (示意): one shop's member list and a year of purchases.
COSMETICS_N = 240
COSMETICS_FIRST_JOIN = "2022-01-01"
COSMETICS_WINDOW = ("2023-07-01", "2024-06-30")   # the year of purchases in purchases.csv
COSMETICS_AS_OF = "2024-07-01"                    # the day the analysis is made
COSMETICS_SOURCES = {"自然进店": 0.55, "老客转介绍": 0.30, "美容沙龙": 0.15}
COSMETICS_AGE = {"学生": 0.25, "上班族": 0.55, "其他": 0.20}
COSMETICS_RATE = 0.45          # purchases per member and month at average engagement
COSMETICS_REFERRED_LIFT = 1.2  # referred members buy 20% more often (assumption, see DATA.md)
COSMETICS_LAPSE = 0.30         # share of members who stop buying at some point in the year
COSMETICS_DORMANT = 0.15       # share of members who joined earlier and bought nothing this year
COSMETICS_BASKET = 230.0       # median amount of one purchase, 元


def voucher_for(first_purchase) -> np.ndarray:
    """Voucher (元) a referrer earns for a referred customer's first purchase (元)."""
    amounts = np.asarray(first_purchase, dtype=float)
    bands = np.searchsorted(VOUCHER_BANDS, amounts, side="right") - 1
    return np.asarray(VOUCHER_VALUES)[np.clip(bands, 0, len(VOUCHER_VALUES) - 1)]


def generate(seed: int = 801) -> Tables:
    """化妆品: 240 members (source, referrer, birthday, salons) and one year of purchases."""
    rng = make_rng(seed)
    n = COSMETICS_N
    window_start, window_end = (pd.Timestamp(d) for d in COSMETICS_WINDOW)
    join = random_dates(rng, COSMETICS_FIRST_JOIN, "2024-06-20", n).sort_values()
    engagement = rng.lognormal(0.0, 0.6, n)
    source = pick(rng, COSMETICS_SOURCES, n)
    source[:15] = "自然进店"                        # the first members had nobody to bring them
    referred = source == "老客转介绍"
    # A referrer is an earlier member; keen members bring more friends (weight engagement²).
    cum = np.cumsum(engagement ** 2)
    position = np.arange(n)
    target = rng.random(n) * cum[np.maximum(position - 1, 0)]
    referrer = np.minimum(np.searchsorted(cum, target), np.maximum(position - 1, 0))
    ids = np.asarray(make_ids("M", n))
    members = pd.DataFrame({
        "member_id": ids,
        "join_date": day_text(join),
        "source": source,
        "referrer_id": np.where(referred, ids[referrer], ""),
        "age_group": pick(rng, COSMETICS_AGE, n),
        "birth_month": rng.integers(1, 13, n),
        "sms_opt_in": yes_no(rng.random(n) < 0.75),
        "events_attended": np.minimum(rng.poisson(0.6 * engagement), 6),
    })
    # Purchases: each member is active from joining (or the window start) until the window end,
    # or until a random lapse day; the joining purchase of an in-window member is on join day.
    start = np.maximum(join.to_numpy(), window_start.to_datetime64())
    span = (window_end.to_datetime64() - start) / np.timedelta64(1, "D")
    lapse = rng.random(n) < COSMETICS_LAPSE
    active_days = np.where(lapse, span * rng.random(n), span)
    joined_inside = join.to_numpy() >= window_start.to_datetime64()
    dormant = ~joined_inside & (rng.random(n) < COSMETICS_DORMANT)
    active_days = np.where(dormant, 0.0, active_days)
    rate = COSMETICS_RATE * engagement * np.where(referred, COSMETICS_REFERRED_LIFT, 1.0)
    extra = rng.poisson(rate * active_days / 30.4)
    owner = np.repeat(position, extra)
    offset = np.floor(rng.random(len(owner)) * (active_days[owner] + 1)).astype(int)
    days = start[owner] + offset.astype("timedelta64[D]")
    owner = np.concatenate([position[joined_inside], owner])
    days = np.concatenate([join.to_numpy()[joined_inside], days])
    level = rng.lognormal(np.log(COSMETICS_BASKET), 0.35, n)
    amount = np.maximum(np.round(level[owner] * rng.lognormal(0.0, 0.45, len(owner))), 39)
    purchases = pd.DataFrame({"member_id": ids[owner], "date": days, "amount": amount})
    purchases = purchases.sort_values(["date", "member_id"], kind="stable").reset_index(drop=True)
    purchases.insert(0, "order_id", make_ids("D", len(purchases), 4))
    purchases["date"] = day_text(purchases["date"])
    purchases["amount"] = purchases["amount"].astype(int)
    return {"members.csv": members, "purchases.csv": purchases}
