"""Module 4 (没有调查就没有发言权) self-check items: investigation and cross-verification.

Calculation items use the chapter's worked firm (``example_firm``, 甲厂) and the
synthetic data of two module 4 cases (``leased_equipment``, ``medical_device_dealer``);
every expected value is computed from them when an answer is checked.
"""

from __future__ import annotations

from crmkit.data.cases_investigation import leased_equipment, medical_device_dealer
from crmkit.models.verification import example_firm, implied_revenue
from crmkit.selfcheck.core import choice, number

choice(
    "4.1", "C", {
        "A": "征信报告由人民银行征信系统出具，企业授权后在办公室就能查到负债和对外担保",
        "B": "失信被执行人名单在执行信息公开平台上公开，不用去企业也能查",
        "C": "设备开动了几成、成品有没有积压落灰，只有站在车间和仓库里才看得见，"
             "第三方记录里没有",
        "D": "纳税信用等级可以通过税务渠道和银税合作平台查询，属于非现场调查的内容",
    },
    hint="想一想哪件事只有亲眼看见才能确认，哪些事第三方系统里早有记录",
    skills=["调查方法", "概念"])

choice(
    "4.2", "B", {
        "A": "销售台账和报表都由企业自己编制，算不上两个独立的来源",
        "B": "电费单由电力公司出具，企业要多报用电就得真金白银多付电费，"
             "是难以修饰的第三方证据",
        "C": "老板的口述只是线索，本身就需要别的来源来印证",
        "D": "客户名单由企业提供，没有经过第三方核实，和报表一样出自企业之手",
    },
    hint="交叉验证的第一条原则是来源要独立，第二条是优先用难以造假的数据",
    skills=["交叉验证", "概念"])

choice(
    "4.3", "D", {
        "A": "贷款是给企业的，老板把钱和精力投到哪里，直接关系到还款来源，不能不问",
        "B": "当面质问会让访谈变成对质，老板只会更加戒备，真实情况反而问不出来",
        "C": "报表利润好看不代表资金没有流出主业，漏掉这个疑点，风险会留到贷后才暴露",
        "D": "这些都是“是否不务正业”的迹象：先记成疑点，自然地问清对外投资和资金往来，"
             "再查关联企业的工商信息和其他应收款明细，弄清贷款会不会被挪用",
    },
    hint="回想“最重要的访谈”那一节：除了盈利模式，还要弄清老板的心思在不在主业上",
    skills=["访谈", "判断"])

choice(
    "4.4", "C", {
        "A": "两个人都坐在会议室里，车间、仓库、配电房和财务资料就没人看了",
        "B": "只看现场不做访谈，盈利模式和融资需求都没有弄清，下次还得再来一趟",
        "C": "一人主谈，一人做财务核查和现场观察，出发前按疑点清单分工，"
             "当天碰头把两边的发现对照起来，信息一碰问题就出来了",
        "D": "各写各的报告，两人看到的矛盾之处就没有机会放在一起对照",
    },
    hint="想一想一次走访要同时完成哪几件事，以及分头取得的信息什么时候对照",
    skills=["团队分工", "判断"])

choice(
    "4.5", "A", {
        "A": "实际控制人、挂名的法定代表人、受同一人控制的企业以及它们之间的购销往来，"
             "正是关联方调查要弄清的内容",
        "B": "基本情况关心主体资格、组织架构和发展规划，"
             "谁是实际控制人、还控制哪些企业属于关联方调查",
        "C": "银行关系看的是企业和各家金融机构的合作与负债，不是企业之间的控制关系",
        "D": "授信需求回答要什么钱、干什么用、怎么还，与股权和控制关系无关",
    },
    hint="六个方面里，哪一个专门回答“谁说了算、还控制着哪些企业、彼此有没有往来”",
    skills=["调查内容", "概念"])


def _electricity_gap(revenue_per_kwh, period="2023"):
    """Reported revenue's gap (%) to what the firm's power use implies, in one period."""
    table = implied_revenue(example_firm(), revenue_per_kwh=revenue_per_kwh,
                            vat_burden=None, inflow_ratio=None)
    return float(table.loc[table["期间"] == period, "偏差(%)"].iloc[0])


