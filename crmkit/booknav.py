"""The book's sidebar, resolved once per build process instead of once per page.

The book theme (sphinx-book-theme on pydata-sphinx-theme) puts the whole table of
contents in every page's sidebar, and asks Sphinx's ``global_toctree_for_doc`` for it on
each page. Sphinx then copies the table of contents of every one of the 90 pages again,
for every page: a quarter of the time it spends writing the book (the trainer book's
Sphinx run took 16-17 s, 12 s with the sidebar left empty).

Of that work only two steps depend on the page being written: marking the page and its
ancestors as ``current``, and making the links relative to the page. With the theme's
arguments (the tree pruned to a depth, not collapsed) the entries themselves are the same
for every page: this module builds them once per build process, and each page gets a
copy on which Sphinx's own functions do those two steps. Any other call (a collapsed
tree, no depth) goes to Sphinx unchanged. The pages are byte-identical to Sphinx's
(``tests/unit/test_booknav.py`` compares them on a small book).

The theme then turns that tree into the sidebar's HTML, page by page, through BeautifulSoup;
:class:`_Sidebar` does it once per build process and fills in each page's marks and links
(the learner book's build: 9.3 s instead of 12.3 s in one Sphinx process, every page
byte-identical).
"""

from __future__ import annotations

import functools
import re
import weakref
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.builders import html as html_builder
from sphinx.environment.adapters import toctree as sphinx_toctree
from sphinx.util.matching import Matcher

SPHINX_GLOBAL_TOCTREE = sphinx_toctree.global_toctree_for_doc
# per build environment: (includehidden, maxdepth, titles_only) -> the unmarked entries
_ENTRIES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _unmarked(env, builder, toctree: addnodes.toctree, *, maxdepth: int, titles_only: bool,
              includehidden: bool) -> nodes.Element | None:
    """Sphinx's ``_resolve_toctree`` up to where it starts to use the page's name.

    The page's ancestors only decide, in ``_toctree_standard_entry``, whether an entry's
    table is deep-copied or copied through ``_toctree_copy`` without a depth limit: the
    same nodes either way once the whole tree goes through ``_toctree_copy`` below.
    """
    if toctree.get("hidden", False) and not includehidden:
        return None
    if not titles_only and toctree.get("titlesonly", False):
        titles_only = True
    if not includehidden and toctree.get("includehidden", False):
        includehidden = True
    entries = sphinx_toctree._entries_from_toctree(
        env, True, titles_only, False, includehidden, builder.tags, frozenset(),
        Matcher(env.config.include_patterns), Matcher(env.config.exclude_patterns),
        toctree, [])
    if not entries:
        return None
    newnode = addnodes.compact_paragraph("", "")
    if caption := toctree.attributes.get("caption"):
        caption_node = nodes.title(caption, "", *[nodes.Text(caption)])
        caption_node.line = toctree.line
        caption_node.source = toctree.source
        caption_node.rawsource = toctree["rawcaption"]
        if hasattr(toctree, "uid"):
            caption_node.uid = toctree.uid  # type: ignore[attr-defined]
            del toctree.uid
        newnode.append(caption_node)
    newnode.extend(entries)
    newnode["toctree"] = True
    return newnode


def _trees_for(env, builder, docname: str, *, maxdepth: int, titles_only: bool,
               includehidden: bool) -> list[nodes.Element]:
    """The sidebar's trees marked for ``docname`` (Sphinx's classes, ``current`` on the
    page's branch), links not yet made relative to it."""
    cache = _ENTRIES.setdefault(env, {})
    key = (includehidden, maxdepth, titles_only)
    if key not in cache:
        cache[key] = [_unmarked(env, builder, toctree, maxdepth=maxdepth,
                                titles_only=titles_only, includehidden=includehidden)
                      for toctree in env.master_doctree.findall(addnodes.toctree)]
    trees = []
    for unmarked in cache[key]:
        if unmarked is None:
            continue
        # the rest of Sphinx's _resolve_toctree, with its own functions, on a copy
        newnode = unmarked.deepcopy()
        sphinx_toctree._toctree_add_classes(newnode, 1, docname)
        newnode = sphinx_toctree._toctree_copy(newnode, 1, maxdepth, False, builder.tags)
        if isinstance(newnode[-1], nodes.Element) and len(newnode[-1]) == 0:
            continue
        trees.append(newnode)
    return trees


def _joined(trees: list[nodes.Element]) -> nodes.Element | None:
    if not trees:
        return None
    result = trees[0]
    for toctree in trees[1:]:
        result.extend(toctree.children)
    return result


