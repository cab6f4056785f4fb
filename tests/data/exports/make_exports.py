"""Write the corpus of real-export shapes that tests/unit/test_exports.py feeds to `crmkit score`.

Each file is shaped the way a core-banking system, a brokerage back office, Excel or
WPS really writes it (title lines, subtotals, a notes sheet, a legacy .xls, a password,
several currencies, debit and credit columns, units in the cells). The customers,
amounts and dates are made up; the outcome each file must give (the scored values, or
the message and exit status) is asserted in tests/unit/test_exports.py.

    python tests/data/exports/make_exports.py            # into this folder
    python tests/data/exports/make_exports.py OUT_DIR    # somewhere else

Two files need tools that are not part of the kit: the legacy workbook needs ``xlwt``
(the last writer of Excel 97-2003 files) and the encrypted one ``msoffcrypto-tool``;
``pip install xlwt msoffcrypto-tool`` in a scratch environment before re-creating them.
Without them the other files are still written. The encrypted file differs on every run
(encryption uses a random salt); every other file is byte-for-byte reproducible.
"""

from __future__ import annotations

import datetime
import io
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
STAMP = datetime.datetime(2025, 1, 2)
PASSWORD = "kit2025"

# Three corporate customers of a branch, three months of transactions (made up).
LEDGER = [
    ("C1001", "2024-10-08", 125000.00), ("C1001", "2024-11-12", 86000.00),
    ("C1001", "2024-12-20", 240500.50),
    ("C1002", "2024-10-15", 9800.00), ("C1002", "2024-12-03", 15200.00),
    ("C1003", "2024-11-28", 560000.00),
]


def _xlsx(sheets: list[tuple[str, list[list[object]]]]) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.properties.created = book.properties.modified = STAMP
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def core_banking_statement() -> bytes:
    """GBK text with two title lines, a 序号 column, a 小计 after each customer and a 合计."""
    lines = ["城东支行对公客户交易明细", "导出日期：2025-01-02  操作员：0127",
             "序号,客户号,交易日期,交易金额(元),摘要"]
    n, grand = 0, 0.0
    for customer in ("C1001", "C1002", "C1003"):
        rows = [r for r in LEDGER if r[0] == customer]
        for _, day, amount in rows:
            n += 1
            lines.append(f"{n},{customer},{day},{amount:.2f},货款")
        subtotal = sum(r[2] for r in rows)
        grand += subtotal
        lines.append(f"小计,,,{subtotal:.2f},")
    lines.append(f"合计,,,{grand:.2f},")
    return ("\r\n".join(lines) + "\r\n").encode("gb18030")


def total_mismatch() -> bytes:
    """A 合计 line that does not match the rows: one row was deleted after the export."""
    rows = "".join(f"{c},{d},{a:.2f}\n" for c, d, a in LEDGER[:-1])
    total = sum(a for _, _, a in LEDGER)
    return f"客户号,交易日期,金额\n{rows}合计,,{total:.2f}\n".encode()


def notes_sheet_first() -> bytes:
    """WPS workbook: a notes sheet whose sentence has full-width commas, then the data."""
    notes = [["本表由核心业务系统导出，金额单位为元，仅供内部培训使用，请勿外传。"],
             ["如有疑问，请联系运营管理部。"]]
    data = [["客户号", "交易日期", "金额"]] + [
        [c, datetime.datetime.fromisoformat(d), a] for c, d, a in LEDGER]
    return _xlsx([("说明", notes), ("交易明细", data)])


def two_years() -> bytes:
    """Two data sheets of the same shape: the first is read unless --sheet names another."""
    last = [["客户号", "交易日期", "金额"], ["C0901", datetime.datetime(2023, 6, 1), 5000.0]]
    this = [["客户号", "交易日期", "金额"]] + [
        [c, datetime.datetime.fromisoformat(d), a] for c, d, a in LEDGER]
    return _xlsx([("2023年", last), ("2024年", this)])


def wps_total_row() -> bytes:
    """An .xlsx whose last row is 合计 with the total computed (a value, as WPS saves it)."""
    data = [["客户号", "交易日期", "金额"]] + [
        [c, datetime.datetime.fromisoformat(d), a] for c, d, a in LEDGER]
    data.append(["合计", None, sum(a for _, _, a in LEDGER)])
    return _xlsx([("Sheet1", data)])


