"""Synthetic data for the six industry cases of module 1 (运营环境与行业分析).

Each case is one function returning ``{file name: DataFrame}``; the command line
writes every file of a case into its folder:

    python -m crmkit.data.cases_industry nev-chain --out cases/nev-chain/

Every number is made by a seeded random generator around the teaching assumptions
written as constants below (示意 values chosen to show one lesson each: a squeezed
supplier, a capacity cycle, a strong cycle, a price cut by volume-based procurement,
a seasonal cash gap). Firms are named by codes such as 整车甲, never after real
companies, and years are numbered 1, 2, … rather than calendar years, so that no
figure can be mistaken for a real statistic. The seeds of the course (000 §一,
003 part 1) name the cases but give no figures, so there are no seed figures here.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from crmkit.errors import CrmkitError

Tables = dict[str, pd.DataFrame]

# Chinese names of every column in the module 1 case files, in one place.
LABELS: dict[str, str] = {
    "segment": "环节", "firm": "企业", "share": "市场份额(%)", "period": "时点",
    "year": "年份", "link": "环节",
    "fixed_assets_per_employee": "人均固定资产(万元/人)",
    "labour_cost_share": "人工成本占营业收入比重", "rd_share": "研发投入占营业收入比重",
    "land_per_revenue": "每亿元营业收入占地(亩/亿元)",
    "revenue": "营业收入(亿元)", "gross_margin": "毛利率", "gross_margin_last": "上年毛利率",
    "net_margin": "净利率", "debt_ratio": "资产负债率", "receivable_days": "应收账款周转天数",
    "inventory_days": "存货周转天数", "payable_days": "应付账款周转天数",
    "operating_cf": "经营活动现金流(亿元)", "capacity": "产能(万吨)", "output": "产量(万吨)",
    "demand": "需求量(万吨)", "utilization": "产能利用率", "price": "价格(万元/吨)",
    "cash_cost": "行业平均现金成本(万元/吨)", "volume": "销量(万吨)",
    "unit_cost": "单位完全成本(万元/吨)", "gross_profit": "毛利(亿元)", "capex": "资本开支(亿元)",
    "rd_ratio": "研发费用率", "net_profit": "净利润(亿元)", "cash": "货币资金(亿元)",
    "depreciation": "折旧摊销(亿元)", "sales": "销量(台)", "units": "销售台数(台)",
    "buyback_balance": "回购担保余额(亿元)", "overdue_rate": "终端客户逾期率",
    "equity": "净资产(亿元)", "product": "品种", "category": "类别",
    "vbp_status": "集采情况", "price_cut": "中标降价幅度", "sales_expense_ratio": "销售费用率",
    "quarter": "季度", "hog_price": "生猪价格(元/公斤)", "hog_cost": "养殖完全成本(元/公斤)",
    "farm": "经营主体", "month": "月份", "inflow": "现金流入(万元)", "outflow": "现金流出(万元)",
}


def _rng(seed: int) -> np.random.Generator:
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise CrmkitError(f"随机种子 seed 必须是整数，收到的是 {seed!r}", hint="例如 seed=101")
    return np.random.default_rng(seed)


def geometric_shares(rng: np.random.Generator, n: int, ratio: float, coverage: float,
                     noise: float = 0.08) -> np.ndarray:
    """Shares (%) of n named firms, largest first, decaying by ``ratio`` with some noise.

    The named firms together hold ``coverage`` percent; the rest of the market is
    spread over many small firms that are not listed (so HHI is a lower bound).
    """
    base = ratio ** np.arange(n) * rng.lognormal(0.0, noise, n)
    return np.round(np.sort(base)[::-1] / base.sum() * coverage, 1)


def _share_rows(segment_specs: Mapping[str, tuple], rng: np.random.Generator,
                column: str = "segment", prefix: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Long table (segment, firm, share) from {segment: (n, ratio, coverage)}."""
    frames = []
    for name, (n, ratio, coverage) in segment_specs.items():
        shares = geometric_shares(rng, n, ratio, coverage)
        label = (prefix or {}).get(name, name)
        firms = [f"{label}{FIRM_CODES[i]}" for i in range(n)]
        frames.append(pd.DataFrame({column: name, "firm": firms, "share": shares}))
    return pd.concat(frames, ignore_index=True)


