"""Header vocabulary of a learner's file: which header means customer, date or amount,
the unit in a header, and Excel's column letters."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

ROLES = ("customer_id", "date", "amount")
ROLE_LABELS = {"customer_id": "客户列", "date": "日期列", "amount": "金额列"}

# Accepted header names per role, compared after header_key() (NFKC, lower case,
# spaces, underscores, hyphens and dots removed). The customer role has two tiers:
# an id column wins over a name column, so an export with both 客户号 and 客户名称
# scores by 客户号 and keeps the name as an ordinary column.
CUSTOMER_ID_HEADERS = [
    "客户号", "客户编号", "客户编码", "客户代码", "客户ID", "客户", "客户账号", "资金账号",
    "会员号", "会员编号", "customer_id", "customer", "customer_no", "customer_code",
    "client_id", "client", "client_no", "cust_id", "cust_no",
]
CUSTOMER_NAME_HEADERS = [
    "客户名称", "客户名", "客户姓名", "姓名", "户名", "账户名称", "账户名", "名称", "企业名称",
    "公司名称", "单位名称", "customer_name", "client_name", "name", "company", "company_name",
]
DATE_HEADERS = [
    "交易日期", "日期", "交易时间", "成交日期", "下单日期", "订单日期", "业务日期", "记账日期",
    "发生日期", "购买日期", "date", "transaction_date", "trade_date", "order_date", "txn_date",
]
AMOUNT_HEADERS = [
    "金额", "交易金额", "成交金额", "订单金额", "发生额", "交易额", "销售额", "购买金额",
    "amount", "transaction_amount", "txn_amount", "amt", "sales",
]
# Unit in a header → factor to 元. 万 and 亿 alone are how people shorten 万元, 亿元.
UNIT_FACTORS = {"元": 1.0, "人民币元": 1.0, "rmb": 1.0, "cny": 1.0, "千元": 1e3, "万元": 1e4,
                "万": 1e4, "百万元": 1e6, "亿元": 1e8, "亿": 1e8}
UNIT_NAMES = {"人民币元": "元", "rmb": "元", "cny": "元", "万": "万元", "亿": "亿元"}
# Words in a bracket that show it is a currency we cannot convert (美元, HKD …).
_CURRENCY_HINTS = ("元", "币", "$", "美", "港", "欧", "镑", "usd", "hkd", "eur", "gbp", "jpy")
# A customer cell with one of these is a total line the export added at the bottom.
TOTAL_WORDS = {"合计", "总计", "小计", "共计", "total", "subtotal", "grandtotal", "sum"}

def header_key(name: object) -> str:
    """How headers are compared: 'Customer ID', 'customer_id' and 'customerid' are one."""
    text = unicodedata.normalize("NFKC", "" if name is None else str(name)).strip().lower()
    return re.sub(r"[\s_\-.]+", "", text)


_KEYS = {
    "customer_id": {header_key(n) for n in CUSTOMER_ID_HEADERS},
    "customer_name": {header_key(n) for n in CUSTOMER_NAME_HEADERS},
    "date": {header_key(n) for n in DATE_HEADERS},
    "amount": {header_key(n) for n in AMOUNT_HEADERS},
}
_BRACKET = re.compile(r"^(?P<stem>.*?)\s*[(\[【]\s*(?:单位\s*:?\s*)?(?P<inner>[^()\[\]【】]*?)\s*"
                      r"[)\]】]\s*$")
_SUFFIX_UNIT = re.compile(r"^(?P<stem>.+?)\s*[/_\-]?\s*"
                          r"(?P<unit>人民币元|百万元|千元|万元|亿元|元)$")


@dataclass(frozen=True)
class HeaderInfo:
    """What one header cell means: a role (or None), the customer tier and the amount unit."""

    role: str | None
    tier: int = 0          # customer columns: 0 = an id, 1 = a name
    unit: str = "元"
    unknown_unit: str | None = None


def classify_header(name: object) -> HeaderInfo:
    """Match one header cell against the synonym lists, reading a unit in brackets or at the end.

    金额(万元), 交易金额（万元）, 金额【单位：万元】, 金额/万元 and 金额万元 are all the
    amount in 万元; 日期(yyyy-mm-dd) is a date column (the bracket is only a note).
    """
    text = unicodedata.normalize("NFKC", "" if name is None else str(name)).strip()
    stem, inner = text, None
    bracket = _BRACKET.match(text)
    if bracket:
        stem, inner = bracket.group("stem"), bracket.group("inner")
    key = header_key(stem)
    if key in _KEYS["amount"]:
        if inner is not None:
            unit_key = header_key(inner)
            if unit_key in UNIT_FACTORS:
                return HeaderInfo("amount", unit=UNIT_NAMES.get(unit_key, unit_key))
            if any(word in unit_key for word in _CURRENCY_HINTS):
                return HeaderInfo("amount", unknown_unit=inner)
        return HeaderInfo("amount")
    suffix = _SUFFIX_UNIT.match(text)
    if inner is None and suffix and header_key(suffix.group("stem")) in _KEYS["amount"]:
        unit = suffix.group("unit")
        return HeaderInfo("amount", unit=UNIT_NAMES.get(unit, unit))
    for role, tier in (("customer_id", 0), ("customer_name", 1), ("date", 0)):
        if key in _KEYS[role]:
            return HeaderInfo("customer_id" if role == "customer_name" else role, tier=tier)
    return HeaderInfo(None)


def column_letter(position: int) -> str:
    """0 → A, 25 → Z, 26 → AA: the column letters a learner sees in Excel."""
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
