"""The SPIN and phone-timing drills compiled for the static book, and drill.js's engine.

Every verdict in the compiled data must be the Python judge's own; the questions come
in the notebook widget's order; the ``.js`` file for ``file://`` pages carries the
same data; and ``node tests/js/drill_conformance.js`` must give the same records,
tallies, summaries and CSV text as the reference functions in ``drill_web``.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path

import pytest
from docutils import nodes
from docutils.utils import new_document

from crmkit import CrmkitError
from crmkit.roleplay import drill_sphinx
from crmkit.roleplay import drills as d
from crmkit.roleplay.drill_web import (
    CSV_HEADER,
    FORMAT,
    compile_drill,
    csv_text,
    drill_csv,
    drill_csv_rows,
    drill_play,
    drill_summary,
    percent_text,
    write_drill,
)
from crmkit.roleplay.embed import to_json

ROOT = Path(__file__).resolve().parents[2]
RUNNER = ROOT / "tests" / "js" / "drill_conformance.js"
NODE = shutil.which("node")
KINDS = ("spin", "timing")


@pytest.fixture(scope="module")
def compiled() -> dict:
    return {kind: compile_drill(kind) for kind in KINDS}


# ---------------------------------------------------------------- compiled data

def test_every_spin_question_is_there_in_the_widget_order(compiled):
    spin = compiled["spin"]
    assert spin["format"] == FORMAT and spin["kind"] == "spin"
    ids = [q["id"] for q in spin["questions"]]
    assert ids == d.spin_order(2024)
    assert sorted(ids) == sorted(q.id for q in d.SPIN_QUESTIONS) and len(ids) == 44
    for q in spin["questions"]:
        source = d.spin_question(q["id"])
        assert q["text"] == source.text
        assert q["scene"] == f"{source.context}｜提问对象：{source.who}"
        assert [(c["key"], c["label"]) for c in q["choices"]] == [
            ("S", "S 情况问题"), ("P", "P 难点问题"), ("I", "I 暗示问题"), ("N", "N 需求-效益问题")]


def test_every_timing_question_is_there_in_the_written_order(compiled):
    timing = compiled["timing"]
    assert timing["format"] == FORMAT and timing["kind"] == "timing"
    assert [q["id"] for q in timing["questions"]] == [q.id for q in d.TIMING_QUESTIONS]
    for q, source in zip(timing["questions"], d.TIMING_QUESTIONS, strict=True):
        assert q["text"] == source.text
        assert [c["key"] for c in q["choices"]] == list(source.letters)
        assert [c["label"] for c in q["choices"]] == [
            f"{letter}. {text}" for letter, (text, _) in zip(source.letters, source.options,
                                                             strict=True)]


def test_the_web_drills_match_the_notebook_widgets(compiled):
    widgets = pytest.importorskip("crmkit.widgets.drills")
    for kind, widget in (("spin", widgets.spin_drill()), ("timing", widgets.timing_quiz())):
        assert compiled[kind]["title"] == widget.title
        assert [q["id"] for q in compiled[kind]["questions"]] == widget.ids
        for q in compiled[kind]["questions"]:
            assert [(c["label"], c["key"]) for c in q["choices"]] == [
                (label, value) for label, value, _ in widget.choices(q["id"])]


@pytest.mark.parametrize("kind, judge", [("spin", d.judge_spin), ("timing", d.judge_timing)])
def test_every_verdict_is_the_python_judges(compiled, kind, judge):
    for q in compiled[kind]["questions"]:
        assert list(q["verdicts"]) == [c["key"] for c in q["choices"]]
        for key, verdict in q["verdicts"].items():
            j = judge(q["id"], key)
            assert verdict == {"status": j.status, "message": j.message}, (q["id"], key)
            assert j.status in (d.RIGHT, d.WRONG)


def test_exactly_one_choice_is_right_and_it_is_the_banks_answer(compiled):
    for q in compiled["spin"]["questions"]:
        right = [k for k, v in q["verdicts"].items() if v["status"] == d.RIGHT]
        assert right == [d.spin_question(q["id"]).kind], q["id"]
    for q in compiled["timing"]["questions"]:
        right = [k for k, v in q["verdicts"].items() if v["status"] == d.RIGHT]
        assert right == [d.timing_question(q["id"]).answer], q["id"]


def test_another_seed_gives_another_order_of_the_same_questions():
    other = compile_drill("spin", seed=7)
    assert [q["id"] for q in other["questions"]] == d.spin_order(7) != d.spin_order(2024)


def test_an_unknown_kind_is_refused_in_chinese():
    with pytest.raises(CrmkitError, match="没有名为“fabe”的网页版小练习"):
        compile_drill("fabe")


@pytest.mark.parametrize("kind", KINDS)
def test_written_json_and_js_carry_the_same_data(compiled, kind, tmp_path):
    paths = write_drill(compiled[kind], tmp_path)
    assert [p.name for p in paths] == [f"{kind}.json", f"{kind}.js"]
    assert json.loads(paths[0].read_text(encoding="utf-8")) == compiled[kind]
    script = paths[1].read_text(encoding="utf-8")
    prefix = ("(window.CrmkitDrillData = window.CrmkitDrillData || {})"
              f'["{kind}"] = ')
    assert script.startswith(prefix) and script.endswith(";\n")
    assert json.loads(script[len(prefix):-2]) == compiled[kind]
    assert "http://" not in script and "https://" not in script


# ---------------------------------------------------------------- reference engine

def test_percent_rounds_half_up_with_integers():
    assert percent_text(1, 3) == "33.3" and percent_text(2, 3) == "66.7"
    assert percent_text(1, 8) == "12.5" and percent_text(1, 16) == "6.3"  # 6.25 → 6.3
    assert percent_text(0, 5) == "0.0" and percent_text(44, 44) == "100.0"
    assert percent_text(0, 0) == ""


def test_csv_quotes_only_when_needed():
    assert csv_text([["a", 1, 'b"c', "d,e", "f\ng"]]) == 'a,1,"b""c","d,e","f\ng"\r\n'


def test_summary_and_csv_of_a_short_timing_run(compiled):
    timing = compiled["timing"]
    t01, t02 = d.TIMING_QUESTIONS[:2]
    wrong = next(x for x in t02.letters if x != t02.answer)
    answers = [t01.answer, wrong]
    s = drill_summary(timing, answers)
    assert (s["answered"], s["right"], s["total"], s["finished"]) == (2, 1, 10, False)
    assert s["tally"] == "答对 1 / 已答 2"
    assert s["score_text"] == "已答 2 题（共 10 题），答对 1 题，正确率 50.0%"
    assert [m["id"] for m in s["missed"]] == ["t02"]
    assert s["missed"][0]["answer"] == t02.answer
    assert s["missed"][0]["message"] == d.judge_timing("t02", wrong).message
    assert s["advice"] == timing["advice"]["missed"]
    rows = drill_csv_rows(timing, answers, "李雷")
    assert rows[0] == list(CSV_HEADER) and len(rows) == 4
    assert rows[2][:4] == ["李雷", timing["title"], 2, "t02"] and rows[2][7] == d.WRONG
    assert rows[-1][2] == "合计" and rows[-1][7] == "答对 1 / 已答 2"
    text = drill_csv(timing, answers, "李雷")
    assert text.startswith("\ufeff学员,练习,序号,") and text.endswith("\r\n")


def test_a_perfect_run_finishes_with_full_marks(compiled):
    spin = compiled["spin"]
    answers = [d.spin_question(q["id"]).kind for q in spin["questions"]]
    s = drill_summary(spin, answers)
    assert s["finished"] and s["missed"] == [] and s["right"] == 44
    assert s["score_text"] == "44 题全部做完，答对 44 题，正确率 100.0%"
    assert s["advice"] == spin["advice"]["perfect"]


def test_play_stops_at_a_choice_the_question_does_not_offer(compiled):
    played = drill_play(compiled["spin"], ["S", "X", "P"])
    assert len(played["records"]) == 1
    assert played["error"] == "第 2 题没有选项“X”，可选：S、P、I、N"
    timing = compiled["timing"]
    played = drill_play(timing, ["A"] * 11)
    assert len(played["records"]) == 10
    assert played["error"] == "练习已经做完，请点“再来一次”重新开始"
    assert drill_summary(timing, [])["advice"] == "" and drill_summary(timing, [])["tally"] \
        == "答对 0 / 已答 0"


# ---------------------------------------------------------------- node conformance

def answer_sequences(drill: dict) -> list[list[str]]:
    """All right, all wrong, partial, empty, invalid, one too many, seeded random runs."""
    questions = drill["questions"]

    def right(q):
        return next(k for k, v in q["verdicts"].items() if v["status"] == drill["right"])

    def wrong(q):
        return next(k for k, v in q["verdicts"].items() if v["status"] != drill["right"])

    keys = [[c["key"] for c in q["choices"]] for q in questions]
    all_right = [right(q) for q in questions]
    all_wrong = [wrong(q) for q in questions]
    rng = random.Random(2024)
    walks = [[rng.choice(k) for k in keys] for _ in range(12)]
    walks += [[rng.choice(k) for k in keys[:rng.randrange(1, len(keys))]] for _ in range(6)]
    return [all_right, all_wrong, all_right[:3], [], all_right[:2] + ["无"] + all_right[3:],
            all_right + [all_right[0]], *walks]


@pytest.mark.parametrize("kind", KINDS)
def test_python_and_javascript_agree(compiled, kind, tmp_path):
    if NODE is None:
        pytest.skip("没有找到 node：跳过 Python 与 JavaScript 小练习的一致性测试"
                    "（安装 Node.js 后再运行）")
    drill = compiled[kind]
    sequences = answer_sequences(drill)
    specs = [{"answers": s, "learner": f"学员{i}" if i % 2 else ""}
             for i, s in enumerate(sequences)]
    (tmp_path / "drill.json").write_text(to_json(drill), encoding="utf-8")
    (tmp_path / "answers.json").write_text(json.dumps(specs, ensure_ascii=False),
                                           encoding="utf-8")
    run = subprocess.run([NODE, str(RUNNER), str(tmp_path / "drill.json"),
                          str(tmp_path / "answers.json")],
                         capture_output=True, text=True, timeout=120, check=True)
    results = json.loads(run.stdout)
    assert len(results) == len(specs)
    for spec, got in zip(specs, results, strict=True):
        answers = spec["answers"]
        played = drill_play(drill, answers)
        summary = drill_summary(drill, answers)
        assert got["error"] == played["error"], answers
        assert got["records"] == played["records"], answers
        assert got["finished"] == summary["finished"], answers
        n = len(played["records"])
        assert got["tallies"] == [drill_summary(drill, answers[:i])["tally"]
                                  for i in range(n + 1)], answers
        assert got["summary"] == summary, answers
        assert got["csv"] == drill_csv(drill, answers, spec["learner"]), answers


def test_sequences_cover_the_edge_cases(compiled):
    drill = compiled["timing"]
    seqs = answer_sequences(drill)
    assert drill_summary(drill, seqs[0])["right"] == 10
    assert drill_summary(drill, seqs[1])["right"] == 0
    assert drill_play(drill, seqs[4])["error"] and drill_play(drill, seqs[5])["error"]


# ---------------------------------------------------------------- Sphinx extension pieces

class _Builder:
    def __init__(self, fmt: str, docname: str = "06-marketing/practice/spin-drill",
                 outdir: str = "/nonexistent/site"):
        self.format, self.current_docname, self.outdir = fmt, docname, outdir

    def get_target_uri(self, docname: str) -> str:
        return docname + ".html"


class _App:
    def __init__(self, fmt: str):
        self.builder = _Builder(fmt)
        self.added: list[str] = []

    def add_js_file(self, name, **_):
        self.added.append(name)

    def add_css_file(self, name, **_):
        self.added.append(name)


def _doctree(kind: str = "spin"):
    doc = new_document("page.md")
    node = drill_sphinx.drill_node()
    node["kind"] = kind
    doc += nodes.paragraph(text="前言")
    doc += node
    return doc


def test_html_writes_the_div_with_relative_paths():
    class Translator:
        builder = _Builder("html")
        body: list[str] = []

    translator = Translator()
    with pytest.raises(nodes.SkipNode):
        drill_sphinx._visit_html(translator, _doctree().children[1])
    html = "".join(translator.body)
    base = "../../_static/drills/"
    assert (f'<div class="crmkit-drill" data-drill="{base}spin.json" data-drill-kind="spin">'
            in html)
    assert f'<script src="{base}spin.js"></script>' in html  # no data written: no checksum
    assert "<noscript>" in html and "正在载入小练习" in html


def test_a_non_html_builder_gets_a_one_line_note():
    doc = _doctree("timing")
    drill_sphinx._not_html(_App("text"), doc, "page")
    assert not list(doc.findall(drill_sphinx.drill_node))
    assert doc.children[1].astext() == ("（互动小练习“电话时机测验：什么时候打给谁？”："
                                        "请在网页版中作答。）")
    html_doc = _doctree()
    drill_sphinx._not_html(_App("html"), html_doc, "page")
    assert list(html_doc.findall(drill_sphinx.drill_node))


def test_only_pages_with_a_drill_load_the_player():
    app = _App("html")
    drill_sphinx._page_assets(app, "p", "page.html", {}, new_document("p.md"))
    drill_sphinx._page_assets(app, "genindex", "genindex.html", {}, None)
    assert app.added == []
    drill_sphinx._page_assets(app, "p", "page.html", {}, _doctree())
    assert app.added == ["drills/common.css", "drills/common.js", "drills/drill.css",
                         "drills/drill.js"]
