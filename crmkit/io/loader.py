"""Read a learner's own transaction file (CSV or XLSX) into a clean table.

Customer managers export their files from core banking, a trading system or a
CRM, open them in Excel or WPS, and save them again. This module accepts what
those tools produce and refuses everything else with one Chinese message that
names the file, the row and the column and says what to do.

Row numbers in every message are the row numbers the learner sees in Excel or
WPS: the header is row 1 and the first data row is row 2 (title lines above the
header and blank lines count too, exactly as on screen).

What is accepted:

- files: .csv / .txt / .tsv (text), .xlsx / .xlsm (Excel) and legacy .xls; in a
  workbook, the first sheet whose header has a customer, a date and an amount (or
  the one ``--sheet`` names); a password-protected workbook is named as such;
- what exports add: total and subtotal lines (skipped and checked against the rows),
  a currency column (one currency, or ``--currency``), debit and credit columns
  (``--flow``), amounts that write their own unit (3.5万, 500元);
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

import re
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd

from crmkit.errors import CrmkitError
from crmkit.io.columns import Columns, resolve_columns
from crmkit.io.headers import (
    CURRENCY_NAMES,
    FLOWS,
    ROLES,
    TOTAL_WORDS,
    classify_header,
    total_marker,
)
from crmkit.io.progress import finish, progress_bar, wants_progress
from crmkit.io.table import RawTable, read_table
from crmkit.io.values import (
    _amount_problem,
    _date_problem,
    cell_text,
    factorize_text,
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
    raise raw.error(message, row=int(values.index[first]), column=column, hint=hint)


def transactions_from(raw: RawTable, columns: Columns, progress: bool | None = None,
                      currency: str | None = None) -> pd.DataFrame:
    """Check every value of the three role columns and build the clean table."""
    frame = raw.frame
    positions = {role: columns.index[role] for role in ROLES}
    if columns.currency is not None:
        positions["currency"] = columns.currency
    if columns.flow == "both":
        positions["debit"], positions["credit"] = columns.debit[0], columns.credit[0]
    text = {role: frame[position] for role, position in positions.items()}
    if raw.kind == "xlsx":
        text = {role: values.map(cell_text) for role, values in text.items()}
    names = columns.names

    # each distinct id and date is handled once; the codes travel with the cells, so the
    # rows left out below leave theirs out too
    coded = {role: factorize_text(text[role]) for role in ("customer_id", "date")}
    totals = total_lines(raw, columns, text, {columns.index[role]: found
                                              for role, found in coded.items()})
    for role, (codes, _) in coded.items():
        text[f"{role}_code"] = pd.Series(codes, index=text[role].index)
    if totals.any():
        text = _rows_kept(text, ~totals)
    text, flow_note = _one_flow(raw, columns, text)
    text, currency_note = _one_currency(raw, columns, text, currency)
    customer = _customers(text.pop("customer_id_code").to_numpy(), coded["customer_id"][1])
    date_codes = text.pop("date_code").to_numpy()
    _first_problem(raw, customer.isna(), text["customer_id"], names["customer_id"],
                   lambda _: ("客户号是空的", "补上客户号；如果这一行不是交易记录，就删掉它"))

    n = len(customer)
    # each column in one pass (a date repeats thousands of times: it is parsed once);
    # the bar counts rows: half-way after the amounts, full after the dates
    bar = progress_bar(n, "检查金额和日期", enabled=wants_progress(n, progress))
    amount, amount_bad = _amounts(raw, columns, text)
    bar.update(n // 2)
    when, date_bad = parse_dates(text["date"], coded=(date_codes, coded["date"][1]))
    finish(bar)
    _first_problem(raw, amount_bad.to_numpy(), text["amount"], names["amount"],
                   lambda v: _amount_problem(v, columns.unit))
    _first_problem(raw, date_bad.to_numpy(), text["date"], names["date"], _date_problem)
    if not (amount > 0).any():
        raise raw.error("所有金额都是零或负数，算不出客户的交易金额", column=names["amount"],
                        hint="如果导出的是支出流水，请把金额改成正数；退款要和原交易放在同一个文件里")
    clean = pd.DataFrame({"customer_id": customer, "date": when.to_numpy(),
                          "amount": amount.to_numpy()},
                         index=pd.Index(text["customer_id"].index.to_numpy(), name="row"))
    clean.attrs.update({
        "file": raw.file, "columns": dict(names), "amount_unit": columns.unit,
        "rows_read": n, "header_row": raw.header_row, "encoding": raw.encoding,
        "delimiter": raw.delimiter, "sheet": raw.sheet, "masked": False,
        "total_lines": check_totals(raw, columns, totals, clean["amount"]),
        "flow": flow_note, "currency": currency_note, "sheets": raw.sheets,
    })
    return clean


def _customers(codes: np.ndarray, texts: np.ndarray) -> pd.Categorical:
    """The customer of each row kept, from the codes of its cell (see factorize_text).

    A categorical, in order of first appearance: scoring groups by its codes instead of
    hashing two million ids again. Spaces around an id do not make another customer, an
    empty id is missing (NaN), and an id seen only on rows left out (a 合计 line) is no
    category.
    """
    stripped = pd.Series(texts, dtype=object).str.strip()
    merged, ids = pd.factorize(stripped.where(stripped != "").to_numpy(dtype=object))
    rows = merged[codes]
    used = np.bincount(rows[rows >= 0], minlength=len(ids)) > 0
    if not used.all():
        renumber = np.cumsum(used) - 1
        rows = np.where(rows >= 0, renumber[rows], -1)
        ids = ids[used]
    return pd.Categorical.from_codes(rows, categories=pd.Index(ids, dtype=object))


def _rows_kept(text: dict[str, pd.Series], keep: np.ndarray) -> dict[str, pd.Series]:
    """Each column's cells in the rows kept. When the rows left out all come last, as a
    合计 line at the bottom does, the columns are sliced, not copied: on a two-million-row
    file that saves a third of a second."""
    n = int(keep.sum())
    if keep[:n].all():
        return {role: values.iloc[:n] for role, values in text.items()}
    return {role: values[keep] for role, values in text.items()}


def _blank(values: pd.Series) -> pd.Series:
    return values.fillna("").astype(str).str.strip() == ""


def _one_flow(raw: RawTable, columns: Columns, text: dict) -> tuple[dict, dict | None]:
    """With --flow 贷方 or 借方, the rows whose chosen column is empty are the other
    direction's entries: leave them out (and count them)."""
    if columns.flow is None:
        return text, None
    side = columns.credit if columns.flow != "debit" else columns.debit
    note = {"flow": columns.flow, "debit": columns.debit[1], "credit": columns.credit[1],
            "skipped": 0}
    if columns.flow in ("credit", "debit"):
        empty = _blank(text["amount"]).to_numpy()
        note["skipped"] = int(empty.sum())
        if empty.all():
            raise raw.error(f"“{side[1]}”这一列全是空的，按 --flow 的口径没有一笔交易",
                            column=side[1], hint="换一个 --flow 口径，或检查导出的是不是这一列")
        text = _rows_kept(text, ~empty)
    return text, note


