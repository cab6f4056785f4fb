"""Module 2 (金融产品与客群拓展) self-check items.

Knowing one's products and the competitors', where customer lists come from, the
compliance line, and the prospecting methods. The calculations work on two module 2
case data sets: the 专精特新 list (zjtx_list) and a year of counterparty flows of
twelve corporate customers (ledger_prospecting), the raw material of 交易流水获客.
"""

from __future__ import annotations

import pandas as pd

from crmkit.data.cases_prospecting import ledger_prospecting, zjtx_list
from crmkit.selfcheck.core import choice, members, number

# Teaching rule of item 2.9: a counterparty worth a visit this month trades with at least
# this many of our customers and moved more than this much money (万元) in the year.
HUB_LINKS = 3
HUB_AMOUNT = 1000.0


def prospect_flows() -> pd.DataFrame:
    """Counterparties of the ledger that are firms banking elsewhere, one row each.

    Columns: amount (万元 in the year), transactions and links (how many of our
    customers trade with it), largest amount first.
    """
    ledger = ledger_prospecting()["ledger.csv"]
    elsewhere = (ledger["counterparty_type"] == "企业") & (ledger["counterparty_bank"] == "他行")
    firms = ledger[elsewhere]
    flows = firms.groupby("counterparty").agg(amount=("amount", "sum"),
                                              transactions=("txn_id", "size"),
                                              links=("customer_id", "nunique"))
    return flows.sort_values("amount", ascending=False)


choice(
    "2.1", "D", {
        "A": "准入条件回答“我能不能申请”，是客户最先问的问题之一",
        "B": "担保方式回答“要不要抵押、要不要找担保人”，直接决定客户能不能用",
        "C": "办理时效回答“多久能到账”，很多客户最在意的恰恰是速度",
        "D": "投放任务是银行内部的考核指标，客户并不关心，也不该拿来说服客户",
    },
    hint="八个要素都是站在客户角度提的问题：能不能申请、能借多少多久、要什么条件、多快到账",
    skills=["产品知识", "概念"])

choice(
    "2.2", "B", {
        "A": "额度上限是产品规定，夸大额度会在审批时穿帮，也违反营销宣传的要求",
        "B": "如实说明额度上限，用组合方案补上差额，再讲清速度和服务这些价格以外的优势",
        "C": "额度差距靠降价弥补不了，只会把竞争变成拼价格",
        "D": "贬低同业、传播未经核实的负面信息是获取和使用竞品信息的底线问题",
    },
    hint="做对比矩阵的目的，是找出我们占优的地方、落后的地方，以及落后时怎么应对",
    skills=["竞品对比", "判断"])

choice(
    "2.3", "C", {
        "A": "竞争对手的官网和手机银行公开的产品公告、收费标准，可以合规查阅",
        "B": "客户在比较时主动说出的他行报价和条件，认真记录即可",
        "C": "冒充客户套取信息越过了底线：不打探、不冒充、不索取对手的内部文件",
        "D": "政府和大型企业金融服务采购的中标结果通常会公示，是公开渠道",
    },
    hint="本章列了四个合规渠道，也写明了三条不能碰的底线",
    skills=["竞品对比", "概念"])

choice(
    "2.4", "A", {
        "A": "电网、医院、高校等单位的集中采购通过公开招标进行，中标结果公示，属于采购平台",
        "B": "银税和银政合作用的是纳税数据或风险补偿资金池，不是中标公示",
        "C": "备案和登记名单来自卫生健康、科技、市场监管等部门的登记认定，不是采购结果",
        "D": "协会和商会平台靠的是会员圈子和企业家之间的信任，不是招标结果",
    },
    hint="想一想这份名单是谁、通过什么程序产生的",
    skills=["名单来源", "概念"])


def _zjtx_beishan_giants():
    firms = zjtx_list()["firms.csv"]
    chosen = ((firms["city"] == "北山市") & (firms["level"] == "国家级小巨人")
              & (firms["relationship"] == "无往来"))
    return firms.loc[chosen, "firm_id"]


members("2.5", _zjtx_beishan_giants,
        hint="三个条件同时满足：city 为北山市、level 为国家级小巨人、relationship 为无往来；"
             "条件之间用 & 连接，每个条件加括号",
        noun="潜在客户", skills=["政府名单", "编程"])

choice(
    "2.6", "A", {
        "A": "客户信息只能用于授权范围内的用途，不能对外提供；"
             "行内跨部门共享线索也要按数据管理规定办理",
        "B": "保密协议改变不了信息只能在授权范围内使用的要求，对外提供本身就越界了",
        "C": "员工是本行客户，不等于本行可以把他们的信息交给第三方",
        "D": "姓名和手机号同样是个人信息，少给几项并不能让对外提供变得合规",
    },
    hint="行内数据是转化率最高的名单来源，但使用它有一条不能越过的边界",
    skills=["行内数据", "判断"])

choice(
    "2.7", "B", {
        "A": "同一集群的企业受同样的景气、整治和搬迁影响，统一额度、求快铺开会把风险集中起来",
        "B": "先懂产业再设计批量产品，分层筛选，并给单一集群设授信总量上限、持续监测",
        "C": "集群是批量开发的主战场，风险可以管理，一户不做等于把整片客户让给同业",
        "D": "只做龙头放弃了集群批量开发的意义，而龙头恰恰是各家银行竞争最激烈的地方",
    },
    hint="集群客户的机会是批量，风险也是批量：两头都要想到",
    skills=["商业集群", "判断"])

number(
    "2.8", lambda: len(prospect_flows()), 0,
    hint="只保留 counterparty_type 为“企业”、counterparty_bank 为“他行”的行，"
         "再数 counterparty 有多少个不同的值（nunique）",
    unit=" 家", skills=["交易流水获客", "编程"])


def _hubs():
    flows = prospect_flows()
    return flows.index[(flows["links"] >= HUB_LINKS) & (flows["amount"] > HUB_AMOUNT)]


members("2.9", _hubs,
        hint="按 counterparty 分组，amount 求和、customer_id 数不同值（nunique），"
             "再按两个条件筛选",
        noun="潜在客户", skills=["交易流水获客", "编程"])

number(
    "2.10", lambda: float(prospect_flows()["amount"].iloc[0]), 0.01,
    hint="在上一题的分组结果上按 amount 从大到小排序，看第一行",
    unit=" 万元", skills=["交易流水获客", "计算"])

choice(
    "2.11", "B", {
        "A": "链式介绍法是请满意的客户一个接一个地介绍，不依赖某一位有影响力的人物",
        "B": "先取得村支书和种养大户这些中心人物的信任，再借他们的影响力带动一片，"
             "是“中心开花”法",
        "C": "委托法是委托中介机构代为寻找和推荐客户，村支书和种养大户不是受托的中介",
        "D": "会议寻找法是借展会、宣讲会一次接触一群人，这里靠的是带头人的示范",
    },
    hint="关键在“先让带头人用起来，再带动全村”",
    skills=["寻找客户的方法", "概念"])

choice(
    "2.12", "C", {
        "A": "购买来路不明的个人信息、未经同意群发营销短信，都违反法律法规，效果也很差",
        "B": "对未经筛选的陌生名单打电话，线索质量低，还容易被当作骚扰",
        "C": "企业主更相信熟人推荐和专业内容：用策略会和沙龙接触，"
             "再请满意的老客户转介绍，快慢搭配",
        "D": "扫楼适合商户密集、产品标准化的场景，企业主和高净值客户很难这样接触到",
    },
    hint="对照本章“按场景选方法”一表中“高净值个人客户”一行",
    skills=["寻找客户的方法", "判断"])
