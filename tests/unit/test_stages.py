"""tools/stages.py: `make test` as timed stages, stopping at the first failure."""

from __future__ import annotations

import importlib.util
import stat
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def load_stages():
    spec = importlib.util.spec_from_file_location("stages", ROOT / "tools" / "stages.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fake_make(tmp_path: Path, failing: str) -> Path:
    """A `make` that logs its targets and fails on one of them."""
    script = tmp_path / "make"
    script.write_text("#!/bin/sh\n"
                      f'echo "$@" >> "{tmp_path}/calls.txt"\n'
                      f'case " $* " in *" {failing} "*) exit 3;; esac\n'
                      "exit 0\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return script


def test_stages_run_in_order_and_stop_at_the_first_failure(tmp_path, monkeypatch, capsys):
    stages = load_stages()
    monkeypatch.setenv("MAKE", str(fake_make(tmp_path, "notebooks-check")))
    assert stages.run([], root=tmp_path) == 3
    calls = (tmp_path / "calls.txt").read_text().splitlines()
    assert sorted(c.split()[-1] for c in calls[:2]) == ["venv", "widget-assets"]  # together
    assert [c.split()[-1] for c in calls[2:]] == ["lint", "unit", "notebooks-check"]
    out = capsys.readouterr().out
    assert "nbval" in out and "失败（退出码 3）" in out and "builds" not in out.split("阶段")[-1]
    table = (tmp_path / "_build" / "stages.tsv").read_text().splitlines()
    assert table[0] == "stage\tseconds\texit\tcores_busy"
    assert [row.split("\t")[0] for row in table[1:]] == ["install", "lint", "unit", "nbval"]
    assert table[-1].split("\t")[2] == "3"


def test_chosen_stages_only_and_unknown_names_refused(tmp_path, monkeypatch, capsys):
    stages = load_stages()
    monkeypatch.setenv("MAKE", str(fake_make(tmp_path, "nothing")))
    assert stages.run(["lint", "pages"], root=tmp_path) == 0
    assert (tmp_path / "calls.txt").read_text().splitlines() == [
        "--no-print-directory lint",
        "--no-print-directory pages-check "
        "PAGES_ARGS=--ignore=$(IMAGE_TEST)"]
    assert "合计" in capsys.readouterr().out
    assert stages.run(["lnit"], root=tmp_path) == 2
    assert "没有这些阶段：lnit" in capsys.readouterr().err


def test_a_stage_of_several_make_calls_stops_at_its_failing_call(tmp_path, monkeypatch,
                                                                  capsys):
    stages = load_stages()
    monkeypatch.setenv("MAKE", str(fake_make(tmp_path, "book-bench")))
    assert stages.run(["builds", "pages"], root=tmp_path) == 3
    assert (tmp_path / "calls.txt").read_text().splitlines() == [
        "--no-print-directory book-bench"]  # not the editions, not the pages
    out = capsys.readouterr().out
    assert "make book-bench；make editions 与 make image-check 同时" in out
    monkeypatch.setenv("MAKE", str(fake_make(tmp_path, "nothing")))
    (tmp_path / "calls.txt").unlink()
    assert stages.run(["builds"], root=tmp_path) == 0
    calls = (tmp_path / "calls.txt").read_text().splitlines()
    assert calls[0] == "--no-print-directory book-bench"
    assert sorted(calls[1:]) == ["--no-print-directory editions",
                                 "--no-print-directory image-check"]
    out = capsys.readouterr().out
    assert out.index("--- make editions") < out.index("--- make image-check")


def test_calls_side_by_side_fail_the_stage_when_one_fails(tmp_path, monkeypatch, capsys):
    stages = load_stages()
    monkeypatch.setenv("MAKE", str(fake_make(tmp_path, "image-check")))
    assert stages.run(["builds", "pages"], root=tmp_path) == 3
    calls = (tmp_path / "calls.txt").read_text().splitlines()
    assert sorted(calls) == ["--no-print-directory book-bench",
                             "--no-print-directory editions",
                             "--no-print-directory image-check"]  # the pages never ran
    assert "失败（退出码 3）" in capsys.readouterr().out


def test_the_table_says_how_many_cores_each_stage_kept_busy(tmp_path, monkeypatch, capsys):
    stages = load_stages()
    monkeypatch.setenv("MAKE", str(fake_make(tmp_path, "nothing")))
    clock = iter([100.0, 110.0, 200.0, 204.0])  # lint: 10 s, unit: 4 s of wall time
    busy = iter([50.0, 65.0, 80.0, 88.0])  # 15 and 8 busy CPU seconds
    monkeypatch.setattr(stages.time, "perf_counter", lambda: next(clock))
    monkeypatch.setattr(stages, "cpu_seconds", lambda: next(busy))
    assert stages.run(["lint", "unit"], root=tmp_path) == 0
    rows = {line.split()[0]: line.split() for line in capsys.readouterr().out.splitlines()
            if line.startswith(("lint ", "unit "))}
    assert rows["lint"][1:4] == ["10.0", "71%", "1.5"]
    assert rows["unit"][1:4] == ["4.0", "29%", "2.0"]
    table = (tmp_path / "_build" / "stages.tsv").read_text().splitlines()
    assert table[1:] == ["lint\t10.0\t0\t1.50", "unit\t4.0\t0\t2.00"]


def test_cpu_seconds_reads_the_busy_ticks_of_proc_stat():
    stages = load_stages()
    first = stages.cpu_seconds()  # the kit's checks run on Linux
    assert isinstance(first, float) and first > 0
    sum(i * i for i in range(2_000_000))  # keep this core busy for a moment
    assert stages.cpu_seconds() > first
