"""Read a learner's own transaction file (CSV or XLSX) into a clean table.

Customer managers export their files from core banking, a trading system or a
CRM, open them in Excel or WPS, and save them again. This module accepts what
those tools produce and refuses everything else with one Chinese message that
names the file, the row and the column and says what to do.

Row numbers in every message are the row numbers the learner sees in Excel or
WPS: the header is row 1 and the first data row is row 2 (title lines above the
header and blank lines count too, exactly as on screen).

What is accepted:

- files: .csv / .txt / .tsv (text) and .xlsx / .xlsm (Excel); the first sheet
  that holds data is read;
- encodings: UTF-8 with or without BOM, GBK/GB18030, UTF-16 with BOM (Excel's
  “Unicode 文本”); tried in that order, a file none of them decodes is refused;
- delimiters: comma, tab or semicolon, detected from the first lines;
- headers: Chinese or English synonyms (see ``CUSTOMER_ID_HEADERS`` and the other
  lists); spaces, underscores, hyphens and letter case do not matter; a title line
  above the header is skipped;
- amounts: ``1,234.50``, ``1，234.50``, ``¥1,234.50``, ``￥1234.5元``, ``(1,234.50)``
  (accounting style, negative), ``-500`` (a refund: negatives are kept and netted
  in the customer's total); the unit comes from the header, e.g. 金额(万元) or
  交易金额（亿元）, and the clean table is always in 元;
- dates: ``2024-03-05``, ``2024/3/5``, ``2024.3.5``, ``2024年3月5日``, ``20240305``,
  a time of day after any of them (ignored), real Excel date cells, and Excel day
  serial numbers such as 45356 (a date cell that lost its format).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from crmkit.errors import CrmkitError
from crmkit.io.columns import Columns, resolve_columns
from crmkit.io.headers import ROLES, TOTAL_WORDS, classify_header
from crmkit.io.progress import Progress, wants_progress
from crmkit.io.table import CHUNK_ROWS, RawTable, read_table
from crmkit.io.values import (
    _amount_problem,
    _date_problem,
    cell_text,
    parse_amounts,
    parse_date,
    parse_dates,
)


def _first_problem(raw: RawTable, bad: np.ndarray, values: pd.Series, column: str,
                   explain) -> None:
    positions = np.flatnonzero(bad)
    if positions.size == 0:
        return
    first = int(positions[0])
    message, hint = explain(values.iloc[first])
    if positions.size > 1:
        message += f"（另有 {positions.size - 1} 行也有问题，改好这一行后会再提示）"
    raise raw.error(message, row=int(raw.frame.index[first]), column=column, hint=hint)


def transactions_from(raw: RawTable, columns: Columns, progress: bool | None = None
                      ) -> pd.DataFrame:
    """Check every value of the three role columns and build the clean table."""
    frame = raw.frame
    text = {role: frame[columns.index[role]] for role in ROLES}
    if raw.kind == "xlsx":
        text = {role: values.map(cell_text) for role, values in text.items()}
    names = columns.names

    codes, ids = pd.factorize(text["customer_id"].fillna("").astype(str))
    ids = pd.Series(ids, dtype=object).str.strip()  # each distinct id once
    customer = pd.Series(ids.to_numpy()[codes], index=frame.index)
    _first_problem(raw, (customer == "").to_numpy(), customer, names["customer_id"],
                   lambda _: ("客户号是空的", "补上客户号；如果这一行不是交易记录，就删掉它"))
    key = ids.str.normalize("NFKC").str.lower().str.replace(r"[\s_\-.]+", "", regex=True)
    total_line = key.isin(TOTAL_WORDS).to_numpy()[codes]
    _first_problem(raw, total_line, customer, names["customer_id"],
                   lambda v: (f"“{v}”像是合计行，不是一笔交易", "删掉表格底部的合计、小计行后再试"))

    n = len(frame)
    bar = Progress(n, "检查金额和日期", enabled=wants_progress(n, progress))
    amounts, amount_bad, dates, date_bad = [], [], [], []
    for start in range(0, n, CHUNK_ROWS):
        part = slice(start, start + CHUNK_ROWS)
        value, bad = parse_amounts(text["amount"].iloc[part], columns.unit)
        amounts.append(value)
        amount_bad.append(bad)
        value, bad = parse_dates(text["date"].iloc[part])
        dates.append(value)
        date_bad.append(bad)
        bar.update(min(CHUNK_ROWS, n - start))
    bar.close()
    amount = pd.concat(amounts)
    when = pd.concat(dates)
    _first_problem(raw, pd.concat(amount_bad).to_numpy(), text["amount"], names["amount"],
                   lambda v: _amount_problem(v, columns.unit))
    _first_problem(raw, pd.concat(date_bad).to_numpy(), text["date"], names["date"],
                   _date_problem)
    if not (amount > 0).any():
        raise raw.error("所有金额都是零或负数，算不出客户的交易金额", column=names["amount"],
                        hint="如果导出的是支出流水，请把金额改成正数；退款要和原交易放在同一个文件里")
    clean = pd.DataFrame({"customer_id": customer.to_numpy(), "date": when.to_numpy(),
                          "amount": amount.to_numpy()},
                         index=pd.Index(frame.index.to_numpy(), name="row"))
    clean["customer_id"] = clean["customer_id"].astype(str)
    clean.attrs.update({
        "file": raw.file, "columns": dict(names), "amount_unit": columns.unit,
        "rows_read": n, "header_row": raw.header_row, "encoding": raw.encoding,
        "delimiter": raw.delimiter, "sheet": raw.sheet, "masked": False,
    })
    return clean


def load_transactions(path: str | Path, *, mask: bool = False, salt: str | None = None,
                      progress: bool | None = None) -> pd.DataFrame:
    """Read a learner's transaction file into customer_id (str), date, amount (float, 元).

    The index holds each transaction's Excel row number (header = row 1, first
    data row = row 2), so later checks can still name the row. ``attrs`` records
    the file name, which original column became which role (``attrs["columns"]``),
    the header's amount unit, the rows read and the encoding.

    mask=True masks personal data on the way in (see :mod:`crmkit.io.mask`):
    names used as the customer key become stable pseudonyms, so scoring still
    groups each customer's transactions. The file on disk is never changed.
    Negative amounts (refunds) are kept and later netted; a file with no positive
    amount at all is refused. Every problem raises CrmkitError.
    """
    raw = read_table(path, progress)
    columns = resolve_columns(raw)
    if mask:
        from crmkit.io.mask import DEFAULT_SALT, mask_table

        raw = mask_table(raw, columns, DEFAULT_SALT if salt is None else salt).table
    clean = transactions_from(raw, columns, progress)
    clean.attrs["masked"] = mask
    return clean


def check_as_of(transactions: pd.DataFrame, as_of: object = None,
                today: object = None) -> pd.Timestamp | None:
    """Refuse transactions dated after the as-of date, naming the first such row.

    Without an as-of date the limit is today: a transaction in the future is a
    typing error (2042 for 2024) that would make every customer look long gone.
    Returns the as-of date as a Timestamp, or None when none was given.
    """
    limit = None if as_of is None else parse_date(as_of, "评估基准日")
    ceiling = limit if limit is not None else parse_date(today or pd.Timestamp.now())
    late = (transactions["date"] > ceiling).to_numpy()
    positions = np.flatnonzero(late)
    if positions.size:
        first = int(positions[0])
        day = transactions["date"].iloc[first].date()
        what = f"评估基准日 {limit.date()}" if limit is not None else f"今天（{ceiling.date()}）"
        hint = ("把 --as-of 改到最后一笔交易当天或之后，或者删掉基准日之后的交易"
                if limit is not None else "核对这一行的年份是否打错")
        more = f"（共 {positions.size} 行）" if positions.size > 1 else ""
        raise CrmkitError(f"交易日期 {day} 晚于{what}{more}",
                          file=transactions.attrs.get("file"),
                          row=int(transactions.index[first]),
                          column=transactions.attrs.get("columns", {}).get("date"), hint=hint)
    return limit


__all__ = ["Columns", "RawTable", "check_as_of", "classify_header", "load_transactions",
           "parse_amounts", "parse_date", "parse_dates", "read_table", "resolve_columns",
           "transactions_from"]
