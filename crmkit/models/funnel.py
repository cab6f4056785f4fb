"""Sales funnel and pipeline metrics: stage conversion, velocity, weighted pipeline, coverage.

The coarse funnel follows the securities key-account material: 目标客户 → 准客户
→ 客户. Inside it a team tracks finer sales stages (``SALES_STAGES``); both lists
are plain tuples that a caller may replace with its own.

A pipeline table has one row per opportunity with these columns:

- ``stage``: the furthest stage the opportunity has reached (a lost deal keeps
  the stage where it was lost);
- ``status``: 进行中 (open), 赢单 (won) or 丢单 (lost); a won deal sits in the last stage;
- ``amount``: the expected value of the deal in 万元;
- ``created`` and ``closed``: dates; ``closed`` is empty while the deal is open;
- optional ``probability``: the owner's own win probability, overriding the stage default;
- ``opportunity_id``, ``customer``, ``product``, ``owner``: for reading only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from crmkit.errors import CrmkitError

FUNNEL_STAGES: tuple[str, ...] = ("目标客户", "准客户", "客户")
SALES_STAGES: tuple[str, ...] = ("线索", "发现需求", "方案", "谈判", "成交")
# Which coarse funnel stage each sales stage belongs to: qualification moves a
# lead (目标客户) into 准客户; a signed deal makes it a 客户.
STAGE_GROUPS: dict[str, str] = {"线索": "目标客户", "发现需求": "准客户", "方案": "准客户",
                                "谈判": "准客户", "成交": "客户"}
# Stage-default win probabilities: a teaching assumption, to be replaced by a
# team's own history (won ÷ reached, per stage) once it has one.
DEFAULT_PROBABILITIES: dict[str, float] = {"线索": 0.10, "发现需求": 0.20, "方案": 0.40,
                                           "谈判": 0.70, "成交": 1.0}
OPEN, WON, LOST = "进行中", "赢单", "丢单"
STATUSES: tuple[str, ...] = (OPEN, WON, LOST)

PIPELINE_LABELS: dict[str, str] = {
    "opportunity_id": "商机编号", "customer": "客户", "product": "业务", "owner": "负责人",
    "stage": "阶段", "status": "状态", "amount": "金额(万元)", "probability": "赢单概率",
    "created": "立项日期", "closed": "关闭日期",
}


# ---------------------------------------------------------------- checks


def _require(pipeline: pd.DataFrame, columns: Sequence[str]) -> None:
    if len(pipeline) == 0:
        raise CrmkitError("商机表是空的", hint="先确认数据已正确读入")
    missing = [c for c in columns if c not in pipeline.columns]
    if missing:
        raise CrmkitError(f"商机表缺少“{'、'.join(missing)}”列",
                          hint=f"现有的列是：{'、'.join(map(str, pipeline.columns))}")


def _first_bad(mask: np.ndarray) -> int:
    return int(np.flatnonzero(mask)[0]) + 1


def _check_stages(stages: Sequence[str]) -> tuple[str, ...]:
    stages = tuple(stages)
    if len(stages) < 2 or len(set(stages)) != len(stages):
        raise CrmkitError(f"阶段列表 {list(stages)} 不可用",
                          hint="至少要有两个阶段，且名字不能重复，例如 ('线索', '方案', '成交')")
    return stages


def _stage_index(pipeline: pd.DataFrame, stages: Sequence[str]) -> np.ndarray:
    """Position of each opportunity's stage in ``stages``; unknown stages are an error."""
    position = {stage: i for i, stage in enumerate(stages)}
    codes = pipeline["stage"].map(position).fillna(-1).to_numpy(dtype=int)
    if (codes < 0).any():
        row = _first_bad(codes < 0)
        raise CrmkitError(f"阶段“{pipeline['stage'].iloc[row - 1]}”不在阶段列表里",
                          row=row, column="stage",
                          hint=f"阶段列表是：{' → '.join(stages)}；"
                               "请改用其中之一，或传入自己的列表")
    return codes


