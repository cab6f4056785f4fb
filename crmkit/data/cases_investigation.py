"""Synthetic data for the five on-site investigation cases of module 4 (没有调查就没有发言权).

Each case is one function returning ``{file name: DataFrame}``; the command line
writes every file of a case into its folder:

    python -m crmkit.data.cases_investigation leased-equipment --out cases/leased-equipment/

Seed 000 (§三, 现场调查案例分享) names the five cases but gives no figures, so there are
no seed figures here. Every number is drawn by a seeded random generator around the
teaching assumptions written as constants below (示意 values, each chosen to carry one
lesson of the case). Firms, hospitals, sea areas and forest parcels are invented; monthly
series are numbered 第 1 月, 第 2 月, … so that no price can be read as a real quotation.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from crmkit.data.cases_industry import Tables, _rng, run_cli

# Chinese names of every column in the module 4 case files, in one place.
LABELS: dict[str, str] = {
    # leased-equipment
    "equipment_id": "设备编号", "name": "设备名称", "on_list": "列入固定资产清单",
    "value": "购置价或合同价(万元)", "invoice_buyer": "购置发票抬头",
    "registry": "动产登记查询结果",
    "rent_monthly": "流水中的月租金(万元)", "months_left": "剩余租期(月)",
    # the firm tables (same columns as crmkit.models.verification)
    "period": "期间", "revenue": "报表收入(万元)", "electricity": "用电量(万千瓦时)",
    "vat_paid": "实缴增值税(万元)", "bank_inflows": "银行流入(万元)",
    "cost_of_sales": "营业成本(万元)", "receivables": "应收账款(万元)", "inventory": "存货(万元)",
    "total_assets": "总资产(万元)", "total_liabilities": "总负债(万元)",
    # medical-device-dealer
    "invoice_id": "发票号", "hospital": "医院", "hospital_type": "医院类别", "item": "业务类别",
    "invoice_date": "开票日期", "age_days": "账龄(天)", "amount": "金额(万元)",
    "licence": "资质或授权", "issuer": "发证或授权方", "product_line": "覆盖产品线",
    "sales_share": "上年销售占比(%)", "expires": "到期日",
    # scallop-farming
    "harvest_t": "采捕量(吨)", "boat_days": "采捕船作业(船·天)", "seed_cost": "苗种投入(万元)",
    "area_id": "海域编号", "sown_year": "底播年份", "area_mu": "面积(亩)",
    "book_value": "账面价值(万元)", "book_yield": "账面预计亩产(公斤/亩)",
    "survey_yield": "抽测推算亩产(公斤/亩)", "survey_points": "抽测点位(个)",
    # livestock-farmer
    "month": "月份", "hog_price": "生猪价格(元/公斤)", "feed_price": "饲料价格(元/公斤)",
    "reported_herd": "自报月末存栏(头)", "feed_t": "饲料进货(吨)", "sold_head": "出栏(头)",
    "deaths": "无害化处理(头)", "cash_in": "销售回款(万元)", "cash_out": "经营支出(万元)",
    # forestry-credit
    "parcel_id": "小班号", "species": "树种", "forest_class": "林种类别", "rights": "权属状态",
    "age": "林龄(年)", "harvest_age": "主伐年龄(年)", "volume_per_mu": "每亩蓄积(立方米)",
    "appraisal": "申请人评估值(万元)", "insured": "森林保险",
}


def _ids(prefix: str, n: int, width: int = 2) -> list[str]:
    return [f"{prefix}{i:0{width}d}" for i in range(1, n + 1)]


def _jitter(rng: np.random.Generator, values, spread: float) -> np.ndarray:
    """Multiply designed values by a small random factor so a table looks like a record."""
    values = np.asarray(values, dtype=float)
    return values * rng.lognormal(0.0, spread, values.shape)


# --- 厂房里的设备不一定是自己的 -------------------------------------------------------------
# Teaching assumptions (示意): the machines on the floor of a metal-stamping plant and what the
# on-site team found for each. Group: (count, on the firm's asset list, invoice made out to,
# movable-property registry result, leased).
EQUIP_KINDS = {"数控冲床": 85.0, "闭式高速冲床": 120.0, "数控折弯机": 60.0, "激光切割机": 180.0,
               "焊接机器人": 45.0, "加工中心": 95.0, "空压机": 12.0, "桥式起重机": 25.0}
EQUIP_GROUPS = {
    "自有": (12, "是", "本企业", "无登记", False),
    "自有但已抵押": (3, "是", "本企业", "抵押登记", False),
    "租入却列为自有": (6, "是", "租赁公司", "融资租赁登记", True),
    "租入且未列入": (3, "否", "租赁公司", "融资租赁登记", True),
    "关联企业所有": (3, "是", "关联企业", "无登记", False),
    "未提供发票": (1, "是", "未提供", "无登记", False),
}
LEASE_TOTAL_RENT = 1.12     # total rent over a lease ÷ price of the machine
LEASE_MONTHS = 36           # term of every finance lease in the case
# Three years of the plant (万元; power in 万千瓦时). Revenue per kWh about 12 元, VAT burden
# about 3.5%, inflows about 1.08 × revenue: the revenue story holds, the asset story does not.
EQUIP_FIRM = {
    "period": ["2022", "2023", "2024"],
    "revenue": [5600.0, 6100.0, 6500.0],
    "electricity": [470.0, 505.0, 540.0],
    "vat_paid": [196.0, 213.0, 228.0],
    "bank_inflows": [6050.0, 6590.0, 7020.0],
    "cost_of_sales": [4700.0, 5120.0, 5460.0],
    "receivables": [900.0, 1000.0, 1080.0],
    "inventory": [650.0, 700.0, 760.0],
    "total_assets": [5200.0, 5600.0, 6000.0],
    "total_liabilities": [3050.0, 3420.0, 3900.0],
}


def leased_equipment(seed: int = 401) -> Tables:
    """设备归属: 28 machines with their paper trail, and three years of the plant's figures."""
    rng = _rng(seed)
    groups = np.repeat(list(EQUIP_GROUPS), [g[0] for g in EQUIP_GROUPS.values()])
    n = len(groups)
    groups = groups[rng.permutation(n)]
    spec = np.array([EQUIP_GROUPS[g][1:4] for g in groups])
    leased = np.array([EQUIP_GROUPS[g][4] for g in groups])
    kinds = rng.choice(list(EQUIP_KINDS), size=n)
    value = np.round(_jitter(rng, [EQUIP_KINDS[k] for k in kinds], 0.15), 1)
    months_left = np.where(leased, rng.integers(8, LEASE_MONTHS, n), 0)
    equipment = pd.DataFrame({
        "equipment_id": _ids("E", n),
        "name": kinds,
        "on_list": spec[:, 0],
        "value": value,
        "invoice_buyer": spec[:, 1],
        "registry": spec[:, 2],
        "rent_monthly": np.where(leased, np.round(value * LEASE_TOTAL_RENT / LEASE_MONTHS, 2), 0.0),
        "months_left": months_left,
    })
    firm = pd.DataFrame(EQUIP_FIRM)
    money = [c for c in firm.columns if c != "period"]
    firm[money] = np.round(_jitter(rng, firm[money].to_numpy(), 0.002), 0)
    return {"equipment.csv": equipment, "firm.csv": firm}


