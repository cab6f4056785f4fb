"""MAN rule: Money (购买力) × Authority (决策权) × Need (需求) → eight prospect types.

A prospect is worth a customer manager's time when it can pay, the person we
talk to can decide, and it needs what we sell. Each of the three is either
present (capital letter) or missing (small letter), which gives eight
combinations, each with its own next step.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from crmkit.errors import CrmkitError

# Display order: all three present first, then two of three, one of three, none.
MAN_ORDER = ["M-A-N", "M-A-n", "M-a-N", "m-A-N", "m-a-N", "M-a-n", "m-A-n", "m-a-n"]

MAN_TACTICS: dict[str, dict[str, str]] = {
    "M-A-N": {
        "label": "理想的潜在客户",
        "meaning": "买得起、说了算、用得着，三个条件都具备",
        "tactic": "列为最优先的销售对象，尽快约见决策人，拿出针对性方案，推动尽早成交。",
    },
    "M-A-n": {
        "label": "需求尚未出现",
        "meaning": "有购买力、对方能拍板，但眼下没有需求",
        "tactic": "保持定期联系，留意扩产、换行、融资等需求信号；"
                  "需求一出现，方案和报价要马上跟上。",
    },
    "M-a-N": {
        "label": "还没找到拍板人",
        "meaning": "有购买力也有需求，但接触到的人做不了主",
        "tactic": "与现有联系人多沟通，请他引荐或借他了解决策链，"
                  "设法接触到真正有决定权的人。",
    },
    "m-A-N": {
        "label": "购买力不足",
        "meaning": "有需求、对方能拍板，但眼下资金不够",
        "tactic": "深入了解经营和信用状况，条件允许时用融资、分期、"
                  "延长账期等办法帮它跨过资金门槛。",
    },
    "m-a-N": {
        "label": "只有需求",
        "meaning": "用得着，但买不起，接触的人也做不了主",
        "tactic": "纳入长期跟踪名单，低成本保持联系，"
                  "等它的资金和决策条件成熟后再重点投入。",
    },
    "M-a-n": {
        "label": "只有购买力",
        "meaning": "买得起，但暂无需求，接触的人也做不了主",
        "tactic": "跟踪观察，逐步培养关系；一边找决策人，一边留意需求何时出现。",
    },
    "m-A-n": {
        "label": "只有决定权",
        "meaning": "对方说了算，但既没有需求，也暂时买不起",
        "tactic": "维持礼节性联系，长期观察，等它的经营和需求发生变化再跟进。",
    },
    "m-a-n": {
        "label": "非客户",
        "meaning": "三个条件都不具备",
        "tactic": "暂时放弃，不再投入拜访时间；客户资料留档，情况变化时再评估。",
    },
}

MAN_COLUMN_LABELS: dict[str, str] = {
    "money": "购买力(M)",
    "authority": "决策权(A)",
    "need": "需求(N)",
    "man_code": "MAN 组合",
    "man_label": "客户类型",
    "man_tactic": "对策",
}

_TRUE_WORDS = {"true", "1", "1.0", "y", "yes", "是", "有"}
_FALSE_WORDS = {"false", "0", "0.0", "n", "no", "否", "无", "没有"}
_WORDS = {**{w: True for w in _TRUE_WORDS}, **{w: False for w in _FALSE_WORDS}}
_HINT = "请填 是/否、Y/N、1/0 或 True/False"


class ManResult(NamedTuple):
    """One prospect's MAN combination, its Chinese label and the suggested tactic."""

    code: str
    label: str
    meaning: str
    tactic: str


def man_code(money: bool, authority: bool, need: bool) -> str:
    """Capital letter = condition present, e.g. (True, False, True) → "M-a-N"."""
    return "-".join(big if has else big.lower()
                    for big, has in (("M", money), ("A", authority), ("N", need)))


def _as_bool(value: object, name: str) -> bool:
    """Read one yes/no answer; anything unclear is the learner's mistake to fix."""
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    key = str(value).strip().lower()
    if key not in _WORDS:
        raise CrmkitError(f"{name}的值“{value}”看不出是“有”还是“没有”", hint=_HINT)
    return _WORDS[key]


