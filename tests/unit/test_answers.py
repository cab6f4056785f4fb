"""Exporting a learner's answers and gathering a class's files."""

import datetime
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from crmkit import CrmkitError
from crmkit.selfcheck import ITEMS, check, export_answers, record_table
from crmkit.selfcheck.core import ATTEMPTS, clear_record
from crmkit.selfcheck.export import clean_name
from crmkit.selfcheck.gather import gather, sample_records, scores_by_module, scores_by_skill

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def fresh_log():
    clear_record()
    yield
    clear_record()


def test_export_writes_the_session_verdicts(tmp_path):
    check("7.1", "B")
    check("7.5", "A")
    check("7.2", None)  # not answered: not exported
    message = export_answers("张 三", "7", tmp_path)
    record = json.loads((tmp_path / "answers-m7-张_三.json").read_text(encoding="utf-8"))
    assert record["learner"] == "张 三" and record["module"] == "7"
    assert [(i["item"], i["ok"]) for i in record["items"]] == [("7.1", True), ("7.5", False)]
    assert record["items"][0]["skills"] == list(ITEMS["7.1"].skills)
    n_module = sum(1 for i in ITEMS.values() if i.module == "7")
    assert f"2 道题的作答记录（答对 1 道，本模块共 {n_module} 道）" in message


def test_export_needs_a_name(tmp_path):
    with pytest.raises(CrmkitError, match="姓名或学号"):
        export_answers("  ", "7", tmp_path)


def write(folder, record):
    path = folder / f"answers-m{record['module']}-{record['learner']}.json"
    path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")


def test_gather_and_scores(tmp_path):
    write(tmp_path, {"format": "crmkit-answers/1", "learner": "甲", "module": "7", "items": [
        {"item": "7.1", "ok": True, "skills": ["价值矩阵", "概念"]},
        {"item": "7.2", "ok": False, "skills": ["价值矩阵", "计算"]}]})
    write(tmp_path, {"format": "crmkit-answers/1", "learner": "乙", "module": "7", "items": [
        {"item": "7.1", "ok": True, "skills": ["价值矩阵", "概念"]}]})
    answers = gather(tmp_path).answers
    assert len(answers) == 6
    by_module = scores_by_module(answers)
    assert by_module.loc["甲", "模块7"] == 50.0 and by_module.loc["乙", "模块7"] == 100.0
    by_skill = scores_by_skill(answers)
    # 价值矩阵: 3 answers, 2 right → 66.7; 计算: 1 answer, 0 right → 0.0 (weakest first)
    assert by_skill.index[0] == "计算" and by_skill.loc["计算", "答对率(%)"] == 0.0
    assert by_skill.loc["价值矩阵", "答对率(%)"] == 66.7


def test_gather_skips_foreign_files_without_stopping(tmp_path):
    write(tmp_path, {"format": "crmkit-answers/1", "learner": "甲", "module": "7", "items": [
        {"item": "7.1", "ok": True, "skills": ["价值矩阵", "概念"]}]})
    (tmp_path / "answers-m7-x.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "answers-m7-y.json").write_text('{"learner": "y"}', encoding="utf-8")
    g = gather(tmp_path)
    assert list(g.exports["学员"]) == ["甲"]
    why = dict(g.skipped)
    assert "内容不完整或不是 JSON" in why["answers-m7-x.json"]
    assert "不是课程包导出的作答记录" in why["answers-m7-y.json"]
    with pytest.raises(CrmkitError, match="没有作答记录"):
        gather(tmp_path / "empty")


def test_sample_class_is_deterministic_and_complete():
    a, b = sample_records(5, 1), sample_records(5, 1)
    assert a == b
    items_per_learner = sum(len(r["items"]) for r in a if r["learner"] == "学员01")
    assert items_per_learner == len(ITEMS)


def test_exports_carry_their_time_and_one_name_rule_on_both_paths(tmp_path):
    """The notebook and the page write exported_at and clean a name the same way."""
    check("7.1", "A")
    export_answers("张\u3000三 ", "7", tmp_path)
    record = json.loads(next(tmp_path.glob("answers-m7-*.json")).read_text(encoding="utf-8"))
    assert record["learner"] == "张 三"
    assert datetime.datetime.fromisoformat(record["exported_at"]).tzinfo is not None
    if shutil.which("node") is None:
        return
    names = ["张\u3000三 ", "  ＺｈａｎｇＳａｎ", "王\t五\n", "李四"]
    quiz = ROOT / "crmkit" / "selfcheck" / "static" / "quiz.js"
    run = subprocess.run(
        ["node", "-e", f"const q = require({json.dumps(str(quiz))});"
         f"console.log(JSON.stringify({json.dumps(names, ensure_ascii=False)}.map(q.cleanName)));"
         "console.log(q.localIso(new Date(2026, 2, 1, 9, 0, 0)));"],
        capture_output=True, text=True, timeout=60, check=True)
    cleaned, stamp = run.stdout.splitlines()
    assert json.loads(cleaned) == [clean_name(n) for n in names]
    assert datetime.datetime.fromisoformat(stamp).replace(tzinfo=None) == \
        datetime.datetime(2026, 3, 1, 9, 0, 0)


def test_every_try_is_recorded_and_exported(tmp_path):
    """Clicking through A, B, C until right is three tries, first one wrong; running the
    same cell again is not a new try; looking at another option later is a fourth."""
    for answer in ("A", "a", "C", "B", "B"):
        check("7.1", answer)
    assert [t["answer"] for t in ATTEMPTS["7.1"]] == ["A", "C", "B"]
    assert [t["ok"] for t in ATTEMPTS["7.1"]] == [False, False, True]
    check("1.12", "13.76")
    check("1.12", "13.84")  # a different typed value, the same rounded answer: not a new try
    assert [t["answer"] for t in ATTEMPTS["1.12"]] == ["13.8"]
    export_answers("张三", "7", tmp_path)
    record = json.loads((tmp_path / "answers-m7-张三.json").read_text(encoding="utf-8"))
    (entry,) = record["items"]
    assert entry["ok"] is True and [t["answer"] for t in entry["attempts"]] == ["A", "C", "B"]
    assert all(datetime.datetime.fromisoformat(t["at"]).tzinfo for t in entry["attempts"])
    table = record_table("7")
    assert list(table.index) == ["7.1"]
    assert table.loc["7.1"].tolist() == [3, "答错", "答对", "A → C → B"]
    assert "2 道题" in clear_record() and not ATTEMPTS
