"""crmkit.booknav: the sidebar's table of contents, built once per build, equals Sphinx's.

A small book with what the real one has (captions, a hidden toctree, a chapter with its
own toctree, pages with sections, a page in a subfolder) is read once; then for every page
and the arguments the theme uses, the tree from crmkit.booknav and from Sphinx itself must
be the same nodes, and render to the same HTML.
"""

from __future__ import annotations

import pytest
from sphinx.application import Sphinx
from sphinx.builders import html as html_builder

from crmkit import booknav

PAGES = {
    "index.rst": """Book
====

.. toctree::
   :caption: Part one
   :maxdepth: 2

   intro
   chapter/index

.. toctree::
   :caption: Part two
   :hidden:

   chapter/deep
   appendix
""",
    "intro.rst": "Intro\n=====\n\nText.\n\nFirst section\n-------------\n\nMore.\n",
    "chapter/index.rst": """Chapter
=======

.. toctree::

   page-a
   page-b

Section in chapter
------------------

Sub
~~~
""",
    "chapter/page-a.rst": "Page A\n======\n\nA1\n--\n\nA1.1\n~~~~\n\nA2\n--\n",
    "chapter/page-b.rst": ":tocdepth: 1\n\nPage B\n======\n\nB1\n--\n",
    "chapter/deep.rst": "Deep\n====\n\nD1\n--\n",
    "appendix.rst": "Appendix\n========\n",
}


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    src = tmp_path_factory.mktemp("navbook")
    for name, text in PAGES.items():
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        (src / name).write_text(text, encoding="utf-8")
    (src / "conf.py").write_text("extensions = ['crmkit.booknav']\n", encoding="utf-8")
    out = src / "_build"
    sphinx = Sphinx(str(src), str(src), str(out / "html"), str(out / "doctrees"), "html",
                    status=None, warning=None, freshenv=True)
    sphinx.build()
    return sphinx


def test_the_extension_replaces_the_html_builders_function(app):
    assert html_builder.global_toctree_for_doc is booknav.global_toctree_for_doc


@pytest.mark.parametrize("options", [
    {"maxdepth": 4, "includehidden": True, "titles_only": True},  # the book theme's sidebar
    {"maxdepth": 2, "includehidden": True, "titles_only": False},
    {"maxdepth": 3, "includehidden": False, "titles_only": False},
])
def test_every_page_gets_sphinxs_own_tree(app, options):
    env, builder = app.env, app.builder
    booknav._forget(app)
    pages = sorted(env.found_docs)
    assert len(pages) == 7
    for docname in pages:
        ours = booknav.global_toctree_for_doc(env, docname, builder, collapse=False, **options)
        theirs = booknav.SPHINX_GLOBAL_TOCTREE(env, docname, builder, collapse=False,
                                               **options)
        assert ours.pformat() == theirs.pformat(), docname
        assert (builder.render_partial(ours)["fragment"]
                == builder.render_partial(theirs)["fragment"]), docname
    # built once for these options, reused by the other pages
    assert list(booknav._ENTRIES[env]) == [(options["includehidden"], options["maxdepth"],
                                            options["titles_only"])]


def test_the_marks_and_links_follow_the_page(app):
    env, builder = app.env, app.builder
    html = builder.render_partial(booknav.global_toctree_for_doc(
        env, "chapter/page-a", builder, maxdepth=4, includehidden=True,
        titles_only=True))["fragment"]
    assert 'class="current reference internal" href="#">Page A' in html
    assert 'href="../intro.html">Intro' in html and 'href="deep.html">Deep' in html
    assert html.count("current") == 5  # the page's li and a, the chapter's li, a and ul


def test_a_collapsed_tree_goes_to_sphinx(app, monkeypatch):
    asked = []
    monkeypatch.setattr(booknav, "SPHINX_GLOBAL_TOCTREE",
                        lambda *a, **k: asked.append(k["collapse"]) or None)
    assert booknav.global_toctree_for_doc(app.env, "intro", app.builder, collapse=True,
                                          maxdepth=4) is None
    assert booknav.global_toctree_for_doc(app.env, "intro", app.builder, maxdepth=0) is None
    assert asked == [True, False]
