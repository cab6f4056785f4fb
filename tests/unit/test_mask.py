"""Masking personal data: exact examples, the file command's refusals, and properties."""

from __future__ import annotations

import csv
import datetime
import re
from pathlib import Path

import openpyxl
import pandas as pd
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
# the shapes as concatenated digit strings: from_regex draws them a character at a time,
# about three times the cost of the whole test
DIGITS = "0123456789"
MOBILES = st.builds("1{}{}".format, st.sampled_from("3456789"),
                    st.text(DIGITS, min_size=9, max_size=9))
IDS = st.builds("{}{}".format, st.text(DIGITS, min_size=17, max_size=17),
                st.sampled_from(DIGITS + "Xx"))
CARDS = st.text(DIGITS, min_size=16, max_size=19)
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
    if not re.search(r"\d{10}", re.sub(r"[- ()]", "", text)) and "@" not in text \
            and not re.search(r"\d\s*(号|弄|栋|幢|座|单元|室|层|楼|#)", text):
        assert mask_text(text) == text


@pytest.mark.parametrize("text, expected", [
    ("6222 0212 3456 7890 123", "**** **** **** ***0 123"),       # a card in groups
    ("卡号 6222-0212-3456-7890", "卡号 ****-****-****-7890"),
    ("电话 +86 138 1234 5678", "电话 +86 138****5678"),
    ("0086-13812345678", "0086-138****5678"),
    ("办公 0571-87654321 转 8", "办公 0571-****4321 转 8"),       # landline: area code stays
    ("(0571)87654321", "(0571)****4321"),
    ("010 1234567", "010 ****4567"),
    ("邮箱 zhang.san@example.com。", "邮箱 z***@example.com。"),
    ("身份证 110101900307123", "身份证 110********7123"),         # 15-digit ID: 900307
    ("账号 123456789012345", "账号 ***********2345"),            # 15 digits, no birth date
    ("住 杭州市西湖区文三路 88 号 3 栋 501", "住 杭州市西湖区文三路****"),
    ("幸福小区3栋2单元501室", "幸福小区****"),
    ("金额 1,200.50 元，2024-03-05 到账", "金额 1,200.50 元，2024-03-05 到账"),  # business facts
    ("杭州某某科技有限公司 第 3 批", "杭州某某科技有限公司 第 3 批"),
])
def test_mask_text_covers_what_pipl_calls_personal(text, expected):
    assert mask_text(text) == expected


# What must not survive masking, written independently of the masker's own patterns.
LEFT = {
    "手机号": re.compile(r"(?<!\d)1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)"),
    "身份证号": re.compile(r"(?<!\d)(?:\d{17}[\dXx]|\d{6}\d\d(?:0[1-9]|1[0-2])\d{5})(?!\d)"),
    "银行卡号": re.compile(r"(?<!\d)\d{4}(?:[ -]?\d{4}){3}(?:[ -]?\d{1,3})?(?!\d)"),
    "电子邮箱": re.compile(r"[A-Za-z0-9._%+-]{2,}@[A-Za-z0-9-]+\.[A-Za-z]"),
    "固定电话": re.compile(r"(?<!\d)0\d{2,3}[- )]?\d{7,8}(?!\d)"),
    "门牌号": re.compile(r"\d+\s*(?:号|栋|幢|单元|室)"),
}
SURNAMES = list("王李张刘陈杨黄赵周吴") + ["欧阳", "司马"]
PERSONAL = st.one_of(
    st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True),
    st.from_regex(r"(\+86 |0086-|86)?1[3-9][0-9] [0-9]{4} [0-9]{4}", fullmatch=True),
    st.from_regex(r"6[0-9]{3}( [0-9]{4}){3}( [0-9]{1,3})?", fullmatch=True),
    st.from_regex(r"[1-6][0-9]{5}(19|20)[0-9]{2}(0[1-9]|1[0-2])(0[1-9]|1[0-9])[0-9]{3}[0-9X]",
                  fullmatch=True),
    st.from_regex(r"[1-6][0-9]{5}[5-9][0-9](0[1-9]|1[0-2])(0[1-9]|1[0-9])[0-9]{3}",
                  fullmatch=True),
    st.from_regex(r"0[1-9][0-9]{1,2}-[2-8][0-9]{6,7}", fullmatch=True),
    st.from_regex(r"[a-z][a-z0-9._]{1,8}@[a-z]{2,8}\.(com|cn|net)", fullmatch=True),
    st.builds(lambda road, n, b, r: f"{road}路 {n} 号 {b} 栋 {r}",
              st.sampled_from(["文三", "人民", "解放", "中山"]), st.integers(1, 999),
              st.integers(1, 30), st.integers(101, 2505)),
)
REMARK = st.lists(st.one_of(PERSONAL, st.sampled_from(["回访", "联系人", "已签约", ""])),
                  max_size=5).map("；".join)   # a remark separates what it lists
