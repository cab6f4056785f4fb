"""Data for the nine module 7 cases built from the twelve marketing plans of seed 004.

Each case is one function returning ``{file name: DataFrame}``; the command line
writes every file of a case into its folder:

    python -m crmkit.data.cases_crm cosmetics-referral --out cases/cosmetics-referral/

Two kinds of numbers live here and are never mixed up:

* seed figures: numbers printed in the plans of seed 004 (a county hospital's
  inpatient counts, a tobacco retailer's brand and price figures, a securities
  branch's commission band and incentive thresholds, a cosmetics shop's referral
  vouchers). They are named constants below with a comment giving the plan
  (篇) and section, and the data files that carry them say so in a column;
* teaching assumptions (示意): everything else. Lists of members, leads, clients,
  accounts and orders are drawn by a seeded random generator around the
  assumptions stated next to each constant. Names are codes or random pairs of
  characters, so any likeness to a real person or firm is chance.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pandas as pd

from crmkit.data.cases_industry import Tables, run_cli
from crmkit.errors import CrmkitError

# Chinese names of every column in the module 7 case files, in one place.
LABELS: dict[str, str] = {
    # cosmetics-referral
    "member_id": "会员号", "join_date": "入会日期", "source": "来源", "referrer_id": "介绍人",
    "age_group": "人群", "birth_month": "生日月份", "sms_opt_in": "接收短信",
    "events_attended": "参加沙龙(次)", "order_id": "单号", "date": "日期", "amount": "金额(元)",
    # county-hospital
    "stage": "序号", "scope": "口径", "value": "数值", "figure_text": "原文表述",
    "value_kind": "数值性质", "date_basis": "日期依据", "event": "事件", "item": "项目",
    "unit": "单位", "section": "原文位置",
    # car-experience
    "lead_id": "线索号", "experience": "体验方式", "bought": "90天内成交", "price": "成交价(万元)",
    "installment": "办理分期", "cost_per_lead": "每条线索成本(元)", "owner_id": "车主号",
    "satisfaction": "满意度(1-5)",
    "share_of_wallet": "本机构份额", "price_sensitivity": "价格敏感度",
    "activity_change": "业务量变化", "tenure_years": "往来年限(年)", "repeat_rate": "重复交易率",
    "life_event": "生活或经营有变", "community_active": "车友圈活跃", "referrals": "推荐人数",
    # tobacco-retailer
    "brand": "品牌", "category": "类别", "origin": "产地", "cartons": "购进量(条)",
    "buy_price": "进货价(元/条)", "sell_price": "零售价(元/条)", "purchase_value": "进货额(元)",
    "sales": "销售额", "margin": "毛利额(元)",
    # securities-branch
    "client_id": "客户号", "trade_mode": "交易方式", "assets": "资产(万元)",
    "annual_volume": "年交易量(万元)", "commission_rate": "佣金率(‰)",
    "commission": "佣金收入(万元)", "days_since_contact": "距上次联系(天)",
    "marketer": "营销员", "background": "来源", "month": "月份", "new_clients": "新开户(户)",
    "new_assets": "新增资产(万元)", "volume": "客户交易量(万元)",
    # sme-redefine-customers
    "customer_id": "客户号", "channel": "渠道", "industry": "行业",
    "sales_last": "上年销售额(万元)",
    "growth": "销售增长", "gross_margin": "毛利率", "gross_profit": "毛利(万元)",
    "orders": "订单数(笔)", "avg_order": "平均单笔(万元)", "custom_design": "定制印刷",
    "service_cost": "服务成本(万元)", "contribution": "净贡献(万元)",
    "receivable_days": "回款天数(天)", "end_user_known": "了解终端用户",
    # pharma-key-accounts
    "account_id": "客户号", "account_type": "客户类型", "city": "城市",
    "promo_score": "推广配合分(0-10)", "price_index": "实际零售价/建议零售价",
    "price_complaints": "被同行投诉(次)", "payment_days": "回款天数(天)",
    # customer-information
    "record_id": "记录号", "company": "公司", "scale": "员工规模", "contact": "联系人",
    "title": "职务", "phone": "电话", "email": "邮箱", "owner": "负责人", "created": "建档日期",
    "last_follow_up": "最近跟进", "customer_class": "客户分类", "grade": "评价等级",
    "office": "所属机构", "status": "在职状态", "left_date": "离职日期", "received": "已回款(万元)",
    "ticket_id": "工单号", "kind": "类型", "closed": "已办结",
    # bank-relationship-crm
    "manager": "客户经理", "balance": "日均资产(万元)", "transactions": "交易笔数",
    "complaints": "投诉次数",
}


def _rng(seed: int) -> np.random.Generator:
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise CrmkitError(f"随机种子 seed 必须是整数，收到的是 {seed!r}", hint="例如 seed=801")
    return np.random.default_rng(seed)


def _ids(prefix: str, n: int, width: int = 3) -> list[str]:
    return [f"{prefix}{i:0{width}d}" for i in range(1, n + 1)]


def _pick(rng: np.random.Generator, options: Mapping[str, float], n: int) -> np.ndarray:
    """Draw ``n`` labels with the given (unnormalised) weights."""
    weights = np.asarray(list(options.values()), dtype=float)
    return rng.choice(np.asarray(list(options)), size=n, p=weights / weights.sum())


def _yes_no(flags: np.ndarray) -> np.ndarray:
    return np.where(flags, "是", "否")


def _dates(rng: np.random.Generator, start: str, end: str, n: int) -> pd.DatetimeIndex:
    """``n`` random days between ``start`` and ``end`` (both included)."""
    first, last = pd.Timestamp(start), pd.Timestamp(end)
    offsets = rng.integers(0, (last - first).days + 1, n)
    return first + pd.to_timedelta(offsets, unit="D")


def _day_text(days) -> np.ndarray:
    return pd.DatetimeIndex(days).strftime("%Y-%m-%d").to_numpy()


# --- 化妆品老客户维护与转介绍（篇一） ----------------------------------------------------------
# Seed figures, seed 004 篇一 执行方案二“滚雪球计划”活动细则 1(1): a member who brings a new
# customer earns a voucher worth 20 to 50 元, set by how much the new customer spends, counted
# per referred deal and confirmed only once the new customer has paid.
VOUCHER_MIN = 20
VOUCHER_MAX = 50
# Teaching assumption (示意): how the referred customer's first purchase (元) sets the voucher.
VOUCHER_BANDS = [0, 200, 400, 600, np.inf]
VOUCHER_VALUES = [VOUCHER_MIN, 30, 40, VOUCHER_MAX]
# Teaching assumptions (示意): one shop's member list and a year of purchases.
COSMETICS_N = 240
COSMETICS_FIRST_JOIN = "2022-01-01"
COSMETICS_WINDOW = ("2023-07-01", "2024-06-30")   # the year of purchases in purchases.csv
COSMETICS_AS_OF = "2024-07-01"                    # the day the analysis is made
COSMETICS_SOURCES = {"自然进店": 0.55, "老客转介绍": 0.30, "美容沙龙": 0.15}
COSMETICS_AGE = {"学生": 0.25, "上班族": 0.55, "其他": 0.20}
COSMETICS_RATE = 0.45          # purchases per member and month at average engagement
COSMETICS_REFERRED_LIFT = 1.2  # referred members buy 20% more often (assumption, see DATA.md)
COSMETICS_LAPSE = 0.30         # share of members who stop buying at some point in the year
COSMETICS_DORMANT = 0.15       # share of members who joined earlier and bought nothing this year
COSMETICS_BASKET = 230.0       # median amount of one purchase, 元


def voucher_for(first_purchase) -> np.ndarray:
    """Voucher (元) a referrer earns for a referred customer's first purchase (元)."""
    amounts = np.asarray(first_purchase, dtype=float)
    bands = np.searchsorted(VOUCHER_BANDS, amounts, side="right") - 1
    return np.asarray(VOUCHER_VALUES)[np.clip(bands, 0, len(VOUCHER_VALUES) - 1)]