def _own_history_gap():
    """The 2023 gap when the reference is 甲厂's own revenue per kWh of 2021 and 2022."""
    firm = example_firm()
    base = float((firm["revenue"] / firm["electricity"]).iloc[:2].mean())
    return _electricity_gap(base)


number(
    "4.6", lambda: _electricity_gap(24), 0.1,
    hint="用 implied_revenue(firm, revenue_per_kwh=24, vat_burden=None, inflow_ratio=None)，"
         "看 2023 年那一行的“偏差(%)”；也可以手算：300 × 24 是推算收入",
    unit="%", skills=["交叉验证", "计算"])

number(
    "4.7", _own_history_gap, 0.1,
    hint="先算 2021、2022 两年各自的“收入 ÷ 用电量”，取平均数作为 revenue_per_kwh，"
         "再看 2023 年的偏差",
    unit="%", skills=["交叉验证", "计算"])

choice(
    "4.8", "A", {
        "A": "用电和纳税是难以造假的数据，它们没跟上说明新增收入存疑；"
             "流水恰好同步上涨，就要逐笔看大额流入的对手方是不是真实客户",
        "B": "流水可以被关联企业转账、贷款资金回流或票据贴现做大，"
             "电和税都没跟上时，流水对得上反而要多想一层",
        "C": "预警是下一步核实的起点，不是结论；产品结构变化、外协加工、"
             "设备进项抵扣都可能是正常解释",
        "D": "为了让结论好看去调参考比率，等于自己骗自己；参考比率要事先确定、写明依据",
    },
    hint="回想甲厂 2023 年的情形：哪两个来源难以造假，流水为什么恰好对得上值得怀疑",
    skills=["交叉验证", "判断"])

choice(
    "4.9", "D", {
        "A": "贸易公司的用电和收入没有稳定的对应关系，"
             "调到不预警为止只是在凑数，推算本身就不成立",
        "B": "偏差来自来源不适用，而不是收入虚增，不能据此下结论",
        "C": "销售台账出自企业自己，不是独立来源，替代不了第三方证据",
        "D": "不生产的企业用电少，这个来源不适用，把 revenue_per_kwh 设为 None 跳过；"
             "改用实缴增值税、全部账户的流水、物流单据和购销合同相互印证",
    },
    hint="先问这个来源对这类企业适不适用，再想有哪些数据能替代它",
    skills=["交叉验证", "概念"])


def _leased_on_list_value():
    equipment = leased_equipment()["equipment.csv"]
    keep = (equipment["on_list"] == "是") & (equipment["invoice_buyer"] == "租赁公司")
    return round(float(equipment.loc[keep, "value"].sum()), 1)


def _pledged_value():
    equipment = leased_equipment()["equipment.csv"]
    keep = (equipment["invoice_buyer"] == "本企业") & (equipment["registry"] == "抵押登记")
    return round(float(equipment.loc[keep, "value"].sum()), 1)


def _old_receivable_share():
    ledger = medical_device_dealer()["receivables.csv"]
    old = ledger.loc[ledger["age_days"] > 365, "amount"].sum()
    return round(float(old / ledger["amount"].sum() * 100), 1)


number(
    "4.10", _leased_on_list_value, 0.1,
    hint="筛出 on_list == \"是\" 并且 invoice_buyer == \"租赁公司\" 的行，再把 value 列加总",
    unit=" 万元", skills=["设备权属", "编程"])

number(
    "4.11", _pledged_value, 0.1,
    hint="发票开给本企业、registry 为“抵押登记”的设备，把 value 列加总",
    unit=" 万元", skills=["设备权属", "计算"])

number(
    "4.12", _old_receivable_share, 0.1,
    hint="账龄 age_days 大于 365 天的 amount 合计，除以全部 amount 合计，再乘 100",
    unit="%", skills=["应收账款", "计算"])