# 甲乙丙丁 and onwards: the fictional firm codes used in every share table.
FIRM_CODES = list("甲乙丙丁戊己庚辛壬癸") + [f"{i}" for i in range(11, 31)]


def growth_path(rng: np.random.Generator, start: float, end: float, n: int = 10,
                noise: float = 0.02) -> np.ndarray:
    """Annual growth rates drifting from ``start`` to ``end`` with normal noise (sd ``noise``)."""
    return np.round(np.linspace(start, end, n) + rng.normal(0.0, noise, n), 3)


def _jitter(rng: np.random.Generator, values, spread: float = 0.05) -> np.ndarray:
    """Multiply teaching values by a small random factor so a table looks like a sample."""
    values = np.asarray(values, dtype=float)
    return values * rng.lognormal(0.0, spread, values.shape)


def intensity_table(rng: np.random.Generator,
                    profiles: Mapping[str, tuple[float, float, float, float]]) -> pd.DataFrame:
    """One row per chain link with the four factor-intensity indicators, jittered."""
    raw = np.array(list(profiles.values()), dtype=float)
    raw = _jitter(rng, raw)
    return pd.DataFrame({
        "link": list(profiles),
        "fixed_assets_per_employee": raw[:, 0].round(0),
        "labour_cost_share": raw[:, 1].round(3),
        "rd_share": raw[:, 2].round(3),
        "land_per_revenue": raw[:, 3].round(0),
    })


def _years(n: int) -> np.ndarray:
    return np.arange(1, n + 1)


# --- 新能源汽车产业链 -----------------------------------------------------------------------
# Teaching assumptions (示意): (firms listed, decay ratio, share the listed firms hold in %).
NEV_SEGMENTS = {
    "整车": (12, 0.72, 88.0),
    "动力电池": (10, 0.50, 95.0),
    "正极材料": (12, 0.82, 80.0),
    "线束与结构件": (15, 0.90, 45.0),
}
NEV_SHORT = {"整车": "整车", "动力电池": "电池", "正极材料": "正极", "线束与结构件": "结构件"}
# Growth paths: (first-year growth, last-year growth, noise).
NEV_GROWTH = {
    "新能源整车销量": (0.95, 0.22, 0.03),
    "动力电池装机量": (1.05, 0.26, 0.03),
    "公共充电桩年新增量": (0.60, 0.35, 0.16),
    "燃油车传动部件": (0.05, -0.09, 0.01),
}
# (人均固定资产 万元/人, 人工成本占比, 研发占比, 每亿元收入占地 亩).
NEV_INTENSITY = {
    "整车制造": (150, 0.08, 0.045, 30),
    "动力电池": (250, 0.05, 0.05, 25),
    "线束与结构件": (40, 0.22, 0.02, 45),
    "充电运营": (80, 0.06, 0.02, 120),
}
# One year of five fictional firms: revenue 亿元, margins, debt ratio, turnover days.
NEV_FIRMS = pd.DataFrame({
    "firm": ["整车甲", "电池甲", "正极丙", "结构件丁", "充电戊"],
    "link": ["整车", "动力电池", "正极材料", "线束与结构件", "充电运营"],
    "revenue": [600.0, 300.0, 50.0, 8.0, 2.0],
    "gross_margin": [0.18, 0.23, 0.10, 0.14, 0.10],
    "gross_margin_last": [0.21, 0.24, 0.20, 0.19, 0.08],
    "net_margin": [0.04, 0.09, 0.01, 0.03, -0.05],
    "debt_ratio": [0.72, 0.62, 0.60, 0.66, 0.70],
    "receivable_days": [20.0, 80.0, 90.0, 150.0, 60.0],
    "inventory_days": [45.0, 70.0, 80.0, 60.0, 5.0],
    "payable_days": [170.0, 120.0, 60.0, 75.0, 90.0],
})


