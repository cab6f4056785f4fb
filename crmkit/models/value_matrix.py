"""Value matrix: contribution × growth → 拓展 / 挖掘 / 维持 / 退出.

A customer's contribution says what the relationship earns now; growth says
where it is heading. Crossing the two gives four maintenance strategies.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from crmkit.errors import CrmkitError

# Quadrant order used in every table and chart.
QUADRANTS = ["拓展", "挖掘", "维持", "退出"]

QUADRANT_INFO: dict[str, dict[str, str]] = {
    "拓展": {
        "position": "高贡献 · 高成长",
        "strategy": "重点投入资源，做深做宽：一户一策的综合服务方案，争取主办行地位，"
                    "推动高层互访，把结算、代发、票据、投行等业务一并带进来。",
    },
    "挖掘": {
        "position": "低贡献 · 高成长",
        "strategy": "弄清客户在他行做了什么、还缺什么，用交叉销售把结算和存款引回本行；"
                    "陪它成长，早期给足服务，贡献会随规模一起上来。",
    },
    "维持": {
        "position": "高贡献 · 低成长",
        "strategy": "守住基本盘：保证服务不出差错，定期回访，留意同业挖角和经营风险，"
                    "把维护成本控制在贡献能覆盖的范围内。",
    },
    "退出": {
        "position": "低贡献 · 低成长",
        "strategy": "先诊断原因再决定：暂时困难的客户转为低成本的线上和标准化服务；"
                    "风险上升或长期无贡献的客户有计划地压缩授信、逐步退出。",
    },
}

_PCT = re.compile(r"^p(\d+(?:\.\d+)?)$", re.IGNORECASE)
_MEDIAN_WORDS = {"median", "中位数"}


def _numeric_column(book: pd.DataFrame, column: str) -> pd.Series:
    if column not in book.columns:
        raise CrmkitError(f"找不到“{column}”列", column=column,
                          hint=f"数据里现有的列是：{'、'.join(map(str, book.columns))}")
    values = pd.to_numeric(book[column], errors="coerce")
    bad = values.isna()
    if bad.any():
        position = int(np.flatnonzero(bad.to_numpy())[0])
        raise CrmkitError(f"值“{book[column].iloc[position]}”不是数字", row=position + 1,
                          column=column, hint="请填入数字，缺失的客户先补齐或删除")
    return values.astype(float)


def _resolve(values: pd.Series, spec: object, axis: str) -> float:
    """Turn one threshold spec ("median", "p70" or a number) into a number."""
    if isinstance(spec, bool):
        spec = str(spec)
    if isinstance(spec, (int, float, np.integer, np.floating)):
        if not np.isfinite(spec):
            raise CrmkitError(f"{axis}阈值必须是有限的数字，收到 {spec!r}")
        return float(spec)
    if isinstance(spec, str):
        text = spec.strip()
        if text.lower() in _MEDIAN_WORDS:
            return float(values.median())
        match = _PCT.match(text)
        if match:
            pct = float(match.group(1))
            if not 0 < pct < 100:
                raise CrmkitError(f"{axis}的百分位 {text} 超出范围",
                                  hint="百分位要在 p1 到 p99 之间，例如 p70")
            return float(np.percentile(values.to_numpy(), pct))
    raise CrmkitError(f"看不懂{axis}阈值 {spec!r}",
                      hint="可以写 \"median\"（中位数）、\"p70\"（第 70 百分位）或一个数字")


def thresholds(book: pd.DataFrame, split: object = "median",
               contribution: str = "contribution", growth: str = "growth") -> tuple[float, float]:
    """Return the (contribution, growth) thresholds that ``split`` describes.

    split: "median", "p<NN>" for a percentile, or a pair giving each axis its own
    spec, e.g. (500, 0.05) for absolute values or ("p70", "median").
    """
    if isinstance(split, str):
        specs: Sequence[object] = (split, split)
    elif isinstance(split, Sequence) and len(split) == 2:
        specs = split
    else:
        raise CrmkitError(f"看不懂阈值设置 {split!r}",
                          hint="写 \"median\"、\"p70\"，或成对的 (贡献阈值, 增长阈值)，"
                               "例如 (500, 0.05)")
    if len(book) == 0:
        raise CrmkitError("客户表是空的，没有可以评分的客户", hint="先确认数据已正确读入")
    c_values = _numeric_column(book, contribution)
    g_values = _numeric_column(book, growth)
    return _resolve(c_values, specs[0], "贡献度"), _resolve(g_values, specs[1], "成长性")


def value_matrix(book: pd.DataFrame, contribution: str = "contribution",
                 growth: str = "growth", split: object = "median") -> pd.DataFrame:
    """Place each customer in a contribution × growth quadrant.

    Returns a copy of ``book`` with ``quadrant`` and ``strategy`` columns added.
    Customers exactly on a threshold count as high. ``split`` as in :func:`thresholds`.
    """
    c_cut, g_cut = thresholds(book, split, contribution, growth)
    high_c = _numeric_column(book, contribution).to_numpy() >= c_cut
    high_g = _numeric_column(book, growth).to_numpy() >= g_cut
    quadrant = np.select([high_c & high_g, ~high_c & high_g, high_c & ~high_g],
                         ["拓展", "挖掘", "维持"], default="退出")
    scored = book.copy()
    scored["quadrant"] = pd.Categorical(quadrant, categories=QUADRANTS)
    scored["strategy"] = scored["quadrant"].map(
        {q: info["strategy"] for q, info in QUADRANT_INFO.items()}).astype(str)
    scored.attrs["thresholds"] = (c_cut, g_cut)
    return scored


def quadrant_table(scored: pd.DataFrame, contribution: str = "contribution") -> pd.DataFrame:
    """Count customers and contribution per quadrant, in the fixed quadrant order."""
    grouped = scored.groupby("quadrant", observed=False)[contribution]
    table = pd.DataFrame({
        "位置": [QUADRANT_INFO[q]["position"] for q in QUADRANTS],
        "客户数": grouped.size().reindex(QUADRANTS, fill_value=0).astype(int).to_numpy(),
        "贡献合计(万元)": grouped.sum().reindex(QUADRANTS, fill_value=0).round(2).to_numpy(),
    }, index=pd.Index(QUADRANTS, name="象限"))
    total_n, total_c = table["客户数"].sum(), table["贡献合计(万元)"].sum()
    table["客户占比(%)"] = (table["客户数"] / total_n * 100).round(1) if total_n else 0.0
    table["贡献占比(%)"] = (table["贡献合计(万元)"] / total_c * 100).round(1) if total_c else 0.0
    return table


def strategy_table() -> pd.DataFrame:
    """The four quadrants with their position and maintenance strategy, for reading."""
    return pd.DataFrame(
        {"位置": [QUADRANT_INFO[q]["position"] for q in QUADRANTS],
         "维护策略": [QUADRANT_INFO[q]["strategy"] for q in QUADRANTS]},
        index=pd.Index(QUADRANTS, name="象限"))


def split_for(mode: str, c_pct: float, g_pct: float, c_abs: float, g_abs: float) -> object:
    """Translate the control values into a ``split`` for :func:`value_matrix`."""
    if mode == "median":
        return "median"
    if mode == "percentile":
        return (f"p{c_pct:g}", f"p{g_pct:g}")
    if mode == "absolute":
        return (float(c_abs), float(g_abs))
    raise CrmkitError(f"未知的划分方式 {mode!r}", hint="请选择 中位数、百分位 或 绝对值")
