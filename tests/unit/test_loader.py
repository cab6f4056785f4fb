"""The loader of a learner's own transaction file, and the upload widget that shares it.

The good files in tests/data/good hold the same six transactions (see make_good.py):

    C001  2024-03-05  1,200.00 | 2024-05-20  800.50 | 2024-06-28  -200.00 (refund)
    C002  2024-01-15 35,000.00 | 2024-04-01 15,000.00
    C003  2024-06-01     99.90

By hand, as of 2024-06-30 (recency = days from the last transaction to the as-of date):
    C001  R = 2 (06-28 → 06-30)            F = 3  M = 1200 + 800.50 - 200 = 1,800.50
    C002  R = 29 + 31 + 30 = 90 (04-01 →)  F = 2  M = 35,000 + 15,000 = 50,000.00
    C003  R = 29 (06-01 → 06-30)           F = 1  M = 99.90
"""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crmkit import CrmkitError
from crmkit.io.headers import classify_header, column_letter
from crmkit.io.loader import check_as_of, load_transactions
from crmkit.io.progress import PROGRESS_MIN_ROWS, finish, progress_bar, wants_progress
from crmkit.io.table import read_table
from crmkit.io.values import parse_amounts, parse_date, parse_dates
from crmkit.models.rfm import rfm_table
from crmkit.widgets.upload import upload_scorer

GOOD = Path(__file__).resolve().parents[1] / "data" / "good"
GOOD_FILES = ["utf8_chinese.csv", "utf8_bom_english.csv", "gb18030_wanyuan.csv",
              "utf16_tab.txt", "excel.xlsx"]
AMOUNTS = [1200.00, 800.50, -200.00, 35000.00, 15000.00, 99.90]
DATES = ["2024-03-05", "2024-05-20", "2024-06-28", "2024-01-15", "2024-04-01", "2024-06-01"]
BY_HAND = {"C001": (2, 3, 1800.50), "C002": (90, 2, 50000.00), "C003": (29, 1, 99.90)}


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def message(path: Path, **kwargs) -> str:
    with pytest.raises(CrmkitError) as caught:
        load_transactions(path, **kwargs)
    return caught.value.message


# ---------------------------------------------------------------- good files


@pytest.mark.parametrize("name", GOOD_FILES)
def test_good_files_load_to_the_same_clean_table(name):
    clean = load_transactions(GOOD / name)
    assert list(clean.columns) == ["customer_id", "date", "amount"]
    assert clean["customer_id"].tolist() == ["C001"] * 3 + ["C002"] * 2 + ["C003"]
    assert clean["date"].dt.strftime("%Y-%m-%d").tolist() == DATES
    assert clean["amount"].tolist() == AMOUNTS  # 万元 × 10,000 gives exact 元 after rounding
    assert clean["date"].dtype == "datetime64[ns]"
    assert clean["amount"].dtype == float


@pytest.mark.parametrize("name", [*GOOD_FILES, "names.csv"])
def test_good_files_give_hand_computed_rfm(name):
    table = rfm_table(load_transactions(GOOD / name), as_of="2024-06-30")
    if name == "names.csv":
        table = table.rename(index={"张三": "C001", "欧阳娜娜": "C002", "李四": "C003"})
    got = {c: (int(r.recency), int(r.frequency), float(r.monetary))
           for c, r in table.iterrows()}
    assert got == BY_HAND


def test_attrs_record_encoding_delimiter_and_column_mapping():
    bom = load_transactions(GOOD / "utf8_bom_english.csv").attrs
    assert (bom["encoding"], bom["delimiter"]) == ("utf-8-sig", ",")
    assert bom["columns"] == {"customer_id": "Customer ID", "date": "Date", "amount": "Amount"}
    gb = load_transactions(GOOD / "gb18030_wanyuan.csv").attrs
    assert (gb["encoding"], gb["amount_unit"]) == ("gb18030", "万元")
    assert gb["columns"]["amount"] == "交易金额（万元）"
    assert load_transactions(GOOD / "utf8_chinese.csv").attrs["encoding"] == "utf-8"
    tab = load_transactions(GOOD / "utf16_tab.txt").attrs
    assert (tab["encoding"], tab["delimiter"]) == ("utf-16", "\t")
    names = load_transactions(GOOD / "names.csv").attrs
    assert names["delimiter"] == ";" and names["columns"]["customer_id"] == "客户名称"


