"""Time a cold build of the book (empty execution cache) against a warm rebuild.

Both builds run here, one after the other, into a temporary folder with their own
jupyter-cache, so the numbers are comparable on whatever machine runs them.
Prints the two times and their ratio, and how many notebooks each build executed:
a warm rebuild should execute none.

    python benchmarks/build.py
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def build(config: Path, out: Path) -> tuple[float, int]:
    cmd = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(ROOT),
           "--config", str(config), "--path-output", str(out), "-W", "-n", "--keep-going"]
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True,
                          env={**os.environ, "CRMKIT_AUDIENCE": "trainer"})
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.stderr.write(done.stdout[-4000:] + done.stderr[-4000:])
        raise SystemExit(f"build failed ({done.returncode})")
    executed = len(re.findall(r"Executing notebook", done.stdout + done.stderr))
    return seconds, executed


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="crmkit-bench-") as tmp:
        tmp = Path(tmp)
        config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
        config["execute"]["cache"] = str(tmp / "jupyter_cache")
        # jupyter-book reads local extensions relative to the config file's folder
        config["sphinx"]["local_extensions"] = {"crmkit.booktools": str(ROOT)}
        config_path = tmp / "_config.yml"
        config_path.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
        cold, cold_runs = build(config_path, tmp / "out")
        warm, warm_runs = build(config_path, tmp / "out")
    print(f"cold build (empty cache): {cold:7.1f} s, notebooks executed: {cold_runs}")
    print(f"warm rebuild (cached):    {warm:7.1f} s, notebooks executed: {warm_runs}")
    print(f"ratio cold / warm:        {cold / warm:7.2f}x")
    if warm_runs:
        print("warm rebuild executed notebooks: the cache is not working", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