def _firm_table(rng: np.random.Generator, base: pd.DataFrame) -> pd.DataFrame:
    """Jitter a table of teaching values: money to 2 decimals, ratios to 3, days to whole."""
    out = base.copy()
    for col in out.columns:
        if not pd.api.types.is_float_dtype(out[col]):
            continue
        if col.endswith("_days"):
            out[col] = _jitter(rng, out[col], 0.06).round(0)
        elif col in ("revenue", "cash", "capex", "depreciation", "net_profit", "operating_cf",
                     "equity"):
            out[col] = (out[col] * rng.lognormal(0.0, 0.06, len(out))).round(2)
        else:
            out[col] = (out[col] + rng.normal(0.0, 0.004, len(out))).round(3)
    return out


def nev_chain(seed: int = 101) -> Tables:
    """新能源汽车产业链: shares by link, growth series, intensity profile, five firms."""
    rng = _rng(seed)
    shares = _share_rows(NEV_SEGMENTS, rng, prefix=NEV_SHORT)
    growth = pd.DataFrame({"year": _years(10)})
    for name, (start, end, noise) in NEV_GROWTH.items():
        growth[name] = growth_path(rng, start, end, 10, noise)
    return {"shares.csv": shares, "growth.csv": growth,
            "intensity.csv": intensity_table(rng, NEV_INTENSITY),
            "financials.csv": _firm_table(rng, NEV_FIRMS)}


# --- 光伏及多晶硅 ---------------------------------------------------------------------------
# A capacity cycle (示意): demand grows steadily while capacity comes in two waves, each
# answering the fat margins of the years before it.
SOLAR_YEARS = 12
SOLAR_DEMAND_START = 20.0            # 万吨 in year 1
SOLAR_DEMAND_GROWTH = (0.30, 0.18)   # drifting from 30% to 18% a year
SOLAR_CAPACITY_START = 24.0          # 万吨 in year 1
SOLAR_CAPACITY_GROWTH = [0.0, 0.08, 0.15, 0.45, 0.50, 0.12, 0.02, 0.05, 0.20, 0.55, 0.60, 0.08]
SOLAR_COST_START = 9.0               # 万元/吨 industry cash cost in year 1
SOLAR_COST_DECLINE = 0.07            # a year, from better technology
SOLAR_PRICE_SLOPE = 3.0              # price / cost = exp(slope × (utilization − 0.78))
SOLAR_FIRM_SHARE = 0.12              # the case firm's share of industry output
SOLAR_FIRM_COST_MARKUP = 1.25        # its full unit cost (with depreciation, interest) / cash cost
SOLAR_FIRM_ASSETS = 60.0             # 亿元 of total assets before year 1
SOLAR_FIRM_EQUITY = 30.0             # 亿元 of equity before year 1
SOLAR_SHARE_SPECS = {"第 5 年": (10, 0.80, 92.0), "第 12 年": (8, 0.62, 97.0)}
SOLAR_INTENSITY = {
    "多晶硅": (300, 0.06, 0.03, 40),
    "电池片与组件": (90, 0.12, 0.035, 35),
    "光伏电站": (400, 0.02, 0.005, 900),
}


