"""The notebook player: press the buttons programmatically and read what the learner sees."""

import json

import pytest

from crmkit.roleplay import best_path, load_scenario, play
from crmkit.roleplay.report import (
    best_path_table,
    endings_table,
    moves_table,
    scenario_card,
    score_table,
    scorecard_chart,
    transcript_table,
)
from crmkit.widgets.roleplay import roleplay_widget

PHONE = "phone-invitation-zjtx"


@pytest.fixture()
def widget(tmp_path):
    return roleplay_widget(PHONE, learner="王五", folder=tmp_path / "records")


def test_starts_with_the_opening_and_three_buttons(widget):
    assert [b.option_id for b in widget.option_buttons] == ["a", "b", "c"]
    assert widget.option_buttons[1].description.startswith("B. 等到 9:10 以后再打")
    assert "周一上午 8:40" in widget.transcript_html.value
    # before-call → lunch-break → bad-first-impression: 2 choices at least
    assert widget.progress.value == 0
    assert widget.progress_label.value == "第 1 轮 · 至少还要 2 轮才到结局"
    assert widget.figure is None and widget.result.value == "" and widget.save_button.disabled


def test_clicking_moves_the_conversation_on(widget):
    widget.option_buttons[1].click()  # b: call after 9:10 → switchboard
    assert widget.engine.choices == [{"node": "before-call", "option": "b"}]
    assert widget.engine.totals["时机把握"] == 3
    assert "您好，宏拓精密。请问找哪位？" in widget.transcript_html.value
    assert "点评：对还不认识的人" in widget.transcript_html.value
    # switchboard → gatekeeper-block → email-only or lost-gatekeeper: 2 more; 1 / (1 + 2) → 33
    assert widget.progress.value == 33
    assert widget.progress_label.value == "第 2 轮 · 至少还要 2 轮才到结局"


def test_best_path_ends_with_scorecard_and_chart(widget):
    for oid in best_path(load_scenario(PHONE))["options"]:
        next(b for b in widget.option_buttons if b.option_id == oid).click()
    assert widget.engine.finished and widget.option_buttons == []
    assert widget.progress.value == 100 and widget.progress_label.value == "已完成，共 7 轮"
    assert "结局：约定面谈" in widget.result.value
    assert "本次得分 <b>26</b> 分；最佳路径 26 分，本次达到最佳路径的 100.0%" in widget.result.value
    assert "错过的机会" not in widget.result.value
    ax = widget.figure.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "时机把握", "找对人", "话术得体", "提问挖掘", "约见推进"]
    widths = [round(p.get_width()) for p in ax.patches]
    assert widths == [4, 3, 7, 6, 6, 4, 3, 7, 6, 6]  # this attempt, then the best path
    assert ax.get_title() == "各维度得分：本次 26 分，最佳路径 26 分"


def test_missed_opportunities_and_restart(widget):
    for index in [0, 0, 2]:  # 8:40 call; ask the front desk for the mobile; ask again
        widget.option_buttons[index].click()
    assert widget.engine.ending["id"] == "lost-gatekeeper"
    assert "错过的机会" in widget.result.value and "结局：失联" in widget.result.value
    widget.restart_button.click()
    assert widget.engine.choices == [] and not widget.engine.finished
    assert len(widget.option_buttons) == 3 and widget.figure is None


def test_save_writes_json_and_csv(widget, tmp_path):
    assert widget.save() == []
    assert "还没有作出任何选择" in widget.message.value
    widget.option_buttons[1].click()
    widget.save_button.click()
    json_path, csv_path = widget.saved
    assert json_path.parent == tmp_path / "records"
    record = json.loads(json_path.read_text(encoding="utf-8"))
    assert record["learner"] == "王五" and record["choices"][0]["option"] == "b"
    assert csv_path.read_bytes().startswith("\ufeff学员,场景".encode())
    assert "已保存" in widget.message.value


def test_a_bad_choice_shows_a_message_not_a_traceback(widget):
    widget.choose("z")
    assert "没有选项“z”" in widget.message.value and widget.engine.choices == []


def test_report_tables():
    scenario = load_scenario(PHONE)
    card = scenario_card(scenario)
    assert card.loc["规模", "内容"] == "15 个对话节点，8 个结局（其中 1 个成功结局）"
    assert endings_table(scenario).loc["appointment", "类型"] == "约定面谈"
    path = best_path_table(scenario)
    assert list(path["得分"]) == [3, 4, 4, 5, 3, 4, 3] and path["得分"].sum() == 26
    # 8:40 call (0, best 3); ask the front desk for the mobile (0, best 1); explain the
    # list to the gatekeeper (找对人 2 + 话术 2 = 4, the best); list products to the CFO (0, best 3)
    attempt = play(scenario, ["a", "a", "b", "b"])
    moves = moves_table(attempt)
    assert list(moves["得分"]) == [0, 0, 4, 0] and list(moves["本节点最高分"]) == [3, 1, 4, 3]
    assert list(moves["评价"]) == ["可改进", "可改进", "做得好", "可改进"]
    scores = score_table(attempt)
    assert scores.loc["合计", "本次"] == 4 and scores.loc["合计", "最佳路径"] == 26
    lines = transcript_table(attempt)
    assert lines.iloc[0]["说话人"] == "旁白" and (lines["说话人"] == "你（客户经理）").sum() == 4
    fig = scorecard_chart(attempt, title="测试")
    assert fig.axes[0].get_title() == "测试"
