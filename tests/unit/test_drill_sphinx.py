"""The ``drill`` Sphinx directive in a small book, and drill.js clicked through in Chromium.

A two-drill book is built in a temporary folder with MyST; headless Chromium opens the
pages from ``file://`` (so the data comes from ``<kind>.js``), answers through the
``#crmkit-drill-autoplay=`` hook and reads the tally and the summary from the page.
"""

from __future__ import annotations

import json
import re
import zlib
from pathlib import Path

import pytest
from sphinxrun import sphinx_build

from crmkit.roleplay import drills as d
from crmkit.roleplay.drill_web import compile_drill, drill_summary

CONF = ('extensions = ["myst_parser", "crmkit.roleplay.drill_sphinx"]\n'
        'html_theme = "basic"\n')


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("drillbook")
    (src / "conf.py").write_text(CONF, encoding="utf-8")
    (src / "index.md").write_text("# 首页\n\n```{toctree}\nsub/spin\ntiming\n```\n",
                                  encoding="utf-8")
    (src / "sub").mkdir()
    (src / "sub" / "spin.md").write_text("# SPIN\n\n```{drill} spin\n```\n", encoding="utf-8")
    (src / "timing.md").write_text("# 时机\n\n```{drill} timing\n```\n", encoding="utf-8")
    out = src / "_build"
    run = sphinx_build(src, out, "-W")
    assert run.returncode == 0, run.stderr
    return out


def test_directive_writes_div_script_and_assets(site):
    spin = (site / "sub" / "spin.html").read_text(encoding="utf-8")
    static = site / "_static" / "drills"
    # the data's URLs carry the written file's checksum, as Sphinx's do for a script
    sums = {ext: f"{zlib.crc32((static / f'spin.{ext}').read_bytes()):08x}"
            for ext in ("json", "js")}
    assert ('<div class="crmkit-drill" data-drill="../_static/drills/spin.json'
            f'?v={sums["json"]}" data-drill-kind="spin">') in spin
    assert f'<script src="../_static/drills/spin.js?v={sums["js"]}"></script>' in spin
    assert re.search(r'<script src="../_static/drills/drill\.js[^"]*"></script>', spin)
    assert re.search(r'href="../_static/drills/drill\.css[^"]*"', spin)
    timing = (site / "timing.html").read_text(encoding="utf-8")
    assert re.search(r'data-drill="_static/drills/timing\.json\?v=[0-9a-f]{8}" '
                     r'data-drill-kind="timing"', timing)
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "drill.js" not in index and "drill.css" not in index  # only pages with a drill
    assert "common.js" not in index
    # the shared script comes before the player's own
    assert spin.index("_static/drills/common.js") < spin.index("_static/drills/drill.js")
    assert sorted(p.name for p in static.iterdir()) == [
        "common.css", "common.js", "drill.css", "drill.js", "spin.js", "spin.json",
        "timing.js", "timing.json"]
    for kind in ("spin", "timing"):
        data = json.loads((static / f"{kind}.json").read_text(encoding="utf-8"))
        assert data == compile_drill(kind)
    assert not re.search(r"https?://", (static / "drill.js").read_text(encoding="utf-8"))


def test_an_unknown_drill_is_a_build_warning(tmp_path):
    (tmp_path / "conf.py").write_text(CONF, encoding="utf-8")
    (tmp_path / "index.md").write_text("# 首页\n\n```{drill} fabe\n```\n", encoding="utf-8")
    run = sphinx_build(tmp_path, tmp_path / "_build", "-W")
    assert run.returncode != 0
    assert "没有名为“fabe”的网页版小练习" in run.stderr and "index.md:3" in run.stderr


def test_chromium_answers_three_spin_questions_in_a_subfolder(chromium_dom, site):
    spin = compile_drill("spin")
    ids = [q["id"] for q in spin["questions"][:3]]
    kinds = [d.spin_question(i).kind for i in ids]
    answers = [kinds[0], next(k for k in "SPIN" if k != kinds[1]), kinds[2]]
    dom = chromium_dom((site / "sub" / "spin.html").as_uri()
                       + "#crmkit-drill-autoplay=spin:" + ",".join(answers))
    assert 'data-state="playing"' in dom
    assert "答对 2 / 已答 3" in dom and "第 4 题，共 44 题" in dom
    assert 'role="progressbar"' in dom and 'aria-valuenow="3"' in dom
    assert dom.count('class="crd-choice"') == 4


def test_chromium_finishes_the_timing_quiz_and_shows_the_missed_question(chromium_dom, site):
    timing = compile_drill("timing")
    answers = [q.answer for q in d.TIMING_QUESTIONS]
    answers[4] = next(x for x in d.TIMING_QUESTIONS[4].letters if x != answers[4])
    dom = chromium_dom((site / "timing.html").as_uri()
                       + "#crmkit-drill-autoplay=timing:" + ",".join(answers))
    summary = drill_summary(timing, answers)
    assert 'data-state="finished"' in dom
    assert summary["score_text"] in dom and summary["tally"] in dom
    missed = summary["missed"][0]
    assert f'data-question="{missed["id"]}"' in dom
    assert f"你选了 {missed['choice_label']}；正确答案是 {missed['answer_label']}。" in dom
    assert "下载记录（CSV）" in dom and "再来一次" in dom
