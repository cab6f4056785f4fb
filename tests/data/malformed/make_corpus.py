"""Write the corpus of malformed input files that tests/unit/test_cli.py feeds to `crmkit score`.

Each file has one problem a learner's export really can have. Re-create them with

    python tests/data/malformed/make_corpus.py            # into this folder
    python tests/data/malformed/make_corpus.py OUT_DIR    # somewhere else

The expected message for each file is asserted in tests/unit/test_cli.py.
"""

from __future__ import annotations

import datetime
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
GOOD_HEADER = "客户号,交易日期,金额\n"
GOOD_ROWS = "C001,2024-03-05,1200.00\nC002,2024-03-06,350.50\n"


def utf8(text: str) -> bytes:
    return text.encode("utf-8")


def gbk(text: str) -> bytes:
    return text.encode("gb18030")


def xlsx(rows: list[list[object]] | None, title: str = "流水") -> bytes:
    """A real workbook in memory; None gives a workbook whose only sheet is empty."""
    import io

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows or []:
        sheet.append(row)
    stamp = datetime.datetime(2024, 1, 1)
    book.properties.created = book.properties.modified = stamp
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def corpus() -> dict[str, bytes]:
    """File name → bytes. Names say what is wrong."""
    broken_gbk = gbk("客户号,交易日期,金额\nC001,2024-03-05,100\nC002,2024-03-06,200\n")
    broken_gbk += b"C0\xff3,2024-03-07,300\n"
    broken_utf8 = utf8("客户号,交易日期,金额\nC001,2024-03-05,100\n")
    broken_utf8 += b"C00\xff2,2024-03-06,200\n"
    return {
        "missing_customer_column.csv": utf8("交易日期,金额\n2024-03-05,100\n"),
        "missing_date_column.csv": utf8("客户号,金额,备注\nC001,100,首次\n"),
        "missing_amount_column.csv": utf8("customer_id,date,note\nC001,2024-03-05,x\n"),
        "undecodable_bytes.csv": b"customer_id,date,amount\nC001,2024-03-05,100\n"
                                 b"C\xff\x80,2024-03-06,200\n",
        "empty_file.csv": b"",
        "blank_rows_only.csv": utf8(",,\n,,\n"),
        "header_only.csv": utf8(GOOD_HEADER),
        "amount_not_numeric.csv": utf8(GOOD_HEADER + GOOD_ROWS + "C003,2024-03-07,一百元\n"),
        "impossible_date.csv": utf8(GOOD_HEADER + "C001,2024-03-05,100\nC002,2024-02-30,200\n"),
        "month_13.csv": utf8("客户号,日期,金额\nC001,2024/13/05,100\n"),
        "unparseable_date.csv": utf8("客户号,日期,金额\nC001,下周三,100\n"),
        "duplicate_header.csv": utf8("客户号,日期,金额,金额\nC001,2024-03-05,100,100\n"),
        "two_amount_columns.csv": utf8("客户号,日期,金额,交易金额\nC001,2024-03-05,100,100\n"),
        "two_customer_columns.csv": utf8("客户号,客户编号,日期,金额\nC001,K01,2024-03-05,100\n"),
        "empty_sheet.xlsx": xlsx(None),
        "text_renamed.xlsx": utf8(GOOD_HEADER + GOOD_ROWS),
        "workbook_renamed.csv": xlsx([["客户号", "交易日期", "金额"], ["C001", "2024-03-05", 1]]),
        "damaged_old_format.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
        "too_many_fields.csv": utf8(GOOD_HEADER + "C001,2024-03-05,100\n"
                                    "C002,2024-03-06,1,234.50\n"),
        "unbalanced_quote.csv": utf8(GOOD_HEADER + "C001,2024-03-05,100\n"
                                     "C002,\"2024-03-06,200\nC003,2024-03-07,300\n"),
        "two_decimal_points.csv": utf8(GOOD_HEADER + "C001,2024-03-05,1.234.50\n"),
        "bad_thousands_separator.csv": utf8(GOOD_HEADER + "C001,2024-03-05,\"1,2345\"\n"),
        "unknown_currency.csv": utf8("客户号,交易日期,金额(美元)\nC001,2024-03-05,100\n"),
        "blank_customer.csv": utf8(GOOD_HEADER + "C001,2024-03-05,100\n,2024-03-06,200\n"),
        "blank_amount.csv": utf8(GOOD_HEADER + GOOD_ROWS + "C003,2024-03-07,\n"),
        "negative_only.csv": utf8(GOOD_HEADER + "C001,2024-03-05,-100\nC002,2024-03-06,(50)\n"),
        "future_date.csv": utf8(GOOD_HEADER + GOOD_ROWS + "C003,2099-01-01,100\n"),
        "after_as_of.csv": utf8(GOOD_HEADER + "C001,2024-06-30,100\nC002,2024-07-02,200\n"),
        "gbk_broken_byte.csv": broken_gbk,
        "utf8_broken_byte.csv": broken_utf8,
        "utf16_without_bom.csv": (GOOD_HEADER + GOOD_ROWS).encode("utf-16-le"),
        "no_header_row.csv": utf8("C001,2024-03-05,100\nC002,2024-03-06,200\n"),
        "chinese_comma_delimiter.csv": utf8("客户号，交易日期，金额\nC001，2024-03-05，100\n"),
        "xlsx_amount_text.xlsx": xlsx([["2024 年交易流水"], [],
                                       ["客户号", "交易日期", "金额(万元)"],
                                       ["C001", datetime.datetime(2024, 3, 5), 1.2],
                                       ["C002", datetime.datetime(2024, 3, 6), "待确认"]]),
        "xlsx_impossible_date.xlsx": xlsx([["客户编号", "日期", "交易金额"],
                                           [10001, "2024-02-30", 100],
                                           [10002, datetime.datetime(2024, 3, 6), 200]]),
    }


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else HERE
    out.mkdir(parents=True, exist_ok=True)
    files = corpus()
    for name, data in files.items():
        (out / name).write_bytes(data)
    print(f"wrote {len(files)} files to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
