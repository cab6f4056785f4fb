"""Profit concentration of a customer book: Pareto table, 80/20 share, Lorenz curve, Gini.

A few customers usually earn most of the profit (二八法则). These functions say
how few and how much, so that service and selling time can follow profit.
Every function takes one number per customer (a list, an array or a Series
whose index names the customers).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmkit.errors import CrmkitError

TIERS = ["最有利可图", "中等利润", "最不利可图"]

# Floating point slack when a cut such as 0.2 × 10 should give exactly 2 customers.
_EPS = 1e-9


def _values(values: object) -> pd.Series:
    """Profit per customer as a float Series; refuse empty, non-numeric or infinite input."""
    if isinstance(values, pd.DataFrame):
        raise CrmkitError("这里需要的是一列数字（每位客户一个利润），收到的是整张表",
                          hint="例如传入 book[\"contribution\"]")
    series = values.copy() if isinstance(values, pd.Series) else pd.Series(values)
    if len(series) == 0:
        raise CrmkitError("没有客户数据，无法分析利润集中度", hint="先确认数据已正确读入")
    numbers = pd.to_numeric(series, errors="coerce")
    bad = numbers.isna().to_numpy() | ~np.isfinite(numbers.to_numpy(dtype=float))
    if bad.any():
        position = int(np.flatnonzero(bad)[0])
        raise CrmkitError(f"第 {position + 1} 位客户的利润“{series.iloc[position]}”不是有限的数字",
                          hint="请填入数字，缺失的客户先补齐或删除")
    return numbers.astype(float)


def _positive_total(values: pd.Series) -> float:
    total = float(values.sum())
    if total <= 0:
        raise CrmkitError(f"全部客户的利润合计为 {total:g}，不是正数，无法计算各自的占比",
                          hint="确认利润口径；如果整体亏损，先单独分析亏损客户")
    return total


def _no_losses(values: pd.Series, what: str) -> None:
    """Lorenz curve and Gini are defined for non-negative amounts only."""
    if (values < 0).any():
        n_neg = int((values < 0).sum())
        raise CrmkitError(
            f"有 {n_neg} 位客户的利润是负数，{what}只适用于非负的金额：负数会让曲线跌到 0 以下，"
            "基尼系数也可能超过 1，失去“集中程度”的含义",
            hint="用 pareto_table 或 profitability_tiers 单独查看亏损客户；"
                 "如只想看盈利的集中度，可传入 negative=\"zero\"，把亏损按 0 计")


def _descending(values: pd.Series) -> pd.Series:
    """Largest first; equal profits keep their original order (stable sort)."""
    return values.iloc[np.argsort(-values.to_numpy(), kind="stable")]


def pareto_table(values: object) -> pd.DataFrame:
    """Customers sorted by profit, largest first, with cumulative shares.

    Columns: 客户 (the Series index, or 1..n), 利润, 累计利润, 累计客户占比 and
    累计利润占比 (fractions, 0.25 = 25%). Losses are allowed: they sit at the
    bottom and pull the cumulative profit share back down towards 1.
    """
    series = _values(values)
    total = _positive_total(series)
    ordered = _descending(series)
    n = len(ordered)
    cumulative = ordered.cumsum()
    customers = ordered.index if isinstance(values, pd.Series) else ordered.index + 1
    return pd.DataFrame({
        "客户": np.asarray(customers),
        "利润": ordered.to_numpy(),
        "累计利润": cumulative.to_numpy(),
        "累计客户占比": np.arange(1, n + 1) / n,
        "累计利润占比": cumulative.to_numpy() / total,
    }, index=pd.RangeIndex(1, n + 1, name="名次"))


def top_share(values: object, top: float = 0.2) -> float:
    """Share of total profit earned by the most profitable ``top`` fraction of customers.

    ``top`` × n is rarely a whole number. The customer on the boundary counts in
    proportion: with 12 customers, top=0.2 means 2.4 customers, i.e. the two
    largest plus 0.4 of the third. This makes the share a continuous,
    non-decreasing function of ``top`` that lies on the Pareto curve. Losses are
    allowed, so the share can exceed 1 (the rest of the book loses money).
    """
    if isinstance(top, bool) or not isinstance(top, (int, float, np.integer, np.floating)) \
            or not 0 <= top <= 1:
        raise CrmkitError(f"前多少比例的客户 top 应当在 0 到 1 之间，收到 {top!r}",
                          hint="例如 top=0.2 表示前 20% 的客户")
    series = _values(values)
    total = _positive_total(series)
    ordered = _descending(series).to_numpy()
    k = float(top) * len(ordered)
    whole = min(int(np.floor(k + _EPS)), len(ordered))
    partial = max(k - whole, 0.0)
    earned = ordered[:whole].sum() + (partial * ordered[whole] if whole < len(ordered) else 0.0)
    return float(earned / total)


def customers_for_share(values: object, share: float = 0.8) -> float:
    """Smallest share of customers, most profitable first, that earns ``share`` of the profit.

    The inverse of :func:`top_share`, with the boundary customer again counted in
    proportion: for profits 50, 30, 10, 10 and share=0.8 the answer is 0.5 (two
    of four customers). With loss-making customers the running total peaks above
    the total, so the target is reached before the losses are counted.
    """
    if isinstance(share, bool) or not isinstance(share, (int, float, np.integer, np.floating)) \
            or not 0 <= share <= 1:
        raise CrmkitError(f"利润占比 share 应当在 0 到 1 之间，收到 {share!r}",
                          hint="例如 share=0.8 表示 80% 的利润")
    series = _values(values)
    total = _positive_total(series)
    ordered = _descending(series).to_numpy()
    running = np.concatenate([[0.0], np.cumsum(ordered)])
    target = float(share) * total
    if target <= 0:
        return 0.0
    reached = np.flatnonzero(running >= target * (1 - _EPS))
    whole = int(reached[0]) - 1  # customers fully counted before the one that crosses
    step = running[whole + 1] - running[whole]
    partial = min(max((target - running[whole]) / step, 0.0), 1.0) if step > 0 else 1.0
    return float((whole + partial) / len(ordered))


def _prepared(values: object, negative: str, what: str) -> pd.Series:
    series = _values(values)
    if negative == "zero":
        series = series.clip(lower=0.0)
    elif negative == "raise":
        _no_losses(series, what)
    else:
        raise CrmkitError(f"negative 只能是 \"raise\" 或 \"zero\"，收到 {negative!r}")
    _positive_total(series)
    return series


def lorenz_curve(values: object, negative: str = "raise") -> tuple[np.ndarray, np.ndarray]:
    """Points of the Lorenz curve: customers from the smallest up, cumulative shares.

    Returns (x, y) of length n + 1, starting at (0, 0) and ending at (1, 1); x is
    the share of customers, y the share of profit they earn together.
    ``negative`` as in :func:`gini`.
    """
    series = _prepared(values, negative, "洛伦兹曲线")
    ascending = np.sort(series.to_numpy())
    n = len(ascending)
    x = np.arange(n + 1) / n
    y = np.concatenate([[0.0], np.cumsum(ascending) / ascending.sum()])
    y[-1] = 1.0  # exact end point despite rounding in the running sum
    return x, y


def gini(values: object, negative: str = "raise") -> float:
    """Gini coefficient of profit across customers: 0 = all equal, near 1 = one takes all.

    Formula, with x₁ ≤ x₂ ≤ … ≤ xₙ sorted ascending:
    G = 2·Σ i·xᵢ / (n·Σ xᵢ) − (n + 1) / n, which equals the mean absolute
    difference between all pairs divided by twice the mean, and 1 − 2 × the area
    under the Lorenz curve. For non-negative values 0 ≤ G ≤ (n − 1) / n < 1.

    Losses: by default a negative value is refused with a Chinese message,
    because with losses G can exceed 1 and no longer measures concentration;
    shifting all values up would make the answer depend on an arbitrary shift.
    ``negative="zero"`` counts losses as 0, i.e. measures how concentrated the
    positive profit is across all customers.
    """
    series = _prepared(values, negative, "基尼系数")
    ascending = np.sort(series.to_numpy())
    n = len(ascending)
    ranks = np.arange(1, n + 1)
    g = 2.0 * float(np.sum(ranks * ascending)) / (n * float(ascending.sum())) - (n + 1) / n
    return float(max(g, 0.0))  # tiny negative rounding for all-equal values → 0


def _check_cuts(cuts: object) -> tuple[float, float]:
    try:
        high, middle = (float(c) for c in cuts)  # type: ignore[union-attr]
    except (TypeError, ValueError):
        raise CrmkitError(f"看不懂分层比例 {cuts!r}",
                          hint="写成两个比例，例如 (0.2, 0.5)：前 20% 为最有利可图，"
                               "20%–50% 为中等利润") from None
    if not 0 < high < middle < 1:
        raise CrmkitError(f"分层比例 {cuts!r} 不合适，两个比例要满足 0 < 第一个 < 第二个 < 1",
                          hint="例如 (0.2, 0.5)")
    return high, middle


def assign_tiers(values: object, cuts: object = (0.2, 0.5)) -> pd.Series:
    """Tier of each customer by profit rank, in the input order (same index).

    With n customers the top floor(cuts[0] × n) are 最有利可图, the next ones up
    to floor(cuts[1] × n) are 中等利润, everyone else 最不利可图. Equal profits
    on a boundary are split by their order in the input.
    """
    high, middle = _check_cuts(cuts)
    series = _values(values)
    n = len(series)
    rank = np.empty(n, dtype=int)
    rank[np.argsort(-series.to_numpy(), kind="stable")] = np.arange(1, n + 1)
    n_high = int(np.floor(high * n + _EPS))
    n_middle = int(np.floor(middle * n + _EPS))
    labels = np.select([rank <= n_high, rank <= n_middle], TIERS[:2], default=TIERS[2])
    return pd.Series(pd.Categorical(labels, categories=TIERS, ordered=True), index=series.index)


def profitability_tiers(values: object, cuts: object = (0.2, 0.5)) -> pd.DataFrame:
    """Customers and profit per tier (最有利可图 / 中等利润 / 最不利可图).

    Columns: 客户数, 客户占比(%), 利润合计, 利润占比(%), 户均利润. Tiers as in
    :func:`assign_tiers`; shares need a positive total profit.
    """
    series = _values(values)
    total = _positive_total(series)
    tiers = assign_tiers(series, cuts)
    grouped = series.groupby(tiers.array, observed=False)
    counts = grouped.size().reindex(TIERS, fill_value=0).astype(int)
    sums = grouped.sum().reindex(TIERS, fill_value=0.0)
    table = pd.DataFrame({
        "客户数": counts.to_numpy(),
        "客户占比(%)": (counts / len(series) * 100).round(1).to_numpy(),
        "利润合计": sums.round(2).to_numpy(),
        "利润占比(%)": (sums / total * 100).round(1).to_numpy(),
        "户均利润": (sums / counts.where(counts > 0)).round(2).to_numpy(),
    }, index=pd.Index(TIERS, name="层级"))
    return table
