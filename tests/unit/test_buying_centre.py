"""Buying-centre map: red flags read off small maps by hand, then the telecom case."""

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from crmkit import CrmkitError
from crmkit.charts.buying_centre import influence_map_chart
from crmkit.data import cases
from crmkit.models.buying_centre import (
    buying_centre,
    coverage_gaps,
    coverage_summary,
    flagged_people,
    from_billing_case,
    update_person,
)
from crmkit.widgets.buying_centre import buying_centre_editor

COLS = ["person", "role", "stance", "influence", "mode", "contacts", "department"]
# A five-person map. By hand, with thin coverage = at most 3 meetings:
#   王总 is the economic buyer and was never met (高), there is no coach (高), 张工 opposes
#   us with high influence and was met once (高); 赵主任 is a technical buyer never met (中),
#   王总 is in 平稳 mode (中), both supporters sit in 财务部 (中). Nothing else: 王总 and 张工
#   are already flagged, so "高影响力关键人覆盖不足" names nobody.
MAP = pd.DataFrame([
    ("王总", "经济购买者", "中立", "高", "平稳", 0, "总经办"),
    ("李经理", "使用者", "支持者", "中", "成长", 5, "财务部"),
    ("张工", "技术把关者", "反对者", "高", "自满型", 1, "信息部"),
    ("赵主任", "技术把关者", "中立", "中", "平稳", 0, "采购部"),
    ("孙会计", "使用者", "支持者", "低", "困境", 2, "财务部"),
], columns=COLS)


@pytest.fixture
def centre():
    return buying_centre(MAP)


def signals(gaps):
    return list(zip(gaps["严重程度"].astype(str), gaps["信号"], gaps["涉及"], strict=True))


def test_red_flags_by_hand(centre):
    gaps = coverage_gaps(centre)
    assert signals(gaps) == [
        ("高", "经济购买者未接触", "王总"),
        ("高", "没有教练", "—"),
        ("高", "高影响力的反对者覆盖不足", "张工"),
        ("中", "技术把关者未接触", "赵主任"),
        ("中", "经济购买者感觉不到差距", "王总"),
        ("中", "支持集中在一个部门", "财务部"),
    ]
    assert gaps.index.tolist() == [1, 2, 3, 4, 5, 6]
    assert gaps.loc[1, "原因"].startswith("王总握有最终批准权")
    assert gaps.loc[6, "原因"] == "支持我方的人都在财务部：这个部门的意见一旦被否，支持就全面落空。"
    assert flagged_people(centre, gaps) == ["王总", "张工", "赵主任"]


def test_closing_the_gaps_leaves_the_milder_flags(centre):
    # Add a coach in 总经办, meet 王总 twice (now in 困境 mode), meet 张工 four times.
    # By hand: 王总 met 2 ≤ 3 → 高影响力关键人覆盖不足 (中); 赵主任 still unmet (中);
    # one coach only (低); supporters now in two departments; 张工 covered (4 > 3).
    more = pd.concat([MAP, pd.DataFrame([("陈副总", "教练", "导师", "中", "成长", 4, "总经办")],
                                        columns=COLS)])
    centre = buying_centre(more)
    centre = update_person(centre, "王总", contacts=2, mode="困境")
    centre = update_person(centre, "张工", contacts=4)
    assert signals(coverage_gaps(centre)) == [
        ("中", "技术把关者未接触", "赵主任"),
        ("中", "高影响力关键人覆盖不足", "王总"),
        ("低", "教练只有一位", "陈副总"),
    ]


def test_enemies_stale_contacts_no_buyer_and_no_urgency():
    table = pd.DataFrame([
        ("甲", "使用者", "敌人", "高", "自满", 0, "", 10),
        ("乙", "技术把关者", "反对者", "中", "平稳", 3, "", 45),
        ("丙", "教练", "导师", "高", "平稳", 6, "", 45),
    ], columns=[*COLS, "days_since_contact"])
    gaps = coverage_gaps(buying_centre(table))
    # no economic buyer (高); 甲 an uncovered high-influence enemy (高); 乙 a medium-influence
    # opponent met 3 times (中); 丙 high influence, 45 > 30 days (中); all 平稳/自满 (中);
    # one coach (低). 甲 is flagged already, so no thin-coverage flag for him.
    assert signals(gaps) == [
        ("高", "不知道谁拍板", "—"),
        ("高", "高影响力的敌人无人盯防", "甲"),
        ("中", "中等影响力的反对者覆盖不足", "乙"),
        ("中", "关键人久未联系", "丙"),
        ("中", "没有人感到要改变", "全部关键人"),
        ("低", "教练只有一位", "丙"),
    ]
    assert "超过 30 天" in gaps.loc[4, "原因"]