def _amounts(pipeline: pd.DataFrame) -> pd.Series:
    values = pd.to_numeric(pipeline["amount"], errors="coerce")
    if values.isna().any():
        row = _first_bad(values.isna().to_numpy())
        raise CrmkitError(f"金额“{pipeline['amount'].iloc[row - 1]}”不是数字",
                          row=row, column="amount", hint="金额以万元为单位填数字")
    if (values < 0).any():
        row = _first_bad((values < 0).to_numpy())
        raise CrmkitError(f"金额 {values.iloc[row - 1]:g} 万元是负数", row=row, column="amount",
                          hint="商机金额不能为负；退款或冲销请另行记录")
    return values.astype(float)


def _statuses(pipeline: pd.DataFrame, stage_idx: np.ndarray, n_stages: int) -> np.ndarray:
    status = pipeline["status"].astype(str).to_numpy()
    unknown = ~np.isin(status, STATUSES)
    if unknown.any():
        row = _first_bad(unknown)
        raise CrmkitError(f"状态“{status[row - 1]}”看不懂", row=row, column="status",
                          hint=f"状态只能是{'、'.join(STATUSES)}之一")
    at_last = stage_idx == n_stages - 1
    mismatch = (status == WON) != at_last
    if mismatch.any():
        row = _first_bad(mismatch)
        raise CrmkitError("赢单的商机必须在最后一个阶段，最后一个阶段的商机也必须是赢单",
                          row=row, column="status",
                          hint="检查这一行的阶段和状态是否填反了")
    return status


def _check_probability(values: pd.Series, where: str) -> pd.Series:
    bad = values.notna() & ~values.between(0.0, 1.0)
    if bad.any():
        raise CrmkitError(f"{where}的赢单概率 {values[bad].iloc[0]:g} 超出 0 到 1 的范围",
                          hint="概率写成小数，例如 40% 写 0.4")
    return values


# ---------------------------------------------------------------- example data


def example_pipeline() -> pd.DataFrame:
    """Twelve key-account opportunities of one bank branch team in 2024 (示意, invented).

    Built so every metric can be checked by hand: reached counts 12/10/8/5/3,
    3 won and 3 lost (win rate 50%), won amounts 40/60/20 万元 over 70/120/50 days.
    ``amount`` is the expected annual revenue of the business to the bank, in 万元.
    """
    return pd.DataFrame({
        "opportunity_id": [f"P{i:02d}" for i in range(1, 13)],
        "customer": ["精密机械厂", "医药流通公司", "工业软件公司", "建材贸易公司",
                     "城配物流公司", "食品加工厂", "商贸公司", "汽配产业园",
                     "新材料公司", "市政工程公司", "连锁药房", "汽车零部件集团"],
        "product": ["现金管理", "供应链融资", "代发工资", "票据池", "设备融资", "代发工资",
                    "结算账户", "园区综合服务", "科技贷", "保函与结算", "收单与现金管理",
                    "集团现金池"],
        "owner": ["王磊", "李娜", "王磊", "赵敏", "李娜", "赵敏",
                  "王磊", "赵敏", "李娜", "王磊", "李娜", "赵敏"],
        "stage": ["成交", "成交", "成交", "谈判", "方案", "发现需求",
                  "线索", "线索", "发现需求", "方案", "方案", "谈判"],
        "status": [WON, WON, WON, LOST, LOST, OPEN, LOST, OPEN, OPEN, OPEN, OPEN, OPEN],
        "amount": [40.0, 60.0, 20.0, 50.0, 30.0, 15.0, 10.0, 25.0, 40.0, 80.0, 35.0, 100.0],
        "created": pd.to_datetime([
            "2024-01-08", "2024-01-15", "2024-02-01", "2024-02-20", "2024-03-05", "2024-08-12",
            "2024-04-01", "2024-09-02", "2024-07-22", "2024-06-03", "2024-06-24", "2024-04-16"]),
        "closed": pd.to_datetime([
            "2024-03-18", "2024-05-14", "2024-03-22", "2024-06-10", "2024-05-20", None,
            "2024-04-15", None, None, None, None, None]),
    })


