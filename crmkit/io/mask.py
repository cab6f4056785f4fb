"""Mask personal data in a customer file before anyone analyses it.

What is masked, and how:

- names in a name column (客户名称、姓名、户名、联系人、name …): the surname stays,
  the rest becomes ``*`` — 张三 → 张*, 欧阳娜娜 → 欧阳** (common two-character
  surnames are recognised); Latin names keep each word's first letter (Li Lei →
  L* L**). Organisation names (…公司、…银行、…医院) are not personal data and stay;
- anywhere in any cell, free-text remarks included (the first match wins, in this order):
  - e-mail addresses keep the first letter and the domain: zhang.san@example.com →
    z***@example.com;
  - 18-digit ID numbers (the last character may be X): the first 3 and the last 4
    characters stay, 110101199003071234 → 110***********1234. Keeping only 3 leading
    digits hides the county of birth; the last 4 let a clerk match a document. An
    18-digit number whose middle is not a birth date is treated as a bank card;
  - bank card numbers, 16–19 digits, also written in groups (6222 0212 3456 7890 123):
    only the last 4 digits stay, the grouping is kept;
  - 15-digit numbers: an old-format ID when digits 7–12 are a birth date (YYMMDD), kept
    as the first 3 and last 4; otherwise an account number, only the last 4 stay;
  - mobile numbers (11 digits starting 13–19, also 138-1234-5678, 138 1234 5678, with
    +86, 0086 or 86 before): 13812345678 → 138****5678;
  - landlines with an area code (0571-87654321, 010 12345678, (0571)87654321): the area
    code and the last 4 digits stay, 0571-****4321;
  - street addresses: the road, estate or building name stays and the house, building
    and room numbers go, 文三路 88 号 3 栋 501 → 文三路****.

Business facts stay as they are: amounts, dates, company names and ids such as C0001.

The customer column is special: it must keep grouping transactions. Customer
ids that are not personal data (C0001, 10086) stay as they are. Where the
customer column holds names, or an id that is itself a mobile, ID or card
number, each value is replaced by a stable pseudonym, 客户-XXXXXXXXXXXX (12
letters from a salted SHA-256 hash), so the same person always gets the same
pseudonym and RFM scoring still works.

``crmkit mask FILE --check`` (:func:`check_file`) is the dry run: it masks in memory and
lists, by kind and by cell position (never the content), what would still look personal
(a mobile with a digit missing, 联系人王小明 or 张先生 in a remark), so a compliance
officer can read it before anything leaves the branch.

About the salt: the default salt (``DEFAULT_SALT``) is public, so anyone could
hash a list of guessed names and recognise them. It is fine for class
exercises; for real customer data pass your own salt (``--salt``) and keep it
to yourself. The same salt gives the same pseudonyms across files, so files
masked with it can still be joined.
"""

from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from crmkit.errors import CrmkitError
from crmkit.io.columns import Columns, resolve_columns
from crmkit.io.files import atomic_file, check_output_file
from crmkit.io.headers import header_key, total_marker
from crmkit.io.table import CSV_SUFFIXES, XLSX_SUFFIXES, RawTable, read_table
from crmkit.io.values import cell_text

DEFAULT_SALT = "crmkit-course-kit"
PSEUDONYM_PREFIX = "客户-"
# 24 letters without I and O (easily misread as 1 and 0); no digits, so a
# pseudonym can never look like a mobile, ID or card number.
_PSEUDONYM_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
PSEUDONYM_LENGTH = 12

NAME_HEADERS = [
    "客户名称", "客户名", "客户姓名", "姓名", "户名", "账户名称", "账户名", "名称", "名字",
    "联系人", "联系人姓名", "持卡人", "开户人", "法定代表人", "name", "customer_name",
    "client_name", "full_name", "contact", "contact_name", "account_name",
]
NAME_KEYS = {header_key(n) for n in NAME_HEADERS}
COMPOUND_SURNAMES = {
    "欧阳", "上官", "司马", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文",
    "司徒", "令狐", "夏侯", "端木", "独孤", "南宫", "西门", "呼延", "轩辕", "澹台", "万俟",
    "闻人", "申屠", "太史", "淳于", "单于", "钟离", "赫连", "百里", "东郭", "濮阳", "公冶",
    "歐陽", "司馬", "諸葛", "東方", "長孫", "尉遲", "鍾離",
}
ORG_WORDS = ("公司", "集团", "有限", "股份", "银行", "厂", "店", "超市", "商行", "中心", "医院",
             "学校", "大学", "学院", "协会", "合作社", "事务所", "研究院", "研究所", "委员会",
             "政府", "ltd", "inc", "co.", "corp", "llc", "gmbh")