def legacy_xls() -> bytes | None:
    """Excel 97-2003 (.xls) as an older core system writes it: a title row, real date cells."""
    try:
        import xlwt
    except ImportError:
        return None
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("流水")
    dates = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    sheet.write(0, 0, "对公客户交易流水（2024 年第四季度）")
    for col, name in enumerate(["客户号", "交易日期", "金额(万元)"]):
        sheet.write(1, col, name)
    for r, (customer, day, amount) in enumerate(LEDGER, start=2):
        sheet.write(r, 0, customer)
        sheet.write(r, 1, datetime.datetime.fromisoformat(day), dates)
        sheet.write(r, 2, round(amount / 10000, 6))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def encrypted_xlsx() -> bytes | None:
    """An .xlsx saved with a password to open (Excel: 用密码进行加密)."""
    try:
        import msoffcrypto.format.ooxml as ooxml
    except ImportError:
        return None
    plain = io.BytesIO(wps_total_row())
    out = io.BytesIO()
    ooxml.OOXMLFile(plain).encrypt(PASSWORD, out)
    return out.getvalue()


def currencies() -> bytes:
    """A brokerage back-office export: 资金账号, 币种 (人民币, 美元, 港币 by code or name)."""
    rows = [("A0001", "人民币", "2024-10-09", 30000.00), ("A0001", "CNY", "2024-11-20", 12500.00),
            ("A0002", "美元", "2024-10-22", 2000.00), ("A0002", "人民币", "2024-12-05", 8800.00),
            ("A0003", "HKD", "2024-11-11", 15000.00), ("A0003", "人民币", "2024-12-18", 4200.00)]
    body = "".join(f"{a},{c},{d},{m:.2f}\n" for a, c, d, m in rows)
    return ("资金账号,币种,成交日期,成交金额\n" + body).encode("utf-8-sig")


def debit_credit() -> bytes:
    """A statement with 借方发生额 and 贷方发生额: each row fills one of the two."""
    rows = [("C2001", "2024-10-10", "", "50,000.00"), ("C2001", "2024-10-25", "12,000.00", ""),
            ("C2002", "2024-11-03", "", "8,000.00"), ("C2002", "2024-12-12", "3,500.00", ""),
            ("C2003", "2024-12-28", "20,000.00", "")]
    body = "".join(f'{c},{d},"{dr}","{cr}"\n' for c, d, dr, cr in rows)
    return ("客户号,记账日期,借方发生额,贷方发生额\n" + body).encode("utf-8-sig")


def units_in_cells() -> bytes:
    """Amounts typed with their own unit, in a column whose header has none."""
    rows = [("C3001", "2024-10-08", "3.5万"), ("C3001", "2024-11-08", "1.2亿"),
            ("C3002", "2024-10-18", "500元"), ("C3002", "2024-12-01", "￥1,200"),
            ("C3003", "2024-12-15", "0.8万元")]
    body = "".join(f'{c},{d},"{a}"\n' for c, d, a in rows)
    return ("客户号,交易日期,金额\n" + body).encode()


def future_year_typo() -> bytes:
    """2052 typed for 2025: one transaction in the future."""
    rows = "C1001,2024-12-30,1000.00\nC1002,2052-01-03,2000.00\nC1003,2024-12-31,500.00\n"
    return ("客户号,交易日期,金额\n" + rows).encode()


def corpus() -> dict[str, bytes | None]:
    """File name → bytes (None when the tool that writes it is not installed)."""
    return {
        "core_banking_statement.csv": core_banking_statement(),
        "total_mismatch.csv": total_mismatch(),
        "notes_sheet_first.xlsx": notes_sheet_first(),
        "two_years.xlsx": two_years(),
        "wps_total_row.xlsx": wps_total_row(),
        "legacy_core.xls": legacy_xls(),
        "password.xlsx": encrypted_xlsx(),
        "currencies.csv": currencies(),
        "debit_credit.csv": debit_credit(),
        "units_in_cells.csv": units_in_cells(),
        "future_year_typo.csv": future_year_typo(),
    }


def main(out: Path = HERE) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, data in corpus().items():
        if data is None:
            print(f"跳过 {name}：没有安装写它所需的工具（见文件开头的说明）")
            continue
        (out / name).write_bytes(data)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