OWNERS = ("王磊", "李娜", "赵敏", "陈晨")
PRODUCTS = ("现金管理", "代发工资", "供应链融资", "票据池", "设备融资", "保函与结算", "科技贷")
# Chance that an opportunity moves on from each stage to the next (synthetic assumption).
ADVANCE = (0.75, 0.70, 0.60, 0.55)


def synthetic_pipeline(n: int = 60, seed: int = 2024, start: str = "2024-01-01") -> pd.DataFrame:
    """``n`` synthetic opportunities created over one year from ``start``, for labs.

    Each opportunity advances stage by stage with the chances in ``ADVANCE``; the
    older it is, the likelier an unfinished one has been lost. Amounts are
    log-normal around 30 万元. The table is viewed as of ``start`` + 365 days.
    Same ``n`` and ``seed``, same table.
    """
    if not isinstance(n, (int, np.integer)) or isinstance(n, bool) or n < 1:
        raise CrmkitError(f"商机数 n 必须是正整数，收到的是 {n!r}", hint="例如 n=60")
    rng = np.random.default_rng(seed)
    first = pd.Timestamp(start)
    as_of = first + pd.Timedelta(days=365)
    age = rng.integers(0, 365, n)                     # days from creation to as_of
    created = as_of - pd.to_timedelta(age, unit="D")
    steps = np.cumprod(rng.random((n, len(ADVANCE))) < np.array(ADVANCE), axis=1).sum(axis=1)
    cycle = rng.integers(30, 150, n)                  # days a won deal takes to close
    won = (steps == len(ADVANCE)) & (cycle <= age)
    steps = np.where((steps == len(ADVANCE)) & ~won, len(ADVANCE) - 1, steps)
    lost = ~won & (rng.random(n) < np.minimum(0.9, age / 300))
    lost_after = np.floor(rng.random(n) * np.maximum(age, 1)).astype(int) + 1
    closed_days = np.where(won, cycle, np.where(lost, np.minimum(lost_after, age), 0))
    closed = pd.Series(created + pd.to_timedelta(closed_days, unit="D")).where(won | lost)
    table = pd.DataFrame({
        "opportunity_id": "",
        "customer": "",
        "product": rng.choice(PRODUCTS, size=n),
        "owner": rng.choice(OWNERS, size=n),
        "stage": np.array(SALES_STAGES)[steps],
        "status": np.select([won, lost], [WON, LOST], default=OPEN),
        "amount": np.round(rng.lognormal(np.log(30), 0.6, n) * 2) / 2,
        "created": pd.Series(created),
        "closed": closed,
    })
    table = table.sort_values("created", kind="mergesort").reset_index(drop=True)
    table["opportunity_id"] = [f"S{i:03d}" for i in range(1, n + 1)]
    table["customer"] = [f"客户{i:03d}" for i in range(1, n + 1)]
    return table


# ---------------------------------------------------------------- metrics


def to_funnel_stages(pipeline: pd.DataFrame, groups: Mapping[str, str] | None = None,
                     stages: Sequence[str] = SALES_STAGES) -> pd.DataFrame:
    """Return a copy whose ``stage`` is the coarse funnel stage (目标客户/准客户/客户).

    ``groups`` maps each sales stage to its funnel stage (default ``STAGE_GROUPS``).
    """
    groups = dict(STAGE_GROUPS if groups is None else groups)
    _require(pipeline, ["stage"])
    _stage_index(pipeline, stages)
    missing = [s for s in stages if s not in groups]
    if missing:
        raise CrmkitError(f"阶段“{'、'.join(missing)}”没有对应的漏斗阶段",
                          hint="在 groups 里为每个销售阶段指定目标客户、准客户或客户")
    coarse = pipeline.copy()
    coarse["stage"] = coarse["stage"].map(groups)
    return coarse


