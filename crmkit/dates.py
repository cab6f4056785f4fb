"""One way to read a single date a learner passes to a function (as_of, start, end …)."""

from __future__ import annotations

import pandas as pd

from crmkit.errors import CrmkitError


def parse_day(value: object, name: str) -> pd.Timestamp:
    """``value`` as a midnight Timestamp, or a CrmkitError naming the argument ``name``."""
    try:
        stamp = pd.Timestamp(value)
    except (TypeError, ValueError):
        stamp = pd.NaT
    if pd.isna(stamp):
        raise CrmkitError(f"{name} 不是可识别的日期：{value!r}",
                          hint="写成 \"2024-12-31\" 这样的格式")
    return stamp.normalize()