def classify_man(money: object, authority: object, need: object) -> ManResult:
    """Classify one prospect. Each argument accepts 是/否, Y/N, 1/0 or True/False."""
    code = man_code(_as_bool(money, "购买力（M）"), _as_bool(authority, "决策权（A）"),
                    _as_bool(need, "需求（N）"))
    info = MAN_TACTICS[code]
    return ManResult(code, info["label"], info["meaning"], info["tactic"])


def _bool_column(book: pd.DataFrame, column: str) -> np.ndarray:
    """A yes/no column as a boolean array; the first unreadable cell is reported."""
    if column not in book.columns:
        raise CrmkitError(f"找不到“{column}”列", column=column,
                          hint=f"数据里现有的列是：{'、'.join(map(str, book.columns))}")
    raw = book[column]
    if pd.api.types.is_bool_dtype(raw):
        return raw.to_numpy(dtype=bool)
    keys = raw.astype(str).str.strip().str.lower()
    mapped = keys.map(_WORDS)
    bad = mapped.isna().to_numpy() | raw.isna().to_numpy()
    if bad.any():
        position = int(np.flatnonzero(bad)[0])
        raise CrmkitError(f"值“{raw.iloc[position]}”看不出是“有”还是“没有”",
                          row=position + 1, column=column, hint=_HINT)
    return mapped.to_numpy(dtype=bool)


def classify_book(book: pd.DataFrame, money: str = "money", authority: str = "authority",
                  need: str = "need") -> pd.DataFrame:
    """Return a copy of ``book`` with ``man_code``, ``man_label`` and ``man_tactic`` added.

    ``man_code`` is an ordered categorical (MAN_ORDER), so sorting by it puts the
    most promising prospects first.
    """
    if len(book) == 0:
        raise CrmkitError("客户表是空的，没有可以判断的潜在客户", hint="先确认数据已正确读入")
    has_m = _bool_column(book, money)
    has_a = _bool_column(book, authority)
    has_n = _bool_column(book, need)
    code = (pd.Series(np.where(has_m, "M", "m")) + "-" + np.where(has_a, "A", "a")
            + "-" + np.where(has_n, "N", "n"))
    result = book.copy()
    result["man_code"] = pd.Categorical(code.to_numpy(), categories=MAN_ORDER, ordered=True)
    result["man_label"] = code.map({c: i["label"] for c, i in MAN_TACTICS.items()}).to_numpy()
    result["man_tactic"] = code.map({c: i["tactic"] for c, i in MAN_TACTICS.items()}).to_numpy()
    return result


def man_table() -> pd.DataFrame:
    """All eight combinations with meaning and tactic, in MAN_ORDER, for reading."""
    flags = [(c[0] == "M", c[2] == "A", c[4] == "N") for c in MAN_ORDER]
    mark = {True: "有", False: "没有"}
    return pd.DataFrame({
        "购买力(M)": [mark[f[0]] for f in flags],
        "决策权(A)": [mark[f[1]] for f in flags],
        "需求(N)": [mark[f[2]] for f in flags],
        "客户类型": [MAN_TACTICS[c]["label"] for c in MAN_ORDER],
        "对策": [MAN_TACTICS[c]["tactic"] for c in MAN_ORDER],
    }, index=pd.Index(MAN_ORDER, name="组合"))


def man_counts(classified: pd.DataFrame) -> pd.DataFrame:
    """Head count per combination (all eight rows, zeros included) of a classified book."""
    counts = classified["man_code"].value_counts().reindex(MAN_ORDER, fill_value=0)
    table = pd.DataFrame({
        "客户类型": [MAN_TACTICS[c]["label"] for c in MAN_ORDER],
        "户数": counts.astype(int).to_numpy(),
    }, index=pd.Index(MAN_ORDER, name="组合"))
    table["占比(%)"] = (table["户数"] / table["户数"].sum() * 100).round(1)
    return table
