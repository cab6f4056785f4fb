"""Sphinx extension: the ``drill`` directive plays a module 6 choice drill in the HTML book.

In a MyST page::

    ```{drill} spin
    ```

(or ``timing``). The page gets
``<div class="crmkit-drill" data-drill="…/_static/drills/spin.json" data-drill-kind="spin">``
and a ``<script>`` loading ``spin.js`` (the same data, for pages opened from
``file://``); only pages with a drill load the player (``common.js``, ``drill.js`` and
their styles). At the end of the build the player and every drill are written to
``_static/drills/``, compiled
by :func:`crmkit.roleplay.drill_web.compile_drill` from the Python judges. Other
builders (LaTeX, text …) print a one-line note instead. Add
``crmkit.roleplay.drill_sphinx`` to the Sphinx extensions to use it.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes

from crmkit.roleplay.drill_web import (
    KINDS,
    PLAYER,
    TITLES,
    compile_drill,
    copy_drill_player,
    drill_html,
    write_drill,
)
from crmkit.roleplay.embed import replace_outside_html


class drill_node(nodes.General, nodes.Element):  # noqa: N801 - docutils naming
    """Placeholder for the drill player; written as a <div> by the HTML builder."""


def _visit_html(self, node: drill_node) -> None:
    self.body.append(drill_html(node["kind"], PLAYER.base_url(self),  # kind: one of KINDS
                                PLAYER.data_dir(self)))
    raise nodes.SkipNode


def _make_directive():
    from sphinx.util import logging
    from sphinx.util.docutils import SphinxDirective

    logger = logging.getLogger(__name__)

    class DrillDirective(SphinxDirective):
        """Embed a choice drill: ``spin`` or ``timing``."""

        required_arguments = 1
        has_content = False

        def run(self):
            kind = self.arguments[0].strip()
            if kind not in KINDS:
                message = (f"没有名为“{kind}”的网页版小练习，可以写 {'、'.join(KINDS)}"
                           "（FABE 工作台只能在实验笔记本里做）")
                logger.warning(message, location=(self.env.docname, self.lineno))
                return [nodes.error("", nodes.paragraph(text=f"小练习有问题：{message}"))]
            node = drill_node()
            node["kind"] = kind
            return [node]

    return DrillDirective


def _not_html(app, doctree, docname):
    replace_outside_html(app, doctree, drill_node,
                         lambda node: f"（互动小练习“{TITLES[node['kind']]}”：请在网页版中作答。）")


def _page_assets(app, pagename, templatename, context, doctree):
    """Load the drill player's files on the pages that hold a drill (a directive, or a
    notebook output carrying the player: the drills lab), and only there."""
    PLAYER.page_assets(app, doctree, context, drill_node)


def _write(app, env) -> list[str]:
    """The player and every drill's data, once every page is read and before any is
    written: a page links a file with Sphinx's checksum (``drill.js?v=…``) only if it is
    already in the site then."""
    if app.builder.format != "html":
        return []
    out = Path(app.outdir) / "_static" / PLAYER.static_dir
    copy_drill_player(out)
    for kind in KINDS:  # all of them: a notebook output may play any
        write_drill(compile_drill(kind), out)
    return []  # no page to read again


def setup(app):
    app.add_node(drill_node, html=(_visit_html, None))
    app.add_directive("drill", _make_directive())
    app.connect("doctree-resolved", _not_html)
    app.connect("html-page-context", _page_assets)
    app.connect("env-updated", _write)
    return {"version": "1.0", "env_version": 1, "parallel_read_safe": True,
            "parallel_write_safe": True}
