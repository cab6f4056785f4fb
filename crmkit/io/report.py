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


def _style_header(sheet, row: int, width: int) -> None:
    from openpyxl.styles import Font, PatternFill

    for cell in sheet[row][:width]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)


def write_workbook(path: Path, transactions: pd.DataFrame, segmented: pd.DataFrame,
                   summary: pd.DataFrame, scores: pd.DataFrame,
                   as_of_given: pd.Timestamp | None) -> None:
    """Build report.xlsx: 概览, 客户评分 and 分群图表 sheets."""
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    overview = book.active
    overview.title = "概览"
    overview["A1"] = "客户 RFM 评分报告"
    overview["A1"].font = Font(bold=True, size=14)
    for offset, (item, value) in enumerate(overview_rows(transactions, segmented,
                                                         as_of_given), start=3):
        overview.cell(row=offset, column=1, value=item).font = Font(bold=True)
        cell = overview.cell(row=offset, column=2, value=value)
        if isinstance(value, int):
            cell.number_format = "#,##0"
            cell.alignment = Alignment(horizontal="left")
    row = offset + 2
    overview.cell(row=row, column=1, value="各客户群汇总").font = Font(bold=True, size=12)
    table = summary.reset_index()
    table["维护动作"] = table["客户群"].map(SEGMENT_ACTIONS)
    for col, name in enumerate(table.columns, start=1):
        overview.cell(row=row + 1, column=col, value=name)
    for r, values in enumerate(table.itertuples(index=False), start=row + 2):
        for col, value in enumerate(values, start=1):
            overview.cell(row=r, column=col, value=value.item() if hasattr(value, "item")
                          else value)
    _style_header(overview, row + 1, len(table.columns))
    for letter, width in zip("ABCDEF", (22, 60, 12, 16, 12, 80), strict=True):
        overview.column_dimensions[letter].width = width
    money_col = 4  # 金额合计(元) in the summary table
    for r in range(row + 2, row + 2 + len(table)):
        overview.cell(row=r, column=money_col).number_format = "#,##0.00"

    detail = book.create_sheet("客户评分")
    detail.append(list(scores.columns))
    for values in scores.itertuples(index=False):
        detail.append([v.item() if hasattr(v, "item") else v for v in values])
    _style_header(detail, 1, len(scores.columns))
    detail.freeze_panes = "B2"
    widths = [16, 14, 10, 18, 6, 6, 6, 10, 14, 80]
    for col, width in enumerate(widths, start=1):
        detail.column_dimensions[detail.cell(row=1, column=col).column_letter].width = width
    for r in range(2, len(scores) + 2):
        detail.cell(row=r, column=4).number_format = "#,##0.00"

    chart_sheet = book.create_sheet("分群图表")
    chart_sheet.append(["客户群", "客户数"])
    for name, count in summary["客户数"].items():
        chart_sheet.append([name, int(count)])
    _style_header(chart_sheet, 1, 2)
    chart_sheet.column_dimensions["A"].width = 16
    chart = BarChart()
    chart.type = "bar"  # horizontal bars: the segment names stay readable
    chart.style = 10
    chart.title = "各客户群客户数"
    chart.y_axis.title = "客户数"
    chart.x_axis.title = "客户群"
    chart.x_axis.scaling.orientation = "maxMin"  # first segment on top, as in the table
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.legend = None
    n = len(summary)
    chart.add_data(Reference(chart_sheet, min_col=2, min_row=1, max_row=n + 1),
                   titles_from_data=True)
    chart.set_categories(Reference(chart_sheet, min_col=1, min_row=2, max_row=n + 1))
    chart.height, chart.width = 9, 18
    chart_sheet.add_chart(chart, "D2")
    book.save(path)


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
