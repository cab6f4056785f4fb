"""The drill question banks as data: the shipped banks pass the checker, and a bad bank is
refused with the file, the line and what to do."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from crmkit.roleplay import drills as d
from crmkit.roleplay.cli import run_check
from crmkit.roleplay.drill_banks import DRILL_DIR, drill_bank
from crmkit.roleplay.drill_check import check_drill_file, drill_files


def test_the_shipped_banks_pass_and_fill_the_drills():
    assert [check_drill_file(f) for f in drill_files()] == [[], [], []]
    assert len(d.SPIN_QUESTIONS) == len(drill_bank("spin")["questions"]) == 44
    timing = drill_bank("timing")["questions"]
    assert [q.id for q in d.TIMING_QUESTIONS] == [q["id"] for q in timing]
    assert sorted(d.FABE_PRODUCTS) == sorted(p["key"] for p in drill_bank("fabe")["products"])
    t01 = d.TIMING_QUESTIONS[0]
    assert t01.options[1] == ("10:15", "") and t01.answer == "B"  # a time stays text


def _bank(tmp_path: Path, name: str, old: str, new: str) -> Path:
    folder = tmp_path / "drills"
    folder.mkdir(exist_ok=True)
    path = folder / f"{name}.yaml"
    text = (DRILL_DIR / f"{name}.yaml").read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _line(path: Path, text: str) -> int:
    """The last line holding ``text`` (a duplicate is reported where it repeats)."""
    return [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if text in line][-1]


@pytest.mark.parametrize("name, old, new, where, message", [
    ("spin", "kind: S", "kind: X", "kind: X", "kind 只能是 S、P、I、N"),
    ("spin", "id: bank-02", "id: bank-01", "id: bank-01", "编号 bank-01 和第 1 项重复了"),
    ("spin", "context: 银行对公", "context: 保险", "context: 保险", "context 只能是"),
    ("timing", "answer: B", "answer: E", "answer: E", "answer 要是 A、B、C、D 中的一个字母"),
    ("timing", "  - text: '10:15'\n", "  - text: '10:15'\n    note: 多余的点评\n", "多余的点评",
     "正确选项不写 note"),
    ("timing", "    note: 刚上班要处理积压的事、安排一天的工作，陌生电话最容易被打发。\n", "",
     "8:35", "错误选项 A 要写 note"),
    ("fabe", "key: tax-loan", "key: tax-loan\n  price: 1", "price: 1", "不认识的字段 price"),
])
def test_a_bad_bank_names_the_line_and_the_fix(tmp_path, name, old, new, where, message):
    path = _bank(tmp_path, name, old, new)
    problems = check_drill_file(path)
    assert len(problems) == 1, problems
    assert message in problems[0].message
    assert problems[0].line == _line(path, where)


def test_a_fabe_model_that_fails_the_workbench_is_refused(tmp_path):
    model_b = drill_bank("fabe")["products"][0]["model"]["B"]
    path = _bank(tmp_path, "fabe", model_b, "保证您一定能拿到贷款。")
    problems = check_drill_file(path)
    assert problems and all(p.code == "drill-model" for p in problems)
    assert any("利益（B）没有通过工作台的检查" in p.message for p in problems)


def test_the_course_check_includes_the_drill_banks(tmp_path, capsys):
    assert run_check([], course=True) == 0
    assert "共检查 11 个文件，全部通过" in capsys.readouterr().out
    bad = _bank(tmp_path, "spin", "kind: S", "kind: X")
    assert run_check([str(bad)]) != 0
    assert f"文件 {bad}，第 {_line(bad, 'kind: X')} 行" in capsys.readouterr().out


def test_an_unknown_bank_name_is_refused(tmp_path):
    path = tmp_path / "drills" / "quiz.yaml"
    path.parent.mkdir()
    shutil.copy2(DRILL_DIR / "spin.yaml", path)
    assert "文件名只能是 spin.yaml、timing.yaml、fabe.yaml" in check_drill_file(path)[0].message
