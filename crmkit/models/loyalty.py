"""Loyalty segments: six kinds of loyal or sliding customers, from simple behaviour features.

The six types follow the key-account course material (seed 003): three kinds
of loyal customers (emotional, habitual, comparing) and three kinds of customers
who are slipping away (changed circumstances, comparing, dissatisfied). The
rules that assign a type are teaching assumptions, written to be read and argued
with; a customer who fits none of them is reported as not yet loyal.

Features (one row per customer): satisfaction (survey, 1–5), share_of_wallet
(0–1), price_sensitivity (0–1), activity_change (recent half-year against the
one before, as a fraction), tenure_years, repeat_rate (0–1) and, optionally,
life_event (a known change of circumstances).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from crmkit.errors import CrmkitError

LOYALTY_TYPES = ["感情型忠诚客户", "惯性型忠诚客户", "分析比较型忠诚客户",
                 "生活方式改变型客户", "分析比较型下滑客户", "不满意型下滑客户"]
NOT_LOYAL = "尚未形成忠诚"
CATEGORIES = [*LOYALTY_TYPES, NOT_LOYAL]

FEATURES = ["satisfaction", "share_of_wallet", "price_sensitivity", "activity_change",
            "tenure_years", "repeat_rate"]
FEATURE_RANGES = {"satisfaction": (1.0, 5.0), "share_of_wallet": (0.0, 1.0),
                  "price_sensitivity": (0.0, 1.0), "activity_change": (-1.0, np.inf),
                  "tenure_years": (0.0, np.inf), "repeat_rate": (0.0, 1.0)}

# Teaching assumptions: where each rule draws its line. Change them with rules={...}.
DEFAULT_RULES = {
    "decline": -0.20,        # activity_change at or below this is a decline
    "dissatisfied": 3.0,     # satisfaction below this is dissatisfied
    "delighted": 4.0,        # satisfaction at or above this is clearly satisfied
    "high_share": 0.50,      # share_of_wallet at or above this: we are the main provider
    "price_sensitive": 0.60,  # price_sensitivity at or above this: chooses on price and terms
    "habit_repeat": 0.60,    # repeat_rate at or above this …
    "habit_tenure": 3.0,     # … together with tenure_years at or above this: a habit
}

LOYALTY_INFO: dict[str, dict[str, str]] = {
    "感情型忠诚客户": {
        "rule": "业务没有下滑；满意度不低于 4 分，本行份额不低于 50%，价格敏感度低于 0.6",
        "meaning": "认可我们这个机构和为他服务的人，愿意把主要业务放在这里，也乐意推荐朋友。",
        "strategy": "保持专人服务和礼遇，邀请参与客户活动和产品意见征询，请他转介绍；"
                    "不需要用价格去维系，反而要防止服务人员变动伤了感情。",
    },
    "惯性型忠诚客户": {
        "rule": "业务没有下滑；够不上感情型和分析比较型，但往来多年（不少于 3 年）、"
                "重复交易率不低于 60%",
        "meaning": "因为方便、习惯或者换机构麻烦而留下，谈不上特别满意，也没有认真比较过。",
        "strategy": "趁关系还稳，把习惯变成认同：增加一次有温度的接触，提供一项他真正用得上的服务；"
                    "同时留意同业的上门营销，惯性一旦被打破，这类客户走得很快。",
    },
    "分析比较型忠诚客户": {
        "rule": "业务没有下滑；本行份额不低于 50%，价格敏感度不低于 0.6",
        "meaning": "反复比较过利率、费率和服务，认为我们目前最划算才留下，是理性的忠诚。",
        "strategy": "定期给他算清楚账：综合收益、费用和服务价值放在一起比较；"
                    "在定价上保持竞争力，同时用专业建议提高他离开的代价。",
    },
    "生活方式改变型客户": {
        "rule": "业务下滑 20% 及以上、满意度不低于 3 分，并且已知客户的生活或经营状况有变",
        "meaning": "不是对我们不满，而是退休、搬迁、子女出国、企业转型等变化让需求变了，"
                   "业务自然减少。",
        "strategy": "了解变化后的新需求，调整产品和服务，例如养老规划、异地服务、跨境汇款；"
                    "留不住的部分好聚好散，把关系保留下来。",
    },
    "分析比较型下滑客户": {
        "rule": "业务下滑 20% 及以上、满意度不低于 3 分，没有已知的生活变化",
        "meaning": "对服务谈不上不满，但比较之后觉得别家条件更好，正在把业务一点点移过去。",
        "strategy": "尽快弄清他在比较什么、和谁比较，拿出有针对性的方案；"
                    "价格之外，突出我们在专业、便利和综合服务上的优势。",
    },
    "不满意型下滑客户": {
        "rule": "业务下滑 20% 及以上，满意度低于 3 分",
        "meaning": "有过不愉快的经历，例如投诉没解决、办业务被怠慢，正在用脚投票。",
        "strategy": "先道歉、先解决问题，由更高一级的负责人出面；问题解决后再谈业务，"
                    "并把原因反馈到流程改进里。",
    },
    NOT_LOYAL: {
        "rule": "以上条件都不满足",
        "meaning": "合作时间短、份额低或来往不规律，还说不上忠诚，多是新客户或边缘客户。",
        "strategy": "按客户价值决定投入：有潜力的按开发期和初期合作的做法培育，"
                    "其余以标准化服务为主。",
    },
}

LABELS = {
    "customer_id": "客户号", "satisfaction": "满意度(1-5)", "share_of_wallet": "本行份额",
    "price_sensitivity": "价格敏感度", "activity_change": "业务量变化",
    "tenure_years": "往来年限(年)", "repeat_rate": "重复交易率", "life_event": "生活或经营有变",
    "loyalty_type": "忠诚类型", "loyalty_strategy": "维护要点",
}


def _features(customers: pd.DataFrame) -> dict[str, np.ndarray]:
    if not isinstance(customers, pd.DataFrame):
        raise CrmkitError("客户特征应当是一张表（pandas DataFrame）")
    if len(customers) == 0:
        raise CrmkitError("客户表是空的，没有可以分类的客户")
    values = {}
    for column in FEATURES:
        if column not in customers.columns:
            raise CrmkitError(f"找不到“{column}”列", column=column,
                              hint=f"忠诚度分类需要 {'、'.join(FEATURES)} 这几列")
        numbers = pd.to_numeric(customers[column], errors="coerce")
        low, high = FEATURE_RANGES[column]
        bad = numbers.isna() | (numbers < low) | (numbers > high)
        if bad.any():
            i = int(np.flatnonzero(bad.to_numpy())[0])
            span = f" {low:g} 到 {high:g} 之间的" if np.isfinite(high) else f"不小于 {low:g} 的"
            raise CrmkitError(f"值“{customers[column].iloc[i]}”不是{span}数字",
                              row=i + 1, column=column, hint="比例用小数表示，45% 写成 0.45")
        values[column] = numbers.to_numpy(dtype=float)
    if "life_event" in customers.columns:
        life = customers["life_event"]
        if life.isna().any():
            i = int(np.flatnonzero(life.isna().to_numpy())[0])
            raise CrmkitError("缺少是否有生活或经营变化的记录", row=i + 1, column="life_event",
                              hint="填 True 或 False；不清楚的先填 False")
        values["life_event"] = life.astype(bool).to_numpy()
    else:
        values["life_event"] = np.zeros(len(customers), dtype=bool)
    return values


def classify_loyalty(customers: pd.DataFrame,
                     rules: Mapping[str, float] | None = None) -> pd.DataFrame:
    """Add ``loyalty_type`` (one of CATEGORIES) and ``loyalty_strategy`` to a copy.

    Rules are checked in this order; the first that holds decides (thresholds in
    DEFAULT_RULES, override with ``rules``):

    1. decline (activity_change ≤ −20%) and satisfaction < 3 → 不满意型下滑客户;
    2. decline and a known life event → 生活方式改变型客户;
    3. decline otherwise → 分析比较型下滑客户;
    4. satisfaction ≥ 4, share ≥ 50% and price sensitivity < 0.6 → 感情型忠诚客户;
    5. share ≥ 50% and price sensitivity ≥ 0.6 → 分析比较型忠诚客户;
    6. repeat rate ≥ 60% and tenure ≥ 3 years → 惯性型忠诚客户;
    7. otherwise → 尚未形成忠诚.
    """
    limits = {**DEFAULT_RULES, **dict(rules or {})}
    unknown = set(limits) - set(DEFAULT_RULES)
    if unknown:
        raise CrmkitError(f"rules 里有不认识的规则：{'、'.join(map(str, sorted(unknown)))}",
                          hint=f"可以调整的规则是：{'、'.join(DEFAULT_RULES)}")
    x = _features(customers)
    decline = x["activity_change"] <= limits["decline"]
    unhappy = x["satisfaction"] < limits["dissatisfied"]
    high_share = x["share_of_wallet"] >= limits["high_share"]
    price = x["price_sensitivity"] >= limits["price_sensitive"]
    habit = ((x["repeat_rate"] >= limits["habit_repeat"])
             & (x["tenure_years"] >= limits["habit_tenure"]))
    conditions = [
        decline & unhappy,
        decline & x["life_event"],
        decline,
        (x["satisfaction"] >= limits["delighted"]) & high_share & ~price,
        high_share & price,
        habit,
    ]
    choices = ["不满意型下滑客户", "生活方式改变型客户", "分析比较型下滑客户",
               "感情型忠诚客户", "分析比较型忠诚客户", "惯性型忠诚客户"]
    kind = np.select(conditions, choices, default=NOT_LOYAL)
    classified = customers.copy()
    classified["loyalty_type"] = pd.Categorical(kind, categories=CATEGORIES)
    classified["loyalty_strategy"] = (classified["loyalty_type"]
                                      .map({k: v["strategy"] for k, v in LOYALTY_INFO.items()})
                                      .astype(str))
    classified.attrs["rules"] = limits
    return classified


def loyalty_summary(classified: pd.DataFrame) -> pd.DataFrame:
    """Customers per loyalty type (fixed order), with their average satisfaction and share."""
    if "loyalty_type" not in classified.columns:
        raise CrmkitError("找不到“loyalty_type”列", column="loyalty_type",
                          hint="先用 classify_loyalty(客户特征) 分类")
    kind = pd.Categorical(classified["loyalty_type"], categories=CATEGORIES)
    grouped = classified.groupby(kind, observed=False)
    summary = pd.DataFrame({
        "客户数": grouped.size().reindex(CATEGORIES, fill_value=0).astype(np.int64),
        "平均满意度": grouped["satisfaction"].mean().reindex(CATEGORIES).round(2),
        "平均本行份额": grouped["share_of_wallet"].mean().reindex(CATEGORIES).round(3),
        "平均业务量变化": grouped["activity_change"].mean().reindex(CATEGORIES).round(3),
    })
    summary.index.name = "忠诚类型"
    n = summary["客户数"].sum()
    summary.insert(1, "客户占比(%)", (summary["客户数"] / n * 100).round(1))
    return summary


def satisfied_vs_loyal(classified: pd.DataFrame, satisfied_at: float = 4.0) -> pd.DataFrame:
    """Cross-count satisfied (score ≥ ``satisfied_at``) against loyal (the three loyal types).

    The point of the table: satisfied customers are not all loyal, and some loyal
    customers are not especially satisfied (满意 ≠ 忠诚).
    """
    if "loyalty_type" not in classified.columns:
        raise CrmkitError("找不到“loyalty_type”列", column="loyalty_type",
                          hint="先用 classify_loyalty(客户特征) 分类")
    satisfied = pd.to_numeric(classified["satisfaction"], errors="coerce") >= satisfied_at
    loyal = classified["loyalty_type"].astype(str).isin(LOYALTY_TYPES[:3])
    rows = pd.Categorical(np.where(satisfied, "满意", "不够满意"), categories=["满意", "不够满意"])
    cols = pd.Categorical(np.where(loyal, "忠诚", "不忠诚"), categories=["忠诚", "不忠诚"])
    table = pd.crosstab(rows, cols, dropna=False)
    table.index.name = f"满意度（{satisfied_at:g} 分及以上为满意）"
    table.columns.name = "忠诚（三种忠诚类型）"
    table["合计"] = table.sum(axis=1)
    return table


def satisfied_vs_loyal_notes() -> pd.DataFrame:
    """满意 versus 忠诚 side by side: what each looks like and how to measure it."""
    return pd.DataFrame({
        "满意客户": ["期望得到了满足，没有抱怨，感觉还不错", "这一次愿意继续来，但不排斥换一家",
                     "同业给出更好的条件就可能离开", "满意度调查的分数"],
        "忠诚客户": ["认同这个机构，把它当作首选", "反复购买、集中办理、主动推荐",
                     "愿意给出改进机会，不轻易离开", "重复购买率、本行份额、转介绍数、留存时长"],
    }, index=pd.Index(["心里的状态", "行为表现", "面对竞争", "怎么衡量"], name="对比项"))


def loyalty_table() -> pd.DataFrame:
    """The loyalty types with the rule, meaning and maintenance strategy, for reading."""
    return pd.DataFrame({
        "判定规则（教学假设）": [LOYALTY_INFO[k]["rule"] for k in CATEGORIES],
        "含义": [LOYALTY_INFO[k]["meaning"] for k in CATEGORIES],
        "维护要点": [LOYALTY_INFO[k]["strategy"] for k in CATEGORIES],
    }, index=pd.Index(CATEGORIES, name="忠诚类型"))


def display_table(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with Chinese column names (LABELS) for showing to learners."""
    return frame.rename(columns={k: v for k, v in LABELS.items() if k in frame.columns})
