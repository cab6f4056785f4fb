"""卷烟零售客户提升（篇四）: the data files of ``cases/tobacco-retailer/``."""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmkit.data.cases._common import COLUMN_LABELS, Tables, make_rng
from crmkit.errors import CrmkitError

# Chinese names of the columns in this case's files.
LABELS: dict[str, str] = {
    **COLUMN_LABELS,
    "value": "数值", "item": "项目", "brand": "品牌", "category": "类别", "origin": "产地",
    "cartons": "购进量(条)", "buy_price": "进货价(元/条)", "sell_price": "零售价(元/条)",
    "purchase_value": "进货额(元)", "sales": "销售额", "margin": "毛利额(元)",
}

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


def generate(seed: int = 804) -> Tables:
    """卷烟零售: the seed's figures, and a month of the shop's 20 brands calibrated to them.

    Calibration: five brands (a 二类 and four 三类) are the best sellers. Carton counts are
    searched, deterministically, until the average purchase price rounds to 63.2 元/条 and
    the five hold 45.0% of sales (to one decimal); the other brands' mark-up is then solved so
    that the five hold 60.0% of the gross margin.
    """
    rng = make_rng(seed)
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
