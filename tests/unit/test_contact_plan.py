"""The maintenance contact plan against a four-customer archive worked out by hand."""

import pandas as pd
import pytest

from crmkit import CrmkitError
from crmkit.data.transactions import monthly_panel
from crmkit.models.contact_plan import (
    CHANNELS,
    CHURN_SIGNALS,
    REASONS,
    TIER_BOUNDS,
    contact_plan,
    demo_archive,
    display_table,
    festival_table,
    plan_summary,
    reason_guide,
    working_days,
)

NEWS_TEXT = "新一期大额存单开始发售"


def archive():
    return pd.DataFrame({
        "customer_id": ["A001", "A002", "A003", "A004"],
        "name": ["王先生", "李女士", "张先生", "赵女士"],
        "tier": ["核心", "重要", "一般", "一般"],
        "birthday": ["1960-01-29", "1985-01-20", "1990-07-15", "1988-02-29"],
        "sms_opt_in": [True, True, False, True],
    })


def warnings():
    """As churn_warnings would give them: indexed by customer id."""
    return pd.DataFrame({"risk_score": [35.0, 85.0], "risk_level": ["中", "高"],
                         "signals": ["交易减少、出现投诉", "资产下降、份额下降"]},
                        index=pd.Index(["A003", "A002"], name="customer_id"))


def news():
    return pd.DataFrame({"date": ["2025-01-25", "2025-01-30"],
                         "news": [NEWS_TEXT, "春节期间网点营业时间调整"],
                         "tiers": ["全部", "核心"]})


def churn_opening(key, name):
    return CHURN_SIGNALS[key][1].format(name=name)


NEWS_OPENING = ("{}您好，跟您说一件和您有关的事：新一期大额存单开始发售。"
                "您看什么时候方便，我用几分钟给您详细介绍一下？")
SPRING = "{}您好，春节快到了，先给您拜个早年，祝您和家人新春大吉、阖家安康！"
BIRTHDAY = "{}您好，今天是您的生日，我代表我们团队祝您生日快乐、身体健康、万事如意！"


def test_working_days_follow_the_official_2025_spring_festival_arrangement():
    # 1-28 … 2-4 off; Sunday 1-26 and Saturday 2-8 are working days (调休上班).
    days = working_days("2025-01-20", "2025-02-09").strftime("%m-%d").tolist()
    assert days == ["01-20", "01-21", "01-22", "01-23", "01-24", "01-26", "01-27",
                    "02-05", "02-06", "02-07", "02-08"]


def test_two_week_plan_row_by_row():
    plan = contact_plan(archive(), "2025-01-20", weeks=2, warnings=warnings(), news=news(),
                        per_day=1)
    got = list(plan.drop(columns="opening").assign(
        date=plan["date"].dt.strftime("%Y-%m-%d")).itertuples(index=False, name=None))
    # Working days in the window: 01-20 … 01-24, 01-26 (调休), 01-27.
    # Churn: A002 (85 分) on the first working day, A003 (35 分) on the second, one a day.
    # A002's birthday is also 01-20: one contact, the visit wins over the call.
    # A003 complained: a visit although only 中风险, and no product news for A003.
    # News of Saturday 01-25 moves to the working Sunday 01-26; news of 01-30 finds no
    # working day left in the window. 春节 is 01-29: greetings on 01-28; A003 gets a call
    # because he has not agreed to text messages. A004's 29 February is outside the window.
    assert got == [
        ("2025-01-20", "周一", "A002", "李女士", "重要", "流失预警、生日",
         "高风险 85 分：资产下降、份额下降；生日", "上门"),
        ("2025-01-21", "周二", "A003", "张先生", "一般", "流失预警",
         "中风险 35 分：交易减少、出现投诉", "上门"),
        ("2025-01-26", "周日", "A001", "王先生", "核心", "产品动态", NEWS_TEXT, "电话"),
        ("2025-01-26", "周日", "A002", "李女士", "重要", "产品动态", NEWS_TEXT, "电话"),
        ("2025-01-26", "周日", "A004", "赵女士", "一般", "产品动态", NEWS_TEXT, "短信"),
        ("2025-01-28", "周二", "A001", "王先生", "核心", "节日", "春节（2025-01-29）", "电话"),
        ("2025-01-28", "周二", "A002", "李女士", "重要", "节日", "春节（2025-01-29）", "短信"),
        ("2025-01-28", "周二", "A003", "张先生", "一般", "节日", "春节（2025-01-29）", "电话"),
        ("2025-01-28", "周二", "A004", "赵女士", "一般", "节日", "春节（2025-01-29）", "短信"),
        ("2025-01-29", "周三", "A001", "王先生", "核心", "生日", "生日", "电话"),
    ]
    assert plan["opening"].tolist() == [
        churn_opening("balance+share", "李女士"), churn_opening("complaint", "张先生"),
        NEWS_OPENING.format("王先生"), NEWS_OPENING.format("李女士"),
        NEWS_OPENING.format("赵女士"), SPRING.format("王先生"), SPRING.format("李女士"),
        SPRING.format("张先生"), SPRING.format("赵女士"), BIRTHDAY.format("王先生"),
    ]


