"""The `crmkit` command: the malformed-file corpus, good files end to end, and the edges.

Every malformed file must give exit status 2, one Chinese message with the file,
row and column, no traceback, an unchanged input file and no output folder.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import subprocess
import sys
import types
import zipfile
from pathlib import Path

import openpyxl
import pytest

from crmkit import cli
from crmkit.io import report as report_module
from crmkit.io.mask import pseudonym
from crmkit.models.rfm import SEGMENT_ACTIONS, SEGMENTS

DATA = Path(__file__).resolve().parents[1] / "data"
MALFORMED = DATA / "malformed"
GOOD = DATA / "good"

# file → (extra arguments, expected message fragment). Row numbers are Excel rows.
CORPUS = {
    "missing_customer_column.csv": ([], "missing_customer_column.csv，第 1 行：找不到客户列。"
                                        "表头里的列是：“交易日期”、“金额”"),
    "missing_date_column.csv": ([], "第 1 行：找不到日期列。"
                                    "表头里的列是：“客户号”、“金额”、“备注”"),
    "missing_amount_column.csv": ([], "第 1 行：找不到金额列。"),
    "undecodable_bytes.csv": ([], "第 3 行：这一行有无法识别的字符：文件既不是 UTF-8 编码，"
                                  "也不是 GBK/GB18030 编码"),
    "empty_file.csv": ([], "文件 empty_file.csv：文件是空的"),
    "blank_rows_only.csv": ([], "文件 blank_rows_only.csv：文件里只有空行"),
    "header_only.csv": ([], "文件 header_only.csv，第 1 行：文件里只有表头，没有数据行"),
    "amount_not_numeric.csv": ([], "第 4 行，“金额”列：金额“一百元”不是数字"),
    "impossible_date.csv": ([], "第 3 行，“交易日期”列：日期“2024-02-30”不存在："
                                "2024 年 2 月只有 29 天"),
    "month_13.csv": ([], "第 2 行，“日期”列：日期“2024/13/05”不存在：没有 13 月"),
    "unparseable_date.csv": ([], "第 2 行，“日期”列：看不懂日期“下周三”"),
    "duplicate_header.csv": ([], "第 1 行，“金额”列：第 C 列和第 D 列的列名都是“金额”"),
    "two_amount_columns.csv": ([], "第 1 行：“金额”和“交易金额”这两列都像是金额列"),
    "two_customer_columns.csv": ([], "第 1 行：“客户号”和“客户编号”这两列都像是客户列"),
    "empty_sheet.xlsx": ([], "文件 empty_sheet.xlsx：工作簿里的工作表都是空的"),
    "text_renamed.xlsx": ([], "文件 text_renamed.xlsx：打不开这个 Excel 文件："
                              "它不是真正的 .xlsx 工作簿"),
    "workbook_renamed.csv": ([], "这其实是一个 Excel 工作簿，只是扩展名写成了 .csv"),
    "damaged_old_format.xls": ([], "打不开这个旧版 Excel（.xls）文件，它可能已损坏"),
    "too_many_fields.csv": ([], "第 3 行：这一行有 4 个字段，比表头的 3 列多。"
                                "处理办法：金额里的千分位逗号"),
    "unbalanced_quote.csv": ([], "第 3 行：这一行的英文双引号没有配对"),
    "two_decimal_points.csv": ([], "第 2 行，“金额”列：金额“1.234.50”里有不止一个小数点"),
    "bad_thousands_separator.csv": ([], "第 2 行，“金额”列：金额“1,2345”的千分位逗号位置不对"),
    "unknown_currency.csv": ([], "第 1 行，“金额(美元)”列：不认识金额单位“美元”"),
    "blank_customer.csv": ([], "第 3 行，“客户号”列：客户号是空的"),
    "blank_amount.csv": ([], "第 4 行，“金额”列：金额是空的"),
    "negative_only.csv": ([], "“金额”列：所有金额都是零或负数"),
    "future_date.csv": ([], "第 4 行，“交易日期”列：交易日期 2099-01-01 晚于今天"),
    "after_as_of.csv": (["--as-of", "2024-06-30"],
                        "第 3 行，“交易日期”列：交易日期 2024-07-02 晚于评估基准日 2024-06-30"),
    "gbk_broken_byte.csv": ([], "第 4 行：这一行有无法识别的字符"),
    "utf8_broken_byte.csv": ([], "第 3 行：这一行有无法识别的字符："
                                 "文件是 UTF-8 编码，但这里有一个损坏的字节"),
    "utf16_without_bom.csv": ([], "第 1 行：这一行有二进制的空字符，"
                                  "这个文件看起来不是普通的文本文件"),
    "no_header_row.csv": ([], "第 1 行看起来是数据而不是表头"),
    "chinese_comma_delimiter.csv": ([], "列与列之间用的是中文逗号“，”"),
    "xlsx_amount_text.xlsx": ([], "文件 xlsx_amount_text.xlsx，第 5 行，“金额(万元)”列："
                                  "金额“待确认”不是数字。处理办法：只填数字，单位（万元）已经写在表头里"),
    "xlsx_impossible_date.xlsx": ([], "第 2 行，“日期”列：日期“2024-02-30”不存在"),
}


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """`crmkit ARGS` as a learner runs it: a process of its own (the entry point, its
    streams and exit status). Each costs a Python start and the pandas import."""
    return subprocess.run([sys.executable, "-m", "crmkit.cli", *map(str, args)],
                          capture_output=True, text=True, encoding="utf-8", cwd=cwd,
                          timeout=120)


def run_here(*args: str) -> subprocess.CompletedProcess:
    """The same command in this process through ``cli.main`` (what the console script
    calls), with its output captured; the tests that only read messages and files use it."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main([str(a) for a in args])
    return subprocess.CompletedProcess(["crmkit", *args], code, out.getvalue(), err.getvalue())


