"""The lecture decks (``make slides``) opened in Chromium at 1280×720, as in a classroom.

Every deck: nothing requested off this machine, no console error, no failed request,
no slide taller than the 1280×720 frame, speaker notes on every slide. Every chapter
whose book page shows a chart shows the same charts on its slides (drawn, not broken),
and the decks are listed in the book's order.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from crmkit.serve import start
from crmkit.slides.build import book_chapters

ROOT = Path(__file__).resolve().parents[2]
SLIDES = ROOT / "_build" / "slides"
TRAINER = ROOT / "_build" / "trainer" / "_build" / "html"
DECKS = sorted(p.name for p in SLIDES.glob("[0-9]*.html"))

# the decks load reveal.js through require.js, so it is a module, not a global
MEASURE = """(async () => {
  const REVEAL = 'reveal.js/dist/reveal.js';
  const ready = () => window.require && require.defined && require.defined(REVEAL)
      && require(REVEAL).isReady();
  const end = Date.now() + 20000;
  while (Date.now() < end && !ready()) await new Promise(r => setTimeout(r, 100));
  if (!ready()) return {error: 'reveal.js did not start'};
  const Reveal = require(REVEAL);
  const charts = [...document.querySelectorAll('img.crmkit-chart')];
  await Promise.all(charts.map(i => i.complete ? null
      : new Promise(r => { i.onload = i.onerror = r; })));
  const size = Reveal.getComputedSlideSize();
  const slides = [...document.querySelectorAll('.reveal .slides section')]
      .filter(s => !s.querySelector('section'));
  const tall = [], bare = [];
  for (const s of slides) {  // show each slide as the trainer would, then measure it
    const at = Reveal.getIndices(s);
    Reveal.slide(at.h, at.v);
    if (!s.classList.contains('present'))
      return {error: 'could not show slide ' + at.h + '/' + at.v};
    if (s.scrollHeight > size.height)
      tall.push([s.scrollHeight,
                 (s.querySelector('h1,h2,h3') || s).textContent.trim().slice(0, 30)]);
    const notes = s.querySelector('aside.notes');
    if (!notes || !notes.textContent.trim()) bare.push((s.textContent || '').trim().slice(0, 30));
  }
  return {size: [size.width, size.height], slides: slides.length, tall, bare,
          charts: charts.map(i => ({drawn: i.naturalWidth > 0, alt: i.alt}))};
})()"""


@pytest.fixture(scope="module")
def served():
    if not DECKS:
        pytest.fail("build the lecture decks first (make slides)")
    server = start(SLIDES)
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="module")
def decks_seen(served, browser):
    """Each deck opened and measured in turn in one 1280×720 tab (a browser start per deck
    cost 2 s of the 3 s each); the DevTools events are kept per deck."""
    seen = {}
    with browser.tab(size=(1280, 720)) as tab:
        for deck in DECKS:
            page = tab.open(f"{served}/{deck}")
            facts = page.eval(MEASURE)
            page.settle(300)
            seen[deck] = (facts, page.requests(), page.console_errors(),
                          page.failed_requests())
    return seen


@pytest.mark.parametrize("deck", DECKS)
def test_deck_opens_offline_and_every_slide_fits(served, decks_seen, deck):
    facts, requested, errors, failed = decks_seen[deck]
    outside = [u for u in requested if not u.startswith((served, "data:", "blob:", "about:"))]
    assert "error" not in facts, facts
    assert facts["size"] == [1280, 720]
    assert not outside, f"{deck} asks the network for {outside[:5]}"
    assert not failed and not errors, (failed, errors)
    assert not facts["tall"], f"{deck}: slides taller than 720 px: {facts['tall'][:5]}"
    assert not facts["bare"], f"{deck}: slides without speaker notes: {facts['bare'][:5]}"
    assert all(c["drawn"] and c["alt"].startswith("图表") for c in facts["charts"]), facts["charts"]


def _page_charts(chapter: Path) -> int:
    page = TRAINER / chapter.relative_to(ROOT).with_suffix(".html")
    if not page.is_file():
        pytest.fail(f"build the trainer book first (make book-trainer): {page}")
    return len(re.findall(r'<img [^>]*src="[^"]*_images/[^"]+\.png"', page.read_text("utf-8")))


def test_every_chart_of_a_chapter_page_is_on_its_slides():
    chapters = book_chapters(ROOT)
    assert [int(d.split("-")[0]) for d in DECKS] == list(range(1, len(chapters) + 1))
    with_charts = 0
    for deck, chapter in zip(DECKS, chapters, strict=True):
        assert deck.endswith(f"{chapter.parent.name}-{chapter.stem}.html")  # the book's order
        text = (SLIDES / deck).read_text(encoding="utf-8")
        shown = len(re.findall(r'<img [^>]*class="crmkit-chart"', text))
        on_page = _page_charts(chapter)
        assert shown == on_page, f"{chapter.name}: {on_page} charts in the book, {shown} on slides"
        with_charts += bool(on_page)
    assert with_charts >= 5  # the deck check above is not vacuous


def test_the_cr4_example_shows_both_markets():
    """算例：CR4 相同的两个市场: the slide shows both share charts and both readings."""
    deck = next(SLIDES.glob("*-01-industry-market-structure.html")).read_text(encoding="utf-8")
    sections = re.split(r"<section", deck)
    example = [s for s in sections if "CR4 相同的两个市场" in s and "crmkit-chart" in s]
    text = "".join(sections)
    assert example, "the CR4 example's slides carry no chart"
    assert "CR4 = 62.0%，CR8 = 89.0%" in text and "CR4 = 62.0%，CR8 = 78.0%" in text
    assert text.count('class="crmkit-chart"') == 3
