"""Which column of a :class:`~crmkit.io.table.RawTable` is the customer, the date and the
amount (:func:`resolve_columns`), with a message naming what is missing."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from crmkit.errors import CrmkitError
from crmkit.io.headers import (
    AMOUNT_HEADERS,
    CUSTOMER_ID_HEADERS,
    CUSTOMER_NAME_HEADERS,
    DATE_HEADERS,
    ROLE_LABELS,
    ROLES,
    UNIT_FACTORS,
    classify_header,
    column_letter,
)
from crmkit.io.table import RawTable
from crmkit.io.values import _DATE_RE


@dataclass(frozen=True)
class Columns:
    """Which header became which role: positions, original names and the amount unit."""

    index: dict[str, int]
    names: dict[str, str]
    unit: str = "元"
    customer_is_name: bool = False

    @property
    def factor(self) -> float:
        return UNIT_FACTORS[self.unit]





def _synonyms(role: str) -> str:
    if role == "customer_id":
        return "、".join(CUSTOMER_ID_HEADERS[:6] + CUSTOMER_NAME_HEADERS[:2]
                         + ["customer_id", "customer_name"])
    names = DATE_HEADERS if role == "date" else AMOUNT_HEADERS
    return "、".join(names[:6] + [role])


def resolve_columns(raw: RawTable, required: bool = True) -> Columns:
    """Decide which header is the customer, the date and the amount.

    required=True (scoring): every role must be found exactly once, and a header
    name may not appear twice. required=False (masking any table): roles that are
    missing or ambiguous are simply left out.
    """
    header, row = raw.header, raw.header_row
    if required:
        seen: dict[str, int] = {}
        for position, name in enumerate(header):
            if not name:
                continue
            if name in seen:
                first = seen[name]
                raise raw.error(f"第 {column_letter(first)} 列和第 {column_letter(position)} 列"
                                f"的列名都是“{name}”，不知道该用哪一列",
                                row=row, column=name, hint="把其中一列改名，或删掉重复的那一列")
            seen[name] = position
    infos = [classify_header(name) for name in header]
    found: dict[str, list[int]] = {"customer_id": [], "customer_name": [], "date": [],
                                   "amount": []}
    for position, info in enumerate(infos):
        if info.role == "customer_id":
            found["customer_id" if info.tier == 0 else "customer_name"].append(position)
        elif info.role:
            found[info.role].append(position)
    customer = found["customer_id"] or found["customer_name"]
    customer_is_name = not found["customer_id"] and bool(found["customer_name"])
    chosen = {"customer_id": customer, "date": found["date"], "amount": found["amount"]}
    index: dict[str, int] = {}
    for role in ROLES:
        positions = chosen[role]
        if len(positions) > 1:
            if not required:
                continue
            names = "和".join(f"“{header[p]}”" for p in positions)
            count = "两" if len(positions) == 2 else str(len(positions))
            raise raw.error(f"{names}这{count}列都像是{ROLE_LABELS[role]}，不知道该用哪一列",
                            row=row,
                            hint=f"只保留一列作为{ROLE_LABELS[role]}：把其余的列改名（例如加上“备用”二字）或删掉")
        if positions:
            index[role] = positions[0]
    missing = [role for role in ROLES if role not in index]
    if required and missing:
        raise _missing_error(raw, missing)
    if "amount" in index and infos[index["amount"]].unknown_unit:
        unit = infos[index["amount"]].unknown_unit
        raise raw.error(f"不认识金额单位“{unit}”", row=row, column=header[index["amount"]],
                        hint="金额要以人民币计：表头单位可以写 元、万元 或 亿元，例如 金额(万元)；"
                             "外币金额请先折算成人民币")
    unit = infos[index["amount"]].unit if "amount" in index else "元"
    return Columns(index=index, names={role: header[p] for role, p in index.items()},
                   unit=unit, customer_is_name=customer_is_name and "customer_id" in index)


def _looks_like_data(cell: str) -> bool:
    text = unicodedata.normalize("NFKC", cell).strip()
    return bool(re.fullmatch(r"[-+(¥]*[\d,.]+\)?(元)?", text) or _DATE_RE.fullmatch(text))


def _missing_error(raw: RawTable, missing: list[str]) -> CrmkitError:
    header = [name for name in raw.header if name]
    labels = [ROLE_LABELS[role] for role in missing]
    labels = "、".join(labels[:-1]) + "和" + labels[-1] if len(labels) > 1 else labels[0]
    shown = "、".join(f"“{name}”" for name in header) or "（没有列名）"
    hints = [f"把{ROLE_LABELS[role]}的表头改成下列名称之一：{_synonyms(role)}" for role in missing]
    if any(_looks_like_data(name) for name in header):
        hints.insert(0, f"第 {raw.header_row} 行看起来是数据而不是表头：请在最上面插入一行表头，"
                        "例如 客户号,交易日期,金额")
    elif len(header) == 1 and "，" in header[0]:
        hints.insert(0, "列与列之间用的是中文逗号“，”：请改用英文逗号“,”分隔")
    return raw.error(f"找不到{labels}。表头里的列是：{shown}", row=raw.header_row,
                     hint="；".join(hints))
