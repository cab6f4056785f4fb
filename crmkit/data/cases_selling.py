"""Synthetic data for the key-account cases of module 5 and the marketing cases of module 6.

Each case is one function returning ``{file name: DataFrame}``; the command line
writes every file of a case into its folder:

    python -m crmkit.data.cases_selling telecom-billing --out cases/telecom-billing/

The seeds give stories, not figures: seed 001 opens the 密密麻麻的小本子 story and lists what
a salesperson notes about each buyer; seed 004 (篇七) discusses an operator's group-client
marketing; seed 000 (§四) only names the two module 6 cases. So there are no seed figures
here. Every number is drawn by a seeded random generator around the teaching assumptions
written as constants below; people are named by their post, firms by invented names or codes.

The pipeline tables follow :mod:`crmkit.models.funnel` (stage, status, amount, created,
closed), and the firm tables follow :mod:`crmkit.models.verification`, so the case pages
can hand them to those models unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from crmkit.data.cases_industry import Tables, _rng, run_cli
from crmkit.models.funnel import LOST, OPEN, SALES_STAGES, WON

# Chinese names of every column in the module 5 and 6 case files, in one place.
LABELS: dict[str, str] = {
    # buying centre (telecom-billing)
    "person_id": "编号", "title": "职务", "department": "部门", "purchase_role": "采购角色",
    "influence": "买方影响力", "stance_before": "立场（前两个月）",
    "stance_after": "立场（后两个月）", "mode": "反应模式",
    "visits_before": "接触次数（前两个月）", "visits_after": "接触次数（后两个月）",
    "notes_known": "小本子已记录项数", "key_note": "小本子上的关键记录",
    # pipelines (crmkit.models.funnel)
    "opportunity_id": "商机编号", "customer": "客户", "product": "业务", "owner": "负责人",
    "source": "商机来源", "stage": "阶段", "status": "状态", "amount": "金额(万元)",
    "created": "立项日期", "closed": "关闭日期",
    # group clients (unicom-group-clients)
    "client_id": "客户编号", "industry": "行业", "employees": "员工数(人)",
    "monthly_revenue": "月均通信收入(万元)", "revenue_last": "上年月均通信收入(万元)",
    "products": "在用产品数", "contract_months_left": "合同剩余(月)",
    "complaints_12m": "近12个月投诉(次)", "other_net_share": "成员使用他网号码占比(%)",
    "manager": "客户经理",
    # contact log (second-pass-hightech)
    "contact_id": "记录号", "round": "营销轮次", "date": "日期", "person": "接触对象",
    "channel": "方式", "minutes": "时长(分钟)", "q_situation": "背景问题(S)",
    "q_problem": "难点问题(P)", "q_implication": "暗示问题(I)", "q_need": "需求效益问题(N)",
    "pitch_minutes": "介绍产品(分钟)", "objection": "客户异议", "next_step": "约定下一步",
    # firm tables (crmkit.models.verification)
    "period": "期间", "revenue": "报表收入(万元)", "electricity": "用电量(万千瓦时)",
    "vat_paid": "实缴增值税(万元)", "bank_inflows": "银行流入(万元)",
    "cost_of_sales": "营业成本(万元)", "receivables": "应收账款(万元)", "inventory": "存货(万元)",
    "total_assets": "总资产(万元)", "total_liabilities": "总负债(万元)",
    # ceramic-filter-maker
    "firm_id": "编号", "project": "招商项目", "investment": "计划投资(万元)",
    "team_years": "核心团队行业经验(年)",
    "patents": "发明专利(件)", "orders": "已签意向订单(万元)", "key_support": "列入重点扶持",
    "year": "合作年度", "firm_revenue": "企业营业收入(万元)", "staff": "员工数(人)",
    "bank_debt": "企业银行借款合计(万元)", "our_loans": "本行贷款(万元)",
    "our_deposits": "本行日均存款(万元)", "our_settlement_share": "本行结算占比(%)",
    "our_products": "本行产品数", "our_income": "本行综合收益(万元)",
}


def _ids(prefix: str, n: int, width: int = 2) -> list[str]:
    return [f"{prefix}{i:0{width}d}" for i in range(1, n + 1)]


def _pick(rng: np.random.Generator, options: dict[str, float], n: int) -> np.ndarray:
    """Draw ``n`` labels with the given (unnormalised) weights."""
    weights = np.asarray(list(options.values()), dtype=float)
    return rng.choice(np.asarray(list(options)), size=n, p=weights / weights.sum())


def _jitter(rng: np.random.Generator, values, spread: float) -> np.ndarray:
    values = np.asarray(values, dtype=float)
    return values * rng.lognormal(0.0, spread, values.shape)


def random_pipeline(rng: np.random.Generator, n: int, as_of: str, advance: Sequence[float],
                    typical: float, spread: float = 0.6, loss_days: float = 320) -> pd.DataFrame:
    """``n`` opportunities created over the year before ``as_of``, moved stage by stage.

    Each opportunity passes each stage with the chance in ``advance`` (one per step
    between the five sales stages of :mod:`crmkit.models.funnel`; an array of shape
    (n, 4) gives every opportunity its own chances). A deal that got to the end is won
    if it had time to close; an unfinished one is lost with a chance that grows with
    its age (age ÷ ``loss_days``, at most 85%). Amounts are log-normal around
    ``typical`` 万元. Columns: stage, status, amount, created, closed (dates as
    text, closed empty while open).
    """
    end = pd.Timestamp(as_of)
    steps_n = len(SALES_STAGES) - 1
    age = rng.integers(20, 360, n)
    chances = np.broadcast_to(np.asarray(advance, dtype=float), (n, steps_n))
    steps = np.cumprod(rng.random((n, steps_n)) < chances, axis=1).sum(axis=1)
    cycle = rng.integers(45, 200, n)
    won = (steps == steps_n) & (cycle <= age)
    steps = np.where((steps == steps_n) & ~won, steps_n - 1, steps)
    lost = ~won & (rng.random(n) < np.minimum(0.85, age / loss_days))
    lost_after = np.maximum(1, np.floor(rng.random(n) * age)).astype(int)
    created = end - pd.to_timedelta(age, unit="D")
    closed_days = np.where(won, cycle, lost_after)
    closed = pd.Series(created + pd.to_timedelta(closed_days, unit="D")).where(won | lost)
    return pd.DataFrame({
        "stage": np.array(SALES_STAGES)[steps],
        "status": np.select([won, lost], [WON, LOST], default=OPEN),
        "amount": np.round(rng.lognormal(np.log(typical), spread, n), 0),
        "created": pd.Series(created).dt.strftime("%Y-%m-%d"),
        "closed": closed.dt.strftime("%Y-%m-%d"),
    })


# --- 密密麻麻的小本子 ----------------------------------------------------------------------
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


def telecom_billing(seed: int = 501) -> Tables:
    """小本子: the billing project's buying centre, and the vendor team's pipeline for the year."""
    rng = _rng(seed)
    cols = ["title", "department", "purchase_role", "influence", "stance_before",
            "stance_after", "mode", "visits_before", "visits_after", "notes_known", "key_note"]
    people = pd.DataFrame(BILLING_PEOPLE, columns=cols)
    people["visits_before"] = rng.poisson(people["visits_before"])
    people["visits_after"] = rng.poisson(people["visits_after"])
    people.insert(0, "person_id", _ids("K", len(people)))
    others = random_pipeline(rng, BILLING_N, BILLING_AS_OF, BILLING_ADVANCE, BILLING_TYPICAL,
                             loss_days=BILLING_LOSS_DAYS)
    others.insert(0, "customer", rng.choice(BILLING_CUSTOMERS, BILLING_N))
    others.insert(1, "product", _pick(rng, BILLING_PRODUCTS, BILLING_N))
    customer, product, amount, created = BILLING_PROJECT
    big = pd.DataFrame({"customer": [customer], "product": [product], "stage": ["谈判"],
                        "status": [OPEN], "amount": [amount], "created": [created],
                        "closed": [None]})
    pipeline = pd.concat([big, others], ignore_index=True)
    pipeline.insert(2, "owner", np.concatenate([[BILLING_TEAM[0]],
                                                rng.choice(BILLING_TEAM, BILLING_N)]))
    pipeline = pipeline.sort_values("created", kind="stable").reset_index(drop=True)
    pipeline.insert(0, "opportunity_id", _ids("T", len(pipeline)))
    return {"buying_centre.csv": people, "pipeline.csv": pipeline}


# --- 联通集团客户营销 -----------------------------------------------------------------------
# Teaching assumptions (示意): the group clients of one prefecture branch of an operator.
# Industry: (weight, typical staff, monthly spend per member in 元).
GROUP_N = 160
GROUP_INDUSTRIES = {"党政机关": (0.12, 300, 70.0), "教育": (0.12, 400, 45.0),
                    "医疗卫生": (0.08, 500, 60.0), "金融": (0.06, 250, 110.0),
                    "制造业": (0.26, 350, 50.0), "商贸物流": (0.22, 120, 65.0),
                    "住宿餐饮": (0.14, 60, 55.0)}
GROUP_MANAGERS = ("王岚", "刘洋", "陈静", "赵凯", "孙悦")
GROUP_AS_OF = "2024-10-31"
GROUP_PRODUCTS = {"互联网专线": 1.0, "融合套餐": 1.4, "云服务": 0.7, "物联网卡": 0.6,
                  "视频监控": 0.6}
GROUP_SOURCES = {"客户经理自拓": 0.5, "存量客户增购": 0.3, "全员营销推荐": 0.2}
# Chance of passing each stage, by source: existing clients buy more readily; referrals from
# staff outside the sales team are warm at first and then thin out.
GROUP_ADVANCE = {"客户经理自拓": (0.75, 0.70, 0.70, 0.65),
                 "存量客户增购": (0.90, 0.80, 0.80, 0.75),
                 "全员营销推荐": (0.85, 0.60, 0.60, 0.60)}
GROUP_LOSS_DAYS = 450           # an unfinished deal's chance of being lost: age ÷ 450 days
GROUP_PIPELINE_N = 48
GROUP_TYPICAL = 24.0            # 万元 of first-year contract revenue
GROUP_TARGET = 1000.0           # the branch's new group-business target for the year, 万元


def unicom_group_clients(seed: int = 502) -> Tables:
    """集团客户: 160 group clients of a branch, and its group-business pipeline for the year."""
    rng = _rng(seed)
    n = GROUP_N
    industry = _pick(rng, {k: v[0] for k, v in GROUP_INDUSTRIES.items()}, n)
    staff = np.array([GROUP_INDUSTRIES[i][1] for i in industry], dtype=float)
    spend = np.array([GROUP_INDUSTRIES[i][2] for i in industry])
    employees = np.maximum(10, np.round(staff * rng.lognormal(0, 0.9, n), -1)).astype(int)
    products = np.clip(rng.poisson(1.5 + np.log10(employees), n), 1, 7)
    revenue = employees * spend * (0.6 + 0.15 * products) * rng.lognormal(0, 0.25, n) / 10000
    complaints = rng.poisson(0.9, n)
    trend = rng.normal(0.03, 0.12, n) - 0.04 * complaints
    clients = pd.DataFrame({
        "client_id": _ids("G", n, 3),
        "industry": industry,
        "employees": employees,
        "monthly_revenue": revenue.round(2),
        "revenue_last": (revenue / (1 + trend)).round(2),
        "products": products,
        "contract_months_left": rng.integers(0, 37, n),
        "complaints_12m": complaints,
        "other_net_share": np.round(np.clip(rng.beta(2, 5, n) * 100 + 6 * complaints, 0, 95)),
        "manager": rng.choice(GROUP_MANAGERS, n),
    })
    m = GROUP_PIPELINE_N
    source = _pick(rng, GROUP_SOURCES, m)
    advance = np.array([GROUP_ADVANCE[s] for s in source])
    pipe = random_pipeline(rng, m, GROUP_AS_OF, advance, GROUP_TYPICAL,
                           loss_days=GROUP_LOSS_DAYS)
    existing = rng.choice(clients["client_id"].to_numpy(), m)
    new = np.array(_ids("新客户", m))
    pipe.insert(0, "customer", np.where(source == "存量客户增购", existing, new))
    pipe.insert(1, "product", _pick(rng, GROUP_PRODUCTS, m))
    pipe.insert(2, "owner", rng.choice(GROUP_MANAGERS, m))
    pipe.insert(3, "source", source)
    pipe = pipe.sort_values("created", kind="stable").reset_index(drop=True)
    pipe.insert(0, "opportunity_id", _ids("J", m))
    fresh = pipe["customer"].str.startswith("新客户").to_numpy()
    pipe.loc[fresh, "customer"] = _ids("新客户", int(fresh.sum()))
    return {"group_clients.csv": clients, "pipeline.csv": pipe}


# --- 二度营销高新技术企业 -------------------------------------------------------------------
# Teaching assumptions (示意): the contact log of two approaches to a sensor maker. Round:
# (first and last day, contacts, who was met with weights, channels, mean S/P/I/N questions
# per contact, mean minutes spent presenting products, objections with weights, chance that
# a concrete next step was agreed).
HT_ROUNDS = {
    "第一次营销": ("2022-03-01", "2022-05-31", 5,
                   {"财务总监": 0.7, "出纳": 0.3}, {"电话": 0.4, "上门": 0.6},
                   (4.0, 0.5, 0.0, 0.2), 25.0,
                   {"暂不需要贷款": 0.4, "没有抵押物": 0.3, "已有合作银行": 0.2, "利率偏高": 0.1},
                   0.2),
    "第二次营销": ("2023-04-01", "2023-09-30", 14,
                   {"董事长": 0.2, "财务总监": 0.3, "研发副总": 0.15, "销售总监": 0.2,
                    "人力资源经理": 0.15},
                   {"上门": 0.5, "园区活动": 0.15, "线上会议": 0.15, "电话": 0.2},
                   (2.0, 3.0, 2.0, 1.5), 8.0,
                   {"无": 0.55, "审批流程慢": 0.2, "额度不够": 0.15, "利率偏高": 0.1}, 0.85),
}
# Three years of the sensor maker (万元; power in 万千瓦时): revenue is real (power, VAT and
# inflows agree at 40 元/kWh, 4% and 1.10), receivables stretch as big customers pay slowly.
HT_FIRM = {
    "period": ["2020", "2021", "2022"],
    "revenue": [3600.0, 5500.0, 8300.0],
    "electricity": [92.0, 136.0, 205.0],
    "vat_paid": [146.0, 218.0, 335.0],
    "bank_inflows": [3930.0, 6000.0, 9050.0],
    "cost_of_sales": [1950.0, 2950.0, 4500.0],
    "receivables": [750.0, 1500.0, 3120.0],
    "inventory": [430.0, 660.0, 1030.0],
    "total_assets": [6000.0, 8500.0, 12000.0],
    "total_liabilities": [1500.0, 2100.0, 3100.0],
}


def second_pass_hightech(seed: int = 601) -> Tables:
    """二度营销: the contact log of two approaches to a high-tech firm, and its three years."""
    rng = _rng(seed)
    frames = []
    for name, (first, last, n, people, channels, questions, pitch, objections,
               step) in HT_ROUNDS.items():   # two rounds
        span = (pd.Timestamp(last) - pd.Timestamp(first)).days
        days = np.sort(rng.choice(span + 1, size=n, replace=False))
        q = rng.poisson(questions, size=(n, 4))
        frames.append(pd.DataFrame({
            "round": name,
            "date": (pd.Timestamp(first) + pd.to_timedelta(days, unit="D")).strftime("%Y-%m-%d"),
            "person": _pick(rng, people, n),
            "channel": _pick(rng, channels, n),
            "minutes": (np.round(rng.uniform(20, 70, n) / 5) * 5).astype(int),
            "q_situation": q[:, 0], "q_problem": q[:, 1],
            "q_implication": q[:, 2], "q_need": q[:, 3],
            "pitch_minutes": np.round(rng.gamma(4.0, pitch / 4.0, n)).astype(int),
            "objection": _pick(rng, objections, n),
            "next_step": np.where(rng.random(n) < step, "是", "否"),
        }))
    log = pd.concat(frames, ignore_index=True)
    log["pitch_minutes"] = np.minimum(log["pitch_minutes"], log["minutes"] - 5)
    log.insert(0, "contact_id", _ids("C", len(log)))
    firm = pd.DataFrame(HT_FIRM)
    money = list(HT_FIRM)[1:]
    firm[money] = np.round(_jitter(rng, firm[money].to_numpy(), 0.005))
    return {"contacts.csv": log, "firm.csv": firm}


# --- 陶瓷过滤制造商 -------------------------------------------------------------------------
# Teaching assumptions (示意): the projects a county industrial park signed in one year, and
# eight years of the bank's relationship with the one it chose. Project: (name, planned
# investment 万元, team's years in the trade, invention patents, signed letters of intent
# 万元, on the county's key-support list). Row 1 is the ceramic-filter maker.
PARK_PROJECTS = [
    ("泡沫陶瓷过滤器研发制造", 8000, 15, 9, 3200, "是"),
    ("新型建材生产基地", 30000, 6, 0, 1500, "否"),
    ("汽车座椅面料加工", 12000, 10, 1, 2600, "否"),
    ("光伏支架制造", 25000, 4, 2, 4000, "是"),
    ("中药饮片加工", 9000, 12, 3, 1800, "是"),
    ("物流仓储中心", 40000, 8, 0, 0, "否"),
    ("电子线束组装", 6000, 7, 0, 2200, "否"),
    ("食品冷链加工", 15000, 9, 1, 1200, "否"),
    ("锂电池回收利用", 20000, 3, 4, 800, "是"),
    ("环保涂料生产", 10000, 11, 2, 1400, "否"),
    ("智能门锁组装", 5000, 5, 1, 900, "否"),
    ("五金工具制造", 7000, 14, 0, 2000, "否"),
]
# Eight years of the chosen firm and of the bank's share in it (designed path, then jittered).
CERAMIC_YEARS = {
    "firm_revenue": [600, 2100, 4500, 7800, 11500, 15800, 19600, 23500],
    "staff": [40, 85, 140, 210, 280, 340, 390, 420],
    "bank_debt": [500, 1500, 3000, 4500, 6000, 7500, 8500, 9000],
    "our_loans": [500, 1200, 2000, 2800, 3500, 4200, 4800, 5000],
    "our_deposits": [300, 800, 1500, 2400, 3300, 4200, 5000, 5800],
    "our_settlement_share": [100, 90, 80, 75, 70, 70, 72, 75],
    "our_products": [2, 3, 4, 5, 6, 7, 8, 9],
    "our_income": [8, 30, 62, 100, 140, 185, 225, 260],
}


def ceramic_filter_maker(seed: int = 602) -> Tables:
    """陶瓷过滤: the park's twelve projects of year 1, and eight years with the chosen one."""
    rng = _rng(seed)
    park = pd.DataFrame(PARK_PROJECTS, columns=["project", "investment", "team_years",
                                                "patents", "orders", "key_support"])
    park["orders"] = np.round(_jitter(rng, park["orders"], 0.05), -1).astype(int)
    park.insert(0, "firm_id", _ids("Y", len(park)))
    years = pd.DataFrame({k: np.asarray(v, dtype=float) for k, v in CERAMIC_YEARS.items()})
    money = ["firm_revenue", "bank_debt", "our_loans", "our_deposits", "our_income"]
    years[money] = np.round(_jitter(rng, years[money].to_numpy(), 0.03))
    years[["staff", "our_products", "our_settlement_share"]] = years[
        ["staff", "our_products", "our_settlement_share"]].astype(int)
    years["our_loans"] = np.minimum(years["our_loans"], years["bank_debt"])
    years.insert(0, "year", [f"第{i}年" for i in range(1, len(years) + 1)])
    return {"park_projects.csv": park, "relationship.csv": years}


CASES: dict[str, Callable[[], Tables]] = {
    "telecom-billing": telecom_billing,
    "unicom-group-clients": unicom_group_clients,
    "second-pass-hightech": second_pass_hightech,
    "ceramic-filter-maker": ceramic_filter_maker,
}


def main(argv: list[str] | None = None) -> int:
    return run_cli(CASES, "python -m crmkit.data.cases_selling", argv)


if __name__ == "__main__":
    raise SystemExit(main())