def cosmetics_referral(seed: int = 801) -> Tables:
    """化妆品: 240 members (source, referrer, birthday, salons) and one year of purchases."""
    rng = _rng(seed)
    n = COSMETICS_N
    window_start, window_end = (pd.Timestamp(d) for d in COSMETICS_WINDOW)
    join = _dates(rng, COSMETICS_FIRST_JOIN, "2024-06-20", n).sort_values()
    engagement = rng.lognormal(0.0, 0.6, n)
    source = _pick(rng, COSMETICS_SOURCES, n)
    source[:15] = "自然进店"                        # the first members had nobody to bring them
    referred = source == "老客转介绍"
    # A referrer is an earlier member; keen members bring more friends (weight engagement²).
    cum = np.cumsum(engagement ** 2)
    position = np.arange(n)
    target = rng.random(n) * cum[np.maximum(position - 1, 0)]
    referrer = np.minimum(np.searchsorted(cum, target), np.maximum(position - 1, 0))
    ids = np.asarray(_ids("M", n))
    members = pd.DataFrame({
        "member_id": ids,
        "join_date": _day_text(join),
        "source": source,
        "referrer_id": np.where(referred, ids[referrer], ""),
        "age_group": _pick(rng, COSMETICS_AGE, n),
        "birth_month": rng.integers(1, 13, n),
        "sms_opt_in": _yes_no(rng.random(n) < 0.75),
        "events_attended": np.minimum(rng.poisson(0.6 * engagement), 6),
    })
    # Purchases: each member is active from joining (or the window start) until the window end,
    # or until a random lapse day; the joining purchase of an in-window member is on join day.
    start = np.maximum(join.to_numpy(), window_start.to_datetime64())
    span = (window_end.to_datetime64() - start) / np.timedelta64(1, "D")
    lapse = rng.random(n) < COSMETICS_LAPSE
    active_days = np.where(lapse, span * rng.random(n), span)
    joined_inside = join.to_numpy() >= window_start.to_datetime64()
    dormant = ~joined_inside & (rng.random(n) < COSMETICS_DORMANT)
    active_days = np.where(dormant, 0.0, active_days)
    rate = COSMETICS_RATE * engagement * np.where(referred, COSMETICS_REFERRED_LIFT, 1.0)
    extra = rng.poisson(rate * active_days / 30.4)
    owner = np.repeat(position, extra)
    offset = np.floor(rng.random(len(owner)) * (active_days[owner] + 1)).astype(int)
    days = start[owner] + offset.astype("timedelta64[D]")
    owner = np.concatenate([position[joined_inside], owner])
    days = np.concatenate([join.to_numpy()[joined_inside], days])
    level = rng.lognormal(np.log(COSMETICS_BASKET), 0.35, n)
    amount = np.maximum(np.round(level[owner] * rng.lognormal(0.0, 0.45, len(owner))), 39)
    purchases = pd.DataFrame({"member_id": ids[owner], "date": days, "amount": amount})
    purchases = purchases.sort_values(["date", "member_id"], kind="stable").reset_index(drop=True)
    purchases.insert(0, "order_id", _ids("D", len(purchases), 4))
    purchases["date"] = _day_text(purchases["date"])
    purchases["amount"] = purchases["amount"].astype(int)
    return {"members.csv": members, "purchases.csv": purchases}


# --- 县级医院“先看病、后付费”（篇二） --------------------------------------------------------
# Seed figures, seed 004 篇二, used exactly as printed. Every inpatient count is X院区's.
# §1.1: county population “70余万”, town population “15余万”, two campuses in town.
HOSPITAL_COUNTY_POPULATION = 70      # 万人, “70余万” (a lower bound)
HOSPITAL_TOWN_POPULATION = 15        # 万人, “15余万” (a lower bound)
# §1.2: 14 private hospitals opened between January and June 2011.
HOSPITAL_NEW_PRIVATE = 14
# §2.2 (2): from 2011-09-05 08:00 no deposit; “1周内，住院患者从186人升至243人”.
HOSPITAL_START = "2011-09-05"
HOSPITAL_INPATIENTS_BEFORE = 186
HOSPITAL_INPATIENTS_WEEK1 = 243
# §2.2 (3): on the 10th day one patient left without paying; meeting on 2011-09-14.
HOSPITAL_ABSCONDED = 1
# §2.2 (4): end of September 2011, after the media reports, “攀升至270人”.
HOSPITAL_INPATIENTS_SEPT = 270
# §2.3: September–October “维持在270余人”.
HOSPITAL_INPATIENTS_OCT = 270        # “270余人” (a lower bound)
# §2.3: X院区 paediatrics had 4 licensed doctors and “近一年来平均住院患儿7人”.
HOSPITAL_PAED_DOCTORS = 4
HOSPITAL_PAED_BEFORE = 7
# §2.3: 2011-11-01 a doctor moved from Y院区; paediatric inpatients rose “至30余人”.
HOSPITAL_PAED_NOV = 30               # “30余人” (a lower bound)
# §2.3: the ward was enlarged to 50 beds and a second doctor came; “50余人，高峰时达60人”.
HOSPITAL_PAED_BEDS = 50
HOSPITAL_PAED_AFTER = 50             # “50余人” (a lower bound)
HOSPITAL_PAED_PEAK = 60
# §2.3: by 2012-02-28, X院区 inpatients reached “355人”, a record.
HOSPITAL_INPATIENTS_FEB = 355
# Teaching assumptions (示意) for the what-if on unpaid bills, not from the seed: average
# length of stay, the patient's own share of a stay's bill and the hospital's margin on a stay.
HOSPITAL_STAY_DAYS = 8               # 天
HOSPITAL_SELF_PAY = 1200             # 元 per stay, paid by the patient at discharge
HOSPITAL_MARGIN = 500                # 元 per stay, what one more stay adds to the surplus

SEED_004_2 = "种子材料 004 篇二"


