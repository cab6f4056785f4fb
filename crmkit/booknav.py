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
"""

from __future__ import annotations

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
    cache = _ENTRIES.setdefault(env, {})
    key = (includehidden, maxdepth, titles_only)
    if key not in cache:
        cache[key] = [_unmarked(env, builder, toctree, maxdepth=maxdepth,
                                titles_only=titles_only, includehidden=includehidden)
                      for toctree in env.master_doctree.findall(addnodes.toctree)]
    resolved = []
    for unmarked in cache[key]:
        if unmarked is None:
            continue
        # the rest of Sphinx's _resolve_toctree, with its own functions, on a copy
        newnode = unmarked.deepcopy()
        sphinx_toctree._toctree_add_classes(newnode, 1, docname)
        newnode = sphinx_toctree._toctree_copy(newnode, 1, maxdepth, False, builder.tags)
        if isinstance(newnode[-1], nodes.Element) and len(newnode[-1]) == 0:
            continue
        for refnode in newnode.findall(nodes.reference):
            if sphinx_toctree.url_re.match(refnode["refuri"]) is None:
                rel_uri = builder.get_relative_uri(docname, refnode["refuri"])
                refnode["refuri"] = rel_uri + refnode["anchorname"]
        resolved.append(newnode)
    if not resolved:
        return None
    result = resolved[0]
    for toctree in resolved[1:]:
        result.extend(toctree.children)
    return result


def _forget(app, *_: Any) -> None:
    """The pages were (re)read: the entries are built again from the new tables."""
    _ENTRIES.pop(app.env, None)


def setup(app) -> dict[str, Any]:
    html_builder.global_toctree_for_doc = global_toctree_for_doc
    app.connect("env-updated", _forget)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
