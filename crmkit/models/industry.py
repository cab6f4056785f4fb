"""Industry analysis: concentration (CRn, HHI), life-cycle stage and factor intensity.

A customer manager reads an industry before reading a borrower in it: how crowded
the market is, where the industry stands in its life cycle, and which production
factor it leans on. Every rule here is simple enough to explain at a credit
committee; thresholds are either published standards (cited below) or teaching
assumptions that the caller can replace.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from crmkit.errors import CrmkitError

# Published shares are rounded, so a list may add up to 100.3%; up to this many
# percentage points above 100 is taken as rounding, anything more is an error.
ROUNDING_TOLERANCE = 0.5


def _as_float_array(values: object, what: str) -> np.ndarray:
    """Turn a list, Series, array or mapping of numbers into a 1-D float array."""
    if isinstance(values, Mapping):
        values = list(values.values())
    if isinstance(values, (str, bytes)) or not isinstance(values, (Sequence, pd.Series,
                                                                    np.ndarray, pd.Index)):
        raise CrmkitError(f"{what}应当是一列数字，收到的是 {type(values).__name__}",
                          hint="可以用列表，例如 [30, 25, 20]，或者 pandas 的 Series")
    series = pd.Series(list(values), dtype=object)
    numbers = pd.to_numeric(series, errors="coerce")
    bad = numbers.isna()
    if bad.any():
        position = int(np.flatnonzero(bad.to_numpy())[0])
        raise CrmkitError(f"{what}的第 {position + 1} 个值“{series.iloc[position]}”不是数字",
                          hint="请填入数字，缺失的先补齐或删除")
    if len(numbers) == 0:
        raise CrmkitError(f"{what}是空的", hint="至少需要一个数字")
    return numbers.to_numpy(dtype=float)


def shares_in_percent(shares: object, unit: str = "auto") -> np.ndarray:
    """Return market shares as percentages (0–100), sorted from largest to smallest.

    unit: "percent" (30 means 30%), "fraction" (0.30 means 30%) or "auto". Auto reads
    the list as fractions when it adds up to at most 1 (plus the rounding tolerance),
    otherwise as percentages. Auto guesses wrong only for a list of percentages that
    together stay under 1%, e.g. [0.4, 0.3] meaning 0.4% and 0.3%: pass unit="percent".
    """
    values = _as_float_array(shares, "市场份额")
    if (values < 0).any():
        raise CrmkitError(f"市场份额不能为负数，收到 {values[values < 0][0]:g}",
                          hint="检查是否把份额的变化量当成了份额")
    total = values.sum()
    if unit == "auto":
        unit = "fraction" if total <= 1 + ROUNDING_TOLERANCE / 100 else "percent"
    if unit == "fraction":
        percent = values * 100
    elif unit == "percent":
        percent = values
    else:
        raise CrmkitError(f"看不懂份额的单位 {unit!r}",
                          hint="写 \"percent\"（百分数）、\"fraction\"（小数）或 \"auto\"")
    if percent.sum() > 100 + ROUNDING_TOLERANCE:
        raise CrmkitError(f"市场份额合计 {percent.sum():.1f}%，超过了 100%",
                          hint="检查是否重复列了同一家企业，或者混用了不同口径的份额")
    if percent.sum() == 0:
        raise CrmkitError("市场份额全部是 0，无法计算集中度", hint="至少填入一家企业的份额")
    return np.sort(percent)[::-1]


def concentration_ratio(shares: object, n: int = 4, unit: str = "auto") -> float:
    """CRn: the combined share, in percent, of the n largest firms.

    ``shares`` is a list, Series or mapping of market shares, as percentages summing
    to at most 100 or as fractions summing to at most 1 (detected automatically,
    see :func:`shares_in_percent`). Order does not matter. With fewer than n firms
    listed, CRn is the total of those listed. Rounded to 6 decimals so that float
    noise does not show on a page.
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise CrmkitError(f"CRn 的 n 必须是正整数，收到 {n!r}", hint="常用 n=4 或 n=8")
    percent = shares_in_percent(shares, unit)
    return round(float(percent[:n].sum()), 6)


