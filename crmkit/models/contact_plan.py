"""Maintenance contact plan: who to contact, on which day, why, how and with what words.

A relationship is kept warm by contacts that are planned, not remembered by
chance. :func:`contact_plan` turns a customer archive into a dated list for the
next few weeks from four kinds of occasion, in this order of priority:

1. 流失预警 — customers on the churn warning list (from
   :func:`crmkit.models.churn.churn_warnings`), highest risk first, a fixed number
   per working day from the first day of the plan;
2. 生日 — birthdays that fall inside the window, on the day itself;
3. 产品动态 — product or service news passed in as a small table, on the first
   working day on or after the news date, for the tiers it concerns;
4. 节日 — festival greetings, the day before the festival.

The calendar is fixed and documented below: festival dates and the official
holiday arrangements (放假与调休) of 2024, 2025 and 2026 as published by the
General Office of the State Council (国务院办公厅关于 2024、2025、2026 年部分节假日安排的
通知). 清明节 is a day for remembering the dead, so it gets no greeting; its
days off still count as non-working days. Channels and tiers follow the rules
in ``CHANNEL_RULES``; every rule is a teaching assumption to adapt.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from crmkit.dates import parse_day
from crmkit.errors import CrmkitError
from crmkit.models.churn import NEXT_STEPS, RULE_NAMES

TIERS = ["核心", "重要", "一般"]
REASONS = ["流失预警", "生日", "产品动态", "节日"]  # priority order
CHANNELS = ["短信", "电话", "上门"]  # from least to most personal
WEEKDAYS = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]

# Official days off (first, last) and weekend days that are working days (调休上班).
HOLIDAY_BREAKS: dict[int, list[tuple[str, str, str]]] = {
    2024: [("元旦", "2024-01-01", "2024-01-01"), ("春节", "2024-02-10", "2024-02-17"),
           ("清明节", "2024-04-04", "2024-04-06"), ("劳动节", "2024-05-01", "2024-05-05"),
           ("端午节", "2024-06-08", "2024-06-10"), ("中秋节", "2024-09-15", "2024-09-17"),
           ("国庆节", "2024-10-01", "2024-10-07")],
    2025: [("元旦", "2025-01-01", "2025-01-01"), ("春节", "2025-01-28", "2025-02-04"),
           ("清明节", "2025-04-04", "2025-04-06"), ("劳动节", "2025-05-01", "2025-05-05"),
           ("端午节", "2025-05-31", "2025-06-02"), ("国庆节、中秋节", "2025-10-01", "2025-10-08")],
    2026: [("元旦", "2026-01-01", "2026-01-03"), ("春节", "2026-02-15", "2026-02-23"),
           ("清明节", "2026-04-04", "2026-04-06"), ("劳动节", "2026-05-01", "2026-05-05"),
           ("端午节", "2026-06-19", "2026-06-21"), ("中秋节", "2026-09-25", "2026-09-27"),
           ("国庆节", "2026-10-01", "2026-10-07")],
}
MAKEUP_WORKDAYS: dict[int, list[str]] = {
    2024: ["2024-02-04", "2024-02-18", "2024-04-07", "2024-04-28", "2024-05-11", "2024-09-14",
           "2024-09-29", "2024-10-12"],
    2025: ["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"],
    2026: ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"],
}
# Festival days (lunar festivals converted to the Gregorian date of that year).
FESTIVALS: dict[int, dict[str, str]] = {
    2024: {"元旦": "2024-01-01", "春节": "2024-02-10", "元宵节": "2024-02-24",
           "劳动节": "2024-05-01", "端午节": "2024-06-10", "中秋节": "2024-09-17",
           "国庆节": "2024-10-01", "重阳节": "2024-10-11"},
    2025: {"元旦": "2025-01-01", "春节": "2025-01-29", "元宵节": "2025-02-12",
           "劳动节": "2025-05-01", "端午节": "2025-05-31", "中秋节": "2025-10-06",
           "国庆节": "2025-10-01", "重阳节": "2025-10-29"},
    2026: {"元旦": "2026-01-01", "春节": "2026-02-17", "元宵节": "2026-03-03",
           "劳动节": "2026-05-01", "端午节": "2026-06-19", "中秋节": "2026-09-25",
           "国庆节": "2026-10-01", "重阳节": "2026-10-18"},
}
# 清明节: days off, but a day for remembering the dead, so no greeting is planned.
QINGMING: dict[int, str] = {2024: "2024-04-04", 2025: "2025-04-04", 2026: "2026-04-05"}
SENIOR_AGE = 60
# Who gets each festival greeting ("全部", tiers joined by "、", or "60 岁及以上"), and the wish.
FESTIVAL_RULES: dict[str, tuple[str, str]] = {
    "元旦": ("全部", "新的一年就要到了，提前祝您新年快乐、诸事顺利！"),
    "春节": ("全部", "春节快到了，先给您拜个早年，祝您和家人新春大吉、阖家安康！"),
    "元宵节": ("核心、重要", "明天就是元宵节，祝您和家人团团圆圆、喜乐平安！"),
    "劳动节": ("核心、重要", "五一假期快到了，出门在外注意安全，祝您假期愉快！"),
    "端午节": ("核心、重要", "端午节快到了，祝您端午安康！"),
    "中秋节": ("全部", "中秋节快到了，祝您和家人花好月圆、团圆美满！"),
    "国庆节": ("核心、重要", "国庆假期快到了，祝您假期愉快、出行平安！"),
    "重阳节": (f"{SENIOR_AGE} 岁及以上", "明天是重阳节，祝您身体硬朗、福寿安康！"),
}
# Channel by reason and tier (teaching assumption). A customer who has not agreed to
# receive text messages is called instead of texted, and gets no product news by text.
CHANNEL_RULES: dict[str, dict[str, str]] = {
    "生日": {"核心": "电话", "重要": "电话", "一般": "短信"},
    "产品动态": {"核心": "电话", "重要": "电话", "一般": "短信"},
    "节日": {"核心": "电话", "重要": "短信", "一般": "短信"},
}
# Churn contacts: the most urgent signal picks the opening and a first channel; the risk
# level can only raise it (高 at least a visit, 中 at least a call). Order as churn.NEXT_STEPS.
CHURN_SIGNALS: dict[str, tuple[str, str]] = {
    "complaint": ("上门", "{name}您好，您上次反映的问题，我们想当面向您说明处理结果，"
                          "也听听还有哪些地方没让您满意。您看这周哪天方便？"),
    "balance+share": ("上门", "{name}您好，想约您见个面，一起把家里的资产配置梳理一遍，"
                              "看看哪些业务放在我们这里办更省心、更划算。"),
    "balance": ("电话", "{name}您好，想跟您聊聊接下来的资金安排。如果近期有大额用款或者新的打算，"
                        "我们可以提前帮您规划。"),
    "share": ("电话", "{name}您好，最近市场变化比较多，想请您抽空一起看看现在的配置，"
                      "听听您在别处还办了哪些业务、有什么需要。"),
    "dormant": ("电话", "{name}您好，有段时间没联系您了，先跟您问声好。顺便核对一下您的联系方式，"
                        "也提醒您账户里有几项权益快到期了。"),
    "frequency": ("短信", "{name}您好，最近办业务还顺手吗？如果手机银行或网点有哪里不方便，"
                          "回复这条短信或给我来电，我帮您处理。"),
}
LEVEL_FLOOR = {"高": "上门", "中": "电话", "低": "短信"}
OPENINGS = {
    "生日": "{name}您好，今天是您的生日，我代表我们团队祝您生日快乐、身体健康、万事如意！",
    "产品动态": "{name}您好，跟您说一件和您有关的事：{news}。"
                "您看什么时候方便，我用几分钟给您详细介绍一下？",
    "节日": "{name}您好，{wish}",
}
LABELS = {
    "date": "日期", "weekday": "星期", "customer_id": "客户号", "name": "称呼", "tier": "客户层级",
    "reason": "联系原因", "detail": "说明", "channel": "联系方式", "opening": "建议开场白",
    "birthday": "出生日期", "sms_opt_in": "同意接收短信", "avg_balance": "年日均资产(万元)",
}
# Synthetic archive (teaching assumptions): tiers by average balance, share agreeing to SMS.
TIER_BOUNDS = {"核心": 200.0, "重要": 80.0}
SMS_OPT_IN_SHARE = 0.85
YES_WORDS = {"是", "同意", "y", "yes", "true", "1", "1.0"}
SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘")


def demo_archive(panel: pd.DataFrame, seed: int = 2024) -> pd.DataFrame:
    """A synthetic customer archive for the customers of a monthly panel.

    One row per customer: customer_id, name (surname and 先生/女士 only), tier
    (核心 from an average balance of 200 万元, 重要 from 80 万元, else 一般; teaching
    assumptions), avg_balance (万元, mean over the panel's months), birthday
    (1955–1996) and sms_opt_in (about 85% agree). Same panel and seed, same archive.
    """
    for column in ("customer_id", "balance"):
        if column not in panel.columns:
            raise CrmkitError(f"找不到“{column}”列", column=column,
                              hint="传入 monthly_panel() 生成的月度数据")
    balance = pd.to_numeric(panel["balance"], errors="coerce")
    avg = balance.groupby(panel["customer_id"].to_numpy()).mean().sort_index()
    n = len(avg)
    rng = np.random.default_rng(seed)
    surname = rng.choice(SURNAMES, size=n)
    title = np.where(rng.random(n) < 0.5, "女士", "先生")
    first, last = np.datetime64("1955-01-01"), np.datetime64("1996-12-31")
    days = rng.integers(0, int((last - first).astype(int)) + 1, size=n)
    values = avg.to_numpy()
    tier = np.select([values >= TIER_BOUNDS["核心"], values >= TIER_BOUNDS["重要"]],
                     ["核心", "重要"], default="一般")
    return pd.DataFrame({
        "customer_id": avg.index.to_numpy(),
        "name": np.char.add(surname.astype(str), title),
        "tier": tier,
        "avg_balance": np.round(values, 2),
        "birthday": pd.to_datetime(first + days.astype("timedelta64[D]")),
        "sms_opt_in": rng.random(n) < SMS_OPT_IN_SHARE,
    })


_day = parse_day


def _check_years(years: set[int]) -> None:
    missing = sorted(set(years) - set(FESTIVALS))
    if missing:
        known = "、".join(str(y) for y in FESTIVALS)
        raise CrmkitError(f"节日和放假安排表里没有 {'、'.join(map(str, missing))} 年",
                          hint=f"目前收录了 {known} 年；其他年份请先在 FESTIVALS、HOLIDAY_BREAKS "
                               "和 MAKEUP_WORKDAYS 里补上当年的日期")


def working_days(first: object, last: object) -> pd.DatetimeIndex:
    """Working days from ``first`` to ``last`` inclusive: Monday to Friday, less official days
    off, plus the weekend days that are official working days (调休上班)."""
    start, end = _day(first, "开始日期"), _day(last, "结束日期")
    _check_years(set(range(start.year, end.year + 1)))
    days = pd.date_range(start, end, freq="D")
    off = [d for y in range(start.year, end.year + 1) for _, a, b in HOLIDAY_BREAKS[y]
           for d in pd.date_range(a, b, freq="D")]
    extra = pd.to_datetime([d for y in range(start.year, end.year + 1) for d in MAKEUP_WORKDAYS[y]])
    work = ((days.day_of_week < 5) & ~days.isin(off)) | days.isin(extra)
    return days[work]


def festival_table(year: int) -> pd.DataFrame:
    """The calendar the plan uses for ``year``: festival day, greeting day, who, days off."""
    _check_years({year})
    days_off = {}
    for names, a, b in HOLIDAY_BREAKS[year]:
        span = f"{a[5:]} 至 {b[5:]}" if a != b else a[5:]
        for name in names.split("、"):
            days_off[name] = span
    dates = {**FESTIVALS[year], "清明节": QINGMING[year]}
    order = sorted(dates, key=lambda name: dates[name])
    eve = {n: pd.Timestamp(dates[n]) - pd.Timedelta(days=1) for n in order}
    greet = [("不发节日问候" if n not in FESTIVAL_RULES else
              f"{'上年 ' if eve[n].year < year else ''}{eve[n]:%m-%d}") for n in order]
    return pd.DataFrame({
        "节日日期": [dates[n][5:] for n in order],
        "问候日期": greet,
        "问候对象": [FESTIVAL_RULES[n][0] if n in FESTIVAL_RULES else "—" for n in order],
        "放假安排": [days_off.get(n, "不放假") for n in order],
    }, index=pd.Index(order, name=f"{year} 年"))


def _check_book(book: pd.DataFrame) -> pd.DataFrame:
    if not isinstance(book, pd.DataFrame):
        raise CrmkitError("客户档案应当是一张表（pandas DataFrame）")
    for column in ("customer_id", "name", "tier", "birthday"):
        if column not in book.columns:
            raise CrmkitError(f"客户档案里找不到“{column}”列", column=column,
                              hint="档案至少要有 customer_id、name、tier、birthday 四列；"
                                   f"现有的列是：{'、'.join(map(str, book.columns))}")
    if len(book) == 0:
        raise CrmkitError("客户档案是空的", hint="先确认档案已正确读入")
    dup = book["customer_id"].duplicated()
    if dup.any():
        i = int(np.flatnonzero(dup.to_numpy())[0])
        raise CrmkitError(f"客户号 {book['customer_id'].iloc[i]} 出现了不止一次", row=i + 1,
                          column="customer_id", hint="每位客户在档案里只保留一行")
    bad_tier = ~book["tier"].isin(TIERS)
    if bad_tier.any():
        i = int(np.flatnonzero(bad_tier.to_numpy())[0])
        raise CrmkitError(f"客户层级“{book['tier'].iloc[i]}”不认识", row=i + 1, column="tier",
                          hint=f"层级只能是 {'、'.join(TIERS)}")
    birthday = pd.to_datetime(book["birthday"], errors="coerce")
    if birthday.isna().any():
        i = int(np.flatnonzero(birthday.isna().to_numpy())[0])
        raise CrmkitError(f"出生日期“{book['birthday'].iloc[i]}”不是可识别的日期", row=i + 1,
                          column="birthday", hint="写成 1975-03-18 这样的格式")
    if "sms_opt_in" not in book.columns:
        sms = np.ones(len(book), dtype=bool)
    elif pd.api.types.is_bool_dtype(book["sms_opt_in"]):
        sms = book["sms_opt_in"].to_numpy(dtype=bool)
    else:  # read from a file: 是/否, True/False, 1/0; anything else counts as no consent
        text = book["sms_opt_in"].astype(str).str.strip().str.lower()
        sms = text.isin(YES_WORDS).to_numpy()
    return pd.DataFrame({"customer_id": book["customer_id"].to_numpy(),
                         "name": book["name"].astype(str).to_numpy(),
                         "tier": book["tier"].to_numpy(), "birthday": birthday.to_numpy(),
                         "sms_opt_in": sms})


def _on_date(years: np.ndarray, birthday: pd.Series) -> pd.Series:
    """Each birthday in the given years; 29 February falls on the 28th in other years."""
    month, day = birthday.dt.month.to_numpy(), birthday.dt.day.to_numpy()
    leap = (years % 4 == 0) & ((years % 100 != 0) | (years % 400 == 0))
    day = np.where((month == 2) & (day == 29) & ~leap, 28, day)
    return pd.to_datetime(pd.DataFrame({"year": years, "month": month, "day": day}))


def _rows(customers: pd.DataFrame, dates, reason: str, detail, channel, opening,
          risk=np.nan) -> pd.DataFrame:
    """One candidate contact per customer; scalars are repeated for every customer."""
    n = len(customers)
    return pd.DataFrame({
        "date": pd.to_datetime(np.broadcast_to(np.asarray(dates, dtype="datetime64[ns]"), (n,))),
        "customer_id": customers["customer_id"].to_numpy(),
        "reason": reason,
        "priority": REASONS.index(reason),
        "detail": np.broadcast_to(np.asarray(detail, dtype=object), (n,)),
        "channel_rank": np.broadcast_to(np.asarray(channel), (n,)),
        "opening": np.broadcast_to(np.asarray(opening, dtype=object), (n,)),
        "risk": np.broadcast_to(np.asarray(risk, dtype=float), (n,)),
    })


def _channel_for(book: pd.DataFrame, reason: str) -> np.ndarray:
    """Channel rank from the tier rule; a text message becomes a call without SMS consent."""
    rank = book["tier"].map({t: CHANNELS.index(c) for t, c in CHANNEL_RULES[reason].items()})
    rank = rank.to_numpy(dtype=int)
    return np.where((rank == 0) & ~book["sms_opt_in"].to_numpy(), 1, rank)


def _fill(template: str, names: pd.Series, **extra: str) -> np.ndarray:
    """The template with each customer's name put in (vectorised string concatenation)."""
    head, tail = template.split("{name}", 1)
    text = pd.Series(names.to_numpy(), dtype=object).radd(head) + tail.format(**extra)
    return text.to_numpy(dtype=object)


def _primary_signal(signals: pd.Series) -> np.ndarray:
    """The most urgent fired rule, in the order of churn.NEXT_STEPS."""
    has = {rule: signals.str.contains(name, regex=False).to_numpy()
           for rule, name in RULE_NAMES.items()}
    conditions = [has["complaint"], has["balance"] & has["share"], has["balance"], has["share"],
                  has["dormant"], has["frequency"]]
    return np.select(conditions, [key for key, _ in NEXT_STEPS], default="frequency")


def _churn_rows(book: pd.DataFrame, warnings: pd.DataFrame, days: pd.DatetimeIndex,
                per_day: int) -> tuple[pd.DataFrame, np.ndarray]:
    """Churn contacts, highest risk first, ``per_day`` per working day; and who complained."""
    table = warnings.reset_index() if "customer_id" not in warnings.columns else warnings
    for column in ("customer_id", "risk_score", "risk_level", "signals"):
        if column not in table.columns:
            raise CrmkitError(f"预警名单里找不到“{column}”列", column=column,
                              hint="预警名单用 churn_warnings(月度数据) 生成")
    unknown = ~table["customer_id"].isin(book["customer_id"])
    if unknown.any():
        shown = "、".join(map(str, table.loc[unknown, "customer_id"].head(5)))
        raise CrmkitError(f"预警名单里有 {int(unknown.sum())} 位客户不在客户档案里：{shown}",
                          hint="预警名单和客户档案要用同一套客户号")
    table = table.sort_values(["risk_score", "customer_id"], ascending=[False, True],
                              kind="stable")
    capacity = per_day * len(days)
    if len(table) > capacity:
        raise CrmkitError(f"预警客户有 {len(table)} 位，计划期内 {len(days)} 个工作日、"
                          f"每天 {per_day} 位，只排得下 {capacity} 位",
                          hint="增加每天联系的预警客户数（per_day），或延长计划的周数")
    people = book.set_index("customer_id").loc[table["customer_id"]].reset_index()
    primary = _primary_signal(table["signals"].astype(str))
    signal_rank = pd.Series(primary).map({k: CHANNELS.index(v[0]) for k, v in
                                          CHURN_SIGNALS.items()}).to_numpy()
    floor = table["risk_level"].map({k: CHANNELS.index(v) for k, v in LEVEL_FLOOR.items()})
    rank = np.maximum(signal_rank, floor.fillna(0).to_numpy(dtype=int))
    rank = np.where((rank == 0) & ~people["sms_opt_in"].to_numpy(), 1, rank)
    parts = {key: text.split("{name}", 1) for key, (_, text) in CHURN_SIGNALS.items()}
    primary_s = pd.Series(primary, dtype=object)
    opening = (primary_s.map({k: v[0] for k, v in parts.items()}) + people["name"].to_numpy()
               + primary_s.map({k: v[1] for k, v in parts.items()}))
    score = table["risk_score"].map("{:g}".format).to_numpy(dtype=object)
    detail = table["risk_level"].to_numpy(dtype=object) + "风险 " + score + " 分：" \
        + table["signals"].astype(str).to_numpy(dtype=object)
    dates = days[np.arange(len(table)) // per_day]
    rows = _rows(people, dates, "流失预警", detail, rank, opening.to_numpy(),
                 table["risk_score"].to_numpy(dtype=float))
    complained = table.loc[table["signals"].astype(str).str.contains(RULE_NAMES["complaint"],
                                                                    regex=False), "customer_id"]
    return rows, complained.to_numpy()


def _audience(book: pd.DataFrame, who: str, on: pd.Timestamp) -> np.ndarray:
    """Boolean mask of the customers an occasion is for."""
    text = str(who).strip()
    if text in {"全部", "所有", "all"}:
        return np.ones(len(book), dtype=bool)
    if text.endswith("岁及以上"):
        birthday = book["birthday"]
        before = (birthday.dt.month > on.month) | ((birthday.dt.month == on.month)
                                                    & (birthday.dt.day > on.day))
        age = on.year - birthday.dt.year - before.astype(int)
        return (age >= int(text.removesuffix("岁及以上").strip())).to_numpy()
    tiers = [t for t in re.split(r"[、，,\s]+", text) if t]
    bad = [t for t in tiers if t not in TIERS]
    if bad or not tiers:
        raise CrmkitError(f"看不懂对象“{who}”", column="tiers",
                          hint="写“全部”，或用顿号连起来的层级，例如“核心、重要”；"
                               f"层级有 {'、'.join(TIERS)}")
    return book["tier"].isin(tiers).to_numpy()


def _news_rows(book: pd.DataFrame, news: pd.DataFrame, days: pd.DatetimeIndex,
               complained: np.ndarray) -> list[pd.DataFrame]:
    if not isinstance(news, pd.DataFrame):
        raise CrmkitError("产品动态应当是一张表（pandas DataFrame）",
                          hint="三列：date（日期）、news（内容）、tiers（对象，如“全部”或“核心、重要”）")
    for column in ("date", "news", "tiers"):
        if column not in news.columns:
            raise CrmkitError(f"产品动态表里找不到“{column}”列", column=column,
                              hint="三列：date（日期）、news（内容）、tiers（对象，如“全部”或“核心、重要”）")
    out = []
    for i, item in enumerate(news.itertuples(index=False)):  # a handful of news items
        when = _day(item.date, f"产品动态第 {i + 1} 行的日期")
        later = days[days >= when]
        if len(later) == 0:
            continue
        target = (_audience(book, item.tiers, when) & ~book["customer_id"].isin(complained))
        by_text = book["tier"].map(CHANNEL_RULES["产品动态"]).eq("短信").to_numpy()
        consent = book["sms_opt_in"].to_numpy()
        people = book[target & ~(by_text & ~consent)]  # a marketing text needs consent
        rank = _channel_for(people, "产品动态")
        opening = _fill(OPENINGS["产品动态"], people["name"], news=str(item.news))
        out.append(_rows(people, later[0], "产品动态", str(item.news), rank, opening))
    return out


def contact_plan(book: pd.DataFrame, start: object, weeks: int = 4,
                 warnings: pd.DataFrame | None = None, news: pd.DataFrame | None = None,
                 per_day: int = 6) -> pd.DataFrame:
    """A dated contact plan for ``weeks`` weeks from ``start``, one row per contact.

    ``book``: the archive, with customer_id, name, tier (核心/重要/一般), birthday and
    optionally sms_opt_in (True when missing). ``warnings``: the churn warning list
    from churn_warnings; those customers come first, highest risk first, ``per_day``
    of them per working day from the first working day. ``news``: a table with date,
    news and tiers ("全部" or e.g. "核心、重要"); contacts on the first working day on or
    after the date, never to a customer with a complaint on the warning list, and by
    text only with consent. Birthdays fall on the day; festival greetings on the day
    before the festival (see FESTIVAL_RULES for who gets which).

    Several occasions for one customer on one day become one contact: reasons joined
    with "、", the most personal channel, the opening of the most urgent reason.
    Columns: date, weekday, customer_id, name, tier, reason, detail, channel, opening;
    sorted by date, then reason priority (流失预警 first), risk and customer id.
    """
    people = _check_book(book)
    first = _day(start, "计划开始日期 start")
    if isinstance(weeks, bool) or not isinstance(weeks, (int, np.integer)) or not 1 <= weeks <= 26:
        raise CrmkitError(f"计划周数 weeks 要在 1 到 26 之间，收到 {weeks!r}", hint="例如 weeks=4")
    if isinstance(per_day, bool) or not isinstance(per_day, (int, np.integer)) or per_day < 1:
        raise CrmkitError(f"每天联系的预警客户数 per_day 必须是正整数，收到 {per_day!r}",
                          hint="例如 per_day=6")
    last = first + pd.Timedelta(days=7 * int(weeks) - 1)
    days = working_days(first, last)
    parts, complained = [], np.array([], dtype=object)
    if warnings is not None and len(warnings):
        churn_rows, complained = _churn_rows(people, warnings, days, int(per_day))
        parts.append(churn_rows)

    for year in range(first.year, last.year + 1):  # birthdays, at most two calendar years
        on = _on_date(np.full(len(people), year), people["birthday"])
        inside = ((on >= first) & (on <= last)).to_numpy()
        who = people[inside]
        parts.append(_rows(who, on[inside].to_numpy(), "生日", "生日", _channel_for(who, "生日"),
                           _fill(OPENINGS["生日"], who["name"])))

    if news is not None and len(news):
        parts.extend(_news_rows(people, news, days, complained))

    greet_days = pd.date_range(first, last, freq="D")
    _check_years({(d + pd.Timedelta(days=1)).year for d in greet_days})
    for year in sorted({(d + pd.Timedelta(days=1)).year for d in greet_days}):
        for festival, date in FESTIVALS[year].items():
            greet = pd.Timestamp(date) - pd.Timedelta(days=1)
            if not first <= greet <= last:
                continue
            who_spec, wish = FESTIVAL_RULES[festival]
            who = people[_audience(people, who_spec, pd.Timestamp(date))]
            parts.append(_rows(who, greet, "节日", f"{festival}（{date}）",
                               _channel_for(who, "节日"),
                               _fill(OPENINGS["节日"], who["name"], wish=wish)))
    return _merge(parts, people, first, int(weeks))


def _merge(parts: list[pd.DataFrame], people: pd.DataFrame, first: pd.Timestamp,
           weeks: int) -> pd.DataFrame:
    """One contact per customer and day; sorted; Chinese channel and weekday filled in."""
    rows = pd.concat([p for p in parts if len(p)] or [_rows(people.iloc[:0], first, "生日", "",
                                                             0, "")], ignore_index=True)
    rows = rows.sort_values(["date", "customer_id", "priority"], kind="stable")
    plan = rows.groupby(["date", "customer_id"], sort=False).agg(
        reason=("reason", "、".join), detail=("detail", "；".join),
        channel_rank=("channel_rank", "max"), opening=("opening", "first"),
        priority=("priority", "min"), risk=("risk", "max")).reset_index()
    plan = plan.merge(people[["customer_id", "name", "tier"]], on="customer_id", how="left")
    plan = plan.sort_values(["date", "priority", "risk", "customer_id"],
                            ascending=[True, True, False, True], na_position="last",
                            kind="stable").reset_index(drop=True)
    plan["channel"] = np.asarray(CHANNELS, dtype=object)[plan["channel_rank"].to_numpy(dtype=int)]
    plan["weekday"] = np.asarray(WEEKDAYS, dtype=object)[plan["date"].dt.day_of_week.to_numpy()]
    plan = plan[["date", "weekday", "customer_id", "name", "tier", "reason", "detail", "channel",
                 "opening"]]
    plan.attrs.update(start=first, weeks=weeks)
    return plan


def plan_summary(plan: pd.DataFrame, by: str = "reason") -> pd.DataFrame:
    """Contacts per week (rows) by reason or by channel (columns), with totals.

    A contact with several reasons counts under its first (most urgent) reason.
    """
    if by not in {"reason", "channel"}:
        raise CrmkitError(f"看不懂 by={by!r}",
                          hint="写 \"reason\"（按联系原因）或 \"channel\"（按联系方式）")
    for column in ("date", "reason", "channel"):
        if column not in plan.columns:
            raise CrmkitError(f"找不到“{column}”列", column=column,
                              hint="先用 contact_plan(客户档案, 开始日期) 生成联系计划")
    start = plan.attrs.get("start", plan["date"].min())
    weeks = int(plan.attrs.get("weeks", (plan["date"].max() - start).days // 7 + 1))
    week = ((plan["date"] - start).dt.days // 7).to_numpy()
    starts = pd.date_range(start, periods=weeks, freq="7D")
    labels = [f"第 {i + 1} 周（{s:%m-%d} 至 {s + pd.Timedelta(days=6):%m-%d}）"
              for i, s in enumerate(starts)]
    key = plan["reason"].str.split("、").str[0] if by == "reason" else plan["channel"]
    columns = REASONS if by == "reason" else CHANNELS
    table = pd.crosstab(pd.Categorical(np.asarray(labels)[week], categories=labels),
                        pd.Categorical(key, categories=columns), dropna=False)
    table.index.name, table.columns.name = "周次", "联系原因" if by == "reason" else "联系方式"
    table.columns = table.columns.astype(str)
    table["合计"] = table.sum(axis=1)
    return table


def reason_guide(example_name: str = "张女士") -> pd.DataFrame:
    """For each churn signal: what to do next, the default channel and an opening line."""
    names = {"complaint": "出现投诉", "balance+share": "资产下降且份额下降", "balance": "资产下降",
             "share": "份额下降", "dormant": "长期无交易", "frequency": "交易减少"}
    steps = dict(NEXT_STEPS)
    keys = list(names)
    return pd.DataFrame({
        "下一步": [steps[k] for k in keys],
        "默认联系方式": [CHURN_SIGNALS[k][0] for k in keys],
        "建议开场白": [CHURN_SIGNALS[k][1].format(name=example_name) for k in keys],
    }, index=pd.Index([names[k] for k in keys], name="最紧要的预警信号"))


def display_table(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with Chinese column names (LABELS) and dates as text, for showing to learners."""
    shown = frame.copy()
    for column in ("date", "birthday"):
        if column in shown.columns and pd.api.types.is_datetime64_any_dtype(shown[column]):
            shown[column] = shown[column].dt.strftime("%Y-%m-%d")
    return shown.rename(columns={k: v for k, v in LABELS.items() if k in shown.columns})
