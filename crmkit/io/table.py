"""Reading a learner's file as it is (CSV or XLSX, encoding, delimiter, header row),
before any value is checked: :func:`read_table` gives a :class:`RawTable`."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from crmkit.errors import CrmkitError
from crmkit.io.headers import classify_header, core_roles
from crmkit.io.progress import finish, progress_bar, wants_progress

HEADER_SEARCH_ROWS = 10
CHUNK_ROWS = 20_000

CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
XLS_SUFFIXES = {".xls"}
# Legacy .xls workbooks and password-protected .xlsx files are both OLE compound files.
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
REMOVE_PASSWORD = ("请在 Excel 里打开它（要输入密码），点“文件”→“信息”→“保护工作簿”→"
                   "“用密码进行加密”，清空密码后保存；WPS 里是“文件”→“文档加密”→"
                   "“密码加密”，删掉打开密码后保存。然后再用这个文件")

SAVE_AS_UTF8 = "用 Excel 或 WPS 打开后“另存为”CSV UTF-8（逗号分隔）文件，或另存为 .xlsx"

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
    preamble_rows: list[int] = field(default_factory=list)  # their Excel row numbers
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    sheets: list[str] = field(default_factory=list)

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





def read_table(path: str | Path, progress: bool | None = None, sheet: str | None = None,
               every: bool = False, numbers: bool = False):
    """Read a CSV, XLSX or legacy XLS file into a :class:`RawTable`; the file is only read.

    In a workbook, ``sheet`` names the sheet to read; without it, the first sheet whose
    header has a customer, a date and an amount column (a notes sheet often comes first).
    every=True (masking, where nothing may be lost) gives a list with one table per sheet
    that holds anything; a text file gives a list of one. numbers=True (scoring) lets a
    clean CSV's amount column arrive as numbers (see :func:`_read_csv_fast`).
    Raises CrmkitError for a missing, empty, encrypted, undecodable or mis-shaped file.
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
    if data.startswith(OLE_MAGIC) and _encrypted(data):
        raise CrmkitError("这个 Excel 文件设了打开密码（已加密），程序读不了里面的内容", file=file,
                          hint=REMOVE_PASSWORD)
    if suffix not in CSV_SUFFIXES | XLSX_SUFFIXES | XLS_SUFFIXES:
        raise CrmkitError(f"不支持扩展名为“{path.suffix or '（无）'}”的文件", file=file,
                          hint="只支持 .csv 文本文件和 .xlsx 工作簿：" + SAVE_AS_UTF8)
    if not data.strip():
        raise CrmkitError("文件是空的，里面没有任何内容", file=file,
                          hint="确认导出时选中了数据；重新导出一次，或换一个文件")
    if sheet is not None and suffix not in XLSX_SUFFIXES | XLS_SUFFIXES:
        raise CrmkitError("只有 Excel 工作簿才有工作表，这个文件不用指定 --sheet", file=file,
                          hint="去掉 --sheet 再试")
    if suffix in XLS_SUFFIXES:
        if not data.startswith(OLE_MAGIC):
            raise CrmkitError("扩展名是 .xls，内容却不是旧版 Excel 工作簿", file=file,
                              hint="它可能是改了扩展名的 .xlsx 或 CSV 文件：按实际格式改回扩展名，"
                                   "或用 Excel、WPS 打开后另存为 .xlsx")
        return _read_xls(data, file, progress, sheet, every)
    if suffix in XLSX_SUFFIXES:
        if data.startswith(OLE_MAGIC):
            raise CrmkitError("这是旧版 Excel（.xls）工作簿，只是扩展名写成了 .xlsx", file=file,
                              hint="把扩展名改回 .xls 再试，或用 Excel、WPS 打开后另存为 .xlsx")
        return _read_xlsx(data, file, progress, sheet, every)
    if data.startswith(b"PK\x03\x04"):
        raise CrmkitError("这其实是一个 Excel 工作簿，只是扩展名写成了 .csv", file=file,
                          hint="把文件扩展名改成 .xlsx 后再试")
    if data.startswith(OLE_MAGIC):
        raise CrmkitError("这其实是一个旧版 Excel（.xls）工作簿，只是扩展名写成了文本文件的",
                          file=file, hint="把文件扩展名改成 .xls 后再试")
    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CrmkitError("这一行有二进制的空字符，这个文件看起来不是普通的文本文件", file=file,
                          row=_line_of(data, data.index(b"\x00")),
                          hint="如果它是 Excel 另存的“Unicode 文本”或别的程序导出的文件，"
                               "请用 Excel 或 WPS 打开后另存为 CSV UTF-8（逗号分隔）文件")
    raw = (numbers and not every and _read_csv_fast(data, file)) or _read_csv(data, file, progress)
    return [raw] if every else raw


