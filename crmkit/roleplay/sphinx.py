"""Sphinx extension: the ``roleplay`` directive plays a scenario in the built HTML book.

In a MyST page::

    ```{roleplay} ../../cases/roleplay/phone-invitation-zjtx.yaml
    ```

or, with the scenario written in the page itself (``:show-source:`` also prints it)::

    ```{roleplay}
    :show-source:

    id: demo
    ...
    ```

The scenario is checked and compiled at build time: a broken scenario becomes a
build warning with file and line (``-W`` turns it into a failure). The page gets
``<div class="crmkit-roleplay" data-scenario="…/_static/roleplay/<id>.json">``;
at the end of the build the player (``player.js``, ``player.css``) and every
compiled scenario (``<id>.json`` and ``<id>.js``, the latter for pages opened
from ``file://``) are written to ``_static/roleplay/``. Nothing is fetched from
the internet. Add ``crmkit.roleplay.sphinx`` to the Sphinx extensions to use it.
"""

from __future__ import annotations

import re
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives

from crmkit.errors import CrmkitError
from crmkit.roleplay.compile import (
    PLAYER,
    SCENARIO_DIR,
    compile_all,
    compile_scenario,
    compile_text,
    copy_player,
    player_html,
    write_compiled,
)
from crmkit.roleplay.embed import replace_outside_html

_FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,}|:{3,})\s*(?P<info>\S*)\s*(?P<arg>.*)$")


def page_examples(path: str | Path) -> list[tuple[int, str]]:
    """Every inline ``{roleplay}`` block at the top level of a MyST page.

    Returns (line of the block's first YAML line in the page, YAML text) pairs,
    with the directive's option lines removed. Fences nested inside another code
    block (e.g. a block showing trainers how to write the directive) are skipped.
    """
    found: list[tuple[int, str]] = []
    stack: list[tuple[str, bool]] = []  # (fence, capturing)
    body: list[str] = []
    first = 0
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        match = _FENCE.match(line.strip()) if not line.startswith((" ", "\t")) else None
        if stack:
            fence, capturing = stack[-1]
            if match and match["fence"][0] == fence[0] and len(match["fence"]) >= len(fence) \
                    and not match["info"]:
                stack.pop()
                if capturing:
                    skip = 0
                    while skip < len(body) and (body[skip].startswith(":") or not body[skip]):
                        skip += 1
                    found.append((first + skip, "\n".join(body[skip:]).rstrip("\n") + "\n"))
                continue
            if capturing:
                body.append(line)
            elif match and match["info"] and fence[0] == ":" and match["fence"][0] == ":":
                stack.append((match["fence"], False))  # nested colon fences (e.g. dropdowns)
            continue
        if match and match["info"]:
            inline = match["info"] == "{roleplay}" and not match["arg"].strip()
            stack.append((match["fence"], inline))
            body, first = [], number + 1
    return found


def examples_in_page(path: str | Path) -> list[str]:
    """The YAML text of every inline ``{roleplay}`` block in a MyST page."""
    return [text for _, text in page_examples(path)]


class roleplay_node(nodes.General, nodes.Element):  # noqa: N801 - docutils naming
    """Placeholder for the player; written as a <div> by the HTML builder."""


def _visit_html(self, node: roleplay_node) -> None:
    self.body.append(player_html(node["scenario_id"], node["title"], PLAYER.base_url(self),
                                 PLAYER.data_dir(self)))
    raise nodes.SkipNode


def _make_directive():
    from sphinx.util import logging
    from sphinx.util.docutils import SphinxDirective

    logger = logging.getLogger(__name__)

    class RoleplayDirective(SphinxDirective):
        """Embed a role-play scenario (a file path argument, or YAML as the content)."""

        optional_arguments = 1
        final_argument_whitespace = True
        has_content = True
        option_spec = {"show-source": directives.flag}

        def run(self):
            try:
                if self.arguments:
                    rel, absolute = self.env.relfn2path(self.arguments[0], self.env.docname)
                    self.env.note_dependency(rel)
                    text = Path(absolute).read_text(encoding="utf-8") \
                        if Path(absolute).is_file() else ""
                    compiled = compile_scenario(absolute)
                else:
                    text = "\n".join(self.content) + "\n"
                    compiled = compile_text(text, f"{self.env.docname} 中的角色扮演示例")
            except CrmkitError as err:
                logger.warning(err.message, location=(self.env.docname, self.lineno))
                return [nodes.error("", nodes.paragraph(text=f"角色扮演场景有问题：{err.message}"))]
            store = self.env.__dict__.setdefault("crmkit_roleplay", {})
            store[(self.env.docname, compiled["id"])] = compiled
            out: list[nodes.Node] = []
            if "show-source" in self.options:
                block = nodes.literal_block(text, text)
                block["language"] = "yaml"
                block["linenos"] = True  # the checker's line numbers refer to these
                out.append(block)
            node = roleplay_node()
            node["scenario_id"] = compiled["id"]
            node["title"] = compiled["title"]
            out.append(node)
            return out

    return RoleplayDirective


def _purge(app, env, docname):
    store = env.__dict__.get("crmkit_roleplay", {})
    for key in [k for k in store if k[0] == docname]:
        del store[key]


def _merge(app, env, docnames, other):
    env.__dict__.setdefault("crmkit_roleplay", {}).update(
        {k: v for k, v in other.__dict__.get("crmkit_roleplay", {}).items() if k[0] in docnames})


def _not_html(app, doctree, docname):
    replace_outside_html(app, doctree, roleplay_node,
                         lambda node: f"（互动角色扮演“{node['title']}”：请在网页版中练习。）")


def _page_assets(app, pagename, templatename, context, doctree):
    """The player's scripts (deferred) and styles, only on pages that hold a role-play:
    a directive, or a notebook output carrying the player (the role-play lab)."""
    PLAYER.page_assets(app, doctree, context, roleplay_node)


def _write(app, env) -> list[str]:
    """The player and the scenarios' data, once every page is read and before any is
    written: a page links a file with Sphinx's checksum (``player.js?v=…``) only if it is
    already in the site then, so a fresh build and a rebuild give the same pages, and a
    browser fetches a scenario again when it changed."""
    if app.builder.format != "html":
        return []
    out = Path(app.outdir) / "_static" / PLAYER.static_dir
    copy_player(out)
    # every course scenario, so that a notebook output (the lab's fallback) finds its data
    compile_all(SCENARIO_DIR, out, player=False)
    for compiled in env.__dict__.get("crmkit_roleplay", {}).values():
        write_compiled(compiled, out)
    return []  # no page to read again


def setup(app):
    app.add_node(roleplay_node, html=(_visit_html, None))
    app.add_directive("roleplay", _make_directive())
    app.connect("html-page-context", _page_assets)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("doctree-resolved", _not_html)
    app.connect("env-updated", _write)
    return {"version": "1.0", "env_version": 1, "parallel_read_safe": True,
            "parallel_write_safe": True}