def stage_conversion(pipeline: pd.DataFrame, stages: Sequence[str] = SALES_STAGES,
                     only_closed: bool = False) -> pd.DataFrame:
    """Count opportunities reaching each stage and the conversion between stages.

    An opportunity "reaches" every stage up to and including its ``stage``. The
    stage rate is reached(this) ÷ reached(previous), 100 for the first stage;
    the cumulative rate is reached(this) ÷ reached(first). ``attrs["overall"]`` is
    the overall conversion, last ÷ first, as a fraction. Open deals have not had
    their chance yet, so ``only_closed=True`` measures won and lost deals only.
    """
    stages = _check_stages(stages)
    _require(pipeline, ["stage"] + (["status"] if only_closed else []))
    idx = _stage_index(pipeline, stages)
    if only_closed:
        status = _statuses(pipeline, idx, len(stages))
        idx = idx[status != OPEN]
        if len(idx) == 0:
            raise CrmkitError("还没有已关闭（赢单或丢单）的商机", hint="去掉 only_closed=True 再试")
    at_stage = np.bincount(idx, minlength=len(stages))
    reached = at_stage[::-1].cumsum()[::-1]
    previous = np.concatenate([[reached[0]], reached[:-1]])
    table = pd.DataFrame({
        "到达数": reached,
        "停留数": at_stage,
        "阶段转化率(%)": np.round(np.divide(reached, previous, out=np.zeros(len(stages)),
                                          where=previous > 0) * 100, 1),
        "累计转化率(%)": np.round(reached / reached[0] * 100, 1),
    }, index=pd.Index(stages, name="阶段"))
    table.attrs["overall"] = float(reached[-1] / reached[0])
    return table


def _probabilities(open_deals: pd.DataFrame, probabilities: Mapping[str, float] | None,
                   stages: Sequence[str]) -> pd.Series:
    """Each open deal's win probability: its own if given, else its stage default."""
    mapping = dict(DEFAULT_PROBABILITIES if probabilities is None else probabilities)
    defaults = pd.Series(mapping, dtype=float)
    _check_probability(defaults, "阶段默认值")
    missing = sorted(set(open_deals["stage"]) - set(mapping), key=list(stages).index)
    if missing:
        raise CrmkitError(f"阶段“{'、'.join(missing)}”没有默认赢单概率",
                          hint="在 probabilities 里为每个阶段给一个 0 到 1 之间的数")
    stage_default = open_deals["stage"].map(mapping).astype(float)
    if "probability" not in open_deals.columns:
        return stage_default
    own = pd.to_numeric(open_deals["probability"], errors="coerce")
    return _check_probability(own, "商机自己填写").fillna(stage_default)


def weighted_pipeline(pipeline: pd.DataFrame, probabilities: Mapping[str, float] | None = None,
                      stages: Sequence[str] = SALES_STAGES) -> pd.DataFrame:
    """Σ amount × win probability of the open deals, by stage and in total.

    A deal's probability is its own ``probability`` when filled in, otherwise the
    stage default from ``probabilities`` (default ``DEFAULT_PROBABILITIES``). Won
    and lost deals are left out: they are no longer uncertain.
    """
    stages = _check_stages(stages)
    _require(pipeline, ["stage", "status", "amount"])
    idx = _stage_index(pipeline, stages)
    status = _statuses(pipeline, idx, len(stages))
    amount = _amounts(pipeline)
    open_deals = pipeline.loc[status == OPEN].assign(amount=amount[status == OPEN])
    prob = _probabilities(open_deals, probabilities, stages)
    work = pd.DataFrame({"stage": pd.Categorical(open_deals["stage"], categories=stages[:-1]),
                         "amount": open_deals["amount"], "weighted": open_deals["amount"] * prob})
    grouped = work.groupby("stage", observed=False)
    table = pd.DataFrame({
        "机会数": grouped.size().astype(int),
        "金额合计(万元)": grouped["amount"].sum(),
        "加权金额(万元)": grouped["weighted"].sum(),
    })
    table.loc["合计"] = table.sum()
    table["机会数"] = table["机会数"].astype(int)
    table["平均赢单概率(%)"] = np.round(np.divide(
        table["加权金额(万元)"], table["金额合计(万元)"],
        out=np.zeros(len(table)), where=table["金额合计(万元)"].to_numpy() > 0) * 100, 1)
    money = ["金额合计(万元)", "加权金额(万元)"]
    table[money] = table[money].round(2)
    table.index = pd.Index(list(stages[:-1]) + ["合计"], name="阶段")
    return table


