"""SWOT table and the SO / ST / WO / WT strategy matrix, with checks a trainer would make.

Factors are strengths (S) and weaknesses (W) inside the customer's business, and
opportunities (O) and threats (T) outside it; each should carry its evidence. A
strategy pairs the two sides: it cites at least one internal factor (S or W) and one
external factor (O or T), and the kinds it cites put it in its cell of the matrix.
:func:`swot_checks` reports, in Chinese, what a trainer would send back: an empty
quadrant, a factor without evidence, a strategy that cites only one side.

The worked example is the tobacco retailer of seed 004 (篇四); its figures come from
the case's ``facts.csv`` (see :func:`tobacco_factors`), exactly as the source prints them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import pandas as pd

from crmkit.errors import CrmkitError

KINDS: dict[str, str] = {"S": "优势", "W": "劣势", "O": "机会", "T": "威胁"}
INTERNAL, EXTERNAL = ("S", "W"), ("O", "T")
QUADRANTS: dict[str, str] = {"SO": "用优势抓机会", "ST": "用优势避威胁",
                             "WO": "借机会补短板", "WT": "减劣势、避威胁"}
PASS, FAIL, NOTE = "通过", "未通过", "提醒"
# Chinese names of the factor and strategy tables' columns, in one place.
LABELS: dict[str, str] = {"kind": "象限", "factor": "因素", "evidence": "证据",
                          "declared": "填写的格子", "quadrant": "所在格子", "strategy": "策略",
                          "cites": "引用的因素"}

_CODE = re.compile(r"^[SWOT]\d+$")
_BAR = re.compile(r"\s*[|｜]\s*")
_CITE_SPLIT = re.compile(r"[\s,，、;；+＋]+")


def kind_name(kind: str) -> str:
    """优势（S） and the like, the way tables and messages name a quadrant."""
    return f"{KINDS[kind]}（{kind}）"


def swot_factors(entries: Mapping[str, Sequence] | pd.DataFrame) -> pd.DataFrame:
    """Number the factors S1, S2 … W1 … and return them as a table indexed by code.

    ``entries`` maps S, W, O, T to lists whose items are a factor's text or a
    (factor, evidence) pair; or it is a table with columns kind, factor and, optionally,
    evidence. Missing evidence is kept as an empty string (the checks report it).
    """
    if isinstance(entries, pd.DataFrame):
        if not {"kind", "factor"} <= set(entries.columns):
            raise CrmkitError("因素表需要 kind（S/W/O/T）和 factor 两列，evidence 列可选")
        rows = entries.assign(evidence=entries.get("evidence", ""))[["kind", "factor",
                                                                      "evidence"]]
    else:
        unknown = [k for k in entries if k not in KINDS]
        if unknown:
            raise CrmkitError(f"不认识的象限“{unknown[0]}”",
                              hint="只能是 S（优势）、W（劣势）、O（机会）、T（威胁）")
        records = []
        for kind in KINDS:  # four quadrants, a few factors each
            for item in entries.get(kind, []):
                pair = (item, "") if isinstance(item, str) else (*item, "")[:2]
                records.append((kind, *pair))
        rows = pd.DataFrame(records, columns=["kind", "factor", "evidence"])
    rows = rows.fillna("").astype(str).apply(lambda col: col.str.strip())
    bad = ~rows["kind"].isin(list(KINDS))
    if bad.any():
        raise CrmkitError(f"不认识的象限“{rows.loc[bad, 'kind'].iloc[0]}”",
                          hint="只能是 S（优势）、W（劣势）、O（机会）、T（威胁）")
    empty = rows["factor"].eq("")
    if empty.any():
        raise CrmkitError(f"{kind_name(rows.loc[empty, 'kind'].iloc[0])}里有一条空的因素",
                          hint="删掉空行，或写上因素的内容")
    order = rows["kind"].map({k: i for i, k in enumerate(KINDS)})
    rows = rows.iloc[order.argsort(kind="stable")].reset_index(drop=True)
    codes = rows["kind"] + (rows.groupby("kind").cumcount() + 1).astype(str)
    return rows.set_index(pd.Index(codes, name="编号"))


def _cites(value) -> tuple[str, ...]:
    if isinstance(value, str):
        parts = [p for p in _CITE_SPLIT.split(value.strip().upper()) if p]
    else:
        parts = [str(p).strip().upper() for p in value]
    wrong = [p for p in parts if not _CODE.match(p)]
    if wrong:
        raise CrmkitError(f"“{wrong[0]}”不是因素编号", hint="编号写成 S1、W2、O1、T3 这样")
    return tuple(dict.fromkeys(parts))


def _inferred(cites: tuple[str, ...]) -> str:
    inner = sorted({c[0] for c in cites if c[0] in INTERNAL})
    outer = sorted({c[0] for c in cites if c[0] in EXTERNAL})
    return inner[0] + outer[0] if len(inner) == 1 and len(outer) == 1 else ""


def swot_strategies(entries: Sequence) -> pd.DataFrame:
    """Number the strategies 策略1, 策略2 … and place each in its quadrant.

    Each entry is (text, cites), or (quadrant, text, cites), or a mapping with keys
    strategy, cites and optionally quadrant; cites are codes like "S1、O2" or a list.
    Without a declared quadrant the cited kinds decide it (S and O → SO); a strategy
    citing both S and W, or only one side, is left unplaced (quadrant "").
    """
    records = []
    for number, entry in enumerate(entries, start=1):  # typed by hand: a handful
        if isinstance(entry, Mapping):
            declared, text, cites = (entry.get("quadrant", ""), entry.get("strategy", ""),
                                     entry.get("cites", ()))
        elif isinstance(entry, str):
            declared, text, cites = "", entry, ()
        elif len(entry) == 3:
            declared, text, cites = entry
        elif len(entry) == 2:
            declared, (text, cites) = "", entry
        else:
            raise CrmkitError(f"看不懂第 {number} 条策略",
                              hint="写成 (策略, 引用的因素) 或 (象限, 策略, 引用的因素)")
        declared = (declared or "").strip().upper()
        if declared and declared not in QUADRANTS:
            raise CrmkitError(f"第 {number} 条策略的象限“{declared}”不存在",
                              hint="只能是 SO、ST、WO、WT，或者留空由引用的因素决定")
        text = str(text).strip()
        if not text:
            raise CrmkitError(f"第 {number} 条策略是空的", hint="写上要做的事，或删掉这一行")
        codes = _cites(cites)
        records.append({"declared": declared, "quadrant": declared or _inferred(codes),
                        "strategy": text, "cites": codes})
    table = pd.DataFrame(records, columns=["declared", "quadrant", "strategy", "cites"])
    table.index = pd.Index([f"策略{i}" for i in range(1, len(table) + 1)], name="编号")
    return table


def parse_factor_lines(text: str) -> list[tuple[str, str]]:
    """One factor a line, "因素 | 证据" (half- or full-width bar); blank lines are skipped."""
    items = []
    for line in (text or "").splitlines():
        if line.strip():
            parts = _BAR.split(line.strip(), maxsplit=1)
            items.append((parts[0].strip(), parts[1].strip() if len(parts) > 1 else ""))
    return items


def parse_strategy_lines(text: str) -> list[tuple[str, str, str]]:
    """One strategy a line: "SO | 策略 | S1、O2", or "策略 | S1、O2" to let the cites decide."""
    items = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = _BAR.split(line.strip())
        if len(parts) == 3:
            items.append((parts[0], parts[1], parts[2]))
        elif len(parts) == 2:
            items.append(("", parts[0], parts[1]))
        elif len(parts) == 1:
            items.append(("", parts[0], ""))
        else:
            raise CrmkitError(f"第 {number} 行有 {len(parts) - 1} 条竖线，看不懂",
                              hint="每行写“象限 | 策略 | 引用的因素”，象限可以省略")
    return items


def factors_text(factors: pd.DataFrame, kind: str) -> str:
    """The factors of one quadrant as the text box shows them, "因素 | 证据" a line."""
    part = factors[factors["kind"] == kind]
    return "\n".join(f"{f} | {e}" if e else f for f, e in zip(part["factor"], part["evidence"],
                                                               strict=True))


def strategies_text(strategies: pd.DataFrame) -> str:
    """The strategies as the text box shows them, "象限 | 策略 | 编号" a line."""
    lines = []
    for declared, text, cites in strategies[["declared", "strategy", "cites"]].itertuples(
            index=False):
        head = f"{declared} | " if declared else ""
        lines.append(f"{head}{text} | {'、'.join(cites)}")
    return "\n".join(lines)


def swot_table(factors: pd.DataFrame, evidence: bool = True) -> pd.DataFrame:
    """The classic 2 × 2 SWOT: rows 内部 / 外部, columns 有利 / 不利; numbered items per cell."""
    text = factors.index + " " + factors["factor"]
    if evidence:
        text = text + factors["evidence"].map(lambda e: f"（证据：{e}）" if e else "（缺证据）")
    cells = text.groupby(factors["kind"]).agg("；".join).reindex(list(KINDS), fill_value="（空）")
    return pd.DataFrame({"有利": [cells["S"], cells["O"]], "不利": [cells["W"], cells["T"]]},
                        index=pd.Index(["内部因素（优势 S / 劣势 W）",
                                        "外部因素（机会 O / 威胁 T）"], name="SWOT"))


def strategy_matrix(strategies: pd.DataFrame) -> pd.DataFrame:
    """The TOWS matrix: rows 优势 / 劣势, columns 机会 / 威胁; each cell lists its strategies."""
    label = strategies.index + " " + strategies["strategy"] + "（" + strategies["cites"].map(
        "、".join) + "）"
    cells = label.groupby(strategies["quadrant"]).agg("；".join)
    grid = pd.DataFrame(index=pd.Index([kind_name("S"), kind_name("W")], name="策略矩阵"),
                        columns=[kind_name("O"), kind_name("T")])
    for quad in QUADRANTS:
        grid.loc[kind_name(quad[0]), kind_name(quad[1])] = cells.get(
            quad, f"（{quad}：{QUADRANTS[quad]}，还没有策略）")
    return grid


def swot_checks(factors: pd.DataFrame, strategies: pd.DataFrame) -> pd.DataFrame:
    """What a trainer would check, one row per check: 检查, 结果 (通过/未通过/提醒), 说明."""
    rows = []
    counts = factors["kind"].value_counts().reindex(list(KINDS), fill_value=0)
    empty = [k for k in KINDS if counts[k] == 0]
    rows.append(("四个象限都有因素", FAIL if empty else PASS,
                 "、".join(f"{kind_name(k)}一格是空的" for k in empty) + "：再想想客户内外还有什么"
                 if empty else "，".join(f"{k} {counts[k]} 条" for k in KINDS)))
    bare = factors.index[factors["evidence"].eq("")]
    rows.append(("每个因素都有证据", FAIL if len(bare) else PASS,
                 f"{'、'.join(bare)} 没有写证据：补上数字、原话或看到的事实" if len(bare)
                 else f"{len(factors)} 个因素都写了证据"))
    cited = pd.Series([c for cs in strategies["cites"] for c in cs], dtype=object)
    unknown = list(dict.fromkeys(cited[~cited.isin(factors.index)]))
    rows.append(("引用的因素都存在", FAIL if unknown else PASS,
                 f"{'、'.join(unknown)} 不在 SWOT 表里：检查编号" if unknown
                 else "每个引用的编号都能在 SWOT 表里找到"))
    one_sided = []
    for name, cites in strategies["cites"].items():  # a handful of strategies
        kinds = {c[0] for c in cites}
        if not kinds & set(INTERNAL):
            one_sided.append(f"{name} 没有引用内部因素（S 或 W）：它靠客户的哪项长处、补哪块短板？")
        elif not kinds & set(EXTERNAL):
            one_sided.append(f"{name} 只引用了内部因素（{'、'.join(cites)}）："
                             "它要抓住哪个机会、避开哪个威胁？")
    rows.append(("每条策略都连着内外两侧", FAIL if one_sided else PASS,
                 "；".join(one_sided) if one_sided
                 else f"{len(strategies)} 条策略都同时引用了内部和外部因素"))
    mismatch = []
    for name, row in strategies.iterrows():
        kinds = {c[0] for c in row["cites"]}
        if row["declared"] and not {row["declared"][0], row["declared"][1]} <= kinds:
            mismatch.append(f"{name} 放在 {row['declared']} 格，却没有同时引用 "
                            f"{row['declared'][0]} 和 {row['declared'][1]} 类因素")
        elif not row["declared"] and kinds & set(INTERNAL) and kinds & set(EXTERNAL) \
                and not row["quadrant"]:
            mismatch.append(f"{name} 同时引用了两类内部或两类外部因素，请写明它属于哪一格")
    rows.append(("每条策略都能归入一格", FAIL if mismatch else PASS,
                 "；".join(mismatch) if mismatch else "每条策略的格子和它引用的因素一致"))
    placed = set(strategies["quadrant"])
    blank = [q for q in QUADRANTS if q not in placed]
    rows.append(("四类策略都有", FAIL if blank else PASS,
                 "、".join(f"{q}（{QUADRANTS[q]}）" for q in blank) + "还没有策略" if blank
                 else "SO、ST、WO、WT 四格都有策略"))
    unused = [c for c in factors.index if c not in set(cited)]
    rows.append(("每个因素都被用上", NOTE if unused else PASS,
                 f"{'、'.join(unused)} 还没有被任何策略用到：是不重要，还是漏了对策？" if unused
                 else "每个因素都至少被一条策略用到"))
    table = pd.DataFrame(rows, columns=["检查", "结果", "说明"])
    table.index = pd.RangeIndex(1, len(table) + 1, name="序号")
    return table


def checks_passed(checks: pd.DataFrame) -> bool:
    """True when no check failed (reminders do not count as failures)."""
    return not checks["结果"].eq(FAIL).any()


# ---------------------------------------------------------------- the tobacco retailer

FACT_ITEMS = ("周边卷烟零售户", "其中食杂店", "其中便利店", "其中食杂综合批发商店",
              "消费者：周边固定居民", "消费者：外来流动务工人员", "消费者：宾馆房客",
              "经营卷烟品牌", "烟草公司经营的品牌规格", "经营品牌占公司品牌规格的比例",
              "本店进货平均单条值", "同类别客户平均单条值", "低于同类客户平均单条值",
              "销量前5品牌占卷烟销售额", "销量前5品牌占卷烟毛利额")


def tobacco_factors(facts: pd.DataFrame | pd.Series) -> pd.DataFrame:
    """The retailer's SWOT factors, with the plan's own figures as evidence.

    ``facts`` is the case's ``facts.csv`` (columns item, value) or a Series item → value.
    Every number in the evidence is read from it, so the table quotes seed 004 exactly.
    """
    fact = facts.set_index("item")["value"] if isinstance(facts, pd.DataFrame) else facts
    missing = [i for i in FACT_ITEMS if i not in fact.index]
    if missing:
        raise CrmkitError(f"原文数字表缺少“{missing[0]}”",
                          hint="读入 cases/tobacco-retailer/facts.csv，不要改动其中的项目名称")
    f = {k: f"{fact[k]:g}" for k in FACT_ITEMS}
    return swot_factors({
        "S": [("路口位置好，人来人往，交通方便", "店开在农场街道的路口，方案说周边人流量较大"),
              ("顾客构成多样，既有熟客也有流动客",
               f"周边固定居民约 {f['消费者：周边固定居民']}%，外来务工人员约 "
               f"{f['消费者：外来流动务工人员']}%，宾馆房客约 {f['消费者：宾馆房客']}%"),
              ("守法诚信，口碑好，愿意配合烟草公司的政策", "方案的评价：守法、讲诚信，顾客口碑好")],
        "W": [("店主内向、经营保守，没有养成自己的熟客群", "半年来卷烟生意时好时坏"),
              ("店面旧、陈列乱，专柜侧放，顾客看不到卷烟标识", "客户经理到店诊断时所见"),
              ("品牌少、档次低", f"经营 {f['经营卷烟品牌']} 个品牌，只占公司 "
               f"{f['烟草公司经营的品牌规格']} 个品规的 {f['经营品牌占公司品牌规格的比例']}%；"
               f"进货平均单条值 {f['本店进货平均单条值']} 元，同类客户 "
               f"{f['同类别客户平均单条值']} 元，低 {f['低于同类客户平均单条值']} 元/条"),
              ("靠降价、薄利多销维持，盈利水平低", f"销量前 5 个品牌占销售额约 "
               f"{f['销量前5品牌占卷烟销售额']}%，却占毛利约 {f['销量前5品牌占卷烟毛利额']}%，"
               "其余品牌卖得多、赚得少")],
        "O": [("烟草公司近期陆续有一二类新品上市", "营销部掌握的新品上市安排"),
              ("附近 KTV 年底开业，带来夜间和中高档需求", "KTV 正在装修，方案写明年底开业"),
              ("一家竞争对手卖假烟，守法经营更能赢得信任", "周边那家食杂综合批发商店被发现卖假烟")],
        "T": [("周边持证户密集，竞争激烈", f"周边 {f['周边卷烟零售户']} 家持证户：食杂店 "
               f"{f['其中食杂店']} 家、便利店 {f['其中便利店']} 家、食杂综合批发商店 "
               f"{f['其中食杂综合批发商店']} 家"),
              ("便利店和批发店规模大、条件好", "顾客更愿意去开架自选的便利店")],
    })


# The plan's four measures (seed 004 篇四, 措施1–4) in the kit's words, cited the way the
# plan argues them: two of them rest on internal factors only.
PLAN_MEASURES = [
    ("多上门沟通，帮店主转变观念、练习推介，坚持明码标价", "W1、W4"),
    ("摆正卷烟专柜，整理陈列，做醒目的招牌", "W2"),
    ("借新品上市扩宽品牌组合，多上一二类和省外品牌", "W3、O1"),
    ("KTV 开业前装灯箱、延长营业时间，给宾馆和 KTV 送货", "S1、S2、O2"),
]
