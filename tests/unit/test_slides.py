"""Lecture decks: a small hand-written chapter, so every slide can be predicted exactly."""

import re
from pathlib import Path

import pytest
import yaml

from crmkit import CrmkitError
from crmkit.slides import build_decks, chapter_notebook, collect_titles, export_deck
from crmkit.slides.build import SLIDE_BUDGET, _blocks, book_chapters, slide_lines

ROOT = Path(__file__).resolve().parents[2]

CHAPTER = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---

```{code-cell} ipython3
:tags: [remove-cell]
from crmkit.viz import use_chinese_font
use_chinese_font()
```

(demo-chapter)=
# 示例章节：客户分层

**学习目标**：读完本章，你能够：

- 说出客户分层的两个维度。

## 为什么要分层

支行客户经理名下有 120 户客户，时间有限。

第二段是长篇说明，讲课时口头展开，不上幻灯片。

```{trainer-note}
讲到这里先请学员说说自己名下有多少户客户。
```

## 怎么分层

### 按贡献度

贡献度看一年净收入，单位是万元。

```{code-cell} ipython3
from crmkit.models.value_matrix import classify
classify()
```

| 象限 | 策略 |
| --- | --- |
| 拓展 | 加大投入 |

### 按成长性

成长性看同比增长，详见 {ref}`other-page`，再回看 {ref}`本章开头 <demo-chapter>`。

## 自测

**1.** 客户分层看哪两个维度？

```{dropdown} 查看答案
贡献度和成长性。
```

