"""RFM: recency, frequency and monetary value from a transaction list.

Three numbers per customer say how recently, how often and how much the
customer dealt with us. Scored 1–5 and split into high and low, they give the
eight segments used in Chinese practice (重要价值客户 … 一般挽留客户), each with a
maintenance action.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from crmkit.dates import parse_day
from crmkit.errors import CrmkitError

DIMENSIONS = ["recency", "frequency", "monetary"]
SCORE_COLUMNS = {"recency": "r_score", "frequency": "f_score", "monetary": "m_score"}
DIMENSION_NAMES = {"recency": "最近一次交易（R）", "frequency": "交易频次（F）",
                   "monetary": "交易金额（M）"}

# Segment order used in every table and chart: M high first, then within each
# half R high before R low and F high before F low.
SEGMENTS = ["重要价值客户", "重要发展客户", "重要保持客户", "重要挽留客户",
            "一般价值客户", "一般发展客户", "一般保持客户", "一般挽留客户"]
SEGMENT_PATTERNS = {  # (R high, F high, M high)
    "重要价值客户": (True, True, True),
    "重要发展客户": (True, False, True),
    "重要保持客户": (False, True, True),
    "重要挽留客户": (False, False, True),
    "一般价值客户": (True, True, False),
    "一般发展客户": (True, False, False),
    "一般保持客户": (False, True, False),
    "一般挽留客户": (False, False, False),
}
SEGMENT_ACTIONS: dict[str, str] = {
    "重要价值客户": "最近来过、来得勤、金额大，是最好的一批客户：安排专属客户经理一对一服务，"
                    "新产品和活动名额优先给他们，请他们参与服务改进、推荐身边的人；"
                    "维系靠专业和礼遇，不要靠一味让利。",
    "重要发展客户": "最近来过、金额大，但来得少：多半只在本机构做了一两样业务。提高联系频率，"
                    "把一次性合作变成常态合作，例如定投、代发工资、结算账户，争取把频次做上来。",
    "重要保持客户": "金额大、过去来得勤，但最近没有再来：很可能正被同业分流。尽快主动联系，"
                    "由客户经理上门了解原因，针对性地给出方案，把客户请回来。",
    "重要挽留客户": "金额大，但最近没来、平时也来得少：价值高、流失风险也高。优先安排面谈，"
                    "查清是不满意、需求变了还是被同业吸引，制定一户一策的挽留方案。",
    "一般价值客户": "最近来过、来得勤，但金额不大：习惯好、体量小。用标准化产品和线上渠道服务，"
                    "做交叉销售提高单笔金额，同时控制人工服务成本。",
    "一般发展客户": "最近刚来、次数少、金额小：多为新客户。做好首次交易后的跟进和线上引导，"
                    "观察三到六个月，看是否有成长为重要客户的迹象。",
    "一般保持客户": "过去来得勤，但金额小，最近也不来了：用短信、App 推送、节日问候等低成本方式"
                    "保持联系，配合小额活动唤醒。",
    "一般挽留客户": "三项都偏低：价值最低，纳入批量化的线上维护，不投入专人；"
                    "长期无交易的关系按规定定期清理。",
}

LABELS = {
    "customer_id": "客户号", "date": "交易日期", "amount": "金额(元)", "channel": "渠道",
    "commission": "佣金(元)", "recency": "最近一次距今(天)", "frequency": "交易次数",
    "monetary": "交易金额(元)", "r_score": "R 分", "f_score": "F 分", "m_score": "M 分",
    "rfm_code": "RFM 代码", "r_high": "R 高", "f_high": "F 高", "m_high": "M 高",
    "segment": "客户群", "action": "维护动作",
}


def _require_columns(frame: pd.DataFrame, columns: Sequence[str], hint: str) -> None:
    for column in columns:
        if column not in frame.columns:
            existing = "、".join(map(str, frame.columns))
            raise CrmkitError(f"找不到“{column}”列", column=column,
                              hint=f"{hint}；数据里现有的列是：{existing}")


def _first_bad(values: pd.Series, bad: pd.Series, column: str, what: str, hint: str):
    position = int(np.flatnonzero(bad.to_numpy())[0])
    shown = values.iloc[position]
    problem = f"缺少{what}" if pd.isna(shown) else f"值“{shown}”不是{what}"
    raise CrmkitError(problem, row=position + 1, column=column, hint=hint)


_day = parse_day


def _customer_codes(ids: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Integer code per transaction and the customer id of each code.

    Categorical ids (as from crmkit.data.transactions) reuse their codes, which is
    what keeps ten million rows fast; other ids are factorised once.
    """
    if isinstance(ids.dtype, pd.CategoricalDtype):
        return ids.cat.codes.to_numpy(dtype=np.int64), np.asarray(ids.cat.categories)
    codes, keys = pd.factorize(ids)
    return codes.astype(np.int64), np.asarray(keys)


