"""Masking personal data: exact examples, the file command's refusals, and properties."""

from __future__ import annotations

import csv
import datetime
import re
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crmkit import CrmkitError
from crmkit.io import mask as mask_module
from crmkit.io.loader import load_transactions
from crmkit.io.mask import (
    DEFAULT_SALT,
    MaskCounts,
    mask_file,
    mask_name,
    mask_table,
    mask_text,
    pseudonym,
)
from crmkit.io.table import read_table
from crmkit.models.rfm import rfm_table

GOOD = Path(__file__).resolve().parents[1] / "data" / "good"
# What must never survive masking (same definitions as the property below).
MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
ID_NUMBER = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")


@pytest.mark.parametrize("text, expected", [
    ("13812345678", "138****5678"),
    ("电话 138-1234-5678，备用 139 0000 1111", "电话 138****5678，备用 139****1111"),
    ("+86 13812345678", "+86 138****5678"),
    ("8613812345678", "86138****5678"),
    ("12812345678", "12812345678"),                      # 12x is not a mobile prefix
    ("138123456789", "138123456789"),                    # 12 digits: not a mobile
    ("110101199003071234", "110***********1234"),        # ID: first 3 and last 4 stay
    ("身份证11010119900307123X。", "身份证110***********123X。"),
    ("6222021234567890123", "***************0123"),      # 19-digit card: last 4 stay
    ("6222 0212", "6222 0212"),
    ("622202123456789012", "**************9012"),        # 18 digits, no birth date: a card
    ("1234567890123456", "************3456"),            # 16 digits: a card
    ("订单 20240305 金额 1200", "订单 20240305 金额 1200"),
])
def test_mask_text_examples(text, expected):
    assert mask_text(text) == expected


def test_mask_text_counts():
    counts = MaskCounts()
    mask_text("13812345678 110101199003071234 6222021234567890123 13900001111", counts)
    assert (counts.mobiles, counts.ids, counts.cards) == (2, 1, 1)


@pytest.mark.parametrize("name, expected", [
    ("张三", "张*"), ("欧阳娜娜", "欧阳**"), ("王小明", "王**"), ("诸葛亮", "诸葛*"),
    ("欧阳", "欧*"), ("张", "张"), (" 李 四 ", "李*"), ("买买提·艾力", "买*****"),
    ("Li Lei", "L* L**"), ("华东精密机械有限公司", "华东精密机械有限公司"),
    ("招商银行深圳分行", "招商银行深圳分行"), ("", ""),
])
def test_mask_name_examples(name, expected):
    assert mask_name(name) == expected


