"""The value-matrix explorer: controls change the split, and the results follow."""

import pandas as pd
import pytest

from crmkit import CrmkitError
from crmkit.data import bank_book
from crmkit.models.value_matrix import QUADRANTS, quadrant_table, split_for, value_matrix
from crmkit.widgets.value_matrix import counts_html, value_matrix_explorer


@pytest.fixture(scope="module")
def book():
    return bank_book(n=200, seed=2024)


def counts(scored):
    return scored["quadrant"].value_counts().reindex(QUADRANTS).tolist()


def test_split_for_each_mode():
    assert split_for("median", 80, 60, 10.0, 0.1) == "median"
    assert split_for("percentile", 80, 60, 10.0, 0.1) == ("p80", "p60")
    assert split_for("absolute", 80, 60, 10.5, -0.05) == (10.5, -0.05)
    with pytest.raises(CrmkitError, match="未知的划分方式"):
        split_for("mean", 80, 60, 10.0, 0.1)


def test_starts_at_median_with_counts_shown(book):
    explorer = value_matrix_explorer(book)
    expected = value_matrix(book, split="median")
    assert counts(explorer.scored) == counts(expected)
    n_expand = counts(expected)[0]
    assert f"拓展 {n_expand} 户" in explorer.counts.value
    assert explorer.c_pct.layout.display == "none"  # percentile sliders hidden in median mode


def test_moving_percentile_slider_updates_result(book):
    explorer = value_matrix_explorer(book)
    explorer.mode.value = "percentile"
    explorer.c_pct.value = 80
    expected = value_matrix(book, split=("p80", "p50"))
    assert explorer.scored.attrs["thresholds"] == expected.attrs["thresholds"]
    assert counts(explorer.scored) == counts(expected)
    assert explorer.c_pct.layout.display is None and explorer.c_abs.layout.display == "none"
    assert counts_html(expected) == explorer.counts.value


def test_absolute_mode(book):
    explorer = value_matrix_explorer(book)
    explorer.mode.value = "absolute"
    explorer.g_abs.value = 0.0
    explorer.c_abs.value = 50.0
    expected = value_matrix(book, split=(50.0, 0.0))
    assert counts(explorer.scored) == counts(expected)
    pd.testing.assert_frame_equal(explorer.table, quadrant_table(expected))
    assert "50.0 万元" in explorer.figure.axes[0].get_title()