# --- 医疗设备商最怕什么 -----------------------------------------------------------------------
# Teaching assumptions (示意): a distributor of imaging, lab and endoscopy equipment and their
# consumables in one prefecture. Hospital type: (hospitals, invoices each, typical invoice in
# 万元, youngest and oldest open invoice in days). County hospitals pay slowest.
MED_AS_OF = "2024-12-31"
MED_HOSPITALS = {
    "三级公立": (["临江市第一人民医院", "临江市中医院", "临江市第二人民医院"], 6, 60.0, 20, 330),
    "二级公立": (["北山县人民医院", "东湖县人民医院", "西岭县人民医院", "南屿县人民医院",
                 "北山县中医院", "东湖县中医院"], 5, 38.0, 60, 680),
    "基层卫生院": (["城关镇卫生院", "河口镇卫生院", "石桥镇卫生院", "青山乡卫生院"],
                  3, 8.0, 90, 760),
    "民营医院": (["康宁医院", "仁和眼科医院"], 3, 20.0, 20, 420),
}
MED_ITEMS = {"设备": 0.45, "耗材与试剂": 0.40, "维保服务": 0.15}
# Licences and dealer authorisations: (licence, issuer, product line, share of last year's
# sales in %, expiry date or 长期). Manufacturer 甲's two authorisations expire within the year.
MED_LICENCES = [
    ("医疗器械经营许可证（第三类）", "临江市市场监督管理局", "全部第三类器械", 100, "2027-09-15"),
    ("第二类医疗器械经营备案凭证", "临江市市场监督管理局", "全部第二类器械", 100, "长期"),
    ("代理授权书", "上游厂家甲", "医学影像设备", 38, "2025-03-31"),
    ("代理授权书", "上游厂家甲", "检验试剂与耗材", 24, "2025-03-31"),
    ("代理授权书", "上游厂家乙", "内镜设备", 14, "2026-06-30"),
    ("代理授权书", "上游厂家丙", "手术耗材", 12, "2025-12-31"),
    ("代理授权书", "其他七家厂家", "零星产品", 12, "2025-09-30"),
]
# Three years of the dealer (万元). Sales are billed with 13% VAT and all collected through
# banks, so with no change in receivables inflows would be 1.13 × revenue; the last year's
# receivables are the ledger's total, so the ledger and the statements agree.
MED_FIRM = {
    "period": ["2022", "2023", "2024"],
    "revenue": [5200.0, 6300.0, 7400.0],
    "cost_of_sales": [3850.0, 4725.0, 5625.0],
    "inventory": [640.0, 760.0, 1030.0],
    "total_assets": [3300.0, 4100.0, 5200.0],
    "total_liabilities": [1900.0, 2600.0, 3780.0],
}
MED_RECEIVABLE_DAYS = (62.0, 85.0)   # receivable days of the two earlier years
MED_VAT_RATE = 0.13