def pipeline_velocity(pipeline: pd.DataFrame, per: str = "month", from_stage: str | None = None,
                      stages: Sequence[str] = SALES_STAGES, days_per_month: int = 30) -> pd.Series:
    """Pipeline velocity = open opportunities × win rate × average won deal ÷ average cycle.

    The result is the revenue (万元) the current pipeline can be expected to turn
    into per day, or per month of ``days_per_month`` days. Win rate is won ÷ (won +
    lost); the average deal and the cycle (created → closed, in days) come from won
    deals. ``from_stage`` counts only deals that reached that stage, open and
    closed alike, so the count and the win rate share one definition.
    """
    if per not in ("day", "month"):
        raise CrmkitError(f"per 只能是 \"day\" 或 \"month\"，收到 {per!r}")
    stages = _check_stages(stages)
    _require(pipeline, ["stage", "status", "amount", "created", "closed"])
    idx = _stage_index(pipeline, stages)
    status = _statuses(pipeline, idx, len(stages))
    amount = _amounts(pipeline).to_numpy()
    keep = np.ones(len(pipeline), dtype=bool)
    if from_stage is not None:
        if from_stage not in stages:
            raise CrmkitError(f"起算阶段“{from_stage}”不在阶段列表里",
                              hint=f"阶段列表是：{' → '.join(stages)}")
        keep = idx >= stages.index(from_stage)
    won, lost, open_ = (status == WON) & keep, (status == LOST) & keep, (status == OPEN) & keep
    if won.sum() == 0:
        raise CrmkitError("没有赢单的商机，算不出平均成交金额和销售周期",
                          hint="至少要有一笔赢单的历史记录")
    created = pd.to_datetime(pipeline["created"]).to_numpy()[won]
    closed = pd.to_datetime(pipeline["closed"]).to_numpy()[won]
    days = (closed - created) / np.timedelta64(1, "D")
    bad = np.isnan(days) | (np.nan_to_num(days, nan=1.0) <= 0)
    if bad.any():
        row = int(np.flatnonzero(won)[np.flatnonzero(bad)[0]]) + 1
        raise CrmkitError("赢单商机的关闭日期缺失或不晚于立项日期", row=row, column="closed",
                          hint="补上关闭日期，并确认它在立项日期之后")
    n_open = int(open_.sum())
    win_rate = won.sum() / (won.sum() + lost.sum())
    avg_deal = float(amount[won].mean())
    cycle = float(days.mean())
    per_day = n_open * win_rate * avg_deal / cycle
    unit = "万元/天" if per == "day" else "万元/月"
    value = per_day if per == "day" else per_day * days_per_month
    return pd.Series({
        "在途机会数": n_open,
        "赢单率(%)": round(float(win_rate) * 100, 1),
        "平均成交金额(万元)": round(avg_deal, 2),
        "平均销售周期(天)": round(cycle, 1),
        f"管道速度({unit})": round(float(value), 2),
    }, dtype=object, name="管道速度")


