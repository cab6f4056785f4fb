"""专精特新名单营销: the data files of ``cases/zjtx-list/``."""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmkit.data.cases._common import COLUMN_LABELS, Tables, company_names, make_ids, make_rng, pick

# Chinese names of the columns in this case's files.
LABELS: dict[str, str] = {
    **COLUMN_LABELS,
    "name": "企业名称", "city": "地市", "level": "认定层级", "revenue": "营业收入(万元)",
    "revenue_growth": "营收增长率", "rd_share": "研发投入占比", "other_banks": "合作银行(家)",
    "signal": "近期动向", "ipo_plan": "上市计划",
}

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


def generate(seed: int = 701) -> Tables:
    """专精特新名单: a province's list of 64 specialised SMEs with the bank's relationship."""
    rng = make_rng(seed)
    n = ZJTX_N
    level = pick(rng, ZJTX_LEVELS, n)
    giant = level == "国家级小巨人"
    revenue = rng.lognormal(np.log(18_000), 0.6, n) * np.where(giant, 1.8, 1.0)
    trade = pick(rng, ZJTX_TRADES, n)
    firms = pd.DataFrame({
        "firm_id": make_ids("Z", n),
        "name": company_names(rng, [ZJTX_WORDS[t] for t in trade]),
        "city": pick(rng, ZJTX_CITIES, n),
        "industry": trade,
        "level": level,
        "revenue": np.round(revenue, -1),
        "revenue_growth": np.round(rng.normal(0.15, 0.12, n), 3),
        "rd_share": np.round(np.clip(rng.normal(0.065, 0.025, n), 0.02, None), 3),
        "patents": rng.poisson(np.where(giant, 14, 6)),
        "relationship": pick(rng, ZJTX_RELATIONS, n),
        "other_banks": rng.integers(1, 7, n),
        "signal": pick(rng, ZJTX_SIGNALS, n),
        "ipo_plan": pick(rng, ZJTX_IPO, n),
    })
    return {"firms.csv": firms}
