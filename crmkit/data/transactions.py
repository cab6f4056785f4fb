"""Deterministic synthetic behaviour data for module 7 (RFM, loyalty, churn warning).

Three generators, all vectorised and seeded, so the same arguments always give
the same table:

- :func:`transactions`: a transaction list (one row per transaction) for RFM;
- :func:`monthly_panel`: a customer × month panel for churn early warning, in
  which some customers drift away;
- :func:`loyalty_features`: one row per customer with the behaviour features the
  loyalty classifier reads.

Every number is made up by a random generator; the rates, amounts and shares
below are teaching assumptions, not statistics of any real bank or broker.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmkit.dates import parse_day
from crmkit.errors import CrmkitError

# Teaching assumptions per kind of business, all amounts in 元.
#   prefix: first letter of the customer id
#   mean_txn: mean number of transactions per customer over a full year
#   median_amount: median amount of one transaction
#   level_sigma: spread of customers' typical amounts (log scale)
#   channels: channel name → probability
KINDS: dict[str, dict] = {
    "retail": {
        "label": "银行零售与财富客户",
        "prefix": "R",
        "mean_txn": 12.0,
        "median_amount": 20_000.0,
        "level_sigma": 0.9,
        "channels": {"手机银行": 0.55, "网点柜面": 0.25, "理财经理面签": 0.15, "网上银行": 0.05},
    },
    "corporate": {
        "label": "对公结算客户",
        "prefix": "E",
        "mean_txn": 24.0,
        "median_amount": 150_000.0,
        "level_sigma": 1.2,
        "channels": {"企业网银": 0.60, "银企直连": 0.20, "柜面": 0.20},
    },
    "brokerage": {
        "label": "证券经纪客户",
        "prefix": "S",
        "mean_txn": 20.0,
        "median_amount": 50_000.0,
        "level_sigma": 1.0,
        "channels": {"手机 App": 0.70, "电脑客户端": 0.20, "营业部现场或电话委托": 0.10},
    },
}
# Brokerage commission (teaching assumption): 万分之 2.5 of the trade value, at least 5 元.
COMMISSION_RATE = 0.00025
COMMISSION_MIN = 5.0
# Share of customers who stopped trading during the period, and who joined during it.
LAPSED_SHARE = 0.20
NEW_SHARE = 0.10


def _check_count(n_customers: object) -> int:
    if (not isinstance(n_customers, (int, np.integer)) or isinstance(n_customers, bool)
            or n_customers < 1):
        raise CrmkitError(f"客户数 n_customers 必须是正整数，收到的是 {n_customers!r}",
                          hint="例如 n_customers=200")
    return int(n_customers)


def _parse_day(value: object, name: str) -> np.datetime64:
    return np.datetime64(parse_day(value, name).date(), "D")


def _customer_ids(prefix: str, n: int) -> np.ndarray:
    """Ids like R0001 … R0200; the width grows with n so they sort as text."""
    width = max(4, len(str(n)))
    numbers = np.char.zfill(np.arange(1, n + 1).astype(str), width)
    return np.char.add(prefix, numbers).astype(object)


def transactions(n_customers: int = 200, seed: int = 2024, start: str = "2024-01-01",
                 end: str = "2024-12-31", kind: str = "retail") -> pd.DataFrame:
    """A synthetic transaction list: customer_id, date, amount (元), channel.

    kind: "retail" (bank retail and wealth products), "corporate" (corporate
    settlement) or "brokerage" (securities trades; ``amount`` is the trade value
    and an extra ``commission`` column holds the commission, 元).

    Every customer has at least one transaction. About 20% of customers stop
    part-way through the period and about 10% join late, so recency varies the
    way it does in a real book. Rows are in date order. ``customer_id`` is a
    categorical column (it prints and filters like text) so that ten million rows
    stay small and group quickly. Generated without a loop over customers: one
    million customers with about ten transactions each take a few seconds.
    """
    n = _check_count(n_customers)
    if kind not in KINDS:
        raise CrmkitError(f"不认识的客户类型 kind={kind!r}",
                          hint="可选 \"retail\"（零售）、\"corporate\"（对公）、"
                               "\"brokerage\"（证券）")
    first, last = _parse_day(start, "开始日期 start"), _parse_day(end, "结束日期 end")
    if last < first:
        raise CrmkitError(f"结束日期 {end} 早于开始日期 {start}", hint="把 start 和 end 对调")
    spec = KINDS[kind]
    rng = np.random.default_rng(seed)
    days = int((last - first).astype(int)) + 1

    # Customer level: an active window [lo, hi] inside the period, an activity rate
    # and a typical amount; busier customers tend to deal in larger amounts.
    status = rng.random(n)
    lo = np.zeros(n)
    hi = np.full(n, days - 1.0)
    lapsed = status < LAPSED_SHARE
    new = status >= 1 - NEW_SHARE
    hi[lapsed] = rng.uniform(0.10, 0.75, lapsed.sum()) * (days - 1)
    lo[new] = rng.uniform(0.50, 0.95, new.sum()) * (days - 1)
    span = hi - lo + 1
    z = rng.standard_normal(n)
    rate = spec["mean_txn"] * np.exp(0.7 * z - 0.7 ** 2 / 2)
    counts = 1 + rng.poisson(np.maximum(rate * span / days - 1, 0.0))
    log_level = (np.log(spec["median_amount"])
                 + spec["level_sigma"] * (0.4 * z + np.sqrt(1 - 0.4 ** 2) * rng.standard_normal(n)))

    # Transaction level: repeat each customer's parameters once per transaction.
    owner = np.repeat(np.arange(n, dtype=np.int32), counts)
    total = owner.size
    day = (lo[owner] + rng.random(total) * span[owner]).astype(np.int16)
    amount = np.round(np.exp(log_level[owner] + rng.normal(0.0, 0.6, total)), 2)
    names = list(spec["channels"])
    channel = rng.choice(len(names), size=total, p=list(spec["channels"].values()))

    order = np.argsort(day, kind="stable")  # by date, then by customer
    owner, day, amount, channel = owner[order], day[order], amount[order], channel[order]
    frame = pd.DataFrame({
        "customer_id": pd.Categorical.from_codes(owner, categories=_customer_ids(spec["prefix"], n),
                                                  ordered=True),
        "date": first + day.astype("timedelta64[D]"),
        "amount": amount,
        "channel": pd.Categorical.from_codes(channel, categories=names),
    })
    if kind == "brokerage":
        frame["commission"] = np.round(np.maximum(amount * COMMISSION_RATE, COMMISSION_MIN), 2)
    return frame


# Monthly panel (teaching assumptions): share of customers drifting away, and of
# customers with a one-off dip (a large purchase elsewhere) that is not churn.
DRIFT_SHARE = 0.15
DIP_SHARE = 0.05


def monthly_panel(n_customers: int = 200, seed: int = 2024, months: int = 12,
                  end: str = "2024-12", with_truth: bool = False) -> pd.DataFrame:
    """A customer × month panel for churn early warning, ``months`` months ending at ``end``.

    Columns: customer_id, month ("2024-01"), balance (monthly average daily
    financial assets, 万元), transactions (count in the month), share_of_wallet
    (our share of the customer's financial assets, 0–1), complaints (count).
    About 15% of customers start drifting away at some month in the second half:
    balance, transactions and share fall month by month and complaints become more
    likely; about 5% have a one-off dip in balance in the last quarter but stay.
    ``with_truth=True`` adds a ``drifting`` column saying who is really drifting,
    for checking how well warning rules do.
    """
    n = _check_count(n_customers)
    if (not isinstance(months, (int, np.integer)) or isinstance(months, bool)
            or not 6 <= months <= 60):
        raise CrmkitError(f"月数 months 要在 6 到 60 之间，收到的是 {months!r}",
                          hint="预警规则要比较前后两个时段，至少需要 6 个月")
    try:
        last = pd.Period(end, freq="M")
    except (TypeError, ValueError):
        raise CrmkitError(f"结束月份 end 不是可识别的月份：{end!r}",
                          hint="写成 \"2024-12\" 这样的格式") from None
    rng = np.random.default_rng(seed)
    t = np.arange(months)

    base = rng.lognormal(np.log(50.0), 0.9, n)                 # 万元
    base_txn = rng.lognormal(np.log(6.0), 0.6, n)              # per month
    base_share = np.clip(rng.beta(4, 3, n), 0.05, 0.98)

    kind = rng.random(n)
    drifting = kind < DRIFT_SHARE
    dipping = (kind >= DRIFT_SHARE) & (kind < DRIFT_SHARE + DIP_SHARE)
    drift_start = rng.integers(months // 2, months - 1, n)     # first month of the drift
    decay = rng.uniform(0.70, 0.88, n)
    steps = np.clip(t[None, :] - drift_start[:, None] + 1, 0, None) * drifting[:, None]
    fade = decay[:, None] ** steps                               # 1 before the drift starts

    dip = np.ones((n, months))
    dip_month = rng.integers(months - 3, months, n)
    dip_depth = rng.uniform(0.35, 0.6, n)
    hit = dipping[:, None] & (t[None, :] == dip_month[:, None])
    dip[hit] = np.broadcast_to(1 - dip_depth[:, None], (n, months))[hit]

    noise = rng.lognormal(0.0, 0.08, (n, months))
    balance = np.round(base[:, None] * fade * dip * noise, 2)
    txn = rng.poisson(base_txn[:, None] * fade ** 3)
    share = base_share[:, None] - 0.05 * steps + rng.normal(0.0, 0.02, (n, months))
    share = np.round(np.clip(share, 0.0, 1.0), 3)
    complaint_rate = np.where(steps > 0, 0.15, 0.015)
    complaints = rng.poisson(complaint_rate)

    labels = pd.period_range(end=last, periods=months, freq="M").strftime("%Y-%m")
    panel = pd.DataFrame({
        "customer_id": np.repeat(_customer_ids("C", n), months),
        "month": np.tile(np.asarray(labels, dtype=object), n),
        "balance": balance.ravel(),
        "transactions": txn.ravel().astype(np.int64),
        "share_of_wallet": share.ravel(),
        "complaints": complaints.ravel().astype(np.int64),
    })
    if with_truth:
        panel["drifting"] = np.repeat(drifting, months)
    return panel


# Loyalty features (teaching assumptions): customers are drawn from six latent
# profiles plus a group that has not formed loyalty yet; the classifier in
# crmkit.models.loyalty only sees the features, never the profile.
_PROFILES = {
    # name: (weight, satisfaction mean, share mean, price sensitivity mean,
    #        activity change mean, tenure mean in years, repeat rate mean, life-event prob.)
    "emotional": (0.18, 4.5, 0.75, 0.25, 0.05, 6.0, 0.80, 0.03),
    "inertia": (0.22, 3.4, 0.45, 0.35, 0.00, 7.0, 0.75, 0.03),
    "rational": (0.16, 3.8, 0.65, 0.80, 0.03, 4.0, 0.70, 0.03),
    "lifestyle": (0.07, 3.9, 0.45, 0.40, -0.45, 8.0, 0.55, 0.95),
    "rational_down": (0.10, 3.5, 0.35, 0.80, -0.40, 4.0, 0.50, 0.03),
    "unhappy_down": (0.10, 2.2, 0.30, 0.50, -0.45, 5.0, 0.45, 0.05),
    "new": (0.17, 3.7, 0.25, 0.50, 0.10, 1.0, 0.30, 0.03),
}


def loyalty_features(n_customers: int = 200, seed: int = 2024) -> pd.DataFrame:
    """One row per customer with the features the loyalty classifier reads.

    Columns: customer_id; satisfaction (survey score 1–5); share_of_wallet (0–1);
    price_sensitivity (0–1, how strongly rates and fees drive the customer's
    choices, from the manager's assessment); activity_change (change of business
    with us, recent half-year against the one before, as a fraction); tenure_years;
    repeat_rate (share of months with a repeat purchase, 0–1); life_event (a known
    change such as retirement, moving away or a change of business).
    """
    n = _check_count(n_customers)
    rng = np.random.default_rng(seed)
    table = np.array([v[1:] for v in _PROFILES.values()])
    weights = np.array([v[0] for v in _PROFILES.values()])
    profile = rng.choice(len(weights), size=n, p=weights / weights.sum())
    sat, share, price, change, tenure, repeat, life = table[profile].T
    return pd.DataFrame({
        "customer_id": _customer_ids("L", n),
        "satisfaction": np.round(np.clip(rng.normal(sat, 0.4), 1.0, 5.0), 1),
        "share_of_wallet": np.round(np.clip(rng.normal(share, 0.12), 0.02, 1.0), 2),
        "price_sensitivity": np.round(np.clip(rng.normal(price, 0.12), 0.0, 1.0), 2),
        "activity_change": np.round(np.clip(rng.normal(change, 0.12), -0.95, 1.0), 2),
        "tenure_years": np.round(np.clip(rng.gamma(4.0, tenure / 4.0), 0.2, 30.0), 1),
        "repeat_rate": np.round(np.clip(rng.normal(repeat, 0.12), 0.0, 1.0), 2),
        "life_event": rng.random(n) < life,
    })
