"""The scenario checker: every broken file in the corpus gives its Chinese message at its line."""

import io
import json
import sys
from pathlib import Path

import pytest
import yaml

from crmkit import CrmkitError
from crmkit.roleplay import check_file, check_text, compile_all
from crmkit.roleplay.check import schema, validator
from crmkit.roleplay.cli import main, run_check
from crmkit.roleplay.loader import Problem, spaced
from crmkit.roleplay.vocab import OUTCOMES, RESPONSE_MODES, SKILLS, SUCCESS_OUTCOMES

ROOT = Path(__file__).resolve().parents[2]
BROKEN = ROOT / "tests" / "data" / "roleplay_broken"
SHIPPED = sorted((ROOT / "cases" / "roleplay").glob("*.yaml"))

# file → (line, code, fragment of the message). Line numbers count the “# 故意写错” comment
# on line 1 of every file; each was read off the file by hand.
EXPECTED = {
    "appointment-missing.yaml": (46, "schema", "缺少必填字段 appointment（面谈约定）"),
    "appointment-no-contact.yaml": (49, "schema", "缺少必填字段 contact（联系人）"),
    "bad-scenario-id.yaml": (2, "schema", "场景编号“Broken_Example”只能用小写英文字母"),
    "boolean-id.yaml": (40, "schema", "YAML 把 no 读成了真假值"),
    "closed-loop.yaml": (31, "closed-loop", "死循环：n2 → n3 → n2"),
    "dead-end.yaml": (31, "dead-end", "节点“n2”不是结局，却没有任何选项"),
    "duplicate-key.yaml": (29, "duplicate-key", "键“skill”写了两次（第 28 行已有）"),
    "duplicate-node-id.yaml": (45, "duplicate-id", "编号“n2”重复：第 31 行已经用过"),
    "duplicate-option-id.yaml": (26, "duplicate-option", "选项编号“a”重复（第 20 行已有）"),
    "empty-node.yaml": (31, "schema", "至少要写 customer（客户台词）或 narration（旁白）之一"),
    "empty.yaml": (1, "empty", "文件是空的"),
    "five-options.yaml": (19, "schema", "节点“n1”有 5 个选项，最多只能有 4 个"),
    "gbk-encoding.yaml": (1, "encoding", "文件不是 UTF-8 编码"),
    "missing-goal.yaml": (1, "schema", "缺少必填字段 goal（练习目标）"),
    "missing-start.yaml": (15, "missing-start", "开场节点“n0”不存在"),
    "missing-target.yaml": (30, "missing-target", "next 指向“refuze”，但场景里没有这个编号"),
    "no-success.yaml": (45, "no-success", "场景没有成功结局"),
    "not-a-mapping.yaml": (1, "schema", "整个文件应当是一组“键: 值”"),
    "one-option.yaml": (33, "schema", "节点“n2”只有 1 个选项，至少要有 2 个"),
    "points-negative.yaml": (23, "points-range", "在“话术”上得 -1 分，超出范围：应在 0 到 3 之间"),
    "points-too-high.yaml": (37, "points-range", "在“话术”上得 5 分，超出范围：应在 0 到 3 之间"),
    "rubric-max-zero.yaml": (14, "schema", "max（单步满分）是 0，应在 1 到 10 之间"),
    "self-loop.yaml": (31, "closed-loop", "死循环：n2 → n2"),
    "start-is-ending.yaml": (15, "start-is-ending", "开场节点“booked”是一个结局"),
    "success-unreachable.yaml": (45, "no-success", "成功结局都走不到"),
    "unknown-dimension.yaml": (37, "unknown-dimension",
                               "未声明的评分维度“话述”打了分（是不是想写“话术”？）"),
    "unknown-field.yaml": (33, "schema", "未知字段“optoins”（是不是想写“options”？）"),
    "unknown-outcome.yaml": (57, "unknown-outcome",
                             "写的是“拒绝”，不在结局类型里（是不是想写“婉拒”？）"),
    "unknown-skill.yaml": (28, "unknown-skill", "写的是“SPIN-X”，不在技能表里"),
    "unquoted-time.yaml": (50, "schema", "YAML 把 10:00 读成了数字 600；请写成 \"10:00\""),
    "unreachable.yaml": (45, "unreachable", "节点“n3”从开场节点“n1”出发走不到"),
    "yaml-colon.yaml": (41, "yaml", "冒号用得不对"),
    "yaml-tab.yaml": (9, "yaml", "用了制表符（Tab）"),
    "yaml-two-documents.yaml": (12, "yaml", "一个文件只能写一个场景"),
    "yaml-unclosed-quote.yaml": (32, "yaml", "引号没有配对"),
}


