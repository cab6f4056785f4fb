"""Synthetic list of prospects (潜在客户) for practising the MAN rule.

Every row is made up by a seeded random generator: the industries, sources,
contacts and need signals are teaching labels, the revenue figures are random
and the 2,000 万元 line for "can afford it" is a teaching assumption, not any
bank's rule. No row describes a real firm.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmkit.data.synthetic import _check_size

# Teaching assumption: annual revenue from which a firm counts as able to pay (万元).
MONEY_LINE = 2000.0

INDUSTRIES = ["汽车零部件", "食品加工", "建材贸易", "软件开发",
              "医疗器械", "物流运输", "服装制造", "光伏组件"]
SOURCES = ["代发客户的上游供应商", "园区企业名单", "商会活动", "老客户转介绍",
           "交易流水中的交易对手", "银税合作名单"]
# Who the customer manager is talking to; the first group can decide on a bank relationship.
DECISION_ROLES = ["董事长", "总经理", "财务总监"]
OTHER_ROLES = ["财务经理", "出纳", "采购主管", "办公室主任"]
NEED_SIGNALS = ["新厂房开工，要上设备", "招工扩产，打算换代发银行", "中标大项目，需开保函",
                "出口订单猛增，要做国际结算", "上游要求缩短账期，缺流动资金"]
NO_NEED_SIGNALS = ["今年没有扩产计划", "对现有开户行很满意", "刚在他行续签授信",
                   "账上资金宽裕，暂不融资"]

PROSPECT_LABELS: dict[str, str] = {
    "prospect_id": "编号",
    "industry": "行业",
    "source": "线索来源",
    "contact_role": "接触对象",
    "revenue": "年营业收入(万元)",
    "signal": "需求信号",
}


def prospects(n: int = 12, seed: int = 3) -> pd.DataFrame:
    """A customer manager's list of ``n`` prospects with 是/否 answers for M, A and N.

    The MAN answers follow from the other columns: money = 是 when revenue is at
    least ``MONEY_LINE`` 万元; authority = 是 when the contact is 董事长, 总经理 or
    财务总监; need = 是 when the need signal names a concrete plan. With n ≥ 8
    every one of the eight MAN combinations appears at least once, so the list
    exercises the whole rule. The same ``n`` and ``seed`` always give the same list.
    """
    _check_size(n)
    rng = np.random.default_rng(seed)
    combos = np.concatenate([np.tile(np.arange(8), n // 8),
                             rng.choice(8, size=n % 8, replace=False)])
    combos = rng.permutation(combos)
    money = combos & 4 == 0       # bit 4 clear → has money
    authority = combos & 2 == 0
    need = combos & 1 == 0

    rich = MONEY_LINE * (1 + rng.lognormal(0.3, 0.8, n))
    poor = MONEY_LINE * rng.uniform(0.1, 0.9, n)
    revenue = np.round(np.where(money, rich, poor), -1)
    role = np.where(authority, rng.choice(DECISION_ROLES, n), rng.choice(OTHER_ROLES, n))
    signal = np.where(need, rng.choice(NEED_SIGNALS, n), rng.choice(NO_NEED_SIGNALS, n))
    yes_no = np.array(["否", "是"])
    return pd.DataFrame({
        "prospect_id": [f"Q{i:03d}" for i in range(1, n + 1)],
        "industry": rng.choice(INDUSTRIES, n),
        "source": rng.choice(SOURCES, n),
        "contact_role": role,
        "revenue": revenue,
        "signal": signal,
        "money": yes_no[money.astype(int)],
        "authority": yes_no[authority.astype(int)],
        "need": yes_no[need.astype(int)],
    })


def prospects_display(df: pd.DataFrame) -> pd.DataFrame:
    """Return a copy with Chinese column names, including the MAN columns, for learners."""
    from crmkit.models.man import MAN_COLUMN_LABELS

    labels = {**PROSPECT_LABELS, **MAN_COLUMN_LABELS}
    return df.rename(columns={k: v for k, v in labels.items() if k in df.columns})
