"""Every course role-play plays to an ending in the learner book, with no kernel.

Chromium clicks the option buttons of each scenario's page along fixed paths and
reads back what a learner sees: every line of the transcript, the score, the
ending, and the attempt record the export buttons download. All of it must equal
what the Python engine gives for the same choices.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crmkit.roleplay import RolePlay, best_path, load_scenario

ROOT = Path(__file__).resolve().parents[2]
SCENARIOS = sorted(p.stem for p in (ROOT / "cases/roleplay").glob("*.yaml"))
WHEN = "2026-03-01T09:00:00"

PLAY = """(async () => {
    const box = document.querySelector('div.crmkit-roleplay[data-scenario-id="SID"]');
    const wait = ms => new Promise(r => setTimeout(r, ms));
    const ready = () => box && box.querySelector('button.crp-restart');
    for (let i = 0; i < 100 && !ready(); i++) await wait(50);
    if (!ready()) return {error: 'player did not mount'};
    box.querySelector('button.crp-restart').click();
    for (const id of IDS) {
        const button = [...box.querySelectorAll('button.crp-option')]
            .find(b => b.dataset.option === id);
        if (!button) return {error: 'no button for ' + id};
        button.click();
    }
    const total = box.querySelector('.crp-total');
    return {
        state: box.dataset.state,
        lines: [...box.querySelectorAll('.crp-transcript .crp-text')].map(e => e.textContent),
        total: total ? Number(total.dataset.total) : null,
        outcome: (box.querySelector('.crp-banner strong') || {}).textContent || null,
        record: JSON.parse(box.crmkitRoleplay.exportJSON('学员甲', 'WHEN')),
    };
})()"""


def paths(scenario: dict) -> list[list[str]]:
    """The best path and the path that always takes the first option (bounded)."""
    first = RolePlay(scenario)
    while not first.finished and len(first.choices) < 40:
        first.choose(first.options[0]["id"])
    return [best_path(scenario)["options"], [c["option"] for c in first.choices]]


@pytest.mark.parametrize("stem", SCENARIOS)
def test_scenario_page_plays_like_the_python_engine(site, tab, stem):
    scenario = load_scenario(stem)
    page = tab.open(f"{site['learner']}/book/06-marketing/practice/{stem}.html")
    for choices in paths(scenario):
        got = page.eval(PLAY.replace("SID", scenario["id"]).replace("WHEN", WHEN)
                        .replace("IDS", json.dumps(choices)))
        assert "error" not in got, (stem, got)
        want = RolePlay(scenario).play(choices)
        assert got["state"] == "finished"
        assert got["lines"] == [e["text"] for e in want.transcript]
        assert got["total"] == want.total
        assert got["outcome"] == f"结局：{want.outcome['outcome']}"
        assert got["record"] == json.loads(want.export_json("学员甲", WHEN))


def test_roleplay_lab_page_plays_both_scenarios_without_a_kernel(site, browser):
    """The lab's widget cells show the JavaScript player in the book, not a dead widget."""
    with browser.session(f"{site['learner']}/notebooks/06-roleplay.html") as page:
        for stem in ("phone-invitation-zjtx", "objection-incumbent-bank"):
            scenario = load_scenario(stem)
            best = best_path(scenario)
            got = page.eval(PLAY.replace("SID", scenario["id"]).replace("WHEN", WHEN)
                            .replace("IDS", json.dumps(best["options"])))
            assert "error" not in got, (stem, got)
            assert got["state"] == "finished" and got["total"] == best["score"]


def test_every_scenario_has_a_page_reached_from_the_hub_and_its_chapter(site, browser):
    with browser.session(f"{site['learner']}/book/06-marketing/practice/index.html") as page:
        hub = page.eval("document.documentElement.outerHTML")
    for stem in SCENARIOS:
        assert f'href="{stem}.html"' in hub, stem
    chapter = (ROOT / "book/06-marketing/phone-and-opening.md").read_text(encoding="utf-8")
    assert "{ref}`roleplay-practice`" in chapter
    guide = (ROOT / "book/00-guide/index.md").read_text(encoding="utf-8")
    assert "{ref}`roleplay-practice`" in guide


DRILL = """(async () => {
    const box = document.querySelector('div.crmkit-drill[data-drill-kind="KIND"]');
    const wait = ms => new Promise(r => setTimeout(r, ms));
    const first = () => box && box.querySelector('button.crd-choice');
    for (let i = 0; i < 100 && !first(); i++) await wait(50);
    const choice = first();
    if (!choice) return {error: 'drill did not mount'};
    const key = choice.dataset.choice;
    choice.click();
    return {key, feedback: box.querySelector('.crd-feedback').textContent};
})()"""


@pytest.mark.parametrize("path", ["/notebooks/06-drills.html",
                                  "/book/06-marketing/practice/spin-drill.html",
                                  "/book/06-marketing/practice/timing-drill.html"])
def test_choice_drills_answer_in_the_static_book_like_the_python_judge(site, browser, path):
    from crmkit.roleplay.drill_web import compile_drill

    kinds = {"spin-drill": ["spin"], "timing-drill": ["timing"]}.get(
        Path(path).stem, ["spin", "timing"])
    with browser.session(site["learner"] + path) as page:
        for kind in kinds:
            got = page.eval(DRILL.replace("KIND", kind))
            assert "error" not in got, (path, kind, got)
            first = compile_drill(kind)["questions"][0]
            assert got["feedback"] == first["verdicts"][got["key"]]["message"]
        if "notebooks" in path:
            note = page.eval("document.querySelector('.crmkit-needs-kernel').textContent")
            assert "需要运行中的 Python" in note
