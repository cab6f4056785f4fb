"""密密麻麻的小本子: the data files of ``cases/telecom-billing/``."""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmkit.data.cases._common import (
    COLUMN_LABELS,
    Tables,
    make_ids,
    make_rng,
    pick,
    random_pipeline,
)
from crmkit.models.funnel import OPEN

# Chinese names of the columns in this case's files.
LABELS: dict[str, str] = {
    **COLUMN_LABELS,
    "person_id": "编号", "department": "部门", "purchase_role": "采购角色",
    "influence": "买方影响力", "stance_before": "立场（前两个月）",
    "stance_after": "立场（后两个月）", "mode": "反应模式",
    "visits_before": "接触次数（前两个月）", "visits_after": "接触次数（后两个月）",
    "notes_known": "小本子已记录项数", "key_note": "小本子上的关键记录", "customer": "客户",
    "product": "业务", "stage": "阶段", "status": "状态", "amount": "金额(万元)",
    "created": "立项日期", "closed": "关闭日期",
}

# Teaching assumptions (示意): the buying centre of a provincial operator's billing-system
# project. Per person: (title, department, purchase role, buyer influence, stance in the first
# two months, stance after the notebook review, response mode, mean visits in the first two
# months, mean visits after, items of the notebook's 13 filled in, key note).
BILLING_PEOPLE = [
    ("分管副总经理", "省公司领导", "最后批准", "经济购买者", "中立", "支持者", "平稳型", 0, 3, 3,
     "年底前要向上级报送计费整改方案，最关心上线风险和投资回报"),
    ("计费中心主任", "计费中心", "决策制定", "使用者", "支持者", "支持者", "困境型", 28, 10, 11,
     "今年的考核目标是计费差错率减半，老系统扩容已到极限"),
    ("计费中心副主任", "计费中心", "方案评估", "教练", "导师", "导师", "成长型", 40, 12, 13,
     "想借新系统项目带出一支年轻队伍，是我方最可靠的内线"),
    ("计费系统工程师甲", "计费中心", "最终用户", "使用者", "支持者", "支持者", "成长型", 42, 8, 9,
     "每天处理账务差错，最在意新系统的操作界面和培训"),
    ("计费系统工程师乙", "计费中心", "最终用户", "使用者", "支持者", "支持者", "成长型", 36, 6, 8,
     "负责月底出账，担心切换期间出账延误"),
    ("数据库管理员", "计费中心", "最终用户", "使用者", "敌人", "敌人", "自满型", 18, 3, 6,
     "曾在竞争对手乙公司工作多年，多次在内部会上称赞对方产品"),
    ("网络部主任", "网络部", "技术评估", "技术把关者", "反对者", "中立", "自满型", 2, 6, 5,
     "担心新系统的数据采集占用网络资源，接口改造要他的团队加班"),
    ("信息技术部副主任", "信息技术部", "技术评估", "技术把关者", "中立", "支持者", "困境型",
     3, 5, 7,
     "正在推动全省系统统一架构，希望新系统符合集团技术规范"),
    ("采购部经理", "采购部", "商务评估", "技术把关者", "中立", "中立", "平稳型", 1, 4, 4,
     "评标打分中商务部分占三成，最看重报价依据和付款条件"),
    ("财务部副主任", "财务部", "商务评估", "技术把关者", "中立", "中立", "平稳型", 0, 3, 3,
     "今年投资预算收紧，要求分期付款并与验收挂钩"),
    ("市场经营部主任", "市场经营部", "最终用户", "使用者", "中立", "支持者", "成长型", 0, 4, 6,
     "新套餐上线常因计费配置慢而推迟，希望套餐配置缩短到三天"),
    ("客服中心主任", "客服中心", "最终用户", "使用者", "反对者", "支持者", "困境型", 1, 5, 7,
     "每月上百件计费投诉压在客服中心，担心换系统的过渡期投诉更多"),
]
BILLING_NOTE_ITEMS = 13         # items of the notebook page kept for each person (seed 001 list)
BILLING_AS_OF = "2023-11-30"
BILLING_PROJECT = ("省公司计费中心", "计费系统改造", 2600.0, "2023-03-06")   # open, in 谈判
BILLING_TEAM = ("老周", "小林", "小何")
BILLING_PRODUCTS = {"经营分析系统": 1.0, "客服系统升级": 1.0, "结算系统": 0.8, "网管系统": 0.8,
                    "数据治理": 0.6, "计费模块扩容": 1.0}
BILLING_CUSTOMERS = [f"{c} 市分公司" for c in "ABCDEFGHJK"] + ["省公司客服中心", "省公司市场部"]
BILLING_N = 21                  # opportunities besides the billing project
BILLING_ADVANCE = (0.85, 0.80, 0.75, 0.75)
BILLING_LOSS_DAYS = 600       # an unfinished deal's chance of being lost: age ÷ 600 days
BILLING_TYPICAL = 160.0         # 万元, a typical contract besides the big one
BILLING_TARGET = 4000.0         # the team's contract target for the year, 万元


def generate(seed: int = 501) -> Tables:
    """小本子: the billing project's buying centre, and the vendor team's pipeline for the year."""
    rng = make_rng(seed)
    cols = ["title", "department", "purchase_role", "influence", "stance_before",
            "stance_after", "mode", "visits_before", "visits_after", "notes_known", "key_note"]
    people = pd.DataFrame(BILLING_PEOPLE, columns=cols)
    people["visits_before"] = rng.poisson(people["visits_before"])
    people["visits_after"] = rng.poisson(people["visits_after"])
    people.insert(0, "person_id", make_ids("K", len(people), width=2))
    others = random_pipeline(rng, BILLING_N, BILLING_AS_OF, BILLING_ADVANCE, BILLING_TYPICAL,
                             loss_days=BILLING_LOSS_DAYS)
    others.insert(0, "customer", rng.choice(BILLING_CUSTOMERS, BILLING_N))
    others.insert(1, "product", pick(rng, BILLING_PRODUCTS, BILLING_N))
    customer, product, amount, created = BILLING_PROJECT
    big = pd.DataFrame({"customer": [customer], "product": [product], "stage": ["谈判"],
                        "status": [OPEN], "amount": [amount], "created": [created],
                        "closed": [None]})
    pipeline = pd.concat([big, others], ignore_index=True)
    pipeline.insert(2, "owner", np.concatenate([[BILLING_TEAM[0]],
                                                rng.choice(BILLING_TEAM, BILLING_N)]))
    pipeline = pipeline.sort_values("created", kind="stable").reset_index(drop=True)
    pipeline.insert(0, "opportunity_id", make_ids("T", len(pipeline), width=2))
    return {"buying_centre.csv": people, "pipeline.csv": pipeline}
