"""HTML shell, print CSS and a small MyST-to-HTML converter for the handouts.

Handouts are printed from files on disk, so every page carries its own inline
CSS and no external assets; MyST is reduced to plain Markdown (headings,
paragraphs, lists, tables, bold) before markdown-it renders it.
"""

from __future__ import annotations

import html
import json
import re
from functools import lru_cache
from pathlib import Path

from markdown_it import MarkdownIt

from crmkit.learner import strip_text

ROOT = Path(__file__).resolve().parents[2]

CSS = """
@page { size: A4; margin: 15mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: "Noto Sans CJK SC", sans-serif; font-size: 10.5pt; line-height: 1.55;
       color: #111; margin: 0; }
h1 { font-size: 16pt; margin: 0 0 4mm; }
h2 { font-size: 13pt; margin: 5mm 0 2mm; border-bottom: 1px solid #999; }
h3 { font-size: 11pt; margin: 3mm 0 1mm; }
p { margin: 1.5mm 0; }
ul, ol { margin: 1mm 0; padding-left: 6mm; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0; font-size: 9.5pt; }
th, td { border: 1px solid #777; padding: 1mm 2mm; text-align: left; vertical-align: top; }
th { background: #e6e6e6; }
code { font-family: "Noto Sans Mono CJK SC", monospace; font-size: 9pt; }
.sheet { page-break-after: always; break-after: page; }
.sheet:last-child { page-break-after: auto; break-after: auto; }
.card { border: 2px solid #333; border-radius: 3mm; padding: 6mm; }
.card .kind { font-size: 12pt; font-weight: bold; color: #fff; background: #333;
              display: inline-block; padding: 0.5mm 3mm; border-radius: 1.5mm; }
.card.customer .kind { background: #7a2e1e; }
.card.manager .kind { background: #1e4f7a; }
.card h1 { margin-top: 3mm; }
.card dl { display: grid; grid-template-columns: 22mm 1fr; gap: 1mm 3mm; margin: 2mm 0; }
.card dt { font-weight: bold; }
.card dd { margin: 0; }
.card q { quotes: "“" "”"; }
.card.observer .kind { background: #3d5a2a; }
.card table { table-layout: fixed; }
/* The 客户卡 carries the most text; set it tighter so it stays on one page. */
.card.customer { font-size: 9.5pt; line-height: 1.42; padding: 5mm 6mm; }
.card.customer h1 { margin-bottom: 2mm; }
.card.customer h2 { font-size: 11.5pt; margin: 3mm 0 1.2mm; }
.card.customer dl { margin: 1mm 0; gap: 0.5mm 3mm; }
.card.customer ul.hidden li { margin-bottom: 0.6mm; }
table.reactions { font-size: 8.5pt; line-height: 1.35; }
table.reactions th:first-child { width: 17mm; }
table.observe { font-size: 9pt; }
table.observe th:nth-child(1) { width: 10%; }
table.observe th:nth-child(2) { width: 18%; }
table.observe th:nth-child(3) { width: 31%; }
table.observe th:nth-child(4) { width: 21%; }
table.observe th:nth-child(5) { width: 20%; }
table.observe tr.dimension > * { height: 27mm; }
/* each "□ 2" stays together; a 3-point scale fits on one line */
table.observe td.score { line-height: 2; }
table.observe td.score .tick { white-space: nowrap; }
table.observe .max { font-weight: normal; font-size: 8.5pt; }
.box { display: inline-block; width: 3.5mm; height: 3.5mm; border: 1px solid #333;
       margin: 0 0.8mm 0 1.5mm; vertical-align: -0.6mm; background: #fff; }
.blank { display: inline-block; width: 38mm; border-bottom: 1px solid #333; }
.blank.wide { width: 125mm; }
.meta { font-size: 9.5pt; color: #333; }
.note { border-left: 3px solid #888; padding: 1mm 3mm; margin: 2mm 0; background: #f4f4f4; }
.schedule td:nth-child(-n+2), .schedule th:nth-child(-n+2) { white-space: nowrap; }
.foot { font-size: 8.5pt; color: #555; margin-top: 4mm; }
/* A heading never ends a page; a heading, or a lead-in, stays with the block after it. */
h1, h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
.keep { break-inside: avoid; page-break-inside: avoid; }
tr, li { break-inside: avoid; page-break-inside: avoid; }
/* no lone line at the top or foot of a page */
p, li { orphans: 3; widows: 3; }
"""


def page(title: str, body: str) -> str:
    """A complete, self-contained A4 HTML document."""
    return (f'<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
            f"<title>{html.escape(title)}</title><style>{CSS}</style></head>"
            f"<body>\n{body}\n</body></html>\n")


def esc(text: object) -> str:
    """HTML-escape any value (None becomes an empty string)."""
    return html.escape("" if text is None else str(text))


_MD = MarkdownIt("commonmark", {"html": False}).enable("table")
_FRONT = re.compile(r"\A---\n.*?\n---\n", re.S)
_FENCE = re.compile(r"^(?P<fence>`{3,}|:{3,})\{(?P<name>[a-z-]+)\}(?P<arg>.*)$")
_LABEL = re.compile(r"^\([\w-]+\)=\s*$")
_OPTION = re.compile(r"^:[\w-]+:")
_REF = re.compile(r"\{(?:ref|doc|numref)\}`"
                  r"(?:(?P<text>[^`<]*?)\s*<(?P<t>[^`>]+)>|(?P<bare>[^`]+))`")
