"""The learner book on a phone (390×844, touch) and on a desktop (1366×900).

Learners open the book in a phone browser, often a chat app's. On each page type:
the page never scrolls sideways as a whole; the kit's own controls are finger-sized;
lab widgets fit the column with their readouts in sight; the quiz stays inside the
screen; wide tables scroll in their own box with a cue instead of being squeezed to
one character per line.

CRMKIT_LEARNER_URL points the tests at another copy of the learner book (a base URL),
e.g. one served while trying CSS changes; by default they use the built book.
"""

from __future__ import annotations

import json
import os

import pytest

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
VIEWPORTS = {"phone": (390, 844, True), "desktop": (1366, 900, False)}
KIT = ".crmkit-quiz, .crmkit-quiz-export, .crp, .crmkit-drill"
TOUCH = 44  # px, the smallest comfortable target for a finger

# Wait (bounded) until the page's own scripts have drawn what it holds. The widget
# manager loads when a widget comes near the screen: bring the first one into view.
READY = """
new Promise(done => {
  const start = Date.now();
  const view = document.querySelector('script[type="application/vnd.jupyter.widget-view+json"]');
  if (view) view.parentElement.scrollIntoView();
  const drawn = () => document.readyState === 'complete'
    && [...document.querySelectorAll('.crmkit-quiz')].every(q => q.querySelector('.crmkit-quiz-form'))
    && [...document.querySelectorAll('.crmkit-roleplay')].every(r => r.classList.contains('crp'))
    && [...document.querySelectorAll('.crmkit-drill')].every(d => d.querySelector('button'))
    && (!document.querySelector('script[type="application/vnd.jupyter.widget-view+json"]')
        || document.querySelector('.jupyter-widgets'));
  (function poll() {
    if (drawn()) setTimeout(() => { window.scrollTo(0, 0); done(true); }, 500);
    else if (Date.now() - start > 20000) { window.scrollTo(0, 0); done(false); }
    else setTimeout(poll, 100);
  })();
})
"""

# Kit buttons, inputs and menus lower than a finger, with their text.
SMALL_CONTROLS = """
(sel => [...document.querySelectorAll(sel)].flatMap(box => [...box.querySelectorAll('button, input, select')])
  .filter(el => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0
                  && getComputedStyle(el).visibility !== 'hidden'; })
  .filter(el => el.getBoundingClientRect().height < %d - 0.5)
  .map(el => `${el.className || el.tagName} ${Math.round(el.getBoundingClientRect().height)} px:`
             + ` ${(el.textContent || el.value || el.placeholder || '').trim().slice(0, 30)}`))(%s)
""" % (TOUCH, json.dumps(KIT))

# Answer every quiz on the page (so feedback lines show) and play the role-play to
# its end (so the result and export buttons show); bounded.
INTERACT = """
(() => {
  document.querySelectorAll('.crmkit-quiz').forEach(q => {
    const b = q.querySelector('.crmkit-quiz-option, .crmkit-quiz-check'); if (b) b.click();
  });
  document.querySelectorAll('.crp').forEach(root => {
    for (let i = 0; i < 60; i++) {
      const option = root.querySelector('button.crp-option'); if (!option) break; option.click();
    }
  });
  return true;
})()
"""