def solar_polysilicon(seed: int = 202) -> Tables:
    """光伏及多晶硅: a 12-year capacity and price cycle, shares at two dates, a firm's P&L."""
    rng = _rng(seed)
    n = SOLAR_YEARS
    demand_growth = np.linspace(*SOLAR_DEMAND_GROWTH, n) + rng.normal(0, 0.02, n)
    demand_growth[0] = 0.0
    demand = SOLAR_DEMAND_START * np.cumprod(1 + demand_growth)
    capacity = SOLAR_CAPACITY_START * np.cumprod(1 + np.asarray(SOLAR_CAPACITY_GROWTH))
    output = np.minimum(demand, capacity * 0.97)
    utilization = output / capacity
    cash_cost = SOLAR_COST_START * (1 - SOLAR_COST_DECLINE) ** np.arange(n)
    price = cash_cost * np.exp(SOLAR_PRICE_SLOPE * (utilization - 0.78)) * _jitter(rng, np.ones(n),
                                                                                     0.04)
    cycle = pd.DataFrame({
        "year": _years(n), "capacity": capacity.round(1), "output": output.round(1),
        "demand": demand.round(1), "utilization": utilization.round(3),
        "price": price.round(2), "cash_cost": cash_cost.round(2),
    })
    volume = (cycle["output"] * SOLAR_FIRM_SHARE * _jitter(rng, np.ones(n), 0.03)).round(2)
    unit_cost = (cycle["cash_cost"] * SOLAR_FIRM_COST_MARKUP).round(2)
    revenue = (volume * cycle["price"]).round(2)          # 万吨 × 万元/吨 = 亿元
    gross = (revenue - volume * unit_cost).round(2)
    # Capex follows last year's gross profit (the fat years pay for the next wave).
    capex = (np.maximum(np.r_[gross.iloc[0], gross.iloc[:-1]], 0) * 0.9 + 1.0).round(2)
    # Balance sheet: assets grow with capex; equity keeps 75% of gross profit less 2 亿元 of
    # other costs a year, so losses eat into it; debt is the rest.
    assets = SOLAR_FIRM_ASSETS + np.cumsum(capex) * 0.9
    equity = SOLAR_FIRM_EQUITY + np.cumsum(gross * 0.75 - 2.0)
    debt_ratio = (1 - equity / assets).round(3)
    firm = pd.DataFrame({"year": _years(n), "volume": volume, "price": cycle["price"],
                         "unit_cost": unit_cost, "revenue": revenue, "gross_profit": gross,
                         "capex": capex, "debt_ratio": debt_ratio}).iloc[4:].reset_index(drop=True)
    shares = _share_rows(SOLAR_SHARE_SPECS, rng, column="period",
                         prefix={k: "硅料" for k in SOLAR_SHARE_SPECS})
    return {"cycle.csv": cycle, "shares.csv": shares, "financials.csv": firm,
            "intensity.csv": intensity_table(rng, SOLAR_INTENSITY)}


# --- 集成电路产业链 -------------------------------------------------------------------------
IC_SEGMENTS = {
    "晶圆代工": (8, 0.55, 92.0),
    "封装测试": (10, 0.75, 85.0),
    "电源管理芯片设计": (15, 0.88, 60.0),
}
IC_SHORT = {"晶圆代工": "晶圆", "封装测试": "封测", "电源管理芯片设计": "设计"}
IC_GROWTH = {
    "芯片设计收入": (0.24, 0.18, 0.02),
    "晶圆制造收入": (0.22, 0.20, 0.10),
    "封装测试收入": (0.13, 0.05, 0.01),
    "消费电子出货量": (0.06, -0.05, 0.015),
}
IC_INTENSITY = {
    "芯片设计": (30, 0.26, 0.22, 2),
    "晶圆制造": (800, 0.08, 0.11, 30),
    "封装测试": (70, 0.23, 0.04, 28),
    "芯片分销": (8, 0.04, 0.005, 3),
}
IC_FIRMS = pd.DataFrame({
    "firm": ["设计甲", "晶圆乙", "封测丙"],
    "link": ["芯片设计", "晶圆制造", "封装测试"],
    "revenue": [3.2, 45.0, 12.0],
    "gross_margin": [0.45, 0.28, 0.17],
    "rd_ratio": [0.32, 0.10, 0.04],
    "net_profit": [-0.60, 3.50, 0.80],
    "operating_cf": [-0.90, 15.0, 2.20],
    "capex": [0.20, 28.0, 2.00],
    "depreciation": [0.10, 14.0, 1.60],
    "cash": [2.00, 20.0, 2.50],
    "debt_ratio": [0.25, 0.55, 0.52],
    "inventory_days": [160.0, 50.0, 40.0],
})


def ic_chain(seed: int = 303) -> Tables:
    """集成电路产业链: intensity of four links, shares of three segments, growth, three firms."""
    rng = _rng(seed)
    growth = pd.DataFrame({"year": _years(10)})
    for name, (start, end, noise) in IC_GROWTH.items():
        growth[name] = growth_path(rng, start, end, 10, noise)
    return {"intensity.csv": intensity_table(rng, IC_INTENSITY),
            "shares.csv": _share_rows(IC_SEGMENTS, rng, prefix=IC_SHORT),
            "growth.csv": growth, "financials.csv": _firm_table(rng, IC_FIRMS)}


# --- 工程机械 -------------------------------------------------------------------------------
CM_YEARS = 14
CM_SALES_START = 60_000             # 台 of excavators in year 1 (示意)
# Year-on-year change of sales (示意): two booms and two busts.
CM_SALES_GROWTH = [0.0, 0.70, 0.15, -0.35, -0.20, -0.40, 0.60, 0.90, 0.45, 0.15, 0.35,
                   0.05, -0.25, -0.25]
