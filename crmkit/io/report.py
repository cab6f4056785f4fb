"""The RFM report for a learner's own file: report.xlsx and scores.csv.

report.xlsx has three sheets: 概览 (what was read, the as-of date, the segment
summary), 客户评分 (one row per customer with R/F/M, scores, segment and the
maintenance action) and 分群图表 (customers per segment as a bar chart).
scores.csv holds the 客户评分 table in UTF-8 with BOM, so Excel shows the Chinese
correctly when the file is double-clicked.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from crmkit.io.files import atomic_dir
from crmkit.io.loader import read_notes
from crmkit.models.rfm import SEGMENT_ACTIONS, SEGMENTS

REPORT_NAME = "report.xlsx"
SCORES_NAME = "scores.csv"
# What --force may replace: a folder holding nothing but an earlier report.
REPORT_FILES = frozenset({REPORT_NAME, SCORES_NAME})

# Chinese headers of the per-customer table, in order (the customer column takes
# the learner's own header name, e.g. 客户号).
SCORE_LABELS = {
    "recency": "最近一次交易距基准日(天)",
    "frequency": "交易次数",
    "monetary": "交易金额合计(元)",
    "r_score": "R 分",
    "f_score": "F 分",
    "m_score": "M 分",
    "rfm_code": "RFM 代码",
    "segment": "客户群",
    "action": "维护动作",
}
ROLE_NAMES = {"customer_id": "客户", "date": "日期", "amount": "金额"}
HEADER_FILL = "DDEBF7"


def score_customers(transactions: pd.DataFrame, as_of: pd.Timestamp | None = None
                    ) -> pd.DataFrame:
    """R, F, M, scores and segments of a learner's file, customers in file order.

    Equal-frequency scoring splits ties by table order. Ordering customers by their
    first row in the file (instead of by id) makes that order survive masking: a
    pseudonym sorts differently from the name it replaces, the rows do not move, so a
    masked file gets exactly the segments of the original.
    """
    from crmkit.models.rfm import rfm_scores, rfm_segments, rfm_table

    table = rfm_table(transactions, as_of=as_of)
    table = table.loc[pd.unique(transactions["customer_id"])]
    return rfm_segments(rfm_scores(table))


def scores_table(segmented: pd.DataFrame, customer_label: str = "客户号") -> pd.DataFrame:
    """Per-customer results with Chinese headers, by segment order, then largest amount first."""
    table = segmented.reset_index()
    key = table.columns[0]
    order = pd.Categorical(table["segment"], categories=SEGMENTS).codes
    table = (table.assign(_order=order)
             .sort_values(["_order", "monetary", key], ascending=[True, False, True],
                          kind="stable"))
    shown = table[[key, *SCORE_LABELS]].rename(columns={key: customer_label, **SCORE_LABELS})
    shown[SCORE_LABELS["segment"]] = shown[SCORE_LABELS["segment"]].astype(str)
    return shown.reset_index(drop=True)


def overview_rows(transactions: pd.DataFrame, segmented: pd.DataFrame,
                  as_of_given: pd.Timestamp | None) -> list[tuple[str, str | int]]:
    """The facts a reader needs to trust the report, as (item, value) pairs."""
    attrs = transactions.attrs
    as_of = segmented.attrs.get("as_of")
    as_of_text = f"{as_of:%Y-%m-%d}" if as_of is not None else "（未知）"
    if as_of_given is None:
        as_of_text += "（未指定，取最后一笔交易的次日）"
    columns = attrs.get("columns", {})
    mapping = "；".join(f"{ROLE_NAMES[role]} ← “{name}”" for role, name in columns.items())
    unit = attrs.get("amount_unit", "元")
    thresholds = segmented.attrs.get("thresholds", {})
    split = "；".join(f"{dim[0].upper()} 分{how} {value:.2f} 算高"
                      for dim, (value, how) in thresholds.items())
    first, last = transactions["date"].min(), transactions["date"].max()
    return [
        ("源文件", str(attrs.get("file", ""))),
        ("读取的交易笔数", len(transactions)),
        ("客户数", len(segmented)),
        ("交易日期范围", f"{first:%Y-%m-%d} 至 {last:%Y-%m-%d}"),
        ("评估基准日", as_of_text),
        ("R、F、M 的含义", "R：最后一次交易到基准日的天数；F：交易笔数；"
                           "M：交易金额合计（退款已冲减）"),
        ("金额单位", f"原表头单位：{unit}；本报告统一换算为元"),
        ("列的对应", mapping),
        ("高低分界", split),
        ("个人信息脱敏", "是（姓名、电话、证件号、卡号和账号、邮箱、门牌号已遮盖，"
                         "客户名已换成化名）"
         if attrs.get("masked") else "否"),
        *[(item, ("注意：" if problem else "") + text)
          for item, text, problem in read_notes(transactions)],
    ]


def _plain(value: object) -> object:
    """numpy scalars as Python numbers; NaN as an empty cell."""
    value = value.item() if hasattr(value, "item") else value
    return None if isinstance(value, float) and value != value else value


def _writer(sheet, column: pd.Series):
    """The sheet's write method for this column's cells: typed where the dtype says it."""
    if pd.api.types.is_numeric_dtype(column):
        return sheet.write_number
    if pd.api.types.is_string_dtype(column):
        return sheet.write_string
    return sheet.write


def _cells(column: pd.Series) -> list:
    """The column's values as Python objects, None where missing (NaN, NaT or pd.NA)."""
    if not column.isna().any():
        return column.tolist()
    return column.astype(object).where(column.notna(), None).tolist()


