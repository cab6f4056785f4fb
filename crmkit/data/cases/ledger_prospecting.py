"""交易流水获客: the data files of ``cases/ledger-prospecting/``."""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmkit.data.cases._common import COLUMN_LABELS, Tables, company_names, make_ids, make_rng

# Chinese names of the columns in this case's files.
LABELS: dict[str, str] = {
    **COLUMN_LABELS,
    "amount": "中标金额(万元)", "txn_id": "流水号", "customer_id": "本行客户号",
    "customer": "本行客户", "counterparty": "交易对手", "counterparty_type": "对手类型",
    "counterparty_bank": "对手开户行", "direction": "资金方向", "purpose": "用途",
}

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


def generate(seed: int = 706) -> Tables:
    """交易流水获客: a year of 12 customers' transactions with their counterparties."""
    rng = make_rng(seed)
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
    ledger.insert(0, "txn_id", make_ids("L", len(ledger), 5))
    cols = ["txn_id", "date", "customer_id", "customer", "counterparty", "counterparty_type",
            "counterparty_bank", "direction", "amount", "purpose"]
    return {"ledger.csv": ledger[cols]}
