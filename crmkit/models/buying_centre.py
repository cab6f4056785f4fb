"""Buying-centre map (采购决策小组地图) and its coverage gaps (覆盖缺口).

Each person on the customer's side has a buyer influence (经济购买者 / 使用者 /
技术把关者 / 教练, after seed 003's four buyer influences), a stance toward us
(导师 / 支持者 / 中立 / 反对者 / 敌人, seed 001's five stances), an influence level
(高 / 中 / 低), a response mode (成长 / 困境 / 平稳 / 自满, seed 003's four modes), the
number of times we have met them and, when known, the days since the last meeting.
:func:`coverage_gaps` reads the map like a sales manager at a pipeline review: every
red flag with the reason in Chinese and the next move.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmkit.errors import CrmkitError

ROLES = ("经济购买者", "使用者", "技术把关者", "教练")
# Ordered from most for us to most against us.
STANCES = ("导师", "支持者", "中立", "反对者", "敌人")
FOR_US, AGAINST_US = ("导师", "支持者"), ("反对者", "敌人")
LEVELS = ("高", "中", "低")
MODES = ("成长", "困境", "平稳", "自满")
SEVERITIES = ("高", "中", "低")

# Teaching assumption (示意): how much weight each purchase role of the telecom case
# carries. Approvers and deciders decide; technical evaluators can veto; solution and
# commercial evaluators shape the short list; end users are heard.
PURCHASE_ROLE_LEVEL = {"最后批准": "高", "决策制定": "高", "技术评估": "高",
                       "方案评估": "中", "商务评估": "中", "最终用户": "低"}
# Default thresholds (teaching assumptions): at most this many meetings is thin coverage;
# a high-influence person not seen for longer than this many days has gone cold.
THIN_CONTACTS = 3
STALE_DAYS = 30

# Chinese names of the model's columns, in one place.
LABELS: dict[str, str] = {
    "person": "关键人", "department": "部门", "role": "买方影响力", "stance": "立场",
    "influence": "影响力", "mode": "反应模式", "contacts": "接触次数",
    "days_since_contact": "距上次接触(天)",
}

# Each red flag: (short name, severity, reason, next move). Reasons may name people
# with {who}; the wording is the kit's own.
FLAGS: dict[str, tuple[str, str, str, str]] = {
    "no_economic_buyer": (
        "不知道谁拍板", "高",
        "地图上没有经济购买者：还不清楚最后由谁批准、预算在谁手里。",
        "请教练或支持者讲清审批流程和最终批准人，把这个人补进地图。"),
    "economic_buyer_not_met": (
        "经济购买者未接触", "高",
        "{who}握有最终批准权，我方一次也没见过：其他人再支持，也可能被他一句话否决。",
        "请教练或支持者引荐，安排本方领导对等拜访；谈经营结果和风险，不谈产品细节。"),
    "no_coach": (
        "没有教练", "高",
        "没有一位站在我方的教练：客户内部的决策进度和真实标准，我们只能靠猜。",
        "在支持者里找一位有可信度、接触得到决策信息、也希望我们赢的人，发展成教练。"),
    "opponent_uncovered": (
        "高影响力的反对者覆盖不足", "高",
        "{who}反对我方方案、说话有分量，却只接触过很少几次：反对理由还没弄清。",
        "尽快单独拜访，问清反对的具体理由，针对性补强方案，争取他转为中立。"),
    "enemy_uncovered": (
        "高影响力的敌人无人盯防", "高",
        "{who}站在竞争对手一边、说话有分量：不必指望转变他，但要知道他会在哪里发力。",
        "不正面交锋；在方案和专业上不留把柄，争取他周围关键人的支持，冲淡他的影响。"),
    "opponent_mid": (
        "中等影响力的反对者覆盖不足", "中",
        "{who}持反对或敌对立场，接触也少：在评审会上可能带动别人的看法。",
        "弄清他反对的是方案还是我方本身；前者补强方案，后者减少他的影响。"),
    "technical_not_met": (
        "技术把关者未接触", "中",
        "{who}能把方案筛出局，我方还没见过：不知道他用什么标准打分。",
        "提前拜访或请教练打听评审标准、技术规范和合同条款，按标准准备材料。"),
    "key_person_thin": (
        "高影响力关键人覆盖不足", "中",
        "{who}影响力高，但接触次数很少：他的想法我们多半是听别人转述的。",
        "安排专门的拜访，问清他最看重的标准；每次见面后更新地图。"),
    "stale_contact": (
        "关键人久未联系", "中",
        "{who}影响力高，距上次接触已超过 {days} 天：关系在变冷，格局可能已经变了。",
        "找一个对他有用的理由（进展汇报、同业做法、政策解读）尽快再约一次。"),
    "no_urgency": (
        "没有人感到要改变", "中",
        "所有人都处在平稳或自满模式：客户觉得现状不错，方案再好也难推动。",
        "别急着推方案；用提问帮客户看见差距，或者去找处在成长、困境模式的人。"),
    "economic_buyer_content": (
        "经济购买者感觉不到差距", "中",
        "{who}处在平稳或自满模式：他看不到改变的必要，很难为项目拍板。",
        "准备一份他关心的对比（成本、效率、风险），帮他看见现状与目标的差距。"),
    "support_in_one_place": (
        "支持集中在一个部门", "中",
        "支持我方的人都在{who}：这个部门的意见一旦被否，支持就全面落空。",
        "在其他部门，特别是经济购买者和技术把关者身边，发展新的支持者。"),
    "single_coach": (
        "教练只有一位", "低",
        "只有{who}一位教练：信息来源单一，听到的可能是片面的。",
        "重要信息找第二个来源印证；在另一个部门再发展一位教练。"),
}


def _choice(values: pd.Series, allowed: tuple[str, ...], column: str,
            suffix: str = "") -> pd.Series:
    text = values.astype(str).str.strip()
    if suffix:  # 成长型 → 成长
        text = text.str.removesuffix(suffix)
    bad = ~text.isin(allowed)
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0])
        raise CrmkitError(f"“{values.iloc[row]}”不是可选的{LABELS[column]}", row=row + 1,
                          column=LABELS[column], hint=f"只能填 {'、'.join(allowed)}")
    return text


def buying_centre(people: pd.DataFrame) -> pd.DataFrame:
    """Check and tidy a buying-centre table; returns a copy indexed by ``person``.

    Required columns: person, role, stance, influence, mode, contacts. Optional:
    department, days_since_contact (empty = not recorded). Response modes may be
    written with 型 (成长型). Names must be unique.
    """
    required = ["person", "role", "stance", "influence", "mode", "contacts"]
    missing = [c for c in required if c not in people.columns]
    if missing:
        raise CrmkitError(f"缺少 {'、'.join(LABELS[c] for c in missing)} 列",
                          hint="每个关键人一行：关键人、买方影响力、立场、影响力、反应模式、接触次数")
    if len(people) == 0:
        raise CrmkitError("地图上还没有人", hint="至少录入一位关键人")
    names = people["person"].astype(str).str.strip()
    if names.duplicated().any():
        raise CrmkitError(f"关键人“{names[names.duplicated()].iloc[0]}”出现了不止一次",
                          hint="每人只写一行；同名时加上部门区分，例如“张经理（财务部）”")
    table = people.copy()
    table["person"] = names
    table["role"] = _choice(people["role"], ROLES, "role")
    table["stance"] = _choice(people["stance"], STANCES, "stance")
    table["influence"] = _choice(people["influence"], LEVELS, "influence")
    table["mode"] = _choice(people["mode"], MODES, "mode", suffix="型")
    contacts = pd.to_numeric(people["contacts"], errors="coerce")
    bad = contacts.isna() | (contacts < 0) | (contacts % 1 != 0)
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0])
        raise CrmkitError(f"接触次数“{people['contacts'].iloc[row]}”不是非负整数", row=row + 1,
                          column=LABELS["contacts"], hint="没见过就填 0")
    table["contacts"] = contacts.astype(int)
    if "days_since_contact" in table.columns:
        days = pd.to_numeric(people["days_since_contact"], errors="coerce")
        if (days < 0).any():
            raise CrmkitError("距上次接触的天数不能是负数", column=LABELS["days_since_contact"])
        table["days_since_contact"] = days
    if "department" not in table.columns:
        table["department"] = ""
    table["department"] = table["department"].fillna("").astype(str)
    return table.set_index("person")


def from_billing_case(people: pd.DataFrame, period: str = "before") -> pd.DataFrame:
    """The telecom-billing case's ``buying_centre.csv`` as a map at one point in time.

    period "before": after the first two months (stance_before, visits_before);
    "after": after the next two (stance_after, visits before and after added up).
    Influence levels come from the purchase role by :data:`PURCHASE_ROLE_LEVEL`
    (a teaching assumption; the case does not grade influence). The case has no
    meeting dates, so ``days_since_contact`` is left out.
    """
    if period not in ("before", "after"):
        raise CrmkitError(f"看不懂时段 {period!r}", hint="写 \"before\"（前两个月）或 \"after\"")
    contacts = people["visits_before"] + (people["visits_after"] if period == "after" else 0)
    table = pd.DataFrame({
        "person": people["title"], "department": people["department"],
        "role": people["influence"], "stance": people[f"stance_{period}"],
        "influence": people["purchase_role"].map(PURCHASE_ROLE_LEVEL),
        "mode": people["mode"], "contacts": contacts,
    })
    return buying_centre(table)


def update_person(centre: pd.DataFrame, person: str, **changes) -> pd.DataFrame:
    """A copy of the map with one person's fields changed, checked like a new entry.

    Keyword names are the column names: stance="支持者", contacts=4, mode="困境" …
    """
    if person not in centre.index:
        raise CrmkitError(f"地图上没有“{person}”", hint=f"现有关键人：{'、'.join(centre.index)}")
    unknown = [k for k in changes if k not in LABELS or k == "person"]
    if unknown:
        raise CrmkitError(f"不能修改 {'、'.join(unknown)}",
                          hint="可以改 role、stance、influence、mode、contacts、"
                               "days_since_contact、department")
    table = centre.reset_index()
    for key, value in changes.items():
        table.loc[table["person"] == person, key] = value
    return buying_centre(table)


def coverage_summary(centre: pd.DataFrame) -> pd.DataFrame:
    """People, support, opposition and meetings per buyer influence, in role order."""
    grouped = centre.groupby("role")
    table = pd.DataFrame({
        "人数": grouped.size(),
        "支持(导师+支持者)": centre["stance"].isin(FOR_US).groupby(centre["role"]).sum(),
        "中立": centre["stance"].eq("中立").groupby(centre["role"]).sum(),
        "反对(反对者+敌人)": centre["stance"].isin(AGAINST_US).groupby(centre["role"]).sum(),
        "接触次数": grouped["contacts"].sum(),
        "未接触人数": centre["contacts"].eq(0).groupby(centre["role"]).sum(),
    }).reindex(list(ROLES), fill_value=0).astype(int)
    total = table["接触次数"].sum()
    table["接触占比(%)"] = (table["接触次数"] / total * 100).round(1) if total else 0.0
    return table.rename_axis("买方影响力")


def _names(people: pd.Index) -> str:
    return "、".join(people)


def coverage_gaps(centre: pd.DataFrame, thin: int = THIN_CONTACTS,
                  stale_days: int = STALE_DAYS) -> pd.DataFrame:
    """Every red flag on the map, most severe first, with its reason and the next move.

    ``centre`` comes from :func:`buying_centre`. "Thin" coverage is at most ``thin``
    meetings; opponents (反对者, 敌人) are flagged when covered thinly, at 高 severity for
    high influence and 中 for medium; a high-influence person not met for more than
    ``stale_days`` days is flagged when the days are recorded. Columns: 严重程度, 信号,
    涉及, 原因, 下一步; one row per flag (an opponent or enemy flag names one person).
    """
    rows: list[tuple[str, str]] = []   # (flag key, the people or department it names)
    role, stance, level = centre["role"], centre["stance"], centre["influence"]
    thin_cover = centre["contacts"] <= thin
    buyers = centre.index[role.eq("经济购买者")]
    if len(buyers) == 0:
        rows.append(("no_economic_buyer", ""))
    unmet = centre.index[role.eq("经济购买者") & centre["contacts"].eq(0)]
    if len(unmet):
        rows.append(("economic_buyer_not_met", _names(unmet)))
    coaches = centre.index[role.eq("教练") & stance.isin(FOR_US)]
    if len(coaches) == 0:
        rows.append(("no_coach", ""))
    against = stance.isin(AGAINST_US) & thin_cover
    for person in centre.index[against & level.eq("高")]:
        key = "enemy_uncovered" if stance[person] == "敌人" else "opponent_uncovered"
        rows.append((key, person))
    for person in centre.index[against & level.eq("中")]:
        rows.append(("opponent_mid", person))
    tech = centre.index[role.eq("技术把关者") & centre["contacts"].eq(0)]
    if len(tech):
        rows.append(("technical_not_met", _names(tech)))
    flagged = set(unmet) | set(centre.index[against])
    thin_key = [p for p in centre.index[level.eq("高") & thin_cover] if p not in flagged]
    if thin_key:
        rows.append(("key_person_thin", _names(pd.Index(thin_key))))
    if "days_since_contact" in centre.columns:
        cold = centre.index[level.eq("高") & (centre["days_since_contact"] > stale_days)]
        if len(cold):
            rows.append(("stale_contact", _names(cold)))
    if centre["mode"].isin(["平稳", "自满"]).all():
        rows.append(("no_urgency", "全部关键人"))
    content = centre.index[role.eq("经济购买者") & centre["mode"].isin(["平稳", "自满"])]
    if len(content):
        rows.append(("economic_buyer_content", _names(content)))
    backers = centre.loc[stance.isin(FOR_US), "department"]
    if len(backers) >= 2 and backers.nunique() == 1 and backers.iloc[0]:
        rows.append(("support_in_one_place", backers.iloc[0]))
    if len(coaches) == 1:
        rows.append(("single_coach", coaches[0]))
    table = pd.DataFrame([{
        "严重程度": FLAGS[key][1], "信号": FLAGS[key][0], "涉及": who or "—",
        "原因": FLAGS[key][2].format(who=who, days=stale_days), "下一步": FLAGS[key][3],
    } for key, who in rows], columns=["严重程度", "信号", "涉及", "原因", "下一步"])
    table["严重程度"] = pd.Categorical(table["严重程度"], categories=list(SEVERITIES),
                                    ordered=True)
    table = table.sort_values("严重程度", kind="stable").reset_index(drop=True)
    table.index = pd.RangeIndex(1, len(table) + 1, name="序号")
    return table


def flagged_people(centre: pd.DataFrame, gaps: pd.DataFrame) -> list[str]:
    """The people named in any red flag, in map order (for the chart's red rings)."""
    named = set("、".join(gaps["涉及"].astype(str)).split("、")) if len(gaps) else set()
    return [p for p in centre.index if p in named]


# The worked example of chapter 5 (strategic-selling, "影响力地图：一个银行大客户项目的算例"):
# a group cash-pool project, eight people, as the chapter's table gives them. The chapter
# grades contact in words; the counts below stand for them (示意): 未接触 0, 接触过一次 1,
# 接触过 2, 频繁接触 8. Influence levels are the kit's reading of each person's role, and
# the chapter's "财务条线" is the department of the three finance people.
CHAPTER_EXAMPLE = [
    ("董事长", "集团领导", "经济购买者", "中立", "高", "平稳", 0),
    ("财务总监", "财务条线", "使用者", "支持者", "高", "困境", 8),
    ("资金部经理", "财务条线", "使用者", "支持者", "中", "成长", 2),
    ("资金部副经理", "财务条线", "教练", "导师", "中", "成长", 8),
    ("信息部经理", "信息部", "技术把关者", "反对者", "高", "自满", 1),
    ("采购与招标办主任", "采购与招标办", "技术把关者", "中立", "中", "平稳", 0),
    ("法务经理", "法务部", "技术把关者", "中立", "中", "平稳", 0),
    ("最大子公司财务经理", "子公司", "使用者", "敌人", "中", "自满", 2),
]


def chapter_example() -> pd.DataFrame:
    """Chapter 5's cash-pool buying centre as a checked map (see :data:`CHAPTER_EXAMPLE`)."""
    cols = ["person", "department", "role", "stance", "influence", "mode", "contacts"]
    return buying_centre(pd.DataFrame(CHAPTER_EXAMPLE, columns=cols))