def hhi(shares: object, unit: str = "auto") -> float:
    """Herfindahl-Hirschman index on the 0–10,000 scale: the sum of squared % shares.

    A single firm with 100% gives 10,000; many tiny firms give close to 0. Share not
    listed (an "others" remainder) is left out, i.e. treated as spread over many very
    small firms, so the result is a lower bound when the list is incomplete.
    """
    percent = shares_in_percent(shares, unit)
    return round(float(np.square(percent).sum()), 6)


# --- Reading concentration --------------------------------------------------------------

# Bain's classification by the four-firm ratio, as taught in Chinese industrial-
# organisation textbooks (J. S. Bain, Industrial Organization, 1959; 2nd ed. 1968).
# (lower bound of CR4 in percent, type). Bain's table also gives CR8 ranges; the kit
# uses CR4 only.
BAIN_TYPES: list[tuple[float, str]] = [
    (75.0, "极高寡占型"),
    (65.0, "高集中寡占型"),
    (50.0, "中（上）集中寡占型"),
    (35.0, "中（下）集中寡占型"),
    (30.0, "低集中寡占型"),
    (0.0, "竞争型"),
]

# HHI thresholds of the U.S. DOJ/FTC guidelines.
# 2010 Horizontal Merger Guidelines §5.3: below 1,500 unconcentrated; between 1,500
# and 2,500 moderately concentrated; above 2,500 highly concentrated.
# 2023 Merger Guidelines, Guideline 1: above 1,800 highly concentrated (no middle band).
HHI_SCHEMES: dict[str, tuple[float, ...]] = {"2010": (1500.0, 2500.0), "2023": (1800.0,)}
HHI_SOURCES = {"2010": "美国 2010 年《横向合并指南》", "2023": "美国 2023 年《合并指南》"}


def bain_type(cr4: float) -> str:
    """Bain's market-structure type for a CR4 given in percent (0–100)."""
    cr4 = _check_range(cr4, "CR4", 100.0)
    return next(name for floor, name in BAIN_TYPES if cr4 >= floor)


