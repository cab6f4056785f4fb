"""Module 1 (运营环境与行业分析) self-check items.

PEST, regional factors, factor intensity, buying behaviour, concentration (CRn, HHI),
market structures and the industry life cycle. The calculations run the industry
models on the synthetic data of three module 1 cases (新能源汽车产业链, 集成电路产业链,
工程机械) and on one firm profile given in the question.
"""

from __future__ import annotations

from crmkit.data.cases_industry import construction_machinery, ic_chain, nev_chain
from crmkit.models.industry import concentration_ratio, factor_intensity, hhi, lifecycle_stage
from crmkit.selfcheck.core import choice, number

# The firm of item 1.4 and 1.5, as printed in the question (示意): a county vegetable
# pre-cooling and processing plant with a large yard. Relative scores: capital 0.45,
# labour 1.35, technology 0.2, land 1.44.
VEGETABLE_PLANT = {
    "人均固定资产": 45,               # 万元/人
    "人工成本占营业收入比重": 0.27,
    "研发投入占营业收入比重": 0.01,
    "每亿元营业收入占地": 72,         # 亩/亿元
}

choice(
    "1.1", "C", {
        "A": "政治与政策指国家和地方在鼓励或限制什么；这里没有哪项政策在起作用",
        "B": "经济因素看增速、利率、汇率和景气；这里的变化来自人口结构，不是经济周期",
        "C": "人口外流和老龄化是社会因素：变化慢，但一旦成势就很难逆转，"
             "会持续压低当地的家电需求",
        "D": "技术因素指替代和升级；家电卖场的客流下滑不是新技术造成的",
    },
    hint="先问自己：这个变化的根源是政策、经济周期、人口与生活方式，还是技术？",
    skills=["PEST", "概念"])

choice(
    "1.2", "D", {
        "A": "招商目录体现的是区域发展与产业政策，不属于金融生态",
        "B": "台风频率属于自然资源和自然条件",
        "C": "居民收入属于地方经济与社会状况",
        "D": "企业之间互相担保形成的担保圈，是当地信用环境的一部分，"
             "一家出事会牵连一串，属于金融生态",
    },
    hint="金融生态包括信用环境、担保与互保、银行竞争格局和地方金融配套",
    skills=["区域分析", "概念"])

choice(
    "1.3", "B", {
        "A": "企业经营正常，已经拿到园区用地，政策给的是搬迁期限而不是关停令；"
             "一刀切退出会失去一个会留下来的客户",
        "B": "政策对不达标的企业是利空，对有能力搬迁改造的企业反而是机会："
             "核实环评和资金安排，用搬迁和技改融资支持它",
        "C": "产业政策会改变企业的成本和前景，照常续贷等于没有做环境分析",
        "D": "等搬迁完成，融资需求早就被同业接走了；政策落地前后正是需要银行的时候",
    },
    hint="把政策翻译成这家企业的授信和营销动作：它会被淘汰，还是会留下来？",
    skills=["产业政策", "判断"])

number(
    "1.4", lambda: float(factor_intensity(VEGETABLE_PLANT).scores.max()), 0.01,
    hint="用 factor_intensity 把四项指标除以参照值，看 table 的“相对强度”一列",
    skills=["要素密集度", "计算"])

choice(
    "1.5", "C", {
        "A": "劳动密集确实超过参照值，但不是最高的一项；只谈代发会漏掉它最主要的抵押物和风险",
        "B": "资本密集的相对强度还不到参照值的一半，它不需要银团式的大额项目贷款",
        "C": "土地密集是主导类型，劳动密集也超过参照值：授信看土地使用权"
             "（核实性质和用途），营销从代发工资和员工业务切入",
        "D": "有两项超过 1.0，不能说没有密集特征",
    },
    hint="先用上一题的结果找出哪几项不低于 1.0、哪一项最高，再对照四种类型的融资特点",
    skills=["要素密集度", "判断"])

