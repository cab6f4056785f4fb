"""客户信息管理（篇八、篇十一）: the data files of ``cases/customer-information/``."""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmkit.data.cases._common import (
    COLUMN_LABELS,
    Tables,
    day_text,
    make_ids,
    make_rng,
    pick,
    random_dates,
    yes_no,
)

# Chinese names of the columns in this case's files.
LABELS: dict[str, str] = {
    **COLUMN_LABELS,
    "amount": "金额(元)", "city": "城市", "record_id": "记录号", "company": "公司",
    "scale": "员工规模", "contact": "联系人", "phone": "电话", "email": "邮箱",
    "created": "建档日期", "last_follow_up": "最近跟进", "customer_class": "客户分类",
    "grade": "评价等级", "office": "所属机构", "status": "在职状态", "left_date": "离职日期",
    "received": "已回款(万元)", "ticket_id": "工单号", "kind": "类型", "closed": "已办结",
}

# Seed 004 篇八 and 篇十一 give the problems and the four kinds of customer information but no
# figures; everything below is 示意. A distributor of industrial automation parts: head office
# and two branch offices, eight salespeople of whom two have left.
INFO_KINDS = {  # the four kinds of customer information (篇十一) and the archive's fields
    "基本信息": ["company", "city", "industry", "scale"],
    "联系人信息": ["contact", "title", "phone", "email"],
    "变动信息": ["last_follow_up"],
    "分类评价信息": ["customer_class", "grade"],
}
INFO_STAFF = [  # salesperson, office, date left ("" = still here), share of records left empty
    ("销售甲", "总部", "", 0.05), ("销售乙", "总部", "", 0.10),
    ("销售丙", "总部", "2024-03-15", 0.35), ("销售丁", "总部", "", 0.08),
    ("销售戊", "总部", "", 0.25), ("销售己", "郑州办事处", "", 0.30),
    ("销售庚", "郑州办事处", "2024-05-31", 0.45), ("销售辛", "西安办事处", "", 0.20),
]
INFO_OFFICE_CITIES = {"总部": ["苏州", "无锡", "常州"], "郑州办事处": ["郑州", "洛阳"],
                      "西安办事处": ["西安", "宝鸡"]}
INFO_COMPANIES = 180
INFO_DUPLICATES = 14                 # companies entered twice by two salespeople
INFO_INDUSTRIES = {"汽车零部件": 0.25, "食品包装": 0.15, "电子制造": 0.20, "纺织": 0.10,
                   "化工": 0.12, "机械加工": 0.18}
INFO_TRADE_WORDS = {"汽车零部件": "汽配", "食品包装": "包装", "电子制造": "电子", "纺织": "纺织",
                    "化工": "化工", "机械加工": "机械"}
INFO_CLASSES = {"潜在客户": 0.35, "意向客户": 0.25, "成交客户": 0.40}
INFO_AS_OF = "2024-07-01"
NAME_CHARS = list("华创恒通达瑞信隆丰泰宏远鑫盛嘉诚明凯博汇德昌新科永晨")
LEGAL_SUFFIX = "有限公司"


def name_key(names: pd.Series) -> pd.Series:
    """Company names without spaces, brackets and the legal suffix, for matching records."""
    return (names.astype(str).str.replace(r"[\s（）()]", "", regex=True)
            .str.replace(LEGAL_SUFFIX, "", regex=False).str.replace("股份", "", regex=False))