**2.** 压线客户算高还是低？
"""

NOTES = re.compile(r'<aside class="notes">.*?</aside>', re.S)
OTHER = "(other-page)=\n# 价值矩阵实验\n\n正文。\n"


@pytest.fixture()
def book(tmp_path):
    (tmp_path / "book" / "07-crm").mkdir(parents=True)
    (tmp_path / "book" / "07-crm" / "demo.md").write_text(CHAPTER, encoding="utf-8")
    (tmp_path / "book" / "other.md").write_text(OTHER, encoding="utf-8")
    return tmp_path


def test_titles_come_from_the_heading_under_each_label(book):
    assert collect_titles(book) == {"demo-chapter": "示例章节：客户分层",
                                    "other-page": "价值矩阵实验"}


def test_one_slide_per_section_and_one_subslide_per_subsection(book):
    nb = chapter_notebook(book / "book" / "07-crm" / "demo.md", collect_titles(book))
    kinds = [c.metadata["slideshow"]["slide_type"] for c in nb.cells]
    firsts = [c.source.splitlines()[0] for c in nb.cells]
    # title slide + 3 "##" sections (slides) + 2 "###" sections (sub-slides)
    assert kinds == ["slide", "slide", "slide", "subslide", "subslide", "slide"]
    assert firsts == ["# 示例章节：客户分层", "## 为什么要分层", "## 怎么分层",
                      "### 按贡献度", "### 按成长性", "## 自测"]
    assert nb.metadata["title"] == "示例章节：客户分层"
    assert all(c.cell_type == "markdown" for c in nb.cells)


def test_slides_keep_lists_tables_first_paragraph_and_drop_the_rest(book):
    nb = chapter_notebook(book / "book" / "07-crm" / "demo.md", collect_titles(book))
    text = "\n".join(NOTES.sub("", c.source) for c in nb.cells)
    # kept: the objective list, the first paragraph, the table, the questions
    assert "- 说出客户分层的两个维度。" in text
    assert NOTES.sub("", nb.cells[1].source).strip() == (
        "## 为什么要分层\n\n支行客户经理名下有 120 户客户，时间有限。")
    # the paragraph left off the slide is what the speaker says: it is in the notes
    assert "第二段是长篇说明" in NOTES.search(nb.cells[1].source).group(0)
    assert "| 拓展 | 加大投入 |" in text
    assert "**2.** 压线客户算高还是低？" in text
    # dropped: second paragraph, trainer note, code, answers, label lines, roles
    for gone in ["第二段", "先请学员", "classify", "use_chinese_font", "贡献度和成长性。",
                 "(demo-chapter)=", "{ref}", "{code-cell}", "jupytext"]:
        assert gone not in text
    # {ref}`label` shows the page title; {ref}`text <label>` shows the text
    assert "详见 价值矩阵实验，再回看 本章开头。" in text


def test_exported_deck_loads_reveal_from_the_local_prefix_only(book, tmp_path):
    nb = chapter_notebook(book / "book" / "07-crm" / "demo.md", collect_titles(book))
    page = export_deck(nb, tmp_path / "out" / "demo.html").read_text(encoding="utf-8")
    assert 'href="reveal.js/dist/reveal.css"' in page
    assert '"reveal.js/dist/reveal.js"' in page
    assert '<script src="vendor/require.js">' in page
    scripts = re.findall(r'<(?:script|link)[^>]*(?:src|href)="([^"]+)"', page)
    assert not [s for s in scripts if s.startswith(("http:", "https:", "//"))]
    assert "unpkg.com" not in page and "cdnjs" not in page and "mathjax" not in page.lower()
    # nbconvert opens a <section> per slide and another per sub-slide, and every slide starts a
    # sub-slide: 4 slides x 2 + 2 extra sub-slides (按贡献度, 按成长性) = 10
    assert page.count("<section") == 10
    assert '<html lang="zh">' in page
    assert "先请学员" not in page and "classify" not in page
    # built again, the same file (no random cell ids)
    again = chapter_notebook(book / "book" / "07-crm" / "demo.md", collect_titles(book))
    assert export_deck(again, tmp_path / "again.html").read_text(encoding="utf-8") == page
    assert 'id="cell-id=slide-01"' in page


def test_build_without_fetched_reveal_explains_what_to_run(book, tmp_path):
    with pytest.raises(CrmkitError, match="fetch_reveal.sh"):
        build_decks(book, tmp_path / "slides", vendor=tmp_path / "missing")


def test_decks_follow_the_book_order_of_the_toc():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    listed = [c["file"] for part in toc["parts"] for c in part["chapters"]]
    expected = [f for f in listed if re.fullmatch(r"book/0[1-7]-[^/]+/[^/]+", f)]
    assert [str(p.relative_to(ROOT).with_suffix("")) for p in book_chapters(ROOT)] == expected


def test_every_slide_of_every_chapter_has_notes_and_fits_the_budget():
    titles = collect_titles(ROOT)
    for chapter in book_chapters(ROOT):
        for cell in chapter_notebook(chapter, titles).cells:
            notes = NOTES.search(cell.source)
            assert notes and len(notes.group(0)) > len('<aside class="notes"></aside>'), (
                chapter.name, cell.source[:40])
            slide = NOTES.sub("", cell.source)
            used = sum(slide_lines(b) for b in _blocks(slide.splitlines()))
            assert used <= SLIDE_BUDGET or len(_blocks(slide.splitlines())) == 2, (
                chapter.name, slide[:60], used)


def test_built_decks_request_nothing_off_the_machine(book, tmp_path):
    vendor = tmp_path / "vendor"
    (vendor / "reveal.js" / "dist" / "theme").mkdir(parents=True)
    (vendor / "reveal.js" / "dist" / "reveal.js").write_text("// reveal", encoding="utf-8")
    (vendor / "reveal.js" / "dist" / "theme" / "simple.css").write_text(
        "@import url(https://fonts.googleapis.com/css?family=Lato);\n"
        ".reveal { color: #000; }\n", encoding="utf-8")
    (vendor / "requirejs").mkdir()
    (vendor / "requirejs" / "require.js").write_text("// require", encoding="utf-8")
    out = tmp_path / "slides"
    decks = build_decks(book, out, vendor=vendor, executed=_executed(book))
    assert [p.name for p in decks] == ["01-07-crm-demo.html"]
    for path in list(out.rglob("*.html")) + list(out.rglob("*.css")):
        text = path.read_text(encoding="utf-8")
        text = re.sub(r'<a [^>]*href="https?://[^"]*"', "", text)  # links in slide text are fine
        assert not re.search(r"https?://", text), (path.name, re.search(r"https?://\S+", text))
    assert "Noto Sans CJK SC" in decks[0].read_text(encoding="utf-8")


def _png(title: str) -> str:
    import base64
    import io

    from PIL import Image
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_itxt("Title", title)
    buffer = io.BytesIO()
    Image.new("RGB", (8, 4), "white").save(buffer, "PNG", pnginfo=info)
    return base64.b64encode(buffer.getvalue()).decode()


def _executed(book, rows: int = 10, source: str = "from crmkit.models.value_matrix import "
              "classify\nclassify()"):
    """The demo chapter as the book build would have executed it."""
    import nbformat

    table = ("<div><style scoped>.x {}</style><table class=\"dataframe\"><thead><tr><th>象限</th>"
             "</tr></thead><tbody>" + "".join(f"<tr><td>客户{i}</td></tr>" for i in range(rows))
             + "</tbody></table></div>")
    cells = [nbformat.v4.new_code_cell("from crmkit.viz import use_chinese_font\n"
                                       "use_chinese_font()"),
             nbformat.v4.new_code_cell(source, outputs=[
                 nbformat.v4.new_output("stream", name="stdout", text="分层完成：4 户\n"),
                 nbformat.v4.new_output("display_data", data={
                     "image/png": _png("示例：价值矩阵"), "text/plain": "<Figure>"}),
                 nbformat.v4.new_output("execute_result", execution_count=2, data={
                     "text/html": table, "text/plain": "df"})])]
    folder = book / "_build" / "trainer" / "_build" / "jupyter_execute" / "book" / "07-crm"
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nbformat.v4.new_notebook(cells=cells), folder / "demo.ipynb")
    return book / "_build" / "trainer" / "_build" / "jupyter_execute"


def test_a_code_cell_shows_its_chart_table_and_printed_lines_in_place(book):
    from crmkit.slides.build import executed_chapter

    chapter = book / "book" / "07-crm" / "demo.md"
    nb = chapter_notebook(chapter, collect_titles(book),
                          executed_chapter(book, chapter, _executed(book)))
    slides = [NOTES.sub("", c.source) for c in nb.cells]
    where = [n for n, s in enumerate(slides) if "crmkit-chart" in s]
    assert len(where) == 1 and slides[where[0]].startswith("### 按贡献度")
    shown = slides[where[0]]
    # printed line, chart (alt text from the PNG's title), table cut to its first rows
    assert shown.index("分层完成：4 户") < shown.index("crmkit-chart")
    assert 'alt="图表：示例：价值矩阵"' in shown and 'src="img/07-crm-demo-01.png"' in shown
    table = next(s for s in slides if "dataframe" in s)
    assert table.count("<tr><td>") == 8 and "共 10 行" in table and "<style" not in table
    assert all("use_chinese_font" not in s and "classify" not in s for s in slides)
    # the table keeps its place after the chart, before the markdown table that follows
    assert "| 拓展 | 加大投入 |" in "".join(slides[slides.index(table):])
    assert list(nb.metadata["crmkit_images"]) == ["img/07-crm-demo-01.png"]


def test_charts_are_written_beside_the_deck(book, tmp_path):
    from crmkit.slides.build import executed_chapter

    chapter = book / "book" / "07-crm" / "demo.md"
    nb = chapter_notebook(chapter, collect_titles(book),
                          executed_chapter(book, chapter, _executed(book)))
    page = export_deck(nb, tmp_path / "out" / "demo.html").read_text(encoding="utf-8")
    assert (tmp_path / "out" / "img" / "07-crm-demo-01.png").read_bytes().startswith(b"\x89PNG")
    assert 'src="img/07-crm-demo-01.png"' in page and "crmkit_images" not in page
    assert "width: 1280, height: 720" in page


def test_slides_without_the_executed_book_say_to_build_it(book, tmp_path):
    from crmkit.slides.build import executed_chapter

    chapter = book / "book" / "07-crm" / "demo.md"
    with pytest.raises(CrmkitError, match="make book-trainer"):
        executed_chapter(book, chapter, tmp_path / "nowhere")
    stale = _executed(book, source="classify(old=True)")  # the chapter changed since the build
    with pytest.raises(CrmkitError, match="make book-trainer"):
        chapter_notebook(chapter, collect_titles(book), executed_chapter(book, chapter, stale))
