"""The learner book on a phone and on a laptop: quiet, light and accessible.

Six page types (and a page with formulas) are opened in headless Chromium at
390×844 (a phone: touch, 3 device pixels a CSS pixel) and 1366×900, served with gzip as a
real static host would. For each:
no console error, no failed request, nothing fetched from off the machine, no
critical or serious axe-core violation, and the bytes on the wire within budget.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from learner_visits import AUDITED as PAGES
from learner_visits import VIEWPORTS as SIZES

# Gzip bytes a page may cost a learner. Text pages were about 1.1 MB before the
# theme's icon script, icon fonts and search index were taken off them; a lab page
# carries the widget manager (about 1.1 MB gzipped, deferred).
BUDGET_KB = {"lab": 1700, "formulas": 800}
TEXT_BUDGET_KB = 450


@pytest.fixture(scope="module")
def audits(learner_visit):
    """{(page name, size): what the audit read on that page}: events, transfer and axe
    violations, what was fetched before a widget came near, and what the page shows (each
    page opened once per size for this file and the phone layout: learner_visits.py)."""
    return {(name, size): learner_visit(path, size)["audit"]
            for size in SIZES for name, path in PAGES.items()}


CASES = [(name, size) for name in PAGES for size in SIZES]


@pytest.mark.parametrize("name, size", CASES)
def test_no_console_errors_or_failed_requests(audits, name, size):
    audit = audits[(name, size)]
    assert audit["console"] == []
    assert audit["failed"] == []


@pytest.mark.parametrize("name, size", CASES)
def test_nothing_is_fetched_from_off_the_machine(audits, name, size):
    audit = audits[(name, size)]
    outside = [u for u in audit["requests"]
               if not u.startswith((audit["base"], "data:", "blob:"))]
    assert outside == []


@pytest.mark.parametrize("name, size", CASES)
def test_no_critical_or_serious_accessibility_violations(audits, name, size):
    bad = [v for v in audits[(name, size)]["axe"] if v["impact"] in ("critical", "serious")]
    assert bad == []


@pytest.mark.parametrize("name", PAGES)
def test_transfer_stays_within_budget(audits, name):
    total = sum(audits[(name, "phone")]["transfer"].values()) / 1024
    budget = BUDGET_KB.get(name, TEXT_BUDGET_KB)
    assert total <= budget, f"{name}: {total:.0f} KB over gzip, budget {budget} KB"


def test_text_pages_load_no_icon_script_search_index_or_widget_manager(audits):
    for name in ("landing", "chapter", "exercise", "roleplay", "case"):
        urls = " ".join(audits[(name, "phone")]["requests"])
        for heavy in ("fontawesome.js", "searchindex.js", "embed-amd.js", "mathjax"):
            assert heavy not in urls, (name, heavy)


def test_formulas_come_from_the_site(audits):
    urls = audits[("formulas", "phone")]["requests"]
    assert any("/_static/vendor/mathjax/tex-chtml.js" in u for u in urls)


def test_nothing_large_blocks_the_first_paint(builds):
    """Scripts in <head> without defer or async must stay small on every page type."""
    site = builds["learner"]
    for path in PAGES.values():
        page = (site / path.lstrip("/")).read_text(encoding="utf-8")
        head = page[:page.index("</head>")]
        blocking = [src.split("?")[0] for src in re.findall(
            r'<script(?![^>]*\b(?:defer|async)\b)[^>]*\bsrc="([^"]+)"', head)]
        total = sum((site / Path(path).parent.relative_to("/") / src).resolve().stat().st_size
                    for src in blocking)
        assert total <= 120_000, (path, blocking, total)


@pytest.mark.parametrize("size", SIZES)
def test_widget_manager_waits_until_a_widget_is_near(audits, size):
    """The lab's text comes first; the 1.1 MB manager loads when a widget nears."""
    audit = audits[("lab", size)]
    assert not [u for u in audit["before_widgets"] if "embed-amd.js" in u]
    assert [u for u in audit["requests"] if "embed-amd.js" in u]


@pytest.mark.parametrize("name", ["chapter", "lab", "case"])
def test_chart_images_carry_chinese_alt_text(audits, name):
    """Static chart images and charts drawn inside widgets are named by their titles."""
    alts = audits[(name, "desktop")]["alts"]
    charts = [a for a in alts if a.startswith("图表")]
    assert charts, (name, alts)
    assert all(a.startswith("图表：") and len(a) > 4 for a in charts), (name, charts)


def test_theme_interface_is_chinese(builds):
    english = re.compile(r'\b(?:aria-label|title|data-bs-title|placeholder|alt)="([A-Za-z][^"]*)"')
    allowed = {"GitHub"}
    for path in PAGES.values():
        page = (builds["learner"] / path.lstrip("/")).read_text(encoding="utf-8")
        page = re.sub(r"<script\b.*?</script>", "", page, flags=re.S)
        left = {v for v in english.findall(page)
                if re.fullmatch(r"[A-Za-z .…,'-]+", v) and v not in allowed}
        assert not left, (path, left)


def test_exercise_heading_and_quiz_share_one_number(audits):
    """练习 7.3 in the heading, and the quiz below it checks item 7.3."""
    pairs = audits[("exercise", "desktop")]["exercises"]
    assert len(pairs) >= 10
    for head, item in pairs:
        assert head == f"练习 {item}", (head, item)
