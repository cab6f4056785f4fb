"""Sphinx directives that let exercise pages answer back with no kernel.

``{quiz} 7.1`` renders a box where a learner answers item 7.1 in the page;
``{quiz-export} 7`` renders a button that downloads the learner's results for
module 7 in the same JSON format as :func:`crmkit.selfcheck.export_answers`.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import Directive

from crmkit.selfcheck import ITEMS

STATIC = Path(__file__).parent / "static"


class Quiz(Directive):
    required_arguments = 1

    def run(self):
        item_id = self.arguments[0].strip()
        if item_id not in ITEMS:
            raise self.error(f"unknown self-check item {item_id!r}")
        spec = ITEMS[item_id].static_spec()
        spec["skills"] = list(ITEMS[item_id].skills)
        data = html.escape(json.dumps(spec, ensure_ascii=False), quote=True)
        return [nodes.raw("", f'<div class="crmkit-quiz" data-spec="{data}"></div>',
                          format="html")]


class QuizExport(Directive):
    required_arguments = 1

    def run(self):
        module = html.escape(self.arguments[0].strip(), quote=True)
        return [nodes.raw("", f'<div class="crmkit-quiz-export" data-module="{module}"></div>',
                          format="html")]


def _add_static(app):
    app.config.html_static_path.append(str(STATIC))


def setup(app):
    app.add_directive("quiz", Quiz)
    app.add_directive("quiz-export", QuizExport)
    app.connect("builder-inited", _add_static)
    app.add_js_file("quiz.js")
    app.add_css_file("quiz.css")
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
