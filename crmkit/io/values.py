"""Parsing cell values: amounts (with units, accounting negatives, full-width digits) and
dates (text, Excel cells, serial numbers), each problem explained in Chinese."""

from __future__ import annotations

import calendar
import functools
import re
from datetime import date, datetime, time

import numpy as np
import pandas as pd

from crmkit.errors import CrmkitError
from crmkit.io.headers import UNIT_FACTORS, UNIT_NAMES

DATE_FORMATS = "请写成 2024-03-05、2024/3/5 或 2024年3月5日 这样的格式"



_AMOUNT_RE = re.compile(
    r"^(?:(?P<sign>[-+]?)(?:¥|rmb|cny)|(?:¥|rmb|cny)(?P<sign2>[-+])|(?P<sign3>[-+]?))"
    r"(?P<num>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)(?P<exp>e[-+]?\d+)?"
    r"(?P<unit>人民币元|百万元|千元|万元|亿元|元|万|亿)?$")
_DATE_RE = re.compile(
    r"(?:(?P<y1>\d{4})(?P<sep>[-/.])(?P<m1>\d{1,2})(?P=sep)(?P<d1>\d{1,2})"
    r"|(?P<y2>\d{4})年(?P<m2>\d{1,2})月(?P<d2>\d{1,2})日?"
    r"|(?P<y3>\d{4})(?P<m3>\d{2})(?P<d3>\d{2}))"
    r"(?:[ tT]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
    r"|(?P<serial>\d{5})(?:\.\d+)?")
EXCEL_EPOCH = pd.Timestamp("1899-12-30")


def cell_text(value: object) -> str:
    """An Excel cell as the text a learner sees: 10001.0 → '10001', a date → '2024-03-05'."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d") if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _clean_text(values: pd.Series, keep_time_space: bool = False) -> pd.Series:
    """NFKC (full-width digits, ，and ￥ become plain ones), lower case, no spaces.

    keep_time_space keeps one space where a time of day follows a date.
    """
    text = values.astype(str).str.normalize("NFKC").str.lower().str.strip()
    text = text.str.replace("−", "-", regex=False)
    if keep_time_space:
        text = text.str.replace(r"\s*([年月日/.\-:])\s*", r"\1", regex=True)
        return text.str.replace(r"\s+", " ", regex=True)
    return text.str.replace(r"\s+", "", regex=True)


def factorize_text(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Codes and the distinct texts of a column, a missing cell counting as "".

    Works on the cells as read (object values): turning two million cells into
    pandas strings first would cost more than the hashing itself.
    """
    # factorize counts None, NaN and pd.NA as missing itself (code -1); an object column
    # is handed over as it is, without a copy
    codes, uniques = pd.factorize(values.to_numpy(dtype=object), use_na_sentinel=True)
    texts = np.array([str(u) for u in uniques] + [""], dtype=object)
    codes = np.where(codes < 0, len(texts) - 1, codes)
    return codes, texts


def _each_distinct(parse):
    """Parse every distinct text once and spread the results back over the rows.

    A transaction list repeats the same dates (and many amounts) thousands of
    times, so a million rows cost the parsing of a few thousand strings.
    """
    @functools.wraps(parse)
    def wrapper(values: pd.Series, *args, coded: tuple[np.ndarray, np.ndarray] | None = None
                ) -> tuple[pd.Series, pd.Series]:
        # coded: the caller's factorize_text of these very cells, so they are not hashed again
        codes, uniques = factorize_text(values) if coded is None else coded
        parsed, bad = parse(pd.Series(uniques, dtype=object), *args)
        return (pd.Series(parsed.to_numpy()[codes], index=values.index),
                pd.Series(bad.to_numpy()[codes], index=values.index))
    return wrapper


def parse_amounts(values: pd.Series, unit: str = "元") -> tuple[pd.Series, pd.Series]:
    """Amount text → float in 元, plus a mask of cells that are not a valid amount.

    A bare number is in the header's unit (a header without one means 元). A cell that
    writes its own unit (3.5万, 1.2亿, 500元) is read in that unit, whatever the header
    says: the cell is what the learner sees, so 3.5万 is 35,000 元 and never 3.5 元.
    Thousands separators must sit every three digits, so a decimal comma such as 1,5 is
    refused rather than silently read as 15.

    Plain numbers, nearly every cell of a system export, are converted in one pass;
    only the other cells are parsed as text, each distinct text once.
    """
    plain = pd.to_numeric(values, errors="coerce")  # fast path: 1234.5, -200, 1e3
    amount = plain.where(np.isfinite(plain)).astype(float)  # 1e400 → inf is not an amount
    factor = np.full(len(values), UNIT_FACTORS[unit])
    bad = np.zeros(len(values), dtype=bool)
    rest = amount.isna().to_numpy()
    if rest.any():  # the slow path only for cells with separators, ￥, 元, 万, brackets …
        codes, uniques = pd.factorize(values[rest].astype(object).fillna("").astype(str))
        number, wrong, scale = _amount_text(pd.Series(uniques, dtype=object), unit)
        amount[rest] = number[codes]
        bad[rest], factor[rest] = wrong[codes], scale[codes]
    # round away float noise: 1.15 × 10,000 = 11,499.999999999998
    amount = amount.where(factor == 1.0, (amount * factor).round(6))
    return amount, pd.Series(bad, index=values.index)


