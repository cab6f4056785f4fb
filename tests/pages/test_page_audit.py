"""The learner book on a phone and on a laptop: quiet, light and accessible.

Six page types (and a page with formulas) are opened in headless Chromium at
390×844 and 1366×900, served with gzip as a real static host would. For each:
no console error, no failed request, nothing fetched from off the machine, no
critical or serious axe-core violation, and the bytes on the wire within budget.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from crmkit.serve import PAGE_TYPES

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "_vendor" / "npm" / "axe.min.js"
PAGES = {**PAGE_TYPES, "formulas": "/book/07-crm/lifetime-value.html"}
SIZES = {"phone": (390, 844), "laptop": (1366, 900)}
# Gzip bytes a page may cost a learner. Text pages were about 1.1 MB before the
# theme's icon script, icon fonts and search index were taken off them; a lab page
# carries the widget manager (about 1.1 MB gzipped, deferred).
BUDGET_KB = {"lab": 1700, "formulas": 800}
TEXT_BUDGET_KB = 450
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


# what the page shows once its widgets are drawn: chart images' alt texts, and each
# exercise's heading number with the item its first quiz checks
SHOWN = """({
  alts: [...document.querySelectorAll('article img')].map(i => i.getAttribute('alt') || ''),
  exercises: [...document.querySelectorAll('div.exercise')].map(ex => {
    const head = ex.querySelector('.caption-number').textContent.trim();
    const quizzes = [...document.querySelectorAll('.crmkit-quiz')].filter(q =>
      ex.compareDocumentPosition(q) & Node.DOCUMENT_POSITION_FOLLOWING);
    return [head, quizzes.length ? JSON.parse(quizzes[0].dataset.spec).item : null];
  }),
})"""


@pytest.fixture(scope="module")
def audits(site, browser):
    """Each page at each size, opened once: events, transfer and axe violations, what was
    fetched before a widget came near, and what the page shows."""
    if not AXE.is_file():
        pytest.fail("axe-core is missing: run tools/fetch_page_tools.sh (make test does)")
    axe = AXE.read_text(encoding="utf-8")
    view = f"document.querySelector('script[type=\"{WIDGET_VIEW}\"]')"
    drawn_js = ("document.querySelector('.widget-subarea .jupyter-widgets')"
                " && document.querySelector('.widget-subarea img')")  # widgets and their chart
    found = {}
    for size_name, size in SIZES.items():
        # one tab per size, the cache off: each page costs what a first visit costs
        with browser.tab(size, cache=False) as tab:
            for name, path in PAGES.items():
                page = tab.open(site["learner"] + path)
                assert page.quiet(), f"{path} ({size_name}) kept loading for 10 s"
                before_widgets = page.requests()
                # widgets load as they come near the screen: bring the first one in
                if page.eval(f"!!{view}"):
                    page.eval(f"{view}.parentElement.scrollIntoView()")
                    drawn = page.wait_for(drawn_js)
                    assert drawn, f"{path} ({size_name}): widgets and their chart not drawn"
                    assert page.quiet(), f"{path} ({size_name}) kept loading widgets for 10 s"
                shown = page.eval(SHOWN)
                page.eval(axe)
                violations = page.eval(
                    "axe.run(document, {resultTypes: ['violations']}).then(r => r.violations"
                    ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.html"
                    ".slice(0, 160))})))")
                found[(name, size_name)] = {
                    "base": site["learner"], "console": page.console_errors(),
                    "failed": page.failed_requests(), "requests": page.requests(),
                    "before_widgets": before_widgets, "transfer": page.transferred(),
                    "axe": violations, **shown}
    return found


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
    alts = audits[(name, "laptop")]["alts"]
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
    pairs = audits[("exercise", "laptop")]["exercises"]
    assert len(pairs) >= 10
    for head, item in pairs:
        assert head == f"练习 {item}", (head, item)
