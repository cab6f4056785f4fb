"""Synthetic books: deterministic, internally consistent, and reproducible from the CLI."""

import pandas as pd
import pytest

from crmkit import CrmkitError
from crmkit.data import bank_book, to_display, wealth_book
from crmkit.data import synthetic as syn
from crmkit.data.__main__ import main as data_cli


@pytest.mark.parametrize("generator", [bank_book, wealth_book])
def test_same_seed_same_book_other_seed_other_book(generator):
    pd.testing.assert_frame_equal(generator(n=150, seed=11), generator(n=150, seed=11))
    assert not generator(n=150, seed=11).equals(generator(n=150, seed=12))


def test_bank_book_columns_and_size():
    book = bank_book(n=321, seed=1)
    assert len(book) == 321
    assert book["customer_id"].is_unique
    assert book["customer_id"].iloc[0] == "G0001"
    assert set(book["industry"]) <= set(syn.INDUSTRIES)
    assert set(book["branch"]) <= set(syn.BRANCHES)


def test_bank_book_contribution_follows_stated_formula():
    book = bank_book(n=500, seed=3)
    formula = (book["deposits"] * syn.DEPOSIT_MARGIN + book["loans"] * syn.LOAN_MARGIN
               + book["fee_income"])
    assert (formula - book["contribution"]).abs().max() <= 0.006
    implied = book["contribution"] / book["contribution_last"] - 1
    assert (implied - book["growth"]).abs().max() <= 0.00006


def test_bank_book_values_are_plausible():
    book = bank_book(n=2000, seed=5)
    money = ["deposits", "loans", "settlement", "fee_income", "contribution"]
    assert (book[money] >= 0).all().all()
    assert 0.35 < (book["loans"] == 0).mean() < 0.55  # about 45% have no loan
    assert book["growth"].between(-0.61, 1.51).all()
    # skewed like a real book: the mean well above the median
    assert book["contribution"].mean() > 1.5 * book["contribution"].median()


def test_wealth_book_tiers_match_bounds():
    book = wealth_book(n=1000, seed=8)
    high = book["tier"] == "高端客户"
    assert (book.loc[high, "aum"] >= syn.TIER_BOUNDS["高端客户"]).all()
    assert (book.loc[book["tier"] == "大众客户", "aum"] < syn.TIER_BOUNDS["潜力客户"]).all()
    assert set(book["tier"]) == {"大众客户", "潜力客户", "中端客户", "高端客户"}
    assert book["birth_month"].between(1, 12).all()


@pytest.mark.parametrize("n", [0, -5, 2.5, "200", True])
def test_bad_size_is_a_chinese_error(n):
    with pytest.raises(CrmkitError, match="正整数"):
        bank_book(n=n)


def test_display_names_are_chinese():
    shown = to_display(bank_book(n=3, seed=1))
    assert list(shown.columns[:4]) == ["客户号", "行业", "经办机构", "日均存款(万元)"]


def test_cli_writes_excel_friendly_csv(tmp_path):
    out = tmp_path / "book.csv"
    assert data_cli(["bank_book", "--n", "40", "--seed", "9", "--out", str(out)]) == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: Excel opens Chinese intact
    back = pd.read_csv(out, encoding="utf-8-sig")
    pd.testing.assert_frame_equal(back, bank_book(n=40, seed=9), check_dtype=False)
