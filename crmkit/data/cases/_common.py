"""Helpers shared by the case generators: seeded draws, codes, and the CSV writer.

Every case module in this package imports from here instead of keeping its own copy.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from crmkit.errors import CrmkitError
from crmkit.models.funnel import LOST, OPEN, SALES_STAGES, WON

# Chinese names of columns that several cases share, each with one meaning everywhere.
COLUMN_LABELS: dict[str, str] = {
    "activity_change": "业务量变化", "area_mu": "面积(亩)", "bank_inflows": "银行流入(万元)",
    "capex": "资本开支(亿元)", "cost_of_sales": "营业成本(万元)", "date": "日期",
    "debt_ratio": "资产负债率", "electricity": "用电量(万千瓦时)", "figure_text": "原文表述",
    "firm": "企业", "firm_id": "编号", "fixed_assets_per_employee": "人均固定资产(万元/人)",
    "gross_margin": "毛利率", "gross_margin_last": "上年毛利率", "growth": "销售增长",
    "hog_price": "生猪价格(元/公斤)", "industry": "行业", "inventory": "存货(万元)",
    "inventory_days": "存货周转天数", "labour_cost_share": "人工成本占营业收入比重",
    "land_per_revenue": "每亿元营业收入占地(亩/亿元)", "life_event": "生活或经营有变",
    "link": "环节", "manager": "客户经理", "month": "月份", "net_margin": "净利率",
    "net_profit": "净利润(亿元)", "opportunity_id": "商机编号", "order_id": "单号",
    "owner": "负责人", "patents": "发明专利(件)", "price_sensitivity": "价格敏感度",
    "rd_ratio": "研发费用率", "receivables": "应收账款(万元)", "relationship": "与本行关系",
    "repeat_rate": "重复交易率", "role": "身份", "sales_last": "上年销售额(万元)",
    "satisfaction": "满意度(1-5)", "section": "原文位置", "segment": "环节",
    "share": "市场份额(%)", "share_of_wallet": "本机构份额", "tenure_years": "往来年限(年)",
    "title": "职务", "total_assets": "总资产(万元)", "total_liabilities": "总负债(万元)",
    "unit": "单位", "vat_paid": "实缴增值税(万元)",
}


Tables = dict[str, pd.DataFrame]


def make_rng(seed: int) -> np.random.Generator:
    """The generator every case draws from; a seed that is not a whole number is refused."""
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise CrmkitError(f"随机种子 seed 必须是整数，收到的是 {seed!r}", hint="例如 seed=101")
    return np.random.default_rng(seed)


def geometric_shares(rng: np.random.Generator, n: int, ratio: float, coverage: float,
                     noise: float = 0.08) -> np.ndarray:
    """Shares (%) of n named firms, largest first, decaying by ``ratio`` with some noise.

    The named firms together hold ``coverage`` percent; the rest of the market is
    spread over many small firms that are not listed (so HHI is a lower bound).
    """
    base = ratio ** np.arange(n) * rng.lognormal(0.0, noise, n)
    return np.round(np.sort(base)[::-1] / base.sum() * coverage, 1)


def share_rows(segment_specs: Mapping[str, tuple], rng: np.random.Generator,
               column: str = "segment", prefix: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Long table (segment, firm, share) from {segment: (n, ratio, coverage)}."""
    frames = []
    for name, (n, ratio, coverage) in segment_specs.items():
        shares = geometric_shares(rng, n, ratio, coverage)
        label = (prefix or {}).get(name, name)
        firms = [f"{label}{FIRM_CODES[i]}" for i in range(n)]
        frames.append(pd.DataFrame({column: name, "firm": firms, "share": shares}))
    return pd.concat(frames, ignore_index=True)


# 甲乙丙丁 and onwards: the fictional firm codes used in every share table.
FIRM_CODES = list("甲乙丙丁戊己庚辛壬癸") + [f"{i}" for i in range(11, 31)]


def growth_path(rng: np.random.Generator, start: float, end: float, n: int = 10,
                noise: float = 0.02) -> np.ndarray:
    """Annual growth rates drifting from ``start`` to ``end`` with normal noise (sd ``noise``)."""
    return np.round(np.linspace(start, end, n) + rng.normal(0.0, noise, n), 3)


def jitter(rng: np.random.Generator, values, spread: float = 0.05) -> np.ndarray:
    """Multiply teaching values by a small random factor so a table looks like a sample."""
    values = np.asarray(values, dtype=float)
    return values * rng.lognormal(0.0, spread, values.shape)


def intensity_table(rng: np.random.Generator,
                    profiles: Mapping[str, tuple[float, float, float, float]]) -> pd.DataFrame:
    """One row per chain link with the four factor-intensity indicators, jittered."""
    raw = np.array(list(profiles.values()), dtype=float)
    raw = jitter(rng, raw)
    return pd.DataFrame({
        "link": list(profiles),
        "fixed_assets_per_employee": raw[:, 0].round(0),
        "labour_cost_share": raw[:, 1].round(3),
        "rd_share": raw[:, 2].round(3),
        "land_per_revenue": raw[:, 3].round(0),
    })


