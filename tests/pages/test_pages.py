"""The built book, as a learner's browser sees it."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import quote

import pytest

from crmkit.data import bank_book
from crmkit.models.value_matrix import QUADRANTS, value_matrix

ROOT = Path(__file__).resolve().parents[2]
LAB = "/notebooks/07-value-matrix.html"
CHAPTER = "/book/07-crm/value-maintenance.html"
CASE = "/cases/bank-high-end/index.html"
CJK_RUN = re.compile(r"[\u4e00-\u9fff，。、：；“”（）！？]{16,}")


def without_scripts(dom: str) -> str:
    return re.sub(r"<script.*?</script>", "", dom, flags=re.S)


@pytest.fixture(scope="module")
def lab_seen(site, browser, tmp_path_factory):
    """The lab page after its widgets rendered (they load when one comes near the screen):
    its DOM, and a screenshot of the window then."""
    view = "document.querySelector('script[type=\"application/vnd.jupyter.widget-view+json\"]')"
    with browser.session(site["trainer"] + LAB) as page:
        page.eval(f"{view}.parentElement.scrollIntoView()")
        assert page.wait_for("document.querySelector('.widget-subarea .widget-toggle-button')")
        page.settle(1000)
        shot = page.screenshot(tmp_path_factory.mktemp("lab") / "lab.png")
        return page.eval("document.documentElement.outerHTML"), shot


@pytest.fixture(scope="module")
def lab_dom(lab_seen):
    return lab_seen[0]


def test_lab_page_has_chinese_title(lab_dom):
    assert re.search(r"<h1[^>]*>实验：客户价值矩阵评分", lab_dom)


def test_lab_widget_renders_offline_with_computed_counts(lab_dom):
    # The html manager (served from the site itself) turned the saved state into controls.
    assert "widget-toggle-button" in lab_dom
    assert re.search(r"<button[^>]*>.*?中位数", lab_dom, flags=re.S)
    scored = value_matrix(bank_book(n=200, seed=2024), split="median")
    counts = scored["quadrant"].value_counts()
    for quadrant in QUADRANTS:
        assert f"{quadrant} {counts[quadrant]} 户" in lab_dom


def test_lab_scripts_come_from_the_site_not_a_cdn(lab_dom):
    sources = re.findall(r'<script[^>]*src="([^"]+)"', lab_dom)
    assert any(s.startswith("../_static/vendor/embed-amd.js") for s in sources)
    assert any(s.startswith("../_static/vendor/require.js") for s in sources)
    assert not [s for s in sources if s.startswith(("http:", "https:", "//"))]


def dom_in(tab, url: str, done: str | None = None) -> str:
    """The page's DOM in the module's tab once its requests are over (and ``done``, a
    JavaScript condition, holds)."""
    page = tab.open(url)
    if done is not None:
        assert page.wait_for(done), f"{url}: {done} did not hold within 20 s"
    page.quiet(idle_ms=300)
    return page.eval("document.documentElement.outerHTML")


@pytest.mark.parametrize("page", [LAB, CHAPTER, CASE])
def test_pages_show_plots_and_no_stderr(site, tab, lab_dom, page):
    dom = lab_dom if page == LAB else dom_in(tab, site["trainer"] + page)
    assert re.search(r'<img[^>]+src="[^"]+\.png"', dom), "no plot image on the page"
    assert "stderr" not in without_scripts(dom), "a cell wrote to stderr"


def test_lab_screenshot_is_not_blank(lab_seen):
    data = lab_seen[1].read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 50_000


@pytest.mark.parametrize("audience", ["trainer", "learner"])
def test_chinese_search_finds_the_chapter(site, tab, audience):
    # the summary line is written when the search has finished
    dom = dom_in(tab, f"{site[audience]}/search.html?q={quote('客户价值')}",
                 done="document.querySelector('.search-summary')?.textContent.trim()")
    results = re.search(r'<ul class="search">(.*?)</ul>', dom, flags=re.S)
    assert results, "search page did not render results"
    assert "book/07-crm/value-maintenance.html" in results.group(1)
    assert "搜索结果" in dom


def trainer_only_snippets() -> list[str]:
    """Plain Chinese sentences from every solution and trainer note in the sources."""
    blocks: list[str] = []
    for path in sorted(ROOT.glob("exercises/*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            text = "".join(cell["source"])
            if "{solution}" in text:
                blocks.append(text)
    for path in sorted(ROOT.glob("cases/*/index.md")):
        text = path.read_text(encoding="utf-8")
        blocks += re.findall(r"```\{trainer-note\}\n(.*?)\n```", text, flags=re.S)
    public = public_text()
    snippets = [m for block in blocks for m in CJK_RUN.findall(block) if m not in public]
    assert len(snippets) >= 10
    return snippets


def public_text() -> str:
    """All source text a learner may see: pages and notebooks with trainer-only parts removed.

    A solution often restates a sentence from a chapter; such a sentence is not a leak.
    """
    from crmkit.learner import strip_notebook, strip_text
    from crmkit.selfcheck import ITEMS

    # the in-page quizzes carry each option's explanation and the hint, by design
    parts = [text for item in ITEMS.values() for text in [item.hint, *(item.why or {}).values()]]
    parts += [strip_text(p.read_text(encoding="utf-8"))
             for p in [*ROOT.glob("book/**/*.md"), *ROOT.glob("cases/**/*.md")]]
    for path in [*ROOT.glob("notebooks/*.ipynb"), *ROOT.glob("exercises/*.ipynb")]:
        for cell in strip_notebook(json.loads(path.read_text(encoding="utf-8")))["cells"]:
            parts.append("".join(cell["source"]))
            for out in cell.get("outputs", []):
                data = out.get("data", {})
                parts += ["".join(data.get(k, "")) for k in ("text/plain", "text/html")]
                parts.append("".join(out.get("text", "")))
    return "\n".join(parts)


def site_text(folder: Path) -> str:
    """The runs of Chinese text in every text file of the site.

    A snippet is itself such a run (CJK_RUN), so it occurs in a file exactly when it occurs
    in one of the file's maximal runs; searching the runs alone (a few MB instead of the
    site's 48 MB with the JupyterLite bundles) gives the same answer, much faster.
    """
    return "\n".join(run for p in folder.rglob("*") if p.is_file()
                     and p.suffix in {".html", ".js", ".txt", ".md", ".ipynb", ".json"}
                     for run in CJK_RUN.findall(p.read_text(encoding="utf-8", errors="ignore")))


def test_trainer_build_has_every_solution_and_note(builds):
    text = site_text(builds["trainer"])
    missing = [s for s in trainer_only_snippets() if s not in text]
    assert not missing, missing[:3]


def test_learner_build_has_no_solution_or_note_anywhere(builds):
    text = site_text(builds["learner"])
    leaked = [s for s in trainer_only_snippets() if s in text]
    assert not leaked, leaked[:3]


SITE_ASSET = re.compile(r'<(?:link rel="stylesheet"|script)[^>]*? (?:href|src)='
                        r'"((?:\.\./)*_static/[^"?]+\.(?:css|js))(\?[^"]*)?"')


@pytest.mark.parametrize("audience", ["trainer", "learner"])
def test_every_script_and_stylesheet_of_the_site_is_linked_with_its_checksum(builds, audience):
    """A page links each script and stylesheet of the site with a checksum (Sphinx's ?v=…,
    the theme's ?digest=…), in a fresh build as in a rebuild: a browser fetches a changed
    one (a role-play's data, the player) again after the site is rebuilt, and the same book
    gives the same pages."""
    bare, linked = {}, 0
    for page in sorted(builds[audience].glob("book/**/*.html")):
        for path, query in SITE_ASSET.findall(page.read_text(encoding="utf-8")):
            linked += 1
            if not query.startswith(("?v=", "?digest=")):
                bare.setdefault(path.rsplit("/", 1)[-1], page.relative_to(builds[audience]))
    assert linked > 500 and not bare, bare


STREAM_BLOCK = re.compile(r'<div class="output stream[^"]*">')


@pytest.mark.parametrize("audience", ["trainer", "learner"])
def test_a_cells_prints_are_one_block(builds, audience):
    """Consecutive prints of a cell show as one block in every build (nb_merge_streams): a
    kernel flushes them as one message or several, and the page must not depend on it."""
    cells = 0
    for page in builds[audience].rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for cell in html.split('<div class="cell_output docutils container">')[1:]:
            cell = cell.split('<div class="cell ', 1)[0]
            cells += 1
            assert len(STREAM_BLOCK.findall(cell)) <= 1, page.relative_to(builds[audience])
    assert cells > 100


def test_learner_case_page_keeps_the_case_but_not_the_notes(site, tab):
    learner = dom_in(tab, site["learner"] + CASE)
    trainer = dom_in(tab, site["trainer"] + CASE)
    assert "trainer-note" in trainer and "trainer-note" not in without_scripts(learner)
    assert "讨论题" in learner and "分析任务" in learner


def chapter_pages() -> list[str]:
    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    entries = [ch["file"] for part in toc["parts"] for ch in part["chapters"]]
    return [e for e in entries if re.match(r"book/0\d-", e) and "/practice/" not in e]


@pytest.fixture(scope="module")
def chapter_doms(builds):
    """Each chapter page of the learner book as the site serves it: title, objectives,
    summary and outputs are in the page's HTML, not drawn by its scripts, so the file is
    read (a browser visit each cost about a core-second and checked nothing more; the
    other tests here open the pages whose scripts draw something)."""
    site = builds["learner"]
    if not (site / "index.html").is_file():
        pytest.fail("build the learner book first (make book-learner)")
    return {entry: (site / f"{entry}.html").read_text(encoding="utf-8")
            for entry in chapter_pages()}


@pytest.mark.parametrize("entry", chapter_pages())
def test_every_chapter_opens_with_title_objectives_and_summary(chapter_doms, entry):
    source = (ROOT / f"{entry}.md").read_text(encoding="utf-8")
    title = re.search(r"^# (.+)$", source, flags=re.M).group(1).strip()
    dom = chapter_doms[entry]
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", dom, flags=re.S)
    assert heading and title in re.sub(r"<[^>]+>", "", heading.group(1))
    assert "学习目标" in dom and "要点回顾" in dom
    assert "stderr" not in without_scripts(dom)


EXERCISES = "/exercises/07-exercises.html"


def test_quiz_answers_in_the_learner_page_without_a_kernel(site, browser):
    from crmkit.selfcheck import ITEMS

    with browser.session(site["learner"] + EXERCISES) as page:
        script = """(() => {
            const boxes = document.querySelectorAll('.crmkit-quiz');
            const said = box => box.querySelector('.crmkit-quiz-feedback').textContent;
            const choose = (box, letter) => [...box.querySelectorAll('button')]
                .find(b => b.textContent === letter).click();
            const fill = (box, text) => { box.querySelector('input').value = text;
                box.querySelector('.crmkit-quiz-check').click(); };
            choose(boxes[0], 'A'); const wrong = said(boxes[0]);
            choose(boxes[0], 'B'); const right = said(boxes[0]);
            fill(boxes[2], 'ANSWER'); const number = said(boxes[2]);
            return [boxes.length, wrong, right, number];
        })()"""
        feedback = page.eval(script.replace("ANSWER", str(ITEMS["7.3"].expected())))
    count, wrong, right, number = feedback
    assert count == sum(1 for i in ITEMS.values() if i.module == "7")
    assert wrong.startswith("[7.1] ❌ 还不对") and "提示：" in wrong
    assert right.startswith("[7.1] ✅ 正确")
    assert number.startswith("[7.3] ✅ 正确")


def test_roleplay_plays_in_the_static_book(site, browser):
    """Chromium presses the option buttons of the guide's example along the best path."""
    from crmkit.roleplay import best_path, compile_text
    from crmkit.roleplay.sphinx import examples_in_page

    guide = ROOT / "book/trainers/roleplay-authoring.md"
    scenario = compile_text(examples_in_page(guide)[0])
    best = best_path(scenario)
    with browser.session(site["learner"] + "/book/trainers/roleplay-authoring.html") as page:
        result = page.eval("""(async () => {
            const box = document.querySelector('.crmkit-roleplay');
            const wait = ms => new Promise(r => setTimeout(r, ms));
            for (let i = 0; i < 50 && !box.querySelector('button'); i++) await wait(100);
            for (const id of IDS) {
                const button = [...box.querySelectorAll('button')]
                    .find(b => b.dataset.option === id);
                if (!button) return {error: 'no button for ' + id};
                button.click();
                await wait(50);
            }
            const total = box.querySelector('.crp-total');
            return {state: box.dataset.state, total: total && total.dataset.total};
        })()""".replace("IDS", json.dumps(best["options"])))
    assert "error" not in result, result
    assert result["state"] == "finished"
    assert int(result["total"]) == best["score"]


def test_trainer_only_pages_exist_only_in_the_trainer_build(builds):
    from crmkit.booktools import trainer_only

    pages = [p for p in sorted(ROOT.glob("book/**/*.md")) if trainer_only(p)]
    assert pages, "the trainer handbook is marked audience: trainer"
    learner_text = site_text(builds["learner"])
    for page in pages:
        html = page.relative_to(ROOT).with_suffix(".html")
        assert (builds["trainer"] / html).is_file()
        assert not (builds["learner"] / html).exists()
        sentences = CJK_RUN.findall(page.read_text(encoding="utf-8"))[:20]
        assert sentences and not [s for s in sentences if s in learner_text]


def test_every_case_page_shows_its_header_from_the_front_matter(builds):
    """The {case-header} directive renders module, industry, skills, time and data files."""
    from crmkit.cases import case_info, data_files_of

    for page in sorted(ROOT.glob("cases/*/index.md")):
        info = case_info(page)
        html = (builds["learner"] / "cases" / page.parent.name / "index.html").read_text(
            encoding="utf-8")
        header = html.split('<p class="crmkit-case-header">', 1)[1].split("</p>", 1)[0]
        assert f"<strong>行业</strong>：{info['industry']}" in header, page
        assert f"<strong>建议用时</strong>：{info['minutes']} 分钟" in header
        for name, _ in data_files_of(info):
            assert f'<span class="pre">{name}</span>' in header, (page, name)
