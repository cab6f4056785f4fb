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
    # the other columns a real export may have (position, header, unit)
    currency: int | None = None
    debit: tuple[int, str, str] | None = None
    credit: tuple[int, str, str] | None = None
    flow: str | None = None     # "credit", "debit" or "both": the amount is made from them

    @property
    def factor(self) -> float:
        return UNIT_FACTORS[self.unit]





def _synonyms(role: str) -> str:
    if role == "customer_id":
        return "、".join(CUSTOMER_ID_HEADERS[:6] + CUSTOMER_NAME_HEADERS[:2]
                         + ["customer_id", "customer_name"])
    names = DATE_HEADERS if role == "date" else AMOUNT_HEADERS
    return "、".join(names[:6] + [role])


def resolve_columns(raw: RawTable, required: bool = True, flow: str | None = None) -> Columns:
    """Decide which header is the customer, the date and the amount.

    required=True (scoring): every role must be found exactly once, and a header
    name may not appear twice. required=False (masking any table): roles that are
    missing or ambiguous are simply left out. A statement that splits the amount into
    借方 and 贷方 columns needs ``flow`` (贷方, 借方 or 双向) to say which amount to use.
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
                                   "amount": [], "currency": [], "debit": [], "credit": []}
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
    split = len(found["debit"]) == 1 and len(found["credit"]) == 1
    side = {role: (found[role][0], header[found[role][0]], infos[found[role][0]].unit)
            for role in ("debit", "credit") if len(found[role]) == 1}
    if flow is not None:
        _check_flow(raw, flow, index, split, side)
        both = f"“{side['debit'][1]}”和“{side['credit'][1]}”"
        index["amount"] = side["credit" if flow != "debit" else "debit"][0]
        named = both if flow == "both" else f"“{side[flow][1]}”"
    missing = [role for role in ROLES if role not in index]
    if required and missing == ["amount"] and split:
        pair = f"“{side['debit'][1]}”和“{side['credit'][1]}”"
        raise raw.error(f"没有单独的金额列，金额分在{pair}两列", row=row,
                        hint="用 --flow 说明用哪一列做金额：--flow 贷方 只算转入（存入、收入），"
                             "--flow 借方 只算转出（支取、支出），--flow 双向 两列相加，"
                             "算客户的往来总额；报告会注明所用的口径")
    if required and missing:
        raise _missing_error(raw, missing)
    if "amount" in index and infos[index["amount"]].unknown_unit:
        unit = infos[index["amount"]].unknown_unit
        raise raw.error(f"不认识金额单位“{unit}”", row=row, column=header[index["amount"]],
                        hint="金额要以人民币计：表头单位可以写 元、万元 或 亿元，例如 金额(万元)；"
                             "外币金额请先折算成人民币")
    unit = infos[index["amount"]].unit if "amount" in index else "元"
    names = {role: header[p] for role, p in index.items()}
    if flow is not None:
        names["amount"] = named.strip("“”")
    return Columns(index=index, names=names, unit=unit,
                   customer_is_name=customer_is_name and "customer_id" in index,
                   currency=found["currency"][0] if len(found["currency"]) == 1 else None,
                   debit=side.get("debit"), credit=side.get("credit"), flow=flow)


def _check_flow(raw: RawTable, flow: str, index: dict, split: bool, side: dict) -> None:
    if "amount" in index:
        raise raw.error(f"这个文件有金额列“{raw.header[index['amount']]}”，不需要 --flow",
                        row=raw.header_row, hint="去掉 --flow 再试")
    if not split:
        raise raw.error("--flow 只用于借方、贷方（支出、收入）分成两列的文件，"
                        "这个文件里没有找到这样的两列", row=raw.header_row,
                        hint="去掉 --flow；如果金额确实分在两列，"
                             "把表头改成 借方发生额 和 贷方发生额")


def _looks_like_data(cell: str) -> bool:
    text = unicodedata.normalize("NFKC", cell).strip()
    return bool(re.fullmatch(r"[-+(¥]*[\d,.]+\)?(元)?", text) or _DATE_RE.fullmatch(text))


def _split_by_wide_comma(cell: str) -> bool:
    """A header typed with full-width commas (客户号，日期，金额): split, it names columns.
    A sentence that merely contains a comma (a notes line) does not."""
    parts = [p for p in cell.split("，") if p.strip()]
    return len(parts) >= 2 and sum(classify_header(p).role is not None for p in parts) >= 2


def _missing_error(raw: RawTable, missing: list[str]) -> CrmkitError:
    header = [name for name in raw.header if name]
    labels = [ROLE_LABELS[role] for role in missing]
    labels = "、".join(labels[:-1]) + "和" + labels[-1] if len(labels) > 1 else labels[0]
    shown = "、".join(f"“{name}”" for name in header) or "（没有列名）"
    hints = [f"把{ROLE_LABELS[role]}的表头改成下列名称之一：{_synonyms(role)}" for role in missing]
    if any(_looks_like_data(name) for name in header):
        hints.insert(0, f"第 {raw.header_row} 行看起来是数据而不是表头：请在最上面插入一行表头，"
                        "例如 客户号,交易日期,金额")
    elif raw.kind == "csv" and len(header) == 1 and _split_by_wide_comma(header[0]):
        hints.insert(0, "列与列之间用的是中文逗号“，”：请改用英文逗号“,”分隔")
    elif raw.kind == "xlsx" and len(raw.sheets) > 1:
        hints.insert(0, f"读的是工作表“{raw.sheet}”，工作簿里没有一个工作表同时有这三列"
                        f"（工作表有：{'、'.join(raw.sheets)}）；数据在别的工作表时，"
                        "用 --sheet 指定，或把表头改成下面的名称")
    return raw.error(f"找不到{labels}。表头里的列是：{shown}", row=raw.header_row,
                     hint="；".join(hints))
