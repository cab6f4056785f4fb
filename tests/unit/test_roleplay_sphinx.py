"""The ``roleplay`` Sphinx directive in a small book, and the player clicked through in Chromium.

The book is built in a temporary folder with the same parser as the course book
(MyST); headless Chromium then opens the built page, presses the option buttons
of one scenario along a fixed path and reads the final score from the page.
"""

from __future__ import annotations

import json
import re
import shutil
import zlib
from pathlib import Path

import pytest
from sphinxrun import sphinx_build

from crmkit.roleplay import best_path, load_scenario, play
from crmkit.roleplay.sphinx import examples_in_page, page_examples

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "cases" / "roleplay" / "objection-incumbent-bank.yaml"
INLINE = """id: tiny
title: 极简示例
persona: {name: 甲, role: 经理, company: 乙公司, industry: 制造, mood: 平静, response_mode: 成长型}
goal: 约见
rubric: [{name: 推进, max: 2}]
start: s
nodes:
  - id: s
    customer: 喂？
    options:
      - {id: a, text: 周四见？, skill: 约见收尾, points: {推进: 2}, feedback: 好, next: ok}
      - {id: b, text: 有空再说。, skill: 约见收尾, feedback: 没下文。, next: later}
endings:
  - {id: ok, outcome: 约定面谈, summary: 约到, appointment: {time: 周四, place: 厂, contact: 甲}}
  - {id: later, outcome: 待跟进, summary: 没约到}
"""
CONF = 'extensions = ["myst_parser", "crmkit.roleplay.sphinx"]\nhtml_theme = "basic"\n'


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("book")
    (src / "conf.py").write_text(CONF, encoding="utf-8")
    (src / "cases").mkdir()
    shutil.copy(SCENARIO, src / "cases" / SCENARIO.name)
    (src / "index.md").write_text(
        "# 首页\n\n```{toctree}\nsub/page\nplain\n```\n\n"
        "```{roleplay} cases/objection-incumbent-bank.yaml\n```\n", encoding="utf-8")
    (src / "plain.md").write_text("# 没有练习的页面\n\n正文。\n", encoding="utf-8")
    (src / "sub").mkdir()
    (src / "sub" / "page.md").write_text(
        "# 子页面\n\n````markdown\n```{roleplay}\nid: not-an-example\n```\n````\n\n"
        f"```{{roleplay}}\n:show-source:\n\n{INLINE}```\n", encoding="utf-8")
    out = src / "_build"
    run = sphinx_build(src, out, "-W")
    assert run.returncode == 0, run.stderr
    return out


def test_directive_writes_div_and_assets(site):
    index = (site / "index.html").read_text(encoding="utf-8")
    static = site / "_static" / "roleplay"
    # the data's URLs carry the written file's checksum, as Sphinx's do for a script
    sums = {ext: f"{zlib.crc32((static / f'objection-incumbent-bank.{ext}').read_bytes()):08x}"
            for ext in ("json", "js")}
    assert ('<div class="crmkit-roleplay" data-scenario="_static/roleplay/objection-incumbent-bank'
            f'.json?v={sums["json"]}" data-scenario-id="objection-incumbent-bank">') in index
    assert ('<script src="_static/roleplay/objection-incumbent-bank.js'
            f'?v={sums["js"]}"></script>') in index
    assert re.search(r'<script defer="defer" src="_static/roleplay/player\.js[^"]*"></script>',
                     index)
    assert re.search(r'href="_static/roleplay/player\.css[^"]*"', index)
    plain = (site / "plain.html").read_text(encoding="utf-8")
    assert "player.js" not in plain and "player.css" not in plain  # only where a role-play is
    sub = (site / "sub" / "page.html").read_text(encoding="utf-8")
    assert re.search(r'data-scenario="\.\./_static/roleplay/tiny\.json\?v=[0-9a-f]{8}"', sub)
    assert "极简示例" in sub and "highlight-yaml" in sub  # :show-source: printed the YAML
    # the page's scenarios, and every course scenario (a lab's notebook output plays them)
    course = {f"{p.stem}.{ext}" for p in SCENARIO.parent.glob("*.yaml") for ext in ("js", "json")}
    assert sorted(p.name for p in static.iterdir()) == sorted(
        course | {"common.css", "common.js", "player.css", "player.js", "tiny.js", "tiny.json"})
    compiled = json.loads((static / "objection-incumbent-bank.json").read_text(encoding="utf-8"))
    assert compiled == load_scenario(SCENARIO)
    assert not re.search(r"https?://", (static / "player.js").read_text(encoding="utf-8"))


def test_broken_scenario_fails_the_build_with_file_and_line(tmp_path):
    (tmp_path / "conf.py").write_text(CONF, encoding="utf-8")
    broken = INLINE.replace("next: later", "next: latr")
    (tmp_path / "index.md").write_text(f"# 首页\n\n```{{roleplay}}\n{broken}```\n",
                                       encoding="utf-8")
    run = sphinx_build(tmp_path, tmp_path / "_build", "-W")
    assert run.returncode != 0
    assert "第 12 行" in run.stderr and "next 指向“latr”" in run.stderr


def test_page_examples_skip_nested_blocks_and_give_page_lines(tmp_path):
    page = tmp_path / "p.md"
    page.write_text("# T\n\n````md\n```{roleplay}\nid: x\n```\n````\n\n"
                    f"```{{roleplay}}\n:show-source:\n\n{INLINE}```\n", encoding="utf-8")
    # the example's first YAML line (id: tiny) is line 12 of the page
    assert page_examples(page) == [(12, INLINE)]
    assert examples_in_page(page) == [INLINE]


def test_chromium_clicks_through_the_best_path_and_reads_the_score(chromium_dom, site):
    scenario = load_scenario(SCENARIO)
    path = best_path(scenario)["options"]
    url = (site / "index.html").as_uri() + "#crmkit-roleplay-autoplay=objection-incumbent-bank:" \
        + ",".join(path)
    dom = chromium_dom(url)
    assert 'data-state="finished"' in dom
    total = re.search(r'class="crp-total" data-total="(\d+)"', dom)
    assert total and int(total.group(1)) == 35 == play(scenario, path).total
    assert "结局：约定面谈" in dom and "本次达到最佳路径的 100.0%" in dom


def test_chromium_plays_a_weak_path_on_a_page_in_a_subfolder(chromium_dom, site):
    dom = chromium_dom((site / "sub" / "page.html").as_uri() + "#crmkit-roleplay-autoplay=tiny:b")
    assert 'data-state="finished"' in dom and 'data-total="0"' in dom
    assert "错过的机会" in dom and "结局：待跟进" in dom
