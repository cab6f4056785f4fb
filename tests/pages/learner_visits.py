"""The learner book's pages as the page audit and the phone layout tests open them.

Both files look at the same pages at the same two sizes; each page is opened once per size
(the cache off, as on a first visit) and both files' readings are taken on that visit: the
audit's first (what loaded, what was fetched before a widget came near, the axe-core
violations, what the page shows), then the layout's (finger-sized controls, widths, tables)
after the quizzes are answered and the role-plays played. conftest.py keeps the visits for
the test process, and puts the two files in one xdist group.
"""

from __future__ import annotations

import json
from pathlib import Path

from crmkit.serve import PAGE_TYPES

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "_vendor" / "npm" / "axe.min.js"
# the audit's pages: every page type, and a page with formulas
AUDITED = {**PAGE_TYPES, "formulas": "/book/07-crm/lifetime-value.html"}
VIEWPORTS = {"phone": (390, 844, True), "desktop": (1366, 900, False)}
KIT = ".crmkit-quiz, .crmkit-quiz-export, .crp, .crmkit-drill"
TOUCH = 44  # px, the smallest comfortable target for a finger
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
    if (drawn()) requestAnimationFrame(() => requestAnimationFrame(() => {  // laid out
      window.scrollTo(0, 0); done(true); }));
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


def visit(tab, base: str, path: str, viewport: str, axe: str) -> dict:
    """Open ``path`` in ``tab`` (emulating ``viewport``) and take both files' readings."""
    width, height, mobile = VIEWPORTS[viewport]
    url = f"{base}/{path.lstrip('/')}"
    # the device is set before the page opens, so it loads once, as on that device
    (tab.page or tab.open("about:blank")).emulate(width, height, mobile)
    page = tab.open(url)
    facts: dict = {"url": url, "base": base, "width": width}
    if "/" + path.lstrip("/") in AUDITED.values():
        assert page.quiet(), f"{path} ({viewport}) kept loading for 10 s"
        before_widgets = page.requests()
        view = f"document.querySelector('script[type=\"{WIDGET_VIEW}\"]')"
        # widgets load as they come near the screen: bring the first one in
        if page.eval(f"!!{view}"):
            page.eval(f"{view}.parentElement.scrollIntoView()")
            drawn = page.wait_for("document.querySelector('.widget-subarea .jupyter-widgets')"
                                  " && document.querySelector('.widget-subarea img')")
            assert drawn, f"{path} ({viewport}): widgets and their chart not drawn"
            assert page.quiet(), f"{path} ({viewport}) kept loading widgets for 10 s"
        shown = page.eval(SHOWN)
        page.eval(axe)
        violations = page.eval(
            "axe.run(document, {resultTypes: ['violations']}).then(r => r.violations"
            ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.html"
            ".slice(0, 160))})))")
        facts["audit"] = {
            "base": base, "console": page.console_errors(), "failed": page.failed_requests(),
            "requests": page.requests(), "before_widgets": before_widgets,
            "transfer": page.transferred(), "axe": violations, **shown}
    ready = page.eval(READY)
    small = page.eval(SMALL_CONTROLS)
    page.eval(INTERACT)
    assert page.still(), f"{path} ({viewport}) still animating 5 s after the clicks"
    small += page.eval(SMALL_CONTROLS)
    facts.update(page.eval(MEASURE % width), ready=ready, small=sorted(set(small)))
    return facts