def test_summary_by_week():
    plan = contact_plan(archive(), "2025-01-20", weeks=2, warnings=warnings(), news=news(),
                        per_day=1)
    by_reason = plan_summary(plan)
    # Week 1 (01-20 … 01-26): 2 churn contacts (one also a birthday) + 3 news = 5.
    # Week 2 (01-27 … 02-02): 4 greetings + 1 birthday = 5.
    assert list(by_reason.index) == ["第 1 周（01-20 至 01-26）", "第 2 周（01-27 至 02-02）"]
    assert by_reason.loc["第 1 周（01-20 至 01-26）", REASONS].tolist() == [2, 0, 3, 0]
    assert by_reason.loc["第 2 周（01-27 至 02-02）", REASONS].tolist() == [0, 1, 0, 4]
    assert by_reason["合计"].tolist() == [5, 5]
    by_channel = plan_summary(plan, by="channel")
    assert by_channel[CHANNELS].values.tolist() == [[1, 2, 2], [2, 3, 0]]
    with pytest.raises(CrmkitError, match="by="):
        plan_summary(plan, by="tier")


def test_29_february_birthday_falls_on_28_february_in_2025():
    plan = contact_plan(archive(), "2025-02-24", weeks=1)
    assert plan[["customer_id", "reason", "channel"]].values.tolist() == [["A004", "生日", "短信"]]
    assert plan["date"].iloc[0] == pd.Timestamp("2025-02-28")


def test_double_ninth_greets_only_customers_aged_60_or_more():
    book = archive()
    # 重阳节 2025-10-29: born 1965-10-29 is exactly 60 that day, born 1965-10-30 is 59.
    book.loc[2, "birthday"] = "1965-10-29"
    book.loc[3, "birthday"] = "1965-10-30"
    plan = contact_plan(book, "2025-10-27", weeks=1)
    # Greetings the day before (10-28); both birthdays fall in the same week.
    assert plan[["customer_id", "reason", "detail", "channel"]].values.tolist() == [
        ["A001", "节日", "重阳节（2025-10-29）", "电话"],
        ["A003", "节日", "重阳节（2025-10-29）", "电话"],  # no SMS consent → a call
        ["A003", "生日", "生日", "电话"],
        ["A004", "生日", "生日", "短信"],
    ]
    assert plan["date"].dt.strftime("%m-%d").tolist() == ["10-28", "10-28", "10-29", "10-30"]
    assert plan["opening"].iloc[0] == "王先生您好，明天是重阳节，祝您身体硬朗、福寿安康！"


def test_new_year_greeting_crosses_the_year_end():
    plan = contact_plan(archive(), "2025-12-29", weeks=1)
    # 元旦 2026-01-01 → greetings on 2025-12-31 to everybody; nothing else in the week.
    assert plan["date"].dt.strftime("%m-%d").unique().tolist() == ["12-31"]
    assert plan["customer_id"].tolist() == ["A001", "A002", "A003", "A004"]
    assert plan["detail"].unique().tolist() == ["元旦（2026-01-01）"]


def test_marketing_news_by_text_only_with_consent():
    book = archive().assign(sms_opt_in=[True, True, False, False])
    item = pd.DataFrame({"date": ["2025-03-03"], "news": [NEWS_TEXT], "tiers": ["一般"]})
    plan = contact_plan(book, "2025-03-03", weeks=1, news=item)
    assert plan.empty  # both 一般 customers refused text messages: no marketing text