def county_hospital() -> Tables:
    """县级医院: the seed's inpatient milestones and its other figures. No random numbers."""
    rows = [  # (date, date basis, scope, value, wording, kind, event, section)
        ("2011-09-05", "原文日期", "全院区住院", HOSPITAL_INPATIENTS_BEFORE, "186人", "确数",
         "住院患者“先看病、后付费”开始实行", "2.2(2)"),
        ("2011-09-12", "按原文“1周内”推算", "全院区住院", HOSPITAL_INPATIENTS_WEEK1, "243人",
         "确数", "本地媒体报道、群众口口相传", "2.2(2)"),
        ("2011-09-30", "原文“9月底”", "全院区住院", HOSPITAL_INPATIENTS_SEPT, "270人", "确数",
         "市级和中央媒体采访报道，公开逃费“黑名单”", "2.2(4)"),
        ("2011-10-31", "原文“9月至10月”", "全院区住院", HOSPITAL_INPATIENTS_OCT, "270余人", "下限",
         "住院人数稳定", "2.3"),
        ("2011-10-31", "原文“近一年来”（11月1日调整前）", "儿科住院", HOSPITAL_PAED_BEFORE,
         "平均7人", "平均数", "儿科 4 名执业医师，病人少", "2.3"),
        ("", "原文未给日期（11月1日之后）", "儿科住院", HOSPITAL_PAED_NOV, "30余人", "下限",
         "Y院区一名儿科医师到岗，病人随医生而来", "2.3"),
        ("", "原文未给日期（扩到50张床之后）", "儿科住院", HOSPITAL_PAED_AFTER, "50余人", "下限",
         "病区扩到 50 张床，再调来一名医师", "2.3"),
        ("", "原文未给日期", "儿科住院", HOSPITAL_PAED_PEAK, "高峰时达60人", "确数",
         "儿科高峰", "2.3"),
        ("2012-02-28", "原文日期", "全院区住院", HOSPITAL_INPATIENTS_FEB, "355人", "确数",
         "儿科带动其他科室，住院人数创新高", "2.3"),
    ]
    milestones = pd.DataFrame(rows, columns=["date", "date_basis", "scope", "value", "figure_text",
                                             "value_kind", "event", "section"])
    milestones.insert(0, "stage", np.arange(1, len(rows) + 1))
    milestones["section"] = SEED_004_2 + " " + milestones["section"]
    facts = pd.DataFrame([
        ("全县农村和城镇总人口", HOSPITAL_COUNTY_POPULATION, "万人", "70余万", "1.1"),
        ("县城区人口", HOSPITAL_TOWN_POPULATION, "万人", "15余万", "1.1"),
        ("医院在城区的院区", 2, "个", "两个院区（X院区、Y院区）", "1.1"),
        ("2011年1月至6月新增民营医院", HOSPITAL_NEW_PRIVATE, "家", "14家", "1.2"),
        ("实行后第10天恶意逃费", HOSPITAL_ABSCONDED, "例", "1例", "2.2(3)"),
        ("X院区儿科执业医师（调整前）", HOSPITAL_PAED_DOCTORS, "人", "4人", "2.3"),
        ("X院区儿科病区扩容后床位", HOSPITAL_PAED_BEDS, "张", "50张床位", "2.3"),
    ], columns=["item", "value", "unit", "figure_text", "section"])
    facts["section"] = SEED_004_2 + " " + facts["section"]
    return {"inpatients.csv": milestones, "facts.csv": facts}


# --- 汽车体验营销（篇三） --------------------------------------------------------------------
# Seed 004 篇三 is an essay with no figures; everything below is a teaching assumption (示意).
# One quarter of sales leads at a 4S dealer, by source: (share of leads, how much better or worse
# than average a lead from this source converts, cost per lead in 元 for the dealer).
CAR_SOURCES = {
    "展厅自然到店": (0.30, 1.00, 60),
    "汽车网站线索": (0.28, 0.70, 150),
    "车友圈口碑": (0.10, 1.30, 80),
    "老车主推荐": (0.09, 1.60, 300),
    "周末试驾会": (0.15, 1.00, 400),
    "长途试驾之旅": (0.08, 1.10, 1500),
}
# How deep the experience went, per source: (no test drive, ordinary drive, deep experience).
CAR_EXPERIENCE = ["未试驾", "常规试驾", "深度体验"]
CAR_EXPERIENCE_MIX = {
    "展厅自然到店": (0.45, 0.45, 0.10), "汽车网站线索": (0.60, 0.35, 0.05),
    "车友圈口碑": (0.30, 0.50, 0.20), "老车主推荐": (0.25, 0.55, 0.20),
    "周末试驾会": (0.00, 0.80, 0.20), "长途试驾之旅": (0.00, 0.00, 1.00),
}
CAR_CONVERSION = {"未试驾": 0.05, "常规试驾": 0.15, "深度体验": 0.30}  # within 90 days
CAR_LEADS = 420
CAR_PRICE = 18.0                  # 万元, median price of a car sold
# The bank's auto-instalment staff attended the two kinds of events (assumption), which is
# why instalments are taken more often by buyers who came through them.
CAR_INSTALMENT = {"with_bank_staff": 0.55, "otherwise": 0.30}
CAR_BANK_EVENTS = ["周末试驾会", "长途试驾之旅"]
CAR_OWNERS = 300


def car_experience(seed: int = 803) -> Tables:
    """汽车体验营销: a quarter of leads with the experience they had, and 300 owners' loyalty."""
    rng = _rng(seed)
    n = CAR_LEADS
    names = list(CAR_SOURCES)
    shares = np.array([CAR_SOURCES[s][0] for s in names])
    source = np.asarray(names)[rng.choice(len(names), size=n, p=shares / shares.sum())]
    mix = np.array([CAR_EXPERIENCE_MIX[s] for s in source])
    pick = (rng.random(n)[:, None] > np.cumsum(mix, axis=1)).sum(axis=1)
    experience = np.asarray(CAR_EXPERIENCE)[np.minimum(pick, 2)]
    factor = np.array([CAR_SOURCES[s][1] for s in source])
    chance = np.array([CAR_CONVERSION[e] for e in experience]) * factor
    bought = rng.random(n) < chance
    price = np.where(bought, np.round(rng.lognormal(np.log(CAR_PRICE), 0.25, n), 1), np.nan)
    with_bank = np.isin(source, CAR_BANK_EVENTS)
    p_loan = np.where(with_bank, CAR_INSTALMENT["with_bank_staff"], CAR_INSTALMENT["otherwise"])
    loan = bought & (rng.random(n) < p_loan)
    leads = pd.DataFrame({
        "lead_id": _ids("L", n),
        "source": source,
        "experience": experience,
        "bought": _yes_no(bought),
        "price": price,
        "installment": np.where(bought, _yes_no(loan), ""),
    })
    costs = pd.DataFrame({"source": names,
                          "cost_per_lead": [CAR_SOURCES[s][2] for s in names]})
    # Owners: being active in the owners' club goes with more satisfaction, a larger share of
    # the owner's service spending at this dealer and more referrals (assumption: the "IKEA
    # effect" of the essay, owners who put something of themselves into the club care more).
    m = CAR_OWNERS
    club = rng.random(m) < 0.30
    tenure = np.round(rng.uniform(0.5, 6.0, m), 1)
    satisfaction = np.clip(rng.normal(np.where(club, 4.3, 3.7), 0.6, m), 1, 5).round(1)
    share = np.clip(rng.beta(np.where(club, 6, 3), 3, m), 0, 1).round(2)
    price_sens = np.clip(rng.beta(2.5, 3, m) + np.where(club, -0.1, 0.05), 0, 1).round(2)
    unhappy = satisfaction < 3.0
    drop = rng.random(m) < np.where(unhappy, 0.7, 0.12)
    change = np.where(drop, rng.uniform(-0.8, -0.25, m), rng.normal(0.05, 0.12, m)).round(2)
    repeat = np.clip(rng.beta(4, 2, m) * np.where(tenure >= 3, 1.0, 0.8), 0, 1).round(2)
    life = drop & ~unhappy & (rng.random(m) < 0.4)
    referrals = rng.poisson(np.where(club, 1.1, 0.3) * (satisfaction / 4.0) ** 2)
    owners = pd.DataFrame({
        "owner_id": _ids("C", m),
        "tenure_years": tenure,
        "satisfaction": satisfaction,
        "share_of_wallet": share,
        "price_sensitivity": price_sens,
        "activity_change": change,
        "repeat_rate": repeat,
        "life_event": life,
        "community_active": _yes_no(club),
        "referrals": referrals,
    })
    return {"leads.csv": leads, "lead_costs.csv": costs, "owners.csv": owners}


