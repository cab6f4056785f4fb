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
# A currency column (brokerage and foreign-exchange exports): amounts in different
# currencies must never be added up.
CURRENCY_HEADERS = ["币种", "币别", "货币", "货币代码", "币种代码", "交易币种", "currency", "ccy",
                    "currency_code", "cur"]
# Bank statements and ledgers that split the amount into two columns. On a customer's
# statement 贷方 is money in (存入、收入) and 借方 money out (支取、支出).
DEBIT_HEADERS = ["借方发生额", "借方金额", "借方", "支出", "支出金额", "转出金额", "付款金额",
                 "支取金额", "debit", "debit_amount", "withdrawal", "withdrawals"]
CREDIT_HEADERS = ["贷方发生额", "贷方金额", "贷方", "收入", "收入金额", "转入金额", "收款金额",
                  "存入金额", "credit", "credit_amount", "deposit", "deposits"]
# Currency cell → one name (ISO letters, numeric codes and Chinese names).
CURRENCY_NAMES = {
    "人民币": "人民币", "cny": "人民币", "rmb": "人民币", "156": "人民币", "本币": "人民币",
    "美元": "美元", "美金": "美元", "usd": "美元", "840": "美元",
    "港币": "港币", "港元": "港币", "hkd": "港币", "344": "港币",
    "欧元": "欧元", "eur": "欧元", "978": "欧元", "日元": "日元", "jpy": "日元", "392": "日元",
    "英镑": "英镑", "gbp": "英镑", "826": "英镑",
}
FLOWS = {"贷方": "credit", "借方": "debit", "双向": "both"}
# Unit in a header → factor to 元. 万 and 亿 alone are how people shorten 万元, 亿元.
UNIT_FACTORS = {"元": 1.0, "人民币元": 1.0, "rmb": 1.0, "cny": 1.0, "千元": 1e3, "万元": 1e4,
                "万": 1e4, "百万元": 1e6, "亿元": 1e8, "亿": 1e8}
UNIT_NAMES = {"人民币元": "元", "rmb": "元", "cny": "元", "万": "万元", "亿": "亿元"}
# Words in a bracket that show it is a currency we cannot convert (美元, HKD …).
_CURRENCY_HINTS = ("元", "币", "$", "美", "港", "欧", "镑", "usd", "hkd", "eur", "gbp", "jpy")
# A customer cell with one of these is a total line the export added at the bottom.
TOTAL_WORDS = {"合计", "总计", "小计", "共计", "total", "subtotal", "grandtotal", "sum"}

# A total line has one of these words at the start of a cell (本页合计, 小计：, 总计(元) …).
_TOTAL_CELL = re.compile(r"^(?:本页|本月|本期|本日|期间|全部|客户)?(合计|小计|总计|共计|累计)"
                         r"(?:[\s:：(（\[].{0,20})?$|^(?:total|subtotal|grand ?total)\b.{0,20}$",
                         re.I)


def total_marker(cell: str) -> str | None:
    """"小计" for a subtotal, "合计" for a total, None for an ordinary cell."""
    match = _TOTAL_CELL.match(unicodedata.normalize("NFKC", cell).strip())
    if not match:
        return None
    word = (match.group(1) or match.group(0)).lower()
    return "小计" if word.startswith(("小计", "subtotal")) else "合计"


def header_key(name: object) -> str:
    """How headers are compared: 'Customer ID', 'customer_id' and 'customerid' are one."""
    text = unicodedata.normalize("NFKC", "" if name is None else str(name)).strip().lower()
    return re.sub(r"[\s_\-.]+", "", text)


_KEYS = {
    "currency": {header_key(n) for n in CURRENCY_HEADERS},
    "debit": {header_key(n) for n in DEBIT_HEADERS},
    "credit": {header_key(n) for n in CREDIT_HEADERS},
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
    for role in ("debit", "credit"):
        if key in _KEYS[role] or (suffix and header_key(suffix.group("stem")) in _KEYS[role]):
            unit = suffix.group("unit") if suffix and inner is None else (inner or "元")
            unit_key = header_key(unit)
            return HeaderInfo(role, unit=UNIT_NAMES.get(unit_key, unit_key)
                              if unit_key in UNIT_FACTORS else "元")
    if key in _KEYS["currency"]:
        return HeaderInfo("currency")
    return HeaderInfo(None)


def core_roles(roles: set) -> int:
    """How many of customer, date and amount a header has; debit and credit columns
    together stand in for the amount."""
    amount = "amount" in roles or {"debit", "credit"} <= roles
    return len(roles & {"customer_id", "date"}) + amount


def column_letter(position: int) -> str:
    """0 → A, 25 → Z, 26 → AA: the column letters a learner sees in Excel."""
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