def _encrypted(data: bytes) -> bool:
    """An OLE file holding an encrypted OOXML package: what Excel and WPS write for an .xlsx
    with a password to open. (An encrypted .xls is recognised when calamine refuses it.)"""
    names = ("EncryptedPackage", "EncryptionInfo")
    return any(n.encode("utf-16-le") in data for n in names)


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
    """Comma, tab or semicolon: the one that splits the first records most consistently.

    The records are read with the csv module, so a quoted cell holding a delimiter or a
    line break counts as one cell. Each candidate scores the number of records with its
    most common field count (more than one field), so a semicolon inside one data cell
    cannot outvote the commas of every record. Ties go to the higher field count, then
    to the order comma, tab, semicolon.
    """
    head = text[:65536]
    best, best_key = ",", (0, 0)
    for delimiter in (",", "\t", ";"):
        counts = []
        try:
            for record in csv.reader(io.StringIO(head, newline=""), delimiter=delimiter):
                if any(cell.strip() for cell in record):
                    counts.append(len(record))
                if len(counts) >= HEADER_SEARCH_ROWS:
                    break
        except csv.Error:
            continue
        counts = [c for c in counts if c > 1]
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
    bar = progress_bar(total, "读取", enabled=wants_progress(total, progress))
    try:
        table = pd.read_csv(io.StringIO(text), sep=delimiter, header=None, dtype=str,
                            na_filter=False, skip_blank_lines=False, skipinitialspace=True,
                            engine="c")
        finish(bar)
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
        finish(bar)
        raise CrmkitError("这一行的英文双引号没有配对，读不下去了", file=file,
                          row=len(records) + 1,
                          hint="检查这一行的引号：引号要成对出现；单元格里本身的引号要写成两个（\"\"）"
                          ) from None
    finish(bar)
    width = max(map(len, records), default=0)
    return pd.DataFrame([r + [""] * (width - len(r)) for r in records], dtype=object)


def _read_csv_fast(data: bytes, file: str) -> RawTable | None:
    """A clean export read the quick way, or None to read it cell by cell as text.

    Most system exports are clean: no quotes, one amount column of plain numbers, no
    field beyond the header. pandas then parses the amounts as numbers in C, which is
    most of the time a million-row file takes. Anything else (a quote, 1,234.50, a unit
    in a cell, an extra field, a blank line in the head) returns None, and the careful
    reader finds the problem and names its row.
    """
    text, encoding = _decode(data, file)
    if '"' in text:
        return None
    delimiter = _sniff_delimiter(text)
    head = [line.split(delimiter) for line in text[:65536].splitlines()[:HEADER_SEARCH_ROWS + 2]]
    width = max(map(len, head), default=0)
    table = pd.DataFrame([r + [""] * (width - len(r)) for r in head], dtype=object)
    blank = table.eq("").to_numpy()
    try:
        top, _ = _shape(table, blank, file, "csv")
    except CrmkitError:
        return None
    amount = [i for i, name in enumerate(top.header) if classify_header(name).role == "amount"]
    if len(amount) != 1 or blank[:top.header_row].all(axis=1).any():
        return None
    codec = {"utf-8-sig": "utf-8-sig", "utf-8": "utf-8", "gb18030": "gb18030",
             "utf-16": "utf-16"}[encoding]
    try:
        frame = pd.read_csv(io.BytesIO(data), sep=delimiter, header=None, encoding=codec,
                            skiprows=top.header_row, names=range(width), index_col=False,
                            engine="c", skip_blank_lines=False,
                            skipinitialspace=True, keep_default_na=False,
                            na_values={amount[0]: [""]}, quoting=csv.QUOTE_NONE,
                            dtype={**{i: object for i in range(width)}, amount[0]: "float64"})
    except (ValueError, pd.errors.ParserError, UnicodeDecodeError):
        return None
    size = len(top.header)
    if frame.shape[1] > size and not frame.iloc[:, size:].isin(["", np.nan]).all(axis=None):
        return None  # a field beyond the header: the careful reader names its row
    frame = frame.iloc[:, :size]
    filled = np.ones(len(frame), dtype=bool)
    no_amount = np.flatnonzero(frame[amount[0]].isna().to_numpy())  # a blank line has none
    if no_amount.size:
        rest = frame.iloc[no_amount].drop(columns=amount[0])
        filled[no_amount] = ~rest.eq("").all(axis=1).to_numpy()
        frame = frame[filled]
    frame.index = pd.Index(np.flatnonzero(filled) + top.header_row + 1, name="row")
    if frame.empty:
        return None
    return RawTable(file=file, kind="csv", header=top.header, header_row=top.header_row,
                    frame=frame, preamble=top.preamble,
                    preamble_rows=top.preamble_rows, encoding=encoding, delimiter=delimiter)


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


