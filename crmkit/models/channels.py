"""Acquisition channels: a scorecard per channel and the list-to-account funnel.

A channel table has one row per acquisition channel (扫街, 名单营销, 转介绍 …) with
these columns, all for the same period:

- ``channel``: the channel's name;
- ``contacts``: prospects actually reached (有效接触);
- ``meetings``: of those, prospects met face to face (面谈);
- ``accounts``: of those, prospects who opened an account (开户);
- ``cost``: what the channel cost in the period, in 元 (direct spending plus working
  time priced at an hourly rate, if the user counts time).

:func:`channel_scorecard` turns it into conversion rates and unit costs;
:func:`list_funnel` follows one list of names stage by stage down to the account.
Rates are percentages with one decimal; costs are whole 元. A rate or cost whose
denominator is zero is NaN (empty), never an error.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from crmkit.errors import CrmkitError

COUNTS = ("contacts", "meetings", "accounts")
TOTAL = "合计"

# Chinese names of the model's columns, in one place.
LABELS: dict[str, str] = {
    "channel": "渠道", "contacts": "接触数", "meetings": "面谈数", "accounts": "开户数",
    "cost": "成本(元)", "contact_to_meeting": "接触→面谈(%)",
    "meeting_to_account": "面谈→开户(%)", "contact_to_account": "接触→开户(%)",
    "cost_per_meeting": "每次面谈成本(元)", "cost_per_account": "每户成本(元)",
    "stage": "阶段", "count": "人数", "dropped": "比上一阶段减少",
    "step_rate": "阶段转化率(%)", "cumulative_rate": "累计转化率(%)",
}

LIST_STAGES: tuple[str, ...] = ("名单", "有效联系", "首次拜访", "需求确认", "开户")


# ---------------------------------------------------------------- example data


def example_channels() -> pd.DataFrame:
    """One city-commercial-bank customer manager's new-customer channels over a quarter (示意).

    Built to make a point: 扫街 brings the most contacts and the highest cost per account;
    转介绍 few contacts and the lowest cost per account; 名单营销 sits in between;
    交易流水获客 is cheap and converts best once met; 商会活动 opened no account yet.
    ``cost`` counts direct spending and working time at 100 元 an hour.
    """
    return pd.DataFrame({
        "channel": ["扫街", "名单营销", "转介绍", "交易流水获客", "商会活动"],
        "contacts": [240, 150, 20, 40, 60],
        "meetings": [30, 30, 15, 20, 8],
        "accounts": [5, 6, 6, 9, 0],
        "cost": [15000, 9000, 2400, 4500, 6000],
    })


def example_list() -> dict[str, int]:
    """The 名单营销 row of :func:`example_channels`, stage by stage (示意).

    300 names; 150 reached (the channel's contacts), 30 first visits (its meetings),
    12 confirmed needs, 6 accounts.
    """
    return dict(zip(LIST_STAGES, (300, 150, 30, 12, 6), strict=True))


# ---------------------------------------------------------------- checks


def _first_bad(mask: pd.Series | np.ndarray) -> int:
    """1-based position of the first True, as the learner counts table rows."""
    return int(np.flatnonzero(np.asarray(mask, dtype=bool))[0]) + 1


def _not_whole(numbers: pd.Series) -> pd.Series:
    """True where a value is missing, negative, infinite or has a fractional part."""
    finite = numbers.where(np.isfinite(numbers))
    return finite.isna() | (finite < 0) | (finite % 1 != 0)


def _counts(values: pd.Series, column: str, what: str) -> pd.Series:
    """``values`` as non-negative integers, or a CrmkitError naming the first bad row."""
    numbers = pd.to_numeric(values, errors="coerce")
    bad = _not_whole(numbers)
    if bad.any():
        row = _first_bad(bad)
        raise CrmkitError(f"{what}“{values.iloc[row - 1]}”不是非负整数", row=row,
                          column=column, hint="填 0 或正整数，没有发生就填 0")
    return numbers.astype(int)


def _check_channels(table: pd.DataFrame) -> pd.DataFrame:
    """A checked copy of the channel table: names stripped, counts int, cost float."""
    if not isinstance(table, pd.DataFrame):
        raise CrmkitError("渠道表应当是一张表格（DataFrame）",
                          hint="每个渠道一行，列为 channel、contacts、meetings、accounts、cost")
    required = ["channel", *COUNTS, "cost"]
    missing = [c for c in required if c not in table.columns]
    if missing:
        names = "、".join(f"“{c}”（{LABELS[c]}）" for c in missing)
        raise CrmkitError(f"渠道表缺少{names}列",
                          hint=f"补上这些列；现有的列是：{'、'.join(map(str, table.columns))}")
    if len(table) == 0:
        raise CrmkitError("渠道表是空的", hint="每个获客渠道填一行")
    names = table["channel"].astype("string").str.strip()
    empty = names.fillna("").eq("")
    if empty.any():
        raise CrmkitError("渠道名称是空的", row=_first_bad(empty), column="channel",
                          hint="给每一行写上渠道名称，例如“扫街”“转介绍”")
    repeated = names.duplicated()
    if repeated.any():
        row = _first_bad(repeated)
        raise CrmkitError(f"渠道“{names.iloc[row - 1]}”出现了不止一次", row=row,
                          column="channel", hint="同一渠道的数字先加总，每个渠道只写一行")
    if names.eq(TOTAL).any():
        raise CrmkitError(f"渠道不能叫“{TOTAL}”", row=_first_bad(names.eq(TOTAL)),
                          column="channel", hint="合计行由程序计算，删掉这一行即可")
    checked = pd.DataFrame({"channel": names.astype(str).to_numpy()})
    for column in COUNTS:
        checked[column] = _counts(table[column], column, LABELS[column]).to_numpy()
    cost = pd.to_numeric(table["cost"], errors="coerce")
    bad = ~np.isfinite(cost) | cost.isna() | (cost < 0)
    if bad.any():
        row = _first_bad(bad)
        raise CrmkitError(f"成本“{table['cost'].iloc[row - 1]}”不是非负的数字", row=row,
                          column="cost", hint="成本以元为单位填数字，没有花费就填 0")
    checked["cost"] = cost.astype(float).to_numpy()
    for more, fewer, hint in (
            ("meetings", "contacts", "面谈的客户应当是接触过的客户的一部分；检查两个数是否填反，"
                                     "或把直接约到面谈的客户也计入接触数"),
            ("accounts", "meetings", "开户的客户应当都面谈过；检查两个数是否填反，"
                                     "或把没见面就开户的客户也计入面谈数")):
        over = checked[more] > checked[fewer]
        if over.any():
            row = _first_bad(over)
            raise CrmkitError(
                f"“{checked['channel'].iloc[row - 1]}”的{LABELS[more]} "
                f"{checked[more].iloc[row - 1]} 大于{LABELS[fewer]} "
                f"{checked[fewer].iloc[row - 1]}", row=row, column=more, hint=hint)
    return checked


def _ratio(top: pd.Series | np.ndarray, bottom: pd.Series | np.ndarray) -> np.ndarray:
    """top ÷ bottom, NaN where bottom is zero."""
    top, bottom = np.asarray(top, dtype=float), np.asarray(bottom, dtype=float)
    return np.divide(top, bottom, out=np.full(len(top), np.nan), where=bottom > 0)


# ---------------------------------------------------------------- metrics


def channel_scorecard(table: pd.DataFrame) -> pd.DataFrame:
    """Conversion rates and unit costs per acquisition channel, with a 合计 row.

    Returns one row per channel (index ``channel``, input order) and a last row 合计
    computed from the summed counts and cost. Rates are percentages with one decimal:
    contact → meeting, meeting → account, contact → account; costs per meeting and per
    account are whole 元. A zero denominator gives NaN. The input is not modified.
    """
    checked = _check_channels(table)
    total = pd.DataFrame({"channel": [TOTAL], **{c: [checked[c].sum()] for c in COUNTS},
                          "cost": [checked["cost"].sum()]})
    card = pd.concat([checked, total], ignore_index=True).set_index("channel")
    contacts, meetings, accounts = card["contacts"], card["meetings"], card["accounts"]
    card["contact_to_meeting"] = np.round(_ratio(meetings, contacts) * 100, 1)
    card["meeting_to_account"] = np.round(_ratio(accounts, meetings) * 100, 1)
    card["contact_to_account"] = np.round(_ratio(accounts, contacts) * 100, 1)
    card["cost_per_meeting"] = np.round(_ratio(card["cost"], meetings))
    card["cost_per_account"] = np.round(_ratio(card["cost"], accounts))
    card["cost"] = card["cost"].round(0)
    card[list(COUNTS)] = card[list(COUNTS)].astype(int)
    return card


def _stage_counts(stages: Mapping[str, int] | pd.Series | pd.DataFrame) -> pd.Series:
    """The funnel input as a Series stage → count, in the given order."""
    if isinstance(stages, pd.DataFrame):
        missing = [c for c in ("stage", "count") if c not in stages.columns]
        if missing:
            raise CrmkitError(f"漏斗表缺少{'、'.join(f'“{c}”' for c in missing)}列",
                              hint="每个阶段一行：stage（阶段名称）、count（人数），从名单排到开户")
        return pd.Series(stages["count"].to_numpy(), index=stages["stage"].to_numpy(),
                         dtype=object)
    if isinstance(stages, pd.Series):
        return pd.Series(stages.to_numpy(), index=stages.index.to_numpy(), dtype=object)
    if isinstance(stages, Mapping):
        return pd.Series(list(stages.values()), index=list(stages.keys()), dtype=object)
    raise CrmkitError("漏斗应当是“阶段 → 人数”的有序字典或表格",
                      hint="例如 {'名单': 300, '有效联系': 150, '首次拜访': 30, '开户': 6}")


def list_funnel(stages: Mapping[str, int] | pd.Series | pd.DataFrame) -> pd.DataFrame:
    """Count, drop, step and cumulative conversion of each stage of a list-to-account funnel.

    ``stages``: an ordered mapping stage → count (名单 → 有效联系 → … → 开户), a Series
    indexed by stage, or a DataFrame with columns ``stage`` and ``count``. Counts must
    be non-negative integers that never increase along the stages. The step rate is
    count ÷ previous count (100 for the first stage); the cumulative rate is count ÷
    first count; both percentages with one decimal, NaN over a zero.
    """
    counts = _stage_counts(stages)
    if len(counts) < 2:
        raise CrmkitError("漏斗至少要有两个阶段", hint="例如 名单 → 开户，中间阶段越细越好找问题")
    names = pd.Series(counts.index, dtype="string").str.strip()
    unnamed = names.fillna("").eq("")
    if unnamed.any():
        raise CrmkitError(f"第 {_first_bad(unnamed)} 个阶段没有名称",
                          hint="给每个阶段起一个名字，例如“有效联系”")
    if names.duplicated().any():
        raise CrmkitError(f"阶段“{names[names.duplicated()].iloc[0]}”出现了不止一次",
                          hint="每个阶段只写一次，按先后顺序排列")
    numbers = pd.to_numeric(pd.Series(counts.to_numpy()), errors="coerce")
    bad = _not_whole(numbers)
    if bad.any():
        where = _first_bad(bad) - 1
        raise CrmkitError(f"阶段“{names.iloc[where]}”的人数“{counts.iloc[where]}”不是非负整数",
                          hint="填 0 或正整数")
    count = numbers.astype(int).to_numpy()
    rising = np.flatnonzero(count[1:] > count[:-1])
    if len(rising):
        i = int(rising[0]) + 1
        raise CrmkitError(
            f"阶段“{names.iloc[i]}”的人数 {count[i]} 多于上一阶段“{names.iloc[i - 1]}”的 "
            f"{count[i - 1]}", hint="漏斗里每一阶段的人都来自上一阶段，人数只能持平或减少；"
                                    "检查阶段顺序，或把跳过前一阶段的人也计入前一阶段")
    previous = np.concatenate([[count[0]], count[:-1]])
    return pd.DataFrame({
        "count": count,
        "dropped": previous - count,
        "step_rate": np.round(_ratio(count, previous) * 100, 1),
        "cumulative_rate": np.round(_ratio(count, np.full(len(count), count[0])) * 100, 1),
    }, index=pd.Index(names.astype(str).to_numpy(), name="stage"))


def display_table(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with Chinese column and index names (LABELS) for showing to learners."""
    shown = frame.rename(columns={k: v for k, v in LABELS.items() if k in frame.columns})
    if shown.index.name in LABELS:
        shown.index.name = LABELS[shown.index.name]
    return shown
