"""MAN rule: the eight combinations, input words, the book classifier and the prospects list."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from crmkit import CrmkitError
from crmkit.data.prospects import MONEY_LINE, PROSPECT_LABELS, prospects, prospects_display
from crmkit.models.man import (
    MAN_ORDER,
    MAN_TACTICS,
    ManResult,
    classify_book,
    classify_man,
    man_code,
    man_counts,
    man_table,
)


def test_eight_combinations_each_with_label_meaning_and_tactic():
    assert sorted(MAN_ORDER) == sorted(MAN_TACTICS) and len(set(MAN_ORDER)) == 8
    for code, info in MAN_TACTICS.items():
        assert set(info) == {"label", "meaning", "tactic"}
        assert all(info[k].strip() for k in info), code
    assert len({info["tactic"] for info in MAN_TACTICS.values()}) == 8  # no copy-paste tactic


def test_codes_by_hand():
    assert man_code(True, True, True) == "M-A-N"
    assert man_code(True, False, True) == "M-a-N"
    assert man_code(False, True, False) == "m-A-n"
    assert man_code(False, False, False) == "m-a-n"


def test_classify_ideal_and_non_customer():
    ideal = classify_man(True, True, True)
    assert isinstance(ideal, ManResult)
    assert ideal.code == "M-A-N" and ideal.label == "理想的潜在客户"
    assert "最优先" in ideal.tactic
    none = classify_man(False, False, False)
    assert none.code == "m-a-n" and none.label == "非客户" and "放弃" in none.tactic


def test_tactics_match_the_rule():
    # Money missing but the rest present: financing; authority missing: find the decider.
    assert "融资" in classify_man(False, True, True).tactic
    assert "有决定权的人" in classify_man(True, False, True).tactic
    assert "需求" in classify_man(True, True, False).tactic


@pytest.mark.parametrize("yes, no", [("是", "否"), ("Y", "N"), ("y", "n"), (1, 0), ("1", "0"),
                                     (True, False), ("True", "false"), (np.bool_(True), 0.0)])
def test_accepted_yes_no_words(yes, no):
    assert classify_man(yes, no, yes).code == "M-a-N"
    assert classify_man(no, yes, no).code == "m-A-n"


@pytest.mark.parametrize("bad", ["也许", 2, None, float("nan"), ""])
def test_unclear_answer_raises_chinese_error(bad):
    with pytest.raises(CrmkitError, match="看不出是“有”还是“没有”"):
        classify_man(bad, True, True)


def test_classify_book_by_hand():
    book = pd.DataFrame({"name": ["甲", "乙", "丙", "丁"],
                         "money": ["是", "否", "Y", 0],
                         "authority": ["是", "是", "N", 1],
                         "need": [True, "1", "否", "n"]})
    out = classify_book(book)
    # 甲 是是True → M-A-N; 乙 否是1 → m-A-N; 丙 Y N 否 → M-a-n; 丁 0 1 n → m-A-n
    assert out["man_code"].astype(str).tolist() == ["M-A-N", "m-A-N", "M-a-n", "m-A-n"]
    assert out["man_label"].tolist() == ["理想的潜在客户", "购买力不足", "只有购买力", "只有决定权"]
    assert out["man_tactic"].iloc[1] == MAN_TACTICS["m-A-N"]["tactic"]
    assert list(book.columns) == ["name", "money", "authority", "need"]  # input untouched
    # ordered categorical: sorting puts the most promising first
    assert out.sort_values("man_code")["name"].tolist() == ["甲", "乙", "丙", "丁"]


def test_classify_book_other_column_names_and_bool_dtype():
    book = pd.DataFrame({"m": [True, False], "a": [True, True], "n": [False, True]})
    out = classify_book(book, money="m", authority="a", need="n")
    assert out["man_code"].astype(str).tolist() == ["M-A-n", "m-A-N"]


def test_classify_book_reports_row_and_column():
    book = pd.DataFrame({"money": ["是", "是", "不确定"], "authority": ["是"] * 3,
                         "need": ["是"] * 3})
    with pytest.raises(CrmkitError) as err:
        classify_book(book)
    assert "第 3 行" in str(err.value) and "“money”列" in str(err.value)
    assert "不确定" in str(err.value)


def test_classify_book_missing_column_and_empty():
    with pytest.raises(CrmkitError, match="找不到“need”列"):
        classify_book(pd.DataFrame({"money": ["是"], "authority": ["是"]}))
    with pytest.raises(CrmkitError, match="客户表是空的"):
        classify_book(pd.DataFrame({"money": [], "authority": [], "need": []}))
    with pytest.raises(CrmkitError, match="第 2 行"):
        classify_book(pd.DataFrame({"money": ["是", None], "authority": ["是", "是"],
                                    "need": ["是", "是"]}))


@given(st.booleans(), st.booleans(), st.booleans())
def test_book_and_single_classifier_agree(m, a, n):
    single = classify_man(m, a, n)
    row = classify_book(pd.DataFrame({"money": [m], "authority": [a], "need": [n]}))
    assert row["man_code"].iloc[0] == single.code
    assert row["man_label"].iloc[0] == single.label
    assert single.code.count("-") == 2 and (single.code[0] == "M") == m


def test_man_table_lists_all_eight_in_order():
    table = man_table()
    assert list(table.index) == MAN_ORDER
    flags = table.loc["M-a-N", ["购买力(M)", "决策权(A)", "需求(N)"]].tolist()
    assert flags == ["有", "没有", "有"]
    assert table.loc["m-a-n", "客户类型"] == "非客户"
    assert table["对策"].tolist() == [MAN_TACTICS[c]["tactic"] for c in MAN_ORDER]


def test_man_counts_by_hand():
    book = pd.DataFrame({"money": ["是", "是", "否", "否"], "authority": ["是", "是", "否", "否"],
                         "need": ["是", "是", "否", "否"]})
    counts = man_counts(classify_book(book))
    assert list(counts.index) == MAN_ORDER
    # two M-A-N and two m-a-n out of four → 50.0% each, the other six rows zero
    assert counts["户数"].tolist() == [2, 0, 0, 0, 0, 0, 0, 2]
    assert counts["占比(%)"].tolist() == [50.0, 0, 0, 0, 0, 0, 0, 50.0]


def test_prospects_are_reproducible_and_cover_every_combination():
    a, b = prospects(n=12, seed=3), prospects(n=12, seed=3)
    pd.testing.assert_frame_equal(a, b)
    assert len(a) == 12 and a["prospect_id"].tolist()[:2] == ["Q001", "Q002"]
    codes = classify_book(a)["man_code"].astype(str)
    assert set(codes) == set(MAN_ORDER)


def test_prospect_answers_follow_from_the_other_columns():
    book = prospects(n=40, seed=11)
    assert ((book["revenue"] >= MONEY_LINE) == (book["money"] == "是")).all()
    decides = book["contact_role"].isin(["董事长", "总经理", "财务总监"])
    assert (decides == (book["authority"] == "是")).all()
    assert set(book["need"]) <= {"是", "否"}


def test_prospects_display_uses_chinese_names():
    shown = prospects_display(classify_book(prospects()))
    assert {"编号", "年营业收入(万元)", "MAN 组合", "对策"} <= set(shown.columns)
    assert set(PROSPECT_LABELS) <= set(prospects().columns)


def test_prospects_rejects_bad_size():
    with pytest.raises(CrmkitError, match="正整数"):
        prospects(n=0)
