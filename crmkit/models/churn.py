"""Churn early warning: simple, explainable rules over a monthly behaviour panel.

A customer rarely leaves in one day. Balances drain, visits thin out, our share
of the customer's money shrinks, a complaint goes unanswered, the account falls
silent. Each rule below watches one of these signals; every threshold is a
parameter (None switches the rule off) and every warning says, in Chinese and
with the numbers, why it fired. The thresholds and weights are teaching
assumptions for a first version, to be tuned on a bank's own history.

Input: one row per customer and month with columns customer_id, month,
balance (monthly average daily assets, 万元), transactions (count),
share_of_wallet (0–1) and complaints (count).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from crmkit.errors import CrmkitError

PANEL_COLUMNS = ["customer_id", "month", "balance", "transactions", "share_of_wallet",
                 "complaints"]
RULES = ["balance", "frequency", "share", "complaint", "dormant"]
RULE_NAMES = {"balance": "资产下降", "frequency": "交易减少", "share": "份额下降",
              "complaint": "出现投诉", "dormant": "长期无交易"}
# Points added to the risk score when a rule fires (teaching assumption, sum 100).
DEFAULT_WEIGHTS = {"balance": 30, "frequency": 20, "share": 20, "complaint": 15, "dormant": 15}
# Risk level from the score (teaching assumption): at least 50 高, at least 30 中, else 低.
RISK_BANDS = [("高", 50), ("中", 30), ("低", 1)]
TIMING = {"高": "三个工作日内", "中": "两周内", "低": "下次例行联系时"}
# Next step, by priority: the first fired rule in this order decides the step.
NEXT_STEPS = [
    ("complaint", "先把投诉处理好，由团队主管或支行负责人出面回访，确认问题已经解决，"
                  "这时不谈新业务"),
    ("balance+share", "资金可能正流向同业，当面拜访，了解资金去向和原因，带上有针对性的产品和报价"),
    ("balance", "资产明显下降，先电话了解资金用途，分清是正常的大额支出还是转到了他行"),
    ("share", "本行份额下滑，梳理客户在他行做了哪些业务，找一个切入点重新争取"),
    ("dormant", "长期没有交易，电话问候，核实联系方式和账户状态，发出活动或权益到期提醒"),
    ("frequency", "交易明显减少，了解是否遇到办理不便或需求有变，推荐更顺手的渠道或更合适的产品"),
]
LABELS = {
    "customer_id": "客户号", "month": "月份", "balance": "日均资产(万元)",
    "transactions": "交易笔数", "share_of_wallet": "本行份额", "complaints": "投诉次数",
    "balance_recent": "近期日均资产(万元)",
    "balance_prior": "前期日均资产(万元)", "balance_change": "资产变化",
    "txn_recent": "近期交易笔数", "txn_prior": "前期交易笔数", "txn_change": "交易笔数变化",
    "share_recent": "近期本行份额", "share_prior": "前期本行份额",
    "share_change_pp": "份额变化(百分点)", "complaints_recent": "近期投诉次数",
    "dormant_days": "无交易天数", "last_active": "最后有交易的月份",
    "risk_score": "风险分", "risk_level": "风险等级", "n_flags": "触发规则数",
    "signals": "触发的预警", "reasons": "预警原因", "next_step": "建议下一步",
    **{f"flag_{r}": RULE_NAMES[r] for r in RULES},
}
_CN_DIGITS = "零一二三四五六七八九十"


def _cn_months(n: int) -> str:
    """3 → "三个月", 2 → "两个月", 12 → "十二个月"; from 20 on, Arabic digits."""
    if n == 2:
        return "两个月"
    if 1 <= n <= 10:
        return f"{_CN_DIGITS[n]}个月"
    if n < 20:
        return f"十{_CN_DIGITS[n - 10]}个月"
    return f" {n} 个月"


def _pct(value: float) -> str:
    """0.3 → "30%", 0.125 → "12.5%"."""
    text = f"{value * 100:.1f}".rstrip("0").rstrip(".")
    return f"{text}%"


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))


def _read_panel(panel: pd.DataFrame) -> tuple[pd.DataFrame, pd.PeriodIndex]:
    """Check the panel and return it with integer month numbers, and the full month range."""
    if not isinstance(panel, pd.DataFrame):
        raise CrmkitError("月度数据应当是一张表（pandas DataFrame）")
    for column in PANEL_COLUMNS:
        if column not in panel.columns:
            raise CrmkitError(f"找不到“{column}”列", column=column,
                              hint=f"月度数据需要 {'、'.join(PANEL_COLUMNS)} 六列；"
                                   f"现有的列是：{'、'.join(map(str, panel.columns))}")
    if len(panel) == 0:
        raise CrmkitError("月度数据是空的", hint="先确认数据已正确读入")
    raw = panel["month"]
    if isinstance(raw.dtype, pd.PeriodDtype):
        periods = raw.dt.asfreq("M")
    else:
        stamps = pd.to_datetime(raw.astype(str), errors="coerce", format="mixed")
        bad = stamps.isna() | raw.isna()
        if bad.any():
            i = int(np.flatnonzero(bad.to_numpy())[0])
            raise CrmkitError(f"值“{raw.iloc[i]}”不是可识别的月份", row=i + 1, column="month",
                              hint="月份写成 2024-03 这样的格式")
        periods = stamps.dt.to_period("M")
    clean = pd.DataFrame({"customer_id": panel["customer_id"].to_numpy(),
                          "month_no": pd.PeriodIndex(periods, freq="M").asi8})
    if panel["customer_id"].isna().any():
        i = int(np.flatnonzero(panel["customer_id"].isna().to_numpy())[0])
        raise CrmkitError("缺少客户号", row=i + 1, column="customer_id")
    for column in ["balance", "transactions", "share_of_wallet", "complaints"]:
        values = pd.to_numeric(panel[column], errors="coerce")
        bad = values.isna()
        if bad.any():
            i = int(np.flatnonzero(bad.to_numpy())[0])
            raise CrmkitError(f"值“{panel[column].iloc[i]}”不是数字", row=i + 1, column=column,
                              hint="只填数字，不带单位；缺失的月份可以整行删掉")
        if (values < 0).any():
            i = int(np.flatnonzero((values < 0).to_numpy())[0])
            raise CrmkitError(f"值 {values.iloc[i]} 是负数", row=i + 1, column=column,
                              hint="资产、笔数、份额和投诉次数都不应为负")
        clean[column] = values.to_numpy(dtype=float)
    if (clean["share_of_wallet"] > 1).any():
        i = int(np.flatnonzero((clean["share_of_wallet"] > 1).to_numpy())[0])
        raise CrmkitError(f"份额 {clean['share_of_wallet'].iloc[i]} 大于 1", row=i + 1,
                          column="share_of_wallet", hint="份额用小数表示，45% 写成 0.45")
    dup = clean.duplicated(["customer_id", "month_no"])
    if dup.any():
        i = int(np.flatnonzero(dup.to_numpy())[0])
        raise CrmkitError(f"客户 {clean['customer_id'].iloc[i]} 的 {raw.iloc[i]} 出现了不止一行",
                          row=i + 1, hint="每位客户每个月只保留一行（先按月汇总）")
    first, last = int(clean["month_no"].min()), int(clean["month_no"].max())
    months = pd.period_range(pd.Period(ordinal=first, freq="M"),
                             pd.Period(ordinal=last, freq="M"), freq="M")
    return clean, months


def _window_mean(values: np.ndarray) -> np.ndarray:
    """Mean over the months that have a value; NaN (no warning) when none has."""
    present = ~np.isnan(values)
    total = np.where(present, values, 0.0).sum(axis=1)
    count = present.sum(axis=1)
    return np.divide(total, count, out=np.full(len(total), np.nan), where=count > 0)


def churn_features(panel: pd.DataFrame, window: int = 3) -> pd.DataFrame:
    """Per customer: the last ``window`` months against the ``window`` months before.

    balance_* and share_* are means over the months present; transactions and
    complaints are totals, a missing month counting as none. balance_change and
    txn_change are fractions (−0.385 = down 38.5%), NaN when the earlier total is
    zero; share_change_pp is in percentage points. dormant_days counts the days
    from the end of the last month with any transaction to the end of the panel's
    last month (the whole panel when there was none): monthly data can only say
    "no transaction for whole months".
    """
    if isinstance(window, bool) or not isinstance(window, (int, np.integer)) or window < 1:
        raise CrmkitError(f"比较窗口 window 必须是正整数（月数），收到 {window!r}",
                          hint="常用 window=3")
    clean, months = _read_panel(panel)
    if len(months) < 2 * window:
        raise CrmkitError(f"数据只覆盖 {len(months)} 个月，按 {window} 个月的窗口前后比较"
                          f"至少需要 {2 * window} 个月", hint="减小 window，或补充更早的月份数据")
    codes, ids = pd.factorize(clean["customer_id"])
    n, width = len(ids), 2 * window
    last_no = int(months[-1].ordinal)
    offset = clean["month_no"].to_numpy() - (last_no - width + 1)
    inside = offset >= 0

    def grid(column: str, fill: float) -> np.ndarray:
        out = np.full((n, width), fill)
        out[codes[inside], offset[inside]] = clean[column].to_numpy()[inside]
        return out

    balance, share = grid("balance", np.nan), grid("share_of_wallet", np.nan)
    txn, complaints = grid("transactions", 0.0), grid("complaints", 0.0)
    prior, recent = slice(0, window), slice(window, width)

    b_prior, b_recent = _window_mean(balance[:, prior]), _window_mean(balance[:, recent])
    s_prior, s_recent = _window_mean(share[:, prior]), _window_mean(share[:, recent])
    t_prior, t_recent = txn[:, prior].sum(axis=1), txn[:, recent].sum(axis=1)

    def change(new: np.ndarray, old: np.ndarray) -> np.ndarray:
        ratio = np.divide(new, old, out=np.full(n, np.nan), where=old > 0)
        return np.round(ratio - 1, 9)

    active = clean["transactions"].to_numpy() > 0
    last_active = np.full(n, -1, dtype=np.int64)
    np.maximum.at(last_active, codes[active], clean["month_no"].to_numpy()[active])
    month_end = pd.PeriodIndex.from_ordinals(np.arange(int(months[0].ordinal) - 1, last_no + 1),
                                             freq="M").end_time.normalize()
    end_day = month_end[-1]
    never = last_active < 0
    base = np.where(never, 0, last_active - int(months[0].ordinal) + 1)
    dormant = (end_day - month_end[base]).days.to_numpy()
    last_label = np.where(never, "",
                          pd.PeriodIndex.from_ordinals(np.where(never, last_no, last_active),
                                                       freq="M").strftime("%Y-%m"))

    features = pd.DataFrame({
        "balance_recent": np.round(b_recent, 2), "balance_prior": np.round(b_prior, 2),
        "balance_change": change(b_recent, b_prior),
        "txn_recent": t_recent.astype(np.int64), "txn_prior": t_prior.astype(np.int64),
        "txn_change": change(t_recent, t_prior),
        "share_recent": np.round(s_recent, 4), "share_prior": np.round(s_prior, 4),
        "share_change_pp": np.round((s_recent - s_prior) * 100, 6),
        "complaints_recent": complaints[:, recent].sum(axis=1).astype(np.int64),
        "dormant_days": dormant.astype(np.int64),
        "last_active": last_label,
    }, index=pd.Index(np.asarray(ids), name="customer_id"))
    features = features.sort_index()
    features.attrs.update(window=window, first_month=str(months[0]), last_month=str(months[-1]),
                          months=len(months))
    return features


def _check_limit(value: object, name: str, kind: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise CrmkitError(f"预警线 {name} 必须是数字或 None（不启用），收到 {value!r}")
    if not np.isfinite(value) or value < 0 or (kind == "fraction" and value >= 1):
        hint = ("下降幅度写成 0 到 1 之间的小数，30% 写成 0.30" if kind == "fraction"
                else "写一个非负的数")
        raise CrmkitError(f"预警线 {name}={value!r} 超出范围", hint=hint)
    return float(value)


def churn_flags(panel: pd.DataFrame, window: int = 3, balance_drop: float | None = 0.30,
                txn_drop: float | None = 0.40, share_drop: float | None = 0.10,
                complaints: int | None = 1, dormant_days: int | None = 60,
                weights: Mapping[str, float] | None = None) -> pd.DataFrame:
    """Every customer's features, one boolean flag_<rule> per rule, risk_score and risk_level.

    Rules (the last ``window`` months against the ``window`` months before):
    balance: average balance fell by more than ``balance_drop`` (0.30 = 30%);
    frequency: transactions fell by more than ``txn_drop``; share: share of wallet
    fell by more than ``share_drop`` (0.10 = 10 percentage points); complaint: at
    least ``complaints`` complaints in the recent window; dormant: at least
    ``dormant_days`` days without a transaction. A fall exactly on the line does
    not fire; a count exactly on the line does. ``None`` switches a rule off.
    risk_score adds ``weights`` (DEFAULT_WEIGHTS) of the fired rules; risk_level
    is 高 from 50, 中 from 30, 低 below, 无 when nothing fired.
    """
    limits = {
        "balance": _check_limit(balance_drop, "balance_drop", "fraction"),
        "frequency": _check_limit(txn_drop, "txn_drop", "fraction"),
        "share": _check_limit(share_drop, "share_drop", "fraction"),
        "complaint": _check_limit(complaints, "complaints", "count"),
        "dormant": _check_limit(dormant_days, "dormant_days", "count"),
    }
    weights = {**DEFAULT_WEIGHTS, **dict(weights or {})}
    unknown = set(weights) - set(RULES)
    if unknown:
        raise CrmkitError(f"weights 里有不认识的规则：{'、'.join(map(str, sorted(unknown)))}",
                          hint=f"规则名只能是 {'、'.join(RULES)}")
    flags = churn_features(panel, window)
    conditions = {
        "balance": lambda f, x: -f["balance_change"] > x,
        "frequency": lambda f, x: -f["txn_change"] > x,
        "share": lambda f, x: -f["share_change_pp"] > np.round(x * 100, 6),
        "complaint": lambda f, x: f["complaints_recent"] >= x,
        "dormant": lambda f, x: f["dormant_days"] >= x,
    }
    score = np.zeros(len(flags))
    for rule in RULES:
        fired = (conditions[rule](flags, limits[rule]).fillna(False).to_numpy(dtype=bool)
                 if limits[rule] is not None else np.zeros(len(flags), dtype=bool))
        flags[f"flag_{rule}"] = fired
        score += fired * float(weights[rule])
    flags["risk_score"] = np.round(score, 2)
    flags["risk_level"] = np.select([score >= low for _, low in RISK_BANDS],
                                    [name for name, _ in RISK_BANDS], default="无")
    flags.attrs["limits"] = limits
    flags.attrs["weights"] = weights
    return flags


def _reason_texts(f: pd.DataFrame, limits: Mapping[str, float | None], window: int,
                  months: int, last_month: str) -> dict[str, np.ndarray]:
    """One Chinese sentence per rule and customer, with the numbers (vectorised)."""
    span = _cn_months(window)

    def fmt(pattern: str, values: pd.Series) -> np.ndarray:
        return np.char.mod(pattern, values.to_numpy(dtype=float))

    def join(*parts) -> np.ndarray:
        out = np.asarray(parts[0], dtype=str)
        for part in parts[1:]:
            out = np.char.add(out, np.asarray(part, dtype=str))
        return out

    texts = {}
    if limits["balance"] is not None:
        texts["balance"] = join(f"近{span}日均资产 ", fmt("%.1f", f["balance_recent"]),
                                f" 万元，比前{span}（", fmt("%.1f", f["balance_prior"]),
                                " 万元）下降 ", fmt("%.1f%%", -f["balance_change"] * 100),
                                f"，超过 {_pct(limits['balance'])} 的预警线")
    if limits["frequency"] is not None:
        texts["frequency"] = join(f"近{span}交易 ", fmt("%d", f["txn_recent"]),
                                  f" 笔，比前{span}（", fmt("%d", f["txn_prior"]),
                                  " 笔）减少 ", fmt("%.1f%%", -f["txn_change"] * 100),
                                  f"，超过 {_pct(limits['frequency'])} 的预警线")
    if limits["share"] is not None:
        texts["share"] = join(f"近{span}本行份额 ", fmt("%.1f%%", f["share_recent"] * 100),
                              f"，比前{span}（", fmt("%.1f%%", f["share_prior"] * 100),
                              "）下降 ", fmt("%.1f", -f["share_change_pp"]),
                              f" 个百分点，超过 {_num(limits['share'] * 100)} 个百分点的预警线")
    if limits["complaint"] is not None:
        texts["complaint"] = join(f"近{span}投诉 ", fmt("%d", f["complaints_recent"]),
                                  f" 次，达到 {_num(limits['complaint'])} 次的预警线")
    if limits["dormant"] is not None:
        seen = f["last_active"].to_numpy() != ""
        when = np.where(seen, join("最后有交易的月份是 ", f["last_active"].to_numpy(), "，"),
                        f"整个观察期（{months} 个月）都没有交易，")
        texts["dormant"] = join(when, f"到 {last_month} 月底已 ",
                                fmt("%d", f["dormant_days"]),
                                f" 天没有交易，达到 {_num(limits['dormant'])} 天的预警线")
    return texts


def churn_warnings(panel: pd.DataFrame, window: int = 3, balance_drop: float | None = 0.30,
                   txn_drop: float | None = 0.40, share_drop: float | None = 0.10,
                   complaints: int | None = 1, dormant_days: int | None = 60,
                   weights: Mapping[str, float] | None = None) -> pd.DataFrame:
    """The warning list: one row per customer with at least one fired rule.

    Columns: risk_score, risk_level, n_flags, signals (the fired rules' Chinese
    names, "、"-separated), reasons (one sentence per fired rule with its numbers,
    "；"-separated) and next_step (when and what to do, from the most urgent fired
    rule). Sorted by risk score, highest first, then by customer id. Parameters
    as in :func:`churn_flags`.
    """
    flags = churn_flags(panel, window, balance_drop, txn_drop, share_drop, complaints,
                        dormant_days, weights)
    fired = {r: flags[f"flag_{r}"].to_numpy() for r in RULES}
    hit = np.logical_or.reduce([fired[r] for r in RULES])
    f = flags[hit]
    fired = {r: v[hit] for r, v in fired.items()}
    texts = _reason_texts(f, flags.attrs["limits"], flags.attrs["window"], flags.attrs["months"],
                          flags.attrs["last_month"])
    names = np.full(len(f), "", dtype=object)
    reasons = np.full(len(f), "", dtype=object)
    for rule in RULES:
        on = fired[rule]
        names = np.where(on, names + RULE_NAMES[rule] + "、", names)
        if rule in texts:
            reasons = np.where(on, reasons + texts[rule].astype(object) + "；", reasons)
    step_rules = {
        "complaint": fired["complaint"], "balance+share": fired["balance"] & fired["share"],
        "balance": fired["balance"], "share": fired["share"], "dormant": fired["dormant"],
        "frequency": fired["frequency"],
    }
    step = np.select([step_rules[key] for key, _ in NEXT_STEPS], [text for _, text in NEXT_STEPS],
                     default="")
    level = f["risk_level"].to_numpy()
    timing = pd.Series(level).map(TIMING).to_numpy(dtype=object)
    warnings = pd.DataFrame({
        "risk_score": f["risk_score"].to_numpy(),
        "risk_level": level,
        "n_flags": np.sum([fired[r] for r in RULES], axis=0).astype(np.int64),
        "signals": pd.Series(names).str.rstrip("、").to_numpy(),
        "reasons": pd.Series(reasons).str.rstrip("；").to_numpy(),
        "next_step": timing + "：" + step.astype(object),
    }, index=f.index)
    warnings = warnings.sort_values(["risk_score", "customer_id"], ascending=[False, True],
                                    kind="stable")
    warnings.attrs.update(flags.attrs)
    warnings.attrs["customers"] = len(flags)
    return warnings


def warning_summary(warnings: pd.DataFrame) -> pd.DataFrame:
    """How many customers each rule flagged and how many fall in each risk level."""
    for column in ["signals", "risk_level"]:
        if column not in warnings.columns:
            raise CrmkitError(f"找不到“{column}”列", column=column,
                              hint="先用 churn_warnings(月度数据) 生成预警名单")
    names = warnings["signals"].astype(str)
    by_rule = pd.Series({RULE_NAMES[r]: int(names.str.contains(RULE_NAMES[r], regex=False).sum())
                         for r in RULES}, name="客户数")
    by_level = warnings["risk_level"].value_counts().reindex([n for n, _ in RISK_BANDS],
                                                             fill_value=0)
    rows = [("按预警规则", k, int(v)) for k, v in by_rule.items()]
    rows += [("按风险等级", k, int(v)) for k, v in by_level.items()]
    return pd.DataFrame(rows, columns=["口径", "类别", "客户数"]).set_index(["口径", "类别"])


def display_table(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with Chinese column names (LABELS) for showing to learners."""
    shown = frame.rename(columns={k: v for k, v in LABELS.items() if k in frame.columns})
    if shown.index.name in LABELS:
        shown.index.name = LABELS[shown.index.name]
    return shown