# --- 卷烟零售客户提升（篇四） ----------------------------------------------------------------
# Seed figures, seed 004 篇四 (a tobacco company's plan for the retailer 李某, dated 2010),
# used exactly as printed.
TOBACCO_YEAR = 2010
TOBACCO_SHOP_AREA = 15               # 平方米, 客户的基本情况
TOBACCO_NEARBY_SHOPS = 5             # 市场及竞争环境: 5 licensed cigarette retailers nearby …
TOBACCO_NEARBY_MIX = {"食杂店": 3, "便利店": 1, "食杂综合批发商店": 1}   # … of these kinds
TOBACCO_CUSTOMER_MIX = {"周边固定居民": 50, "外来流动务工人员": 30, "宾馆房客": 20}  # %, “约占”
TOBACCO_SEGMENT_CODE = "CZ221"       # the company's classification of the shop
TOBACCO_BRANDS = 20                  # 卷烟品牌经营情况: brands carried …
TOBACCO_CLASS_COUNTS = {"一类": 2, "二类": 2, "三类": 10, "四五类": 6}   # … by class
TOBACCO_COMPANY_SPECS = 50           # brand specifications the tobacco company supplies
TOBACCO_COVERAGE = 40                # %, “只占到烟草公司所经营的品牌规格50个的40%”
TOBACCO_AVG_PRICE = 63.2             # 元/条, the shop's average purchase value per carton
TOBACCO_PEER_PRICE = 68.5            # 元/条, the same figure for shops of the same class
TOBACCO_PRICE_GAP = 5.3              # 元/条, “低于同类客户平均单条值5.3元/条”
TOBACCO_TOP5_SALES = 45              # %, the five best-selling brands' share of cigarette sales
TOBACCO_TOP5_MARGIN = 60             # %, the same five brands' share of cigarette gross margin
# Teaching assumptions (示意): purchase prices by class (元/条), the retail mark-up, which
# brands come from outside the province, and the month's volume. The seed's own brand tables
# did not survive in the source, so the brand rows are synthetic, calibrated so that they
# reproduce every seed figure above.
TOBACCO_PRICE_RANGE = {"一类": (120, 170), "二类": (78, 96), "三类": (52, 72), "四五类": (24, 36)}
TOBACCO_OUTSIDE = {"二类": 1, "三类": 1, "四五类": 1}    # brands from outside the province
TOBACCO_TOP5_MARKUP = 0.11           # starting mark-up of the five best sellers (search moves it)
TOBACCO_TOP5_CARTONS = (24, 28)      # cartons of each of the five best sellers in the month
TOBACCO_REST_CARTONS = {"一类": (5, 7), "二类": (7, 9), "三类": (15, 20), "四五类": (3, 6)}
SEED_004_4 = "种子材料 004 篇四"