def test_index_is_the_excel_row_number(tmp_path):
    """Header = row 1, first data row = row 2; title and blank lines count as on screen."""
    assert load_transactions(GOOD / "utf8_chinese.csv").index.tolist() == [2, 3, 4, 5, 6, 7]
    # excel.xlsx: title in row 1, blank row 2, header row 3, data rows 4–9
    clean = load_transactions(GOOD / "excel.xlsx")
    assert clean.index.tolist() == [4, 5, 6, 7, 8, 9]
    assert clean.attrs["header_row"] == 3
    path = write(tmp_path, "gaps.csv", "客户号,日期,金额\nA,2024-01-02,1\n\n,,\nB,2024-01-03,2\n")
    assert load_transactions(path).index.tolist() == [2, 5]


def test_title_line_above_csv_header_is_skipped(tmp_path):
    path = write(tmp_path, "t.csv", "2024年交易流水\n客户号,日期,金额\nA,2024-01-02,10\n")
    clean = load_transactions(path)
    assert clean.index.tolist() == [3] and clean.attrs["header_row"] == 2


def test_id_column_wins_over_name_column(tmp_path):
    path = write(tmp_path, "b.csv", "客户号,客户名称,日期,金额\nK01,张三,2024-01-02,10\n")
    clean = load_transactions(path)
    assert clean["customer_id"].tolist() == ["K01"]
    assert clean.attrs["columns"]["customer_id"] == "客户号"


def test_leading_zeros_in_ids_survive(tmp_path):
    path = write(tmp_path, "z.csv", "客户号,日期,金额\n000123,2024-01-02,10\n")
    assert load_transactions(path)["customer_id"].tolist() == ["000123"]


def test_xlsx_numbers_dates_and_serials(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["客户编号", "日期", "金额(亿元)"])
    sheet.append([10001, datetime.datetime(2024, 3, 5, 14, 30), 0.5])
    sheet.append([10002.0, 45356, "1.25"])       # 45356 = 2024-03-05 as an Excel serial
    sheet.append(["10003", "2024年3月6日", 2])
    path = tmp_path / "n.xlsx"
    book.save(path)
    clean = load_transactions(path)
    assert clean["customer_id"].tolist() == ["10001", "10002", "10003"]
    assert clean["date"].dt.strftime("%Y-%m-%d").tolist() == ["2024-03-05", "2024-03-05",
                                                              "2024-03-06"]
    # 亿元 × 100,000,000: 0.5 → 50,000,000; 1.25 → 125,000,000; 2 → 200,000,000
    assert clean["amount"].tolist() == [50_000_000.0, 125_000_000.0, 200_000_000.0]


