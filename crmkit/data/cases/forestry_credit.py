"""林业是不是信贷雷区: the data files of ``cases/forestry-credit/``."""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmkit.data.cases._common import COLUMN_LABELS, Tables, jitter, make_ids, make_rng

# Chinese names of the columns in this case's files.
LABELS: dict[str, str] = {
    **COLUMN_LABELS,
    "value": "购置价或合同价(万元)", "parcel_id": "小班号", "species": "树种",
    "forest_class": "林种类别", "rights": "权属状态", "age": "林龄(年)",
    "harvest_age": "主伐年龄(年)", "volume_per_mu": "每亩蓄积(立方米)",
    "appraisal": "申请人评估值(万元)", "insured": "森林保险",
}

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


def generate(seed: int = 405) -> Tables:
    """林权抵押: 30 forest parcels with class, title, age, stock and the applicant's appraisal."""
    rng = make_rng(seed)
    n = FOREST_N
    species = rng.choice(list(FOREST_SPECIES), size=n, p=[0.5, 0.25, 0.25])
    felling = np.array([FOREST_SPECIES[s][0] for s in species])
    age = np.maximum(2, np.round(felling * rng.uniform(0.15, 1.15, n))).astype(int)
    forest_class = rng.permutation(np.repeat(list(FOREST_CLASSES), list(FOREST_CLASSES.values())))
    rights = rng.permutation(np.repeat(list(FOREST_RIGHTS), list(FOREST_RIGHTS.values())))
    area = np.round(rng.uniform(150, 1200, n), -1)
    volume = jitter(rng, stock_per_mu(species, age), 0.08)
    price = np.array([FOREST_SPECIES[s][2] for s in species])
    mature = np.array([FOREST_SPECIES[s][1] for s in species])
    # The applicant's appraiser values every parcel at the stock it will have when mature,
    # at the log price and with no felling cost: the gap to a sober value is the lesson.
    appraisal = area * np.maximum(volume, mature) * FOREST_YIELD * price / 10000
    parcels = pd.DataFrame({
        "parcel_id": make_ids("L", n, width=2),
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