EMAIL_RE = re.compile(r"(?<![\w.%+-])([A-Za-z0-9])[A-Za-z0-9._%+-]*@"
                      r"([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)")
ID_RE = re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)")
GROUPED_CARD_RE = re.compile(r"(?<![\d-])\d{4}(?:[ -]\d{4}){2,3}(?:[ -]\d{1,4})?(?![\d])")
CARD_RE = re.compile(r"(?<!\d)\d{16,19}(?!\d)")
OLD_ID_RE = re.compile(r"(?<!\d)\d{15}(?!\d)")
MOBILE_RE = re.compile(r"(?<!\d)((?:(?:\+|00)?86[- ]?)?1[3-9]\d)[- ]?\d{4}[- ]?(\d{4})(?!\d)")
LANDLINE_RE = re.compile(r"(?<![\d*])(\(?0\d{2,3}\)?[- ]?)(\d{3,4})[- ]?(\d{4})(?![\d*])")
_PLACE = (r"[\u4e00-\u9fff]{1,12}?"
          r"(?:大道|大街|路|街|巷|弄|胡同|新村|村|小区|花园|家园|公寓|大厦|苑|里)")
_UNIT = r"(?:号楼|号|弄|栋|幢|座|单元|室|层|楼|#)"
ADDRESS_RE = re.compile(rf"({_PLACE})(\s*\d+\s*{_UNIT}(?:[\s,，-]*\d+\s*{_UNIT}?)*)")
_BIRTH_RE = re.compile(r"(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])")
_OLD_BIRTH_RE = re.compile(r"\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])")
_CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass
class MaskCounts:
    """How many distinct values of each kind were masked; printed by ``crmkit mask``."""

    names: int = 0
    mobiles: int = 0
    ids: int = 0
    cards: int = 0
    landlines: int = 0
    emails: int = 0
    addresses: int = 0
    pseudonyms: int = 0

    def describe(self) -> str:
        parts = [("姓名", self.names), ("手机号", self.mobiles), ("固定电话", self.landlines),
                 ("身份证号", self.ids), ("银行卡号和账号", self.cards), ("电子邮箱", self.emails),
                 ("门牌地址", self.addresses), ("客户化名", self.pseudonyms)]
        return "、".join(f"{label} {count:,} 个" for label, count in parts)


@dataclass
class MaskResult:
    table: RawTable
    counts: MaskCounts = field(default_factory=MaskCounts)


def _keep_last_four(text: str) -> str:
    """Every digit but the last four becomes *, separators stay: 6222 0212 … → **** **** …"""
    digits = sum(ch.isdigit() for ch in text)
    out, seen = [], 0
    for ch in text:
        if ch.isdigit():
            seen += 1
            out.append(ch if seen > digits - 4 else "*")
        else:
            out.append(ch)
    return "".join(out)


