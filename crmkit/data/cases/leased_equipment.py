"""厂房里的设备不一定是自己的: the data files of ``cases/leased-equipment/``."""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmkit.data.cases._common import COLUMN_LABELS, Tables, jitter, make_ids, make_rng

# Chinese names of the columns in this case's files.
LABELS: dict[str, str] = {
    **COLUMN_LABELS,
    "equipment_id": "设备编号", "name": "设备名称", "on_list": "列入固定资产清单",
    "value": "购置价或合同价(万元)", "invoice_buyer": "购置发票抬头",
    "registry": "动产登记查询结果", "rent_monthly": "流水中的月租金(万元)",
    "months_left": "剩余租期(月)", "period": "期间", "revenue": "报表收入(万元)",
}

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


def generate(seed: int = 401) -> Tables:
    """设备归属: 28 machines with their paper trail, and three years of the plant's figures."""
    rng = make_rng(seed)
    groups = np.repeat(list(EQUIP_GROUPS), [g[0] for g in EQUIP_GROUPS.values()])
    n = len(groups)
    groups = groups[rng.permutation(n)]
    spec = np.array([EQUIP_GROUPS[g][1:4] for g in groups])
    leased = np.array([EQUIP_GROUPS[g][4] for g in groups])
    kinds = rng.choice(list(EQUIP_KINDS), size=n)
    value = np.round(jitter(rng, [EQUIP_KINDS[k] for k in kinds], 0.15), 1)
    months_left = np.where(leased, rng.integers(8, LEASE_MONTHS, n), 0)
    equipment = pd.DataFrame({
        "equipment_id": make_ids("E", n, width=2),
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
    firm[money] = np.round(jitter(rng, firm[money].to_numpy(), 0.002), 0)
    return {"equipment.csv": equipment, "firm.csv": firm}
