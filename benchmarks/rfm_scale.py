"""How rfm_table scales: 10 thousand, 100 thousand and 1 million customers.

Each book comes from crmkit.data.transactions.transactions (about ten
transactions per customer, so up to about ten million rows). Every size is
timed in this process, best of a few runs, and reported as a ratio to the
10,000-customer baseline measured here too, so the numbers compare across
machines. A linear algorithm shows ratios near 10 and 100.

    python benchmarks/rfm_scale.py            # 10k, 100k, 1M
    python benchmarks/rfm_scale.py --quick    # 10k and 100k only
"""

from __future__ import annotations

import argparse
import gc
import time

from crmkit.data.transactions import transactions
from crmkit.models.rfm import rfm_table

SIZES = [10_000, 100_000, 1_000_000]


def best_time(book, repeats: int) -> float:
    """Best wall-clock time of ``repeats`` runs of rfm_table (the least disturbed run)."""
    times = []
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        rfm_table(book)
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="rfm_table 的规模测试")
    parser.add_argument("--quick", action="store_true", help="只测 1 万和 10 万客户")
    parser.add_argument("--repeats", type=int, default=3, help="每个规模计时的次数，取最快一次")
    args = parser.parse_args(argv)
    sizes = SIZES[:2] if args.quick else SIZES

    baseline = None
    print(f"{'客户数':>10} {'交易笔数':>12} {'生成(秒)':>9} {'rfm_table(秒)':>14} "
          f"{'相对 1 万客户':>12}")
    for n in sizes:
        start = time.perf_counter()
        book = transactions(n_customers=n, seed=2024)
        made = time.perf_counter() - start
        seconds = best_time(book, args.repeats)
        baseline = baseline or seconds
        print(f"{n:>12,} {len(book):>14,} {made:>10.2f} {seconds:>15.3f} "
              f"{seconds / baseline:>14.1f}×")
        del book
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
