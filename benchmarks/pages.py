"""Lighthouse on the learner book's six page types, mobile and desktop, served with gzip.

    python benchmarks/pages.py            # after make book-learner (make bench-pages does both)

Lighthouse 12 (npm, tools/fetch_lighthouse.sh) drives Debian's chromium
(CHROME_PATH); the book is served by crmkit.serve, gzip like a real static host.
For each page it prints the performance score, largest contentful paint and
bytes transferred, and the ratio against the figures measured on the same
machine before the pages were lightened (issue 20: mobile performance 35-55,
desktop 55-94, simulated mobile LCP about 8 s on text pages and 14.8 s on a lab
page, about 1.1 MB per text page). Goals: mobile performance at least 80 on text
pages and 60 on a lab page, text pages at most 500 KB. Exit status 1 if a goal
is missed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from crmkit.serve import PAGE_TYPES, start  # noqa: E402

SITE = ROOT / "_build" / "learner" / "_build" / "html"
LIGHTHOUSE = ROOT / "_vendor" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
PAGES = PAGE_TYPES
# Before (issue 20, same machine, same gzip server): (mobile LCP s, text-page KB)
BEFORE_LCP = {"lab": 14.8}
BEFORE_TEXT_LCP = 8.0
BEFORE_TEXT_KB = 1100
GOAL_PERF = {"lab": 60}
GOAL_TEXT_PERF = 80
GOAL_TEXT_KB = 500
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --disable-sync --no-first-run")


def lighthouse(url: str, desktop: bool) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        cmd = [str(LIGHTHOUSE), url, "--output=json", f"--output-path={report}", "--quiet",
               "--only-categories=performance", f"--chrome-flags={CHROME_FLAGS} "
               f"--user-data-dir={tmp}/profile"]
        if desktop:
            cmd.append("--preset=desktop")
        env = {**os.environ, "CHROME_PATH": shutil.which("chromium") or "/usr/bin/chromium",
               "HOME": tmp}
        subprocess.run(cmd, check=True, capture_output=True, timeout=240, env=env)
        data = json.loads(report.read_text(encoding="utf-8"))
    audits = data["audits"]
    return {"score": round(100 * (data["categories"]["performance"]["score"] or 0)),
            "lcp": audits["largest-contentful-paint"]["numericValue"] / 1000,
            "kb": audits["total-byte-weight"]["numericValue"] / 1024}


def main() -> int:
    if not (SITE / "index.html").is_file():
        print("先生成学员版网页书：make book-learner")
        return 2
    subprocess.run([str(ROOT / "tools" / "fetch_lighthouse.sh")], check=True)
    server = start(SITE)
    base = f"http://127.0.0.1:{server.server_port}"
    missed = []
    print(f"{'page':<9} {'form':<7} {'perf':>4} {'LCP s':>6} {'LCP ratio':>9} {'KB':>6} "
          f"{'KB ratio':>8}")
    try:
        for name, path in PAGES.items():
            for desktop in (False, True):
                got = lighthouse(base + path, desktop)
                form = "desktop" if desktop else "mobile"
                lcp_ratio = kb_ratio = ""
                if not desktop:
                    lcp_ratio = f"{got['lcp'] / BEFORE_LCP.get(name, BEFORE_TEXT_LCP):.2f}"
                    if name != "lab":
                        kb_ratio = f"{got['kb'] / BEFORE_TEXT_KB:.2f}"
                    if got["score"] < GOAL_PERF.get(name, GOAL_TEXT_PERF):
                        missed.append(f"{name} mobile performance {got['score']}")
                    if name != "lab" and got["kb"] > GOAL_TEXT_KB:
                        missed.append(f"{name} {got['kb']:.0f} KB")
                print(f"{name:<9} {form:<7} {got['score']:>4} {got['lcp']:>6.1f} {lcp_ratio:>9} "
                      f"{got['kb']:>6.0f} {kb_ratio:>8}", flush=True)
    finally:
        server.shutdown()
        server.server_close()
    print("ratios: after / before (issue 20's figures on this machine); lower is better")
    if missed:
        print("goals missed: " + "; ".join(missed))
        return 1
    print("goals met: mobile performance ≥ 80 (text) and ≥ 60 (lab), text pages ≤ 500 KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