CM_SHARE_SPECS = {"第 6 年": (12, 0.85, 80.0), "第 14 年": (10, 0.72, 90.0)}
CM_DEALER_SHARE = 0.004             # the dealer's share of national sales
CM_UNIT_PRICE = 80.0                # 万元 per machine on average
CM_FINANCED = 0.70                  # share of machines sold on instalments it guarantees
CM_OVERDUE_BASE = 0.03              # customer overdue rate in a flat year
CM_DEALER_EQUITY = 1.0              # 亿元 of equity before year 1
CM_INTENSITY = {
    "主机制造": (120, 0.09, 0.05, 35),
    "液压件": (90, 0.14, 0.06, 30),
    "代理商": (20, 0.07, 0.0, 10),
    "设备租赁": (350, 0.10, 0.0, 20),
}


def construction_machinery(seed: int = 404) -> Tables:
    """工程机械: 14 years of excavator sales, shares at two dates, a dealer through the cycle."""
    rng = _rng(seed)
    change = np.asarray(CM_SALES_GROWTH) + np.r_[0.0, rng.normal(0, 0.02, CM_YEARS - 1)]
    sales = np.round(CM_SALES_START * np.cumprod(1 + change), -2).astype(int)
    market = pd.DataFrame({"year": _years(CM_YEARS), "sales": sales})
    units = np.round(sales * CM_DEALER_SHARE * _jitter(rng, np.ones(CM_YEARS), 0.05)).astype(int)
    revenue = (units * CM_UNIT_PRICE / 10_000).round(2)       # 台 × 万元 → 亿元
    # Guarantees outstanding: this year's and last year's financed sales, two-thirds of the
    # latter still unpaid (instalments of about three years).
    financed = revenue * CM_FINANCED
    buyback = (financed + np.r_[0.0, financed[:-1]] * 0.67 + np.r_[0.0, 0.0, financed[:-2]] * 0.33)
    # Overdue follows the downturn: it rises when sales fall, with a one-year lag.
    lagged = np.r_[0.0, change[:-1]]
    overdue = np.clip(CM_OVERDUE_BASE - 0.25 * np.minimum(change, 0) - 0.10 * np.minimum(lagged, 0)
                      + rng.normal(0, 0.003, CM_YEARS), 0.01, None)
    net_profit = (revenue * 0.045 - buyback * overdue * 0.3).round(2)
    equity = (CM_DEALER_EQUITY + np.cumsum(net_profit)).round(2)
    dealer = pd.DataFrame({"year": _years(CM_YEARS), "units": units, "revenue": revenue,
                           "buyback_balance": buyback.round(2), "overdue_rate": overdue.round(3),
                           "net_profit": net_profit, "equity": equity})
    dealer = dealer.iloc[5:].reset_index(drop=True)
    shares = _share_rows(CM_SHARE_SPECS, rng, column="period",
                         prefix={k: "品牌" for k in CM_SHARE_SPECS})
    return {"sales.csv": market, "shares.csv": shares, "dealer.csv": dealer,
            "intensity.csv": intensity_table(rng, CM_INTENSITY)}


