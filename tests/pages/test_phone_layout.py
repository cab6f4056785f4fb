"""The learner book on a phone (390×844, touch) and on a desktop (1366×900).

Learners open the book in a phone browser, often a chat app's. On each page type:
the page never scrolls sideways as a whole; the kit's own controls are finger-sized;
lab widgets fit the column with their readouts in sight; the quiz stays inside the
screen; wide tables scroll in their own box with a cue instead of being squeezed to
one character per line.

CRMKIT_LEARNER_URL points the tests at another copy of the learner book (a base URL),
e.g. one served while trying CSS changes; by default they use the built book. The pages
are opened and measured in learner_visits.py, on the visits the page audit also reads.
"""

from __future__ import annotations

import pytest
from learner_visits import TOUCH, VIEWPORTS

from crmkit.serve import PAGE_TYPES

PAGES = {name: path.lstrip("/") for name, path in PAGE_TYPES.items()}
PAGES["exercise-03"] = "exercises/03-exercises.html"
# lab pages whose sliders, dropdowns and upload buttons show without a kernel
WIDGET_LABS = {
    "notebooks/07-value-matrix.html": set(),  # its sliders wait for a mode switch
    "notebooks/07-value-scoring.html": {"slider", "dropdown", "upload"},
    "notebooks/07-churn-warning.html": {"slider", "dropdown"},
    "notebooks/05-sales-funnel.html": {"slider"},
}
DRILL = "book/06-marketing/practice/spin-drill.html"


@pytest.fixture(scope="module")
def measured(learner_visit):
    """measured(path, viewport) → facts about that page (learner_visits.py: each page opened
    once per viewport for this file and the page audit)."""
    return learner_visit


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("page", PAGES.values(), ids=PAGES.keys())
def test_no_sideways_scroll(measured, page, viewport):
    facts = measured(page, viewport)
    assert facts["ready"], f"{page}: its quizzes, players or widgets were not drawn within 20 s"
    assert facts["scrollWidth"] <= facts["width"] + 1, (
        f"{page} at {viewport} width is {facts['scrollWidth']} px wide: it scrolls sideways")


@pytest.mark.parametrize("page", [*PAGES.values(), DRILL], ids=[*PAGES.keys(), "drill"])
def test_kit_controls_are_finger_sized(measured, page):
    small = measured(page, "phone")["small"]
    assert not small, f"{page}: kit controls lower than {TOUCH} px on a phone: {small}"


@pytest.mark.parametrize("page", WIDGET_LABS)
def test_lab_widgets_fit_a_phone(measured, page):
    facts = measured(page, "phone")
    assert facts["ready"] and facts["widgetsDrawn"], f"{page}: the widgets were not drawn"
    kinds = {w["kind"] for w in facts["widgets"]}
    assert WIDGET_LABS[page] <= kinds, f"{page}: no visible {WIDGET_LABS[page] - kinds} to measure"
    width = facts["width"]
    past = [f"{w['kind']} {w['text']!r} ends at {w['right']} px" for w in facts["widgets"]
            if w["right"] > width + 1 or w["right"] > w["visibleRight"] + 1]
    assert not past, f"{page}: widgets reach past the {width} px screen or their box: {past}"
    hidden = [f"{w['text']!r}: readout {w.get('readout')}" for w in facts["widgets"]
              if w["kind"] == "slider" and not (
                  w.get("readout") and w["readout"]["width"] > 0 and w["readout"]["left"] >= 0
                  and w["readout"]["right"] <= min(width, w["readout"]["visibleRight"]) + 1)]
    assert not hidden, f"{page}: slider readouts out of sight on a phone: {hidden}"


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("page", [p for k, p in PAGES.items() if k.startswith("exercise")])
def test_quiz_stays_on_screen(measured, page, viewport):
    facts = measured(page, viewport)
    assert not facts["quizPastEdge"], (
        f"{page} at {viewport}: quiz parts past the screen's right edge: "
        f"{facts['quizPastEdge'][:8]}")


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("page", PAGES.values(), ids=PAGES.keys())
def test_wide_tables_scroll_in_their_box(measured, page, viewport):
    facts = measured(page, viewport)
    problems = []
    for t in facts["tables"]:
        if t["wide"] and (t["overflowX"] not in ("auto", "scroll")
                          or t["scrollerRight"] > facts["width"] + 1):
            problems.append(f"{t['table']}: no scroll box of its own ({t['scroller']})")
        if t["squeezed"]:
            problems.append(f"{t['table']}: cells narrower than two characters: {t['squeezed']}")
        if t["cue"] and facts["timelines"] and not (t["cue"]["mask"] and t["cue"]["fadeEnd"] < 1):
            problems.append(f"{t['table']}: scrolls but shows no cue at its edge ({t['cue']})")
    assert not problems, f"{page} at {viewport}: " + "; ".join(problems[:8])
