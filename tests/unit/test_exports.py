"""`crmkit score` on files shaped the way real systems export them (tests/data/exports).

Each shape has one test: a file that must be read gives the scored values the rows
add up to and says in the output how it was read; a file that must be refused gives
exit status 2 and a Chinese message with the row and column and what to do. Either
way the input file is unchanged, and a refused file leaves no output folder.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from crmkit import CrmkitError, cli
from crmkit.io import load_transactions

EXPORTS = Path(__file__).resolve().parents[1] / "data" / "exports"
ROWS = {"C1001": 451500.50, "C1002": 25000.00, "C1003": 560000.00}   # make_exports.LEDGER


def score(name: str, tmp_path: Path, capsys, *extra: str) -> tuple[int, str, str, Path]:
    """Run `crmkit score` in-process on a corpus file; check the file was only read."""
    source = EXPORTS / name
    before = hashlib.sha256(source.read_bytes()).hexdigest()
    out = tmp_path / "report"
    code = cli.main(["score", str(source), "--out", str(out), *extra])
    shown = capsys.readouterr()
    assert hashlib.sha256(source.read_bytes()).hexdigest() == before
    assert "Traceback" not in shown.out + shown.err
    if code != 0:
        assert code == 2 and not out.exists() and shown.out == ""
        assert shown.err.startswith(f"文件 {name}") and "处理办法：" in shown.err
    return code, shown.out, shown.err, out


def totals_by_customer(out: Path) -> dict[str, float]:
    scores = pd.read_csv(out / "scores.csv", encoding="utf-8-sig", dtype={0: str})
    return dict(zip(scores.iloc[:, 0], scores["交易金额合计(元)"].round(2), strict=True))


def overview(out: Path) -> dict[str, str]:
    sheet = openpyxl.load_workbook(out / "report.xlsx")["概览"]
    return {r[0]: str(r[1]) for r in sheet.iter_rows(min_row=3, max_col=2, values_only=True)
            if r[0]}


def test_a_statement_with_title_lines_subtotals_and_a_total(tmp_path, capsys):
    code, out, _, folder = score("core_banking_statement.csv", tmp_path, capsys)
    assert code == 0
    assert totals_by_customer(folder) == ROWS
    assert "跳过的合计、小计行：第 7、10、12、13 行（共 4 行，不算作交易）" in out
    assert "合计核对：第 13 行“合计” 1,036,500.50 元，与读入的 6 笔交易之和一致" in out
    assert "3 个小计都与各自那一组交易之和一致" in out
    assert "第 7、10、12、13 行" in overview(folder)["跳过的合计、小计行"]


def test_a_total_that_does_not_match_is_reported_with_both_figures(tmp_path, capsys):
    code, out, _, folder = score("total_mismatch.csv", tmp_path, capsys)
    assert code == 0
    assert ("注意：合计核对：第 7 行“合计”写的是 1,036,500.50 元，而读入的 5 笔交易之和是 "
            "476,500.50 元，相差 560,000.00 元") in out
    assert overview(folder)["合计核对"].startswith("注意：")


def test_a_customer_called_like_a_total_with_a_date_is_a_sale(tmp_path):
    page = tmp_path / "x.csv"
    page.write_text("序号,客户号,交易日期,金额\n1,合计科技,2024-03-05,100\n2,C2,2024-03-06,50\n"
                    "本页合计,,,150\n", encoding="utf-8")
    read = load_transactions(page)
    assert read["customer_id"].tolist() == ["合计科技", "C2"]
    assert [x["ok"] for x in read.attrs["total_lines"]] == [True]


def test_a_notes_sheet_before_the_data_sheet(tmp_path, capsys):
    code, out, _, folder = score("notes_sheet_first.xlsx", tmp_path, capsys)
    assert code == 0 and totals_by_customer(folder) == ROWS
    assert "已读取 notes_sheet_first.xlsx（工作表“交易明细”）" in out
    assert "工作簿里共 2 个工作表：说明、交易明细" in overview(folder)["工作表"]


def test_sheet_chosen_by_name_and_an_unknown_name(tmp_path, capsys):
    code, out, _, folder = score("two_years.xlsx", tmp_path, capsys, "--sheet", "2024年")
    assert code == 0 and totals_by_customer(folder) == ROWS
    code, _, err, _ = score("two_years.xlsx", tmp_path / "b", capsys, "--sheet", "2022年")
    assert "工作簿里没有名为“2022年”的工作表" in err and "工作表有：2023年、2024年" in err
    code, _, err, _ = score("currencies.csv", tmp_path / "c", capsys, "--sheet", "2024年")
    assert "只有 Excel 工作簿才有工作表" in err


def test_a_wps_workbook_with_a_total_row(tmp_path, capsys):
    code, out, _, folder = score("wps_total_row.xlsx", tmp_path, capsys)
    assert code == 0 and totals_by_customer(folder) == ROWS
    assert "第 8 行“合计” 1,036,500.50 元，与读入的 6 笔交易之和一致" in out


def test_a_legacy_xls_from_an_older_core_system(tmp_path, capsys):
    code, out, _, folder = score("legacy_core.xls", tmp_path, capsys)
    assert code == 0
    assert totals_by_customer(folder) == ROWS  # 万元 in the header, dates as date cells
    assert "2024-10-08 至 2024-12-20" in out


def test_a_password_protected_workbook_is_named_as_such(tmp_path, capsys):
    code, _, err, _ = score("password.xlsx", tmp_path, capsys)
    assert code == 2
    assert "设了打开密码（已加密）" in err and "用密码进行加密" in err and "不是真正的" not in err


def test_several_currencies_are_never_added_up(tmp_path, capsys):
    code, _, err, _ = score("currencies.csv", tmp_path, capsys)
    assert code == 2
    assert ("第 4 行，“币种”列：“币种”列里有 3 种币种：人民币 4 笔（第 2、3、5 行等）；"
            "美元 1 笔（第 4 行）；港币 1 笔（第 6 行）。不同币种的金额不能直接相加") in err
    assert "--currency 人民币" in err
    code, out, _, folder = score("currencies.csv", tmp_path / "b", capsys, "--currency", "CNY")
    assert code == 0
    assert totals_by_customer(folder) == {"A0001": 42500.0, "A0002": 8800.0, "A0003": 4200.0}
    assert "只计入币种为人民币的交易；美元 1 笔、港币 1 笔没有计入" in out
    code, _, err, _ = score("currencies.csv", tmp_path / "c", capsys, "--currency", "欧元")
    assert "“币种”列里没有欧元的交易" in err and "人民币、美元、港币" in err


def test_debit_and_credit_columns_need_a_flow(tmp_path, capsys):
    code, _, err, _ = score("debit_credit.csv", tmp_path, capsys)
    assert code == 2
    assert "没有单独的金额列，金额分在“借方发生额”和“贷方发生额”两列" in err
    assert "--flow 贷方" in err and "--flow 双向" in err
    code, out, _, folder = score("debit_credit.csv", tmp_path / "a", capsys, "--flow", "贷方")
    assert code == 0
    assert totals_by_customer(folder) == {"C2001": 50000.0, "C2002": 8000.0}
    assert "只算贷方（转入、收入）；另一方向的 3 笔没有计入" in out
    code, out, _, folder = score("debit_credit.csv", tmp_path / "b", capsys, "--flow", "双向")
    assert totals_by_customer(folder) == {"C2001": 62000.0, "C2002": 11500.0, "C2003": 20000.0}
    code, _, err, _ = score("units_in_cells.csv", tmp_path / "c", capsys, "--flow", "贷方")
    assert "这个文件有金额列“金额”，不需要 --flow" in err


def test_amounts_that_write_their_own_unit(tmp_path, capsys):
    code, _, _, folder = score("units_in_cells.csv", tmp_path, capsys)
    assert code == 0
    assert totals_by_customer(folder) == {"C3001": 120_035_000.0, "C3002": 1700.0,
                                          "C3003": 8000.0}


def test_a_year_typed_in_the_future_is_refused_with_its_row(tmp_path, capsys):
    code, _, err, _ = score("future_year_typo.csv", tmp_path, capsys)
    assert code == 2
    assert "第 3 行，“交易日期”列：交易日期 2052-01-03 晚于今天" in err
    assert "核对这一行的年份是否打错" in err


def test_the_corpus_is_complete_and_reproducible(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_exports", EXPORTS / "make_exports.py")
    make = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make)
    built = make.corpus()
    assert {p.name for p in EXPORTS.iterdir()
            if p.is_file() and p.suffix not in (".py", ".md")} == set(built)
    for name, data in built.items():
        if data is None or name == "password.xlsx":  # encryption salts at random
            continue
        if name.endswith(".xlsx"):  # a workbook carries its zip timestamps: compare the cells
            def cells(blob):
                book = openpyxl.load_workbook(io.BytesIO(blob))
                return [(s.title, list(s.values)) for s in book.worksheets]
            assert cells((EXPORTS / name).read_bytes()) == cells(data), name
        else:
            assert (EXPORTS / name).read_bytes() == data, name


def test_advice_fits_the_problem_a_notes_sentence_is_not_a_delimiter(tmp_path):
    from crmkit import CrmkitError

    book = openpyxl.Workbook()
    book.active.title = "说明"
    book.active.append(["本表由核心系统导出，金额单位为元，请勿外传。"])
    book.active.append(["导出日期：2025-01-02"])
    book.create_sheet("附注").append(["联系人：运营管理部"])
    book.save(tmp_path / "notes.xlsx")
    with pytest.raises(CrmkitError) as caught:
        load_transactions(tmp_path / "notes.xlsx")
    message = caught.value.message
    assert "中文逗号" not in message
    assert "没有一个工作表同时有这三列（工作表有：说明、附注）" in message
    typed = tmp_path / "typed.csv"
    typed.write_text("客户号，交易日期，金额\nC1，2024-01-01，5\n", encoding="utf-8")
    with pytest.raises(CrmkitError, match="中文逗号"):
        load_transactions(typed)


def test_a_clean_export_read_the_quick_way_gives_what_the_careful_reader_gives(tmp_path):
    """The quick path (amounts parsed as numbers by pandas) is taken for a clean file and
    gives exactly the careful reader's table; a file it cannot take falls back unseen."""
    from crmkit.io import table as table_module

    clean = tmp_path / "clean.csv"
    clean.write_text("城东支行流水\n客户号,交易日期,金额,摘要\n\nC1,2024-03-05,1200.5,货款\n"
                     "C2,2024-03-06,-20,退款\n,,,\nC1,2024-04-01,,\n合计,,1180.5,\n",
                     encoding="utf-8")
    quick = table_module._read_csv_fast(clean.read_bytes(), clean.name)
    assert quick is not None and quick.frame.index.tolist() == [4, 5, 7, 8]
    with pytest.raises(CrmkitError) as caught:   # the blank amount of row 7, named as such
        load_transactions(clean)
    assert "第 7 行" in caught.value.message and "金额是空的" in caught.value.message
    good = tmp_path / "good.csv"
    good.write_text(clean.read_text(encoding="utf-8").replace("C1,2024-04-01,,\n", ""),
                    encoding="utf-8")
    fast = load_transactions(good)
    careful = table_module.read_table(good)
    assert fast.index.tolist() == [4, 5] and fast["amount"].tolist() == [1200.5, -20.0]
    assert careful.frame.index.tolist() == [4, 5, 7]     # the same Excel rows either way
    assert fast.attrs["total_lines"][0]["row"] == 7 and fast.attrs["total_lines"][0]["ok"]
    quoted = tmp_path / "quoted.csv"
    quoted.write_text('客户号,交易日期,金额\nC1,2024-03-05,"1,200.50"\n', encoding="utf-8")
    assert table_module._read_csv_fast(quoted.read_bytes(), quoted.name) is None
    assert load_transactions(quoted)["amount"].tolist() == [1200.5]
