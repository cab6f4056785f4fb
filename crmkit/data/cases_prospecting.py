"""Synthetic data for the six prospecting cases of module 2 (金融产品与客群拓展).

Each case is one function returning ``{file name: DataFrame}``; the command line
writes every file of a case into its folder:

    python -m crmkit.data.cases_prospecting zjtx-list --out cases/zjtx-list/

Lists of firms, households, contacts and transactions are drawn by a seeded random
generator; company names are random pairs of characters, so any likeness to a real
firm is chance. The only figures taken from the course's source material are the
whole-village credit limits of seed 000 (§二（三）1.(8) 整村授信), kept below as named
constants. Every other rate and threshold is a teaching assumption stated next to it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from crmkit.data.cases_industry import Tables, _rng, run_cli

# Chinese names of every column in the module 2 case files, in one place.
LABELS: dict[str, str] = {
    "firm_id": "编号", "name": "企业名称", "city": "地市", "industry": "行业",
    "level": "认定层级", "revenue": "营业收入(万元)", "revenue_growth": "营收增长率",
    "rd_share": "研发投入占比", "patents": "发明专利(件)", "relationship": "与本行关系",
    "other_banks": "合作银行(家)", "signal": "近期动向", "ipo_plan": "上市计划",
    "years": "经营年限(年)", "tax_grade": "纳税信用等级", "tax_last": "上年纳税额(万元)",
    "tax_prev": "前年纳税额(万元)", "invoice_revenue": "上年开票收入(万元)",
    "tax_arrears": "欠税记录", "settles_here": "本行结算户", "channel": "申请渠道",
    "lot_id": "标包号", "category": "物资类别", "winner": "中标企业", "location": "所在地",
    "amount": "中标金额(万元)", "past_wins": "近三年中标次数",
    "registered_capital": "注册资本(万元)",
    "household_id": "户号", "group": "村民小组", "business": "主业",
    "net_income": "家庭年纯收入(万元)", "assets": "家庭资产(万元)", "debt": "现有负债(万元)",
    "review": "村两委评议",
    "bad_record": "征信不良记录", "guarantee": "申请省农担担保",
    "person": "联系人", "role": "身份", "met_month": "认识月份", "met_via": "认识途径",
    "introducer": "介绍人", "chamber": "所属商会或协会", "status": "进展",
    "deposits": "日均存款(万元)", "loans": "贷款余额(万元)",
    "txn_id": "流水号", "date": "日期", "customer_id": "本行客户号", "customer": "本行客户",
    "counterparty": "交易对手", "counterparty_type": "对手类型", "counterparty_bank": "对手开户行",
    "direction": "资金方向", "purpose": "用途",
}

# Character pools for made-up company names: two brand characters and a trade word.
BRAND_CHARS = list("恒瑞博鑫佳宏信德汇鼎嘉盛远启达源泰诚联力晟昊卓铭骏澜拓锐航峰睿晨弘益川")


def company_names(rng: np.random.Generator, trades: Sequence[str]) -> np.ndarray:
    """Distinct made-up names such as 恒锐精密: two brand characters and each row's trade word."""
    pool = np.array([a + b for a in BRAND_CHARS for b in BRAND_CHARS if a != b])
    brands = rng.choice(pool, size=len(trades), replace=False)
    return np.char.add(brands.astype(str), np.asarray(trades).astype(str))


def _ids(prefix: str, n: int, width: int = 3) -> list[str]:
    return [f"{prefix}{i:0{width}d}" for i in range(1, n + 1)]


def _pick(rng: np.random.Generator, options: dict[str, float], n: int) -> np.ndarray:
    """Draw ``n`` labels with the given (unnormalised) weights."""
    weights = np.asarray(list(options.values()), dtype=float)
    return rng.choice(np.asarray(list(options)), size=n, p=weights / weights.sum())