ROW = st.tuples(st.sampled_from(SURNAMES), st.sampled_from(list("明华强丽静伟芳")),
                st.dates(datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)),
                st.decimals(1, 999_999, places=2, allow_nan=False), REMARK)


@given(st.lists(ROW, min_size=2, max_size=30))
@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_masking_any_table_leaves_nothing_personal_and_keeps_the_segments(tmp_path, rows):
    from crmkit.io.report import score_customers

    source, target = tmp_path / "in.csv", tmp_path / "out.csv"
    table = [["客户名称", "交易日期", "金额", "备注"],
             *[[s + g, f"{d:%Y-%m-%d}", f"{a:.2f}", r] for s, g, d, a, r in rows]]
    write_csv(source, table)
    mask_file(source, target, force=True)
    masked = read_csv(target)
    for row in masked[1:]:
        for cell in row:
            for kind, pattern in LEFT.items():
                assert not pattern.search(cell), (kind, cell)
    assert [r[1:3] for r in masked] == [r[1:3] for r in table]   # dates and amounts untouched
    as_of = "2025-01-01"
    before = score_customers(load_transactions(source), pd.Timestamp(as_of))
    after = score_customers(load_transactions(target), pd.Timestamp(as_of))
    renamed = before.rename(index=lambda name: pseudonym(name))
    assert after["segment"].sort_index().tolist() == renamed["segment"].sort_index().tolist()
    assert sorted(after.index) == sorted(renamed.index)


def test_the_same_person_gets_the_same_pseudonym_in_every_file(tmp_path):
    first = write_csv(tmp_path / "a.csv", [["客户名称", "交易日期", "金额"],
                                           ["张三", "2024-03-05", "100"]])
    second = write_csv(tmp_path / "b.csv", [["客户名称", "交易日期", "金额", "备注"],
                                            ["李四", "2024-04-01", "80", ""],
                                            ["张三", "2024-05-01", "60", "续作"]])
    for source in (first, second):
        mask_file(source, source.with_suffix(".out.csv"), salt="春季班")
    a = read_csv(tmp_path / "a.out.csv")[1][0]
    b = {row[0] for row in read_csv(tmp_path / "b.out.csv")[1:]}
    assert a == pseudonym("张三", "春季班") and a in b
    mask_file(first, tmp_path / "c.csv", salt="秋季班")
    assert read_csv(tmp_path / "c.csv")[1][0] != a   # another salt, another pseudonym


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


