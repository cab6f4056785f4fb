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

import calendar
import csv
import functools
import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

import numpy as np
import pandas as pd

from crmkit.errors import CrmkitError
from crmkit.io.progress import Progress, wants_progress

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
HEADER_SEARCH_ROWS = 10
CHUNK_ROWS = 20_000

CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}

SAVE_AS_UTF8 = "用 Excel 或 WPS 打开后“另存为”CSV UTF-8（逗号分隔）文件，或另存为 .xlsx"
DATE_FORMATS = "请写成 2024-03-05、2024/3/5 或 2024年3月5日 这样的格式"


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


@dataclass
class RawTable:
    """A file as read, before any checking of values.

    ``frame`` holds the non-blank data rows, exactly as wide as the header, indexed
    by the Excel row number of each row; cells are text for CSV and Excel's own
    values (numbers, datetimes, text, None) for XLSX. ``preamble`` keeps the lines
    above the header (a title, say), so a masked copy can keep them.
    """

    file: str
    kind: str
    header: list[str]
    header_row: int
    frame: pd.DataFrame
    preamble: list[list[object]] = field(default_factory=list)
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None

    @property
    def rows(self) -> list[int]:
        """The Excel row number of each data row."""
        return self.frame.index.tolist()

    @property
    def records(self) -> list[list[object]]:
        """The data rows as lists (for writing a file back out)."""
        return self.frame.astype(object).where(self.frame.notna(), None).to_numpy().tolist()

    def error(self, message: str, row: int | None = None, column: str | None = None,
              hint: str | None = None) -> CrmkitError:
        return CrmkitError(message, file=self.file, row=row, column=column, hint=hint)


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


# ---------------------------------------------------------------- reading a file


def read_table(path: str | Path, progress: bool | None = None) -> RawTable:
    """Read a CSV or XLSX file into a :class:`RawTable`; the file itself is only read.

    Raises CrmkitError for a missing, empty, undecodable or mis-shaped file.
    """
    path = Path(path)
    file = path.name
    if not path.exists():
        raise CrmkitError("找不到这个文件", file=str(path),
                          hint="检查文件名和所在文件夹，文件名里有空格时请给整个路径加上英文引号")
    if path.is_dir():
        raise CrmkitError("这是一个文件夹，不是文件", file=str(path),
                          hint="请给出文件夹里那个交易流水文件的完整文件名")
    data = path.read_bytes()
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise CrmkitError("这是旧版 Excel（.xls）文件，读不了", file=file,
                          hint="用 Excel 或 WPS 打开后另存为 .xlsx 工作簿或 CSV UTF-8 文件")
    if suffix not in CSV_SUFFIXES | XLSX_SUFFIXES:
        raise CrmkitError(f"不支持扩展名为“{path.suffix or '（无）'}”的文件", file=file,
                          hint="只支持 .csv 文本文件和 .xlsx 工作簿：" + SAVE_AS_UTF8)
    if not data.strip():
        raise CrmkitError("文件是空的，里面没有任何内容", file=file,
                          hint="确认导出时选中了数据；重新导出一次，或换一个文件")
    if suffix in XLSX_SUFFIXES:
        return _read_xlsx(data, file, progress)
    if data.startswith(b"PK\x03\x04"):
        raise CrmkitError("这其实是一个 Excel 工作簿，只是扩展名写成了 .csv", file=file,
                          hint="把文件扩展名改成 .xlsx 后再试")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise CrmkitError("这是旧版 Excel（.xls）或加了密码的文件，不是 CSV 文本", file=file,
                          hint="用 Excel 或 WPS 打开，取消密码后"
                               "另存为 CSV UTF-8 文件或 .xlsx 工作簿")
    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CrmkitError("这一行有二进制的空字符，这个文件看起来不是普通的文本文件", file=file,
                          row=_line_of(data, data.index(b"\x00")),
                          hint="如果它是 Excel 另存的“Unicode 文本”或别的程序导出的文件，"
                               "请用 Excel 或 WPS 打开后另存为 CSV UTF-8（逗号分隔）文件")
    return _read_csv(data, file, progress)