def mask_text(text: str, counts: MaskCounts | None = None) -> str:
    """Mask e-mails, ID numbers, cards and accounts, mobiles, landlines and street
    addresses wherever they appear in ``text`` (see the module docstring)."""
    counts = counts if counts is not None else MaskCounts()
    if not any(ch.isdigit() or ch == "@" for ch in text):
        return text  # the common case: names, remarks without numbers, company names

    def email(match: re.Match) -> str:
        counts.emails += 1
        return f"{match.group(1)}***@{match.group(2)}"

    def long_number(match: re.Match) -> str:
        digits = match.group()
        if digits[-1] in "Xx" or _BIRTH_RE.fullmatch(digits[6:14]):
            counts.ids += 1
            return digits[:3] + "*" * 11 + digits[-4:]
        counts.cards += 1
        return "*" * (len(digits) - 4) + digits[-4:]

    def grouped_card(match: re.Match) -> str:
        if not 16 <= sum(ch.isdigit() for ch in match.group()) <= 19:
            return match.group()
        counts.cards += 1
        return _keep_last_four(match.group())

    def fifteen(match: re.Match) -> str:
        digits = match.group()
        if _OLD_BIRTH_RE.fullmatch(digits[6:12]):
            counts.ids += 1
            return digits[:3] + "*" * 8 + digits[-4:]
        counts.cards += 1
        return "*" * 11 + digits[-4:]

    def mobile(match: re.Match) -> str:
        counts.mobiles += 1
        return f"{match.group(1)}****{match.group(2)}"

    def landline(match: re.Match) -> str:
        if not 7 <= len(match.group(2)) + 4 <= 8:
            return match.group()
        counts.landlines += 1
        return f"{match.group(1)}****{match.group(3)}"

    def address(match: re.Match) -> str:
        counts.addresses += 1
        return f"{match.group(1)}****"

    text = EMAIL_RE.sub(email, text)
    text = ID_RE.sub(long_number, text)
    text = GROUPED_CARD_RE.sub(grouped_card, text)
    text = CARD_RE.sub(long_number, text)
    text = OLD_ID_RE.sub(fifteen, text)
    text = MOBILE_RE.sub(mobile, text)
    text = LANDLINE_RE.sub(landline, text)
    return ADDRESS_RE.sub(address, text)


def mask_name(name: str) -> str:
    """张三 → 张*, 欧阳娜娜 → 欧阳**, Li Lei → L* L**; organisation names stay as they are."""
    text = name.strip()
    if not text or any(word in text.lower() for word in ORG_WORDS):
        return name
    if _CJK.search(text):
        text = re.sub(r"\s+", "", text)
        keep = 2 if text[:2] in COMPOUND_SURNAMES and len(text) > 2 else 1
        return text[:keep] + "*" * (len(text) - keep)
    return " ".join(word[:1] + "*" * (len(word) - 1) for word in text.split())


def pseudonym(value: str, salt: str = DEFAULT_SALT) -> str:
    """A stable pseudonym such as 客户-KQWZTMBNRXHA: same value and salt, same pseudonym."""
    digest = int.from_bytes(hashlib.sha256(f"{salt}\x1f{value}".encode()).digest(), "big")
    letters = []
    for _ in range(PSEUDONYM_LENGTH):
        digest, rest = divmod(digest, len(_PSEUDONYM_LETTERS))
        letters.append(_PSEUDONYM_LETTERS[rest])
    return PSEUDONYM_PREFIX + "".join(letters)


def _mask_cell(value: object, counts: MaskCounts) -> object:
    """Text is masked in place; a whole number (Excel stores 13812345678 as one) too."""
    if isinstance(value, str):
        return mask_text(value, counts)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return value
    if isinstance(value, float) and not value.is_integer():
        return value
    digits = str(int(value))
    masked = mask_text(digits, counts)
    return value if masked == digits else masked


def _by_unique(values: pd.Series, func) -> pd.Series:
    """Apply ``func`` once per distinct value: files repeat the same customer many times."""
    if pd.api.types.infer_dtype(values, skipna=False) == "string":  # CSV: all text
        codes, uniques = pd.factorize(values)
        results = np.empty(len(uniques), dtype=object)
        results[:] = [func(u) for u in uniques]
        return pd.Series(results[codes], index=values.index, dtype=object)
    cache: dict[tuple[type, object], object] = {}  # Excel cells: 1, 1.0 and True differ

    def once(value: object) -> object:
        key = (type(value), value)
        if key not in cache:
            cache[key] = func(value)
        return cache[key]

    return pd.Series([once(v) for v in values], index=values.index, dtype=object)