def medical_device_dealer(seed: int = 402) -> Tables:
    """医疗设备商: open receivables by hospital, licences and authorisations, three years."""
    rng = _rng(seed)
    as_of = pd.Timestamp(MED_AS_OF)
    frames = []
    for kind, (names, per, typical, young, old) in MED_HOSPITALS.items():   # four hospital types
        n = len(names) * per
        age = rng.integers(young, old + 1, n)
        frames.append(pd.DataFrame({
            "hospital": np.repeat(names, per), "hospital_type": kind,
            "item": rng.choice(list(MED_ITEMS), size=n, p=list(MED_ITEMS.values())),
            "invoice_date": (as_of - pd.to_timedelta(age, unit="D")).strftime("%Y-%m-%d"),
            "age_days": age,
            "amount": np.round(rng.lognormal(np.log(typical), 0.6, n), 1),
        }))
    ledger = pd.concat(frames, ignore_index=True).sort_values(
        ["invoice_date", "hospital"], kind="stable").reset_index(drop=True)
    ledger.insert(0, "invoice_id", _ids("F", len(ledger), 3))
    licences = pd.DataFrame(MED_LICENCES, columns=["licence", "issuer", "product_line",
                                                   "sales_share", "expires"])
    firm = pd.DataFrame(MED_FIRM)
    firm[list(MED_FIRM)[1:]] = np.round(_jitter(rng, firm[list(MED_FIRM)[1:]].to_numpy(), 0.01))
    days = np.array([*MED_RECEIVABLE_DAYS, np.nan])
    receivables = np.round(firm["revenue"].to_numpy() * days / 360)
    receivables[-1] = round(float(ledger["amount"].sum()))
    # VAT paid = 13% × gross profit (input VAT on purchases deducted); inflows = sales with VAT
    # less the growth of receivables (receivables carry the VAT too).
    prior = receivables[0] * 0.88
    growth = np.diff(np.concatenate([[prior], receivables]))
    firm.insert(2, "vat_paid", np.round((firm["revenue"] - firm["cost_of_sales"]) * MED_VAT_RATE))
    firm.insert(3, "bank_inflows", np.round(firm["revenue"] * (1 + MED_VAT_RATE) - growth))
    firm.insert(5, "receivables", receivables)
    return {"receivables.csv": ledger, "licences.csv": licences, "firm.csv": firm}