def _check_range(value: object, what: str, top: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise CrmkitError(f"{what} 应当是数字，收到 {value!r}")
    if not 0 <= float(value) <= top:
        raise CrmkitError(f"{what} 应当在 0 到 {top:,.0f} 之间，收到 {value:g}",
                          hint="CR4 用百分数（如 62 表示 62%），HHI 用 0–10,000 的刻度")
    return float(value)


def _hhi_cuts(hhi_thresholds: object) -> tuple[tuple[float, ...], str]:
    if isinstance(hhi_thresholds, str):
        if hhi_thresholds not in HHI_SCHEMES:
            raise CrmkitError(f"没有名为 {hhi_thresholds!r} 的 HHI 标准",
                              hint="可以写 \"2010\"、\"2023\"，或给出一两个阈值，如 (1500, 2500)")
        return HHI_SCHEMES[hhi_thresholds], HHI_SOURCES[hhi_thresholds]
    if isinstance(hhi_thresholds, Sequence) and len(hhi_thresholds) in (1, 2):
        cuts = tuple(_check_range(c, "HHI 阈值", 10000.0) for c in hhi_thresholds)
        if list(cuts) != sorted(set(cuts)):
            raise CrmkitError(f"HHI 阈值要从小到大排列且互不相同，收到 {hhi_thresholds!r}")
        return cuts, "自定义阈值"
    raise CrmkitError(f"看不懂 HHI 阈值 {hhi_thresholds!r}",
                      hint="写 \"2010\"、\"2023\"，或给出一两个阈值，如 (1500, 2500)")


def hhi_level(value: float, hhi_thresholds: object = "2010") -> str:
    """Concentration level of an HHI value under a scheme ("2010", "2023") or own cut-offs.

    Two cut-offs (low, high): below low 非集中市场, above high 高度集中市场, otherwise
    (both ends included, as in the 2010 guidelines) 中度集中市场. One cut-off: above it
    高度集中市场, otherwise 未达高度集中的市场.
    """
    value = _check_range(value, "HHI", 10000.0)
    cuts, _ = _hhi_cuts(hhi_thresholds)
    if value > cuts[-1]:
        return "高度集中市场"
    if len(cuts) == 1:
        return "未达高度集中的市场"
    return "非集中市场" if value < cuts[0] else "中度集中市场"


def market_structure(cr4: float | None = None, hhi: float | None = None,
                     hhi_thresholds: object = "2010") -> dict:
    """A Chinese reading of market concentration from CR4 (percent) and/or HHI.

    Returns a dict with the inputs, ``bain_type`` (Bain 1959 by CR4), ``hhi_level``
    (DOJ/FTC: the 2010 guidelines by default, "2023" or own cut-offs through
    ``hhi_thresholds``), ``scheme`` naming the HHI source, and ``summary``: one or two
    Chinese sentences, including a warning when the two yardsticks disagree.
    Concentration alone does not name one of the four textbook market structures:
    product differentiation and entry barriers decide that, so the reading stops here.
    """
    if cr4 is None and hhi is None:
        raise CrmkitError("至少要给出 CR4 或 HHI 中的一个", hint="例如 market_structure(cr4=62)")
    reading: dict = {"cr4": None, "bain_type": None, "hhi": None, "hhi_level": None,
                     "scheme": None, "summary": ""}
    parts = []
    if cr4 is not None:
        reading["cr4"] = _check_range(cr4, "CR4", 100.0)
        reading["bain_type"] = bain_type(cr4)
        parts.append(f"CR4 为 {reading['cr4']:.1f}%，按贝恩分类属于{reading['bain_type']}")
    if hhi is not None:
        reading["hhi"] = _check_range(hhi, "HHI", 10000.0)
        _, source = _hhi_cuts(hhi_thresholds)
        reading["hhi_level"] = hhi_level(hhi, hhi_thresholds)
        reading["scheme"] = source
        parts.append(f"HHI 为 {reading['hhi']:,.0f}，按{source}属于{reading['hhi_level']}")
    summary = "；".join(parts) + "。"
    if reading["bain_type"] and reading["hhi_level"]:
        oligopoly = reading["bain_type"] != "竞争型"
        if oligopoly and reading["hhi_level"] in ("非集中市场", "未达高度集中的市场") \
                and reading["cr4"] >= 50:
            summary += ("两把尺子结论不同：前四家合计份额高，但彼此规模接近，"
                        "没有一家独大，HHI 因此不高。")
        elif not oligopoly and reading["hhi_level"] == "高度集中市场":
            summary += "两把尺子结论不同：请核对数据口径，CR4 低而 HHI 高在正常数据中很少见。"
    reading["summary"] = summary
    return reading


# --- Life-cycle stage ---------------------------------------------------------------------

STAGES = ["导入期", "成长期", "成熟期", "衰退期"]

# Teaching assumptions, not published standards: replace them with your own bank's
# view of the economy (for example, tie "slow" to nominal GDP growth).
LIFECYCLE_THRESHOLDS: dict[str, float] = {
    "fast": 0.15,      # recent average growth at or above this is fast growth
    "slow": 0.05,      # below this (and not negative) growth has nearly stalled
    "volatile": 0.15,  # standard deviation of growth at or above this is volatile
    "trend": 0.02,     # a slope of at least 2 percentage points a year is a real trend
}
RECENT_YEARS = 3   # the recent average uses the last three growth rates
WINDOW_YEARS = 5   # trend and volatility use the last five (or all, if fewer)


def _growth_from(series: object, kind: str) -> pd.Series:
    if isinstance(series, Mapping):
        series = pd.Series(series)
    index = series.index if isinstance(series, pd.Series) else None
    values = _as_float_array(series, "增长序列" if kind == "growth" else "规模序列")
    data = pd.Series(values, index=index)
    if kind == "level":
        if (data <= 0).any():
            raise CrmkitError("规模序列（如销售额、产量）必须全部大于 0，才能换算增长率")
        data = (data / data.shift(1) - 1).iloc[1:]
    elif kind == "growth":
        if (data <= -1).any():
            raise CrmkitError(f"增长率 {data[data <= -1].iloc[0]:g} 低于 -100%，不可能出现",
                              hint="增长率请用小数，例如 −20% 填 -0.2")
        if (data.abs() > 1.5).all():
            raise CrmkitError("增长率看起来是按百分数填写的（例如 25 表示 25%）",
                              hint="请换成小数，例如 25% 填 0.25；"
                                   "若填的是销售额，请加 kind=\"level\"")
    else:
        raise CrmkitError(f"看不懂序列类型 {kind!r}",
                          hint="增长率序列写 kind=\"growth\"，销售额等规模序列写 kind=\"level\"")
    if len(data) < RECENT_YEARS:
        raise CrmkitError(f"至少需要 {RECENT_YEARS} 个年度增长率，现在只有 {len(data)} 个",
                          hint="规模序列至少需要 4 年的数据")
    return data


def lifecycle_stage(growth_series: object, kind: str = "growth",
                    thresholds: Mapping[str, float] | None = None) -> dict:
    """Classify an industry as 导入期 / 成长期 / 成熟期 / 衰退期 from its annual growth.

    ``growth_series``: annual growth rates as fractions (0.12 = 12%), oldest first, or
    with kind="level" a series of levels (sales, output) that is turned into growth.
    Three numbers drive the rules: the average of the last 3 growth rates (recent),
    and over the last 5 (or all, if fewer) the least-squares slope of growth per year
    (trend) and the population standard deviation (volatility). Rules, in order:

    1. recent < 0 → 衰退期;
    2. recent ≥ fast → 导入期 if volatility ≥ volatile, else 成长期;
    3. slow ≤ recent < fast → 成长期 if trend ≥ +trend, else 成熟期;
    4. 0 ≤ recent < slow → 成熟期.

    Metrics are rounded to 6 decimals before the comparisons, so a value typed exactly
    on a threshold lands where the rule says. Returns a dict: ``stage``, ``reasons``
    (Chinese sentences for the rules that fired), ``notes`` (warnings that do not change
    the stage: slowing growth, high volatility or negative years that may be a business
    cycle rather than an infant market, a negative latest year), ``recent``, ``trend``,
    ``volatility``, ``growth`` (the series used) and ``thresholds``. The thresholds are
    teaching assumptions: see LIFECYCLE_THRESHOLDS.
    """
    limits = dict(LIFECYCLE_THRESHOLDS)
    if thresholds:
        unknown = set(thresholds) - set(limits)
        if unknown:
            raise CrmkitError(f"不认识的阈值名称：{'、'.join(sorted(unknown))}",
                              hint=f"可以调整的阈值有 {'、'.join(limits)}")
        limits.update({k: float(v) for k, v in thresholds.items()})
    growth = _growth_from(growth_series, kind)
    window = growth.to_numpy()[-WINDOW_YEARS:]
    recent = round(float(growth.to_numpy()[-RECENT_YEARS:].mean()), 6)
    slope = round(float(np.polyfit(np.arange(len(window)), window, 1)[0]), 6)
    volatility = round(float(window.std()), 6)
    fast, slow, volatile, trend_cut = (limits[k] for k in ("fast", "slow", "volatile", "trend"))

    head = f"近 {RECENT_YEARS} 年平均增速 {recent:.1%}"
    spread = f"近 {len(window)} 年增速的标准差为 {volatility * 100:.1f} 个百分点"
    pace = f"增速每年平均变化 {slope * 100:+.1f} 个百分点"
    if recent < 0:
        stage, reasons = "衰退期", [f"{head}，低于 0：行业规模在收缩"]
    elif recent >= fast:
        reasons = [f"{head}，达到快速增长线 {fast:.0%}"]
        if volatility >= volatile:
            stage = "导入期"
            reasons.append(f"{spread}，不低于 {volatile * 100:.0f} 个百分点：增长大起大落，"
                           "市场还没有定型")
        else:
            stage = "成长期"
            reasons.append(f"{spread}，低于 {volatile * 100:.0f} 个百分点：高增长比较稳定，"
                           "需求已经得到验证")
    elif recent >= slow:
        reasons = [f"{head}，介于 {slow:.0%} 和 {fast:.0%} 之间"]
        if slope >= trend_cut:
            stage = "成长期"
            reasons.append(f"{pace}，增速在加快：行业仍在上升通道")
        else:
            stage = "成熟期"
            reasons.append(f"{pace}，增速没有加快：增长在向常态回落")
    else:
        stage, reasons = "成熟期", [f"{head}，低于 {slow:.0%}：增长已接近停滞"]

    notes = []
    if stage in ("导入期", "成长期") and slope <= -trend_cut:
        notes.append(f"{pace}，高增长在放缓，留意向成熟期过渡")
    if stage == "成熟期" and slope <= -trend_cut:
        notes.append(f"{pace}，增速仍在下滑，若转为负增长将进入衰退期")
    if stage == "衰退期" and slope >= trend_cut:
        notes.append(f"{pace}，降幅在收窄，可能是周期低谷而不是长期衰退")
    if stage != "导入期" and volatility >= volatile:
        notes.append(f"{spread}，波动很大：可能是强周期行业，单看增速容易误判阶段")
    if stage == "导入期" and (window < 0).any():
        notes.append("近几年出现过负增长：大起大落也可能是强周期行业的反弹，不一定是导入期，"
                     "要结合行业的发展年限判断")
    if growth.iloc[-1] < 0 and stage != "衰退期":
        notes.append(f"最近一年增速为 {growth.iloc[-1]:.1%}，已经出现负增长")
    return {"stage": stage, "reasons": reasons, "notes": notes, "recent": recent,
            "trend": slope, "volatility": volatility, "growth": growth, "thresholds": limits}


def lifecycle_table(industries: Mapping[str, object] | pd.DataFrame, kind: str = "growth",
                    thresholds: Mapping[str, float] | None = None) -> pd.DataFrame:
    """One row per industry: stage and the three numbers behind it, in percent.

    ``industries`` maps a name to a growth (or, with kind="level", level) series as in
    :func:`lifecycle_stage`; a DataFrame with one column per industry works too.
    Columns: 阶段, 近3年平均增速(%), 增速趋势(百分点/年), 增速标准差(百分点) and 提示
    (the notes joined, or empty).
    """
    readings = {name: lifecycle_stage(series, kind, thresholds)
                for name, series in industries.items()}
    if not readings:
        raise CrmkitError("没有可以判断的行业", hint="至少给出一个行业的增长序列")
    table = pd.DataFrame({
        "阶段": [r["stage"] for r in readings.values()],
        "近3年平均增速(%)": [r["recent"] * 100 for r in readings.values()],
        "增速趋势(百分点/年)": [r["trend"] * 100 for r in readings.values()],
        "增速标准差(百分点)": [r["volatility"] * 100 for r in readings.values()],
        "提示": ["；".join(r["notes"]) for r in readings.values()],
    }, index=pd.Index(list(readings), name="行业"))
    numeric = table.columns[1:4]
    table[numeric] = table[numeric].round(1)
    return table


# --- Factor intensity ---------------------------------------------------------------------

INTENSITIES = ["资本密集", "劳动密集", "技术密集", "土地密集"]

# One indicator per intensity. The reference values are teaching assumptions (示意),
# chosen as round numbers: replace them with the averages of your region or industry.
INTENSITY_INDICATORS = pd.DataFrame({
    "key": ["fixed_assets_per_employee", "labour_cost_share", "rd_share", "land_per_revenue"],
    "指标": ["人均固定资产", "人工成本占营业收入比重", "研发投入占营业收入比重",
           "每亿元营业收入占地"],
    "单位": ["万元/人", "比例", "比例", "亩/亿元"],
    "参照值": [100.0, 0.20, 0.05, 50.0],
}, index=pd.Index(INTENSITIES, name="要素密集类型"))

_KEY_OF = {**dict(zip(INTENSITY_INDICATORS["key"], INTENSITY_INDICATORS["key"], strict=True)),
           **dict(zip(INTENSITY_INDICATORS["指标"], INTENSITY_INDICATORS["key"], strict=True))}
_SHARE_KEYS = {"labour_cost_share", "rd_share"}
NO_DOMINANT = "密集特征不明显"


def _profile_frame(profiles: Mapping[str, Mapping[str, float]],
                   reference: Mapping[str, float] | None) -> tuple[pd.DataFrame, pd.Series]:
    """Raw indicator values (rows: profiles, columns: keys) and the reference values."""
    ref = INTENSITY_INDICATORS.set_index("key")["参照值"].copy()
    for key, value in (reference or {}).items():
        if key not in _KEY_OF:
            raise CrmkitError(f"不认识的参照值名称“{key}”",
                              hint=f"可用的名称：{'、'.join(_KEY_OF)}")
        ref[_KEY_OF[key]] = float(value)
    if (ref <= 0).any():
        raise CrmkitError("参照值必须大于 0")
    rows = {}
    for name, profile in profiles.items():
        if not isinstance(profile, Mapping):
            raise CrmkitError(f"“{name}”的要素数据应当是字典，例如 {{\"rd_share\": 0.08}}")
        unknown = [k for k in profile if k not in _KEY_OF]
        if unknown:
            raise CrmkitError(f"“{name}”里有不认识的指标：{'、'.join(map(str, unknown))}",
                              hint=f"可用的指标：{'、'.join(_KEY_OF)}")
        rows[name] = {_KEY_OF[k]: v for k, v in profile.items()}
    if not rows:
        raise CrmkitError("没有可以分析的企业或行业", hint="至少给出一组要素数据")
    raw = pd.DataFrame.from_dict(rows, orient="index").reindex(columns=ref.index)
    missing = raw.isna()
    if missing.any().any():
        name = missing.any(axis=1).idxmax()
        lacks = [INTENSITY_INDICATORS.set_index("key").loc[k, "指标"]
                 for k in raw.columns[missing.loc[name]]]
        raise CrmkitError(f"“{name}”缺少指标：{'、'.join(lacks)}",
                          hint="四项指标都要填写；实在没有数据时，可以先填行业平均值")
    numbers = raw.apply(pd.to_numeric, errors="coerce")
    if numbers.isna().any().any() or (numbers < 0).any().any():
        raise CrmkitError("要素指标必须是不小于 0 的数字")
    if (numbers[list(_SHARE_KEYS)] > 1).any().any():
        raise CrmkitError("人工成本占比和研发投入占比要用小数填写，不能大于 1",
                          hint="例如 12% 填 0.12")
    return numbers.astype(float), ref


def _dominant(scores: pd.DataFrame) -> pd.Series:
    """Intensity with the highest score per row; none stands out when every score is < 1."""
    top = scores.idxmax(axis=1) + "型"
    return pd.Series(np.where(scores.max(axis=1) >= 1, top, NO_DOMINANT), index=scores.index)


@dataclass(frozen=True)
class IntensityProfile:
    """One firm's or industry's factor-intensity profile."""

    table: pd.DataFrame
    dominant: str
    summary: str

    @property
    def scores(self) -> pd.Series:
        """Relative intensity per factor (1.0 = the reference value)."""
        return self.table["相对强度"]


def factor_intensity(profile: Mapping[str, float],
                     reference: Mapping[str, float] | None = None) -> IntensityProfile:
    """Capital / labour / technology / land intensity of one firm or industry.

    ``profile`` gives four ratios, by English key or Chinese indicator name:
    fixed_assets_per_employee (人均固定资产, 万元/人), labour_cost_share (人工成本占营业收入
    比重, fraction), rd_share (研发投入占营业收入比重, fraction), land_per_revenue
    (每亿元营业收入占地, 亩/亿元). Each is divided by a reference value (teaching
    assumptions in INTENSITY_INDICATORS, or your own through ``reference``), so 1.0
    means "as intensive as the reference" on every axis and the four are comparable
    on one chart. The dominant intensity is the highest score; when all four are
    below 1, no factor stands out and the label says so.
    """
    raw, ref = _profile_frame({"profile": profile}, reference)
    scores = (raw / ref).round(4).set_axis(INTENSITIES, axis=1)
    dominant = str(_dominant(scores).iloc[0])
    table = INTENSITY_INDICATORS[["指标", "单位"]].copy()
    table["取值"] = raw.iloc[0].to_numpy()
    table["参照值"] = ref.to_numpy()
    table["相对强度"] = scores.iloc[0].to_numpy()
    high = [f"{k}（{v:.2f}）" for k, v in table["相对强度"].items() if v >= 1]
    if dominant == NO_DOMINANT:
        summary = "四项指标都低于参照值，没有哪一种要素特别突出。"
    else:
        summary = f"主导类型：{dominant}。达到参照水平的要素：{'、'.join(high)}。"
    return IntensityProfile(table=table, dominant=dominant, summary=summary)


def intensity_comparison(profiles: Mapping[str, Mapping[str, float]] | pd.DataFrame,
                         reference: Mapping[str, float] | None = None) -> pd.DataFrame:
    """Relative intensity scores of several firms or industries side by side.

    ``profiles`` maps a name to a profile as in :func:`factor_intensity`, or is a
    DataFrame with one row per name and the indicators as columns. Returns one row per
    name with the four scores (1.0 = reference) and 主导类型.
    """
    if isinstance(profiles, pd.DataFrame):
        profiles = profiles.to_dict(orient="index")
    raw, ref = _profile_frame(profiles, reference)
    scores = (raw / ref).round(4).set_axis(INTENSITIES, axis=1)
    scores.index.name = "对象"
    scores["主导类型"] = _dominant(scores[INTENSITIES])
    return scores


# A share line: an optional firm name, then a number, optionally followed by %.
_SHARE_ITEM = re.compile(r"^(?P<name>.*?)[\s:：=]*(?P<value>[-+]?\d+(?:\.\d+)?)\s*[%％]?$")


_SEPARATORS = re.compile(r"[\n,，;；、]+")


def parse_shares(text: str) -> pd.Series:
    """Read the text box: one firm per line (or separated by commas), "name share" in percent.

    A line may be a bare number; it is then named by its position (第 3 家). Names
    must be unique, because a firm listed twice would be counted twice.
    """
    items = [item.strip() for item in _SEPARATORS.split(text or "") if item.strip()]
    if not items:
        raise CrmkitError("还没有填写任何份额", hint="每行写一家企业，例如“整车甲 24.2”")
    names, values = [], []
    for position, item in enumerate(items, start=1):  # a handful of lines typed by hand
        match = _SHARE_ITEM.match(item)
        if match is None:
            raise CrmkitError(f"第 {position} 项“{item}”里找不到份额数字",
                              hint="每行写一家企业和它的份额，例如“整车甲 24.2”（单位 %）")
        names.append(match["name"].strip() or f"第 {position} 家")
        values.append(float(match["value"]))
    seen = pd.Index(names)
    if seen.has_duplicates:
        twice = seen[seen.duplicated()][0]
        raise CrmkitError(f"企业“{twice}”出现了不止一次", hint="每家企业只写一行，删掉重复的那一行")
    return pd.Series(values, index=seen, name="share", dtype=float)


def concentration_reading(shares: pd.Series, hhi_thresholds: str = "2010") -> dict:
    """CR4, CR8, HHI (shares in percent) and the model's Chinese reading, in one dict."""
    cr4 = concentration_ratio(shares, 4, unit="percent")
    cr8 = concentration_ratio(shares, 8, unit="percent")
    index = hhi(shares, unit="percent")
    reading = market_structure(cr4=cr4, hhi=index, hhi_thresholds=hhi_thresholds)
    return {**reading, "cr8": cr8, "firms": len(shares)}


def hhi_parts(shares: pd.Series) -> pd.DataFrame:
    """Each firm's share and its square, i.e. how much of the HHI it accounts for."""
    ordered = shares.sort_values(ascending=False, kind="stable")
    squares = ordered ** 2
    table = pd.DataFrame({
        "市场份额(%)": ordered.round(2),
        "份额平方(对 HHI 的贡献)": squares.round(2),
        "占 HHI 的比重(%)": (squares / squares.sum() * 100).round(1),
    })
    table.index.name = "企业"
    return table