choice(
    "1.6", "A", {
        "A": "企业选银行本身就是一次组织采购：采购小组里每个角色关心的事不同，"
             "要分别沟通，守住执行层",
        "B": "老板拍板不等于执行层不重要：财务总监比价、出纳办业务，"
             "日常业务会一点点流向方便的那一家",
        "C": "单纯降价很难长期留住客户，而且没有解决出纳和财务总监的实际顾虑",
        "D": "客户已经在比较他行方案，等到业务转走再补救就晚了",
    },
    hint="把工业品市场“多人参与决策”的规律用在自己身上",
    skills=["购买行为", "判断"])


def _nev_shares(segment: str):
    shares = nev_chain()["shares.csv"]
    return shares.loc[shares["segment"] == segment, "share"]


def _machinery_shares(period: str):
    shares = construction_machinery()["shares.csv"]
    return shares.loc[shares["period"] == period, "share"]


number(
    "1.7", lambda: concentration_ratio(_nev_shares("正极材料"), n=8), 0.1,
    hint="先筛出 segment == \"正极材料\" 的行，再用 concentration_ratio(…, n=8)",
    unit="%", skills=["集中度", "计算"])

number(
    "1.8", lambda: hhi(_machinery_shares("第 14 年")) - hhi(_machinery_shares("第 6 年")), 0.1,
    hint="按 period 分别取出两年的份额，各算一次 hhi，再相减（后一年减前一年）",
    skills=["集中度", "编程"])

choice(
    "1.9", "B", {
        "A": "一家独大时 HHI 会很高（一家占 50% 就贡献 2,500）；这里 HHI 不到 1,500，"
             "说明没有一家独大",
        "B": "CR4 已进入高集中寡占型，HHI 却还在非集中市场：前四家合计份额高，"
             "但彼此规模接近，是几家头部品牌并立",
        "C": "CR4 接近七成，份额已经明显向头部集中，不是分散竞争",
        "D": "CR4 高而 HHI 低是正常现象，恰恰说明头部几家规模接近；"
             "反过来 CR4 低而 HHI 高才要怀疑数据",
    },
    hint="用 market_structure(cr4=…, hhi=…) 读第 14 年，看两把尺子的结论是否一致",
    skills=["集中度", "判断"])

choice(
    "1.10", "B", {
        "A": "完全竞争的产品几乎没有差异，而这些店各有熟客、价格也有高有低",
        "B": "企业较多、产品有一定差异、进入门槛低，在一定范围内能自己定价，是垄断竞争",
        "C": "寡头垄断是少数几家占大头，这里四十多家店没有谁能左右整个市场",
        "D": "完全垄断只有一家企业且没有替代品，与此完全不符",
    },
    hint="依次看企业数量、产品差异、进入壁垒和定价能力四项",
    skills=["市场结构", "概念"])

number(
    "1.11",
    lambda: lifecycle_stage(ic_chain()["growth.csv"]["晶圆制造收入"])["volatility"] * 100, 0.1,
    hint="lifecycle_stage 返回的字典里有 volatility（小数），乘以 100 就是百分点；"
         "lifecycle_table 里也有这一列",
    unit=" 个百分点", skills=["生命周期", "计算"])

choice(
    "1.12", "A", {
        "A": "成熟期拼成本、渠道和规模：看它是不是有优势的头部企业，设备贷款按设备寿命定期限，"
             "再用现金管理和代发守住客户",
        "B": "投贷联动、风险补偿是为导入期那种技术和市场都不确定的企业准备的",
        "C": "成熟期不是衰退期：需求还在，现金流往往最充裕，一律拒绝会错过好客户",
        "D": "按最好几年的增速测算，会高估一个增速已经回落的行业的还款能力",
    },
    hint="对照“行业竞争结构与生命周期”一章里“每个阶段对授信和营销意味着什么”一表的成熟期",
    skills=["生命周期", "判断"])