def test_in_process_runs_give_what_the_command_gives(tmp_path):
    """run_here stands for the real command: same status, same messages."""
    for name in ("after_as_of.csv", "future_date.csv"):
        args = ("score", MALFORMED / name, "--out", tmp_path / name, *CORPUS[name][0])
        real, here = run(*args), run_here(*args)
        assert (here.returncode, here.stdout, here.stderr) == \
            (real.returncode, real.stdout, real.stderr)
        assert here.returncode == 2 and not (tmp_path / name).exists()
    # the mask command too (its other tests run in this process)
    args = ("mask", GOOD / "names.csv", "--out", GOOD / "names.csv", "--force")
    real, here = run(*args), run_here(*args)
    assert (here.returncode, here.stdout, here.stderr) == (real.returncode, real.stdout,
                                                           real.stderr)
    assert here.returncode == 2 and "输出文件和输入文件是同一个文件" in here.stderr


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_corpus_is_complete():
    files = {p.name for p in MALFORMED.iterdir() if p.is_file() and p.name != "make_corpus.py"}
    assert len(CORPUS) >= 20
    assert files == set(CORPUS)


def test_corpus_is_reproducible(tmp_path):
    subprocess.run([sys.executable, str(MALFORMED / "make_corpus.py"), str(tmp_path)],
                   check=True, capture_output=True)
    for name in CORPUS:
        fresh = (tmp_path / name).read_bytes()
        if fresh.startswith(b"PK"):  # workbooks carry a save timestamp: compare the cells
            continue
        assert fresh == (MALFORMED / name).read_bytes(), name


@pytest.fixture(scope="module")
def corpus_runs(tmp_path_factory):
    """Run `crmkit score` on every corpus file (in this process: see run_here).

    name → (hash before, completed process, hash after, the run's own empty parent folder).
    """
    def one(name):
        source = MALFORMED / name
        parent = tmp_path_factory.mktemp("run")
        before = digest(source)
        result = run_here("score", source, "--out", parent / "report", *CORPUS[name][0])
        return name, (before, result, digest(source), parent)

    return dict(map(one, sorted(CORPUS)))


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_malformed_file(name, corpus_runs):
    fragment = CORPUS[name][1]
    before, result, after, tmp_path = corpus_runs[name]
    out = tmp_path / "report"
    assert result.returncode == 2, result.stderr
    assert fragment in result.stderr
    assert result.stderr.startswith(f"文件 {name}")
    assert "处理办法：" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stdout == ""
    assert after == before  # the input file is never modified
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []  # no temporary folder left behind either


# ---------------------------------------------------------------- good files