def test_corpus_is_complete_and_large_enough():
    files = sorted(p.name for p in BROKEN.glob("*.yaml"))
    assert files == sorted(EXPECTED)
    assert len(files) >= 12


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_broken_file_gives_its_message_at_its_line(name):
    line, code, fragment = EXPECTED[name]
    problems = check_file(BROKEN / name)
    hits = [p for p in problems if p.code == code and fragment in p.message]
    assert hits, "\n".join(map(str, problems))
    assert hits[0].line == line
    assert str(hits[0]).startswith(f"文件 {BROKEN / name}，第 {line} 行：")


def test_unknown_field_also_reports_the_node_left_without_options():
    codes = [p.code for p in check_file(BROKEN / "unknown-field.yaml")]
    assert codes.count("schema") == 1 and "dead-end" in codes


def test_rubric_max_zero_does_not_cascade_into_range_errors():
    codes = [p.code for p in check_file(BROKEN / "rubric-max-zero.yaml")]
    assert codes == ["schema"]


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_shipped_scenarios_pass_the_course_check(path):
    assert check_file(path, course=True) == []


def test_at_least_two_scenarios_are_shipped():
    names = {p.stem for p in SHIPPED}
    assert {"phone-invitation-zjtx", "objection-incumbent-bank"} <= names


def test_cli_exit_status_and_output():
    out = io.StringIO()
    assert run_check([str(p) for p in SHIPPED], out=out) == 0
    assert out.getvalue().strip() == f"共检查 {len(SHIPPED)} 个文件，全部通过。"
    out = io.StringIO()
    files = [str(BROKEN / "dead-end.yaml"), str(SHIPPED[0])]
    assert run_check(files, out=out) == 2
    lines = out.getvalue().strip().splitlines()
    # dead-end.yaml: the dead end, the success ending it hides, and 2 unreachable endings
    assert len(lines) == 5 and lines[-1] == "共检查 2 个文件，其中 1 个有问题，共 4 处。"
    assert all(line.startswith(f"文件 {BROKEN / 'dead-end.yaml'}，第 ") for line in lines[:4])


def test_cli_main_defaults_to_shipped_and_never_raises(capsys):
    assert main(["scenario", "check"]) == 0
    assert "全部通过" in capsys.readouterr().out
    assert main(["check", str(BROKEN / "yaml-tab.yaml")]) == 2
    assert main(["check", "no/such/file.yaml"]) == 2
    assert "找不到这个文件" in capsys.readouterr().out
    assert main(["chek"]) == 2  # a typo in the sub-command is a Chinese message too
    assert "命令写得不对" in capsys.readouterr().out


def test_course_rules():
    text = (BROKEN / "dead-end.yaml").read_text(encoding="utf-8")
    small = text.replace("    customer: 什么事？\n", "    customer: 什么事？\n" + OPTIONS)
    assert check_text(small, "small.yaml") == []
    codes = sorted(p.code for p in check_text(small, "small.yaml", course=True))
    # 2 nodes < 12 → course-size; no sources; id broken-example ≠ small
    assert codes == ["course-id", "course-size", "course-sources"]


OPTIONS = """    options:
      - id: a
        text: 周四上午见面聊聊？
        skill: 约见收尾
        points: {话术: 3}
        feedback: 具体。
        next: booked
      - id: b
        text: 有空再说。
        skill: 约见收尾
        feedback: 没有下文。
        next: later
"""


def test_cycle_with_an_exit_is_allowed():
    text = (BROKEN / "dead-end.yaml").read_text(encoding="utf-8")
    loop = OPTIONS.replace("next: later", "next: n1")  # n1 ⇄ n2, but n2 → booked leaves the loop
    line = "    customer: 什么事？\n"
    problems = check_text(text.replace(line, line + loop))
    # no closed-loop: only the ending nobody links to any more
    assert [p.code for p in problems] == ["unreachable"]
    assert "结局“later”" in problems[0].message


def test_schema_vocabulary_matches_vocab_module():
    defs = schema()["$defs"]
    assert defs["option"]["properties"]["skill"]["enum"] == list(SKILLS)
    assert defs["ending"]["properties"]["outcome"]["enum"] == list(OUTCOMES)
    assert defs["persona"]["properties"]["response_mode"]["enum"] == list(RESPONSE_MODES)
    assert SUCCESS_OUTCOMES == ("约定面谈", "达成意向")
    assert schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    json.dumps(schema())  # plain JSON, no Python objects


def test_problem_text_and_spacing():
    assert str(Problem("a.yaml", 3, "出错了", "x")) == "文件 a.yaml，第 3 行：出错了 [x]"
    assert str(Problem("a.yaml", None, "出错了", "x")) == "文件 a.yaml：出错了 [x]"
    assert spaced("的appointment缺少") == "的 appointment 缺少"
    assert spaced("写的是“科创贷A款”") == "写的是“科创贷A款”"  # quoted text is left alone