def _read_xlsx(data: bytes, file: str, progress: bool | None, sheet: str | None,
               every: bool = False):
    import openpyxl  # only needed for .xlsx files

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any failure to open means "not a real workbook"
        raise CrmkitError("打不开这个 Excel 文件：它不是真正的 .xlsx 工作簿", file=file,
                          hint="它可能是改了扩展名的文本文件或已损坏：用 Excel 或 WPS 打开后"
                               "重新另存为 .xlsx；如果本来是 CSV，就把扩展名改回 .csv") from None
    try:
        def rows_of(ws) -> list[tuple]:
            expected = ws.max_row or 0
            ws.reset_dimensions()  # some writers record a wrong used range
            bar = progress_bar(expected, "读取", enabled=wants_progress(expected, progress))
            records = []
            for record in ws.iter_rows(values_only=True):
                records.append(record)
                if len(records) % CHUNK_ROWS == 0:
                    bar.update(CHUNK_ROWS)
            finish(bar)
            return records

        return _pick_sheet(file, [(ws.title, lambda ws=ws: rows_of(ws)) for ws in book.worksheets],
                           sheet, "xlsx", every)
    finally:
        book.close()


def _read_xls(data: bytes, file: str, progress: bool | None, sheet: str | None,
              every: bool = False):
    """A legacy Excel 97-2003 workbook, read by python-calamine (dates come back as dates)."""
    try:
        from python_calamine import CalamineWorkbook
    except ImportError:  # pragma: no cover - installed with the kit; absent in the browser
        raise CrmkitError("这是旧版 Excel（.xls）文件，当前环境读不了", file=file,
                          hint="用 Excel 或 WPS 打开后另存为 .xlsx 工作簿或 CSV UTF-8 文件"
                          ) from None
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as err:  # noqa: BLE001 - calamine's errors are English
        if "password" in str(err).lower() or "encrypt" in str(err).lower():
            raise CrmkitError("这个 Excel 文件设了打开密码（已加密），程序读不了里面的内容",
                              file=file, hint=REMOVE_PASSWORD) from None
        raise CrmkitError("打不开这个旧版 Excel（.xls）文件，它可能已损坏", file=file,
                          hint="用 Excel 或 WPS 打开后另存为 .xlsx 工作簿或 CSV UTF-8 文件"
                          ) from None

    def rows_of(name: str) -> list[tuple]:
        rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        return [tuple(None if cell == "" else _xls_cell(cell) for cell in row) for row in rows]

    return _pick_sheet(file, [(name, lambda name=name: rows_of(name))
                              for name in book.sheet_names], sheet, "xlsx", every)


def _xls_cell(cell: object) -> object:
    """Calamine gives whole numbers as floats, as openpyxl does; dates as date/datetime."""
    if isinstance(cell, date) and not isinstance(cell, datetime):
        return datetime(cell.year, cell.month, cell.day)
    return cell


