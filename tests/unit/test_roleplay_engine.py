"""The role-play engine over fixed paths, against values worked out by hand."""

import json

import pytest

from crmkit import CrmkitError
from crmkit.roleplay import RolePlay, best_path, compile_text, load_attempt, load_scenario, play
from crmkit.roleplay.engine import csv_text, distance_to_end, percent, percent_text

# A small scenario with cycles: s ⇄ m, and s → x → m. Dimensions A (max 3) and B (max 2).
#   s: a {A:1} → m      b {A:2} → x
#   m: a {A:3,B:2} → win    b {B:1} → s
#   x: a {A:1} → m      b {A:3} → lose
FIXTURE = """
id: engine-fixture
title: 引擎测试
persona: {name: 甲, role: 经理, company: 乙公司, industry: 制造, mood: 平静, response_mode: 平稳型}
goal: 测试
rubric:
  - {name: A, max: 3}
  - {name: B, max: 2}
start: s
nodes:
  - id: s
    narration: N0
    customer: C-s
    options:
      - {id: a, text: T-sa, skill: 开场白, points: {A: 1}, feedback: F-sa, next: m}
      - {id: b, text: T-sb, skill: 开场白, points: {A: 2}, feedback: F-sb, next: x}
  - id: m
    customer: C-m
    options:
      - {id: a, text: T-ma, skill: 约见收尾, points: {A: 3, B: 2}, feedback: F-ma, next: win}
      - {id: b, text: T-mb, skill: 倾听确认, points: {B: 1}, feedback: F-mb, next: s}
  - id: x
    speaker: 前台
    customer: C-x
    options:
      - {id: a, text: T-xa, skill: 找对人, points: {A: 1}, feedback: F-xa, next: m}
      - {id: b, text: T-xb, skill: 找对人, points: {A: 3}, feedback: F-xb, next: lose}
endings:
  - id: win
    outcome: 约定面谈
    customer: C-win
    summary: W
    appointment: {time: 周四, place: 公司, contact: 甲}
  - {id: lose, outcome: 婉拒, narration: N-lose, summary: L}
"""


@pytest.fixture(scope="module")
def scenario():
    return compile_text(FIXTURE, "fixture.yaml")


def test_best_path_by_hand(scenario):
    # Simple paths to “win”: s-a m-a = 1+5 = 6; s-b x-a m-a = 2+1+5 = 8 (m-b loops back to s,
    # already visited). x-b scores 3 but ends in 婉拒, which is not a success.
    path = best_path(scenario)
    assert path["options"] == ["b", "a", "a"]
    assert [c["node"] for c in path["choices"]] == ["s", "x", "m"]
    assert path["score"] == 8 and path["totals"] == {"A": 6, "B": 2}
    assert path["ending"] == "win" and path["outcome"] == "约定面谈"


def test_distance_to_end_by_hand(scenario):
    assert distance_to_end(scenario) == {"win": 0, "lose": 0, "m": 1, "x": 1, "s": 2}


def test_start_state(scenario):
    rp = RolePlay(scenario)
    assert [(e["role"], e["speaker"], e["text"]) for e in rp.transcript] == [
        ("narrator", "旁白", "N0"), ("customer", "甲", "C-s")]
    assert [o["id"] for o in rp.options] == ["a", "b"]
    assert rp.progress() == {"step": 0, "remaining": 2}
    assert rp.totals == {"A": 0, "B": 0} and not rp.finished and rp.outcome is None


def test_fixed_path_through_the_loop(scenario):
    rp = play(scenario, ["a", "b", "b", "a", "a"])  # s-a, m-b (back to s), s-b, x-a, m-a
    # A: 1 + 0 + 2 + 1 + 3 = 7; B: 0 + 1 + 0 + 0 + 2 = 3
    assert rp.totals == {"A": 7, "B": 3} and rp.total == 10
    assert rp.finished and rp.outcome["outcome"] == "约定面谈" and rp.outcome["success"]
    assert rp.choices[1] == {"node": "m", "option": "b"}
    # 2 opening entries; then per choice: trainee + what follows (s again: narration + line;
    # x: line; m: line; win: customer line + ending) → 2 + 2 + 3 + 2 + 2 + 3 = 14
    assert len(rp.transcript) == 14
    assert [e["text"] for e in rp.transcript if e["role"] != "trainee"] == [
        "N0", "C-s", "C-m", "N0", "C-s", "C-x", "C-m", "C-win", "W"]
    front_desk = rp.transcript[8]
    assert (front_desk["speaker"], front_desk["step"], front_desk["node"]) == ("前台", 3, "x")
    last = rp.transcript[-1]
    assert (last["role"], last["outcome"], last["step"]) == ("ending", "约定面谈", 5)
    move = rp.transcript[-3]
    assert move["points"] == {"A": 3, "B": 2} and move["score"] == 5 and move["feedback"] == "F-ma"
    assert rp.progress() == {"step": 5, "remaining": 0} and rp.options == []