def years(n: int) -> np.ndarray:
    return np.arange(1, n + 1)


def firm_table(rng: np.random.Generator, base: pd.DataFrame) -> pd.DataFrame:
    """Jitter a table of teaching values: money to 2 decimals, ratios to 3, days to whole."""
    out = base.copy()
    for col in out.columns:
        if not pd.api.types.is_float_dtype(out[col]):
            continue
        if col.endswith("_days"):
            out[col] = jitter(rng, out[col], 0.06).round(0)
        elif col in ("revenue", "cash", "capex", "depreciation", "net_profit", "operating_cf",
                     "equity"):
            out[col] = (out[col] * rng.lognormal(0.0, 0.06, len(out))).round(2)
        else:
            out[col] = (out[col] + rng.normal(0.0, 0.004, len(out))).round(3)
    return out


# Character pools for made-up company names: two brand characters and a trade word.
BRAND_CHARS = list("恒瑞博鑫佳宏信德汇鼎嘉盛远启达源泰诚联力晟昊卓铭骏澜拓锐航峰睿晨弘益川")


def company_names(rng: np.random.Generator, trades: Sequence[str]) -> np.ndarray:
    """Distinct made-up names such as 恒锐精密: two brand characters and each row's trade word."""
    pool = np.array([a + b for a in BRAND_CHARS for b in BRAND_CHARS if a != b])
    brands = rng.choice(pool, size=len(trades), replace=False)
    return np.char.add(brands.astype(str), np.asarray(trades).astype(str))


def random_pipeline(rng: np.random.Generator, n: int, as_of: str, advance: Sequence[float],
                    typical: float, spread: float = 0.6, loss_days: float = 320) -> pd.DataFrame:
    """``n`` opportunities created over the year before ``as_of``, moved stage by stage.

    Each opportunity passes each stage with the chance in ``advance`` (one per step
    between the five sales stages of :mod:`crmkit.models.funnel`; an array of shape
    (n, 4) gives every opportunity its own chances). A deal that got to the end is won
    if it had time to close; an unfinished one is lost with a chance that grows with
    its age (age ÷ ``loss_days``, at most 85%). Amounts are log-normal around
    ``typical`` 万元. Columns: stage, status, amount, created, closed (dates as
    text, closed empty while open).
    """
    end = pd.Timestamp(as_of)
    steps_n = len(SALES_STAGES) - 1
    age = rng.integers(20, 360, n)
    chances = np.broadcast_to(np.asarray(advance, dtype=float), (n, steps_n))
    steps = np.cumprod(rng.random((n, steps_n)) < chances, axis=1).sum(axis=1)
    cycle = rng.integers(45, 200, n)
    won = (steps == steps_n) & (cycle <= age)
    steps = np.where((steps == steps_n) & ~won, steps_n - 1, steps)
    lost = ~won & (rng.random(n) < np.minimum(0.85, age / loss_days))
    lost_after = np.maximum(1, np.floor(rng.random(n) * age)).astype(int)
    created = end - pd.to_timedelta(age, unit="D")
    closed_days = np.where(won, cycle, lost_after)
    closed = pd.Series(created + pd.to_timedelta(closed_days, unit="D")).where(won | lost)
    return pd.DataFrame({
        "stage": np.array(SALES_STAGES)[steps],
        "status": np.select([won, lost], [WON, LOST], default=OPEN),
        "amount": np.round(rng.lognormal(np.log(typical), spread, n), 0),
        "created": pd.Series(created).dt.strftime("%Y-%m-%d"),
        "closed": closed.dt.strftime("%Y-%m-%d"),
    })


def make_ids(prefix: str, n: int, width: int = 3) -> list[str]:
    return [f"{prefix}{i:0{width}d}" for i in range(1, n + 1)]


def pick(rng: np.random.Generator, options: Mapping[str, float], n: int) -> np.ndarray:
    """Draw ``n`` labels with the given (unnormalised) weights."""
    weights = np.asarray(list(options.values()), dtype=float)
    return rng.choice(np.asarray(list(options)), size=n, p=weights / weights.sum())


def yes_no(flags: np.ndarray) -> np.ndarray:
    return np.where(flags, "是", "否")


def random_dates(rng: np.random.Generator, start: str, end: str, n: int) -> pd.DatetimeIndex:
    """``n`` random days between ``start`` and ``end`` (both included)."""
    first, last = pd.Timestamp(start), pd.Timestamp(end)
    offsets = rng.integers(0, (last - first).days + 1, n)
    return first + pd.to_timedelta(offsets, unit="D")


def day_text(days) -> np.ndarray:
    return pd.DatetimeIndex(days).strftime("%Y-%m-%d").to_numpy()


def write_tables(tables: Mapping[str, pd.DataFrame], out: Path | str) -> list[Path]:
    """Write each table as UTF-8 CSV with BOM (Excel opens it) into ``out``; return the paths."""
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, table in tables.items():
        path = folder / name
        table.to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\n")
        paths.append(path)
    return paths