def generate(seed: int = 808) -> Tables:
    """客户信息管理: a messy customer archive, the staff list, orders and service tickets."""
    rng = make_rng(seed)
    n = INFO_COMPANIES
    staff = pd.DataFrame(INFO_STAFF, columns=["owner", "office", "left_date", "gap"])
    industry = pick(rng, INFO_INDUSTRIES, n)
    pool = np.array([a + b for a in NAME_CHARS for b in NAME_CHARS if a != b])
    brand = rng.choice(pool, size=n, replace=False)
    base = np.char.add(brand.astype(str), [INFO_TRADE_WORDS[i] for i in industry])
    owner_idx = rng.choice(len(staff), size=n, p=np.array([14, 12, 16, 12, 12, 10, 8, 6]) / 90)
    office = staff["office"].to_numpy()[owner_idx]
    city = np.empty(n, dtype=object)
    for name, cities in INFO_OFFICE_CITIES.items():
        here = office == name
        city[here] = rng.choice(cities, size=int(here.sum()))
    klass = pick(rng, INFO_CLASSES, n)
    # Duplicates: a second record of the same firm, written differently, by another salesperson
    # of the same office (or head office).
    dup = rng.choice(n, size=INFO_DUPLICATES, replace=False)
    offices = staff["office"].to_numpy()
    allowed = ((offices[None, :] == office[dup][:, None]) | (offices[None, :] == "总部"))\
        & (np.arange(len(staff))[None, :] != owner_idx[dup][:, None])
    other = (rng.random(allowed.shape) * allowed).argmax(axis=1)
    rows = np.concatenate([np.arange(n), dup])
    owners = np.concatenate([owner_idx, other])
    m = len(rows)
    full = rng.random(m) < 0.5
    company = np.where(full, np.char.add(base[rows], LEGAL_SUFFIX), base[rows])
    company[n:] = np.where(full[n:], base[dup], np.char.add(base[dup], LEGAL_SUFFIX))
    created = random_dates(rng, "2021-01-01", "2024-05-31", m)
    follow = created + pd.to_timedelta(rng.integers(0, 400, m), unit="D")
    # Nobody follows up after the analysis day, nor after leaving the company.
    left_day = pd.to_datetime(staff["left_date"].replace("", INFO_AS_OF)).to_numpy()[owners]
    last_day = left_day - np.timedelta64(1, "D")
    follow = pd.DatetimeIndex(np.minimum(follow.to_numpy(), last_day))
    surname = rng.choice(list("王李张刘陈杨赵黄周吴徐孙"), size=m)
    title = rng.choice(["采购经理", "设备部长", "总经理", "技术主管", "采购员"], size=m)
    # Mobile numbers are stored masked, as in most exported archives: never a real number.
    phone = np.char.add(np.char.add("1", rng.integers(30, 99, m).astype(str)),
                        np.char.add("****", rng.integers(1000, 9999, m).astype(str)))
    archive = pd.DataFrame({
        "record_id": make_ids("R", m),
        "company": company,
        "city": city[rows],
        "industry": industry[rows],
        "scale": rng.choice(["50人以下", "50-199人", "200-999人", "1000人以上"], size=m),
        "contact": np.char.add(surname, np.where(rng.random(m) < 0.5, "先生", "女士")),
        "title": title,
        "phone": phone,
        "email": np.char.add(np.char.add("buy", np.arange(1, m + 1).astype(str)), "@example.com"),
        "owner": staff["owner"].to_numpy()[owners],
        "created": day_text(created),
        "last_follow_up": day_text(follow),
        "customer_class": klass[rows],
        "grade": rng.choice(["A", "B", "C"], size=m, p=[0.2, 0.45, 0.35]),
    })
    # Records are left incomplete at each salesperson's own rate (the gap column).
    gap = staff["gap"].to_numpy()[owners]
    for column in ["scale", "contact", "title", "phone", "email", "last_follow_up",
                   "customer_class", "grade"]:
        archive[column] = archive[column].mask(rng.random(m) < gap * (1.5 if column == "email"
                                                                      else 1.0))
    archive = archive.sample(frac=1.0, random_state=rng.integers(1 << 31)).reset_index(drop=True)
    archive["record_id"] = make_ids("R", m)
    # Orders over eighteen months, in the legal name, for firms that really bought: nearly all
    # 成交客户, and some 意向客户 whose class was never updated after the first order.
    buys = (klass == "成交客户") | ((klass == "意向客户") & (rng.random(n) < 0.25))
    count = np.where(buys, rng.poisson(4.0, n) + 1, 0)
    firm = np.repeat(np.arange(n), count)
    amount = np.round(rng.lognormal(np.log(6.0), 0.8, len(firm)), 2)
    unpaid = rng.random(len(firm)) < 0.12
    orders = pd.DataFrame({
        "company": np.char.add(base[firm], LEGAL_SUFFIX),
        "date": random_dates(rng, "2023-01-01", "2024-06-30", len(firm)),
        "amount": amount,
        "received": np.where(unpaid, np.round(amount * rng.uniform(0, 0.6, len(firm)), 2), amount),
    }).sort_values(["date", "company"], kind="stable").reset_index(drop=True)
    orders.insert(0, "order_id", make_ids("SO", len(orders), 4))
    orders["date"] = day_text(orders["date"])
    # Service tickets: repairs, complaints and questions from buying firms.
    k = int(buys.sum() * 0.9)
    who = rng.choice(np.flatnonzero(buys), size=k)
    service = pd.DataFrame({
        "company": np.char.add(base[who], LEGAL_SUFFIX),
        "date": random_dates(rng, "2023-03-01", "2024-06-30", k),
        "kind": rng.choice(["报修", "投诉", "咨询"], size=k, p=[0.45, 0.2, 0.35]),
        "closed": yes_no(rng.random(k) < 0.8),
    }).sort_values(["date", "company"], kind="stable").reset_index(drop=True)
    service.insert(0, "ticket_id", make_ids("T", k, 4))
    service["date"] = day_text(service["date"])
    staff = staff.drop(columns="gap")
    staff.insert(2, "status", np.where(staff["left_date"] == "", "在职", "离职"))
    return {"archive.csv": archive, "staff.csv": staff, "orders.csv": orders,
            "service.csv": service}