def global_toctree_for_doc(env, docname: str, builder, collapse: bool = False,
                           includehidden: bool = True, maxdepth: int = 0,
                           titles_only: bool = False) -> nodes.Element | None:
    """Sphinx's ``global_toctree_for_doc``, the entries built once per build process.

    Only for a tree pruned to a depth and not collapsed (the theme's sidebar); any other
    call goes to Sphinx.
    """
    maxdepth = int(maxdepth)
    if collapse or maxdepth <= 0:
        return SPHINX_GLOBAL_TOCTREE(env, docname, builder, collapse=collapse,
                                     includehidden=includehidden, maxdepth=maxdepth,
                                     titles_only=titles_only)
    trees = _trees_for(env, builder, docname, maxdepth=maxdepth, titles_only=titles_only,
                       includehidden=includehidden)
    for newnode in trees:
        for refnode in newnode.findall(nodes.reference):
            if sphinx_toctree.url_re.match(refnode["refuri"]) is None:
                rel_uri = builder.get_relative_uri(docname, refnode["refuri"])
                refnode["refuri"] = rel_uri + refnode["anchorname"]
    return _joined(trees)


# The theme's sidebar HTML, made once per build process (see _Sidebar).
NEUTRAL = "\x00crmkit-no-page"  # a page name no entry points to: nothing is marked current
MARK = "crmkit-navmark-{}"
HREF = "crmkit-navhref-{}"
_TOKEN = re.compile(r"crmkit-nav(mark|href)-(\d+)")
# what a link may hold to go into the page as it is (anything else: the theme's own way)
_PLAIN_URI = re.compile(r"[A-Za-z0-9._~/:%+#-]*")
_SIDEBARS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


class _Sidebar:
    """The theme's sidebar for any page, from one rendering that marks nothing.

    pydata-sphinx-theme turns each page's table of contents into the sidebar through
    BeautifulSoup: 2.3 of the 12–13 CPU-seconds of the learner book's build, half of it for
    the theme's check that drops templates which render empty. What differs from
    page to page is where the links point and which entries are on the page's branch
    (``current``: the item, its lists and its link; pydata adds ``active`` to such an item
    and opens its ``<details>``). So the entries are rendered once, through the theme's own
    code, with a class token on every item, list and link and a token for every link's
    address; for a page, each token becomes what Sphinx and the theme would have written
    there. ``tests/unit/test_booknav.py`` compares every page with the theme's sidebar.
    """

    def __init__(self, html: str, kinds: dict[int, str], below: dict[int, frozenset[str]],
                 targets: dict[int, str]):
        self.below, self.targets = below, targets
        # pages with more than one link in the sidebar
        links = [next(iter(below[n])) for n, kind in kinds.items() if kind == "a"]
        self.twice = {page for page in links if links.count(page) > 1}
        spans: list[tuple[int, int, tuple[str, int]]] = []
        for match in _TOKEN.finditer(html):
            what, number = match.group(1), int(match.group(2))
            start, end = match.span()
            kind = "href" if what == "href" else kinds[number]
            if kind == "a" and html[end] == " ":
                end += 1  # "TOKEN reference internal" -> "current reference internal"
            elif kind == "li" and html[start - 1] == " ":
                start -= 1  # "toctree-l1 TOKEN has-children" -> "toctree-l1 current active …"
            elif kind == "ul" and html.endswith('<ul class="', 0, start) and html[end] == '"':
                kind, start, end = "ul-alone", start - len('<ul class="'), end + 2
            elif kind == "ul" and html[end] == " ":
                end += 1  # the theme's "TOKEN nav bd-sidenav"
            elif kind != "href":
                raise ValueError(f"token {match.group(0)} where the theme puts no class")
            spans.append((start, end, (kind, number)))
            if kind == "li" and html.startswith(" has-children", end):
                # the item's <details>, after its own link, opens on the page's branch
                details = html.index("<details>", end)
                spans.append((details, details + len("<details>"), ("details", number)))
        # the page-independent text and, between its pieces, (kind, number) slots
        self.pieces: list[str] = []
        self.slots: list[tuple[str, int]] = []
        position = 0
        for start, end, slot in sorted(spans):
            if start < position:
                raise ValueError("overlapping tokens")
            self.pieces.append(html[position:start])
            self.slots.append(slot)
            position = end
        self.pieces.append(html[position:])
        tokens = [number for kind, number in self.slots if kind != "details"]
        if sorted(tokens) != sorted([*kinds, *targets]):
            raise ValueError("a token is missing or appears twice")

    def html_for(self, builder, pagename: str) -> str | None:
        """The sidebar of ``pagename``, or None where it needs the theme's own way: a page
        linked twice (Sphinx marks its branches twice) or a link to write escaped."""
        if pagename in self.twice:
            return None
        out = [self.pieces[0]]
        for (kind, number), text in zip(self.slots, self.pieces[1:], strict=True):
            on = pagename in self.below.get(number, ())
            if kind == "href":
                target = self.targets[number]
                if sphinx_toctree.url_re.match(target) is None:
                    target = builder.get_relative_uri(pagename, target) or "#"
                if not _PLAIN_URI.fullmatch(target) or (target != "#" and "#" in target):
                    return None  # escaped by the theme, or a link it drops
                out.append(target)
            elif kind == "li":
                out.append(" current active" if on else "")
            elif kind in ("a", "ul"):
                out.append("current " if on else "")
            elif kind == "ul-alone":
                out.append('<ul class="current">' if on else "<ul>")
            else:  # details
                out.append('<details open="open">' if on else "<details>")
            out.append(text)
        return "".join(out)