def test_churn_customers_beyond_capacity_are_an_error():
    with pytest.raises(CrmkitError, match="只排得下 1 位"):
        contact_plan(archive(), "2025-01-27", weeks=1, warnings=warnings(), per_day=1)


def test_input_errors_are_chinese():
    with pytest.raises(CrmkitError, match="2027"):
        contact_plan(archive(), "2027-01-04")
    with pytest.raises(CrmkitError, match="层级“VIP”不认识"):
        contact_plan(archive().assign(tier=["VIP", "重要", "一般", "一般"]), "2025-03-03")
    with pytest.raises(CrmkitError, match="不在客户档案里：A009"):
        contact_plan(archive(), "2025-03-03",
                     warnings=warnings().rename(index={"A003": "A009"}))
    bad_news = news().assign(tiers=["贵宾", "核心"])
    with pytest.raises(CrmkitError, match="看不懂对象“贵宾”"):
        contact_plan(archive(), "2025-01-20", news=bad_news)
    with pytest.raises(CrmkitError, match="weeks"):
        contact_plan(archive(), "2025-01-20", weeks=0)
    with pytest.raises(CrmkitError, match="birthday"):
        contact_plan(archive().drop(columns="birthday"), "2025-01-20")


def test_demo_archive_matches_the_panel_and_its_rules():
    panel = monthly_panel(n_customers=50, seed=7)
    book = demo_archive(panel)
    assert book["customer_id"].tolist() == sorted(panel["customer_id"].unique())
    avg = panel.groupby("customer_id")["balance"].mean().round(2).to_numpy()
    assert book["avg_balance"].tolist() == avg.tolist()
    core = book["avg_balance"] >= TIER_BOUNDS["核心"]
    important = ~core & (book["avg_balance"] >= TIER_BOUNDS["重要"])
    assert (book.loc[core, "tier"] == "核心").all()
    assert (book.loc[important, "tier"] == "重要").all()
    assert (book.loc[~core & ~important, "tier"] == "一般").all()
    assert book["name"].str.endswith(("先生", "女士")).all()
    assert book["birthday"].between("1955-01-01", "1996-12-31").all()
    pd.testing.assert_frame_equal(book, demo_archive(panel))


def test_reason_guide_and_display():
    guide = reason_guide()
    assert guide.index.tolist() == ["出现投诉", "资产下降且份额下降", "资产下降", "份额下降",
                                    "长期无交易", "交易减少"]
    assert guide["默认联系方式"].tolist() == ["上门", "上门", "电话", "电话", "电话", "短信"]
    assert guide["建议开场白"].str.startswith("张女士您好").all()
    shown = display_table(contact_plan(archive(), "2025-02-24", weeks=1))
    assert shown.columns.tolist() == ["日期", "星期", "客户号", "称呼", "客户层级", "联系原因",
                                      "说明", "联系方式", "建议开场白"]
    assert shown["日期"].tolist() == ["2025-02-28"]


def test_festival_table_2025():
    table = festival_table(2025)
    # 春节 2025-01-29 (greet on 除夕 01-28); 中秋 falls inside the 国庆 break 10-01 … 10-08.
    assert table.index.tolist() == ["元旦", "春节", "元宵节", "清明节", "劳动节", "端午节",
                                    "国庆节", "中秋节", "重阳节"]
    assert table.loc["元旦"].tolist() == ["01-01", "上年 12-31", "全部", "01-01"]
    assert table.loc["春节"].tolist() == ["01-29", "01-28", "全部", "01-28 至 02-04"]
    assert table.loc["清明节"].tolist() == ["04-04", "不发节日问候", "—", "04-04 至 04-06"]
    assert table.loc["中秋节"].tolist() == ["10-06", "10-05", "全部", "10-01 至 10-08"]
    assert table.loc["重阳节"].tolist() == ["10-29", "10-28", "60 岁及以上", "不放假"]


def test_sms_consent_read_from_a_file_as_text():
    book = archive().assign(sms_opt_in=["是", "否", "", "True"])
    plan = contact_plan(book, "2025-12-29", weeks=1)
    # 元旦 greetings: 核心 by phone anyway; 否 and an empty cell mean no consent → a call.
    assert plan["channel"].tolist() == ["电话", "电话", "电话", "短信"]