def test_check_lists_what_would_still_look_personal_without_writing(tmp_path, capsys):
    from crmkit import cli

    source = tmp_path / "名单.csv"
    source.write_text("客户名称,联系电话,交易日期,金额,备注\n"
                      "张三,138 1234 5678,2024-03-05,1200.50,"
                      "住文三路 88 号 3 栋 501；邮箱 zs@example.com\n"
                      "李四,1381234567,2024-03-06,350,联系人王小明；张先生说下周来\n"
                      "王五,0571-87654321,2024-03-07,10000,2024年3月7日签约\n", encoding="utf-8")
    before = source.read_bytes()
    assert cli.main(["mask", str(source), "--check"]) == 1
    out = capsys.readouterr().out
    assert "手机号 1 个、固定电话 1 个" in out and "电子邮箱 1 个、门牌地址 1 个" in out
    assert "脱敏后仍像个人信息的内容：共 3 处（只列位置，不显示内容）" in out
    assert "像电话、证件号或账号的长数字 1 处：第 3 行“联系电话”列" in out   # 10 digits: a typo
    assert "像姓名（联系人、户主等后面的人名） 1 处：第 3 行“备注”列" in out
    assert "像带姓氏的称呼 1 处：第 3 行“备注”列" in out
    assert "王小明" not in out and "1381234567" not in out     # positions only, never content
    assert source.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["名单.csv"]
    clean = write_csv(tmp_path / "clean.csv",
                      [["客户号", "交易日期", "金额", "备注"],
                       ["C1", "2024-03-05", "1234567.50", "2024-03-05 到账"]])
    assert cli.main(["mask", str(clean), "--check"]) == 0
    assert "脱敏后没有发现仍像个人信息的内容" in capsys.readouterr().out
    assert cli.main(["mask", str(clean), "--check", "--out", str(tmp_path / "x.csv")]) == 2
    assert "不需要 --out" in capsys.readouterr().err


def test_every_sheet_of_a_workbook_is_masked_and_kept(tmp_path, capsys):
    from crmkit import cli

    book = openpyxl.Workbook()
    book.active.title = "说明"
    book.active.append(["联系人：客户经理 13812345678"])
    data = book.create_sheet("流水")
    data.append(["客户名称", "交易日期", "金额", "备注"])
    data.append(["张三", datetime.datetime(2024, 3, 5), 100, "住文三路 88 号"])
    source = tmp_path / "两页.xlsx"
    book.save(source)
    target = tmp_path / "两页_脱敏.xlsx"
    counts = mask_file(source, target)
    assert counts.mobiles == 1 and counts.addresses == 1 and counts.pseudonyms == 1
    masked = openpyxl.load_workbook(target)
    assert masked.sheetnames == ["说明", "流水"]
    assert list(masked["说明"].values) == [("联系人：客户经理 138****5678",)]
    rows = list(masked["流水"].values)
    assert rows[1][0] == pseudonym("张三") and rows[1][3] == "住文三路****"
    with pytest.raises(CrmkitError, match="CSV 文件只能存一个"):
        mask_file(source, tmp_path / "x.csv")
    assert not (tmp_path / "x.csv").exists()
    mask_file(source, tmp_path / "one.csv", sheet="流水")
    assert read_csv(tmp_path / "one.csv")[1][0] == pseudonym("张三")
    assert cli.main(["mask", str(source), "--check"]) == 0
    assert "脱敏后没有发现仍像个人信息的内容" in capsys.readouterr().out


def test_check_also_reads_the_lines_above_the_header(tmp_path, capsys):
    """A statement's title (户名 …, 开户网点 …) is written to the masked file as well, so
    the dry run looks at it and names its row."""
    from crmkit import cli

    source = tmp_path / "对账单.csv"
    source.write_text("户名：王小明 账号 6222021234567890123，经办 李先生\n"
                      "开户网点：文三路 88 号\n"
                      "\n"
                      "客户号,交易日期,金额\n"
                      "C1,2024-03-05,1200.50\n", encoding="utf-8")
    assert cli.main(["mask", str(source), "--check"]) == 1
    out = capsys.readouterr().out
    assert "像带姓氏的称呼 1 处：第 1 行（表头上方）第 1 格" in out
    assert "像姓名（联系人、户主等后面的人名） 1 处：第 1 行（表头上方）第 1 格" in out
    assert "门牌地址 1 个" in out and "银行卡号和账号 1 个" in out  # masked, so not listed below
    assert "第 2 行" not in out          # the address is masked: nothing left there
    assert "王小明" not in out and "6222" not in out and "李先生" not in out