# --- 扇贝“跑路” ----------------------------------------------------------------------------
# Teaching assumptions (示意): six years of a sea-ranching company that sows scallops on the
# sea bed. Catch per boat-day falls year after year while the stock on the books keeps
# growing, until the last year's write-off. Scallops sold by their grower are exempt from
# VAT, so only bank inflows can check revenue.
SCALLOP_FIRM = {
    "period": ["2019", "2020", "2021", "2022", "2023", "2024"],
    "revenue": [18000.0, 19500.0, 18800.0, 17600.0, 16900.0, 12500.0],
    "bank_inflows": [18200.0, 19300.0, 19000.0, 17400.0, 17100.0, 12300.0],
    "cost_of_sales": [12600.0, 13900.0, 14000.0, 13700.0, 13600.0, 11900.0],
    "receivables": [900.0, 950.0, 1000.0, 1050.0, 1100.0, 1000.0],
    "inventory": [21000.0, 23500.0, 26800.0, 30500.0, 33800.0, 12000.0],
    "total_assets": [48000.0, 52000.0, 56000.0, 60000.0, 63000.0, 44000.0],
    "total_liabilities": [27000.0, 30000.0, 33500.0, 37000.0, 40000.0, 37500.0],
    "harvest_t": [6000.0, 6300.0, 5900.0, 5300.0, 4900.0, 3600.0],
    "boat_days": [2400.0, 2650.0, 2800.0, 2950.0, 3100.0, 3000.0],
    "seed_cost": [5200.0, 5800.0, 6500.0, 7000.0, 7300.0, 6000.0],
}
# Sea areas at the end of 2023 (before the write-off): (sown year, area 亩, yield the books
# assume in 公斤/亩, ratio of the survey's yield to it). Four areas hold far less than booked.
SCALLOP_AREAS = [
    (2021, 18000, 42.0, 0.95), (2021, 22000, 40.0, 0.88), (2021, 15000, 45.0, 0.31),
    (2022, 25000, 38.0, 1.02), (2022, 20000, 40.0, 0.42), (2022, 12000, 44.0, 0.92),
    (2022, 16000, 41.0, 0.26), (2023, 24000, 36.0, 0.97), (2023, 21000, 37.0, 0.45),
    (2023, 14000, 39.0, 0.90),
]
SCALLOP_BOOK_PRICE = 24.0    # 元 per 公斤 of expected harvest that the books carry


def scallop_farming(seed: int = 403) -> Tables:
    """扇贝: six years of a sea-ranching firm and the bank's diving survey of ten sea areas."""
    rng = _rng(seed)
    firm = pd.DataFrame(SCALLOP_FIRM)
    money = [c for c in firm.columns if c != "period"]
    firm[money] = np.round(_jitter(rng, firm[money].to_numpy(), 0.01), -1)
    sown, area, yield_, ratio = (np.array(c) for c in zip(*SCALLOP_AREAS, strict=True))
    book_yield = np.round(_jitter(rng, yield_, 0.03), 1)
    areas = pd.DataFrame({
        "area_id": _ids("H", len(sown)),
        "sown_year": sown,
        "area_mu": area,
        "book_value": np.round(area * book_yield * SCALLOP_BOOK_PRICE / 10000, 0),
        "book_yield": book_yield,
        "survey_yield": np.round(book_yield * _jitter(rng, ratio, 0.04), 1),
        "survey_points": rng.integers(18, 41, len(sown)),
    })
    return {"firm.csv": firm, "sea_areas.csv": areas}