def _amounts(raw: RawTable, columns: Columns, text: dict) -> tuple[pd.Series, pd.Series]:
    """The amounts in 元 and their bad mask; with --flow 双向 the sum of the debit and
    credit cells (an empty cell counts as 0, both empty is a missing amount)."""
    if columns.flow != "both":
        return parse_amounts(text["amount"], columns.unit)
    total, bad = None, None
    empty_both = None
    for role, side in (("debit", columns.debit), ("credit", columns.credit)):
        cells = text[role]
        empty = _blank(cells)
        value, wrong = parse_amounts(cells.where(~empty, "0"), side[2])
        _first_problem(raw, (wrong & ~empty).to_numpy(), cells, side[1],
                       lambda v, unit=side[2]: _amount_problem(v, unit))
        total = value if total is None else total + value
        empty_both = empty if empty_both is None else empty_both & empty
    bad = empty_both
    return total, bad


def _currency_name(cell: object) -> str:
    text = unicodedata.normalize("NFKC", "" if cell is None else str(cell)).strip()
    return CURRENCY_NAMES.get(text.lower(), text) or "（未填）"


def _one_currency(raw: RawTable, columns: Columns, text: dict, wanted: str | None
                  ) -> tuple[dict, dict | None]:
    """Amounts in different currencies are never added up: a file with a currency column
    must hold only 人民币, or ``--currency`` picks the one to score (the rest is counted)."""
    if columns.currency is None:
        if wanted is not None:
            raise raw.error("文件里没有币种列，不需要 --currency", hint="去掉 --currency 再试")
        return text, None
    header = raw.header[columns.currency]
    codes, uniques = factorize_text(text["currency"])
    kinds = pd.Series(np.array([_currency_name(u) for u in uniques], dtype=object)[codes],
                      index=text["currency"].index)
    counts = kinds.value_counts(sort=False)
    if wanted is None:
        if list(counts.index) == ["人民币"]:
            return text, {"kept": "人民币", "skipped": {}}
        listed = "；".join(
            f"{name} {count:,} 笔（{_rows_text(kinds.index[kinds == name].tolist(), 3)}）"
            for name, count in counts.items())
        first = int(kinds.index[kinds != "人民币"][0])
        message = (f"“{header}”列里有 {len(counts)} 种币种：{listed}。不同币种的金额不能直接相加"
                   if len(counts) > 1 else f"“{header}”列的币种是{counts.index[0]}，不是人民币")
        pick = "人民币" if "人民币" in counts else counts.index[0]
        raise raw.error(message, row=first, column=header,
                        hint=f"用 --currency {pick} 只给一种币种的交易评分"
                             "（报告会注明其余的笔数），或先把外币折算成人民币，再删掉“币种”列")
    chosen = _currency_name(wanted)
    if chosen not in counts:
        raise raw.error(f"“{header}”列里没有{chosen}的交易", column=header,
                        hint=f"文件里的币种有：{'、'.join(counts.index)}；"
                             "--currency 后面写其中一个")
    keep = (kinds == chosen).to_numpy()
    text = _rows_kept(text, keep)
    skipped = {name: int(count) for name, count in counts.items() if name != chosen}
    return text, {"kept": chosen, "skipped": skipped}