# --- 专精特新名单营销 -----------------------------------------------------------------------
# Teaching assumptions (示意): five prefecture cities of one province, the bank's home city
# first; the list's mix of trades, levels and the bank's existing relationships.
ZJTX_N = 64
ZJTX_CITIES = {"临江市": 0.34, "北山市": 0.22, "东湖市": 0.18, "西岭市": 0.14, "南屿市": 0.12}
ZJTX_TRADES = {"精密零部件": 0.24, "工业软件": 0.12, "新材料": 0.18, "医疗器械": 0.12,
               "电子元器件": 0.18, "智能装备": 0.16}
ZJTX_LEVELS = {"省级专精特新": 0.78, "国家级小巨人": 0.22}
ZJTX_RELATIONS = {"无往来": 0.62, "结算客户": 0.24, "贷款客户": 0.14}
ZJTX_SIGNALS = {"新建厂房": 0.16, "新增产线": 0.22, "招聘研发人员": 0.20, "无明显动向": 0.42}
ZJTX_IPO = {"已辅导备案": 0.08, "筹划中": 0.17, "暂无": 0.75}
ZJTX_WORDS = {"精密零部件": "精密", "工业软件": "软件", "新材料": "新材", "医疗器械": "医疗",
              "电子元器件": "电子", "智能装备": "智能"}


def zjtx_list(seed: int = 701) -> Tables:
    """专精特新名单: a province's list of 64 specialised SMEs with the bank's relationship."""
    rng = _rng(seed)
    n = ZJTX_N
    level = _pick(rng, ZJTX_LEVELS, n)
    giant = level == "国家级小巨人"
    revenue = rng.lognormal(np.log(18_000), 0.6, n) * np.where(giant, 1.8, 1.0)
    trade = _pick(rng, ZJTX_TRADES, n)
    firms = pd.DataFrame({
        "firm_id": _ids("Z", n),
        "name": company_names(rng, [ZJTX_WORDS[t] for t in trade]),
        "city": _pick(rng, ZJTX_CITIES, n),
        "industry": trade,
        "level": level,
        "revenue": np.round(revenue, -1),
        "revenue_growth": np.round(rng.normal(0.15, 0.12, n), 3),
        "rd_share": np.round(np.clip(rng.normal(0.065, 0.025, n), 0.02, None), 3),
        "patents": rng.poisson(np.where(giant, 14, 6)),
        "relationship": _pick(rng, ZJTX_RELATIONS, n),
        "other_banks": rng.integers(1, 7, n),
        "signal": _pick(rng, ZJTX_SIGNALS, n),
        "ipo_plan": _pick(rng, ZJTX_IPO, n),
    })
    return {"firms.csv": firms}


# --- 税易贷与银税合作 -----------------------------------------------------------------------
# Teaching assumptions (示意): the mix of the five tax-credit grades among applicants, and
# the range of tax paid. The grades A, B, M, C, D are the tax authority's own scale.
TAX_N = 80
TAX_GRADES = {"A": 0.24, "B": 0.44, "M": 0.16, "C": 0.11, "D": 0.05}
TAX_TRADES = {"批发零售": 0.30, "制造加工": 0.24, "建筑装饰": 0.14, "信息服务": 0.12,
              "餐饮住宿": 0.10, "交通运输": 0.10}
TAX_CHANNELS = {"手机银行": 0.45, "网上银行": 0.30, "客户经理推荐": 0.25}
TAX_WORDS = {"批发零售": "商贸", "制造加工": "机械", "建筑装饰": "装饰", "信息服务": "信息",
             "餐饮住宿": "餐饮", "交通运输": "物流"}
TAX_BURDEN = 0.035         # tax paid / invoiced revenue, on average, for these small firms