def coverage_ratio(pipeline: pd.DataFrame, target: float, achieved: float | None = None,
                   thin: float = 3.0, stages: Sequence[str] = SALES_STAGES) -> pd.Series:
    """Open pipeline ÷ remaining target, with a Chinese reading.

    ``achieved`` defaults to the amount already won in the table. ``thin`` is the
    rule of thumb (3×) below which a pipeline is read as thin: only part of the
    open deals will be won. It is a habit of sales teams, not a law; a team with
    a long record should use 1 ÷ its own win rate instead.
    """
    if isinstance(target, bool) or not isinstance(target, (int, float, np.number)) \
            or not np.isfinite(target) or target <= 0:
        raise CrmkitError(f"目标必须是正数（万元），收到 {target!r}")
    if thin <= 1:
        raise CrmkitError(f"经验倍数 thin 应大于 1，收到 {thin!r}", hint="常用 3")
    stages = _check_stages(stages)
    _require(pipeline, ["stage", "status", "amount"])
    idx = _stage_index(pipeline, stages)
    status = _statuses(pipeline, idx, len(stages))
    amount = _amounts(pipeline)
    done = float(amount[status == WON].sum()) if achieved is None else float(achieved)
    remaining = float(target) - done
    open_amount = float(amount[status == OPEN].sum())
    if remaining <= 0:
        ratio, reading = float("nan"), "目标已经完成，在途商机都是超额部分"
    else:
        ratio = open_amount / remaining
        if ratio >= thin:
            reading = (f"在途金额是剩余目标的 {ratio:.1f} 倍，不低于 {thin:g} 倍的经验线，"
                       "管道比较充足")
        elif ratio >= 1:
            reading = (f"在途金额只有剩余目标的 {ratio:.1f} 倍，低于 {thin:g} 倍的经验线，"
                       "管道偏薄，要尽快补充新商机")
        else:
            reading = (f"在途金额不到剩余目标（{ratio:.1f} 倍），"
                       "即使全部赢下也完不成目标，必须马上开发新商机")
    return pd.Series({
        "目标(万元)": float(target),
        "已成交(万元)": round(done, 2),
        "剩余目标(万元)": round(remaining, 2),
        "在途金额(万元)": round(open_amount, 2),
        "覆盖倍数": round(ratio, 2),
        "解读": reading,
    }, dtype=object, name="管道覆盖")


def order_warning(probabilities: Mapping[str, float], stages: Sequence[str]) -> str:
    """A warning when a later stage is given a lower win probability than an earlier one."""
    values = [probabilities[s] for s in stages if s in probabilities]
    names = [s for s in stages if s in probabilities]
    for before, after, p, q in zip(names, names[1:], values, values[1:], strict=False):
        if q < p:
            return (f"“{after}”的赢单概率（{q:.0%}）低于“{before}”（{p:.0%}）：越往后的阶段"
                    "离成交越近，概率通常应当越高，请检查阶段的定义或数据。")
    return ""


# The three questions a team asks before it invests in an opportunity, after the
# securities key-account material (seed 001): is it a real opportunity, is it a live
# project, is it our project. The wording is the kit's own.
ANSWER_POINTS: dict[str, int] = {"是": 2, "部分": 1, "否": 0}

LEVELS = ("真实的商机吗", "落实的项目吗", "是我们的项目吗")


LEVEL_HEADINGS = dict(zip(LEVELS, ["第一层：这是一个真实的商机吗？",
                                   "第二层：这是一个落实的项目吗？",
                                   "第三层：这是我们的项目吗？"], strict=True))


QUALIFICATION_QUESTIONS = pd.DataFrame({
    "层次": [LEVELS[0]] * 2 + [LEVELS[1]] * 4 + [LEVELS[2]] * 5,
    "要点": ["客户压力", "我方价值", "需求", "决策过程", "实施资源", "驱动因素",
           "决策因素", "解决方案", "投入产出", "客户关系", "独特价值"],
    "问题": [
        "客户是否有非解决不可的难题，而不只是随口问问？",
        "在这件事上，我们的产品或服务能否给客户带来看得见的好处？",
        "客户要什么、要多少、什么时候要，是否已经说清楚？",
        "谁参与决定、按什么流程、什么时候拍板，我们是否清楚？",
        "预算、人手或系统等落地条件，客户是否已经准备好？",
        "推动这件事的力量（监管要求、成本压力、业务扩张）是否明确而且会持续？",
        "客户最看重什么、按什么标准挑选，我们是否摸清了？",
        "我们的方案是否对准了客户的需要，而不是在推自己想卖的产品？",
        "为拿下它要花的人力、价格让步和领导时间，与它的价值是否相称？",
        "在关键决策人那里，我们是否已有信任基础？",
        "与竞争对手相比，我们是否有对方做不到或做不好的地方？",
    ],
}, index=pd.RangeIndex(1, 12, name="序号"))