def _amount_text(values: pd.Series, unit: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Amounts written the way people write them: the number, a bad mask, and the factor
    to 元 of each cell (its own unit if it writes one, else the header's)."""
    text = _clean_text(values)
    paren = text.str.fullmatch(r"\(.*\)")
    text = text.mask(paren, text.str.slice(1, -1))
    parts = text.str.extract(_AMOUNT_RE)
    cell_unit = parts["unit"].replace(UNIT_NAMES)
    factor = cell_unit.map(UNIT_FACTORS).fillna(UNIT_FACTORS[unit]).astype(float)
    number = pd.to_numeric(parts["num"].str.replace(",", "", regex=False)
                           + parts["exp"].fillna(""), errors="coerce").astype(float)
    negative = paren | (parts[["sign", "sign2", "sign3"]] == "-").any(axis=1)
    amount = number.where(~negative, -number)
    bad = (amount.isna() | ~np.isfinite(amount.fillna(0.0))).fillna(True)
    return amount.where(~bad).to_numpy(), bad.astype(bool).to_numpy(), factor.to_numpy()


def _amount_problem(raw: object, unit: str) -> tuple[str, str]:
    empty = raw is None or (isinstance(raw, float) and raw != raw)  # a blank read as a number
    text = "" if empty else str(raw).strip()
    clean = _clean_text(pd.Series([text])).iloc[0]
    usual = ("只填数字，可以带千分位逗号、￥ 符号或“元”字，例如 1,234.50；退款写成负数，例如 -500"
             if unit == "元" else
             f"只填数字，单位（{unit}）已经写在表头里，例如 12.5；退款写成负数，例如 -0.5")
    if not clean:
        return "金额是空的", "填上金额；如果这笔交易作废了，就删掉这一行"
    if clean.count(".") > 1:
        return f"金额“{text}”里有不止一个小数点", "只保留一个小数点，例如 1234.50"
    if re.fullmatch(r"[-+(¥]*[\d,]+(\.\d+)?\)?(元)?", clean):
        return (f"金额“{text}”的千分位逗号位置不对",
                "千分位逗号应每三位一个，例如 12,345.60；小数部分要用小数点，不能用逗号")
    return f"金额“{text}”不是数字", usual


@_each_distinct
def parse_dates(values: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Date text → datetime64 (midnight), plus a mask of cells that are not a real date.

    Impossible dates such as 2024-02-30 and years outside 1900–2099 are marked bad.
    A five-digit number is an Excel day serial (45356 = 2024-03-05).
    """
    text = _clean_text(values, keep_time_space=True)
    parts = text.str.extract("^(?:" + _DATE_RE.pattern + ")$")
    year = pd.to_numeric(parts["y1"].fillna(parts["y2"]).fillna(parts["y3"]), errors="coerce")
    month = pd.to_numeric(parts["m1"].fillna(parts["m2"]).fillna(parts["m3"]), errors="coerce")
    day = pd.to_numeric(parts["d1"].fillna(parts["d2"]).fillna(parts["d3"]), errors="coerce")
    plausible = year.between(1900, 2099)
    stamp = pd.to_datetime(pd.DataFrame({"year": year.where(plausible), "month": month,
                                         "day": day}), errors="coerce")
    serial = pd.to_numeric(parts["serial"], errors="coerce")
    from_serial = EXCEL_EPOCH + pd.to_timedelta(serial, unit="D")
    result = stamp.fillna(from_serial).astype("datetime64[ns]")
    return result, result.isna()


def _date_problem(raw: object) -> tuple[str, str]:
    text = "" if raw is None else str(raw).strip()
    if not text:
        return "日期是空的", "填上交易日期；如果这笔交易作废了，就删掉这一行"
    clean = _clean_text(pd.Series([text]), keep_time_space=True).iloc[0]
    match = re.fullmatch("^(?:" + _DATE_RE.pattern + ")$", clean)
    if match and not match.group("serial"):
        groups = match.groupdict()
        year = int(groups["y1"] or groups["y2"] or groups["y3"])
        month = int(groups["m1"] or groups["m2"] or groups["m3"])
        day = int(groups["d1"] or groups["d2"] or groups["d3"])
        if not 1900 <= year <= 2099:
            return f"日期“{text}”的年份 {year} 不合理", "检查年份是否多打或少打了一位"
        if not 1 <= month <= 12:
            return f"日期“{text}”不存在：没有 {month} 月", "检查月份和日是否写反了，" + DATE_FORMATS
        last = calendar.monthrange(year, month)[1]
        if day > last:
            return (f"日期“{text}”不存在：{year} 年 {month} 月只有 {last} 天",
                    "核对原始凭证，改成正确的日期")
        if day < 1:
            return f"日期“{text}”不存在：没有 0 日", "核对原始凭证，改成正确的日期"
    return f"看不懂日期“{text}”", DATE_FORMATS


def parse_date(value: object, what: str = "日期") -> pd.Timestamp:
    """One date in any accepted format (for --as-of); a CrmkitError if it is not a date."""
    if isinstance(value, (datetime, date, pd.Timestamp)):
        return pd.Timestamp(value).normalize()
    parsed, bad = parse_dates(pd.Series([cell_text(value)], dtype=object))
    if bad.iloc[0]:
        message, hint = _date_problem(value)
        raise CrmkitError(f"{what}：{message}", hint=hint)
    return parsed.iloc[0]
