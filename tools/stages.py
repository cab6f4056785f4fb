#!/usr/bin/env python3
"""Run ``make test`` as named stages and print how long each took.

`make test` calls this with the system Python (the virtual environment is built by the
first stage). Each stage is one or more make targets; the runner stops at the first
stage that fails and still prints the table, so a slow or broken stage is plain to see.
The table is also written to ``_build/stages.tsv`` for benchmarks and notes.

    python3 tools/stages.py              # every stage
    python3 tools/stages.py lint unit    # only these
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# (stage, what it covers, steps): in the order `make test` needs them. A stage's steps run
# in turn; a step is one make call ("targets and options"), or a tuple of calls run side by
# side, each one's output shown when it is done.
STAGES = [
    ("install", "虚拟环境、系统包、浏览器和 npm 工具",
     ["venv system-deps page-tools lite-tools hub-tools widget-assets"]),
    ("lint", "ruff 与各源文件的一致性检查", ["lint"]),
    ("unit", "crmkit 单元测试", ["unit"]),
    ("nbval", "实验和练习笔记本的严格 nbval", ["notebooks-check"]),
    # the benchmark alone (its timings), then the editions beside the image replay: the
    # editions are mostly one Sphinx process, the replay mostly pip, so both cores work
    ("builds", "两种网页书、幻灯片、浏览器版；同时回放教室镜像",
     ["bench", ("editions", "image-check")]),
    ("pages", "页面测试和系统测试（Chromium、JupyterHub）",
     ["pages-check PAGES_ARGS=--ignore=$(IMAGE_TEST)"]),  # make expands it
]


def side_by_side(make: str, calls: tuple[str, ...], root: Path) -> int:
    """Run make calls at once; print each one's output in order; the first failure's code."""
    import tempfile

    logs = [tempfile.TemporaryFile("w+", encoding="utf-8") for _ in calls]  # not pipes: a
    running = [subprocess.Popen([make, "--no-print-directory", *call.split()], cwd=root,
                                stdout=log, stderr=subprocess.STDOUT)  # full one would block
               for call, log in zip(calls, logs, strict=True)]
    codes = []
    for call, log, proc in zip(calls, logs, running, strict=True):
        codes.append(proc.wait())
        log.seek(0)
        print(f"--- make {call}\n{log.read()}", end="", flush=True)
        log.close()
    return next((c for c in codes if c), 0)


def run(names: list[str], root: Path = ROOT) -> int:
    chosen = [stage for stage in STAGES if not names or stage[0] in names]
    unknown = set(names) - {stage[0] for stage in STAGES}
    if unknown:
        print(f"没有这些阶段：{'、'.join(sorted(unknown))}；可选："
              f"{'、'.join(s[0] for s in STAGES)}", file=sys.stderr)
        return 2
    make = os.environ.get("MAKE", "make")
    done: list[tuple[str, str, float, int]] = []
    code = 0
    for name, about, steps in chosen:
        said = "；".join(f"make {step}" if isinstance(step, str)
                        else " 与 ".join(f"make {call}" for call in step) + " 同时"
                        for step in steps)
        print(f"\n=== {name}: {about}（{said}）", flush=True)
        start = time.perf_counter()
        for step in steps:
            code = (subprocess.call([make, "--no-print-directory", *step.split()], cwd=root)
                    if isinstance(step, str) else side_by_side(make, step, root))
            if code:
                break
        done.append((name, about, time.perf_counter() - start, code))
        if code:
            break
    report(done, root)
    return code


def report(done: list[tuple[str, str, float, int]], root: Path = ROOT) -> None:
    total = sum(seconds for _, _, seconds, _ in done) or 1.0
    print(f"\n{'阶段':<8}{'秒':>7}{'占比':>6}  结果")
    for name, about, seconds, code in done:
        result = "通过" if code == 0 else f"失败（退出码 {code}）"
        print(f"{name:<10}{seconds:8.1f}{seconds / total:8.0%}  {result}  {about}")
    print(f"{'合计':<10}{total:8.1f}")
    out = root / "_build" / "stages.tsv"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("stage\tseconds\texit\n" + "".join(
        f"{name}\t{seconds:.1f}\t{code}\n" for name, _, seconds, code in done), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
