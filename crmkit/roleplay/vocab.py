"""The closed vocabularies of the scenario format and the Chinese names of every field.

One place for every word a trainer types as a value (skills, outcome types,
buyer response modes) and every label the checker uses in its messages, so the
schema, the checker, the engines and the authoring guide cannot drift apart
(a unit test compares this module with ``schema.json``).
"""

from __future__ import annotations

# Skill → (group, what the skill is). The key is what a trainer writes after `skill:`.
SKILLS: dict[str, tuple[str, str]] = {
    "选对时间": ("电话邀约", "在对方方便接听的时段打电话"),
    "找对人": ("电话邀约", "找到对这件事说了算或有影响力的人，争取接线人的帮助"),
    "说对话": ("电话邀约", "一句话说清你是谁、为什么打来、对客户有什么好处"),
    "问对问题": ("电话邀约", "用一两个关键问题了解情况，引出当面谈的理由"),
    "开场白": ("面谈", "见面头几分钟建立亲和力和信任"),
    "倾听确认": ("面谈", "复述、确认、认同客户的感受，再往下谈"),
    "SPIN-S": ("SPIN 提问", "背景问题：了解客户现状"),
    "SPIN-P": ("SPIN 提问", "难点问题：找出客户的困难和不满"),
    "SPIN-I": ("SPIN 提问", "暗示问题：让客户看到困难带来的后果"),
    "SPIN-N": ("SPIN 提问", "需求-效益问题：让客户说出解决之后的好处"),
    "FAB": ("产品呈现", "特征—优势—利益：把产品特点翻译成客户的好处"),
    "FABE": ("产品呈现", "特征—优势—利益—证据：再加上能让客户相信的证据"),
    "异议-已有合作": ("异议处理", "客户说“已经有合作的银行（券商、供应商）了”"),
    "异议-价格": ("异议处理", "客户说“利率（费率、价格）太高”"),
    "异议-没时间": ("异议处理", "客户说“现在没时间”“改天再说”"),
    "异议-没需求": ("异议处理", "客户说“我们不需要”"),
    "异议-不信任": ("异议处理", "客户怀疑机构实力、产品风险或你本人"),
    "异议-再考虑": ("异议处理", "客户说“我再考虑考虑”"),
    "约见收尾": ("收尾", "自然地提出见面，并确认时间、地点、联系人"),
    "促成成交": ("收尾", "看准时机提出成交请求，或先落定一个小承诺"),
}

# Outcome type → (is a successful ending, what it means, fields it requires).
OUTCOMES: dict[str, tuple[bool, str, tuple[str, ...]]] = {
    "约定面谈": (True, "约到了见面，时间、地点、联系人都已确认", ("appointment",)),
    "达成意向": (True, "客户同意了一个具体的下一步，例如先开户、先试用一项业务", ("next_step",)),
    "待跟进": (False, "没有被拒绝，但也没有约定具体的下一步", ()),
    "婉拒": (False, "客户客气地拒绝了", ()),
    "失联": (False, "客户挂断电话、不再接听或不再回复", ()),
    "关系受损": (False, "客户明显反感，短期内很难再接触", ()),
}
SUCCESS_OUTCOMES = tuple(k for k, (ok, _, _) in OUTCOMES.items() if ok)

# Buyer response modes (the four of strategic selling), with the trainer's reading of each.
RESPONSE_MODES: dict[str, str] = {
    "成长型": "看到了扩张的机会，想要更多、更快，愿意听能帮他增长的方案",
    "困境型": "眼下有麻烦，现状低于预期，愿意听能解决问题的办法",
    "平稳型": "觉得现在挺好，不想改变，需要先让他看到差距",
    "自满型": "自认为一切顺利甚至超出预期，几乎不会改变，不宜投入过多",
}

# Chinese names of the fields, used in checker messages and the authoring guide.
FIELD_LABELS: dict[str, str] = {
    "id": "编号",
    "title": "标题",
    "summary": "说明",
    "trainee": "学员身份",
    "sources": "素材依据",
    "persona": "客户画像",
    "goal": "练习目标",
    "rubric": "评分维度",
    "start": "开场节点",
    "nodes": "对话节点",
    "endings": "结局",
    "name": "名称",
    "role": "职务",
    "company": "单位",
    "industry": "行业",
    "mood": "情绪状态",
    "response_mode": "买方反应模式",
    "background": "背景",
    "max": "单步满分",
    "description": "说明",
    "narration": "旁白",
    "speaker": "说话人",
    "customer": "客户台词",
    "options": "选项",
    "text": "学员话术",
    "skill": "技能",
    "points": "得分",
    "feedback": "点评",
    "next": "下一步",
    "outcome": "结局类型",
    "appointment": "面谈约定",
    "next_step": "下一步安排",
    "time": "时间",
    "place": "地点",
    "contact": "联系人",
}

# Display names of the speakers in a transcript.
SPEAKERS = {"narrator": "旁白", "trainee": "客户经理", "ending": "结局"}


def field_label(key: str) -> str:
    """``key（中文名）`` for a field, or the bare key when it has no Chinese name."""
    label = FIELD_LABELS.get(key)
    return f"{key}（{label}）" if label else key
