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
    # the virtual environment (pip, then bytecode on both cores) beside the system packages
    # and the npm tools, which wait on the network and the package caches
    ("install", "虚拟环境、系统包、浏览器和 npm 工具",
     [("venv", "system-deps page-tools lite-tools hub-tools widget-assets")]),
    ("lint", "ruff 与各源文件的一致性检查", ["lint"]),
    ("unit", "crmkit 单元测试", ["unit"]),
    ("nbval", "实验和练习笔记本的严格 nbval", ["notebooks-check"]),
    # the trainer book's cold and warm builds alone (timed; the floor is make bench's),
    # then the editions beside the image replay: the editions are mostly one Sphinx
    # process, the replay mostly pip, so both cores work
    ("builds", "两种网页书、幻灯片、浏览器版；同时回放教室镜像",
     ["book-bench", ("editions", "image-check")]),
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


def cpu_seconds() -> float | None:
    """CPU seconds all cores have spent busy since boot (Linux /proc/stat), or None.

    Busy seconds over a stage's wall seconds is how many cores it kept busy on average:
    on this 2-core machine a stage near 1.0 leaves a core idle, one near 2.0 can only get
    faster by doing less.
    """
    try:
        fields = Path("/proc/stat").read_text(encoding="ascii").split("\n", 1)[0].split()
        ticks = [int(value) for value in fields[1:9]]  # user .. steal
    except (OSError, ValueError, IndexError):
        return None
    busy = sum(ticks) - ticks[3] - ticks[4]  # not idle, not waiting for the disk
    return busy / os.sysconf("SC_CLK_TCK")


def run(names: list[str], root: Path = ROOT) -> int:
    chosen = [stage for stage in STAGES if not names or stage[0] in names]
    unknown = set(names) - {stage[0] for stage in STAGES}
    if unknown:
        print(f"没有这些阶段：{'、'.join(sorted(unknown))}；可选："
              f"{'、'.join(s[0] for s in STAGES)}", file=sys.stderr)
        return 2
    make = os.environ.get("MAKE", "make")
    done: list[tuple[str, str, float, int, float | None]] = []
    code = 0
    for name, about, steps in chosen:
        said = "；".join(f"make {step}" if isinstance(step, str)
                        else " 与 ".join(f"make {call}" for call in step) + " 同时"
                        for step in steps)
        print(f"\n=== {name}: {about}（{said}）", flush=True)
        start, busy = time.perf_counter(), cpu_seconds()
        for step in steps:
            code = (subprocess.call([make, "--no-print-directory", *step.split()], cwd=root)
                    if isinstance(step, str) else side_by_side(make, step, root))
            if code:
                break
        seconds, busy_now = time.perf_counter() - start, cpu_seconds()
        measured = busy is not None and busy_now is not None and seconds > 0
        cores = (busy_now - busy) / seconds if measured else None
        done.append((name, about, seconds, code, cores))
        if code:
            break
    report(done, root)
    return code


def report(done: list[tuple[str, str, float, int, float | None]], root: Path = ROOT) -> None:
    """The stage table: seconds, share of the total, cores kept busy on average, result."""
    total = sum(row[2] for row in done) or 1.0
    print(f"\n{'阶段':<8}{'秒':>7}{'占比':>6}{'忙核数':>5}  结果")
    for name, about, seconds, code, cores in done:
        result = "通过" if code == 0 else f"失败（退出码 {code}）"
        busy = f"{cores:8.1f}" if cores is not None else f"{'—':>8}"
        print(f"{name:<10}{seconds:8.1f}{seconds / total:8.0%}{busy}  {result}  {about}")
    print(f"{'合计':<10}{total:8.1f}（本机 {os.cpu_count()} 核）")
    out = root / "_build" / "stages.tsv"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("stage\tseconds\texit\tcores_busy\n" + "".join(
        f"{name}\t{seconds:.1f}\t{code}\t{'' if cores is None else f'{cores:.2f}'}\n"
        for name, _, seconds, code, cores in done), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
