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
    assert [c.split()[-1] for c in calls] == ["widget-assets", "lint", "unit", "notebooks-check"]
    out = capsys.readouterr().out
    assert "nbval" in out and "失败（退出码 3）" in out and "builds" not in out.split("阶段")[-1]
    table = (tmp_path / "_build" / "stages.tsv").read_text().splitlines()
    assert table[0] == "stage\tseconds\texit"
    assert [row.split("\t")[0] for row in table[1:]] == ["install", "lint", "unit", "nbval"]
    assert table[-1].endswith("\t3")


def test_chosen_stages_only_and_unknown_names_refused(tmp_path, monkeypatch, capsys):
    stages = load_stages()
    monkeypatch.setenv("MAKE", str(fake_make(tmp_path, "nothing")))
    assert stages.run(["lint", "pages"], root=tmp_path) == 0
    assert (tmp_path / "calls.txt").read_text().split() == [
        "--no-print-directory", "lint", "--no-print-directory", "pages-check"]
    assert "合计" in capsys.readouterr().out
    assert stages.run(["lnit"], root=tmp_path) == 2
    assert "没有这些阶段：lnit" in capsys.readouterr().err