def _sheet_roles(table: pd.DataFrame, blank: np.ndarray) -> int:
    """How many of customer, date and amount the sheet's header row has (0–3)."""
    filled = np.flatnonzero(~blank.all(axis=1))[:HEADER_SEARCH_ROWS]
    return max((core_roles({classify_header(c).role for c in table.iloc[i]}) for i in filled),
               default=0)


def _sheet_table(records: list[tuple]) -> tuple[pd.DataFrame, np.ndarray] | None:
    """A sheet's records as a rectangular table and its blank mask; None for an empty sheet."""
    if not any(not _is_blank(cell) for record in records for cell in record):
        return None
    width = max(map(len, records))
    table = pd.DataFrame([(*r, *[None] * (width - len(r))) for r in records], dtype=object)
    return table, table.map(_is_blank).to_numpy()


def _every_sheet(file: str, sheets: list[tuple[str, object]], kind: str) -> list[RawTable]:
    """Each sheet that holds anything, as a table; a sheet of one line (a note) keeps it as
    its header with no data rows."""
    names = [name for name, _ in sheets]
    tables = []
    for name, read in sheets:
        found = _sheet_table(read())
        if found is None:
            continue
        table, blank = found
        label = f"{file}（工作表“{name}”）"
        filled = np.flatnonzero(~blank.all(axis=1))
        if filled.size == 1:
            cells = ["" if _is_blank(c) else str(c).strip() for c in table.iloc[filled[0]]]
            while cells and not cells[-1]:
                cells.pop()
            raw = RawTable(file=label, kind=kind, header=cells, header_row=int(filled[0]) + 1,
                           frame=pd.DataFrame(columns=range(len(cells)), dtype=object))
        else:
            raw, _ = _shape(table, blank, label, kind)
        raw.sheet, raw.sheets = name, names
        tables.append(raw)
    if not tables:
        raise CrmkitError("工作簿里的工作表都是空的，没有任何数据", file=file,
                          hint="确认数据是否保存在这个文件里；在 Excel 里打开看一看再另存")
    return tables


def _pick_sheet(file: str, sheets: list[tuple[str, object]], wanted: str | None,
                kind: str, every: bool = False):
    """The named sheet, or the first whose header has all three columns, or failing that the
    first with data (whose missing columns the caller then names); every=True: all of them."""
    names = [name for name, _ in sheets]
    if every and wanted is None:
        return _every_sheet(file, sheets, kind)
    if wanted is not None:
        if wanted not in names:
            raise CrmkitError(f"工作簿里没有名为“{wanted}”的工作表", file=file,
                              hint=f"这个工作簿的工作表有：{'、'.join(names)}；"
                                   "--sheet 后面写其中一个")
        sheets = [s for s in sheets if s[0] == wanted]
    candidates = []
    for name, read in sheets:
        found = _sheet_table(read())
        if found is None:
            continue
        table, blank = found
        candidates.append((name, table, blank))
        if wanted is not None or _sheet_roles(table, blank) == 3:
            break
    if not candidates:
        where = f"工作表“{wanted}”是空的" if wanted else "工作簿里的工作表都是空的"
        raise CrmkitError(f"{where}，没有任何数据", file=file,
                          hint="确认数据是否保存在这个文件里；在 Excel 里打开看一看再另存")
    name, table, blank = next((c for c in reversed(candidates)
                               if wanted is not None or _sheet_roles(c[1], c[2]) == 3),
                              candidates[0])
    label = file if len(names) == 1 else f"{file}（工作表“{name}”）"
    raw, _ = _shape(table, blank, label, kind)  # cells right of the header: notes, ignored
    raw.sheet = name
    raw.sheets = names
    return [raw] if every else raw


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
        if core_roles(roles) >= 2:
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
    above = filled[filled < header_at]
    preamble, preamble_rows = [], [int(i) + 1 for i in above]
    for i in above:
        cells = list(table.iloc[i])
        while cells and _is_blank(cells[-1]):
            cells.pop()
        preamble.append(cells)
    return RawTable(file=file, kind=kind, header=header, header_row=header_at + 1,
                    frame=frame, preamble=preamble, preamble_rows=preamble_rows), extra
