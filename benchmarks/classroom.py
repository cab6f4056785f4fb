"""The classroom hub with 10 and 30 trainees, against one learner's JupyterLab (make start).

Baseline, measured first in this process: ``jupyter lab`` as ``make start`` runs it, from
launch to a kernel answering ``1 + 1`` (median of three), and its memory (server and
kernel). Then for each class size a hub is started on localhost (``crmkit classroom
start``) and every trainee logs in at the same moment (a thread each, as when a trainer
says "please log in now"): form login, server start (with the course pulled into the
home), a kernel, ``1 + 1``. One trainee's login→kernel time runs from the login form to
that answer. Memory is PSS (shared pages split among the processes that share them), per
trainee for the server and kernel, and for the hub with its proxy.

    python benchmarks/classroom.py               # 10 and 30 trainees
    python benchmarks/classroom.py --sizes 10    # one size only
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil
import requests

from crmkit.classroom import cli
from crmkit.classroom.client import HubUser, LabUser

ROOT = Path(__file__).resolve().parents[1]
MB = 1024 * 1024


def free_port(start: int) -> int:
    for port in range(start, start + 400, 5):
        if all(socket.socket().connect_ex(("127.0.0.1", port + k)) != 0 for k in range(3)):
            return port
    raise RuntimeError("no free ports")


def pss(processes) -> float:
    total = 0
    for proc in processes:
        try:
            total += proc.memory_full_info().pss
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    return total / MB


def lab_once(seconds: float = 120) -> tuple[float, float]:
    """(seconds from launch to a kernel answering, MB of server + kernel) of one JupyterLab."""
    port, token = free_port(18900), secrets.token_hex(16)
    command = [str(Path(sys.executable).with_name("jupyter")), "lab", "--no-browser",
               f"--port={port}", "--ip=127.0.0.1", f"--IdentityProvider.token={token}",
               f"--ServerApp.root_dir={ROOT}"]
    if os.geteuid() == 0:
        command.append("--allow-root")
    began = time.monotonic()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env={**os.environ, "JUPYTER_PLATFORM_DIRS": "1"})
    try:
        user = LabUser(f"http://127.0.0.1:{port}", token)
        while time.monotonic() - began < seconds:
            try:
                if user.api("GET", "status").status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            time.sleep(0.1)
        kernel = user.start_kernel()
        user.execute(kernel, ["1 + 1"], seconds)
        took = time.monotonic() - began
        server = psutil.Process(proc.pid)
        memory = pss([server, *server.children(recursive=True)])
        return took, memory
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def class_processes(state: Path) -> tuple[dict[str, list], list]:
    """Processes of this class: per trainee (server, kernel) and the rest (hub, proxy)."""
    per, rest = {}, []
    marker = str(state)
    for proc in psutil.process_iter():
        try:
            env = proc.environ()
        except (psutil.NoSuchProcess, psutil.AccessDenied, OSError):
            continue
        if env.get("CRMKIT_CLASS_STATE") != marker:
            continue
        user = env.get("JUPYTERHUB_USER")
        (per.setdefault(user, []) if user else rest).append(proc)
    return per, rest


def one_trainee(base: str, name: str, password: str) -> float:
    began = time.monotonic()
    user = HubUser(base, name, password)
    user.start_server(seconds=300)
    kernel = user.start_kernel()
    user.execute(kernel, ["1 + 1"], 120)
    return time.monotonic() - began


def class_once(size: int) -> dict:
    with tempfile.TemporaryDirectory() as scratch:
        state = Path(scratch).resolve()
        port = free_port(18100)
        began = time.monotonic()
        settings = cli.start(state, trainees=size, ip="127.0.0.1", port=port, timeout=120)
        opened = time.monotonic() - began
        try:
            base = f"http://127.0.0.1:{port}"
            with ThreadPoolExecutor(max_workers=size) as pool:
                times = list(pool.map(lambda n: one_trainee(base, n, settings.password),
                                      settings.trainees))
            per, rest = class_processes(state)
            memory = [pss(procs) for procs in per.values()]
            return {"trainees": size, "open_s": opened, "times": times,
                    "median_s": statistics.median(times), "max_s": max(times),
                    "servers": len(per), "per_trainee_mb": statistics.mean(memory),
                    "hub_mb": pss(rest)}
        finally:
            cli.stop(state)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="培训班 JupyterHub 的登录时间和内存")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 30], help="学员人数")
    args = parser.parse_args(argv)
    if not cli.PROXY.is_file():
        print("没有 configurable-http-proxy：先运行 make hub-tools", file=sys.stderr)
        return 2
    runs = [lab_once() for _ in range(3)]
    lab_s = statistics.median(r[0] for r in runs)
    lab_mb = statistics.median(r[1] for r in runs)
    print(f"基准：单人 JupyterLab（make start 的方式）从启动到内核可用 {lab_s:.1f} 秒，"
          f"服务器加内核 {lab_mb:.0f} MB（三次的中位数）")
    print(f"CPU {psutil.cpu_count()} 核，内存 {psutil.virtual_memory().total / 1024**3:.0f} GB")
    results = []
    header = ("学员数  开班用时  登录→内核中位数  最长    中位/基准  最长/基准  "
              "每人内存  每人/基准  Hub+代理")
    lines = [header]
    for size in args.sizes:
        r = class_once(size)
        results.append(r)
        lines.append(f"{size:>6}  {r['open_s']:>6.1f}s  {r['median_s']:>13.1f}s  "
                     f"{r['max_s']:>5.1f}s  {r['median_s'] / lab_s:>8.2f}  "
                     f"{r['max_s'] / lab_s:>8.2f}  {r['per_trainee_mb']:>6.0f}MB  "
                     f"{r['per_trainee_mb'] / lab_mb:>8.2f}  {r['hub_mb']:>6.0f}MB")
        if r["servers"] != size:
            lines.append(f"  注意：只找到 {r['servers']} 位学员的进程")
    print("\n".join(lines))
    out = ROOT / "_build" / "bench" / "classroom.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"lab_s": lab_s, "lab_mb": lab_mb, "classes": results},
                              ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
