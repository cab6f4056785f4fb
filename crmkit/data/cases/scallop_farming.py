"""扇贝“跑路”: the data files of ``cases/scallop-farming/``."""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmkit.data.cases._common import COLUMN_LABELS, Tables, jitter, make_ids, make_rng

# Chinese names of the columns in this case's files.
LABELS: dict[str, str] = {
    **COLUMN_LABELS,
    "period": "期间", "revenue": "报表收入(万元)", "harvest_t": "采捕量(吨)",
    "boat_days": "采捕船作业(船·天)", "seed_cost": "苗种投入(万元)", "area_id": "海域编号",
    "sown_year": "底播年份", "book_value": "账面价值(万元)", "book_yield": "账面预计亩产(公斤/亩)",
    "survey_yield": "抽测推算亩产(公斤/亩)", "survey_points": "抽测点位(个)",
}

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


def generate(seed: int = 403) -> Tables:
    """扇贝: six years of a sea-ranching firm and the bank's diving survey of ten sea areas."""
    rng = make_rng(seed)
    firm = pd.DataFrame(SCALLOP_FIRM)
    money = [c for c in firm.columns if c != "period"]
    firm[money] = np.round(jitter(rng, firm[money].to_numpy(), 0.01), -1)
    sown, area, yield_, ratio = (np.array(c) for c in zip(*SCALLOP_AREAS, strict=True))
    book_yield = np.round(jitter(rng, yield_, 0.03), 1)
    areas = pd.DataFrame({
        "area_id": make_ids("H", len(sown), width=2),
        "sown_year": sown,
        "area_mu": area,
        "book_value": np.round(area * book_yield * SCALLOP_BOOK_PRICE / 10000, 0),
        "book_yield": book_yield,
        "survey_yield": np.round(book_yield * jitter(rng, ratio, 0.04), 1),
        "survey_points": rng.integers(18, 41, len(sown)),
    })
    return {"firm.csv": firm, "sea_areas.csv": areas}