MEASURE = """
(() => {
  const vw = %d;
  const name = el => el.tagName.toLowerCase() + (typeof el.className === 'string' && el.className.trim()
    ? '.' + el.className.trim().split(/\\s+/).slice(0, 2).join('.') : '');
  const text = el => (el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 40);
  const shown = el => { const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden'; };
  // right edge of what the element is drawn in: the viewport, cut by any clipping box
  const visibleRight = el => { let right = vw;
    for (let a = el.parentElement; a && a !== document.body; a = a.parentElement)
      if (getComputedStyle(a).overflowX !== 'visible') right = Math.min(right, a.getBoundingClientRect().right);
    return right; };
  const out = {scrollWidth: document.documentElement.scrollWidth,
               widgetsDrawn: document.querySelectorAll('.jupyter-widgets').length};

  out.quizPastEdge = [...document.querySelectorAll('.crmkit-quiz, .crmkit-quiz *')].filter(shown)
    .filter(el => el.getBoundingClientRect().right > vw + 1)
    .map(el => `${name(el)} to ${Math.round(el.getBoundingClientRect().right)} px: ${text(el)}`);

  out.widgets = [];
  for (const [kind, sel] of [['slider', '.widget-hslider'], ['dropdown', '.widget-dropdown'], ['upload', '.widget-upload']])
    for (const w of document.querySelectorAll(sel)) {
      if (!shown(w)) continue;
      const r = w.getBoundingClientRect(), readout = w.querySelector(':scope > .widget-readout');
      const item = {kind, text: text(w), right: Math.round(r.right), visibleRight: Math.round(visibleRight(w))};
      if (readout && getComputedStyle(readout).display !== 'none') {
        const rr = readout.getBoundingClientRect();
        item.readout = {left: Math.round(rr.left), right: Math.round(rr.right), width: Math.round(rr.width),
                        visibleRight: Math.round(visibleRight(readout))};
      }
      out.widgets.push(item);
    }

  out.tables = [];
  for (const t of document.querySelectorAll('.bd-article table')) {
    if (!shown(t)) continue;
    let box = t.parentElement;
    while (box && !box.classList.contains('bd-article') && !/(auto|scroll)/.test(getComputedStyle(box).overflowX))
      box = box.parentElement;
    const scroller = box && !box.classList.contains('bd-article') ? box : null;
    const column = (scroller || t.parentElement).getBoundingClientRect().width;
    const wide = t.classList.contains('dataframe') || t.getBoundingClientRect().width > column + 1;
    const squeezed = [];
    for (const cell of t.querySelectorAll('th, td')) {
      if (!shown(cell)) continue;
      // only text a reader sees (not the visually hidden 行标签 of a corner cell)
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      let seen = '';
      const tops = [];
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        if (!n.textContent.trim() || n.parentElement.getBoundingClientRect().width <= 1
            || n.parentElement.closest('.visually-hidden')) continue;
        seen += n.textContent.trim();
        const range = document.createRange(); range.selectNodeContents(n);
        for (const r of range.getClientRects()) if (r.width > 0) tops.push(r.top);
      }
      if (!seen) continue;
      const lines = tops.sort((a, b) => a - b).filter((t, i, all) => i === 0 || t - all[i - 1] > 3).length;
      const s = getComputedStyle(cell), fs = parseFloat(s.fontSize);
      const inner = cell.getBoundingClientRect().width - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight)
                    - parseFloat(s.borderLeftWidth) - parseFloat(s.borderRightWidth);
      // squeezed: its text is broken over lines in a cell narrower than two characters
      if (lines > 1 && inner < 2 * fs - 0.5)
        squeezed.push(`${seen.slice(0, 12)} (${Math.round(inner)} px, ${lines} lines)`);
    }
    let cue = null;
    if (scroller && scroller.scrollWidth > scroller.clientWidth + 1 && scroller.scrollLeft < 1) {
      const cs = getComputedStyle(scroller);
      cue = {mask: (cs.maskImage || cs.webkitMaskImage || 'none') !== 'none',
             fadeEnd: parseFloat(cs.getPropertyValue('--crmkit-fade-end') || '1')};
    }
    out.tables.push({table: `${name(t)} ${text(t).slice(0, 24)}`, wide,
      scroller: scroller ? name(scroller) : null,
      overflowX: scroller ? getComputedStyle(scroller).overflowX : null,
      scrollerRight: scroller ? Math.round(scroller.getBoundingClientRect().right) : null,
      squeezed: squeezed.slice(0, 5), cue});
  }
  out.timelines = CSS.supports('animation-timeline: scroll()');
  return out;
})()
"""


@pytest.fixture(scope="module")
def base(site):
    return os.environ.get("CRMKIT_LEARNER_URL", "").rstrip("/") or site["learner"]


@pytest.fixture(scope="module")
def measured(base, tab):
    """measured(path, viewport) → facts about that page, each page opened once per viewport,
    one after another in one tab (a browser start per page cost 1.5 s each). What a page
    stored (quiz answers) is cleared before the next one opens."""
    cache: dict = {}

    def get(path: str, viewport: str) -> dict:
        if (path, viewport) not in cache:
            width, height, mobile = VIEWPORTS[viewport]
            # the device is set before the page opens, so it loads once, as on that device
            (tab.page or tab.open("about:blank")).emulate(width, height, mobile)
            page = tab.open(f"{base}/{path}")
            ready = page.eval(READY)
            small = page.eval(SMALL_CONTROLS)
            page.eval(INTERACT)
            page.settle(400)
            small += page.eval(SMALL_CONTROLS)
            facts = page.eval(MEASURE % width)
            facts.update(ready=ready, small=sorted(set(small)), width=width)
            cache[path, viewport] = facts
        return cache[path, viewport]

    return get


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
        f"{page} at {viewport}: quiz parts past the screen's right edge: {facts['quizPastEdge'][:8]}")


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
