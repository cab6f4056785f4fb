"""Module 1 self-check items: right, wrong and malformed answers all get Chinese feedback."""

import pytest

from crmkit.data.cases_industry import construction_machinery, ic_chain, nev_chain
from crmkit.models.industry import (
    bain_type,
    concentration_ratio,
    factor_intensity,
    hhi,
    hhi_level,
    lifecycle_stage,
    lifecycle_table,
)
from crmkit.selfcheck import ITEMS, check
from crmkit.selfcheck.computed import VEGETABLE_PLANT

MODULE = "1"
KINDS = {"概念", "计算", "判断", "编程"}


def shares(case, column, value):
    table = case()["shares.csv"]
    return table.loc[table[column] == value, "share"]


def right_answers():
    """The right answer to each item; numbers come from the models, not typed in."""
    year6 = shares(construction_machinery, "period", "第 6 年")
    year14 = shares(construction_machinery, "period", "第 14 年")
    wafer = lifecycle_stage(ic_chain()["growth.csv"]["晶圆制造收入"])
    return {
        "1.1": "C", "1.2": "D", "1.3": "B",
        "1.4": factor_intensity(VEGETABLE_PLANT).table["相对强度"].max(),
        "1.5": "C", "1.6": "A",
        "1.7": concentration_ratio(shares(nev_chain, "segment", "正极材料"), n=8),
        "1.8": hhi(year14) - hhi(year6),
        "1.9": "B", "1.10": "B",
        "1.11": wafer["volatility"] * 100,
        "1.12": "A",
    }


WRONG = {"1.1": "B", "1.2": "A", "1.3": "A", "1.4": 1.35, "1.5": "A", "1.6": "B",
         "1.7": 47.5, "1.8": 1440.1, "1.9": "A", "1.10": "A", "1.11": 24.3, "1.12": "C"}


def module_items():
    return sorted((i for i in ITEMS if ITEMS[i].module == MODULE),
                  key=lambda i: [int(p) for p in i.split(".")])


def test_module_1_has_ten_to_twelve_items_numbered_in_order():
    items = module_items()
    assert 10 <= len(items) <= 12
    assert items == [f"1.{k}" for k in range(1, len(items) + 1)]
    assert sorted(right_answers()) == sorted(WRONG) == sorted(items)


def test_every_item_has_a_topic_skill_and_a_kind():
    for item in module_items():
        skills = ITEMS[item].skills
        assert len(skills) == 2 and skills[1] in KINDS and skills[0] not in KINDS, item
        assert ITEMS[item].hint


def test_choice_items_explain_every_option():
    for item in module_items():
        if ITEMS[item].kind == "choice":
            assert list(ITEMS[item].why) == ["A", "B", "C", "D"], item
            assert all(len(text) >= 10 for text in ITEMS[item].why.values()), item


def test_expected_values_by_hand():
    # 1.4: 45/100 = 0.45, 0.27/0.20 = 1.35, 0.01/0.05 = 0.20, 72/50 = 1.44 → land is highest
    scores = factor_intensity(VEGETABLE_PLANT).table["相对强度"]
    assert scores.tolist() == pytest.approx([0.45, 1.35, 0.2, 1.44])
    assert ITEMS["1.4"].expected() == pytest.approx(1.44)
    # 1.7: 正极材料 top 8 = 16.0 + 12.9 + 9.5 + 9.1 + 7.4 + 6.5 + 5.4 + 4.2 = 71.0
    assert ITEMS["1.7"].expected() == pytest.approx(71.0)
    # 1.8: 第 14 年 26.9² + 17.6² + 14.4² + 10.1² + 7.2² + 4.7² + 3.4² + 2.5² + 2.1² + 1.1²
    #      = 1,440.10; 第 6 年 14.1² + 13.6² + 9.1² + 7.9² + 7.1² + 6.1² + 5.3² + 4.5² + 4.1²
    #      + 3.1² + 2.6² + 2.5² = 704.38; the rise is 735.72
    assert ITEMS["1.8"].expected() == pytest.approx(735.72)
    # 1.11: 晶圆制造 growth, last 5 years 0.131, −0.104, 0.268, 0.266, 0.194: population
    #       standard deviation 0.13725 → 13.7 percentage points
    assert ITEMS["1.11"].expected() == pytest.approx(13.725)


def test_judgement_keys_agree_with_the_models():
    # 1.9 (B): in year 14 CR4 says highly concentrated oligopoly, HHI says unconcentrated
    year14 = shares(construction_machinery, "period", "第 14 年")
    assert bain_type(concentration_ratio(year14)) == "高集中寡占型"
    assert hhi_level(hhi(year14)) == "非集中市场"
    assert year14.max() < 30  # no single brand dominates
    # 1.11 sits just under the volatility line: growth stage, not introduction
    wafer = lifecycle_stage(ic_chain()["growth.csv"]["晶圆制造收入"])
    assert wafer["stage"] == "成长期" and wafer["recent"] >= 0.15
    # 1.12 (A): the table reads 封装测试收入 as mature
    table = lifecycle_table(ic_chain()["growth.csv"].set_index("year"))
    assert table.loc["封装测试收入", "阶段"] == "成熟期"
    # 1.5 (C): land leads, labour above the reference, capital and technology below
    plant = factor_intensity(VEGETABLE_PLANT)
    assert plant.dominant == "土地密集型"


@pytest.mark.parametrize("item", sorted(WRONG))
def test_right_answer(item):
    feedback = check(item, right_answers()[item])
    assert feedback.ok is True, feedback
    assert repr(feedback).startswith(f"[{item}] ✅ 正确")


@pytest.mark.parametrize("item", sorted(WRONG))
def test_wrong_answer_explains_and_hints(item):
    feedback = check(item, WRONG[item])
    assert feedback.ok is False
    assert "提示：" in feedback.message
    assert "❌ 还不对" in repr(feedback)


def test_number_formats_accepted():
    assert check("1.7", "71.0%").ok is True
    assert check("1.7", " 71 ").ok is True
    assert check("1.8", "735.7").ok is True
    assert check("1.11", "13.7").ok is True
    assert check("1.10", " b ").ok is True
