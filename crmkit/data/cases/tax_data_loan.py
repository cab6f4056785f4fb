"""税易贷与银税合作: the data files of ``cases/tax-data-loan/``."""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmkit.data.cases._common import COLUMN_LABELS, Tables, company_names, make_ids, make_rng, pick

# Chinese names of the columns in this case's files.
LABELS: dict[str, str] = {
    **COLUMN_LABELS,
    "name": "企业名称", "years": "经营年限(年)", "tax_grade": "纳税信用等级",
    "tax_last": "上年纳税额(万元)", "tax_prev": "前年纳税额(万元)",
    "invoice_revenue": "上年开票收入(万元)", "tax_arrears": "欠税记录",
    "settles_here": "本行结算户", "channel": "申请渠道",
}

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


def generate(seed: int = 702) -> Tables:
    """税易贷: 80 small firms that applied online and authorised their tax data."""
    rng = make_rng(seed)
    n = TAX_N
    grade = pick(rng, TAX_GRADES, n)
    weak = np.isin(grade, ["C", "D"])
    invoice = rng.lognormal(np.log(900), 0.8, n)
    burden = np.clip(rng.normal(TAX_BURDEN, 0.01, n), 0.01, None)
    tax_last = invoice * burden
    trend = rng.normal(0.08, 0.15, n) - np.where(weak, 0.15, 0.0)
    trade = pick(rng, TAX_TRADES, n)
    firms = pd.DataFrame({
        "firm_id": make_ids("T", n),
        "name": company_names(rng, [TAX_WORDS[t] for t in trade]),
        "industry": trade,
        "years": rng.integers(1, 16, n),
        "tax_grade": grade,
        "tax_last": np.round(tax_last, 1),
        "tax_prev": np.round(tax_last / (1 + trend), 1),
        "invoice_revenue": np.round(invoice, 0),
        "tax_arrears": np.where(rng.random(n) < np.where(weak, 0.5, 0.03), "有", "无"),
        "settles_here": np.where(rng.random(n) < 0.35, "是", "否"),
        "channel": pick(rng, TAX_CHANNELS, n),
    })
    return {"applicants.csv": firms}
