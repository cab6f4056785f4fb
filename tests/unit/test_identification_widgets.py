"""Module 3 widgets: toggles change the MAN answer; the slider changes the profit share."""

import pandas as pd
import pytest

from crmkit.data import bank_book
from crmkit.models.man import MAN_TACTICS
from crmkit.models.pareto import profitability_tiers, top_share
from crmkit.widgets.man import man_classifier, result_html
from crmkit.widgets.pareto import pareto_explorer, share_html


@pytest.fixture(scope="module")
def values():
    return bank_book(n=200, seed=2024)["contribution"]


def test_man_classifier_starts_at_the_ideal_prospect():
    widget = man_classifier()
    assert widget.result.code == "M-A-N"
    assert "理想的潜在客户" in widget.answer.value
    assert MAN_TACTICS["M-A-N"]["tactic"] in widget.answer.value


def test_man_toggles_update_code_label_and_tactic():
    widget = man_classifier()
    widget.money.value = False
    assert widget.result.code == "m-A-N" and "购买力不足" in widget.answer.value
    widget.authority.value = False
    widget.need.value = False
    assert widget.result.code == "m-a-n"
    assert widget.answer.value == result_html(widget.result)
    assert "非客户" in widget.answer.value


def test_each_toggle_has_its_own_layout():
    widget = man_classifier(True, False, True)
    assert widget.result.code == "M-a-N"
    layouts = {id(c.layout) for c in (widget.money, widget.authority, widget.need)}
    assert len(layouts) == 3


def test_pareto_explorer_starts_at_twenty_percent(values):
    explorer = pareto_explorer(values)
    assert explorer.share == pytest.approx(top_share(values, 0.2))
    assert "前 <b>20%</b> 的客户（约 40 户）" in explorer.summary.value
    assert f"{explorer.share:.1%}" in explorer.summary.value
    pd.testing.assert_frame_equal(explorer.tiers, profitability_tiers(values, (0.2, 0.5)))


def test_moving_the_slider_updates_share_chart_and_tiers(values):
    explorer = pareto_explorer(values)
    explorer.top.value = 0.1
    assert explorer.share == pytest.approx(top_share(values, 0.1))
    assert "前 10% 的客户" in explorer.figure.axes[0].get_title()
    assert explorer.tiers["客户数"].tolist() == [20, 80, 100]
    assert id(explorer.top.layout) != id(explorer.summary.layout)


def test_share_html_fractional_head_count():
    # 0.15 × 30 = 4.5 customers
    assert "约 4.5 户" in share_html(0.5, 0.15, 30)
    assert "约 6 户" in share_html(0.5, 0.2, 30)


def test_error_is_shown_not_raised():
    explorer = pareto_explorer([0.0, 0.0, 0.0])
    assert "不是正数" in explorer.summary.value
    assert explorer.share is None
