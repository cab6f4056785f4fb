"""crmkit.booknav: the sidebar's table of contents, built once per build, equals Sphinx's.

A small book with what the real one has (captions, a hidden toctree, a chapter with its
own toctree, pages with sections, a page in a subfolder) is read once; then for every page
and the arguments the theme uses, the tree from crmkit.booknav and from Sphinx itself must
be the same nodes, and render to the same HTML. Built again with the book theme, every
page's sidebar from crmkit.booknav's one rendering must be the theme's own, character for
character.
"""

from __future__ import annotations

import pytest
from sphinx.application import Sphinx
from sphinx.builders import html as html_builder
from sphinx.util.docutils import docutils_namespace

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
    with docutils_namespace():  # what the extensions register goes with the module
        sphinx = Sphinx(str(src), str(src), str(out / "html"), str(out / "doctrees"), "html",
                        status=None, warning=None, freshenv=True)
        sphinx.build()
        yield sphinx


SIDEBAR = {"kind": "sidebar", "startdepth": 0, "maxdepth": 4, "collapse": False,
           "includehidden": True, "titles_only": True, "show_nav_level": 1}  # the theme's


@pytest.fixture(scope="module")
def themed(tmp_path_factory):
    """The small book with sphinx-book-theme, an external link and a page linked twice in
    its table of contents: for every page, the sidebar from crmkit.booknav, the theme's own,
    and the page as written."""
    src = tmp_path_factory.mktemp("themedbook")
    pages = {**PAGES, "index.rst": PAGES["index.rst"] + """
.. toctree::
   :caption: Links

   Example site <https://example.org/a-b>
   appendix
"""}
    for name, text in pages.items():
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        (src / name).write_text(text, encoding="utf-8")
    (src / "conf.py").write_text("extensions = ['crmkit.booknav']\n"
                                 "html_theme = 'sphinx_book_theme'\n", encoding="utf-8")
    out = src / "_build"
    sidebars = {}

    def probe(app, pagename, templatename, context, doctree):
        ours = context["generate_toctree_html"]
        sidebars[pagename] = (str(ours(**SIDEBAR)), str(ours.theirs(**SIDEBAR)))

    with docutils_namespace():
        sphinx = Sphinx(str(src), str(src), str(out / "html"), str(out / "doctrees"), "html",
                        status=None, warning=None, freshenv=True)
        sphinx.connect("html-page-context", probe, priority=900)
        sphinx.build()
        yield sphinx, sidebars, out / "html"


def test_every_pages_sidebar_is_the_themes_own(themed):
    app, sidebars, html = themed
    assert {"intro", "chapter/page-a", "chapter/deep", "search", "genindex"} <= set(sidebars)
    sidebar = booknav._SIDEBARS[app.env][(4, True, True, 1)]
    for page, (ours, theirs) in sidebars.items():
        assert ours == theirs, page
        # served from the one rendering, except the page the table links twice
        assert (sidebar.html_for(app.builder, page) is None) == (page == "appendix"), page
        assert ours in (html / f"{page}.html").read_text(encoding="utf-8"), page
    ours = sidebars["chapter/page-a"][0]
    assert 'class="toctree-l1 current active has-children"' in ours  # the chapter
    assert ours.count('<details open="open">') == 1 and ours.count("current") == 5
    assert 'href="#">Page A' in ours and 'href="../intro.html">Intro' in ours
    assert 'href="https://example.org/a-b">Example site' in ours
    assert "crmkit-nav" not in ours and "current" not in sidebars["genindex"][0]


def test_builders_with_their_own_page_toctree_keep_the_themes_sidebar():
    from sphinx.builders.dirhtml import DirectoryHTMLBuilder
    from sphinx.builders.singlehtml import SingleFileHTMLBuilder

    assert booknav._page_toctree_is_sphinxs(object.__new__(html_builder.StandaloneHTMLBuilder))
    assert booknav._page_toctree_is_sphinxs(object.__new__(DirectoryHTMLBuilder))
    assert not booknav._page_toctree_is_sphinxs(object.__new__(SingleFileHTMLBuilder))


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
