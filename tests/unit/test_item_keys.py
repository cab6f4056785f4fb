"""Judgement items whose key rests on what a model says: the models must still say it.

Computed items are checked for every module by test_selfcheck_contract.py; these are the
choice items whose right option quotes a model's reading of the case data.
"""

import pytest

from crmkit.data import cases
from crmkit.models.industry import (
    bain_type,
    concentration_ratio,
    factor_intensity,
    hhi,
    hhi_level,
    lifecycle_stage,
    lifecycle_table,
)
from crmkit.models.man import classify_man
from crmkit.selfcheck import ITEMS
from crmkit.selfcheck.computed import VEGETABLE_PLANT


def test_module_1_judgement_keys_agree_with_the_models():
    shares = cases.tables("construction-machinery")["shares.csv"]
    year14 = shares.loc[shares["period"] == "第 14 年", "share"]
    # 1.10 (B): in year 14 CR4 says highly concentrated oligopoly, HHI says unconcentrated
    assert ITEMS["1.10"].correct == "B"
    assert bain_type(concentration_ratio(year14)) == "高集中寡占型"
    assert hhi_level(hhi(year14)) == "非集中市场"
    assert year14.max() < 30  # no single brand dominates
    # 1.12 sits just under the volatility line: growth stage, not introduction
    wafer = lifecycle_stage(cases.tables("ic-chain")["growth.csv"]["晶圆制造收入"])
    assert wafer["stage"] == "成长期" and wafer["recent"] >= 0.15
    # 1.13 (A): the table reads 封装测试收入 as mature
    assert ITEMS["1.13"].correct == "A"
    table = lifecycle_table(cases.tables("ic-chain")["growth.csv"].set_index("year"))
    assert table.loc["封装测试收入", "阶段"] == "成熟期"
    # 1.5 (C): land leads, labour above the reference, capital and technology below
    assert ITEMS["1.5"].correct == "C"
    plant = factor_intensity(VEGETABLE_PLANT)
    assert plant.dominant == "土地密集型"
    assert plant.scores.tolist() == pytest.approx([0.45, 1.35, 0.2, 1.44])


def test_module_3_man_key_agrees_with_the_model():
    # 3.10 (C): money yes, authority no (the wife decides), need yes → M-a-N
    assert ITEMS["3.10"].correct == "C"
    assert classify_man("是", "否", "是").code == "M-a-N"
