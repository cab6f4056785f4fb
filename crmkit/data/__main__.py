"""Write a synthetic book to CSV: ``python -m crmkit.data bank_book --n 200 --seed 2024``."""

from __future__ import annotations

import argparse
import sys

from crmkit.data import prospects, synthetic

GENERATORS = {"bank_book": synthetic.bank_book, "wealth_book": synthetic.wealth_book,
              "prospects": prospects.prospects}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m crmkit.data",
        description="生成合成客户数据（CSV，UTF-8 带 BOM，Excel 可直接打开）")
    parser.add_argument("generator", choices=sorted(GENERATORS))
    parser.add_argument("--n", type=int, default=200, help="客户数")
    parser.add_argument("--seed", type=int, default=2024, help="随机种子")
    parser.add_argument("--out", default="-", help="输出文件，默认打印到屏幕")
    args = parser.parse_args(argv)
    book = GENERATORS[args.generator](n=args.n, seed=args.seed)
    if args.out == "-":
        book.to_csv(sys.stdout, index=False)
    else:
        book.to_csv(args.out, index=False, encoding="utf-8-sig", lineterminator="\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