_MAY_TOTAL = re.compile(r"计|total|ｔｏｔａｌ", re.I)


def total_lines(raw: RawTable, columns: Columns, text: dict[str, pd.Series],
                coded: dict[int, tuple[np.ndarray, np.ndarray]] | None = None) -> np.ndarray:
    """Rows that are total or subtotal lines, not transactions (a mask over ``raw.frame``).

    Exports add them at the bottom (合计, 总计) or after each customer's rows (小计). A
    row is one when its customer cell is such a word, or when any cell starts with one
    and the row has no date (so a customer called 合计科技 with a date stays a sale).
    """
    frame = raw.frame
    marked = np.zeros(len(frame), dtype=bool)
    money = {columns.index.get("amount")} | {side[0] for side in (columns.debit, columns.credit)
                                              if side}
    for position in frame.columns:
        if position in money:  # a total's word sits beside its amount, never in it
            continue
        cells = frame[position]
        if coded and position in coded:
            codes, uniques = coded[position]  # already factorized by the caller
        else:
            codes, uniques = factorize_text(cells.map(cell_text) if raw.kind == "xlsx"
                                            else cells)  # an empty cell is "": never a marker
        # a cheap look for the words first: a million distinct amounts hold none of them
        hits = np.fromiter((isinstance(u, str) and _MAY_TOTAL.search(u) is not None
                            and total_marker(u) is not None for u in uniques),
                           dtype=bool, count=len(uniques))
        if hits.any():
            marked |= hits[codes]
    if not marked.any():
        return marked
    rows = np.flatnonzero(marked)  # only the marked rows need a closer look
    customer_key = (text["customer_id"].iloc[rows].fillna("").astype(str).str.normalize("NFKC")
                    .str.lower().str.replace(r"[\s_\-.:：]+", "", regex=True))
    _, undated = parse_dates(text["date"].iloc[rows])
    total = np.zeros(len(frame), dtype=bool)
    total[rows] = customer_key.isin(TOTAL_WORDS).to_numpy() | undated.to_numpy()
    return total


def check_totals(raw: RawTable, columns: Columns, totals: np.ndarray,
                 amounts: pd.Series) -> list[dict]:
    """Each skipped line, and whether its amount matches the transactions it sums up.

    The last total line (合计/总计) after all transactions is checked against every row
    read; a subtotal (小计, or an earlier total) against the rows since the line before
    it. A line without a readable amount is listed, not checked.
    """
    if not totals.any():
        return []
    frame = raw.frame
    rows = frame.index.to_numpy()
    text = frame[columns.index["amount"]]
    if raw.kind == "xlsx":
        text = text.map(cell_text)
    given, bad = parse_amounts(text[totals], columns.unit)
    lines, start = [], None
    total_rows = rows[totals]
    last_data = amounts.index.max() if len(amounts) else -1
    for k, row in enumerate(total_rows):
        cells = [cell_text(c) for c in frame.loc[row]]
        kind = next((m for m in map(total_marker, cells) if m), "合计")
        grand = k == len(total_rows) - 1 and row > last_data and kind == "合计"
        covered = amounts if grand else amounts[(amounts.index > (start or 0))
                                               & (amounts.index < row)]
        start = row
        line = {"row": int(row), "kind": "合计" if grand else "小计",
                "label": next((c for c in cells if total_marker(c)), kind), "rows": len(covered),
                "read": float(covered.sum()), "given": None, "ok": None}
        if not bad.iloc[k]:
            line["given"] = float(given.iloc[k])
            slack = 0.005 * columns.factor + 1e-9 * abs(line["read"])  # half a cent of the unit
            line["ok"] = bool(abs(line["given"] - line["read"]) <= slack)
        lines.append(line)
    return lines


