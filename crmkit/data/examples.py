"""Small hand-made tables used as worked examples in the book and in tests.

They are illustrations invented for teaching, not data about real firms.
"""

from __future__ import annotations

import pandas as pd


def worked_example() -> pd.DataFrame:
    """Eight corporate customers for the value-matrix worked example (chapter 7).

    Contribution in 万元 per year; growth as a fraction. With median thresholds
    (52.5 万元, 6%) two customers fall in each quadrant.
    """
    return pd.DataFrame({
        "customer_id": list("ABCDEFGH"),
        "industry": ["机械制造", "建材贸易", "市政施工", "城配物流",
                     "工业软件", "医药流通", "商业地产", "果蔬种植"],
        "contribution": [120.0, 15.0, 200.0, 8.0, 45.0, 90.0, 30.0, 60.0],
        "growth": [0.25, 0.40, -0.05, -0.10, 0.30, 0.02, -0.20, 0.10],
    })