_ROLE = re.compile(r"\{[a-z-]+\}`([^`]*)`")
_ADMONITION = {"note": "提示", "tip": "小窍门", "important": "重要", "warning": "注意",
               "admonition": ""}  # a bare admonition always carries its own title
# Paper cannot fold an answer away, so a dropdown (a reference answer) is left out.
_DROPDOWN_NOTE = "（参考答案收在网页书的对应页面里，做完再去对照。）"
_DOUBLED = re.compile(r"([\u4e00-\u9fff]{2})：《\1：")


@lru_cache(maxsize=1)
def label_titles() -> dict[str, str]:
    """Page label → page title, so a printed ``{ref}`` reads as the title it links to."""
    found: dict[str, str] = {}
    pattern = re.compile(r"^\(([\w-]+)\)=\s*\n#\s+(.+)$", re.M)
    texts = [p.read_text(encoding="utf-8") for p in sorted(ROOT.glob("**/*.md"))
             if "_build" not in p.parts and ".venv" not in p.parts]
    for nb in sorted(ROOT.glob("*/*.ipynb")):
        try:
            cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
        except (ValueError, KeyError):
            continue
        texts += ["".join(c["source"]) for c in cells if c.get("cell_type") == "markdown"]
    for text in texts:
        for label, title in pattern.findall(text):
            found.setdefault(label, title.strip())
    return found


def _ref(match: re.Match) -> str:
    if match.group("bare"):
        target = match.group("bare").strip()
        return f"《{label_titles().get(target, target)}》"
    return match.group("text") or label_titles().get(match.group("t"), match.group("t"))


def myst_to_markdown(text: str) -> str:
    """Plain Markdown from MyST: no front matter, trainer notes, code cells or labels.

    Admonitions (note, tip…) keep their text under a bold heading, a dropdown
    becomes a pointer to the web page; cross-references become the page title.
    """
    text = strip_text(_FRONT.sub("", text))
    out: list[str] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        match = _FENCE.match(line.strip())
        if match:
            fence, name = match.group("fence"), match.group("name")
            j = i + 1
            while j < len(lines) and not (lines[j].strip() and set(lines[j].strip()) == {fence[0]}
                                          and len(lines[j].strip()) >= len(fence)):
                j += 1
            if name in _ADMONITION:
                inner = [ln for ln in lines[i + 1:j] if not _OPTION.match(ln)]
                title = match.group("arg").strip() or _ADMONITION[name]
                out.append("")
                if title:
                    out.append(f"**{title}**")
                    out.append("")
                out.extend(inner)
                out.append("")
            elif name == "dropdown":
                out.extend(["", _DROPDOWN_NOTE, ""])
            i = j + 1
            continue
        if not _LABEL.match(line):
            out.append(line)
        i += 1
    joined = "\n".join(out)
    # “实验：{ref}`lab`” would print 实验：《实验：…》; keep the prefix once.
    return _DOUBLED.sub(r"\1：《", _ROLE.sub(r"\1", _REF.sub(_ref, joined)))


def markdown_html(text: str) -> str:
    """HTML for plain Markdown (headings, paragraphs, lists, tables, bold)."""
    return _MD.render(text)


def _blocks(text: str) -> list[tuple[str, str]]:
    """Rendered top-level blocks of Markdown: (tag, HTML) such as ("h3", "<h3>…</h3>\\n")."""
    tokens = _MD.parse(text)
    found: list[tuple[str, str]] = []
    start = 0
    for i, tok in enumerate(tokens):
        if tok.level == 0 and tok.nesting <= 0:
            html_text = _MD.renderer.render(tokens[start:i + 1], _MD.options, {})
            found.append((tokens[start].tag, html_text))
            start = i + 1
    return found


def keep_together_html(text: str) -> str:
    """HTML for Markdown where a heading and a lead-in stay on one page with what follows.

    A heading (any level) or a paragraph ending in a colon, or one directly before a
    table, is wrapped with the next block in ``<div class="keep">``; chains such as
    heading, lead-in, table form one group.
    """
    blocks = _blocks(text)
    out: list[str] = []
    group: list[str] = []
    for n, (tag, block) in enumerate(blocks):
        group.append(block)
        nxt = blocks[n + 1][0] if n + 1 < len(blocks) else None
        lead_in = tag == "p" and (block.rstrip().endswith(("：</p>", ":</p>")) or nxt == "table")
        if nxt is not None and (re.fullmatch(r"h[1-6]", tag) or lead_in):
            continue
        out.append(f'<div class="keep">{"".join(group)}</div>\n' if len(group) > 1
                   else group[0])
        group = []
    return "".join(out)


def sections(text: str, level: int = 2) -> dict[str, str]:
    """Markdown split at headings of ``level``: heading text → body (``""`` holds the top)."""
    marker = "#" * level + " "
    parts: dict[str, list[str]] = {"": []}
    current = ""
    in_fence = False
    for line in text.splitlines():
        if line.lstrip().startswith("```"):
            in_fence = not in_fence
        if not in_fence and line.startswith(marker):
            current = line[len(marker):].strip()
            parts[current] = []
            continue
        parts[current].append(line)
    return {k: "\n".join(v).strip("\n") for k, v in parts.items()}
