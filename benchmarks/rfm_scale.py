"""How rfm_table scales (10 thousand, 100 thousand and 1 million customers), and how it
compares with the two other ways a branch analyst might compute the same table.

Each book comes from crmkit.data.transactions.transactions (about ten
transactions per customer, so up to about ten million rows). Every size is
timed in this process, best of a few runs, and reported as a ratio to the
10,000-customer baseline measured here too, so the numbers compare across
machines. A linear algorithm shows ratios near 10 and 100.

The same book is also scored by a plain Python loop over the rows (one dictionary entry
per customer; 10k and 100k customers only, it is that slow) and by DuckDB's SQL on the
same pandas frame (``pip install -r benchmarks/requirements.txt``; left out, with a note,
when DuckDB is not installed). Both must give exactly rfm_table's numbers before they are
timed; the ratios are their time over rfm_table's at the same size.

    python benchmarks/rfm_scale.py            # 10k, 100k, 1M
    python benchmarks/rfm_scale.py --quick    # 10k and 100k only
"""

from __future__ import annotations

import argparse
import gc
import time

import numpy as np
import pandas as pd

from crmkit.data.transactions import transactions
from crmkit.models.rfm import rfm_table

SIZES = [10_000, 100_000, 1_000_000]
LOOP_UP_TO = 100_000


def python_loop(book: pd.DataFrame) -> pd.DataFrame:
    """Recency, frequency, monetary the way a first script would: one pass over the rows."""
    end = book["date"].max().normalize() + pd.Timedelta(days=1)
    last: dict = {}
    count: dict = {}
    total: dict = {}
    for customer, day, amount in zip(book["customer_id"], book["date"], book["amount"],
                                     strict=True):
        if customer not in count or day > last[customer]:
            last[customer] = day
        count[customer] = count.get(customer, 0) + 1
        total[customer] = total.get(customer, 0.0) + amount
    ids = sorted(count)
    return pd.DataFrame({
        "recency": [(end - last[c].normalize()).days for c in ids],
        "frequency": [count[c] for c in ids],
        "monetary": [round(total[c], 2) for c in ids]}, index=pd.Index(ids))


def duckdb_sql(book: pd.DataFrame) -> pd.DataFrame:
    """The same table in DuckDB's SQL, reading the pandas frame in place."""
    import duckdb

    table = duckdb.sql("""
        SELECT CAST(customer_id AS VARCHAR) AS customer_id,
               date_diff('day', max(CAST(date AS DATE)),
                         (SELECT max(CAST(date AS DATE)) FROM book) + 1) AS recency,
               count(*) AS frequency, round(sum(amount), 2) AS monetary
        FROM book GROUP BY 1 ORDER BY 1""").df()
    return table.set_index("customer_id")


def best_time(run, book, repeats: int) -> float:
    """Best wall-clock time of ``repeats`` runs of ``run(book)`` (the least disturbed run)."""
    times = []
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        run(book)
        times.append(time.perf_counter() - start)
    return min(times)


def same_numbers(other: pd.DataFrame, kit: pd.DataFrame, name: str) -> None:
    """Stop the benchmark if ``other`` does not compute what rfm_table computes."""
    ok = (list(map(str, other.index)) == list(map(str, kit.index))
          and np.array_equal(other["recency"].to_numpy(), kit["recency"].to_numpy())
          and np.array_equal(other["frequency"].to_numpy(), kit["frequency"].to_numpy())
          and np.allclose(other["monetary"].to_numpy(), kit["monetary"].to_numpy(),
                          rtol=0, atol=0.011))
    if not ok:
        raise SystemExit(f"{name} does not give rfm_table's numbers; fix it before timing it")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="rfm_table 的规模测试")
    parser.add_argument("--quick", action="store_true", help="只测 1 万和 10 万客户")
    parser.add_argument("--repeats", type=int, default=3, help="每个规模计时的次数，取最快一次")
    args = parser.parse_args(argv)
    sizes = SIZES[:2] if args.quick else SIZES
    try:
        import duckdb
    except ImportError:
        duckdb = None
        print("没有安装 DuckDB，跳过它的对比（pip install -r benchmarks/requirements.txt）")

    baseline = None
    print(f"{'客户数':>10} {'交易笔数':>12} {'生成(秒)':>9} {'rfm_table(秒)':>14} "
          f"{'相对 1 万客户':>12} {'Python 循环':>12} {'DuckDB':>10}")
    for n in sizes:
        start = time.perf_counter()
        book = transactions(n_customers=n, seed=2024)
        made = time.perf_counter() - start
        seconds = best_time(rfm_table, book, args.repeats)
        baseline = baseline or seconds
        kit = rfm_table(book)
        loop = sql = "—"
        if n <= LOOP_UP_TO:
            same_numbers(python_loop(book), kit, "the Python loop")
            loop = f"{best_time(python_loop, book, 1) / seconds:.0f}×"
        if duckdb is not None:
            same_numbers(duckdb_sql(book), kit, "DuckDB")
            sql = f"{best_time(duckdb_sql, book, args.repeats) / seconds:.1f}×"
        print(f"{n:>12,} {len(book):>14,} {made:>10.2f} {seconds:>15.3f} "
              f"{seconds / baseline:>14.1f}× {loop:>12} {sql:>10}")
        del book, kit
    if duckdb is not None:
        threads = duckdb.sql("SELECT current_setting('threads')").fetchall()[0][0]
        print("（Python 循环、DuckDB 两列是它们的用时除以同规模 rfm_table 的用时；"
              f"DuckDB {duckdb.__version__}，{threads} 个线程）")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
