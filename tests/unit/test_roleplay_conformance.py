"""The Python engine and the JavaScript player give identical results on the same paths.

Runs ``node tests/js/conformance.js`` once, on every scenario with a fixed set of paths:
the best path, a shortest path to every ending, partial and invalid paths, and
seeded random walks. Transcripts, totals, progress, outcome, debrief, the
exported JSON record and the CSV text must match exactly.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from collections import deque
from pathlib import Path

import pytest

from crmkit import CrmkitError
from crmkit.roleplay import RolePlay, best_path, compile_text, load_scenario
from crmkit.roleplay.embed import to_json
from crmkit.roleplay.sphinx import examples_in_page

ROOT = Path(__file__).resolve().parents[2]
RUNNER = ROOT / "tests" / "js" / "conformance.js"
GUIDE = ROOT / "book" / "trainers" / "roleplay-authoring.md"
NODE = shutil.which("node")

# Cycles (s ⇄ m, s → x → m), a second speaker and an unsuccessful ending with a high score.
CYCLIC = """
id: conformance-cycles
title: 循环与平局
persona: {name: 甲, role: 经理, company: 乙公司, industry: 制造, mood: 平静, response_mode: 困境型}
goal: 测试
rubric: [{name: A, max: 3}, {name: B, max: 2}]
start: s
nodes:
  - id: s
    narration: "开场, 带逗号和 \\"引号\\""
    customer: C-s
    options:
      - {id: a, text: T-sa, skill: 开场白, points: {A: 1}, feedback: F-sa, next: m}
      - {id: b, text: "T-sb\\n第二行", skill: 开场白, points: {A: 2}, feedback: F-sb, next: x}
  - id: m
    customer: C-m
    options:
      - {id: a, text: T-ma, skill: 约见收尾, points: {A: 3, B: 2}, feedback: F-ma, next: win}
      - {id: b, text: T-mb, skill: 倾听确认, points: {B: 1}, feedback: F-mb, next: s}
      - {id: c, text: T-mc, skill: 倾听确认, points: {A: 3, B: 2}, feedback: F-mc, next: deal}
  - id: x
    speaker: 前台
    customer: C-x
    options:
      - {id: a, text: T-xa, skill: 找对人, points: {A: 1}, feedback: F-xa, next: m}
      - {id: b, text: T-xb, skill: 找对人, points: {A: 3}, feedback: F-xb, next: lose}
endings:
  - {id: win, outcome: 约定面谈, customer: C-win, summary: W,
     appointment: {time: "10:00", place: 公司, contact: 甲}}
  - {id: deal, outcome: 达成意向, summary: D, next_step: 开户}
  - {id: lose, outcome: 婉拒, narration: N-lose, summary: L}
"""


def scenarios() -> list[tuple[str, dict]]:
    found = [(p.stem, load_scenario(p)) for p in sorted((ROOT / "cases/roleplay").glob("*.yaml"))]
    found.append(("cycles", compile_text(CYCLIC)))
    if GUIDE.is_file():
        found += [(f"guide-{i}", compile_text(text))
                  for i, text in enumerate(examples_in_page(GUIDE))]
    return found


def paths_for(scenario: dict) -> list[list[str]]:
    """Best path, shortest path to each ending, partial and invalid paths, random walks."""
    best = best_path(scenario)["options"]
    nodes = {n["id"]: n for n in scenario["nodes"]}
    # breadth-first, options in file order: the first path found to each ending is kept
    seen = {scenario["start"]: []}
    queue = deque([scenario["start"]])
    while queue:
        here = queue.popleft()
        for opt in nodes[here]["options"] if here in nodes else []:
            if opt["next"] not in seen:
                seen[opt["next"]] = seen[here] + [opt["id"]]
                queue.append(opt["next"])
    to_endings = [seen[e["id"]] for e in scenario["endings"]]
    rng = random.Random(2024)
    walks = []
    for _ in range(25):
        rp, walk = RolePlay(scenario), []
        while not rp.finished and len(walk) < 40:
            walk.append(rng.choice(rp.options)["id"])
            rp.choose(walk[-1])
        walks.append(walk)
    return [best, *to_endings, best[:2], [], best[:1] + ["不存在"], best + ["a"], *walks]


def python_result(scenario: dict, choices: list[str], learner: str, when: str) -> dict:
    rp = RolePlay(scenario)
    progress, error = [rp.progress()], None
    for oid in choices:
        try:
            rp.choose(oid)
        except CrmkitError as err:
            error = err.message
            break
        progress.append(rp.progress())
    return {"choices": choices, "error": error, "transcript": rp.transcript, "totals": rp.totals,
            "total": rp.total, "finished": rp.finished, "outcome": rp.outcome,
            "options": rp.options, "progress": progress, "debrief": rp.debrief(),
            "record": json.loads(rp.export_json(learner, when)),
            "csv": rp.export_csv(learner).decode("utf-8")}


SCENARIOS = scenarios()


def specs_for(scenario: dict) -> list[dict]:
    return [{"choices": p, "learner": f"学员{i}", "exported_at": "2026-03-01T09:00:00"}
            for i, p in enumerate(paths_for(scenario))]


@pytest.fixture(scope="module")
def played(tmp_path_factory) -> dict[str, dict]:
    """What the JavaScript player gives for every scenario's paths, by scenario name (one
    node process for all of them)."""
    if NODE is None:
        pytest.skip("没有找到 node：跳过 Python 与 JavaScript 播放器的一致性测试"
                    "（安装 Node.js 后再运行）")
    folder = tmp_path_factory.mktemp("conformance")
    files = []
    for name, scenario in SCENARIOS:
        (folder / f"{name}.scenario.json").write_text(to_json(scenario), encoding="utf-8")
        (folder / f"{name}.paths.json").write_text(
            json.dumps(specs_for(scenario), ensure_ascii=False), encoding="utf-8")
        files += [str(folder / f"{name}.scenario.json"), str(folder / f"{name}.paths.json")]
    run = subprocess.run([NODE, str(RUNNER), *files], capture_output=True, text=True,
                         timeout=120, check=True)
    results = json.loads(run.stdout)
    assert len(results) == len(SCENARIOS)
    return {name: result for (name, _), result in zip(SCENARIOS, results, strict=True)}


@pytest.mark.parametrize("name, scenario", SCENARIOS,
                         ids=lambda x: x if isinstance(x, str) else "")
def test_python_and_javascript_agree(name, scenario, played):
    specs = specs_for(scenario)
    js = played[name]
    assert js["best_path"] == best_path(scenario)
    assert len(js["results"]) == len(specs)
    for spec, got in zip(specs, js["results"], strict=True):
        want = python_result(scenario, spec["choices"], spec["learner"], spec["exported_at"])
        assert (got.pop("error") is None) == (want.pop("error") is None), spec["choices"]
        for key in want:
            assert got[key] == want[key], (spec["choices"], key)


def test_paths_cover_every_ending_and_the_failure_cases():
    scenario = compile_text(CYCLIC)
    paths = paths_for(scenario)
    ends = {RolePlay(scenario).play(p).ending["id"] for p in paths[1:4]}
    assert ends == {"win", "deal", "lose"}
    assert paths[0] == ["b", "a", "a"]  # s-b x-a m-a = 2 + 1 + 5 = 8 (m-c ties at 5, comes later)