LEVEL_ORDER = {"低": 1, "中": 2, "高": 3}


CHECK_MEANINGS = {
    "命中": "上了名单，也确实在流失",
    "漏报": "确实在流失，却没上名单",
    "误报": "上了名单，其实很稳定",
    "正确放过": "没上名单，也确实稳定",
}


def drifting_truth(panel: pd.DataFrame) -> pd.Series:
    """Who is really drifting away: one boolean per customer, from a panel made with
    ``monthly_panel(..., with_truth=True)``.

    Only synthetic data can say this; with real data the truth is known months later.
    """
    if "drifting" not in panel.columns:
        raise CrmkitError("数据里没有“drifting”列，无法知道谁真的在流失",
                          hint="只有合成数据才有这一列：monthly_panel(..., with_truth=True)")
    truth = panel.groupby("customer_id", sort=True)["drifting"].first().astype(bool)
    truth.name = "真实在流失"
    return truth


def warning_check(warnings: pd.DataFrame, truth: pd.Series) -> pd.DataFrame:
    """Hits, misses, false alarms and correct passes of a warning list against the truth.

    ``attrs``: precision (share of the listed customers who really drift) and recall
    (share of the drifting customers who are on the list), NaN when undefined.
    """
    listed = pd.Index(warnings.index)
    unknown = listed.difference(truth.index)
    if len(unknown):
        raise CrmkitError(f"预警名单里有 {len(unknown)} 位客户不在真实结果里："
                          f"{'、'.join(map(str, unknown[:5]))}",
                          hint="名单和真实结果要来自同一份月度数据")
    flagged = truth.index.isin(listed)
    real = truth.to_numpy(dtype=bool)
    counts = [int((flagged & real).sum()), int((~flagged & real).sum()),
              int((flagged & ~real).sum()), int((~flagged & ~real).sum())]
    table = pd.DataFrame({"客户数": counts, "含义": list(CHECK_MEANINGS.values())},
                         index=pd.Index(list(CHECK_MEANINGS), name="结果"))
    hits, misses, false_alarms = counts[:3]
    table.attrs["precision"] = hits / (hits + false_alarms) if hits + false_alarms else np.nan
    table.attrs["recall"] = hits / (hits + misses) if hits + misses else np.nan
    return table


def within_scope(warnings: pd.DataFrame, lowest: str = "低") -> pd.DataFrame:
    """The warnings whose risk level is ``lowest`` or above (低 < 中 < 高)."""
    if lowest not in LEVEL_ORDER:
        raise CrmkitError(f"看不懂风险等级 {lowest!r}", hint="写 低、中 或 高")
    rank = warnings["risk_level"].map(LEVEL_ORDER).fillna(0)
    return warnings[rank.to_numpy() >= LEVEL_ORDER[lowest]]