def mask_table(raw: RawTable, columns: Columns | None = None,
               salt: str = DEFAULT_SALT) -> MaskResult:
    """Mask every cell of ``raw`` (see the module docstring); returns a new table and counts.

    The row numbers stay the same, so an error found later still names the row
    the learner sees in the original file.
    """
    if not isinstance(salt, str) or not salt:
        raise CrmkitError("盐值（--salt）不能为空",
                          hint="随便给一个只有你知道的词，例如 --salt 春季班")
    columns = columns if columns is not None else resolve_columns(raw, required=False)
    counts = MaskCounts()
    frame = raw.frame.astype(object).where(raw.frame.notna(), None)
    key = columns.index.get("customer_id")
    for position, name in enumerate(raw.header):
        values = frame[position]
        if position == key:
            texts = _by_unique(values, lambda v: None if v is None else cell_text(v).strip())
            if columns.customer_is_name:  # a 合计 line keeps its word, so it is still skipped
                personal = texts.fillna("").map(lambda v: v != "" and not total_marker(v))
            else:
                personal = _by_unique(texts.fillna(""), lambda v: mask_text(v) != v).astype(bool)
            uniques = pd.unique(texts[personal].to_numpy(dtype=object))
            names = {u: pseudonym(u, salt) for u in uniques}
            if len(set(names.values())) < len(names):  # 24^12 values: practically never
                raise CrmkitError("两个不同的客户得到了同一个化名", hint="换一个 --salt 再试一次")
            counts.pseudonyms += len(names)
            frame[position] = values.where(~personal, texts.map(names))
            continue
        if header_key(name) in NAME_KEYS:
            def name_cell(v: object) -> object:
                if not isinstance(v, str) or not v.strip() or total_marker(v):
                    return v
                masked = mask_name(v)
                counts.names += masked != v
                return masked
            values = _by_unique(values, name_cell)
        frame[position] = _by_unique(values, lambda v: _mask_cell(v, counts))
    preamble = [[_mask_cell(cell, counts) for cell in record] for record in raw.preamble]
    header = [_mask_cell(cell, counts) for cell in raw.header]  # a note read as a header
    return MaskResult(replace(raw, frame=frame, preamble=preamble, header=header), counts)


def write_table(raw: RawTable | list[RawTable], path: Path, kind: str = "csv") -> None:
    """Write a table as CSV (UTF-8 with BOM, so Excel shows the Chinese) or XLSX (kind);
    a list of tables (a workbook's sheets) as one sheet each, in order."""
    tables = raw if isinstance(raw, list) else [raw]
    if kind == "xlsx":
        import openpyxl
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        book = openpyxl.Workbook(write_only=True)
        for n, table in enumerate(tables, start=1):
            sheet = book.create_sheet(title=(table.sheet or f"Sheet{n}")[:31])
            for row in [*table.preamble, table.header, *table.records]:
                # control characters from a text file are not allowed in a workbook
                sheet.append([ILLEGAL_CHARACTERS_RE.sub("", cell) if isinstance(cell, str)
                              else cell for cell in row])
        book.save(path)
        return
    raw = tables[0]
    rows = [*raw.preamble, raw.header, *raw.records]
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=raw.delimiter or ",", lineterminator="\r\n")
        writer.writerows([cell_text(cell) for cell in row] for row in rows)


def mask_file(source: str | Path, target: str | Path, *, salt: str = DEFAULT_SALT,
              force: bool = False, sheet: str | None = None) -> MaskCounts:
    """Mask ``source`` into ``target``; the source is never changed.

    Refuses to write over the source (even with force) or over an existing file
    (unless force). The target is written to a temporary file and renamed at the
    end, so it appears whole or not at all.
    """
    source, target = Path(source), Path(target)
    if target.suffix.lower() not in CSV_SUFFIXES | XLSX_SUFFIXES:
        raise CrmkitError(f"输出文件的扩展名“{target.suffix or '（无）'}”不支持", file=str(target),
                          hint="输出文件名要以 .csv 或 .xlsx 结尾")
    check_output_file(target, source, force)
    kind = "xlsx" if target.suffix.lower() in XLSX_SUFFIXES else "csv"
    tables = read_table(source, sheet=sheet, every=True)  # every sheet: nothing is lost
    if kind == "csv" and len(tables) > 1:
        names = "、".join(t.sheet for t in tables)
        raise CrmkitError(f"这个工作簿有 {len(tables)} 个有内容的工作表（{names}），"
                          "CSV 文件只能存一个", file=str(target),
                          hint="把输出文件名改成 .xlsx，每个工作表都会脱敏并保留；"
                               "或用 --sheet 只脱敏其中一个")
    counts = MaskCounts()
    masked = []
    for table in tables:
        result = mask_table(table, salt=salt)
        masked.append(result.table)
        for key, value in vars(result.counts).items():
            setattr(counts, key, getattr(counts, key) + value)
    with atomic_file(target) as temp:
        write_table(masked, temp, kind)
    return counts


