"""The authoring guide: its example passes the check and every fact it states is true."""

import importlib.util
import io
import re
from pathlib import Path

from crmkit.roleplay import best_path, compile_text, load_scenario
from crmkit.roleplay.cli import run_check
from crmkit.roleplay.sphinx import page_examples
from crmkit.roleplay.vocab import OUTCOMES, RESPONSE_MODES, SKILLS

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "book" / "trainers" / "roleplay-authoring.md"
TEXT = GUIDE.read_text(encoding="utf-8")


def example() -> str:
    (only,) = page_examples(GUIDE)
    return only[1]


def test_page_label_and_title():
    assert TEXT.startswith("(roleplay-authoring)=\n# ")


def test_example_passes_the_check_and_matches_the_prose():
    scenario = compile_text(example())
    # “4 个对话节点和 3 个结局”
    assert len(scenario["nodes"]) == 4 and len(scenario["endings"]) == 3
    path = best_path(scenario)
    # “greet 选 a、interest 选 b、confirm 选 a，共 7 分：话术得体 2 分，约见推进 5 分”
    assert [(c["node"], c["option"]) for c in path["choices"]] == [
        ("greet", "a"), ("interest", "b"), ("confirm", "a")]
    assert path["score"] == 7 and path["totals"] == {"话术得体": 2, "约见推进": 5}
    assert run_check([str(GUIDE)], out=io.StringIO()) == 0


def test_shown_check_output_is_what_the_checker_prints(tmp_path, monkeypatch):
    lines = example().splitlines()
    edits = re.findall(r"^\| 第 (\d+) 行 \| `([^`]+)` \| `([^`]+)` \|$", TEXT, flags=re.M)
    assert len(edits) == 3
    for number, old, new in edits:
        assert old in lines[int(number) - 1], (number, old)
        lines[int(number) - 1] = lines[int(number) - 1].replace(old, new)
    (tmp_path / "示例.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    assert run_check(["示例.yaml"], out=out) == 2
    shown = re.search(r"\$ crmkit scenario check 示例\.yaml\n(.*?)\n```", TEXT, flags=re.S)
    assert shown.group(1).splitlines() == out.getvalue().splitlines()


def table_rows(heading: str) -> list[str]:
    section = TEXT.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    return [row.split("|")[1].strip() for row in section.splitlines()
            if row.startswith("| ") and not row.startswith("| ---")]


def test_vocabularies_are_documented_exactly():
    assert table_rows("技能词表")[1:] == list(SKILLS)
    assert table_rows("结局类型")[1:] == list(OUTCOMES)
    modes = TEXT.split("买方反应模式来自", 1)[1].split("### 对话节点", 1)[0]
    assert [r.split("|")[1].strip() for r in modes.splitlines()
            if r.startswith("| ") and not r.startswith("| ---")][1:] == list(RESPONSE_MODES)


def test_every_problem_code_is_explained():
    spec = importlib.util.spec_from_file_location("corpus", Path(__file__).with_name(
        "test_roleplay_check.py"))
    corpus = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(corpus)
    codes = {code for _, code, _ in corpus.EXPECTED.values()}
    codes |= {"duplicate-dimension", "course-size", "course-sources", "course-id",
              "course-best-path", "unknown-response_mode"}
    table = TEXT.split("### 问题代码一览", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"`([a-z_-]+)`", table))
    assert codes <= documented, codes - documented


def test_facts_about_the_shipped_scenarios():
    # “它们分别有 15 个和 16 个对话节点、8 个和 9 个结局”
    phone = load_scenario("phone-invitation-zjtx")
    objection = load_scenario("objection-incumbent-bank")
    assert (len(phone["nodes"]), len(objection["nodes"])) == (15, 16)
    assert (len(phone["endings"]), len(objection["endings"])) == (8, 9)
    assert "分别有 15 个和 16 个对话节点、8 个和 9 个结局" in TEXT


def test_embedding_snippet_points_at_a_real_file():
    snippet = re.search(r"```\{roleplay\} (\S+)\n```", TEXT)
    assert (GUIDE.parent / snippet.group(1)).resolve().is_file()


def test_self_check_has_answers():
    section = TEXT.split("## 自测\n", 1)[1].split("\n## ", 1)[0]
    assert 3 <= section.count("```{dropdown} 查看答案") <= 5
