"""县级医院“先看病、后付费”（篇二）: the data files of ``cases/county-hospital/``."""

from __future__ import annotations

import numpy as np
import pandas as pd

from crmkit.data.cases._common import COLUMN_LABELS, Tables

# Chinese names of the columns in this case's files.
LABELS: dict[str, str] = {
    **COLUMN_LABELS,
    "stage": "序号", "scope": "口径", "value": "数值", "value_kind": "数值性质",
    "date_basis": "日期依据", "event": "事件", "item": "项目",
}

# Seed figures, seed 004 篇二, used exactly as printed. Every inpatient count is X院区's.
# §1.1: county population “70余万”, town population “15余万”, two campuses in town.
HOSPITAL_COUNTY_POPULATION = 70      # 万人, “70余万” (a lower bound)
HOSPITAL_TOWN_POPULATION = 15        # 万人, “15余万” (a lower bound)
# §1.2: 14 private hospitals opened between January and June 2011.
HOSPITAL_NEW_PRIVATE = 14
# §2.2 (2): from 2011-09-05 08:00 no deposit; “1周内，住院患者从186人升至243人”.
HOSPITAL_START = "2011-09-05"
HOSPITAL_INPATIENTS_BEFORE = 186
HOSPITAL_INPATIENTS_WEEK1 = 243
# §2.2 (3): on the 10th day one patient left without paying; meeting on 2011-09-14.
HOSPITAL_ABSCONDED = 1
# §2.2 (4): end of September 2011, after the media reports, “攀升至270人”.
HOSPITAL_INPATIENTS_SEPT = 270
# §2.3: September–October “维持在270余人”.
HOSPITAL_INPATIENTS_OCT = 270        # “270余人” (a lower bound)
# §2.3: X院区 paediatrics had 4 licensed doctors and “近一年来平均住院患儿7人”.
HOSPITAL_PAED_DOCTORS = 4
HOSPITAL_PAED_BEFORE = 7
# §2.3: 2011-11-01 a doctor moved from Y院区; paediatric inpatients rose “至30余人”.
HOSPITAL_PAED_NOV = 30               # “30余人” (a lower bound)
# §2.3: the ward was enlarged to 50 beds and a second doctor came; “50余人，高峰时达60人”.
HOSPITAL_PAED_BEDS = 50
HOSPITAL_PAED_AFTER = 50             # “50余人” (a lower bound)
HOSPITAL_PAED_PEAK = 60
# §2.3: by 2012-02-28, X院区 inpatients reached “355人”, a record.
HOSPITAL_INPATIENTS_FEB = 355
# Teaching assumptions (示意) for the what-if on unpaid bills, not from the seed: average
# length of stay, the patient's own share of a stay's bill and the hospital's margin on a stay.
HOSPITAL_STAY_DAYS = 8               # 天
HOSPITAL_SELF_PAY = 1200             # 元 per stay, paid by the patient at discharge
HOSPITAL_MARGIN = 500                # 元 per stay, what one more stay adds to the surplus

SEED_004_2 = "种子材料 004 篇二"


def generate() -> Tables:
    """县级医院: the seed's inpatient milestones and its other figures. No random numbers."""
    rows = [  # (date, date basis, scope, value, wording, kind, event, section)
        ("2011-09-05", "原文日期", "全院区住院", HOSPITAL_INPATIENTS_BEFORE, "186人", "确数",
         "住院患者“先看病、后付费”开始实行", "2.2(2)"),
        ("2011-09-12", "按原文“1周内”推算", "全院区住院", HOSPITAL_INPATIENTS_WEEK1, "243人",
         "确数", "本地媒体报道、群众口口相传", "2.2(2)"),
        ("2011-09-30", "原文“9月底”", "全院区住院", HOSPITAL_INPATIENTS_SEPT, "270人", "确数",
         "市级和中央媒体采访报道，公开逃费“黑名单”", "2.2(4)"),
        ("2011-10-31", "原文“9月至10月”", "全院区住院", HOSPITAL_INPATIENTS_OCT, "270余人", "下限",
         "住院人数稳定", "2.3"),
        ("2011-10-31", "原文“近一年来”（11月1日调整前）", "儿科住院", HOSPITAL_PAED_BEFORE,
         "平均7人", "平均数", "儿科 4 名执业医师，病人少", "2.3"),
        ("", "原文未给日期（11月1日之后）", "儿科住院", HOSPITAL_PAED_NOV, "30余人", "下限",
         "Y院区一名儿科医师到岗，病人随医生而来", "2.3"),
        ("", "原文未给日期（扩到50张床之后）", "儿科住院", HOSPITAL_PAED_AFTER, "50余人", "下限",
         "病区扩到 50 张床，再调来一名医师", "2.3"),
        ("", "原文未给日期", "儿科住院", HOSPITAL_PAED_PEAK, "高峰时达60人", "确数",
         "儿科高峰", "2.3"),
        ("2012-02-28", "原文日期", "全院区住院", HOSPITAL_INPATIENTS_FEB, "355人", "确数",
         "儿科带动其他科室，住院人数创新高", "2.3"),
    ]
    milestones = pd.DataFrame(rows, columns=["date", "date_basis", "scope", "value", "figure_text",
                                             "value_kind", "event", "section"])
    milestones.insert(0, "stage", np.arange(1, len(rows) + 1))
    milestones["section"] = SEED_004_2 + " " + milestones["section"]
    facts = pd.DataFrame([
        ("全县农村和城镇总人口", HOSPITAL_COUNTY_POPULATION, "万人", "70余万", "1.1"),
        ("县城区人口", HOSPITAL_TOWN_POPULATION, "万人", "15余万", "1.1"),
        ("医院在城区的院区", 2, "个", "两个院区（X院区、Y院区）", "1.1"),
        ("2011年1月至6月新增民营医院", HOSPITAL_NEW_PRIVATE, "家", "14家", "1.2"),
        ("实行后第10天恶意逃费", HOSPITAL_ABSCONDED, "例", "1例", "2.2(3)"),
        ("X院区儿科执业医师（调整前）", HOSPITAL_PAED_DOCTORS, "人", "4人", "2.3"),
        ("X院区儿科病区扩容后床位", HOSPITAL_PAED_BEDS, "张", "50张床位", "2.3"),
    ], columns=["item", "value", "unit", "figure_text", "section"])
    facts["section"] = SEED_004_2 + " " + facts["section"]
    return {"inpatients.csv": milestones, "facts.csv": facts}