def test_debrief_by_hand(scenario):
    d = play(scenario, ["a", "b", "b", "a", "a"]).debrief()
    # Node bests: s 2 (b), m 5 (a), x 3 (b). Strong: step 3 (s-b), step 5 (m-a).
    assert [(m["step"], m["node"], m["option"]) for m in d["strong_moves"]] == [
        (3, "s", "b"), (5, "m", "a")]
    assert [(m["step"], m["option"], m["score"], m["best_option"], m["best_score"])
            for m in d["missed"]] == [(1, "a", 1, "b", 2), (2, "b", 1, "a", 5), (4, "a", 1, "b", 3)]
    assert d["missed"][2]["best_feedback"] == "F-xb"
    assert d["best_path"]["score"] == 8
    assert d["percent_of_best"] == 125.0  # 10 / 8 → 125.0 (a loop can outscore the best path)


def test_losing_path(scenario):
    rp = play(scenario, ["b", "b"])  # s-b (A 2), x-b (A 3) → lose
    assert rp.totals == {"A": 5, "B": 0}
    assert rp.outcome == {"ending": "lose", "outcome": "婉拒", "success": False, "summary": "L",
                          "appointment": None, "next_step": None}
    assert [e["text"] for e in rp.transcript[-2:]] == ["N-lose", "L"]
    assert rp.debrief()["percent_of_best"] == 62.5  # 5 / 8 = 0.625 exactly


def test_wrong_moves_raise_chinese_errors(scenario):
    rp = RolePlay(scenario)
    with pytest.raises(CrmkitError, match="节点“s”没有选项“z”.*可选：a、b"):
        rp.choose("z")
    rp.play(["b", "b"])
    with pytest.raises(CrmkitError, match="已经结束"):
        rp.choose("a")
    rp.reset()
    assert len(rp.transcript) == 2 and rp.totals == {"A": 0, "B": 0} and not rp.finished


TIES = """
id: ties
title: 平局
persona: {name: 甲, role: 经理, company: 乙公司, industry: 制造, mood: 平静, response_mode: 平稳型}
goal: 测试
rubric: [{name: A, max: 3}]
start: s
nodes:
  - id: s
    customer: C-s
    options:
      - {id: a, text: T, skill: 开场白, points: {A: SA}, feedback: F, next: t}
      - {id: b, text: T, skill: 开场白, points: {A: SB}, feedback: F, next: win}
  - id: t
    customer: C-t
    options:
      - {id: a, text: T, skill: 约见收尾, points: {A: TA}, feedback: F, next: win}
      - {id: b, text: T, skill: 约见收尾, points: {A: TB}, feedback: F, next: deal}
endings:
  - {id: win, outcome: 约定面谈, summary: W, appointment: {time: 周四, place: 公司, contact: 甲}}
  - {id: deal, outcome: 达成意向, summary: D, next_step: 开户}
"""


@pytest.mark.parametrize("sa, sb, ta, tb, expected", [
    (1, 2, 2, 0, ["a", "a"]),  # s-a t-a = 3 beats s-b = 2: the higher total wins
    (1, 3, 2, 0, ["b"]),  # s-a t-a = 3 ties s-b = 3: fewer choices wins
    (1, 0, 2, 2, ["a", "a"]),  # s-a t-a = s-a t-b = 3, same length: the earlier option
    (1, 0, 1, 2, ["a", "b"]),  # s-a t-b = 3 beats s-a t-a = 2
])
def test_best_path_ties(sa, sb, ta, tb, expected):
    text = TIES.replace("SA", str(sa)).replace("SB", str(sb)).replace("TA", str(ta))
    assert best_path(compile_text(text.replace("TB", str(tb))))["options"] == expected