def _line_of(data: bytes, position: int) -> int:
    return data.count(b"\n", 0, position) + 1


def _decode(data: bytes, file: str) -> tuple[str, str]:
    """UTF-16 with BOM, then utf-8-sig, utf-8 and gb18030 (a superset of GBK)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise CrmkitError("文件里有无法识别的字符（UTF-16 编码损坏）", file=file,
                              hint=SAVE_AS_UTF8) from None
    failures = {}
    for encoding in ("utf-8-sig", "utf-8"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as err:
            failures[encoding] = err.start
            continue
        return text, "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
    utf8_prefix = data[:failures["utf-8"]].decode("utf-8", errors="replace")
    if re.search(r"[\u4e00-\u9fff]", utf8_prefix):
        # Chinese already read correctly as UTF-8: a UTF-8 file with a damaged byte.
        raise CrmkitError("这一行有无法识别的字符：文件是 UTF-8 编码，但这里有一个损坏的字节",
                          file=file, row=_line_of(data, failures["utf-8"]),
                          hint="在 Excel 或记事本里打开，找到这一行的乱码，"
                               "改正或删掉后另存为 CSV UTF-8")
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as err:
        raise CrmkitError("这一行有无法识别的字符：文件既不是 UTF-8 编码，也不是 GBK/GB18030 编码",
                          file=file, row=_line_of(data, err.start),
                          hint="这一行可能有乱码或文件已损坏；" + SAVE_AS_UTF8) from None


def _sniff_delimiter(text: str) -> str:
    """Comma, tab or semicolon: the one that splits the first lines most consistently.

    Each candidate scores the number of lines with its most common non-zero count,
    so a semicolon inside one data cell cannot outvote the commas of every line.
    Ties go to the higher count, then to the order comma, tab, semicolon.
    """
    head = text[:65536].splitlines()[:50]
    lines = [line for line in head if line.strip()][:HEADER_SEARCH_ROWS]
    best, best_key = ",", (0, 0)
    for delimiter in (",", "\t", ";"):
        counts = [line.count(delimiter) for line in lines if line.count(delimiter)]
        if not counts:
            continue
        usual = max(set(counts), key=lambda c: (counts.count(c), c))
        key = (counts.count(usual), usual)
        if key > best_key:
            best, best_key = delimiter, key
    return best


def _is_blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _csv_records(text: str, delimiter: str, file: str, progress: bool | None) -> pd.DataFrame:
    """Every record of the text as a table of strings, one row per record (blank ones too).

    The C parser of pandas reads a clean file fast; a file it refuses (a row with
    more fields than the first line, a quote left open) is read again record by
    record with the csv module, which says where the problem is.
    """
    total = text.count("\n") + 1
    bar = Progress(total, "读取", enabled=wants_progress(total, progress))
    try:
        table = pd.read_csv(io.StringIO(text), sep=delimiter, header=None, dtype=str,
                            na_filter=False, skip_blank_lines=False, skipinitialspace=True,
                            engine="c")
        bar.close()
        return table.astype(object)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError):
        pass
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True,
                        skipinitialspace=True)
    records: list[list[str]] = []
    try:
        for record in reader:
            records.append(record)
            if len(records) % CHUNK_ROWS == 0:
                bar.update(CHUNK_ROWS)
    except csv.Error:
        bar.close()
        raise CrmkitError("这一行的英文双引号没有配对，读不下去了", file=file,
                          row=len(records) + 1,
                          hint="检查这一行的引号：引号要成对出现；单元格里本身的引号要写成两个（\"\"）"
                          ) from None
    bar.close()
    width = max(map(len, records), default=0)
    return pd.DataFrame([r + [""] * (width - len(r)) for r in records], dtype=object)


def _read_csv(data: bytes, file: str, progress: bool | None) -> RawTable:
    text, encoding = _decode(data, file)
    delimiter = _sniff_delimiter(text)
    table = _csv_records(text, delimiter, file, progress)
    blank = table.eq("").to_numpy()  # spaces after a delimiter are skipped while reading
    raw, extra = _shape(table, blank, file, "csv")
    raw.encoding, raw.delimiter = encoding, delimiter
    if extra is not None:
        fields = int(np.flatnonzero(~extra[1])[-1]) + 1
        hint = ("金额里的千分位逗号会把一个数拆成两格：给这个金额加上"
                "英文双引号（\"1,234.50\"），或在 Excel 里打开后重新另存为 CSV"
                if delimiter == "," else "检查这一行是否多打了分隔符，或者表头少了一列")
        raise raw.error(f"这一行有 {fields} 个字段，比表头的 {len(raw.header)} 列多",
                        row=extra[0], hint=hint)
    return raw


def _read_xlsx(data: bytes, file: str, progress: bool | None) -> RawTable:
    import openpyxl  # only needed for .xlsx files

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any failure to open means "not a real workbook"
        raise CrmkitError("打不开这个 Excel 文件：它不是真正的 .xlsx 工作簿", file=file,
                          hint="它可能是改了扩展名的文本文件或已损坏：用 Excel 或 WPS 打开后"
                               "重新另存为 .xlsx；如果本来是 CSV，就把扩展名改回 .csv") from None
    try:
        sheets = list(book.worksheets)
        for sheet in sheets:
            expected = sheet.max_row or 0
            sheet.reset_dimensions()  # some writers record a wrong used range
            bar = Progress(expected, "读取", enabled=wants_progress(expected, progress))
            records = []
            for record in sheet.iter_rows(values_only=True):
                records.append(record)
                if len(records) % CHUNK_ROWS == 0:
                    bar.update(CHUNK_ROWS)
            bar.close()
            if any(not _is_blank(cell) for record in records for cell in record):
                label = file if len(sheets) == 1 else f"{file}（工作表“{sheet.title}”）"
                width = max(map(len, records))
                table = pd.DataFrame([(*r, *[None] * (width - len(r))) for r in records],
                                     dtype=object)
                blank = table.map(_is_blank).to_numpy()
                raw, _ = _shape(table, blank, label, "xlsx")  # cells right of the header:
                raw.sheet = sheet.title                      # notes, ignored
                return raw
    finally:
        book.close()
    raise CrmkitError("工作簿里的工作表都是空的，没有任何数据", file=file,
                      hint="确认数据是否保存在这个文件里；在 Excel 里打开看一看再另存")


def _shape(table: pd.DataFrame, blank: np.ndarray, file: str, kind: str
           ) -> tuple[RawTable, tuple[int, np.ndarray] | None]:
    """Find the header row; split the records into preamble, header and data rows.

    ``table`` has one row per record (record i is Excel row i + 1) and ``blank``
    marks its empty cells. Also returns the first data row with something right of
    the header (its Excel row and blank mask), or None.
    """
    filled = np.flatnonzero(~blank.all(axis=1))
    if filled.size == 0:
        raise CrmkitError("文件里只有空行，没有任何数据", file=file,
                          hint="确认导出时选中了数据；重新导出一次，或换一个文件")
    header_at = int(filled[0])
    for i in filled[:HEADER_SEARCH_ROWS]:
        roles = {classify_header(cell).role for cell in table.iloc[i]} - {None}
        if len(roles) >= 2:
            header_at = int(i)
            break
    header = ["" if _is_blank(cell) else str(cell).strip() for cell in table.iloc[header_at]]
    while header and not header[-1]:
        header.pop()
    width = len(header)
    data_at = filled[filled > header_at]
    if data_at.size == 0:
        raise CrmkitError("文件里只有表头，没有数据行", file=file, row=header_at + 1,
                          hint="确认导出时选中了交易记录，表头下面要有数据")
    beyond = ~blank[data_at, width:].all(axis=1) if blank.shape[1] > width else None
    extra = None
    if beyond is not None and beyond.any():
        first = int(data_at[np.flatnonzero(beyond)[0]])
        extra = (first + 1, blank[first])
    frame = table.iloc[data_at, :width].copy()
    frame.columns = range(width)
    frame.index = pd.Index(data_at + 1, name="row")
    preamble = []
    for i in filled[filled < header_at]:
        cells = list(table.iloc[i])
        while cells and _is_blank(cells[-1]):
            cells.pop()
        preamble.append(cells)
    return RawTable(file=file, kind=kind, header=header, header_row=header_at + 1,
                    frame=frame, preamble=preamble), extra


# ---------------------------------------------------------------- columns


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


# ---------------------------------------------------------------- values


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


def _each_distinct(parse):
    """Parse every distinct text once and spread the results back over the rows.

    A transaction list repeats the same dates (and many amounts) thousands of
    times, so a million rows cost the parsing of a few thousand strings.
    """
    @functools.wraps(parse)
    def wrapper(values: pd.Series, *args) -> tuple[pd.Series, pd.Series]:
        codes, uniques = pd.factorize(values.fillna("").astype(str))
        parsed, bad = parse(pd.Series(uniques, dtype=object), *args)
        return (pd.Series(parsed.to_numpy()[codes], index=values.index),
                pd.Series(bad.to_numpy()[codes], index=values.index))
    return wrapper


@_each_distinct
def parse_amounts(values: pd.Series, unit: str = "元") -> tuple[pd.Series, pd.Series]:
    """Amount text → float in 元, plus a mask of cells that are not a valid amount.

    A unit written in a cell (12.5万元) must be the header's unit; a header without a
    unit means 元. Thousands separators must sit every three digits, so a decimal
    comma such as 1,5 is refused rather than silently read as 15.
    """
    plain = pd.to_numeric(values, errors="coerce")  # fast path: 1234.5, -200, 1e3
    amount = plain.where(np.isfinite(plain)).astype(float)  # 1e400 → inf is not an amount
    bad = pd.Series(False, index=values.index)
    rest = amount.isna()
    if rest.any():  # the slow path only for cells with separators, ￥, 元, brackets …
        amount[rest], bad[rest] = _amount_text(values[rest], unit)
    factor = UNIT_FACTORS[unit]
    if factor != 1.0:  # round away float noise: 1.15 × 10,000 = 11,499.999999999998
        amount = (amount * factor).round(6)
    return amount, bad


def _amount_text(values: pd.Series, unit: str) -> tuple[pd.Series, pd.Series]:
    """Amounts written the way people write them, in the header's unit, and a bad mask."""
    text = _clean_text(values)
    paren = text.str.fullmatch(r"\(.*\)")
    text = text.mask(paren, text.str.slice(1, -1))
    parts = text.str.extract(_AMOUNT_RE)
    cell_unit = parts["unit"].replace(UNIT_NAMES)
    same_unit = cell_unit.isna() | (cell_unit == unit)
    number = pd.to_numeric(parts["num"].str.replace(",", "", regex=False)
                           + parts["exp"].fillna(""), errors="coerce").astype(float)
    negative = paren | (parts[["sign", "sign2", "sign3"]] == "-").any(axis=1)
    amount = number.where(~negative, -number)
    bad = (amount.isna() | ~same_unit | ~np.isfinite(amount.fillna(0.0))).fillna(True)
    return amount.where(~bad).to_numpy(), bad.astype(bool).to_numpy()


def _amount_problem(raw: object, unit: str) -> tuple[str, str]:
    text = "" if raw is None else str(raw).strip()
    clean = _clean_text(pd.Series([text])).iloc[0]
    usual = ("只填数字，可以带千分位逗号、￥ 符号或“元”字，例如 1,234.50；退款写成负数，例如 -500"
             if unit == "元" else
             f"只填数字，单位（{unit}）已经写在表头里，例如 12.5；退款写成负数，例如 -0.5")
    if not clean:
        return "金额是空的", "填上金额；如果这笔交易作废了，就删掉这一行"
    if clean.count(".") > 1:
        return f"金额“{text}”里有不止一个小数点", "只保留一个小数点，例如 1234.50"
    match = _AMOUNT_RE.match(clean.strip("()"))
    if match and match.group("unit"):
        cell_unit = UNIT_NAMES.get(match.group("unit"), match.group("unit"))
        return (f"金额“{text}”带的单位“{cell_unit}”和表头的单位“{unit}”不一致",
                "整列金额统一成一个单位，并把单位写进表头，例如 金额(万元)，单元格里只填数字")
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


# ---------------------------------------------------------------- the clean table


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