def test_pseudonym_is_stable_salted_and_has_no_digits():
    first = pseudonym("张三")
    assert first == pseudonym("张三", DEFAULT_SALT)
    assert re.fullmatch(r"客户-[A-HJ-NP-Z]{12}", first)
    assert pseudonym("张三", "春季班") != first
    assert pseudonym("李四") != first


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def read_csv(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_mask_file_csv(tmp_path):
    source = write_csv(tmp_path / "in.csv", [
        ["客户号", "客户名称", "联系电话", "身份证号", "交易日期", "金额"],
        ["C001", "张三", "13812345678", "110101199003071234", "2024-03-05", "100"],
        ["C002", "欧阳娜娜", "139-0000-1111", "11010119900307123X", "2024-03-06", "200"],
    ])
    before = source.read_bytes()
    counts = mask_file(source, tmp_path / "out.csv")
    assert source.read_bytes() == before
    assert read_csv(tmp_path / "out.csv") == [
        ["客户号", "客户名称", "联系电话", "身份证号", "交易日期", "金额"],
        ["C001", "张*", "138****5678", "110***********1234", "2024-03-05", "100"],
        ["C002", "欧阳**", "139****1111", "110***********123X", "2024-03-06", "200"],
    ]
    assert (counts.names, counts.mobiles, counts.ids, counts.pseudonyms) == (2, 2, 2, 0)
    assert (tmp_path / "out.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # BOM for Excel


def test_name_as_customer_key_becomes_pseudonym_and_grouping_survives():
    raw = read_table(GOOD / "names.csv")
    result = mask_table(raw)
    keys = [record[0] for record in result.table.records]
    assert keys[0] == keys[1] == keys[2] == pseudonym("张三")
    assert keys[3] == keys[4] == pseudonym("欧阳娜娜") and keys[5] == pseudonym("李四")
    assert [record[3] for record in result.table.records][:1] == ["138****5678"]
    assert result.counts.pseudonyms == 3
    plain = rfm_table(load_transactions(GOOD / "names.csv"), as_of="2024-06-30")
    masked = rfm_table(load_transactions(GOOD / "names.csv", mask=True), as_of="2024-06-30")
    assert masked.loc[pseudonym("张三")].tolist() == plain.loc["张三"].tolist()
    assert sorted(masked["monetary"]) == sorted(plain["monetary"])


def test_id_customer_key_stays_unless_it_is_personal(tmp_path):
    source = write_csv(tmp_path / "k.csv", [
        ["客户号", "日期", "金额"],
        ["C001", "2024-03-05", "1"],
        ["13812345678", "2024-03-06", "2"],   # a mobile number used as the key
        ["13812345678", "2024-03-07", "3"],
    ])
    clean = load_transactions(source, mask=True, salt="s")
    assert clean["customer_id"].tolist() == ["C001", pseudonym("13812345678", "s"),
                                             pseudonym("13812345678", "s")]


def test_mask_xlsx_keeps_dates_and_masks_numeric_mobiles(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "客户"
    sheet.append(["客户号", "姓名", "手机", "开户日期", "金额"])
    sheet.append(["C001", "张三", 13812345678, datetime.datetime(2024, 3, 5), 1200.5])
    source = tmp_path / "in.xlsx"
    book.save(source)
    mask_file(source, tmp_path / "out.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "out.xlsx").active
    assert sheet.title == "客户"
    assert [c.value for c in sheet[2]] == ["C001", "张*", "138****5678",
                                           datetime.datetime(2024, 3, 5), 1200.5]


def test_mask_file_refusals(tmp_path):
    source = write_csv(tmp_path / "in.csv", [["客户号", "日期", "金额"], ["A", "2024-01-02", "1"]])
    with pytest.raises(CrmkitError, match="输出文件和输入文件是同一个文件"):
        mask_file(source, source, force=True)
    with pytest.raises(CrmkitError, match="输出文件和输入文件是同一个文件"):
        mask_file(source, tmp_path / "." / "in.csv", force=True)
    existing = tmp_path / "out.csv"
    existing.write_text("keep me", encoding="utf-8")
    with pytest.raises(CrmkitError, match="输出文件已经存在"):
        mask_file(source, existing)
    assert existing.read_text(encoding="utf-8") == "keep me"
    mask_file(source, existing, force=True)
    assert read_csv(existing)[1] == ["A", "2024-01-02", "1"]
    with pytest.raises(CrmkitError, match="扩展名“.pdf”不支持"):
        mask_file(source, tmp_path / "out.pdf")
    with pytest.raises(CrmkitError, match="文件夹不存在"):
        mask_file(source, tmp_path / "no" / "out.csv")
    with pytest.raises(CrmkitError, match="盐值"):
        mask_file(source, tmp_path / "x.csv", salt="")


def test_mask_file_is_atomic(tmp_path, monkeypatch):
    source = write_csv(tmp_path / "in.csv", [["姓名", "电话"], ["张三", "13812345678"]])

    def broken(raw, path, kind):
        path.write_text("half", encoding="utf-8")
        raise OSError("disk full")

    monkeypatch.setattr(mask_module, "write_table", broken)
    with pytest.raises(OSError):
        mask_file(source, tmp_path / "out.csv")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]  # no output, no temp file


# ---------------------------------------------------------------- properties

DIGITISH = st.text(alphabet="0123456789Xx-+ 86", min_size=0, max_size=40)
MOBILES = st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True)
IDS = st.from_regex(r"[0-9]{17}[0-9Xx]", fullmatch=True)
CARDS = st.from_regex(r"[0-9]{16,19}", fullmatch=True)
FILLER = st.text(alphabet=st.sampled_from(list("张三电话，。 :;-+/Xx0123456789abc\n")),
                 max_size=6)
CELL = st.lists(st.one_of(MOBILES, IDS, CARDS, FILLER, DIGITISH), max_size=6).map("".join)


@given(st.one_of(CELL, st.text(max_size=60)))
@settings(max_examples=400, deadline=None)
def test_no_mobile_or_id_number_survives(text):
    masked = mask_text(text)
    assert not MOBILE.search(masked)
    assert not ID_NUMBER.search(masked)
    assert mask_text(masked) == masked  # nothing left to mask: masking twice changes nothing


@given(st.one_of(CELL, st.text(max_size=60)))
@settings(max_examples=200, deadline=None)
def test_text_without_long_digit_runs_is_unchanged(text):
    if not re.search(r"\d{11}", re.sub(r"[- ]", "", text)):
        assert mask_text(text) == text


@given(st.lists(st.lists(CELL, min_size=3, max_size=3), min_size=1, max_size=8))
@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_masked_file_has_no_mobile_or_id_in_any_cell(tmp_path, rows):
    source = tmp_path / "in.csv"
    target = tmp_path / "out.csv"
    rows = [["姓名", "电话", "备注"], *[["Z" + a.replace("\r", ""), b, c] for a, b, c in rows]]
    write_csv(source, rows)
    mask_file(source, target, force=True)
    for row in read_csv(target):
        for cell in row:
            assert not MOBILE.search(cell) and not ID_NUMBER.search(cell)