def rfm_table(transactions: pd.DataFrame, as_of: object = None, customer: str = "customer_id",
              date: str = "date", amount: str = "amount") -> pd.DataFrame:
    """Recency, frequency and monetary value per customer from a transaction list.

    recency: whole days from the customer's last transaction to ``as_of``;
    ``as_of`` defaults to the day after the latest date in the data, so the most
    recent customers have recency 1. frequency: number of transactions.
    monetary: total of ``amount`` (refunds entered as negative amounts are netted).
    Dates may be text or datetimes; times of day are ignored. The result is
    indexed by customer id, sorted, and records ``as_of`` in ``attrs["as_of"]``.
    """
    if not isinstance(transactions, pd.DataFrame):
        raise CrmkitError("交易流水应当是一张表（pandas DataFrame）",
                          hint="先用 pd.read_csv 或 pd.read_excel 读入")
    _require_columns(transactions, [customer, date, amount],
                     "用 customer=、date=、amount= 指明客户号、交易日期和金额所在的列")
    if len(transactions) == 0:
        raise CrmkitError("交易流水是空的，没有可以计算的交易", hint="先确认数据已正确读入")

    ids = transactions[customer]
    if ids.isna().any():
        _first_bad(ids, ids.isna(), customer, "客户号", "每笔交易都要有客户号")
    raw_dates = transactions[date]
    if pd.api.types.is_datetime64_any_dtype(raw_dates):
        days = raw_dates
    else:
        days = pd.to_datetime(raw_dates, errors="coerce", format="mixed")
    if days.isna().any():
        _first_bad(raw_dates, days.isna(), date, "日期", "日期写成 2024-03-15 这样的格式")
    if getattr(days.dt, "tz", None) is not None:
        days = days.dt.tz_localize(None)
    money = pd.to_numeric(transactions[amount], errors="coerce")
    if money.isna().any():
        _first_bad(transactions[amount], money.isna(), amount, "数字",
                   "金额只填数字（不带“元”等单位），缺失的交易先补齐或删除")

    latest = days.max().normalize()
    end = latest + pd.Timedelta(days=1) if as_of is None else _day(as_of, "截止日期 as_of")
    if end < latest:
        raise CrmkitError(f"截止日期 {end.date()} 早于最后一笔交易的日期 {latest.date()}",
                          column=date,
                          hint="把 as_of 设在最后一笔交易当天或之后，或先筛掉之后的交易")

    codes, keys = _customer_codes(ids)
    day_numbers = days.to_numpy().astype("datetime64[D]").view(np.int64)
    k = len(keys)
    frequency = np.bincount(codes, minlength=k)
    monetary = np.bincount(codes, weights=money.to_numpy(dtype=float), minlength=k)
    last = np.full(k, np.iinfo(np.int64).min)
    np.maximum.at(last, codes, day_numbers)
    seen = frequency > 0  # categorical ids may list customers without transactions
    end_day = np.datetime64(end.date(), "D").astype(np.int64)
    table = pd.DataFrame({
        "recency": (end_day - last[seen]).astype(np.int64),
        "frequency": frequency[seen].astype(np.int64),
        "monetary": np.round(monetary[seen], 2),
    }, index=pd.Index(keys[seen]))
    table = table.sort_index()
    table.index.name = customer
    table.attrs["as_of"] = end
    return table


