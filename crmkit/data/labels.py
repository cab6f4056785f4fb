"""Chinese display names for the columns of every synthetic book, in one place."""

from __future__ import annotations

import pandas as pd

COLUMN_LABELS: dict[str, str] = {
    "customer_id": "客户号",
    "industry": "行业",
    "branch": "经办机构",
    "deposits": "日均存款(万元)",
    "loans": "日均贷款(万元)",
    "settlement": "年结算量(万元)",
    "fee_income": "中间业务收入(万元)",
    "contribution": "综合贡献(万元)",
    "contribution_last": "上年综合贡献(万元)",
    "growth": "贡献同比增长",
    "aum": "日均金融资产(万元)",
    "aum_last": "上年日均金融资产(万元)",
    "aum_growth": "金融资产同比增长",
    "products": "持有产品数",
    "tier": "客户层级",
    "days_since_contact": "距上次联系(天)",
    "birth_month": "生日月份",
    "source": "获客渠道",
    "quadrant": "象限",
    "strategy": "维护策略",
}


def to_display(df: pd.DataFrame) -> pd.DataFrame:
    """Return a copy with Chinese column names for showing to learners."""
    return df.rename(columns={k: v for k, v in COLUMN_LABELS.items() if k in df.columns})