def test_compile_all_writes_json_js_and_player(tmp_path):
    written = compile_all(ROOT / "cases" / "roleplay", tmp_path / "out")
    names = sorted(p.name for p in written)
    stems = sorted(p.stem for p in SHIPPED)
    assert names == sorted([f"{s}.json" for s in stems] + [f"{s}.js" for s in stems]
                           + ["common.css", "common.js", "player.css", "player.js"])
    data = json.loads((tmp_path / "out" / f"{stems[0]}.json").read_text(encoding="utf-8"))
    assert data["format"] == "crmkit-roleplay/1" and data["id"] == stems[0]
    js = (tmp_path / "out" / f"{stems[0]}.js").read_text(encoding="utf-8")
    assert js.startswith("(window.CrmkitRoleplayData = window.CrmkitRoleplayData || {})")


def test_compile_all_refuses_a_broken_folder(tmp_path, capsys):
    (tmp_path / "src").mkdir()
    for name in ["dead-end.yaml", "yaml-tab.yaml"]:
        (tmp_path / "src" / name).write_bytes((BROKEN / name).read_bytes())
    with pytest.raises(CrmkitError, match="场景有 5 个问题") as err:  # 4 + 1, see above
        compile_all(tmp_path / "src", tmp_path / "out")
    assert "[dead-end]" in err.value.message and "[yaml]" in err.value.message
    assert not (tmp_path / "out").exists()
    assert main(["compile", str(tmp_path / "src"), str(tmp_path / "out")]) == 2
    assert "场景有 5 个问题" in capsys.readouterr().out


def test_jsonschema_is_loaded_without_hiding_anything_for_good():
    assert validator() is validator()
    assert sys.modules.get("rfc3987_syntax", "not imported") is not None


def _with_best_lines(path, make_text):
    """The scenario at ``path`` with the text of each node's best option replaced by
    make_text(node number, other option lengths)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for n, node in enumerate(data["nodes"]):
        totals = [sum((o.get("points") or {}).values()) for o in node["options"]]
        if len(totals) > 1 and totals.count(max(totals)) == 1:
            best = node["options"][totals.index(max(totals))]
            others = [len(o["text"]) for o in node["options"] if o is not best]
            best["text"] = make_text(n, others)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def test_best_lines_that_are_always_the_longest_fail_the_course_check():
    path = ROOT / "cases" / "roleplay" / "payroll-closing.yaml"
    text = _with_best_lines(path, lambda n, others: "好" * (max(others) + 5))
    problems = check_text(text, "payroll-closing.yaml", course=True)
    [length] = [p for p in problems if p.code == "course-length"]
    assert "正确选项是最长的一项的有" in length.message and "学员只看长短就能答对" in length.message
    # every other best line the longest, the rest the shortest: what chance would give
    mixed = _with_best_lines(path, lambda n, others: "好" * (
        max(others) + 5 if n % 2 else max(1, min(others) - 1)))
    assert [p for p in check_text(mixed, "payroll-closing.yaml", course=True)
            if p.code == "course-length"] == []


def test_the_course_check_prints_the_length_tally(capsys):
    run_check([], course=True)
    out = capsys.readouterr().out
    assert "选项长短（角色扮演和电话时机题合计）：" in out and "处选择，正确选项最长" in out


def test_a_dimension_the_best_path_never_scores_is_named():
    data = yaml.safe_load((ROOT / "cases" / "roleplay" / "payroll-closing.yaml")
                          .read_text(encoding="utf-8"))
    data["rubric"].append({"name": "额外维度", "max": 2, "description": "只在走错时出现"})
    node = data["nodes"][0]
    totals = [sum((o.get("points") or {}).values()) for o in node["options"]]
    worst = node["options"][totals.index(min(totals))]
    worst["points"] = {**(worst.get("points") or {}), "额外维度": 1}
    assert sum(worst["points"].values()) < max(totals)      # still not the best option
    problems = check_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                          "payroll-closing.yaml", course=True)
    [rubric] = [p for p in problems if p.code == "course-rubric"]
    assert "评分维度“额外维度”在最佳路径上一分都拿不到" in rubric.message
    assert rubric.line is not None


def test_the_inlined_schema_gives_the_same_problems_as_the_schema_with_references(
        monkeypatch):
    from jsonschema import Draft202012Validator

    from crmkit.roleplay import rules
    from crmkit.roleplay.loader import load_source

    files = sorted(BROKEN.glob("*.yaml")) + sorted((ROOT / "cases" / "roleplay").glob("*.yaml"))
    sources = [s for s in (load_source(path)[0] for path in files) if s is not None]
    inlined = [rules.schema_problems(source) for source in sources]
    assert "$ref" not in str({k: v for k, v in rules.validator().schema.items()
                              if k != "$defs"})
    monkeypatch.setattr(rules, "validator", lambda: Draft202012Validator(rules.schema()))
    assert inlined == [rules.schema_problems(source) for source in sources]
    assert sum(map(len, inlined)) >= 10  # the broken files do break the schema