def tax_data_loan(seed: int = 702) -> Tables:
    """税易贷: 80 small firms that applied online and authorised their tax data."""
    rng = _rng(seed)
    n = TAX_N
    grade = _pick(rng, TAX_GRADES, n)
    weak = np.isin(grade, ["C", "D"])
    invoice = rng.lognormal(np.log(900), 0.8, n)
    burden = np.clip(rng.normal(TAX_BURDEN, 0.01, n), 0.01, None)
    tax_last = invoice * burden
    trend = rng.normal(0.08, 0.15, n) - np.where(weak, 0.15, 0.0)
    trade = _pick(rng, TAX_TRADES, n)
    firms = pd.DataFrame({
        "firm_id": _ids("T", n),
        "name": company_names(rng, [TAX_WORDS[t] for t in trade]),
        "industry": trade,
        "years": rng.integers(1, 16, n),
        "tax_grade": grade,
        "tax_last": np.round(tax_last, 1),
        "tax_prev": np.round(tax_last / (1 + trend), 1),
        "invoice_revenue": np.round(invoice, 0),
        "tax_arrears": np.where(rng.random(n) < np.where(weak, 0.5, 0.03), "有", "无"),
        "settles_here": np.where(rng.random(n) < 0.35, "是", "否"),
        "channel": _pick(rng, TAX_CHANNELS, n),
    })
    return {"applicants.csv": firms}


# --- 电网集采中标名单 -----------------------------------------------------------------------
# Teaching assumptions (示意): one batch of a provincial grid company's materials tender,
# the categories and a typical lot size (万元) for each.
GRID_LOTS = 72
GRID_CATEGORIES = {"电力电缆": 1800.0, "配电变压器": 900.0, "10 千伏开关柜": 700.0,
                   "架空导线": 1200.0, "智能电能表": 600.0, "箱式变电站": 500.0}
GRID_SUPPLIERS = 34
GRID_LOCAL_SHARE = 0.45     # suppliers based in the bank's province
GRID_WORDS = {"电力电缆": "电缆", "配电变压器": "变压器", "10 千伏开关柜": "电气",
              "架空导线": "线缆", "智能电能表": "仪表", "箱式变电站": "电气"}


def grid_tender_winners(seed: int = 703) -> Tables:
    """电网集采中标名单: 72 lots won by 34 suppliers, with the bank's relationship to each."""
    rng = _rng(seed)
    cats = np.asarray(list(GRID_CATEGORIES))
    supplier_cat = rng.choice(cats, size=GRID_SUPPLIERS)
    names = company_names(rng, [GRID_WORDS[c] for c in supplier_cat])
    local = rng.random(GRID_SUPPLIERS) < GRID_LOCAL_SHARE
    location = np.where(local, rng.choice(["临江市", "北山市", "东湖市"], GRID_SUPPLIERS), "外省")
    relation = np.where(local, _pick(rng, {"非客户": 0.6, "结算客户": 0.25, "贷款客户": 0.15},
                                     GRID_SUPPLIERS), "非客户")
    past = rng.poisson(2.2, GRID_SUPPLIERS)
    capital = np.round(rng.lognormal(np.log(8000), 0.7, GRID_SUPPLIERS), -2)
    # Each lot goes to a supplier of its category; larger firms win more lots.
    weight = capital / capital.sum()
    lot_cat = rng.choice(cats, size=GRID_LOTS)
    winner = np.empty(GRID_LOTS, dtype=int)
    for cat in cats:           # six categories, not a loop over customers
        lots = np.flatnonzero(lot_cat == cat)
        pool = np.flatnonzero(supplier_cat == cat)
        if len(pool) == 0:
            pool = np.arange(GRID_SUPPLIERS)
        winner[lots] = rng.choice(pool, size=len(lots), p=weight[pool] / weight[pool].sum())
    amount = np.array([GRID_CATEGORIES[c] for c in lot_cat]) * rng.lognormal(0, 0.5, GRID_LOTS)
    lots = pd.DataFrame({
        "lot_id": _ids("B", GRID_LOTS, 2),
        "category": lot_cat,
        "winner": names[winner],
        "location": location[winner],
        "amount": np.round(amount, 0),
        "relationship": relation[winner],
        "past_wins": past[winner],
        "registered_capital": capital[winner],
    })
    return {"winners.csv": lots}


