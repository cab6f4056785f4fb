"""医疗设备商最怕什么: the data files of ``cases/medical-device-dealer/``."""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmkit.data.cases._common import COLUMN_LABELS, Tables, jitter, make_ids, make_rng

# Chinese names of the columns in this case's files.
LABELS: dict[str, str] = {
    **COLUMN_LABELS,
    "period": "期间", "revenue": "报表收入(万元)", "invoice_id": "发票号", "hospital": "医院",
    "hospital_type": "医院类别", "item": "业务类别", "invoice_date": "开票日期",
    "age_days": "账龄(天)", "amount": "金额(万元)", "licence": "资质或授权",
    "issuer": "发证或授权方", "product_line": "覆盖产品线", "sales_share": "上年销售占比(%)",
    "expires": "到期日",
}

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


def generate(seed: int = 402) -> Tables:
    """医疗设备商: open receivables by hospital, licences and authorisations, three years."""
    rng = make_rng(seed)
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
    ledger.insert(0, "invoice_id", make_ids("F", len(ledger), 3))
    licences = pd.DataFrame(MED_LICENCES, columns=["licence", "issuer", "product_line",
                                                   "sales_share", "expires"])
    firm = pd.DataFrame(MED_FIRM)
    firm[list(MED_FIRM)[1:]] = np.round(jitter(rng, firm[list(MED_FIRM)[1:]].to_numpy(), 0.01))
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