def _tobacco_prices(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    classes = np.repeat(list(TOBACCO_CLASS_COUNTS), list(TOBACCO_CLASS_COUNTS.values()))
    low = np.array([TOBACCO_PRICE_RANGE[c][0] for c in classes], dtype=float)
    high = np.array([TOBACCO_PRICE_RANGE[c][1] for c in classes], dtype=float)
    return classes, np.round(rng.uniform(low, high) * 2) / 2   # whole or half yuan


def tobacco_retailer(seed: int = 804) -> Tables:
    """卷烟零售: the seed's figures, and a month of the shop's 20 brands calibrated to them.

    Calibration: five brands (a 二类 and four 三类) are the best sellers. Carton counts are
    searched, deterministically, until the average purchase price rounds to 63.2 元/条 and
    the five hold 45.0% of sales (to one decimal); the other brands' mark-up is then solved so
    that the five hold 60.0% of the gross margin.
    """
    rng = _rng(seed)
    classes, buy = _tobacco_prices(rng)
    n = len(classes)
    top = np.array([2, 4, 5, 6, 7])                     # 二类 #1 and four 三类 brands
    rest = np.setdiff1d(np.arange(n), top)
    low = np.array([TOBACCO_REST_CARTONS[c][0] for c in classes])
    high = np.array([TOBACCO_REST_CARTONS[c][1] for c in classes])
    cartons = np.round(rng.uniform(low, high)).astype(int)
    cartons[top] = np.round(rng.uniform(*TOBACCO_TOP5_CARTONS, len(top))).astype(int)
    # With purchase values B (five best sellers) and R (the rest), mark-ups k5 and kr give
    # sales shares and margin shares in closed form: the five hold 60% of the margin when
    # kr·R = (40/60)·k5·B, and 45% of the sales when R·(1 + kr) = (55/45)·B·(1 + k5), so
    # k5 = (R − (55/45)·B) / (((55/45) − (40/60))·B). Scale the other 三类 and 四五类 brands so
    # that k5 is about TOBACCO_TOP5_MARKUP, then search small changes to a dear and a cheap
    # brand until the average purchase price and both shares round to the seed's figures.
    s_ratio = (100 - TOBACCO_TOP5_SALES) / TOBACCO_TOP5_SALES
    m_ratio = (100 - TOBACCO_TOP5_MARGIN) / TOBACCO_TOP5_MARGIN
    top_value = (cartons[top] * buy[top]).sum()
    bulk = rest[np.isin(classes[rest], ["三类", "四五类"])]
    fixed = np.setdiff1d(rest, bulk)
    goal = top_value * (s_ratio + (s_ratio - m_ratio) * TOBACCO_TOP5_MARKUP)
    scale = (goal - (cartons[fixed] * buy[fixed]).sum()) / (cartons[bulk] * buy[bulk]).sum()
    cartons[bulk] = np.maximum(np.round(cartons[bulk] * scale), 1).astype(int)
    dear = rest[np.argmax(buy[rest] * (classes[rest] != "一类"))]
    cheap = rest[np.argmin(buy[rest])]
    steps = np.arange(-15, 16)
    grid = np.array([(a, b) for a in steps for b in steps])
    for a, b in grid[np.argsort(np.abs(grid).sum(axis=1), kind="stable")]:
        trial = cartons.copy()
        trial[dear] += a
        trial[cheap] += b
        if trial.min() < 1:
            continue
        value_top, value_rest = (trial[top] * buy[top]).sum(), (trial[rest] * buy[rest]).sum()
        k_top = (value_rest - s_ratio * value_top) / ((s_ratio - m_ratio) * value_top)
        k_rest = m_ratio * k_top * value_top / value_rest
        if not 0.06 <= k_top <= 0.16:
            continue
        sell = np.round(buy * (1 + np.where(np.isin(np.arange(n), top), k_top, k_rest)), 1)
        sales = trial * sell
        margin = trial * (sell - buy)
        if sales[top].min() <= sales[rest].max():
            continue
        figures = (round((trial * buy).sum() / trial.sum(), 1),
                   round(sales[top].sum() / sales.sum() * 100, 1),
                   round(margin[top].sum() / margin.sum() * 100, 1))
        if figures == (TOBACCO_AVG_PRICE, TOBACCO_TOP5_SALES, TOBACCO_TOP5_MARGIN):
            cartons = trial
            break
    else:  # pragma: no cover - the search succeeds for the shipped seed
        raise CrmkitError("卷烟案例数据无法按原文数字校准", hint="换一个 seed 再试")
    order = np.argsort(-cartons * sell, kind="stable")
    outside = np.zeros(n, dtype=bool)
    for kind, count in TOBACCO_OUTSIDE.items():
        candidates = [i for i in order[::-1] if classes[i] == kind and i not in top]
        outside[candidates[:count]] = True
    brands = pd.DataFrame({
        "brand": [f"{c}-{k:02d}" for c, k in zip(classes, _rank_within(classes), strict=True)],
        "category": classes,
        "origin": np.where(outside, "省外", "省内"),
        "cartons": cartons,
        "buy_price": buy,
        "sell_price": sell,
    })
    brands["purchase_value"] = np.round(brands["cartons"] * brands["buy_price"], 1)
    brands["sales"] = np.round(brands["cartons"] * brands["sell_price"], 1)
    brands["margin"] = np.round(brands["sales"] - brands["purchase_value"], 1)
    brands = brands.iloc[order].reset_index(drop=True)
    facts = pd.DataFrame([
        ("店面面积", TOBACCO_SHOP_AREA, "平方米", "15平方米"),
        ("周边卷烟零售户", TOBACCO_NEARBY_SHOPS, "户", "5家卷烟零售店"),
        ("其中食杂店", TOBACCO_NEARBY_MIX["食杂店"], "户", "3户是食杂店"),
        ("其中便利店", TOBACCO_NEARBY_MIX["便利店"], "户", "1户是便利店"),
        ("其中食杂综合批发商店", TOBACCO_NEARBY_MIX["食杂综合批发商店"], "户",
         "1户是食杂综合批发商店"),
        ("消费者：周边固定居民", TOBACCO_CUSTOMER_MIX["周边固定居民"], "%", "约占50%"),
        ("消费者：外来流动务工人员", TOBACCO_CUSTOMER_MIX["外来流动务工人员"], "%", "约占30%"),
        ("消费者：宾馆房客", TOBACCO_CUSTOMER_MIX["宾馆房客"], "%", "约占20%"),
        ("经营卷烟品牌", TOBACCO_BRANDS, "个", "经营卷烟品牌为20个"),
        ("其中一类烟", TOBACCO_CLASS_COUNTS["一类"], "个", "一类烟2个"),
        ("其中二类烟", TOBACCO_CLASS_COUNTS["二类"], "个", "二类烟2个"),
        ("其中三类烟", TOBACCO_CLASS_COUNTS["三类"], "个", "三类烟10个"),
        ("其中四五类烟", TOBACCO_CLASS_COUNTS["四五类"], "个", "四五类烟有6个"),
        ("烟草公司经营的品牌规格", TOBACCO_COMPANY_SPECS, "个", "品牌规格50个"),
        ("经营品牌占公司品牌规格的比例", TOBACCO_COVERAGE, "%", "40%"),
        ("本店进货平均单条值", TOBACCO_AVG_PRICE, "元/条", "63.2元"),
        ("同类别客户平均单条值", TOBACCO_PEER_PRICE, "元/条", "68.5元"),
        ("低于同类客户平均单条值", TOBACCO_PRICE_GAP, "元/条", "5.3元/条"),
        ("销量前5品牌占卷烟销售额", TOBACCO_TOP5_SALES, "%", "约占45%"),
        ("销量前5品牌占卷烟毛利额", TOBACCO_TOP5_MARGIN, "%", "约占60%"),
    ], columns=["item", "value", "unit", "figure_text"])
    facts["section"] = SEED_004_4
    return {"brands.csv": brands, "facts.csv": facts}


def _rank_within(labels: np.ndarray) -> np.ndarray:
    """1, 2, … within each label, in order of appearance: the number in a brand code."""
    return pd.Series(labels).groupby(labels).cumcount().to_numpy() + 1


# --- 证券营业部营销与团队（篇六） ------------------------------------------------------------
# Seed figures, seed 004 篇六, used exactly as printed.
# 第一部分 二: three client tiers (一般客户, 重要客户, 核心客户) and four kinds of service.
SECURITIES_TIERS = ["核心客户", "重要客户", "一般客户"]
# 第三部分 三: commission for new off-site (非现场) clients between 0.5‰ and 2.0‰; lower rates
# for special clients need a separate application.
SECURITIES_RATE_FLOOR = 0.5          # ‰
SECURITIES_RATE_CAP = 2.0            # ‰
# 第三部分 一 4: a festival gift to a partner bank outlet costs about 1000 元.
SECURITIES_OUTLET_GIFT = 1000        # 元
# 第三部分 五 四: commission steps when a marketer's clients trade 600万, 1000万 or 1500万 a
# month (the plan's example of “多劳多得”).
SECURITIES_VOLUME_STEPS = [600, 1000, 1500]   # 万元 per month
# Teaching assumptions (示意): a branch's client book and a marketing team's first six months.
SECURITIES_N = 600
SECURITIES_SOURCES = {  # share of clients, median assets (万元)
    "银行驻点": (0.32, 22.0), "通讯合作": (0.14, 9.0), "社区推广": (0.20, 12.0),
    "客户转介绍": (0.16, 30.0), "自然到店": (0.18, 20.0),
}
SECURITIES_TURNOVER = 4.0            # median times a year a client trades his assets over
# Commission rates in use (‰) with their weights, for off-site and on-site clients. On-site
# clients opened years ago and kept the old rates; a few large clients got a special rate.
SECURITIES_RATES_OFFSITE = {0.5: 0.20, 0.8: 0.25, 1.0: 0.25, 1.5: 0.18, 2.0: 0.12}
SECURITIES_RATES_ONSITE = {1.0: 0.15, 1.5: 0.25, 2.0: 0.30, 3.0: 0.30}
SECURITIES_SPECIAL_RATE = 0.3        # ‰, approved case by case for the largest traders
SECURITIES_MARKETERS = {"同业引进": 6, "高校实习": 9}   # the plan's two sources of marketers
SECURITIES_MONTHS = ["第1月", "第2月", "第3月", "第4月", "第5月", "第6月"]   # since the team began


def securities_branch(seed: int = 805) -> Tables:
    """证券营业部: 600 clients with assets, trading and commission; 15 marketers over 6 months."""
    rng = _rng(seed)
    n = SECURITIES_N
    names = list(SECURITIES_SOURCES)
    weights = np.array([SECURITIES_SOURCES[s][0] for s in names])
    source = np.asarray(names)[rng.choice(len(names), size=n, p=weights / weights.sum())]
    median = np.array([SECURITIES_SOURCES[s][1] for s in source])
    assets = np.round(median * rng.lognormal(0.0, 1.1, n), 1)
    volume = np.round(assets * SECURITIES_TURNOVER * rng.lognormal(0.0, 0.8, n), 0)
    onsite = rng.random(n) < np.where(source == "自然到店", 0.55, 0.15)
    off_rates, off_w = zip(*SECURITIES_RATES_OFFSITE.items(), strict=True)
    on_rates, on_w = zip(*SECURITIES_RATES_ONSITE.items(), strict=True)
    rate = np.where(onsite,
                    rng.choice(on_rates, size=n, p=np.asarray(on_w) / sum(on_w)),
                    rng.choice(off_rates, size=n, p=np.asarray(off_w) / sum(off_w)))
    # Bigger traders bargain: the top 2% by volume got a special rate, the next 8% the floor.
    order = np.argsort(-volume, kind="stable")
    rate[order[: n // 50]] = SECURITIES_SPECIAL_RATE
    rate[order[n // 50: n // 10]] = np.minimum(rate[order[n // 50: n // 10]], SECURITIES_RATE_FLOOR)
    clients = pd.DataFrame({
        "client_id": _ids("S", n),
        "source": source,
        "trade_mode": np.where(onsite, "现场", "非现场"),
        "assets": assets,
        "annual_volume": volume,
        "commission_rate": rate,
        "commission": np.round(volume * rate / 1000, 3),
        "days_since_contact": rng.integers(0, 181, n),
    })
    # Marketers: experienced hires start strong; interns start low and learn month by month.
    rows = []
    for k, (background, count) in enumerate(SECURITIES_MARKETERS.items()):
        start, gain = (900.0, 0.03) if background == "同业引进" else (300.0, 0.22)
        for j in range(count):
            ability = rng.lognormal(0.0, 0.30)
            months = np.arange(len(SECURITIES_MONTHS))
            level = start * ability * (1 + gain) ** months * rng.lognormal(0, 0.15, len(months))
            code = f"营销员{k * 10 + j + 1:02d}"
            rows.append(pd.DataFrame({
                "marketer": code, "background": background, "month": SECURITIES_MONTHS,
                "new_clients": rng.poisson(level / 120),
                "new_assets": np.round(level / 3 * rng.lognormal(0, 0.2, len(months)), 0),
                "volume": np.round(level, 0),
            }))
    team = pd.concat(rows, ignore_index=True)
    return {"clients.csv": clients, "team.csv": team}


# --- 中小企业重新界定客户（篇九） ------------------------------------------------------------
# Seed 004 篇九 is an essay with no figures; everything below is a teaching assumption (示意).
# A small maker of printed corrugated boxes and its customers last year, by group:
# (share of customers, median sales 万元, gross margin, orders a year, needs custom printing,
#  median receivable days, share who say who the end users are).
SME_GROUPS = {
    ("直供", "食品饮料"): (0.18, 120.0, 0.24, 24, 0.80, 45, 1.0),
    ("直供", "家电"): (0.10, 260.0, 0.19, 20, 0.60, 80, 1.0),
    ("直供", "机械配件"): (0.16, 45.0, 0.17, 12, 0.30, 60, 1.0),
    ("直供", "电商卖家"): (0.34, 12.0, 0.16, 60, 0.20, 5, 1.0),
    ("经销商", "综合"): (0.22, 150.0, 0.10, 18, 0.10, 90, 0.3),
}
SME_N = 150
# Cost to serve (万元): every order needs a delivery, a custom-printed order also a plate change;
# sales visits (e-commerce sellers are served by phone and chat, so theirs cost less); custom
# printing adds design and proofing work each year.
SME_DELIVERY_COST = 0.04             # per order
SME_PLATE_COST = 0.08                # per order with custom printing
SME_VISITS_COST = {"食品饮料": 0.6, "家电": 0.8, "机械配件": 0.5, "电商卖家": 0.2, "综合": 0.3}
SME_DESIGN_COST = 1.5                # per year, customers with custom printing


def sme_redefine_customers(seed: int = 806) -> Tables:
    """中小企业重新界定客户: 150 customers of a box maker with sales, margin and cost to serve."""
    rng = _rng(seed)
    groups = list(SME_GROUPS)
    weights = np.array([SME_GROUPS[g][0] for g in groups])
    idx = rng.choice(len(groups), size=SME_N, p=weights / weights.sum())
    spec = np.array([SME_GROUPS[g][1:] for g in groups], dtype=float)[idx]
    channel = np.array([g[0] for g in groups])[idx]
    industry = np.array([g[1] for g in groups])[idx]
    sales = np.round(spec[:, 0] * rng.lognormal(0, 0.6, SME_N), 1)
    margin = np.round(np.clip(spec[:, 1] + rng.normal(0, 0.025, SME_N), 0.04, None), 3)
    orders = np.maximum(rng.poisson(spec[:, 2] * (sales / spec[:, 0]) ** 0.3), 1)
    custom = rng.random(SME_N) < spec[:, 3]
    cost = (orders * (SME_DELIVERY_COST + custom * SME_PLATE_COST)
            + np.array([SME_VISITS_COST[i] for i in industry]) + custom * SME_DESIGN_COST)
    gross = sales * margin
    growth = np.round(rng.normal(np.where(industry == "电商卖家", 0.15, 0.05), 0.15), 3)
    customers = pd.DataFrame({
        "customer_id": _ids("K", SME_N),
        "channel": channel,
        "industry": industry,
        "sales": sales,
        "sales_last": np.round(sales / (1 + growth), 1),
        "gross_margin": margin,
        "gross_profit": np.round(gross, 2),
        "orders": orders,
        "avg_order": np.round(sales / orders, 2),
        "custom_design": _yes_no(custom),
        "service_cost": np.round(cost, 2),
        "contribution": np.round(gross - cost, 2),
        "receivable_days": np.maximum(np.round(spec[:, 4] * rng.lognormal(0, 0.3, SME_N)), 0),
        "end_user_known": _yes_no(rng.random(SME_N) < spec[:, 5]),
    })
    customers["growth"] = np.round(customers["sales"] / customers["sales_last"] - 1, 3)
    customers["receivable_days"] = customers["receivable_days"].astype(int)
    return {"customers.csv": customers}


# --- 医药关键客户（篇十） --------------------------------------------------------------------
# Seed 004 篇十 gives the idea (key accounts are chosen on more than sales: price discipline
# and support for the brand count too) but no figures; everything below is 示意.
# Accounts of one OTC brand in three cities: (share, median sales 万元/年, growth mean).
PHARMA_TYPES = {
    "医药商业公司": (0.07, 160.0, 0.04),
    "连锁药店": (0.18, 45.0, 0.08),
    "单体药店": (0.55, 6.0, 0.03),
    "诊所": (0.20, 2.0, 0.02),
}
PHARMA_N = 180
PHARMA_CITIES = {"甲市": 0.45, "乙市": 0.35, "丙市": 0.20}
PHARMA_PRICE_CUTTERS = 0.12          # share of accounts that sell well below the suggested price
PHARMA_FRIENDLY_LIFT = 0.10          # extra growth of accounts that back the brand (assumption)


def pharma_key_accounts(seed: int = 807) -> Tables:
    """医药关键客户: 180 accounts with sales, growth, promotion support and price discipline."""
    rng = _rng(seed)
    n = PHARMA_N
    names = list(PHARMA_TYPES)
    weights = np.array([PHARMA_TYPES[t][0] for t in names])
    kind = np.asarray(names)[rng.choice(len(names), size=n, p=weights / weights.sum())]
    spec = np.array([PHARMA_TYPES[t][1:] for t in kind])
    sales = np.round(spec[:, 0] * rng.lognormal(0, 0.7, n), 1)
    retail = kind != "医药商业公司"
    # Price cutters are more often large chains and single stores chasing volume.
    odds = PHARMA_PRICE_CUTTERS * np.where(kind == "连锁药店", 1.8, 1.0)
    cutter = retail & (rng.random(n) < odds)
    price_index = np.round(np.where(cutter, rng.uniform(0.72, 0.89, n),
                                    np.clip(rng.normal(0.98, 0.025, n), 0.9, 1.05)), 2)
    promo = np.clip(np.round(rng.normal(np.where(cutter, 3.5, 5.5), 2.0, n)), 0, 10).astype(int)
    friendly = promo >= 7
    growth = np.round(spec[:, 1] + friendly * PHARMA_FRIENDLY_LIFT
                      + cutter * 0.12 + rng.normal(0, 0.12, n), 3)
    accounts = pd.DataFrame({
        "account_id": _ids("A", n),
        "account_type": kind,
        "city": _pick(rng, PHARMA_CITIES, n),
        "sales": sales,
        "sales_last": np.round(sales / (1 + growth), 1),
        "promo_score": promo,
        "price_index": np.where(retail, price_index, np.nan),
        "price_complaints": rng.poisson(np.where(cutter, 3.0, 0.15)),
        "payment_days": np.maximum(np.round(rng.normal(np.where(retail, 45, 75), 15)), 0),
    })
    accounts["growth"] = np.round(accounts["sales"] / accounts["sales_last"] - 1, 3)
    accounts["payment_days"] = accounts["payment_days"].astype(int)
    return {"accounts.csv": accounts}


# --- 客户信息管理（篇八、篇十一） ------------------------------------------------------------
# Seed 004 篇八 and 篇十一 give the problems and the four kinds of customer information but no
# figures; everything below is 示意. A distributor of industrial automation parts: head office
# and two branch offices, eight salespeople of whom two have left.
INFO_KINDS = {  # the four kinds of customer information (篇十一) and the archive's fields
    "基本信息": ["company", "city", "industry", "scale"],
    "联系人信息": ["contact", "title", "phone", "email"],
    "变动信息": ["last_follow_up"],
    "分类评价信息": ["customer_class", "grade"],
}
INFO_STAFF = [  # salesperson, office, date left ("" = still here), share of records left empty
    ("销售甲", "总部", "", 0.05), ("销售乙", "总部", "", 0.10),
    ("销售丙", "总部", "2024-03-15", 0.35), ("销售丁", "总部", "", 0.08),
    ("销售戊", "总部", "", 0.25), ("销售己", "郑州办事处", "", 0.30),
    ("销售庚", "郑州办事处", "2024-05-31", 0.45), ("销售辛", "西安办事处", "", 0.20),
]
INFO_OFFICE_CITIES = {"总部": ["苏州", "无锡", "常州"], "郑州办事处": ["郑州", "洛阳"],
                      "西安办事处": ["西安", "宝鸡"]}
INFO_COMPANIES = 180
INFO_DUPLICATES = 14                 # companies entered twice by two salespeople
INFO_INDUSTRIES = {"汽车零部件": 0.25, "食品包装": 0.15, "电子制造": 0.20, "纺织": 0.10,
                   "化工": 0.12, "机械加工": 0.18}
INFO_TRADE_WORDS = {"汽车零部件": "汽配", "食品包装": "包装", "电子制造": "电子", "纺织": "纺织",
                    "化工": "化工", "机械加工": "机械"}
INFO_CLASSES = {"潜在客户": 0.35, "意向客户": 0.25, "成交客户": 0.40}
INFO_AS_OF = "2024-07-01"
NAME_CHARS = list("华创恒通达瑞信隆丰泰宏远鑫盛嘉诚明凯博汇德昌新科永晨")
LEGAL_SUFFIX = "有限公司"


def name_key(names: pd.Series) -> pd.Series:
    """Company names without spaces, brackets and the legal suffix, for matching records."""
    return (names.astype(str).str.replace(r"[\s（）()]", "", regex=True)
            .str.replace(LEGAL_SUFFIX, "", regex=False).str.replace("股份", "", regex=False))


def customer_information(seed: int = 808) -> Tables:
    """客户信息管理: a messy customer archive, the staff list, orders and service tickets."""
    rng = _rng(seed)
    n = INFO_COMPANIES
    staff = pd.DataFrame(INFO_STAFF, columns=["owner", "office", "left_date", "gap"])
    industry = _pick(rng, INFO_INDUSTRIES, n)
    pool = np.array([a + b for a in NAME_CHARS for b in NAME_CHARS if a != b])
    brand = rng.choice(pool, size=n, replace=False)
    base = np.char.add(brand.astype(str), [INFO_TRADE_WORDS[i] for i in industry])
    owner_idx = rng.choice(len(staff), size=n, p=np.array([14, 12, 16, 12, 12, 10, 8, 6]) / 90)
    office = staff["office"].to_numpy()[owner_idx]
    city = np.empty(n, dtype=object)
    for name, cities in INFO_OFFICE_CITIES.items():
        here = office == name
        city[here] = rng.choice(cities, size=int(here.sum()))
    klass = _pick(rng, INFO_CLASSES, n)
    # Duplicates: a second record of the same firm, written differently, by another salesperson
    # of the same office (or head office).
    dup = rng.choice(n, size=INFO_DUPLICATES, replace=False)
    offices = staff["office"].to_numpy()
    allowed = ((offices[None, :] == office[dup][:, None]) | (offices[None, :] == "总部")) \
        & (np.arange(len(staff))[None, :] != owner_idx[dup][:, None])
    other = (rng.random(allowed.shape) * allowed).argmax(axis=1)
    rows = np.concatenate([np.arange(n), dup])
    owners = np.concatenate([owner_idx, other])
    m = len(rows)
    full = rng.random(m) < 0.5
    company = np.where(full, np.char.add(base[rows], LEGAL_SUFFIX), base[rows])
    company[n:] = np.where(full[n:], base[dup], np.char.add(base[dup], LEGAL_SUFFIX))
    created = _dates(rng, "2021-01-01", "2024-05-31", m)
    follow = created + pd.to_timedelta(rng.integers(0, 400, m), unit="D")
    # Nobody follows up after the analysis day, nor after leaving the company.
    left_day = pd.to_datetime(staff["left_date"].replace("", INFO_AS_OF)).to_numpy()[owners]
    last_day = left_day - np.timedelta64(1, "D")
    follow = pd.DatetimeIndex(np.minimum(follow.to_numpy(), last_day))
    surname = rng.choice(list("王李张刘陈杨赵黄周吴徐孙"), size=m)
    title = rng.choice(["采购经理", "设备部长", "总经理", "技术主管", "采购员"], size=m)
    # Mobile numbers are stored masked, as in most exported archives: never a real number.
    phone = np.char.add(np.char.add("1", rng.integers(30, 99, m).astype(str)),
                        np.char.add("****", rng.integers(1000, 9999, m).astype(str)))
    archive = pd.DataFrame({
        "record_id": _ids("R", m),
        "company": company,
        "city": city[rows],
        "industry": industry[rows],
        "scale": rng.choice(["50人以下", "50-199人", "200-999人", "1000人以上"], size=m),
        "contact": np.char.add(surname, np.where(rng.random(m) < 0.5, "先生", "女士")),
        "title": title,
        "phone": phone,
        "email": np.char.add(np.char.add("buy", np.arange(1, m + 1).astype(str)), "@example.com"),
        "owner": staff["owner"].to_numpy()[owners],
        "created": _day_text(created),
        "last_follow_up": _day_text(follow),
        "customer_class": klass[rows],
        "grade": rng.choice(["A", "B", "C"], size=m, p=[0.2, 0.45, 0.35]),
    })
    # Records are left incomplete at each salesperson's own rate (the gap column).
    gap = staff["gap"].to_numpy()[owners]
    for column in ["scale", "contact", "title", "phone", "email", "last_follow_up",
                   "customer_class", "grade"]:
        archive[column] = archive[column].mask(rng.random(m) < gap * (1.5 if column == "email"
                                                                      else 1.0))
    archive = archive.sample(frac=1.0, random_state=rng.integers(1 << 31)).reset_index(drop=True)
    archive["record_id"] = _ids("R", m)
    # Orders over eighteen months, in the legal name, for firms that really bought: nearly all
    # 成交客户, and some 意向客户 whose class was never updated after the first order.
    buys = (klass == "成交客户") | ((klass == "意向客户") & (rng.random(n) < 0.25))
    count = np.where(buys, rng.poisson(4.0, n) + 1, 0)
    firm = np.repeat(np.arange(n), count)
    amount = np.round(rng.lognormal(np.log(6.0), 0.8, len(firm)), 2)
    unpaid = rng.random(len(firm)) < 0.12
    orders = pd.DataFrame({
        "company": np.char.add(base[firm], LEGAL_SUFFIX),
        "date": _dates(rng, "2023-01-01", "2024-06-30", len(firm)),
        "amount": amount,
        "received": np.where(unpaid, np.round(amount * rng.uniform(0, 0.6, len(firm)), 2), amount),
    }).sort_values(["date", "company"], kind="stable").reset_index(drop=True)
    orders.insert(0, "order_id", _ids("SO", len(orders), 4))
    orders["date"] = _day_text(orders["date"])
    # Service tickets: repairs, complaints and questions from buying firms.
    k = int(buys.sum() * 0.9)
    who = rng.choice(np.flatnonzero(buys), size=k)
    service = pd.DataFrame({
        "company": np.char.add(base[who], LEGAL_SUFFIX),
        "date": _dates(rng, "2023-03-01", "2024-06-30", k),
        "kind": rng.choice(["报修", "投诉", "咨询"], size=k, p=[0.45, 0.2, 0.35]),
        "closed": _yes_no(rng.random(k) < 0.8),
    }).sort_values(["date", "company"], kind="stable").reset_index(drop=True)
    service.insert(0, "ticket_id", _ids("T", k, 4))
    service["date"] = _day_text(service["date"])
    staff = staff.drop(columns="gap")
    staff.insert(2, "status", np.where(staff["left_date"] == "", "在职", "离职"))
    return {"archive.csv": archive, "staff.csv": staff, "orders.csv": orders,
            "service.csv": service}


# --- 银行关系营销与客户关系管理（篇十二） ----------------------------------------------------
# Seed 004 篇十二 is an essay with no figures; everything below is 示意. A city commercial bank
# branch joins three systems in its new CRM: the branch's own ledger (balances, transactions,
# share of the customer's money), the call centre (complaints) and a satisfaction survey.
CRM_N = 240
CRM_MONTHS = ["2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06"]
CRM_MANAGERS = ["客户经理A", "客户经理B", "客户经理C", "客户经理D", "客户经理E", "客户经理F"]
# Patterns of the last three months against the first three: (share of customers, balance
# factor, transactions factor, share-of-wallet change, complaints in the last three months).
CRM_PATTERNS = {
    "稳定": (0.62, 1.02, 1.00, 0.00, 0.0),
    "资金流出": (0.10, 0.55, 0.85, -0.18, 0.1),
    "投诉未平息": (0.08, 0.95, 0.90, -0.02, 1.6),
    "交易转冷": (0.08, 0.95, 0.45, -0.05, 0.1),
    "生活变化": (0.06, 0.60, 0.80, -0.05, 0.0),
    "长期沉睡": (0.06, 1.00, 0.00, 0.00, 0.0),
}


def bank_relationship_crm(seed: int = 809) -> Tables:
    """银行关系营销与 CRM: six months of 240 customers joined from three systems, and a survey."""
    rng = _rng(seed)
    n, months = CRM_N, len(CRM_MONTHS)
    names = list(CRM_PATTERNS)
    weights = np.array([CRM_PATTERNS[p][0] for p in names])
    pattern = np.asarray(names)[rng.choice(len(names), size=n, p=weights / weights.sum())]
    spec = np.array([CRM_PATTERNS[p][1:] for p in pattern])
    late = np.arange(months) >= months // 2                     # the last three months
    base_balance = rng.lognormal(np.log(35.0), 0.9, n)
    balance = base_balance[:, None] * np.where(late, spec[:, [0]], 1.0) \
        * rng.lognormal(0, 0.05, (n, months))
    base_txn = rng.poisson(9, n) + 2
    dormant = pattern == "长期沉睡"
    txn = rng.poisson(base_txn[:, None] * np.where(late, spec[:, [1]], 1.0))
    txn[dormant, 1:] = 0                                       # silent since January
    base_share = np.clip(rng.beta(5, 3, n), 0.1, 0.95)
    share = np.clip(base_share[:, None] + np.where(late, spec[:, [2]], 0.0)
                    + rng.normal(0, 0.015, (n, months)), 0.02, 1.0)
    complaints = np.zeros((n, months), dtype=int)
    complaints[:, late] = rng.poisson(spec[:, [3]] / late.sum(), (n, late.sum()))
    # The complaint often comes first: an unhappy customer complained in the first months too.
    complaints[pattern == "投诉未平息", 2] += 1
    ids = np.asarray(_ids("B", n))
    panel = pd.DataFrame({
        "customer_id": np.repeat(ids, months),
        "month": np.tile(CRM_MONTHS, n),
        "balance": np.round(balance, 2).ravel(),
        "transactions": txn.ravel(),
        "share_of_wallet": np.round(share, 3).ravel(),
        "complaints": complaints.ravel(),
    })
    # Survey and profile: satisfaction is lower where complaints went unanswered.
    unhappy = pattern == "投诉未平息"
    satisfaction = np.clip(rng.normal(np.where(unhappy, 2.5, 3.9), 0.6, n), 1, 5).round(1)
    prior, recent = balance[:, ~late].mean(axis=1), balance[:, late].mean(axis=1)
    survey = pd.DataFrame({
        "customer_id": ids,
        "manager": rng.choice(CRM_MANAGERS, size=n),
        "satisfaction": satisfaction,
        "share_of_wallet": np.round(share[:, late].mean(axis=1), 2),
        "price_sensitivity": np.clip(rng.beta(2.5, 3, n), 0, 1).round(2),
        "activity_change": np.round(recent / prior - 1, 2),
        "tenure_years": np.round(rng.uniform(0.5, 15.0, n), 1),
        "repeat_rate": np.clip(rng.beta(4, 2, n) * np.where(dormant, 0.2, 1.0), 0, 1).round(2),
        "life_event": pattern == "生活变化",
    })
    return {"panel.csv": panel, "survey.csv": survey}


CASES: dict[str, Callable[[], Tables]] = {
    "cosmetics-referral": cosmetics_referral,
    "county-hospital": county_hospital,
    "car-experience": car_experience,
    "tobacco-retailer": tobacco_retailer,
    "securities-branch": securities_branch,
    "sme-redefine-customers": sme_redefine_customers,
    "pharma-key-accounts": pharma_key_accounts,
    "customer-information": customer_information,
    "bank-relationship-crm": bank_relationship_crm,
}


def main(argv: Sequence[str] | None = None) -> int:
    return run_cli(CASES, "python -m crmkit.data.cases_crm",
                   None if argv is None else list(argv))


if __name__ == "__main__":
    raise SystemExit(main())