def load_transactions(path: str | Path, *, mask: bool = False, salt: str | None = None,
                      progress: bool | None = None, sheet: str | None = None,
                      currency: str | None = None, flow: str | None = None) -> pd.DataFrame:
    """Read a learner's transaction file into customer_id, date, amount (float, 元).

    customer_id is a categorical of the ids (text), in order of first appearance.

    The index holds each transaction's Excel row number (header = row 1, first
    data row = row 2), so later checks can still name the row. ``attrs`` records
    the file name, which original column became which role (``attrs["columns"]``),
    the header's amount unit, the rows read and the encoding.

    mask=True masks personal data on the way in (see :mod:`crmkit.io.mask`):
    names used as the customer key become stable pseudonyms, so scoring still
    groups each customer's transactions. The file on disk is never changed.
    Negative amounts (refunds) are kept and later netted; a file with no positive
    amount at all is refused. Every problem raises CrmkitError.

    What real exports add is handled too: total and subtotal lines are skipped and
    checked against the rows (``attrs["total_lines"]``); ``sheet`` picks a workbook's
    sheet; ``currency`` scores one currency of a multi-currency file; ``flow`` (贷方,
    借方 or 双向) makes the amount of a statement with separate debit and credit columns.
    """
    if flow is not None and flow not in FLOWS:
        raise CrmkitError(f"--flow 没有“{flow}”这个口径", hint="可选：贷方、借方、双向")
    raw = read_table(path, progress, sheet=sheet, numbers=True)
    columns = resolve_columns(raw, flow=None if flow is None else FLOWS[flow])
    if mask:
        from crmkit.io.mask import DEFAULT_SALT, mask_table

        raw = mask_table(raw, columns, DEFAULT_SALT if salt is None else salt).table
    clean = transactions_from(raw, columns, progress, currency=currency)
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


def _rows_text(rows: list[int], most: int = 8) -> str:
    shown = "、".join(str(r) for r in rows[:most])
    return f"第 {shown} 行{'等' if len(rows) > most else ''}"


FLOW_TEXT = {"credit": "只算贷方（转入、收入）", "debit": "只算借方（转出、支出）",
             "both": "借方和贷方相加（客户的往来总额）"}


def read_notes(transactions: pd.DataFrame) -> list[tuple[str, str, bool]]:
    """How the file was read where an export needed a decision (sheet, currency, debit and
    credit, total lines), as (item, text, is_a_problem) for the report's overview and the
    command's output."""
    attrs = transactions.attrs
    notes = []
    sheets = attrs.get("sheets") or []
    if len(sheets) > 1:
        notes.append(("工作表", f"读取的是“{attrs.get('sheet')}”（工作簿里共 {len(sheets)} "
                                f"个工作表：{'、'.join(sheets)}；要读别的工作表，用 --sheet 指定）",
                      False))
    flow = attrs.get("flow")
    if flow:
        skipped = (f"；另一方向的 {flow['skipped']:,} 笔没有计入" if flow["skipped"] else "")
        notes.append(("金额口径", f"金额分在“{flow['debit']}”和“{flow['credit']}”两列，"
                                  f"按 --flow {FLOW_TEXT[flow['flow']]}{skipped}", False))
    currency = attrs.get("currency")
    if currency:
        others = "、".join(f"{name} {count:,} 笔" for name, count in currency["skipped"].items())
        text = f"只计入币种为{currency['kept']}的交易" + (f"；{others}没有计入（不同币种不能相加）"
                                                     if others else "")
        if currency["kept"] != "人民币":
            text += (f"。金额按原币（{currency['kept']}）计，报告里的“元”指"
                     f"{currency['kept']}，未折算")
        notes.append(("币种", text, False))
    return notes + _total_notes(attrs.get("total_lines") or [])


def _total_notes(lines: list[dict]) -> list[tuple[str, str, bool]]:
    if not lines:
        return []
    notes = [("跳过的合计、小计行", f"{_rows_text([x['row'] for x in lines])}"
                                   f"（共 {len(lines)} 行，不算作交易）", False)]
    for line in lines:
        where = f"第 {line['row']} 行“{line['label']}”"
        what = "合计核对" if line["kind"] == "合计" else "小计核对"
        if line["given"] is None:
            if line["kind"] == "合计":
                notes.append((what, f"{where}没有可读的金额，无法核对文件是否完整", False))
            continue
        if line["ok"]:
            if line["kind"] == "合计":
                notes.append((what, f"{where} {line['given']:,.2f} 元，与读入的 {line['rows']:,} "
                                    "笔交易之和一致，文件是完整的", False))
            continue
        gap = abs(line["given"] - line["read"])
        notes.append((what, f"{where}写的是 {line['given']:,.2f} 元，而读入的 {line['rows']:,} 笔"
                            f"交易之和是 {line['read']:,.2f} 元，相差 {gap:,.2f} 元："
                            "文件可能不完整，或者有交易行被删改，请和原系统核对", True))
    subtotals = [x for x in lines if x["kind"] == "小计" and x["ok"]]
    if subtotals:
        notes.append(("小计核对", f"{len(subtotals)} 个小计都与各自那一组交易之和一致", False))
    return notes