def test_percent_rounds_half_up_with_integers():
    assert percent(1, 3) == 33.3 and percent(2, 3) == 66.7
    assert percent(1, 16) == 6.3  # 6.25 → 6.3 (Python's round() would give 6.2)
    assert percent(0, 5) == 0.0 and percent(3, 0) is None
    assert percent_text(1, 16) == "6.3" and percent_text(8, 8) == "100.0"
    assert percent_text(2, 0) == ""


def test_csv_quoting_and_bom(scenario):
    assert csv_text([["a", "b,c", 'say "hi"', 3, ""]]) == 'a,"b,c","say ""hi""",3,\r\n'
    rp = play(scenario, ["a", "b", "b", "a", "a"])
    raw = rp.export_csv(learner="张三")
    assert raw.startswith("\ufeff".encode())
    rows = raw.decode("utf-8-sig").split("\r\n")
    assert rows[0] == ("学员,场景,序号,轮次,节点,角色,说话人,内容,选项,技能,A,B,"
                       "本步得分,点评,结局类型")
    assert rows[9] == "张三,引擎测试,9,3,x,客户,前台,C-x,,,,,,,"
    assert rows[10] == "张三,引擎测试,10,4,x,客户经理,客户经理,T-xa,a,找对人,1,0,1,F-xa,"
    assert rows[15] == ("张三,引擎测试,合计,5,,,,最佳路径 8 分，本次为最佳路径的 125.0%,,,"
                        "7,3,10,,约定面谈")
    assert rows[16] == "" and len(rows) == 17


def test_export_json_round_trip_and_tamper_check(scenario, tmp_path):
    rp = play(scenario, ["b", "a", "a"])
    record = json.loads(rp.export_json(learner="李四", exported_at="2026-03-01T09:30:00"))
    assert record["format"] == "crmkit-roleplay-attempt/1"
    assert record["learner"] == "李四" and record["exported_at"] == "2026-03-01T09:30:00"
    assert record["total"] == 8 and record["debrief"]["percent_of_best"] == 100.0
    again = load_attempt(record, scenario)
    assert again.transcript == rp.transcript
    paths = rp.save(tmp_path, learner="李四", stem="attempt")
    assert [p.name for p in paths] == ["attempt.json", "attempt.csv"]
    assert load_attempt(paths[0], scenario).totals == {"A": 6, "B": 2}
    record["totals"]["A"] = 99
    with pytest.raises(CrmkitError, match="得分与重放结果不一致"):
        load_attempt(record, scenario)
    record["choices"][0]["option"] = "z"
    with pytest.raises(CrmkitError, match="练习记录与场景对不上"):
        load_attempt(record, scenario)


def test_shipped_best_paths_by_hand():
    phone = best_path(load_scenario("phone-invitation-zjtx"))
    # before-call b 3, switchboard c 4, cfo-answers c 4, cfo-listening c 5, cfo-opens-up a 3,
    # cfo-interested b 4, confirm-details a 3 → 26
    assert phone["options"] == ["b", "c", "c", "c", "a", "b", "a"]
    assert phone["score"] == 26 and phone["ending"] == "appointment"
    assert phone["totals"] == {"时机把握": 4, "找对人": 3, "话术得体": 7, "提问挖掘": 6,
                               "约见推进": 6}
    objection = best_path(load_scenario("objection-incumbent-bank"))
    # call-open c 4, callback b 5, switch-hassle c 4 (the second objection), probe c 3,
    # pain-deepens b 4, need-payoff b 5, value-reframe c 3, time-objection a 4,
    # confirm-meeting a 3 → 35
    assert objection["options"] == ["c", "b", "c", "c", "b", "b", "c", "a", "a"]
    assert objection["score"] == 35 and objection["ending"] == "meeting-booked"


def test_every_shipped_ending_is_reachable_and_the_best_path_has_no_mistakes():
    for name in ["phone-invitation-zjtx", "objection-incumbent-bank"]:
        scenario = load_scenario(name)
        assert len(scenario["nodes"]) >= 12 and len(scenario["endings"]) >= 3
        d = play(scenario, best_path(scenario)["options"]).debrief()
        assert d["missed"] == [] and d["percent_of_best"] == 100.0


def test_load_scenario_by_name_and_unknown_name():
    assert load_scenario("phone-invitation-zjtx")["persona"]["name"] == "程雪"
    with pytest.raises(CrmkitError, match="找不到场景“nope”"):
        load_scenario("nope")
    with pytest.raises(CrmkitError, match="场景有 2 个问题"):
        compile_text(FIXTURE.replace("next: lose", "next: lost"))
