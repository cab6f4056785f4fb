"""Sphinx extension: the ``drill`` directive plays a module 6 choice drill in the HTML book.

In a MyST page::

    ```{drill} spin
    ```

(or ``timing``). The page gets
``<div class="crmkit-drill" data-drill="…/_static/drills/spin.json" data-drill-kind="spin">``
and a ``<script>`` loading ``spin.js`` (the same data, for pages opened from
``file://``); only pages with a drill load ``drill.js`` and ``drill.css``. At the end of
the build the player and every drill used are written to ``_static/drills/``, compiled
by :func:`crmkit.roleplay.drill_web.compile_drill` from the Python judges. Other
builders (LaTeX, text …) print a one-line note instead. Add
``crmkit.roleplay.drill_sphinx`` to the Sphinx extensions to use it.
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes

from crmkit.roleplay.drill_web import (
    KINDS,
    TITLES,
    compile_drill,
    copy_drill_player,
    drill_html,
    write_drill,
)

STATIC_DIR = "drills"
ENV_KEY = "crmkit_drills"


class drill_node(nodes.General, nodes.Element):  # noqa: N801 - docutils naming
    """Placeholder for the drill player; written as a <div> by the HTML builder."""


def _visit_html(self, node: drill_node) -> None:
    from sphinx.util.osutil import relative_uri

    here = self.builder.get_target_uri(self.builder.current_docname)
    base = relative_uri(here, f"_static/{STATIC_DIR}/")
    self.body.append(drill_html(node["kind"], base))  # kind is one of KINDS
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
            self.env.__dict__.setdefault(ENV_KEY, set()).add((self.env.docname, kind))
            node = drill_node()
            node["kind"] = kind
            return [node]

    return DrillDirective


def _purge(app, env, docname):
    store = env.__dict__.get(ENV_KEY, set())
    store.difference_update({k for k in store if k[0] == docname})


def _merge(app, env, docnames, other):
    env.__dict__.setdefault(ENV_KEY, set()).update(
        k for k in other.__dict__.get(ENV_KEY, set()) if k[0] in docnames)


def _not_html(app, doctree, docname):
    if app.builder.format == "html":
        return
    for node in list(doctree.findall(drill_node)):
        node.replace_self(nodes.paragraph(
            text=f"（互动小练习“{TITLES[node['kind']]}”：请在网页版中作答。）"))


def _page_assets(app, pagename, templatename, context, doctree):
    """Load drill.js and drill.css on the pages that hold a drill, and only there."""
    if doctree is None or app.builder.format != "html":
        return
    # a drill directive, or a notebook output carrying the player (the drills lab)
    if (next(iter(doctree.findall(drill_node)), None) is not None
            or 'class="crmkit-drill"' in context.get("body", "")):
        app.add_css_file(f"{STATIC_DIR}/drill.css")
        app.add_js_file(f"{STATIC_DIR}/drill.js")


def _write(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir) / "_static" / STATIC_DIR
    copy_drill_player(out)
    for kind in KINDS:  # all of them: a notebook output may play any
        write_drill(compile_drill(kind), out)


def setup(app):
    app.add_node(drill_node, html=(_visit_html, None))
    app.add_directive("drill", _make_directive())
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("doctree-resolved", _not_html)
    app.connect("html-page-context", _page_assets)
    app.connect("build-finished", _write)
    return {"version": "1.0", "env_version": 1, "parallel_read_safe": True,
            "parallel_write_safe": True}