# --- 整村授信 -------------------------------------------------------------------------------
# Seed figures — seed 000, §二（三）1.(8) 整村授信: the credit line per household is kept
# within 50 万元, and may rise to 200 万元 with the provincial agricultural credit
# guarantee company (省农信担 / 省农担) behind it.
VILLAGE_CAP = 50.0
VILLAGE_CAP_GUARANTEED = 200.0
# Teaching assumptions (示意): one village of 150 households in six groups.
VILLAGE_N = 150
VILLAGE_BUSINESS = {  # main business: (share of households, median net income 万元)
    "葡萄种植": (0.30, 9.0), "生猪养殖": (0.08, 16.0), "粮食种植": (0.14, 4.0),
    "个体商户": (0.12, 8.0), "外出务工": (0.28, 6.0), "无固定经营": (0.08, 2.5),
}
VILLAGE_REVIEW = {"好": 0.45, "较好": 0.35, "一般": 0.15, "差": 0.05}


def whole_village_credit(seed: int = 704) -> Tables:
    """整村授信: 150 households of one village after information collection."""
    rng = _rng(seed)
    n = VILLAGE_N
    names = list(VILLAGE_BUSINESS)
    shares = np.array([v[0] for v in VILLAGE_BUSINESS.values()])
    idx = rng.choice(len(names), size=n, p=shares / shares.sum())
    median = np.array([v[1] for v in VILLAGE_BUSINESS.values()])[idx]
    income = median * rng.lognormal(0, 0.45, n)
    big = np.isin(np.asarray(names)[idx], ["葡萄种植", "生猪养殖"]) & (income > 1.6 * median)
    income = np.where(big, income * 2.5, income)           # a few large operators
    assets = income * rng.uniform(3, 8, n)
    debt = assets * np.clip(rng.normal(0.18, 0.14, n), 0, None)
    households = pd.DataFrame({
        "household_id": _ids("H", n),
        "group": rng.integers(1, 7, n),
        "business": np.asarray(names)[idx],
        "net_income": income.round(1),
        "assets": assets.round(0),
        "debt": debt.round(1),
        "review": _pick(rng, VILLAGE_REVIEW, n),
        "bad_record": np.where(rng.random(n) < 0.06, "有", "无"),
        "guarantee": np.where(big & (rng.random(n) < 0.8), "是", "否"),
    })
    return {"households.csv": households}


# --- 从羽毛球协会到商会 ---------------------------------------------------------------------
# Teaching assumptions (示意): a customer manager's contact log over 24 months. Stage 1:
# the badminton association; stage 2: introductions by club friends; stage 3: chamber events
# opened up by two well-connected friends.
CLUB_N = 14
CHAMBERS = ["温州商会", "汽贸协会", "建材商会", "工商联"]
CLUB_CHAMBER = {"无": 0.40, "温州商会": 0.20, "汽贸协会": 0.15, "建材商会": 0.15,
                "工商联": 0.10}
HUB_REFERRALS = 5.0         # introductions made by each of the two hubs
OTHER_REFERRALS = 0.6
EVENT_CONTACTS = {"温州商会": 9, "汽贸协会": 7, "建材商会": 3, "工商联": 5}
CONVERSION = {  # way of meeting: (probability of a deal, of an ongoing talk)
    "羽毛球协会活动": (0.25, 0.30), "球友介绍": (0.40, 0.30), "商会活动": (0.20, 0.35),
}
ROLES = ["企业主", "企业主", "企业主", "财务负责人", "高管"]


