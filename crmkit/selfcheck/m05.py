"""Module 5 (大客户销售策略) self-check items: buyer influences, the funnel and its metrics.

Calculation items use the chapter's twelve opportunities (``example_pipeline``), the
lab's 60 synthetic ones (``synthetic_pipeline(n=60, seed=2024)``) and the buying centre
and pipeline of the case 密密麻麻的小本子 (``telecom_billing``); expected values are
computed from them with :mod:`crmkit.models.funnel` when an answer is checked.
"""

from __future__ import annotations

from crmkit.data.cases_selling import telecom_billing
from crmkit.models.funnel import (
    coverage_ratio,
    example_pipeline,
    pipeline_velocity,
    synthetic_pipeline,
    weighted_pipeline,
)
from crmkit.selfcheck.core import choice, members, number

choice(
    "5.1", "C", {
        "A": "经济购买者掌握预算、能最后拍板；信息部经理即使点头，项目还要董事长批准",
        "B": "使用者关心方案对自己日常工作的影响，例如资金部和子公司财务人员",
        "C": "技术把关者按某些标准筛选方案，能让方案出局，却不能单独让它胜出",
        "D": "教练在客户内部为我们提供信息、指点方向，不是在评审会上把关的人",
    },
    hint="想一想谁“能说不、但不能单独说是”",
    skills=["买方影响力", "概念"])

choice(
    "5.2", "B", {
        "A": "热情不等于可信：接触不到决策会议的人，提供的信息可能片面甚至错误",
        "B": "她在内部说话有分量、能接触到决策信息，又真心希望本行方案成功，"
             "同时满足好教练的三个条件",
        "C": "对手的客户经理希望的是对手赢，不可能真心为我们指路",
        "D": "董事长是项目的经济购买者，要争取他的批准，而不是请他当教练",
    },
    hint="好教练要同时满足三个条件：在客户内部有可信度、能接触到决策信息、真心希望我们赢",
    skills=["买方影响力", "判断"])

choice(
    "5.3", "D", {
        "A": "平稳型的人对现状没有不满；这位财务总监刚被压降授信，现状正在变糟",
        "B": "成长型的人是现状不错、想要更多，而她面对的是眼前的资金缺口",
        "C": "自满型的人认为现状比预期还好，与她急着找新渠道的处境正好相反",
        "D": "现状出了问题、正在变糟、急着解决，是困境型：接受新方案的可能很高，"
             "要先针对眼前的缺口拿出方案，行动要快",
    },
    hint="比较她对“现状”的感受和她想要的结果之间的差距，是想要更多，还是出了问题",
    skills=["反应模式", "判断"])

choice(
    "5.4", "A", {
        "A": "他反对的是本行而不是方案，投入再多也难以转变；不正面交锋、"
             "在方案里消除他的实际顾虑、不给他留专业上的把柄，把力气用在其他关键人身上",
        "B": "敌人的立场往往来自方案以外的原因，请客吃饭争取转化，多半是白费功夫",
        "C": "在客户面前攻击对方员工的私交，只会让本行显得不专业，还会得罪更多人",
        "D": "他的反对与价格无关，单方面让利换不来支持，还损失了收益",
    },
    hint="先判断他是“反对者”还是“敌人”：他反对的是方案本身，还是站在竞争对手一边",
    skills=["影响力地图", "判断"])

choice(
    "5.5", "C", {
        "A": "关键人新上任是危险信号，新人往往要重新评估前任留下的项目，不能照旧推进",
        "B": "越级投诉会把新财务总监推向对手，也破坏了客户的决策程序",
        "C": "这是危险信号：尽快拜访新财务总监、重新讲清方案的价值，请教练了解他的顾虑，"
             "同时在管道里下调这个商机的赢单概率",
        "D": "还不知道新财务总监在意什么就降价，等于把让步白白送出去",
    },
    hint="把这件事对照“危险信号”清单，再想想“每一面红旗都要变成一个具体行动”",
    skills=["危险信号", "判断"])


def _unvisited():
    people = telecom_billing()["buying_centre.csv"]
    return people.loc[people["visits_before"] == 0, "person_id"]


members(
    "5.6", _unvisited,
    hint="筛出 visits_before == 0 的行，再取 person_id 列",
    noun="关键人", skills=["影响力地图", "编程"])

choice(
    "5.7", "B", {
        "A": "线索阶段只是在目标名单里、建立了初步联系；这个商机已经通过了机会评估",
        "B": "进入方案阶段的证据是客户同意接收方案、并告知评估标准和决策流程；"
             "客户还没做到，它就仍在发现需求阶段",
        "C": "我们发了方案不等于客户进入方案阶段，阶段要按客户做了什么来判断",
        "D": "谈判阶段要求方案通过技术评估、见过经济购买者，这里还差得很远",
    },
    hint="阶段按“客户做了什么”判断，而不是按“我们做了什么”判断",
    skills=["销售漏斗", "判断"])

choice(
    "5.8", "D", {
        "A": "客户有没有非解决不可的问题，回答的是第一层：这是不是一个真实的商机",
        "B": "预算和人员是否落实，回答的是第二层：这是不是一个落实的项目",
        "C": "驱动因素是政策要求还是成本压力，也属于第二层",
        "D": "与对手相比有没有独特价值，是第三层“这是不是我的项目”的五个问题之一",
    },
    hint="机会评估分三层：是不是真实商机、是不是落实的项目、是不是我的项目",
    skills=["机会评估", "概念"])

number(
    "5.9", lambda: float(coverage_ratio(example_pipeline(), target=400)["覆盖倍数"]), 0.01,
    hint="coverage_ratio(pipeline, target=400) 会自动把赢单金额算作已完成，读“覆盖倍数”",
    unit=" 倍", skills=["管道指标", "计算"])

number(
    "5.10",
    lambda: float(pipeline_velocity(example_pipeline(), per="month", from_stage="方案")
                  .iloc[-1]),
    0.01,
    hint="pipeline_velocity(pipeline, per=\"month\", from_stage=\"方案\")；"
         "在途机会数和赢单率都只算到达过方案阶段的商机",
    unit=" 万元/月", skills=["管道指标", "计算"])


def _owner_weighted(owner):
    lab = synthetic_pipeline(n=60, seed=2024)
    return float(weighted_pipeline(lab[lab["owner"] == owner]).loc["合计", "加权金额(万元)"])


def _billing_adjusted():
    pipeline = telecom_billing()["pipeline.csv"].copy()
    pipeline["probability"] = float("nan")
    pipeline.loc[pipeline["product"] == "计费系统改造", "probability"] = 0.3
    return float(weighted_pipeline(pipeline).loc["合计", "加权金额(万元)"])


number(
    "5.11", lambda: _owner_weighted("陈晨"), 0.01,
    hint="先筛出 owner == \"陈晨\" 的商机，再交给 weighted_pipeline，读“合计”行的加权金额",
    unit=" 万元", skills=["管道指标", "编程"])

number(
    "5.12", _billing_adjusted, 0.1,
    hint="新建一列 probability，全部设为 NaN，只把计费系统改造那一行设为 0.3，"
         "再交给 weighted_pipeline",
    unit=" 万元", skills=["管道指标", "计算"])