def test_thin_is_a_parameter(centre):
    # with thin = 0, 张工 (1 meeting) is no longer thinly covered
    assert "张工" not in coverage_gaps(centre, thin=0)["涉及"].tolist()


@pytest.mark.parametrize("change, message", [
    ({"stance": "朋友"}, "第 2 行，“立场”列：“朋友”不是可选的立场"),
    ({"mode": "积极"}, "“积极”不是可选的反应模式"),
    ({"contacts": -1}, "接触次数“-1”不是非负整数"),
    ({"person": "王总"}, "关键人“王总”出现了不止一次"),
])
def test_map_errors_are_chinese(change, message):
    bad = MAP.astype(object).copy()
    for col, value in change.items():
        bad.loc[1, col] = value
    with pytest.raises(CrmkitError, match=message):
        buying_centre(bad)


def test_update_person_checks_its_input(centre):
    assert update_person(centre, "赵主任", stance="支持者").loc["赵主任", "stance"] == "支持者"
    assert centre.loc["赵主任", "stance"] == "中立"   # the original map is left alone
    with pytest.raises(CrmkitError, match="地图上没有“钱总”"):
        update_person(centre, "钱总", contacts=1)
    with pytest.raises(CrmkitError, match="不能修改 salary"):
        update_person(centre, "王总", salary=1)


def test_the_telecom_case_before_and_after():
    people = cases.tables("telecom-billing")["buying_centre.csv"]
    before = from_billing_case(people, "before")
    assert before.loc["网络部主任", ["influence", "contacts"]].tolist() == ["高", 3]
    assert signals(coverage_gaps(before)) == [
        ("高", "经济购买者未接触", "分管副总经理"),
        ("高", "高影响力的反对者覆盖不足", "网络部主任"),
        ("中", "技术把关者未接触", "财务部副主任"),
        ("中", "经济购买者感觉不到差距", "分管副总经理"),
        ("中", "支持集中在一个部门", "计费中心"),
        ("低", "教练只有一位", "计费中心副主任"),
    ]
    summary = coverage_summary(before)
    # 158 meetings: users 116 (73.4%), coach 32 (20.3%), technical buyers 10 (6.3%), buyer 0
    assert summary["接触次数"].tolist() == [0, 116, 10, 32]
    assert summary["接触占比(%)"].tolist() == [0.0, 73.4, 6.3, 20.3]
    assert summary["未接触人数"].tolist() == [1, 1, 1, 0]
    after = from_billing_case(people, "after")
    assert after.loc["分管副总经理", ["stance", "contacts"]].tolist() == ["支持者", 1]
    assert len(coverage_gaps(after)) == 3
    with pytest.raises(CrmkitError, match="看不懂时段"):
        from_billing_case(people, "later")


def test_chart_returns_a_closed_figure(centre):
    before = plt.get_fignums()
    fig = influence_map_chart(centre)
    assert plt.get_fignums() == before
    assert fig.axes[0].get_title() == "影响力地图：6 面红旗，其中严重 3 面"
    with pytest.raises(CrmkitError, match="buying_centre 整理过的关键人表"):
        influence_map_chart(MAP.drop(columns="stance"))


def test_editor_updates_the_flags(centre):
    editor = buying_centre_editor(centre)
    assert len(editor.gaps) == 6 and editor.person.value == "王总"
    editor.contacts.value = 2          # meet 王总 twice
    assert editor.centre.loc["王总", "contacts"] == 2
    assert "经济购买者未接触" not in editor.gaps["信号"].tolist()
    assert "高影响力关键人覆盖不足" in editor.gaps["信号"].tolist()
    editor.person.value = "张工"       # switching person loads without editing
    assert (editor.stance.value, editor.contacts.value) == ("反对者", 1)
    editor.stance.value = "中立"
    assert "高影响力的反对者覆盖不足" not in editor.gaps["信号"].tolist()
    editor.reset()
    assert len(editor.gaps) == 6 and editor.stance.value == "反对者"
