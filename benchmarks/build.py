"""Time a cold build of the trainer book (empty execution cache) against a warm rebuild.

This is also the trainer build that ``make test`` checks: the cold build starts
from an empty jupyter-cache (``_build/.jupyter_cache`` is cleared), the warm
rebuild reuses it, and the learner build that follows reuses it too, so the
notebooks execute once. Both timings run here, one after the other, so their
ratio is comparable on whatever machine runs them. A warm rebuild that executes
any notebook fails the benchmark.

    python benchmarks/build.py
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "_build" / ".jupyter_cache"
OUT = ROOT / "_build" / "trainer"


def build() -> tuple[float, int]:
    cmd = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(ROOT),
           "--path-output", str(OUT), "-W", "-n", "--keep-going"]
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "CRMKIT_AUDIENCE": "trainer"})
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.stderr.write(done.stdout[-6000:] + done.stderr[-6000:])
        raise SystemExit(f"build failed ({done.returncode})")
    executed = len(re.findall(r"Executing notebook", done.stdout + done.stderr))
    return seconds, executed


def main() -> int:
    shutil.rmtree(CACHE, ignore_errors=True)
    shutil.rmtree(OUT, ignore_errors=True)
    cold, cold_runs = build()
    warm, warm_runs = build()
    print(f"cold build (empty cache): {cold:7.1f} s, notebooks executed: {cold_runs}")
    print(f"warm rebuild (cached):    {warm:7.1f} s, notebooks executed: {warm_runs}")
    print(f"ratio cold / warm:        {cold / warm:7.2f}x")
    if warm_runs or not cold_runs:
        print("the execution cache did not behave: a warm rebuild must execute nothing",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
