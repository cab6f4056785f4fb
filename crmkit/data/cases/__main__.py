"""Write a case's data files: ``python -m crmkit.data.cases nev-chain`` (into
``cases/nev-chain/``, or ``--out`` elsewhere); ``--all`` writes every case's files."""

from __future__ import annotations

import argparse

from crmkit.data import cases
from crmkit.data.cases._common import write_tables


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crmkit.data.cases",
                                     description="生成案例的数据文件（CSV，UTF-8 带 BOM）")
    parser.add_argument("slug", nargs="?", choices=cases.slugs(), help="案例文件夹名")
    parser.add_argument("--out", help="输出文件夹，默认 cases/<案例文件夹名>/")
    parser.add_argument("--all", action="store_true", help="写出每个案例的数据文件")
    args = parser.parse_args(argv)
    if args.all == bool(args.slug) or (args.all and args.out):
        parser.error("给一个案例文件夹名，或者用 --all（不能同时用 --out）")
    for slug in cases.slugs() if args.all else [args.slug]:
        for path in write_tables(cases.tables(slug), args.out or f"cases/{slug}/"):
            print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
