"""Turn chapter pages into reveal.js lecture decks that open offline.

A lecture slide is not the page: each ``##`` section becomes a slide and each
``###`` a sub-slide, keeping headings, lists, tables and the first paragraph;
answers (``{dropdown}``), trainer notes and other directive blocks are dropped,
and MyST roles become plain text so no markup shows on screen. A code cell is
replaced by what it showed in the book: its charts, tables and printed lines are
read from the book's executed notebooks (``_build/trainer/_build/jupyter_execute``),
never re-run, so slides and pages show the same figures; the code itself stays off.
reveal.js and require.js are loaded from local copies (``tools/fetch_reveal.sh``)
placed next to the decks, so a deck works from ``file://`` in a classroom
without internet.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import shutil
from pathlib import Path

import nbformat
from jinja2 import DictLoader

from crmkit.errors import CrmkitError
from crmkit.learner import strip_text

REVEAL_PREFIX = "reveal.js"
# A slide holds at most this many measured lines (see ``slide_lines``); a 1280×720
# slide at 30px shows about 14 lines of 36 CJK characters under its title.
SLIDE_BUDGET = 12
LINE_CHARS = 36
_WEB_COMMENT = re.compile(r"/\*(?:(?!\*/).)*?https?://.*?\*/|<!--(?:(?!-->).)*?https?://.*?-->",
                          re.S)
_WEB_IMPORT = re.compile(r"@import\s+url\(\s*['\"]?(?:https?:)?//[^)]*\)\s*;?")
REQUIRE_JS = "vendor/require.js"
EXECUTED = Path("_build/trainer/_build/jupyter_execute")
# Measured heights of what a code cell showed, in the same lines as ``slide_lines``.
CHART_LINES = 9   # a chart is drawn at most 400 px tall: nine lines of 30 px text
TABLE_ROWS = 8    # a longer table shows its first rows and says how many there are
PRINT_LINES = 6   # printed output: the first lines
_HIDDEN = {"remove-cell", "remove-output", "remove_cell", "remove_output"}
_CELL_MARK = re.compile(r"^⟪cell (?P<n>\d+)⟫$")
_TAGS = re.compile(r"^:tags:\s*\[(?P<tags>[^\]]*)\]")

_FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,}|:{3,})(?P<info>.*)$")
_LABEL_LINE = re.compile(r"^\((?P<label>[A-Za-z0-9_:-]+)\)=\s*$")
_HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<title>.+?)\s*#*\s*$")
_ROLE = re.compile(r"\{(?P<role>[a-z][a-z0-9:-]*)\}`(?P<body>[^`]*)`")
_EXPLICIT = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", re.S)
_LINK = re.compile(r"(?<!!)\[(?P<text>[^\]]+)\]\((?P<href>[^)\s]+)\)")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_SUBST = re.compile(r"\{\{[^}]*\}\}")

# Replaces the reveal template's CDN scripts (jQuery, MathJax, mermaid) with nothing
# and loads reveal.js through the local require.js; long slides scroll instead of clipping.
_TEMPLATE = """{%- extends 'index.html.j2' -%}
{% block html_head_js_jquery %}{% endblock html_head_js_jquery %}
{% block html_head_js_mermaidjs %}{% endblock html_head_js_mermaidjs %}
{% block html_head_js_mathjax %}{% endblock html_head_js_mathjax %}
{% block jupyter_widgets %}{% endblock jupyter_widgets %}
{% block html_head_css %}
<link rel="icon" href="data:,">
<style>
.reveal { font-size: 30px; font-family: "Noto Sans CJK SC", "Source Han Sans SC",
  "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif; }
.reveal h1, .reveal h2, .reveal h3 { font-family: inherit; text-transform: none; }
.reveal h1 { font-size: 1.7em; } .reveal h2 { font-size: 1.35em; }
.reveal h3 { font-size: 1.15em; }
.reveal table { font-size: 0.72em; } .reveal li, .reveal p { line-height: 1.45; }
.reveal .jp-InputPrompt, .reveal .jp-OutputPrompt { display: none; }
.reveal .jp-RenderedHTMLCommon a.anchor-link { display: none; }
.reveal .jp-RenderedHTMLCommon, .reveal .jp-InputArea, .reveal .jp-Cell { overflow: visible; }
.reveal img.crmkit-chart { display: block; max-height: 400px; max-width: 100%; margin: 8px auto;
  border: 0; box-shadow: none; }
.reveal pre.crmkit-printed { font-size: 0.8em; font-family: inherit; line-height: 1.4;
  white-space: pre-wrap; box-shadow: none; background: #f6f8fa; padding: 6px 12px; margin: 8px 0; }
.reveal .crmkit-table-more { font-size: 0.6em; color: #57606a; }
</style>
{% endblock html_head_css %}
{% block footer_js %}
<script>
require({waitSeconds: 15},
  ["{{ reveal_url_prefix }}/dist/reveal.js", "{{ reveal_url_prefix }}/plugin/notes/notes.js"],
  function (Reveal, RevealNotes) {
    Reveal.initialize({controls: true, progress: true, history: true, slideNumber: "c/t",
                       transition: "{{ reveal_transition }}", plugins: [RevealNotes],
                       width: {{ reveal_width }}, height: {{ reveal_height }}});
    function scrollLong() {
      var limit = document.querySelector(".reveal").clientHeight * 0.95;
      document.querySelectorAll("section.present:not(.stack)").forEach(
        function (s) {
          if (s.scrollHeight > limit) {
            s.style.height = "95vh"; s.style.overflowY = "auto"; s.style.marginTop = "20px";
          }
        });
    }
    Reveal.on("ready", scrollLong);
    Reveal.on("slidechanged", scrollLong);
  });
</script>
{% endblock footer_js %}
"""


def collect_titles(root: Path) -> dict[str, str]:
    """Map every ``(label)=`` in the course to the title under it, for {ref} without text."""
    titles: dict[str, str] = {}
    for path in sorted(Path(root).rglob("*.md")) + sorted(Path(root).rglob("*.ipynb")):
        if any(part.startswith((".", "_")) for part in path.relative_to(root).parts):
            continue
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".ipynb":
            try:
                cells = json.loads(text).get("cells", [])
            except json.JSONDecodeError:
                continue
            text = "\n".join("".join(c.get("source", "")) for c in cells
                             if c.get("cell_type") == "markdown")
        lines = text.splitlines()
        for i, line in enumerate(lines):
            label = _LABEL_LINE.match(line.strip())
            if not label:
                continue
            following = [x for x in lines[i + 1:i + 4] if x.strip()]
            heading = _HEADING.match(following[0].strip()) if following else None
            if heading:
                titles[label.group("label")] = _plain_roles(heading.group("title"), {})
    return titles


def _plain_roles(text: str, titles: dict[str, str]) -> str:
    """Turn MyST roles and page links into the words a reader should see."""

    def role(match: re.Match) -> str:
        name, body = match.group("role"), match.group("body")
        explicit = _EXPLICIT.match(body)
        if explicit and explicit.group("text"):
            return explicit.group("text")
        if name in ("ref", "numref", "doc", "any"):
            target = explicit.group("target") if explicit else body
            return titles.get(target, target)
        return body

    def link(match: re.Match) -> str:
        href = match.group("href")
        return match.group(0) if href.startswith(("http://", "https://")) else match.group("text")

    return _LINK.sub(link, _ROLE.sub(role, _SUBST.sub("", text)))


def _lecture_lines(text: str, cells: list[str] | None = None) -> list[str]:
    """Lines left after dropping front matter, trainer-only content and every fenced block.

    A ``{code-cell}`` whose output the page shows becomes a marker line ``⟪cell N⟫``
    (its own block) when ``cells`` is given; its source is appended to ``cells`` as N.
    """
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        text = text[end + 4:] if end != -1 else text
    lines = strip_text(text).splitlines()
    kept: list[str] = []
    i = 0
    while i < len(lines):
        opening = _FENCE.match(lines[i].strip())
        if opening:  # code cells, plain code, dropdown answers, admonitions: not lecture text
            fence = opening.group("fence")
            start = i + 1
            i += 1
            while i < len(lines):
                closing = lines[i].strip()
                if len(closing) >= len(fence) and set(closing) == {fence[0]}:
                    break
                i += 1
            body = lines[start:i]
            i += 1
            if cells is not None and opening.group("info").strip().startswith("{code-cell}"):
                source, tags = _cell_source(body)
                if not tags & _HIDDEN:
                    cells.append(source)
                    kept += ["", f"⟪cell {len(cells) - 1}⟫", ""]
            continue
        line = lines[i]
        stripped = line.strip()
        if _LABEL_LINE.match(stripped) or stripped == "+++" or stripped.startswith(("% ", "<!--")):
            i += 1
            continue
        kept.append(line)
        i += 1
    return kept


def _cell_source(body: list[str]) -> tuple[str, set[str]]:
    """A code cell's source without its options (``:tags: [...]`` lines or a ``---`` block)."""
    tags: set[str] = set()
    if body and body[0].strip() == "---":
        end = next((k for k in range(1, len(body)) if body[k].strip() == "---"), 0)
        for line in body[1:end]:
            if line.strip().startswith("tags:"):
                tags |= {t.strip(" '\"") for t in line.split(":", 1)[1].strip(" []").split(",")}
        body = body[end + 1:]
    while body and body[0].startswith(":"):
        found = _TAGS.match(body[0].strip())
        if found:
            tags |= {t.strip(" '\"") for t in found.group("tags").split(",")}
        body = body[1:]
    return "\n".join(body).strip(), tags - {""}


def _outputs_html(cell: nbformat.NotebookNode, images: dict[str, str], stem: str) -> list[str]:
    """What one executed code cell showed, as slide blocks: a chart (``<img>``, its PNG
    kept in ``images`` under a file name), a table (first ``TABLE_ROWS`` rows) or the
    printed lines. Widgets and bare values (``text/plain`` only) are left out."""
    from crmkit.pagepolish import png_title

    blocks: list[str] = []
    printed: list[str] = []
    for output in cell.get("outputs", []):
        kind = output.get("output_type")
        if kind == "stream" and output.get("name") == "stdout":
            printed.append(output.get("text", ""))
            continue
        data = output.get("data", {}) if kind in ("display_data", "execute_result") else {}
        if not data or any("widget" in mime for mime in data):
            continue
        if printed:
            blocks.append(_printed_html("".join(printed)))
            printed = []
        if "image/png" in data:
            import base64

            name = f"img/{stem}-{len(images) + 1:02d}.png"
            images[name] = data["image/png"]
            title = png_title(base64.b64decode(data["image/png"]))
            alt = html.escape(f"图表：{title}" if title else "图表", quote=True)
            blocks.append(f'<img class="crmkit-chart" src="{name}" alt="{alt}">')
        elif "<table" in data.get("text/html", ""):
            blocks.append(_table_html(data["text/html"]))
    if printed:
        blocks.append(_printed_html("".join(printed)))
    # what one cell showed stays on one slide when it fits (a reading under its chart)
    groups: list[list[str]] = []
    for block in blocks:
        if groups and slide_lines("\n".join(groups[-1] + [block])) <= SLIDE_BUDGET - 2:
            groups[-1].append(block)
        else:
            groups.append([block])
    return ["\n".join(g) for g in groups]


def _printed_html(text: str) -> str:
    lines = text.rstrip("\n").splitlines()
    shown = lines[:PRINT_LINES] + (["……"] if len(lines) > PRINT_LINES else [])
    return f'<pre class="crmkit-printed">{html.escape(chr(10).join(shown))}</pre>'


def _table_html(page: str) -> str:
    """A pandas table without its scoped style, cut to ``TABLE_ROWS`` body rows."""
    page = re.sub(r"<style[^>]*>.*?</style>", "", page, flags=re.S).strip()
    body = re.search(r"<tbody>(.*?)</tbody>", page, flags=re.S)
    more = ""
    if body:
        rows = re.findall(r"<tr.*?</tr>", body.group(1), flags=re.S)
        if len(rows) > TABLE_ROWS:
            more = (f'<p class="crmkit-table-more">（共 {len(rows)} 行，这里列出前 '
                    f"{TABLE_ROWS} 行，完整表格见书中本节）</p>")
            page = page.replace(body.group(1), "\n".join(rows[:TABLE_ROWS]))
    # one line per block: a blank line inside would end the HTML block in Markdown
    return re.sub(r"\n\s*\n", "\n", page) + more


def _blocks(lines: list[str]) -> list[str]:
    """Group lines into blank-line separated blocks; a heading is always its own block."""
    blocks: list[list[str]] = [[]]
    for line in lines:
        if _HEADING.match(line) and not line.startswith("    "):
            blocks.extend([[line], []])
        elif not line.strip():
            blocks.append([])
        else:
            blocks[-1].append(line)
    return ["\n".join(b) for b in blocks if b]


def _kind(block: str) -> str:
    first = block.lstrip()
    if first.startswith(("<img", "<pre", "<table", "<div", "<p class=\"crmkit-table")):
        return "output"
    if _HEADING.match(first.splitlines()[0]):
        return "heading"
    if first.startswith("|"):
        return "table"
    if _LIST_ITEM.match(first):
        return "list"
    return "paragraph"


def _match_cells(executed: nbformat.NotebookNode, path: Path):
    """A lookup from a code cell's source to the executed cell with the same source (the
    first not yet used, so a repeated cell meets its own outputs)."""
    pool = [c for c in executed.cells if c.cell_type == "code"]
    used: set[int] = set()

    def find(source: str) -> nbformat.NotebookNode:
        for k, cell in enumerate(pool):
            if k not in used and cell.source.strip() == source:
                used.add(k)
                return cell
        raise CrmkitError(f"章节 {path.name} 的执行结果里找不到这一段代码：{source[:40]}……",
                          hint="章节改过以后要重新生成书：先运行 make book-trainer，再生成幻灯片")

    return find


def chapter_notebook(path: Path, titles: dict[str, str] | None = None,
                     executed: nbformat.NotebookNode | None = None) -> nbformat.NotebookNode:
    """One markdown cell per slide: the title, then each ``##`` (slide) and ``###`` (sub-slide).

    Inside a section the first paragraph is kept, plus any paragraph that leads into a
    list, table or code output (it ends with a colon); every list and table is kept.
    Under 自测 all questions are kept, their answers having been dropped with the dropdowns.
    With ``executed`` (the chapter as the book ran it), each shown code cell is replaced by
    its charts, tables and printed lines, in place; the charts' PNG data is left in
    ``nb.metadata["crmkit_images"]`` for :func:`export_deck` to write beside the deck.
    """
    path = Path(path)
    if not path.is_file():
        raise CrmkitError(f"找不到章节文件 {path}", hint="检查路径，章节位于 book/0N-*/ 下")
    titles = titles or {}
    cells: list[str] = []
    images: dict[str, str] = {}
    blocks = []
    shown = _match_cells(executed, path) if executed is not None else None
    for block in _blocks(_lecture_lines(path.read_text(encoding="utf-8"),
                                        cells if executed is not None else None)):
        mark = _CELL_MARK.match(block.strip())
        if mark is None:
            blocks.append(_plain_roles(block, titles))
        elif shown is not None:
            blocks += _outputs_html(shown(cells[int(mark["n"])]), images,
                                    f"{path.parent.name}-{path.stem}")
    sections: list[dict] = []
    for index, block in enumerate(blocks):
        kind = _kind(block)
        if kind == "heading":
            heading = _HEADING.match(block.strip())
            level = len(heading.group("hashes"))
            if level <= 3 or not sections:
                slide_type = {1: "slide", 2: "slide"}.get(level, "subslide")
                sections.append({"title": heading.group("title"), "level": level,
                                 "type": slide_type, "parts": [block.strip()], "paragraphs": 0})
                continue
            sections[-1]["parts"].append(block.strip())
            continue
        if not sections:  # text before the title: nothing a slide needs
            continue
        section = sections[-1]
        if kind == "paragraph":
            following = _kind(blocks[index + 1]) if index + 1 < len(blocks) else "heading"
            leads_in = (block.rstrip().endswith(("：", ":"))
                        and following in ("list", "table", "output"))
            if section["paragraphs"] and not leads_in and section["title"] != "自测":
                section.setdefault("notes", []).append(block)
                continue
            section["paragraphs"] += 1
        section["parts"].append(block)
    if not sections or sections[0]["level"] != 1:
        raise CrmkitError(f"章节 {path.name} 没有以“# 标题”开头",
                          hint="每个章节页面在标签行下面应有唯一的一级标题")
    cells = [nbformat.v4.new_markdown_cell(
        "\n\n".join(parts) + _notes_html(notes),
        metadata={"slideshow": {"slide_type": kind}})
        for section in sections for kind, parts, notes in _split(section)]
    for n, cell in enumerate(cells, 1):
        cell.id = f"slide-{n:02d}"  # not a random id: a rebuilt deck is the same file
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["title"] = sections[0]["title"]
    if images:
        nb.metadata["crmkit_images"] = images
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python",
                                 "name": "python3"}
    return nb


def slide_lines(part: str) -> int:
    """Measured height of one slide block in lines of ``LINE_CHARS`` characters."""
    kind = _kind(part)
    if kind == "heading":
        return 2
    if kind == "output":  # charts, printed lines and tables of one code cell
        printed = "".join(re.findall(r'<pre class="crmkit-printed">(.*?)</pre>', part, re.S))
        printed_lines = sum(max(1, -(-len(x) // (LINE_CHARS * 4 // 3)))
                            for x in html.unescape(printed).splitlines())
        return (part.count('<img class="crmkit-chart"') * CHART_LINES + printed_lines
                + -(-part.count("<tr") * 2 // 3) + part.count("crmkit-table-more"))
    if kind == "table":
        rows = [r for r in part.splitlines() if r.strip() and not set(r.strip()) <= set("|-: ")]
        return sum(-(-len(r) // (LINE_CHARS * 2)) for r in rows)  # tables are set smaller
    lines = part.splitlines() if kind == "list" else [part.replace("\n", "")]
    return sum(max(1, -(-len(_visible(x)) // LINE_CHARS)) for x in lines)


def _visible(text: str) -> str:
    return re.sub(r"\*\*|`|^\s*(?:[-*+]|\d+[.)])\s+", "", text)


def _split_block(part: str) -> list[str]:
    """A list or table too tall for one slide, cut into pieces that fit."""
    if slide_lines(part) <= SLIDE_BUDGET - 2 or _kind(part) not in ("list", "table"):
        return [part]
    rows = part.splitlines()
    head = rows[:2] if _kind(part) == "table" else []
    pieces: list[list[str]] = [[]]
    for row in rows[len(head):]:
        if pieces[-1] and slide_lines("\n".join(head + pieces[-1] + [row])) > SLIDE_BUDGET - 2:
            pieces.append([])
        pieces[-1].append(row)
    return ["\n".join(head + p) for p in pieces]


def _split(section: dict) -> list[tuple[str, list[str], list[str]]]:
    """(slide type, blocks, notes) per slide: a section over ``SLIDE_BUDGET`` continues."""
    heading, body = section["parts"][0], section["parts"][1:]
    notes = section.get("notes") or [b for b in body if _kind(b) == "paragraph"][:1]
    slides = [[heading]]
    for part in (p for b in body for p in _split_block(b)):
        used = sum(slide_lines(x) for x in slides[-1])
        if len(slides[-1]) > 1 and used + slide_lines(part) > SLIDE_BUDGET:
            level = "#" * max(section["level"], 2)
            slides.append([f"{level} {section['title']}（续）"])
        slides[-1].append(part)
    if not notes:
        notes = [f"本页要点：{section['title']}。"]
    return [(section["type"] if n == 0 else "subslide", parts, notes if n == 0 else
             [f"接上页：{section['title']}。"]) for n, parts in enumerate(slides)]


def _notes_html(notes: list[str]) -> str:
    """Speaker notes as reveal.js reads them: an ``<aside class="notes">`` in the slide."""
    text = "".join(f"<p>{html.escape(_visible(n).replace(chr(10), ''))}</p>" for n in notes)
    return f'\n\n<aside class="notes">{text}</aside>'


def export_deck(nb: nbformat.NotebookNode, out_path: Path, prefix: str = REVEAL_PREFIX,
                require_js: str = REQUIRE_JS) -> Path:
    """Write one reveal.js HTML deck whose scripts and styles are relative, local paths;
    its charts go to ``img/`` beside it."""
    import base64

    from nbconvert import SlidesExporter

    images = nb.metadata.get("crmkit_images", {})
    if images:
        nb = nbformat.from_dict(nb)
        del nb.metadata["crmkit_images"]
    exporter = SlidesExporter(reveal_url_prefix=prefix, require_js_url=require_js,
                              reveal_width="1280", reveal_height="720",
                              extra_loaders=[DictLoader({"crmkit_reveal.html.j2": _TEMPLATE})],
                              template_file="crmkit_reveal.html.j2", language_code="zh")
    body, _ = exporter.from_notebook_node(nb)
    # The inlined JupyterLab styles credit their sources in comments; drop every web
    # address outside the slide text so a filtered network never sees a request.
    body = _WEB_COMMENT.sub("", body)
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    for name, data in images.items():
        (out_path.parent / name).parent.mkdir(parents=True, exist_ok=True)
        (out_path.parent / name).write_bytes(base64.b64decode(data))
    out_path.write_text(body, encoding="utf-8")
    return out_path


def _copy_vendor(vendor: Path, out_dir: Path) -> None:
    reveal, require = vendor / "reveal.js", vendor / "requirejs" / "require.js"
    if not (reveal / "dist" / "reveal.js").is_file() or not require.is_file():
        raise CrmkitError(f"在 {vendor} 下找不到本地的 reveal.js 或 require.js",
                          hint="先运行 tools/fetch_reveal.sh 从 npm 取得这两个文件")
    shutil.rmtree(out_dir / REVEAL_PREFIX, ignore_errors=True)
    shutil.copytree(reveal, out_dir / REVEAL_PREFIX)
    for css in (out_dir / REVEAL_PREFIX).rglob("*.css"):  # themes @import web fonts
        text = css.read_text(encoding="utf-8")
        if _WEB_IMPORT.search(text):
            css.write_text(_WEB_IMPORT.sub("", text), encoding="utf-8")
    (out_dir / REQUIRE_JS).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(require, out_dir / REQUIRE_JS)


def book_chapters(root: Path, modules: range = range(1, 8)) -> list[Path]:
    """Chapters of ``modules`` (``book/0N-*/*.md``) in the book's order from ``_toc.yml``.

    Chapters the table of contents does not list come last, by name.
    """
    from crmkit import yamltext

    root = Path(root)
    found = [p for n in modules for p in sorted((root / "book").glob(f"{n:02d}-*/*.md"))]
    toc_file = root / "_toc.yml"
    listed: list[str] = []
    if toc_file.is_file():
        toc = yamltext.load(toc_file.read_text(encoding="utf-8")) or {}

        def walk(node: object) -> None:
            if isinstance(node, dict):
                if isinstance(node.get("file"), str):
                    listed.append(str(Path(node["file"]).with_suffix("")))
                for value in node.values():
                    walk(value)
            elif isinstance(node, list):
                for value in node:
                    walk(value)

        walk(toc)
    rank = {f: i for i, f in enumerate(listed)}

    def key(path: Path) -> tuple[int, str]:
        rel = str(path.relative_to(root).with_suffix(""))
        return (rank.get(rel, len(rank)), rel)

    return sorted(found, key=key)


def executed_chapter(root: Path, chapter: Path, executed: Path) -> nbformat.NotebookNode | None:
    """The chapter as the book executed it, or None when it has no code cell to show.

    A chapter with code whose executed notebook is missing raises a Chinese message that
    says to build the book first: a deck without the page's charts would miss its point.
    """
    cells: list[str] = []
    _lecture_lines(chapter.read_text(encoding="utf-8"), cells)
    if not cells:
        return None
    path = executed / chapter.relative_to(root).with_suffix(".ipynb")
    if not path.is_file():
        raise CrmkitError(f"找不到章节 {chapter.name} 执行后的笔记本（{path}）",
                          hint="幻灯片上的图表取自书的执行结果：先运行 make book-trainer，"
                               "再运行 make slides")
    return with_cached_outputs(root, nbformat.read(path, as_version=4), path)


def with_cached_outputs(root: Path, nb: nbformat.NotebookNode, path: Path
                        ) -> nbformat.NotebookNode:
    """The executed chapter with its outputs.

    When a page's outputs come from the book's execution cache, myst-nb 1.4 renders them
    but writes the notebook to ``jupyter_execute`` as it read it, without outputs. They are
    taken here from the cache record the page was rendered from (the book build no longer
    fills every copy for the few the slides read).
    """
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    if not code or any(cell.get("outputs") for cell in code):
        return nb
    from crmkit.bookexec import cache_path

    cache = cache_path(root)
    if (cache / "global.db").is_file():
        from jupyter_cache import get_cache

        try:
            return get_cache(str(cache)).merge_match_into_notebook(nb)[1]
        except KeyError:
            pass  # not in the cache (cleared, or the page changed since the book was built)
    raise CrmkitError(f"章节执行后的笔记本（{path}）没有输出，书的执行缓存（{cache}）"
                      "里也没有它这一版的执行记录",
                      hint="幻灯片上的图表取自书的执行结果：先运行 make book-trainer，"
                           "再运行 make slides")


def build_decks(root: Path, out_dir: Path, vendor: Path | None = None,
                modules: range = range(1, 8), executed: Path | None = None) -> list[Path]:
    """Build a deck for every chapter of modules 1–7 and an index page linking them.

    ``executed``: the book's executed notebooks (default ``_build/trainer/_build/
    jupyter_execute`` under ``root``), where the charts and tables come from.
    """
    root, out_dir = Path(root), Path(out_dir)
    vendor = Path(vendor) if vendor else root / "_vendor"
    executed = Path(executed) if executed else root / EXECUTED
    out_dir.mkdir(parents=True, exist_ok=True)
    _copy_vendor(vendor, out_dir)
    shutil.rmtree(out_dir / "img", ignore_errors=True)
    titles = collect_titles(root)
    decks: list[tuple[Path, str]] = []
    for n, chapter in enumerate(book_chapters(root, modules), 1):
        nb = chapter_notebook(chapter, titles, executed_chapter(root, chapter, executed))
        name = f"{n:02d}-{chapter.parent.name}-{chapter.stem}.html"
        decks.append((export_deck(nb, out_dir / name), nb.metadata["title"]))
    if not decks:
        raise CrmkitError(f"在 {root / 'book'} 下没有找到模块 1–7 的章节",
                          hint="在课程包根目录运行，或用 --root 指定它")
    items = "\n".join(f'<li><a href="{p.name}">模块 {int(p.stem.split("-")[1])} · '
                      f"{html.escape(t)}</a></li>" for p, t in decks)
    (out_dir / "index.html").write_text(
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        '<link rel="icon" href="data:,">'
        "<title>讲课幻灯片</title></head><body>\n<h1>讲课幻灯片（按模块）</h1>\n"
        "<p>每章一套幻灯片，用浏览器直接打开即可放映，不需要联网。"
        "按 S 键打开演讲者视图，按 Esc 键查看全部幻灯片。</p>\n"
        f"<ul>\n{items}\n</ul>\n</body></html>\n", encoding="utf-8")
    return [p for p, _ in decks]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crmkit.slides",
                                     description="把第 1–7 模块的章节导出为 reveal.js 讲课幻灯片")
    parser.add_argument("--out", default="_build/slides", help="输出目录")
    parser.add_argument("--root", default=".", help="课程包根目录（含 book/ 和 _vendor/）")
    args = parser.parse_args(argv)
    try:
        decks = build_decks(Path(args.root), Path(args.out))
    except CrmkitError as err:
        print(err.message)
        return 1
    print(f"已生成 {len(decks)} 套幻灯片：{Path(args.out) / 'index.html'}")
    return 0