# --- 养殖户的喜与忧 ------------------------------------------------------------------------
# Teaching assumptions (示意) for a family hog farm that buys piglets and sells finished hogs.
HOG_MONTHS = 36
HOG_PRICE = (15.5, 5.0, 30)     # mean 元/公斤, swing, months from peak to peak
HOG_FEED_PRICE = 3.4            # 元/公斤 of compound feed
HOG_FEED_PER_DAY = 1.8          # 公斤 of feed a hog in stock eats per day, averaged over the herd
HOG_WEIGHT = 120                # 公斤 per hog sold
HOG_CYCLE_MONTHS = 5            # months from piglet to market: a fifth of the herd sells monthly
HOG_PIGLET = 500.0              # 元 per piglet bought to replace each hog sold or lost
HOG_OTHER = 60.0                # 元 per head in stock per month: vet, labour, power, interest
HOG_HERD = (1500, 2100, 13, 15)        # herd before and after the new barn, stocked months 13–15
HOG_OUTBREAK = {27: 450, 28: 300}       # extra deaths in the months of the disease outbreak
HOG_RESTOCK_TO = 1600                   # herd the farm rebuilds to by month 36
HOG_BASE_DEATHS = 0.008                 # share of the herd lost in a normal month


def livestock_farmer(seed: int = 404) -> Tables:
    """养殖户: 36 months of a hog farm, its own herd count and the feed mill's delivery records."""
    rng = _rng(seed)
    m = np.arange(1, HOG_MONTHS + 1)
    mean, swing, period = HOG_PRICE
    price = mean + swing * np.sin(2 * np.pi * (m - 1) / period) + rng.normal(0, 0.35, HOG_MONTHS)
    feed_price = HOG_FEED_PRICE + 0.004 * m + rng.normal(0, 0.05, HOG_MONTHS)
    before, after, start, full = HOG_HERD
    herd = np.interp(m, [start - 1, full], [before, after]).round()
    outbreak = np.array([HOG_OUTBREAK.get(int(k), 0) for k in m])
    lost = np.cumsum(outbreak)
    after_outbreak = m > max(HOG_OUTBREAK)
    rebuild = np.interp(m, [max(HOG_OUTBREAK), HOG_MONTHS],
                        [after - lost[-1], HOG_RESTOCK_TO])
    true_herd = np.where(after_outbreak, rebuild, herd - lost).round()
    reported = np.where(m >= min(HOG_OUTBREAK), after + rng.integers(-40, 41, HOG_MONTHS),
                        true_herd).astype(int)
    feed_t = _jitter(rng, true_herd * HOG_FEED_PER_DAY * 30 / 1000, 0.03)
    sold = np.round(_jitter(rng, true_herd / HOG_CYCLE_MONTHS, 0.04)).astype(int)
    base_deaths = np.round(true_herd * HOG_BASE_DEATHS).astype(int)
    deaths = base_deaths + outbreak
    # Piglets bought: one for each hog sold or lost in a normal month, plus the growth of the
    # herd; hogs lost in the outbreak are not replaced at once.
    growth = np.maximum(np.diff(true_herd, prepend=true_herd[0]) + outbreak, 0)
    piglets = sold + base_deaths + growth
    cash_in = sold * HOG_WEIGHT * price / 10000
    cash_out = (feed_t * 1000 * feed_price + piglets * HOG_PIGLET
                + true_herd * HOG_OTHER) / 10000
    farm = pd.DataFrame({
        "month": m, "hog_price": price.round(2), "feed_price": feed_price.round(2),
        "reported_herd": reported, "feed_t": feed_t.round(1), "sold_head": sold,
        "deaths": deaths, "cash_in": cash_in.round(1), "cash_out": cash_out.round(1),
    })
    return {"farm.csv": farm}


