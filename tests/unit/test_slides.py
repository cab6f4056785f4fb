"""Lecture decks: a small hand-written chapter, so every slide can be predicted exactly."""

import re

import pytest

from crmkit import CrmkitError
from crmkit.slides import build_decks, chapter_notebook, collect_titles, export_deck

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
    text = "\n".join(c.source for c in nb.cells)
    # kept: the objective list, the first paragraph, the table, the questions
    assert "- 说出客户分层的两个维度。" in text
    assert nb.cells[1].source == "## 为什么要分层\n\n支行客户经理名下有 120 户客户，时间有限。"
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


def test_build_without_fetched_reveal_explains_what_to_run(book, tmp_path):
    with pytest.raises(CrmkitError, match="fetch_reveal.sh"):
        build_decks(book, tmp_path / "slides", vendor=tmp_path / "missing")