def association_to_chamber(seed: int = 705) -> Tables:
    """从羽毛球协会到商会: 24 months of a customer manager's contacts and what came of them."""
    rng = _rng(seed)
    club_chamber = _pick(rng, CLUB_CHAMBER, CLUB_N)
    club_chamber[:2] = ["温州商会", "汽贸协会"]          # the two hubs
    club = pd.DataFrame({"met_month": rng.integers(1, 7, CLUB_N), "met_via": "羽毛球协会活动",
                         "introducer": "", "chamber": club_chamber})
    club["role"] = rng.choice(ROLES, CLUB_N)
    club.loc[0, "role"], club.loc[1, "role"] = "商会副会长", "协会秘书长"
    persons = [f"P{i:02d}" for i in range(1, CLUB_N + 1)]
    club["person"] = persons
    counts = rng.poisson(np.r_[HUB_REFERRALS, HUB_REFERRALS,
                               np.full(CLUB_N - 2, OTHER_REFERRALS)])
    counts[:2] = np.maximum(counts[:2], 4)
    src = np.repeat(np.arange(CLUB_N), counts)
    same = rng.random(len(src)) < 0.8
    referred = pd.DataFrame({
        "met_month": club["met_month"].to_numpy()[src] + rng.integers(2, 10, len(src)),
        "met_via": "球友介绍",
        "introducer": np.asarray(persons)[src],
        "chamber": np.where(same, club_chamber[src], rng.choice(CHAMBERS + ["无"], len(src))),
        "role": rng.choice(ROLES, len(src)),
    })
    ev_chamber = np.repeat(list(EVENT_CONTACTS), list(EVENT_CONTACTS.values()))
    events = pd.DataFrame({"met_month": rng.integers(12, 25, len(ev_chamber)),
                           "met_via": "商会活动", "introducer": "", "chamber": ev_chamber,
                           "role": rng.choice(ROLES, len(ev_chamber))})
    log = pd.concat([club, referred, events], ignore_index=True)
    log = log.sort_values("met_month", kind="stable").reset_index(drop=True)
    old = log["person"].fillna("")
    new_ids = iter(f"P{i:02d}" for i in range(CLUB_N + 1, len(log) + 1))
    log["person"] = [p if p else next(new_ids) for p in old]
    deal_p = log["met_via"].map({k: v[0] for k, v in CONVERSION.items()}).to_numpy()
    talk_p = log["met_via"].map({k: v[1] for k, v in CONVERSION.items()}).to_numpy()
    draw = rng.random(len(log))
    status = np.select([draw < deal_p, draw < deal_p + talk_p], ["已合作", "跟进中"], "暂无进展")
    deal = status == "已合作"
    log["status"] = status
    log["deposits"] = np.where(deal, np.round(rng.lognormal(np.log(300), 0.8, len(log)), 0), 0.0)
    log["loans"] = np.where(deal & (rng.random(len(log)) < 0.5),
                           np.round(rng.lognormal(np.log(500), 0.6, len(log)), -1), 0.0)
    cols = ["person", "role", "met_month", "met_via", "introducer", "chamber", "status",
            "deposits", "loans"]
    return {"contacts.csv": log[cols]}


# --- 交易流水获客 ---------------------------------------------------------------------------
# Teaching assumptions (示意): twelve corporate customers, a year of their counterparty
# flows. Each counterparty trades with one or more customers (a few "hubs" with many),
# about a quarter already bank here, and some rows are payroll, tax or bank fees that a
# prospect list must drop.
LEDGER_CUSTOMERS = ["临江精工", "瑞达食品", "恒通物流", "博远建材", "鑫源电子", "嘉禾纺织",
                    "宏信汽配", "德盛包装", "汇川塑业", "鼎力机械", "佳美家居", "启航化工"]
LEDGER_COUNTERPARTIES = 60
LEDGER_HERE_SHARE = 0.25
LEDGER_YEAR = 2024
LEDGER_SUPPLIER_WORDS = ["钢材", "化工", "包装", "物流", "塑胶", "五金", "模具", "纸业"]
LEDGER_BUYER_WORDS = ["商贸", "电子", "家电", "汽车", "建设", "超市"]
OTHER_FLOWS = [("临江市税务局", "政府机关", "缴税"), ("社保中心", "政府机关", "社保"),
               ("员工个人", "个人", "工资"), ("本行", "金融机构", "利息及手续费")]