def _sidebar(app, add_toctree_functions, *, maxdepth: int, titles_only: bool,
             includehidden: bool, show_nav_level: int) -> _Sidebar | None:
    """The sidebar rendered once for these arguments (None: not possible for this book)."""
    env, builder = app.env, app.builder
    cache = _SIDEBARS.setdefault(env, {})
    key = (maxdepth, titles_only, includehidden, show_nav_level)
    if key in cache:
        return cache[key]
    cache[key] = None
    trees = _trees_for(env, builder, NEUTRAL, maxdepth=maxdepth, titles_only=titles_only,
                       includehidden=includehidden)
    kinds: dict[int, str] = {}
    below: dict[int, frozenset[str]] = {}
    targets: dict[int, str] = {}
    for tree in trees:
        for node in tree.findall(lambda n: isinstance(
                n, (nodes.list_item, nodes.bullet_list, nodes.reference))):
            number = len(kinds) + len(targets)
            if isinstance(node, nodes.reference):
                if node.get("anchorname") or "#" in node["refuri"]:
                    return None  # the theme drops such links: left to it
                kinds[number] = "a"
                below[number] = frozenset({node["refuri"]})
                targets[number + 1] = node["refuri"]
                node["refuri"] = HREF.format(number + 1)
            else:
                kinds[number] = "li" if isinstance(node, nodes.list_item) else "ul"
                below[number] = frozenset(
                    ref["refuri"] for ref in node.findall(nodes.reference))
            node["classes"].append(MARK.format(number))
    joined = _joined(trees)
    if joined is None:
        return None
    html = builder.render_partial(joined)["fragment"]
    context = {"toctree": lambda **_: html}
    add_toctree_functions(app, NEUTRAL, "page.html", context, None)
    rendered = str(context["generate_toctree_html"](
        "sidebar", startdepth=0, show_nav_level=show_nav_level, maxdepth=maxdepth,
        collapse=False, includehidden=includehidden, titles_only=titles_only))
    if "toctree-l0" in rendered or "<details open" in rendered:
        return None  # parts opened by the theme's show_nav_level: left to it
    try:
        cache[key] = _Sidebar(rendered, kinds, below, targets)
    except (ValueError, KeyError, IndexError):
        return None
    return cache[key]


def _page_toctree_is_sphinxs(builder) -> bool:
    """The builder gives a page the standard HTML builder's table of contents (the single-page
    builder, for one, rewrites its links): the one :class:`_Sidebar` reproduces."""
    return (getattr(type(builder), "_get_local_toctree", None)
            is html_builder.StandaloneHTMLBuilder._get_local_toctree)


def _sidebar_once(add_toctree_functions):
    """pydata-sphinx-theme's ``add_toctree_functions``, whose ``generate_toctree_html``
    gives the whole-book sidebar of a page from :class:`_Sidebar` (any other call, or a
    page it cannot serve, goes to the theme's own function)."""

    @functools.wraps(add_toctree_functions)
    def wrapped(app, pagename, templatename, context, doctree):
        add_toctree_functions(app, pagename, templatename, context, doctree)
        theirs = context["generate_toctree_html"]

        def generate_toctree_html(kind, startdepth=1, show_nav_level=1, **kwargs):
            if (kind == "sidebar" and startdepth == 0 and show_nav_level == 1
                    and _page_toctree_is_sphinxs(app.builder)
                    and kwargs.get("collapse") is False
                    and set(kwargs) <= {"collapse", "maxdepth", "includehidden",
                                        "titles_only"}
                    and int(kwargs.get("maxdepth", 0)) > 0):
                sidebar = _sidebar(app, add_toctree_functions,
                                   maxdepth=int(kwargs["maxdepth"]),
                                   titles_only=bool(kwargs.get("titles_only", False)),
                                   includehidden=bool(kwargs.get("includehidden", False)),
                                   show_nav_level=show_nav_level)
                html = sidebar.html_for(app.builder, pagename) if sidebar else None
                if html is not None:
                    return html
            return theirs(kind, startdepth, show_nav_level, **kwargs)

        generate_toctree_html.theirs = theirs  # for the tests' comparison
        context["generate_toctree_html"] = generate_toctree_html

    wrapped.crmkit_sidebar = True
    return wrapped


def _forget(app, *_: Any) -> None:
    """The pages were (re)read: the entries are built again from the new tables."""
    _ENTRIES.pop(app.env, None)
    _SIDEBARS.pop(app.env, None)


def setup(app) -> dict[str, Any]:
    html_builder.global_toctree_for_doc = global_toctree_for_doc
    # before the theme, loaded with the builder, connects it to each page
    from pydata_sphinx_theme import toctree as theme_toctree

    if not getattr(theme_toctree.add_toctree_functions, "crmkit_sidebar", False):
        theme_toctree.add_toctree_functions = _sidebar_once(theme_toctree.add_toctree_functions)
    app.connect("env-updated", _forget)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