# --- 医药制造 -------------------------------------------------------------------------------
# One generic molecule before and after volume-based procurement (集采, 示意): the original
# brand leads a fragmented field; afterwards three winning generics take most of the volume.
# The case firm is 仿制甲: this molecule is its 品种B, which it did not win.
PHARMA_BEFORE = (9, 0.80, 96.0)
PHARMA_AFTER_WINNERS = [34.0, 26.0, 18.0]     # % of volume, 示意
PHARMA_AFTER_OTHERS = (6, 0.75, 20.0)
# Projection rules for next year (teaching assumptions): a won product sells twice the
# volume at the cut price; a lost one keeps 30% of its sales; others grow 3%.
VBP_VOLUME_MULTIPLE = 2.0
VBP_LOST_KEEP = 0.30
NON_VBP_GROWTH = 0.03
PHARMA_PORTFOLIO = pd.DataFrame({
    "product": [f"品种{c}" for c in "ABCDEFGHIJKL"],
    "category": ["仿制药"] * 8 + ["改良型新药"] * 2 + ["原料药"] * 2,
    "revenue": [5.5, 4.2, 2.9, 2.3, 2.0, 1.65, 1.2, 0.85, 1.85, 1.0, 1.5, 0.8],  # 亿元
    "vbp_status": ["中标", "未中标", "中标", "未纳入", "中标", "未中标", "未纳入", "未纳入",
                   "未纳入", "未纳入", "未纳入", "未纳入"],
    "price_cut": [0.55, 0.0, 0.70, 0.0, 0.48, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
})
PHARMA_FIRMS = pd.DataFrame({
    "firm": ["仿制甲", "创新乙", "原料丙"],   # 仿制甲 is the same firm as in the share table
    "link": ["仿制药制剂", "创新药", "原料药"],
    "revenue": [28.0, 9.0, 15.0],
    "gross_margin": [0.62, 0.85, 0.35],
    "gross_margin_last": [0.70, 0.86, 0.33],
    "sales_expense_ratio": [0.30, 0.45, 0.03],
    "rd_ratio": [0.07, 0.55, 0.04],
    "net_margin": [0.12, -0.28, 0.15],
    "receivable_days": [110.0, 95.0, 70.0],
    "debt_ratio": [0.38, 0.30, 0.45],
})
PHARMA_GROWTH = {
    "医药制造业收入": (0.12, 0.04, 0.012),
    "创新药收入": (0.30, 0.24, 0.02),
    "化学仿制药收入": (0.08, -0.03, 0.012),
}
PHARMA_INTENSITY = {
    "仿制药制剂": (70, 0.12, 0.07, 20),
    "创新药": (60, 0.18, 0.55, 8),
    "原料药": (160, 0.10, 0.04, 70),
}


def pharma_manufacturing(seed: int = 505) -> Tables:
    """医药制造: shares of one molecule before/after 集采, a product portfolio, three firms."""
    rng = _rng(seed)
    before = geometric_shares(rng, *PHARMA_BEFORE)
    after = np.r_[np.round(_jitter(rng, PHARMA_AFTER_WINNERS, 0.03), 1),
                  geometric_shares(rng, *PHARMA_AFTER_OTHERS)]
    shares = pd.concat([
        pd.DataFrame({"period": "集采前", "firm": ["原研厂"] + [f"仿制{FIRM_CODES[i]}"
                                                          for i in range(len(before) - 1)],
                      "share": before}),
        pd.DataFrame({"period": "集采后", "firm": ["仿制丙", "仿制戊", "仿制庚", "原研厂"]
                      + [f"仿制{c}" for c in "甲乙丁己辛"][:len(after) - 4],
                      "share": after}),
    ], ignore_index=True)
    portfolio = PHARMA_PORTFOLIO.copy()
    portfolio["revenue"] = np.round(_jitter(rng, portfolio["revenue"], 0.05), 2)
    growth = pd.DataFrame({"year": _years(10)})
    for name, (start, end, noise) in PHARMA_GROWTH.items():
        growth[name] = growth_path(rng, start, end, 10, noise)
    return {"shares.csv": shares, "portfolio.csv": portfolio, "growth.csv": growth,
            "financials.csv": _firm_table(rng, PHARMA_FIRMS),
            "intensity.csv": intensity_table(rng, PHARMA_INTENSITY)}


# --- 农业的盈利模式与财务风险 ----------------------------------------------------------------
AG_QUARTERS = 20
AG_HOG_PRICE_MEAN = 16.0        # 元/公斤 (示意)
AG_HOG_PRICE_SWING = 5.5        # amplitude of the hog cycle
AG_HOG_CYCLE_QUARTERS = 15      # about four years from peak to peak
AG_HOG_COST = 15.0              # 元/公斤 full cost of a mid-sized farm
AG_HOG_WEIGHT = 120             # 公斤 per head at sale
AG_COUNTY_SHARES = (20, 0.92, 38.0)   # county hog output: many small farms
# Monthly cash flows (万元, 示意): a 60-mu grape farm sells in Aug–Oct; a 2,000-head hog farm
# sells a batch every four months and pays for feed every month.
AG_GRAPE_OUT = [3, 2, 9, 8, 6, 7, 5, 6, 4, 2, 2, 3]
AG_GRAPE_IN = [0, 0, 0, 0, 0, 0, 2, 28, 30, 12, 0, 0]
AG_HOG_OUT = [40, 40, 42, 42, 42, 44, 44, 44, 45, 45, 45, 46]
AG_HOG_IN = [0, 0, 170, 0, 0, 0, 175, 0, 0, 0, 180, 0]
AG_GROWTH = {
    "本县生猪出栏量": (0.03, 0.01, 0.06),
    "本县设施葡萄面积": (0.28, 0.20, 0.02),
    "本县粮食产量": (0.02, 0.01, 0.01),
}
AG_INTENSITY = {
    "粮食种植": (8, 0.30, 0.0, 1500),
    "设施葡萄": (25, 0.35, 0.01, 600),
    "生猪养殖": (120, 0.10, 0.01, 40),
    "农产品加工": (70, 0.12, 0.015, 40),
}


def agriculture_finance(seed: int = 606) -> Tables:
    """农业: a 20-quarter hog cycle, county shares, two farms' monthly cash, growth, intensity."""
    rng = _rng(seed)
    t = np.arange(AG_QUARTERS)
    price = (AG_HOG_PRICE_MEAN + AG_HOG_PRICE_SWING * np.sin(2 * np.pi * t / AG_HOG_CYCLE_QUARTERS)
             + rng.normal(0, 0.5, AG_QUARTERS))
    cost = AG_HOG_COST + rng.normal(0, 0.25, AG_QUARTERS)
    hog = pd.DataFrame({"quarter": t + 1, "hog_price": price.round(2), "hog_cost": cost.round(2)})
    months = np.arange(1, 13)
    cash = pd.concat([
        pd.DataFrame({"farm": "葡萄种植家庭农场", "month": months,
                      "inflow": np.round(_jitter(rng, AG_GRAPE_IN, 0.05), 1),
                      "outflow": np.round(_jitter(rng, AG_GRAPE_OUT, 0.05), 1)}),
        pd.DataFrame({"farm": "生猪养殖场", "month": months,
                      "inflow": np.round(_jitter(rng, AG_HOG_IN, 0.05), 1),
                      "outflow": np.round(_jitter(rng, AG_HOG_OUT, 0.05), 1)}),
    ], ignore_index=True)
    growth = pd.DataFrame({"year": _years(10)})
    for name, (start, end, noise) in AG_GROWTH.items():
        growth[name] = growth_path(rng, start, end, 10, noise)
    shares = _share_rows({"本县生猪出栏": AG_COUNTY_SHARES}, rng, prefix={"本县生猪出栏": "养殖场"})
    return {"hog.csv": hog, "cashflow.csv": cash, "shares.csv": shares, "growth.csv": growth,
            "intensity.csv": intensity_table(rng, AG_INTENSITY)}


CASES: dict[str, Callable[[], Tables]] = {
    "nev-chain": nev_chain,
    "solar-polysilicon": solar_polysilicon,
    "ic-chain": ic_chain,
    "construction-machinery": construction_machinery,
    "pharma-manufacturing": pharma_manufacturing,
    "agriculture-finance": agriculture_finance,
}


def write_tables(tables: Mapping[str, pd.DataFrame], out: Path | str) -> list[Path]:
    """Write each table as UTF-8 CSV with BOM (Excel opens it) into ``out``; return the paths."""
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, table in tables.items():
        path = folder / name
        table.to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\n")
        paths.append(path)
    return paths


def run_cli(cases: Mapping[str, Callable[[], Tables]], prog: str,
            argv: list[str] | None = None) -> int:
    """Command line shared by the case generators: ``<slug> --out <folder>``."""
    parser = argparse.ArgumentParser(prog=prog,
                                     description="生成案例的数据文件（CSV，UTF-8 带 BOM）")
    parser.add_argument("slug", choices=sorted(cases), help="案例文件夹名")
    parser.add_argument("--out", required=True, help="输出文件夹，例如 cases/nev-chain/")
    args = parser.parse_args(argv)
    for path in write_tables(cases[args.slug](), args.out):
        print(path)
    return 0


def main(argv: list[str] | None = None) -> int:
    return run_cli(CASES, "python -m crmkit.data.cases_industry", argv)


if __name__ == "__main__":
    raise SystemExit(main())
