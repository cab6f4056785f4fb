"""A quick check a learner runs first: is everything the labs need in place?"""

from __future__ import annotations

import pandas as pd


def environment_check() -> pd.DataFrame:
    """Return one row per check (项目, 结果, 说明); every 结果 should read 通过."""
    rows = []

    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    from crmkit.viz import CJK_FAMILY, use_chinese_font

    use_chinese_font()
    found = font_manager.findfont(font_manager.FontProperties(family=CJK_FAMILY),
                                  fallback_to_default=False)
    ok = all(ord(ch) in FT2Font(found).get_charmap() for ch in "客户价值")
    rows.append(("中文字体", "通过" if ok else "未通过",
                 f"图表使用 {CJK_FAMILY}" if ok else "找不到中文字体，请重新运行 make start"))

    import ipywidgets

    ok = ipywidgets.__version__.split(".")[0] == "8"
    rows.append(("交互控件", "通过" if ok else "未通过",
                 "ipywidgets 8 可用" if ok else "ipywidgets 版本不对，请重新运行 make start"))

    from crmkit.data import bank_book

    ok = bank_book(n=50, seed=7).equals(bank_book(n=50, seed=7))
    rows.append(("示例数据", "通过" if ok else "未通过",
                 "同一种子生成的数据完全一致" if ok else "数据生成不可复现，请报告问题"))
    return pd.DataFrame(rows, columns=["项目", "结果", "说明"]).set_index("项目")
