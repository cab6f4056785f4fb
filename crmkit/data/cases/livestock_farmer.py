"""养殖户的喜与忧: the data files of ``cases/livestock-farmer/``."""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmkit.data.cases._common import COLUMN_LABELS, Tables, jitter, make_rng

# Chinese names of the columns in this case's files.
LABELS: dict[str, str] = {
    **COLUMN_LABELS,
    "feed_price": "饲料价格(元/公斤)", "reported_herd": "自报月末存栏(头)",
    "feed_t": "饲料进货(吨)", "sold_head": "出栏(头)", "deaths": "无害化处理(头)",
    "cash_in": "销售回款(万元)", "cash_out": "经营支出(万元)",
}

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


def generate(seed: int = 404) -> Tables:
    """养殖户: 36 months of a hog farm, its own herd count and the feed mill's delivery records."""
    rng = make_rng(seed)
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
    feed_t = jitter(rng, true_herd * HOG_FEED_PER_DAY * 30 / 1000, 0.03)
    sold = np.round(jitter(rng, true_herd / HOG_CYCLE_MONTHS, 0.04)).astype(int)
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
