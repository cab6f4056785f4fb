"""Write the well-formed input files the loader and CLI tests read.

All files hold the same six transactions of three customers, written the ways
real exports write them (encodings, header languages, units, date styles), so
one hand computation checks them all:

    C001  2024-03-05   1,200.00 元
    C001  2024-05-20     800.50 元
    C001  2024-06-28    -200.00 元   (a refund)
    C002  2024-01-15  35,000.00 元
    C002  2024-04-01  15,000.00 元
    C003  2024-06-01      99.90 元

In names.csv the customers are 张三 (C001), 欧阳娜娜 (C002) and 李四 (C003).

    python tests/data/good/make_good.py [OUT_DIR]
"""

from __future__ import annotations

import datetime
import io
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

# (customer, (y, m, d), amount in 元)
TRANSACTIONS = [
    ("C001", (2024, 3, 5), 1200.00),
    ("C001", (2024, 5, 20), 800.50),
    ("C001", (2024, 6, 28), -200.00),
    ("C002", (2024, 1, 15), 35000.00),
    ("C002", (2024, 4, 1), 15000.00),
    ("C003", (2024, 6, 1), 99.90),
]
NAMES = {"C001": "张三", "C002": "欧阳娜娜", "C003": "李四"}
MOBILES = {"C001": "13812345678", "C002": "139-0000-1111", "C003": "15900002222"}


def _rows(fmt_date, fmt_amount, customer=lambda c: c) -> list[list[str]]:
    return [[customer(c), fmt_date(datetime.date(*ymd)), fmt_amount(a)]
            for c, ymd, a in TRANSACTIONS]


def _csv(header: list[str], rows: list[list[str]], sep: str = ",") -> str:
    return "\r\n".join(sep.join(r) for r in [header, *rows]) + "\r\n"


def _thousands(amount: float) -> str:
    return f'"{amount:,.2f}"'


def _wan(amount: float) -> str:
    return f"{amount / 10_000:.5f}".rstrip("0").rstrip(".")


def files() -> dict[str, bytes]:
    iso = _rows(lambda d: d.isoformat(), lambda a: f"{a:.2f}")
    slash = _rows(lambda d: f"{d.year}/{d.month}/{d.day}", _thousands)
    chinese = _rows(lambda d: f"{d.year}年{d.month}月{d.day}日", _wan)
    compact = _rows(lambda d: d.strftime("%Y%m%d"), lambda a: f"￥{a:.2f}元",
                    customer=NAMES.get)
    names = [[*row, MOBILES[c]] for row, (c, _, _) in zip(compact, TRANSACTIONS, strict=True)]
    out = {
        "utf8_chinese.csv": _csv(["客户号", "交易日期", "金额(元)"], iso).encode("utf-8"),
        "utf8_bom_english.csv": _csv(["Customer ID", "Date", "Amount"], slash)
        .encode("utf-8-sig"),
        "gb18030_wanyuan.csv": _csv(["客户编号", "日期", "交易金额（万元）"], chinese)
        .encode("gb18030"),
        "names.csv": _csv(["客户名称", "交易日期", "金额", "手机号"], names, sep=";")
        .encode("utf-8"),
        "utf16_tab.txt": _csv(["客户号", "交易日期", "金额"], iso, sep="\t").encode("utf-16"),
        "excel.xlsx": _xlsx(),
    }
    return out


def _xlsx() -> bytes:
    """A title line and a blank line above the header; real date cells, numeric amounts."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "交易流水"
    sheet.append(["2024 年上半年交易流水（示意数据）"])
    sheet.append([])
    sheet.append(["客户号", "交易日期", "交易金额"])
    for c, ymd, a in TRANSACTIONS:
        sheet.append([c, datetime.datetime(*ymd), a])
        sheet.cell(row=sheet.max_row, column=2).number_format = "yyyy-mm-dd"
    stamp = datetime.datetime(2024, 1, 1)
    book.properties.created = book.properties.modified = stamp
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else HERE
    out.mkdir(parents=True, exist_ok=True)
    written = files()
    for name, data in written.items():
        (out / name).write_bytes(data)
    print(f"wrote {len(written)} files to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