def write_workbook(path: Path, transactions: pd.DataFrame, segmented: pd.DataFrame,
                   summary: pd.DataFrame, scores: pd.DataFrame,
                   as_of_given: pd.Timestamp | None) -> None:
    """Build report.xlsx: 概览, 客户评分 and 分群图表 sheets.

    Written with XlsxWriter in constant-memory mode: rows stream to disk in order, so a
    report of hundreds of thousands of customers costs seconds, not minutes.
    """
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    try:
        bold = book.add_format({"bold": True})
        title = book.add_format({"bold": True, "font_size": 14})
        heading = book.add_format({"bold": True, "font_size": 12})
        header = book.add_format({"bold": True, "bg_color": "#" + HEADER_FILL})
        whole = book.add_format({"num_format": "#,##0", "align": "left"})
        money = book.add_format({"num_format": "#,##0.00"})

        overview = book.add_worksheet("概览")
        for col, width in enumerate((22, 60, 12, 16, 12, 80)):
            overview.set_column(col, col, width)
        overview.write(0, 0, "客户 RFM 评分报告", title)
        row = 2
        for item, value in overview_rows(transactions, segmented, as_of_given):
            overview.write(row, 0, item, bold)
            overview.write(row, 1, value, whole if isinstance(value, int) else None)
            row += 1
        row += 1
        overview.write(row, 0, "各客户群汇总", heading)
        table = summary.reset_index()
        table["维护动作"] = table["客户群"].map(SEGMENT_ACTIONS)
        overview.write_row(row + 1, 0, list(table.columns), header)
        money_col = 3  # 金额合计(元) in the summary table
        for r, values in enumerate(table.itertuples(index=False), start=row + 2):
            for col, value in enumerate(values):
                overview.write(r, col, _plain(value), money if col == money_col else None)

        detail = book.add_worksheet("客户评分")
        for col, width in enumerate([16, 14, 10, 18, 6, 6, 6, 10, 14, 80]):
            detail.set_column(col, col, width, money if col == 3 else None)
        detail.freeze_panes(1, 1)
        detail.write_row(0, 0, list(scores.columns), header)
        # one typed writer per column, cells as Python values: write_row would ask the type
        # of each of the 500,000 cells of a 50,000-customer report again
        columns = [(_writer(detail, scores[name]), _cells(scores[name]))
                   for name in scores.columns]
        for r in range(len(scores)):
            for col, (write, values) in enumerate(columns):
                value = values[r]
                if value is not None:  # a missing value stays an empty cell
                    write(r + 1, col, value)

        sheet = book.add_worksheet("分群图表")
        sheet.set_column(0, 0, 16)
        sheet.write_row(0, 0, ["客户群", "客户数"], header)
        for r, (name, count) in enumerate(summary["客户数"].items(), start=1):
            sheet.write_row(r, 0, [name, int(count)])
        n = len(summary)
        chart = book.add_chart({"type": "bar"})  # horizontal bars: the names stay readable
        chart.add_series({"name": "客户数", "categories": ["分群图表", 1, 0, n, 0],
                          "values": ["分群图表", 1, 1, n, 1]})
        chart.set_title({"name": "各客户群客户数"})
        chart.set_x_axis({"name": "客户数"})
        chart.set_y_axis({"name": "客户群", "reverse": True})  # first segment on top
        chart.set_legend({"none": True})
        chart.set_size({"width": 680, "height": 340})
        sheet.insert_chart("D2", chart)
    finally:
        book.close()


def write_report(out_dir: str | Path, transactions: pd.DataFrame, segmented: pd.DataFrame,
                 summary: pd.DataFrame, *, as_of_given: pd.Timestamp | None = None,
                 force: bool = False) -> Path:
    """Write report.xlsx and scores.csv into ``out_dir``, which appears whole or not at all.

    A folder that already holds files is refused, unless force and it holds only
    an earlier report (then it is replaced as a whole). Returns the folder's path.
    """
    label = transactions.attrs.get("columns", {}).get("customer_id", "客户号")
    scores = scores_table(segmented, label)
    out_dir = Path(out_dir)
    with atomic_dir(out_dir, force, REPORT_FILES) as temp:
        write_workbook(temp / REPORT_NAME, transactions, segmented, summary, scores, as_of_given)
        scores.to_csv(temp / SCORES_NAME, index=False, encoding="utf-8-sig",
                      float_format="%.2f")
    return out_dir