# --- 林业是不是信贷雷区 --------------------------------------------------------------------
# Teaching assumptions (示意) for the forest parcels a forestry cooperative offers as collateral.
# Species: (main-felling age in years, stock per 亩 at that age in m³, timber price 元/m³).
FOREST_SPECIES = {"杉木": (26, 13.0, 1200.0), "马尾松": (30, 10.0, 950.0), "桉树": (6, 8.0, 750.0)}
FOREST_N = 30
FOREST_CLASSES = {"商品林": 24, "公益林": 6}
FOREST_RIGHTS = {"已登记": 22, "抵押中": 4, "未确权": 4}
FOREST_INSURED = 0.55           # share of parcels with forest insurance
FOREST_YIELD = 0.65             # timber out-turn: share of standing stock sold as logs
FOREST_HARVEST_COST = 350.0     # 元/m³ of logs: felling, skidding, transport and fees


def stock_per_mu(species: np.ndarray, age: np.ndarray) -> np.ndarray:
    """Standing stock (m³ per 亩) of a stand: an S-shaped curve reaching the species' stock at
    its main-felling age. A teaching curve, not a forestry yield table."""
    felling = np.array([FOREST_SPECIES[s][0] for s in species], dtype=float)
    full = np.array([FOREST_SPECIES[s][1] for s in species], dtype=float)
    share = np.clip(age / felling, 0, 1.3)
    return full * share ** 2 * (3 - 2 * np.minimum(share, 1))


def forestry_credit(seed: int = 405) -> Tables:
    """林权抵押: 30 forest parcels with class, title, age, stock and the applicant's appraisal."""
    rng = _rng(seed)
    n = FOREST_N
    species = rng.choice(list(FOREST_SPECIES), size=n, p=[0.5, 0.25, 0.25])
    felling = np.array([FOREST_SPECIES[s][0] for s in species])
    age = np.maximum(2, np.round(felling * rng.uniform(0.15, 1.15, n))).astype(int)
    forest_class = rng.permutation(np.repeat(list(FOREST_CLASSES), list(FOREST_CLASSES.values())))
    rights = rng.permutation(np.repeat(list(FOREST_RIGHTS), list(FOREST_RIGHTS.values())))
    area = np.round(rng.uniform(150, 1200, n), -1)
    volume = _jitter(rng, stock_per_mu(species, age), 0.08)
    price = np.array([FOREST_SPECIES[s][2] for s in species])
    mature = np.array([FOREST_SPECIES[s][1] for s in species])
    # The applicant's appraiser values every parcel at the stock it will have when mature,
    # at the log price and with no felling cost: the gap to a sober value is the lesson.
    appraisal = area * np.maximum(volume, mature) * FOREST_YIELD * price / 10000
    parcels = pd.DataFrame({
        "parcel_id": _ids("L", n),
        "species": species,
        "forest_class": forest_class,
        "rights": rights,
        "area_mu": area,
        "age": age,
        "harvest_age": felling,
        "volume_per_mu": volume.round(1),
        "appraisal": appraisal.round(1),
        "insured": np.where(rng.random(n) < FOREST_INSURED, "是", "否"),
    })
    return {"parcels.csv": parcels}


CASES: dict[str, Callable[[], Tables]] = {
    "leased-equipment": leased_equipment,
    "medical-device-dealer": medical_device_dealer,
    "scallop-farming": scallop_farming,
    "livestock-farmer": livestock_farmer,
    "forestry-credit": forestry_credit,
}


def main(argv: list[str] | None = None) -> int:
    return run_cli(CASES, "python -m crmkit.data.cases_investigation", argv)


if __name__ == "__main__":
    raise SystemExit(main())