# Teaching assumption: a fully qualified opportunity has no 否 and at least 80% of the points.
STRONG_SHARE = 0.80


VERDICTS = {
    "not_real": ("还不是真实的商机",
                 "第一层有“否”：客户没有非解决不可的问题，或者我们的价值体现不出来。先保持联系、"
                 "继续了解客户的难处，暂时不要投入做方案的资源。"),
    "not_live": ("商机是真的，但项目还没落实",
                 "第二层有“否”：需求、决策流程、落地条件或推动力还有空白。下一次拜访先把这些弄清楚，"
                 "再决定投入多少。"),
    "not_ours": ("项目是真的，但未必是我们的",
                 "第三层有“否”：在客户的选择标准、方案、投入或关系上我们有短板。能补的马上补，"
                 "补不了就控制投入，不要陪着别人跑完全程。"),
    "ours": ("这是值得重点投入的“我们的项目”",
             "三层都通过，而且把握较大。按里程碑推进，把资源优先配给它。"),
    "unsure": ("方向对，但不确定的地方还多",
               "没有“否”，但“部分”较多。把每个“部分”变成“是”需要什么信息，就是下一步的拜访目标。"),
}


@dataclass(frozen=True)
class QualificationResult:
    """Score and reading of one opportunity's qualification answers."""

    table: pd.DataFrame
    by_level: pd.DataFrame
    score: int
    maximum: int
    verdict: str
    advice: str

    @property
    def share(self) -> float:
        """Score as a fraction of the maximum."""
        return self.score / self.maximum

    @property
    def gaps(self) -> list[str]:
        """The points not answered 是: what to find out on the next visit."""
        return self.table.loc[self.table["回答"] != "是", "要点"].tolist()


def qualification_score(answers: Sequence[str]) -> QualificationResult:
    """Score the 11 qualification questions (是 2, 部分 1, 否 0) and read the result.

    The levels are gates, in order: a 否 in the first level means no real opportunity,
    a 否 in the second means the project is not live, a 否 in the third means it is
    not ours; with no 否 at all, at least ``STRONG_SHARE`` of the points makes it a
    project to invest in, anything less a promising one with open questions.
    """
    if isinstance(answers, str) or not isinstance(answers, Sequence):
        raise CrmkitError("回答应当是一列文字，例如 ['是', '部分', '否', …]")
    n = len(QUALIFICATION_QUESTIONS)
    if len(answers) != n:
        raise CrmkitError(f"需要回答 {n} 个问题，收到 {len(answers)} 个回答",
                          hint="每个问题都要回答“是”“部分”或“否”")
    given = pd.Series([str(a).strip() for a in answers], index=QUALIFICATION_QUESTIONS.index)
    bad = ~given.isin(list(ANSWER_POINTS))
    if bad.any():
        first = int(given.index[bad.to_numpy()][0])
        raise CrmkitError(f"第 {first} 题的回答“{given[first]}”看不懂",
                          hint="只能回答“是”“部分”或“否”")
    table = QUALIFICATION_QUESTIONS.assign(回答=given, 得分=given.map(ANSWER_POINTS))
    grouped = table.groupby("层次", sort=False)["得分"]
    by_level = pd.DataFrame({"得分": grouped.sum(), "满分": grouped.size() * 2,
                             "“否”的个数": table["回答"].eq("否").groupby(table["层次"],
                                                                      sort=False).sum()})
    score, maximum = int(table["得分"].sum()), int(by_level["满分"].sum())
    no = by_level["“否”的个数"]
    if no[LEVELS[0]] > 0:
        key = "not_real"
    elif no[LEVELS[1]] > 0:
        key = "not_live"
    elif no[LEVELS[2]] > 0:
        key = "not_ours"
    else:
        key = "ours" if score >= STRONG_SHARE * maximum else "unsure"
    verdict, advice = VERDICTS[key]
    return QualificationResult(table=table, by_level=by_level, score=score, maximum=maximum,
                               verdict=verdict, advice=advice)