def read_scores(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel opens the Chinese intact
    return list(csv.reader(raw.decode("utf-8-sig").splitlines()))


@pytest.mark.parametrize("name", ["utf8_chinese.csv", "utf8_bom_english.csv",
                                  "gb18030_wanyuan.csv", "utf16_tab.txt", "excel.xlsx"])
def test_score_good_file(name, tmp_path):
    out = tmp_path / "结果"
    result = run_here("score", GOOD / name, "--out", out, "--as-of", "2024-06-30")
    assert result.returncode == 0, result.stderr
    assert f"已读取 {name}：6 笔交易，3 位客户（2024-01-15 至 2024-06-28）。" in result.stdout
    assert sorted(p.name for p in out.iterdir()) == ["report.xlsx", "scores.csv"]
    rows = read_scores(out / "scores.csv")
    assert rows[0][1:9] == ["最近一次交易距基准日(天)", "交易次数", "交易金额合计(元)", "R 分",
                            "F 分", "M 分", "RFM 代码", "客户群"]
    # R/F/M by hand: see tests/unit/test_loader.py. Scores: three customers in five
    # equal-frequency groups get 1, 3, 5 by rank. R (recent is better): C002 90 → 1,
    # C003 29 → 3, C001 2 → 5. F: C003 1 → 1, C002 2 → 3, C001 3 → 5. M: C003 99.90 → 1,
    # C001 1,800.50 → 3, C002 50,000 → 5. High = score above the mean 3:
    # C002 (R low, F low, M high) 重要挽留客户; C001 (R, F high; M low) 一般价值客户;
    # C003 all low 一般挽留客户. Rows follow the segment order.
    assert [row[:9] for row in rows[1:]] == [
        ["C002", "90", "2", "50000.00", "1", "3", "5", "135", "重要挽留客户"],
        ["C001", "2", "3", "1800.50", "5", "5", "3", "553", "一般价值客户"],
        ["C003", "29", "1", "99.90", "3", "1", "1", "311", "一般挽留客户"],
    ]


def test_report_workbook(tmp_path):
    out = tmp_path / "out"
    assert run_here("score", GOOD / "gb18030_wanyuan.csv", "--out", out).returncode == 0
    book = openpyxl.load_workbook(out / "report.xlsx")
    assert book.sheetnames == ["概览", "各客户群", "客户评分"]
    assert book["概览"]["A1"].value == "客户 RFM 评分报告"
    assert book["概览"]["B4"].number_format == "#,##0"  # a count, with thousands separators
    facts = {row[0]: row[1] for row in book["概览"].iter_rows(min_row=3, max_row=12,
                                                              values_only=True)}
    assert facts["源文件"] == "gb18030_wanyuan.csv"
    assert facts["读取的交易笔数"] == 6 and facts["客户数"] == 3
    # no --as-of: the day after the last transaction (2024-06-28)
    assert facts["评估基准日"] == "2024-06-29（未指定，取最后一笔交易的次日）"
    assert facts["金额单位"] == "原表头单位：万元；本报告统一换算为元"
    assert facts["列的对应"] == "客户 ← “客户编号”；日期 ← “日期”；金额 ← “交易金额（万元）”"
    detail = list(book["客户评分"].iter_rows(values_only=True))
    assert detail[0][0] == "客户编号"
    assert detail[1][:4] == ("C002", 89, 2, 50000)
    assert book["客户评分"].freeze_panes == "B2"
    groups = list(book["各客户群"].iter_rows(values_only=True))
    assert groups[0] == ("客户群", "客户数", "客户占比(%)", "金额合计(元)", "金额占比(%)",
                         "维护动作")
    assert [row[0] for row in groups[1:]] == list(SEGMENTS)
    assert [row[1] for row in groups[1:]] == [0, 0, 0, 1, 1, 0, 0, 1]
    assert groups[4][3] == 50000 and groups[4][5] == SEGMENT_ACTIONS["重要挽留客户"]
    assert book["各客户群"]["D2"].number_format == "#,##0.00"
    with zipfile.ZipFile(out / "report.xlsx") as archive:
        chart = archive.read("xl/charts/chart1.xml").decode()
    # customers per segment, drawn from the table above it
    assert "<c:barDir val=\"col\"/>" in chart and "各客户群客户数" in chart
    assert "各客户群!$A$2:$A$9" in chart and "各客户群!$B$2:$B$9" in chart


def test_report_sheet_leaves_missing_values_empty_whatever_their_dtype(tmp_path):
    import pandas as pd

    from crmkit.io import load_transactions
    from crmkit.models.rfm import segment_summary

    tx = load_transactions(GOOD / "utf8_chinese.csv", progress=False)
    segmented = report_module.score_customers(tx)
    scores = report_module.scores_table(segmented)
    scores["F 分"] = scores["F 分"].astype("Int64")
    scores.loc[0, "F 分"] = pd.NA  # nullable integers
    scores.loc[1, "交易金额合计(元)"] = float("nan")
    scores["RFM 代码"] = scores["RFM 代码"].astype("string")
    scores.loc[2, "RFM 代码"] = pd.NA  # nullable strings
    scores["备注"] = [None, "电话回访", 3]  # a mixed column goes through sheet.write
    path = tmp_path / "r.xlsx"
    report_module.write_workbook(path, tx, segmented, segment_summary(segmented), scores, None)
    rows = list(openpyxl.load_workbook(path)["客户评分"].iter_rows(values_only=True))
    header = rows[0]
    cell = {name: [row[header.index(name)] for row in rows[1:]] for name in header}
    assert cell["F 分"][0] is None and cell["F 分"][1:] == scores["F 分"][1:].tolist()
    assert cell["交易金额合计(元)"][1] is None and cell["交易金额合计(元)"][0] > 0
    assert cell["RFM 代码"][2] is None and cell["RFM 代码"][:2] == scores["RFM 代码"][:2].tolist()
    assert cell["备注"] == [None, "电话回访", 3]


def test_score_with_mask_uses_pseudonyms(tmp_path):
    out = tmp_path / "out"
    result = run_here("score", GOOD / "names.csv", "--out", out, "--mask", "--salt", "春季班",
                 "--as-of", "2024-06-30")
    assert result.returncode == 0, result.stderr
    rows = read_scores(out / "scores.csv")
    assert rows[0][0] == "客户名称"
    names = ("张三", "欧阳娜娜", "李四")
    assert {row[0] for row in rows[1:]} == {pseudonym(n, "春季班") for n in names}
    assert "张三" not in (out / "scores.csv").read_text(encoding="utf-8-sig")
    by_name = {row[0]: row[1:4] for row in rows[1:]}
    assert by_name[pseudonym("张三", "春季班")] == ["2", "3", "1800.50"]


def test_earlier_report_is_replaced_only_with_force(tmp_path):
    out = tmp_path / "out"
    assert run_here("score", GOOD / "utf8_chinese.csv", "--out", out).returncode == 0
    before = (out / "scores.csv").read_bytes()
    result = run_here("score", GOOD / "names.csv", "--out", out)
    assert result.returncode == 2 and "输出文件夹里已经有文件" in result.stderr
    assert (out / "scores.csv").read_bytes() == before
    result = run_here("score", GOOD / "names.csv", "--out", out, "--force")
    assert result.returncode == 0, result.stderr
    assert "张三" in (out / "scores.csv").read_text(encoding="utf-8-sig")
    assert sorted(p.name for p in out.iterdir()) == ["report.xlsx", "scores.csv"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no temporary folders left


def test_force_never_replaces_a_folder_with_other_files(tmp_path):
    out = tmp_path / "桌面"
    out.mkdir()
    (out / "年终总结.docx").write_text("重要", encoding="utf-8")
    result = run_here("score", GOOD / "utf8_chinese.csv", "--out", out, "--force")
    assert result.returncode == 2
    assert ("输出文件夹里有别的文件（年终总结.docx），为了安全，加了 --force 也不会整个替换它"
            in result.stderr)
    assert [p.name for p in out.iterdir()] == ["年终总结.docx"]


def test_empty_existing_output_folder_is_fine(tmp_path):
    (tmp_path / "out").mkdir()
    assert run_here("score", GOOD / "utf8_chinese.csv", "--out", tmp_path / "out").returncode == 0


def test_input_inside_output_folder_is_refused(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    source = out / "scores.csv"  # an earlier report's csv, scored again into its own folder
    source.write_bytes((GOOD / "utf8_chinese.csv").read_bytes())
    result = run_here("score", source, "--out", out, "--force")
    assert result.returncode == 2 and "输入文件就在输出文件夹里" in result.stderr
    assert source.read_bytes() == (GOOD / "utf8_chinese.csv").read_bytes()


def test_bad_as_of_date(tmp_path):
    result = run_here("score", GOOD / "utf8_chinese.csv", "--out", tmp_path / "o", "--as-of",
                 "2024-02-30")
    assert result.returncode == 2
    assert result.stderr.startswith("评估基准日（--as-of）：日期“2024-02-30”不存在")
    assert not (tmp_path / "o").exists()


def test_progress_bar_for_large_files(tmp_path):
    # 60,000 rows: 2,000 customers × 30 transactions in June 2024
    lines = ["客户号,交易日期,金额"] + [f"C{i % 2000:04d},2024-06-{i % 30 + 1:02d},{i % 97 + 1}.50"
                                     for i in range(60_000)]
    source = tmp_path / "big.csv"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    shown = run_here("score", source, "--out", tmp_path / "a", "--progress")
    assert shown.returncode == 0, shown.stderr
    assert "检查金额和日期：100%" in shown.stderr and "60,000/60,000 行" in shown.stderr
    assert "已读取 big.csv：60,000 笔交易，2,000 位客户" in shown.stdout
    quiet = run_here("score", source, "--out", tmp_path / "b")  # not a terminal: no bar
    assert quiet.returncode == 0 and quiet.stderr == ""


# ---------------------------------------------------------------- mask command


def test_mask_command(tmp_path):
    target = tmp_path / "masked.csv"
    result = run_here("mask", GOOD / "names.csv", "--out", target)  # messages and files
    assert result.returncode == 0, result.stderr
    assert "手机号 3 个" in result.stdout and "客户化名 3 个" in result.stdout
    assert "公开的默认盐值" in result.stdout
    text = target.read_text(encoding="utf-8-sig")
    assert "张三" not in text and "13812345678" not in text and "138****5678" in text
    again = run_here("mask", GOOD / "names.csv", "--out", target)
    assert again.returncode == 2 and "输出文件已经存在" in again.stderr
    # an output that is the input: test_in_process_runs_give_what_the_command_gives


def test_mask_command_bad_input(tmp_path):
    result = run_here("mask", MALFORMED / "undecodable_bytes.csv", "--out", tmp_path / "x.csv")
    assert result.returncode == 2 and "第 3 行" in result.stderr
    assert not (tmp_path / "x.csv").exists() and list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- in-process edges


def test_unexpected_error_is_a_chinese_message_with_status_1(tmp_path, monkeypatch, capsys):
    def boom(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(report_module, "write_workbook", boom)
    status = cli.main(["score", str(GOOD / "utf8_chinese.csv"), "--out", str(tmp_path / "o")])
    captured = capsys.readouterr()
    assert status == 1
    assert "crmkit 遇到了一个意料之外的问题（RuntimeError: boom）" in captured.err
    assert "反馈给课程维护者" in captured.err
    assert "Traceback" not in captured.err + captured.out
    assert list(tmp_path.iterdir()) == []  # the half-built report folder was removed


def test_ctrl_c(tmp_path, monkeypatch, capsys):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(report_module, "write_workbook", interrupted)
    status = cli.main(["score", str(GOOD / "utf8_chinese.csv"), "--out", str(tmp_path / "o")])
    assert status == 130 and "已取消" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_argument_errors_are_chinese(capsys):
    assert cli.main(["score"]) == 2
    assert "参数有误：缺少必填的参数：文件, --out" in capsys.readouterr().err
    assert cli.main(["frobnicate"]) == 2
    assert "没有“frobnicate”这个选项" in capsys.readouterr().err
    assert cli.main([]) == 2
    assert "子命令" in capsys.readouterr().err


def test_help_is_chinese(capsys):
    assert cli.main(["--help"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("用法：crmkit") and "给客户文件脱敏" in text
    assert cli.main(["score", "--help"]) == 0
    assert "评估基准日" in capsys.readouterr().out


def test_scenario_is_handed_to_the_roleplay_module(monkeypatch):
    seen = []
    fake = types.ModuleType("crmkit.roleplay.cli")
    fake.main = lambda argv: seen.append(argv) or 0
    monkeypatch.setitem(sys.modules, "crmkit.roleplay.cli", fake)
    assert cli.main(["scenario", "check", "a.yaml"]) == 0
    assert seen == [["check", "a.yaml"]]


def test_scenario_without_roleplay_module(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "crmkit.roleplay.cli", None)
    assert cli.main(["scenario", "run"]) == 2
    assert "角色扮演模块（crmkit.roleplay）没有安装" in capsys.readouterr().err
