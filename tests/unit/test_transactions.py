"""Synthetic transaction lists, monthly panels and loyalty features: deterministic and sane."""

import numpy as np
import pandas as pd
import pytest

from crmkit import CrmkitError
from crmkit.data import transactions as tx
from crmkit.data.transactions import loyalty_features, monthly_panel, transactions
from crmkit.models.loyalty import CATEGORIES, classify_loyalty


@pytest.mark.parametrize("kind", ["retail", "corporate", "brokerage"])
def test_same_seed_same_list_other_seed_other_list(kind):
    pd.testing.assert_frame_equal(transactions(150, seed=3, kind=kind),
                                  transactions(150, seed=3, kind=kind))
    assert not transactions(150, seed=3, kind=kind).equals(transactions(150, seed=4, kind=kind))


@pytest.mark.parametrize("kind", ["retail", "corporate", "brokerage"])
def test_columns_dates_ids_and_channels(kind):
    book = transactions(n_customers=321, seed=1, kind=kind, start="2024-03-01", end="2024-08-31")
    expected = ["customer_id", "date", "amount", "channel"]
    assert list(book.columns) == expected + (["commission"] if kind == "brokerage" else [])
    prefix = tx.KINDS[kind]["prefix"]
    assert book["customer_id"].nunique() == 321  # everyone has at least one transaction
    assert str(book["customer_id"].min()) == f"{prefix}0001"
    assert str(book["customer_id"].max()) == f"{prefix}0321"
    assert book["date"].between(pd.Timestamp("2024-03-01"), pd.Timestamp("2024-08-31")).all()
    assert book["date"].is_monotonic_increasing
    assert (book["amount"] > 0).all()
    assert set(book["channel"].astype(str)) <= set(tx.KINDS[kind]["channels"])


def test_ids_widen_with_the_number_of_customers():
    assert str(transactions(12_345, seed=1)["customer_id"].min()) == "R00001"


def test_brokerage_commission_follows_the_stated_rule():
    book = transactions(n_customers=400, seed=5, kind="brokerage")
    # 万分之 2.5 with a 5 元 minimum: 10,000 元 → 2.5 → 5.00; 100,000 元 → 25.00
    expected = np.round(np.maximum(book["amount"] * 0.00025, 5.0), 2)
    assert (book["commission"] == expected).all()
    assert (book["commission"] >= 5.0).all()


def test_retail_mean_is_about_ten_transactions_and_recency_varies():
    book = transactions(n_customers=20_000, seed=11)
    per_customer = book.groupby("customer_id", observed=True).size()
    assert 9.0 < per_customer.mean() < 11.0
    last = book.groupby("customer_id", observed=True)["date"].max()
    # lapsed customers leave well before the end of the year
    assert 0.15 < (last < pd.Timestamp("2024-10-01")).mean() < 0.40


@pytest.mark.parametrize("kwargs, fragment", [
    ({"n_customers": 0}, "正整数"), ({"n_customers": "200"}, "正整数"),
    ({"n_customers": True}, "正整数"), ({"kind": "vip"}, "不认识的客户类型"),
    ({"start": "2024-12-31", "end": "2024-01-01"}, "早于开始日期"),
    ({"start": "元旦"}, "不是可识别的日期"),
])
def test_bad_arguments_give_chinese_messages(kwargs, fragment):
    with pytest.raises(CrmkitError) as err:
        transactions(**kwargs)
    assert fragment in str(err.value)


def test_monthly_panel_shape_and_ranges():
    panel = monthly_panel(n_customers=50, seed=3, months=9, end="2025-03")
    assert list(panel.columns) == ["customer_id", "month", "balance", "transactions",
                                   "share_of_wallet", "complaints"]
    assert len(panel) == 50 * 9
    assert panel["month"].iloc[:9].tolist() == ["2024-07", "2024-08", "2024-09", "2024-10",
                                                "2024-11", "2024-12", "2025-01", "2025-02",
                                                "2025-03"]
    assert panel["share_of_wallet"].between(0, 1).all()
    assert (panel[["balance", "transactions", "complaints"]] >= 0).all().all()
    pd.testing.assert_frame_equal(panel, monthly_panel(n_customers=50, seed=3, months=9,
                                                       end="2025-03"))


def test_drifting_customers_really_drift():
    panel = monthly_panel(n_customers=2000, seed=9, with_truth=True)
    months = sorted(panel["month"].unique())
    early = panel[panel["month"].isin(months[:3])].groupby("customer_id")["balance"].mean()
    late = panel[panel["month"].isin(months[-3:])].groupby("customer_id")["balance"].mean()
    drifting = panel.groupby("customer_id")["drifting"].first()
    change = late / early - 1
    assert 0.12 < drifting.mean() < 0.18
    assert change[drifting].median() < -0.30
    assert abs(change[~drifting].median()) < 0.05


@pytest.mark.parametrize("kwargs, fragment", [
    ({"months": 4}, "6 到 60"), ({"end": "十二月"}, "不是可识别的月份"),
    ({"n_customers": -1}, "正整数"),
])
def test_monthly_panel_bad_arguments(kwargs, fragment):
    with pytest.raises(CrmkitError, match=fragment):
        monthly_panel(**kwargs)


def test_loyalty_features_ranges_and_every_type_appears():
    features = loyalty_features(n_customers=200, seed=2024)
    assert features["satisfaction"].between(1, 5).all()
    for column in ["share_of_wallet", "price_sensitivity", "repeat_rate"]:
        assert features[column].between(0, 1).all()
    assert features["customer_id"].is_unique
    kinds = set(classify_loyalty(features)["loyalty_type"].astype(str))
    assert kinds == set(CATEGORIES)
    pd.testing.assert_frame_equal(features, loyalty_features(n_customers=200, seed=2024))