def _quantile_scores(values: pd.Series, bins: int, higher_is_better: bool) -> np.ndarray:
    """Equal-frequency scores 1..bins: pd.qcut on ranks taken with method="first".

    Ranking first makes every value distinct, so the groups are (almost) equal in
    size even when many customers share a value; tied customers are ordered as
    they appear in the table (by customer id for tables from rfm_table).
    Recency is ranked from the largest value down, so more recent = higher score.
    """
    n = len(values)
    if n == 1:
        return np.array([(bins + 1) // 2])
    ranks = values.rank(method="first", ascending=higher_is_better)
    return pd.qcut(ranks, bins, labels=False).to_numpy().astype(np.int64) + 1


def _cut_scores(values: pd.Series, points: Sequence[float], higher_is_better: bool,
                column: str, bins: int) -> np.ndarray:
    """Scores from cut points: a value equal to a cut point falls in the better group."""
    try:
        edges = np.asarray(points, dtype=float)
    except (TypeError, ValueError):
        raise CrmkitError(f"“{column}”的切点 {points!r} 不是一组数字",
                          hint="例如 cuts={\"recency\": [30, 60, 90, 180]}") from None
    if edges.ndim != 1 or len(edges) != bins - 1:
        raise CrmkitError(f"“{column}”要给 {bins - 1} 个切点才能分成 {bins} 档，收到 {points!r}",
                          column=column)
    if not np.isfinite(edges).all() or (np.diff(edges) <= 0).any():
        raise CrmkitError(f"“{column}”的切点必须是从小到大、互不相同的数字，收到 {points!r}",
                          column=column)
    x = values.to_numpy(dtype=float)
    if higher_is_better:
        return np.searchsorted(edges, x, side="right").astype(np.int64) + 1
    return bins - np.searchsorted(edges, x, side="left").astype(np.int64)


def rfm_scores(table: pd.DataFrame, cuts: Mapping[str, Sequence[float]] | None = None,
               bins: int = 5) -> pd.DataFrame:
    """Add r_score, f_score, m_score (1..bins, higher is better) and rfm_code such as "534".

    Without ``cuts`` each dimension is scored by equal-frequency groups: customers
    are ranked with ``rank(method="first")`` and ``pd.qcut`` splits the ranks into
    ``bins`` groups, so ties are split deterministically by table order. Recency is
    reversed: the most recent customers get the highest R score.
    ``cuts={"recency": [30, 60, 90, 180], "frequency": [...], "monetary": [...]}``
    gives ``bins - 1`` ascending cut points for any dimension instead; a value on a
    cut point counts in the better group (recency 30 → the top group above, a
    frequency equal to a cut point → the higher group). Dimensions left out of
    ``cuts`` are scored by quantiles.
    """
    if isinstance(bins, bool) or not isinstance(bins, (int, np.integer)) or not 2 <= bins <= 9:
        raise CrmkitError(f"分档数 bins 要在 2 到 9 之间，收到 {bins!r}", hint="常用 bins=5")
    _require_columns(table, DIMENSIONS, "先用 rfm_table(交易流水) 算出 R、F、M")
    if len(table) == 0:
        raise CrmkitError("客户表是空的，没有可以评分的客户", hint="先确认交易流水已正确读入")
    cuts = dict(cuts or {})
    unknown = set(cuts) - set(DIMENSIONS)
    if unknown:
        raise CrmkitError(f"cuts 里有不认识的维度：{'、'.join(map(str, sorted(unknown)))}",
                          hint="只能是 recency、frequency、monetary")
    scored = table.copy()
    for dim in DIMENSIONS:
        values = pd.to_numeric(table[dim], errors="coerce")
        if values.isna().any():
            _first_bad(table[dim], values.isna(), dim, "数字", "R、F、M 三列都必须是数字")
        better_high = dim != "recency"
        if dim in cuts:
            scores = _cut_scores(values, cuts[dim], better_high, dim, bins)
        else:
            scores = _quantile_scores(values, bins, better_high)
        scored[SCORE_COLUMNS[dim]] = scores
    code = scored["r_score"] * 100 + scored["f_score"] * 10 + scored["m_score"]
    scored["rfm_code"] = code.astype(str)
    scored.attrs["bins"] = bins
    return scored


def _threshold_value(scores: pd.Series, spec: object, dim: str) -> tuple[float, bool]:
    """Return (threshold, strict): high means score > threshold if strict, else ≥."""
    if isinstance(spec, str) and spec.strip().lower() in {"mean", "均值", "平均值"}:
        return float(scores.mean()), True
    if isinstance(spec, (int, float, np.integer, np.floating)) and not isinstance(spec, bool):
        if not np.isfinite(spec):
            raise CrmkitError(f"{DIMENSION_NAMES[dim]}的高低分界必须是有限的数字，收到 {spec!r}")
        return float(spec), False
    raise CrmkitError(f"看不懂{DIMENSION_NAMES[dim]}的高低分界 {spec!r}",
                      hint="写 \"mean\"（高于平均分算高）或一个分数（达到该分算高），"
                           "也可以用字典分别给三个维度")


def rfm_segments(scored: pd.DataFrame, threshold: object = "mean") -> pd.DataFrame:
    """Add r_high, f_high, m_high, ``segment`` (one of SEGMENTS) and ``action``.

    threshold="mean": a dimension counts as high when the customer's score is
    strictly above the mean score of that dimension (with equal-frequency scores
    1–5 the mean is 3, so 4 and 5 are high). A number, e.g. 4, means a score of at
    least that number is high. A dict such as {"recency": 4, "frequency": "mean",
    "monetary": 3} sets each dimension on its own. The thresholds used are kept in
    ``attrs["thresholds"]`` as (value, "高于" or "不低于").
    """
    _require_columns(scored, list(SCORE_COLUMNS.values()), "先用 rfm_scores(rfm表) 打分")
    if len(scored) == 0:
        raise CrmkitError("客户表是空的，没有可以分群的客户")
    if isinstance(threshold, Mapping):
        unknown = set(threshold) - set(DIMENSIONS)
        if unknown:
            raise CrmkitError(f"threshold 里有不认识的维度：{'、'.join(map(str, sorted(unknown)))}",
                              hint="只能是 recency、frequency、monetary")
        specs = {dim: threshold.get(dim, "mean") for dim in DIMENSIONS}
    else:
        specs = dict.fromkeys(DIMENSIONS, threshold)
    segmented = scored.copy()
    used = {}
    high = {}
    for dim in DIMENSIONS:
        scores = pd.to_numeric(scored[SCORE_COLUMNS[dim]], errors="coerce")
        if scores.isna().any():
            _first_bad(scored[SCORE_COLUMNS[dim]], scores.isna(), SCORE_COLUMNS[dim], "分数",
                       "分数列应由 rfm_scores 生成")
        value, strict = _threshold_value(scores, specs[dim], dim)
        high[dim] = (scores > value) if strict else (scores >= value)
        used[dim] = (value, "高于" if strict else "不低于")
        segmented[dim[0] + "_high"] = high[dim].to_numpy()
    index = ((~high["monetary"]).astype(int) * 4 + (~high["recency"]).astype(int) * 2
             + (~high["frequency"]).astype(int)).to_numpy()
    segmented["segment"] = pd.Categorical.from_codes(index, categories=SEGMENTS)
    segmented["action"] = np.asarray([SEGMENT_ACTIONS[s] for s in SEGMENTS], dtype=object)[index]
    segmented.attrs["thresholds"] = used
    return segmented


def segment_summary(segmented: pd.DataFrame, unit: str = "元") -> pd.DataFrame:
    """Customers and monetary value per segment, in the fixed SEGMENTS order.

    Columns: 客户数, 客户占比(%), 金额合计(<unit>), 金额占比(%); segments with no
    customer are kept with zeros. ``unit`` only names the money column.
    """
    _require_columns(segmented, ["segment", "monetary"], "先用 rfm_segments(打分表) 分群")
    money = pd.to_numeric(segmented["monetary"], errors="coerce").fillna(0.0)
    segment = pd.Categorical(segmented["segment"], categories=SEGMENTS)
    grouped = money.groupby(segment, observed=False)
    count = grouped.size().reindex(SEGMENTS, fill_value=0).astype(np.int64)
    total = grouped.sum().reindex(SEGMENTS, fill_value=0.0)
    money_col = f"金额合计({unit})"
    summary = pd.DataFrame({"客户数": count.to_numpy(), money_col: total.round(2).to_numpy()},
                           index=pd.Index(SEGMENTS, name="客户群"))
    n, m = summary["客户数"].sum(), summary[money_col].sum()
    summary.insert(1, "客户占比(%)", (summary["客户数"] / n * 100).round(1) if n else 0.0)
    summary["金额占比(%)"] = (summary[money_col] / m * 100).round(1) if m else 0.0
    return summary


def segment_table() -> pd.DataFrame:
    """The eight segments with their R/F/M pattern and action, for reading."""
    mark = {True: "高", False: "低"}
    return pd.DataFrame({
        "R": [mark[SEGMENT_PATTERNS[s][0]] for s in SEGMENTS],
        "F": [mark[SEGMENT_PATTERNS[s][1]] for s in SEGMENTS],
        "M": [mark[SEGMENT_PATTERNS[s][2]] for s in SEGMENTS],
        "维护动作": [SEGMENT_ACTIONS[s] for s in SEGMENTS],
    }, index=pd.Index(SEGMENTS, name="客户群"))


def display_table(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with Chinese column names (LABELS) for showing to learners."""
    shown = frame.rename(columns={k: v for k, v in LABELS.items() if k in frame.columns})
    if shown.index.name in LABELS:
        shown.index.name = LABELS[shown.index.name]
    return shown


DEFAULT_CUTS = {"recency": [30, 60, 90, 180], "frequency": [2, 4, 8, 16],
                "monetary": [20_000, 50_000, 100_000, 300_000]}


CUT_UNITS = {"recency": "天", "frequency": "笔", "monetary": "元"}


def parse_cuts(text: str, dimension: str) -> list[float]:
    """Read cut points typed as "30, 60, 90, 180" (commas, 顿号 or spaces all work)."""
    if dimension not in DIMENSIONS:
        raise CrmkitError(f"不认识的维度 {dimension!r}", hint="只能是 recency、frequency、monetary")
    parts = [p for p in re.split(r"[,，、;；\s]+", str(text).strip()) if p]
    if not parts:
        raise CrmkitError(f"{DIMENSION_NAMES[dimension]}还没有填切点",
                          hint="用逗号隔开 4 个从小到大的数，例如 30, 60, 90, 180")
    values = []
    for part in parts:
        try:
            values.append(float(part))
        except ValueError:
            raise CrmkitError(f"{DIMENSION_NAMES[dimension]}的切点“{part}”不是数字",
                              hint="只填数字，不带单位，用逗号隔开") from None
    return values


def cuts_for(modes: dict[str, str], texts: dict[str, str]) -> dict[str, list[float]]:
    """The ``cuts`` argument of rfm_scores: only the dimensions set to custom cut points."""
    return {dim: parse_cuts(texts[dim], dim) for dim in DIMENSIONS if modes[dim] == "custom"}