def test_xlsx_uses_first_sheet_with_data_and_names_it(tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "说明"
    sheet = book.create_sheet("流水")
    sheet.append(["客户号", "日期", "金额"])
    sheet.append(["A", "2024-01-02", "abc"])
    path = tmp_path / "two.xlsx"
    book.save(path)
    assert message(path).startswith("文件 two.xlsx（工作表“流水”），第 2 行，“金额”列：")


def test_customers_are_a_categorical_in_order_of_first_appearance(tmp_path):
    # a subtotal between the groups (its rows are masked out) and a total at the bottom
    # (sliced off); an id written with spaces around it is the same customer
    path = write(tmp_path, "grouped.csv",
                 "客户号,交易日期,金额\nC002,2024-01-15,100\n C001 ,2024-02-01,50\n"
                 "C001,2024-03-01,20\n小计,,170\nC003,2024-04-01,5\n合计,,175\n")
    clean = load_transactions(path)
    assert isinstance(clean["customer_id"].dtype, pd.CategoricalDtype)
    assert clean["customer_id"].cat.categories.tolist() == ["C002", "C001", "C003"]
    assert clean["customer_id"].tolist() == ["C002", "C001", "C001", "C003"]
    assert clean.index.tolist() == [2, 3, 4, 6]
    table = rfm_table(clean, as_of="2024-04-02")
    assert table.index.tolist() == ["C001", "C002", "C003"]
    assert table["monetary"].tolist() == [70.0, 100.0, 5.0]
    # the same file with the total lines taken out scores the same
    plain = write(tmp_path, "plain.csv",
                  "客户号,交易日期,金额\nC002,2024-01-15,100\nC001,2024-02-01,50\n"
                  "C001,2024-03-01,20\nC003,2024-04-01,5\n")
    pd.testing.assert_frame_equal(rfm_table(load_transactions(plain), as_of="2024-04-02"),
                                  table)


# ---------------------------------------------------------------- cells


@pytest.mark.parametrize("text, expected", [
    ("1234.5", 1234.5), ("1,234.50", 1234.5), ("1，234.50", 1234.5), ("¥1,234.50", 1234.5),
    ("￥1234.5元", 1234.5), ("(1,234.50)", -1234.5), ("-500", -500.0), ("¥-5", -5.0),
    ("１２３", 123.0), (" 12 ", 12.0), ("1e3", 1000.0), (".5", 0.5), ("1,234,567", 1234567.0),
    ("−20", -20.0),
])
def test_amount_formats(text, expected):
    values, bad = parse_amounts(pd.Series([text]))
    assert values.tolist() == [expected] and not bad.iloc[0]


@pytest.mark.parametrize("text", ["", "abc", "1.234.50", "1,2345", "1,5", "12万万", "1-2", "--5",
                                  "1e400", "nan", "inf"])
def test_amount_refused(text):
    assert parse_amounts(pd.Series([text]))[1].tolist() == [True]


def test_amount_units_from_header():
    # 0.08005 万元 = 800.5 元 (float gives 800.4999999999999 before rounding to 6 decimals)
    values, bad = parse_amounts(pd.Series(["0.08005", "1.5万元", "2万"]), "万元")
    assert values.tolist() == [800.5, 15000.0, 20000.0] and not bad.any()
    assert parse_amounts(pd.Series(["3"]), "亿元")[0].tolist() == [300_000_000.0]
    # a cell that writes its own unit is read in it, whatever the header says
    values, bad = parse_amounts(pd.Series(["3元", "3.5万", "1.2亿", "-0.5万元", "7"]), "万元")
    assert values.tolist() == [3.0, 35000.0, 120_000_000.0, -5000.0, 70000.0] and not bad.any()
    values, bad = parse_amounts(pd.Series(["3.5万", "500元", "￥1,200", "12万元"]), "元")
    assert values.tolist() == [35000.0, 500.0, 1200.0, 120000.0] and not bad.any()


@pytest.mark.parametrize("text", ["2024-03-05", "2024/3/5", "2024.3.5", "2024年3月5日",
                                  "20240305", "2024-03-05 14:30:00", "2024/3/5 9:05",
                                  "2024-03-05T08:00:00", "2024 年 3 月 5 日", "45356",
                                  "２０２４-３-５"])
def test_date_formats(text):
    values, bad = parse_dates(pd.Series([text]))
    assert values.tolist() == [pd.Timestamp("2024-03-05")] and not bad.iloc[0]


@pytest.mark.parametrize("text", ["2024-02-30", "2023-02-29", "2024-13-01", "2024-03-00",
                                  "1850-01-01", "2024-3/5", "05/03/2024", "下周三", ""])
def test_date_refused(text):
    assert parse_dates(pd.Series([text]))[1].tolist() == [True]


def test_leap_day_is_a_real_date():
    assert parse_date("2024-02-29") == pd.Timestamp("2024-02-29")


@pytest.mark.parametrize("header, role, unit", [
    ("客户号", "customer_id", "元"), ("Customer ID", "customer_id", "元"),
    ("customer_id", "customer_id", "元"), ("交易日期", "date", "元"), ("DATE", "date", "元"),
    ("日期(yyyy-mm-dd)", "date", "元"), ("金额", "amount", "元"), ("金额(万元)", "amount", "万元"),
    ("交易金额（万元）", "amount", "万元"), ("金额【单位：亿元】", "amount", "亿元"),
    ("金额/万元", "amount", "万元"), ("金额万元", "amount", "万元"),
    ("amount (CNY)", "amount", "元"),
    ("金额(万)", "amount", "万元"), ("备注", None, "元"),
])
def test_header_synonyms_and_units(header, role, unit):
    info = classify_header(header)
    assert (info.role, info.unit) == (role, unit)


def test_customer_name_headers_are_the_second_tier():
    assert classify_header("客户名称").tier == 1 and classify_header("客户号").tier == 0


def test_column_letters():
    assert [column_letter(i) for i in (0, 2, 25, 26, 27)] == ["A", "C", "Z", "AA", "AB"]


# ---------------------------------------------------------------- errors


def test_error_names_file_row_and_column(tmp_path):
    path = write(tmp_path, "x.csv", "客户号,交易日期,金额\nA,2024-01-02,10\nB,2024-01-03,abc\n"
                                    "C,2024-01-04,def\n")
    assert message(path) == ("文件 x.csv，第 3 行，“金额”列：金额“abc”不是数字（另有 1 行也有问题，"
                             "改好这一行后会再提示）。处理办法：只填数字，可以带千分位逗号、￥ 符号"
                             "或“元”字，例如 1,234.50；退款写成负数，例如 -500")


def test_impossible_date_message(tmp_path):
    path = write(tmp_path, "d.csv", "客户号,日期,金额\nA,2023-02-29,10\n")
    assert "第 2 行，“日期”列：日期“2023-02-29”不存在：2023 年 2 月只有 28 天" in message(path)


def test_encoding_fallback_order(tmp_path):
    text = "客户号,交易日期,金额\n张三,2024-01-02,10\n"
    for encoding, label in [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"),
                            ("gbk", "gb18030"), ("gb18030", "gb18030")]:
        path = write(tmp_path, f"{encoding}.csv", text, encoding)
        clean = load_transactions(path)
        assert clean.attrs["encoding"] == label
        assert clean["customer_id"].tolist() == ["张三"]


def test_missing_and_directory_paths(tmp_path):
    assert "找不到这个文件" in message(tmp_path / "none.csv")
    assert "这是一个文件夹" in message(tmp_path)
    assert "不支持扩展名为“.json”的文件" in message(write(tmp_path, "a.json", "{}"))


def test_reading_never_changes_the_file(tmp_path):
    path = write(tmp_path, "x.csv", "客户号,日期,金额\nA,2024-01-02,1\n")
    before = path.read_bytes(), path.stat().st_mtime_ns
    load_transactions(path, mask=True)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_check_as_of(tmp_path):
    clean = load_transactions(GOOD / "utf8_chinese.csv")
    assert check_as_of(clean, "2024/6/30") == pd.Timestamp("2024-06-30")
    assert check_as_of(clean, None, today="2030-01-01") is None
    with pytest.raises(CrmkitError) as caught:
        check_as_of(clean, "2024-06-01")
    # rows 2 (03-05) and 3 (05-20) are before 06-01; row 4 (06-28) is the first late one;
    # row 7 (06-01) equals the as-of date and is allowed.
    assert caught.value.message.startswith(
        "文件 utf8_chinese.csv，第 4 行，“交易日期”列："
        "交易日期 2024-06-28 晚于评估基准日 2024-06-01")
    with pytest.raises(CrmkitError, match="晚于今天（2024-06-27）"):
        check_as_of(clean, None, today="2024-06-27")
    with pytest.raises(CrmkitError, match="评估基准日：日期“2024-02-30”不存在"):
        check_as_of(clean, "2024-02-30")


def test_read_table_keeps_preamble_and_native_xlsx_values():
    raw = read_table(GOOD / "excel.xlsx")
    assert raw.preamble == [["2024 年上半年交易流水（示意数据）"]]
    assert raw.header == ["客户号", "交易日期", "交易金额"]
    assert raw.records[0] == ["C001", datetime.datetime(2024, 3, 5), 1200]


# ---------------------------------------------------------------- progress


def test_progress_bar_counts_rows_and_ends_its_line():
    stream = io.StringIO()
    bar = progress_bar(200, "读取", stream=stream)
    for _ in range(150):
        bar.update(1)
    finish(bar)  # a reader that stopped counting early still ends at 100%
    text = stream.getvalue()
    assert "读取：100%" in text and "200/200 行" in text and text.endswith("\n")


def test_progress_disabled_writes_nothing():
    stream = io.StringIO()
    bar = progress_bar(10, "x", enabled=False, stream=stream)
    bar.update(5)
    finish(bar)
    assert stream.getvalue() == ""


def test_wants_progress():
    big = PROGRESS_MIN_ROWS
    assert wants_progress(big, True) and not wants_progress(big - 1, True)
    assert not wants_progress(big, False)
    assert not wants_progress(big, None, io.StringIO())  # not a terminal


# ---------------------------------------------------------------- upload widget


def test_upload_widget_scores_uploaded_bytes():
    scorer = upload_scorer()
    summary = scorer.process((GOOD / "utf8_chinese.csv").read_bytes(), "utf8_chinese.csv")
    assert scorer.error is None
    assert summary["客户数"].sum() == 3
    assert scorer.segmented.loc["C002", "monetary"] == 50000.0
    assert "已读取 utf8_chinese.csv：6 笔交易，3 位客户" in scorer.message.value


def test_upload_widget_shows_the_same_message_in_red():
    scorer = upload_scorer()
    data = (Path(__file__).resolve().parents[1] / "data" / "malformed"
            / "impossible_date.csv").read_bytes()
    assert scorer.process(data, "C:\\Users\\学员\\impossible_date.csv") is None
    assert scorer.error.startswith("文件 impossible_date.csv，第 3 行，“交易日期”列：")
    assert "color:#b2182b" in scorer.message.value
    assert scorer.summary is None and scorer.transactions is None


def test_upload_widget_mask_checkbox_reruns_last_file():
    scorer = upload_scorer()
    data = (GOOD / "names.csv").read_bytes()
    scorer.upload.value = ({"name": "names.csv", "type": "text/csv", "size": len(data),
                            "content": memoryview(data),
                            "last_modified": datetime.datetime(2024, 1, 1)},)
    assert "张三" in scorer.segmented.index
    scorer.mask.value = True
    assert "张三" not in scorer.segmented.index
    assert all(name.startswith("客户-") for name in scorer.segmented.index)
    assert sorted(scorer.segmented["frequency"]) == [1, 2, 3]  # grouping survives masking
    assert "已脱敏" in scorer.message.value


def test_upload_widget_never_writes_beside_the_notebook(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    upload_scorer().process((GOOD / "utf8_chinese.csv").read_bytes(), "mine.csv")
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- property: never a traceback

CELLS = st.sampled_from(["客户号", "交易日期", "金额", "日期", "金额(万元)", "C001", "2024-03-05",
                         "2024-02-30", "1,234.5", "(5)", "-3", "", " ", "合计", "¥1", "45356",
                         "20240305", "2024年3月5日", "12万元", '"', "1e400", "x", "9" * 30])
TEXT_FILES = st.lists(st.lists(CELLS, max_size=5).map(",".join), max_size=8).map("\n".join)


@given(st.one_of(TEXT_FILES, st.binary(max_size=200)),
       st.sampled_from(["utf-8", "gb18030", "utf-16"]), st.booleans())
@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_file_loads_or_gives_a_crmkit_error(tmp_path, content, encoding, mask):
    data = content if isinstance(content, bytes) else content.encode(encoding, "replace")
    path = tmp_path / "f.csv"
    path.write_bytes(data)
    try:
        clean = load_transactions(path, mask=mask)
    except CrmkitError:
        return
    assert list(clean.columns) == ["customer_id", "date", "amount"]
    assert clean["amount"].notna().all() and clean["date"].notna().all()
    assert (clean["amount"] > 0).any()


@pytest.mark.parametrize("text, delimiter", [
    ("客户号,交易日期,金额\nC1,2024-03-05,1200\n", ","),
    ("a;b;c\n1;2,5;3\n", ";"),                                # a decimal comma in a cell
    ("a\tb\n1\t2\n", "\t"),
    ("姓名,电话,备注\nZ,,;0\nZ,\";\n0\",;\n", ","),           # quoted ; and a line break
])
def test_the_delimiter_is_read_from_whole_records(text, delimiter):
    from crmkit.io.table import _sniff_delimiter

    assert _sniff_delimiter(text) == delimiter