# What still looks personal after masking: looser than the masker, so a compliance officer
# sees what a rule did not catch (a mobile with a digit missing, 张先生 in a remark …).
SUSPECTS = {
    "像电话、证件号或账号的长数字": re.compile(r"(?<![\d*.])\d(?:[ \-]?\d){6,}(?![\d*])"),
    "像电子邮箱": re.compile(r"[A-Za-z0-9._%+-]{2,}@[A-Za-z0-9-]"),
    "像门牌号": re.compile(r"\d+\s*(?:号|弄|栋|幢|单元|室)"),
    "像姓名（联系人、户主等后面的人名）": re.compile(
        r"(?:联系人|户主|户名|经办人|法人|客户|姓名)[:：]?\s*[\u4e00-\u9fff]{2,3}(?![\u4e00-\u9fff])"),
    "像带姓氏的称呼": re.compile(r"[\u4e00-\u9fff](?:先生|女士|小姐)"),
}
_DATE_LIKE = re.compile(r"(?:19|20)\d\d[-/.年]?\d{1,2}[-/.月]?\d{1,2}日?")


@dataclass
class CheckReport:
    """``crmkit mask --check``: what masking would do, and what would still look personal
    (kind → the Excel row and the column of each cell), without writing anything."""

    file: str
    counts: MaskCounts
    left: dict[str, list[str]]   # kind → where: 第 3 行“备注”列 (with the sheet in a workbook)

    def lines(self) -> list[str]:
        out = [f"{self.file}：将要遮盖的（按不同的值计）：{self.counts.describe()}。"]
        if not self.left:
            out.append("脱敏后没有发现仍像个人信息的内容。")
            return out
        total = sum(map(len, self.left.values()))
        out.append(f"脱敏后仍像个人信息的内容：共 {total:,} 处（只列位置，不显示内容）。")
        for kind, places in self.left.items():
            shown = "、".join(places[:10])
            more = f" 等 {len(places):,} 处" if len(places) > 10 else f" {len(places)} 处"
            out.append(f"- {kind}{more}：{shown}")
        out.append("这些内容脱敏规则不会自动遮盖，请打开原文件逐一查看，"
                   "需要时删掉或改写后再脱敏。")
        return out


def check_table(raw: RawTable, salt: str = DEFAULT_SALT, where: str = "") -> CheckReport:
    """Mask ``raw`` in memory and list what still looks personal (a dry run); ``where``
    goes before each position (the sheet of a workbook)."""
    columns = resolve_columns(raw, required=False)
    result = mask_table(raw, columns, salt)
    facts = {p for role, p in columns.index.items() if role in ("date", "amount")}
    left: dict[str, list[str]] = {}

    def look(text: str, place: str) -> None:
        if not text or not any(ch.isdigit() or ch in "@先女小名人户" for ch in text):
            return
        text = _DATE_LIKE.sub("", text)
        for kind, pattern in SUSPECTS.items():
            if pattern.search(text):
                left.setdefault(kind, []).append(where + place)

    # the lines above the header (a title such as 户名：张三 卡号 …) go into the masked
    # file too; the header is column names (客户名称 is not a person)
    masked = result.table
    for row, record in zip(masked.preamble_rows, masked.preamble, strict=True):
        for position, cell in enumerate(record):
            look(cell_text(cell), f"第 {row} 行（表头上方）第 {position + 1} 格")
    frame = masked.frame
    for position, name in enumerate(raw.header):
        if position in facts:
            continue  # dates and amounts are business facts, long numbers by nature
        for row, cell in zip(frame.index, frame[position], strict=True):
            look(cell_text(cell), f"第 {int(row)} 行“{name}”列")
    return CheckReport(raw.file, result.counts, left)


def check_file(source: str | Path, *, salt: str = DEFAULT_SALT, sheet: str | None = None
               ) -> CheckReport:
    """Read ``source`` (every sheet of a workbook) and report what masking it would leave;
    nothing is written."""
    tables = read_table(source, sheet=sheet, every=True)
    counts, left = MaskCounts(), {}
    for table in tables:
        where = f"工作表“{table.sheet}”" if len(tables) > 1 else ""
        part = check_table(table, salt, where)
        for key, value in vars(part.counts).items():
            setattr(counts, key, getattr(counts, key) + value)
        for kind, places in part.left.items():
            left.setdefault(kind, []).extend(places)
    return CheckReport(Path(source).name, counts, left)