def ledger_prospecting(seed: int = 706) -> Tables:
    """交易流水获客: a year of 12 customers' transactions with their counterparties."""
    rng = _rng(seed)
    m = LEDGER_COUNTERPARTIES
    k = len(LEDGER_CUSTOMERS)
    here = rng.random(m) < LEDGER_HERE_SHARE
    supplier = rng.random(m) < 0.6                      # we pay them; else they pay us
    names = company_names(rng, np.where(supplier, rng.choice(LEDGER_SUPPLIER_WORDS, m),
                                        rng.choice(LEDGER_BUYER_WORDS, m)))
    links = np.minimum(rng.geometric(0.6, m), 3)
    links[rng.choice(m, 3, replace=False)] = [6, 5, 4]  # three hubs
    size = rng.lognormal(np.log(25), 0.9, m)            # 万元 per transaction
    freq = rng.uniform(0.3, 2.5, m)                     # transactions a month
    cp = np.repeat(np.arange(m), links)
    cust = np.concatenate([rng.choice(k, n, replace=False) for n in links])
    months = rng.integers(4, 13, len(cp))               # months active in the year
    per_link = rng.poisson(freq[cp] * months)
    per_link = np.maximum(per_link, 1)
    row_cp, row_cust = np.repeat(cp, per_link), np.repeat(cust, per_link)
    first = 13 - np.repeat(months, per_link)            # active in the last `months` months
    month = first + (rng.random(len(row_cp)) * (13 - first)).astype(int)
    day = rng.integers(1, 29, len(row_cp))
    amount = size[row_cp] * rng.lognormal(0, 0.35, len(row_cp))
    trade = pd.DataFrame({
        "month": month, "day": day,
        "customer_id": [f"C{i + 1:02d}" for i in row_cust],
        "customer": np.asarray(LEDGER_CUSTOMERS)[row_cust],
        "counterparty": names[row_cp],
        "counterparty_type": "企业",
        "counterparty_bank": np.where(here[row_cp], "本行", "他行"),
        "direction": np.where(supplier[row_cp], "付款", "收款"),
        "amount": np.round(amount, 2),
        "purpose": np.where(supplier[row_cp], "货款", "销售回款"),
    })
    # Monthly payroll, tax, social insurance and bank charges for every customer.
    grid = pd.MultiIndex.from_product([range(k), range(1, 13), range(len(OTHER_FLOWS))])
    ci, mo, fi = (grid.get_level_values(i).to_numpy() for i in range(3))
    base = np.array([30.0, 12.0, 60.0, 0.5])[fi] * rng.lognormal(0, 0.3, len(ci))
    other = pd.DataFrame({
        "month": mo, "day": np.array([15, 15, 10, 21])[fi],
        "customer_id": [f"C{i + 1:02d}" for i in ci],
        "customer": np.asarray(LEDGER_CUSTOMERS)[ci],
        "counterparty": np.array([f[0] for f in OTHER_FLOWS])[fi],
        "counterparty_type": np.array([f[1] for f in OTHER_FLOWS])[fi],
        "counterparty_bank": np.array(["他行", "他行", "本行", "本行"])[fi],
        "direction": "付款",
        "amount": np.round(base, 2),
        "purpose": np.array([f[2] for f in OTHER_FLOWS])[fi],
    })
    ledger = pd.concat([trade, other], ignore_index=True)
    ledger["date"] = pd.to_datetime(pd.DataFrame({"year": LEDGER_YEAR, "month": ledger["month"],
                                                  "day": ledger["day"]})).dt.strftime("%Y-%m-%d")
    ledger = ledger.sort_values(["date", "customer_id", "counterparty"], kind="stable")
    ledger = ledger.reset_index(drop=True)
    ledger.insert(0, "txn_id", _ids("L", len(ledger), 5))
    cols = ["txn_id", "date", "customer_id", "customer", "counterparty", "counterparty_type",
            "counterparty_bank", "direction", "amount", "purpose"]
    return {"ledger.csv": ledger[cols]}


CASES: dict[str, Callable[[], Tables]] = {
    "zjtx-list": zjtx_list,
    "tax-data-loan": tax_data_loan,
    "grid-tender-winners": grid_tender_winners,
    "whole-village-credit": whole_village_credit,
    "association-to-chamber": association_to_chamber,
    "ledger-prospecting": ledger_prospecting,
}


def main(argv: list[str] | None = None) -> int:
    return run_cli(CASES, "python -m crmkit.data.cases_prospecting", argv)


if __name__ == "__main__":
    raise SystemExit(main())
