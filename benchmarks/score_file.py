"""`crmkit score` on a 2,000,000-row CSV against reading the same file with plain pandas.

A branch analyst's ledger for a year can run to millions of rows. This writes one such
file (made up: 50,000 customers, dates across 2024, amounts with cents, a 合计 line at
the bottom as exports have), then runs, each in a fresh process so that peak memory is
the process's own:

- the baseline: ``pandas.read_csv`` of the file and nothing else;
- the kit's reading alone (``load_transactions``): every value checked, the total line
  skipped and checked;
- ``crmkit score FILE --out DIR``: the reading, RFM scores and segments, and writing
  report.xlsx (one row per customer) and scores.csv.

Each is run three times (``--repeat``), in turn, and the fastest of its runs is kept, so
that a moment of load on the machine does not decide the ratio. It prints wall time, rows
per second and peak memory of each, and the ratio of rows per second (goal: crmkit within
3× of plain pandas, and under 2 GB).

    python benchmarks/score_file.py              # 2,000,000 rows
    python benchmarks/score_file.py --rows 200000
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

# Each run is a fresh process that prints its own peak resident memory (KB) when done.
PEAK = "; import resource; print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
BASELINE = "import sys, pandas as pd; pd.read_csv(sys.argv[1])" + PEAK
READ_ONLY = ("import sys; from crmkit.io import load_transactions; "
             "load_transactions(sys.argv[1], progress=False)" + PEAK)
SCORE = ("import sys; from crmkit.cli import main; "
         # --force: each run after the first replaces the report of the run before
         "main(['score', sys.argv[1], '--out', sys.argv[2], '--no-progress', '--force'])"
         + PEAK)


def write_ledger(path: Path, rows: int, customers: int = 50_000, seed: int = 2024) -> float:
    """The CSV a core system would export; returns the amount total written on its 合计 line."""
    rng = np.random.default_rng(seed)
    ids = np.char.add("C", np.char.zfill(rng.integers(0, customers, rows).astype(str), 6))
    days = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 366, rows), unit="D")
    cents = rng.lognormal(8, 1.2, rows).round(2)
    frame = pd.DataFrame({"客户号": ids, "交易日期": days.strftime("%Y-%m-%d"),
                          "金额": cents})
    frame.to_csv(path, index=False, float_format="%.2f")
    total = float(np.round(cents, 2).sum())
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(f"合计,,{total:.2f}\n")
    return total


def timed(command: list[str]) -> tuple[float, float]:
    """Wall seconds and the peak resident memory (MB) of one fresh process."""
    start = time.perf_counter()
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    return seconds, int(done.stdout.strip().splitlines()[-1]) / 1024


def fastest(commands: list[list[str]], repeat: int) -> list[tuple[float, float]]:
    """Each command's fastest run and its peak memory, the commands taking turns."""
    runs = [[timed(command) for command in commands] for _ in range(repeat)]
    return [min(each) for each in zip(*runs, strict=True)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="crmkit score 与 pandas.read_csv 的对比")
    parser.add_argument("--rows", type=int, default=2_000_000)
    parser.add_argument("--repeat", type=int, default=3, help="每项跑几次，取最快的一次")
    parser.add_argument("--write", metavar="CSV", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.write:
        write_ledger(Path(args.write), args.rows)
        return 0
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "ledger.csv"
        start = time.perf_counter()
        # written by a child process: Linux carries a parent's peak memory into the
        # processes it starts, so this process stays small for the measurements below
        subprocess.run([sys.executable, __file__, "--write", str(source), "--rows",
                        str(args.rows)], check=True)
        print(f"生成 {args.rows:,} 行（{source.stat().st_size / 2**20:.0f} MB），"
              f"用时 {time.perf_counter() - start:.1f} 秒")
        score = [sys.executable, "-c", SCORE, str(source), str(Path(folder) / "report")]
        (base_s, base_mb), (read_s, read_mb), (kit_s, kit_mb) = fastest(
            [[sys.executable, "-c", BASELINE, str(source)],
             [sys.executable, "-c", READ_ONLY, str(source)], score], max(1, args.repeat))
    rows = args.rows
    print(f"每项跑 {max(1, args.repeat)} 次，取最快的一次：")
    print(f"{'':22}{'秒':>8}{'行/秒':>14}{'峰值内存(MB)':>14}")
    print(f"{'pandas.read_csv':22}{base_s:8.1f}{rows / base_s:14,.0f}{base_mb:14,.0f}")
    print(f"{'读取并检查':20}{read_s:8.1f}{rows / read_s:14,.0f}{read_mb:14,.0f}")
    print(f"{'crmkit score':22}{kit_s:8.1f}{rows / kit_s:14,.0f}{kit_mb:14,.0f}")
    print(f"读取并检查的用时是 pandas.read_csv 的 {read_s / base_s:.2f} 倍；"
          f"整条 crmkit score 是 {kit_s / base_s:.2f} 倍（目标 ≤ 3 倍），"
          f"峰值内存 {kit_mb / 1024:.2f} GB（目标 < 2 GB）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
