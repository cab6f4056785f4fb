"""Finish the built book's HTML pages for a learner's phone: light, quiet and accessible.

The book theme (pydata-sphinx-theme under sphinx-book-theme) writes a few things
into every page that a learner on a phone pays for and gains nothing from. After
the build, :func:`polish_site` rewrites every page once (the rewrite is idempotent,
so warm rebuilds can run it again):

* Font Awesome icons become inline SVG, taken from the theme's own icon script,
  instead of loading that 1.4 MB script on every page; the icon font the theme's
  stylesheets still use (admonition icons) is cut to the glyphs they draw;
* the search index and search scripts load only on the search page (the search
  button on other pages opens a form that goes there);
* the Thebe scripts go (live code is switched off in ``_config.yml``, yet the
  theme still writes its config twice, a console error on every page);
* the widget manager loads only where a page has widgets, and only when a widget
  comes near the screen, and it finds its icon fonts;
* chart images get Chinese alt text from the chart's title, which
  :func:`crmkit.viz.use_chinese_font` stores in every PNG a notebook draws;
* English interface labels the theme leaves untranslated get Chinese ones; empty
  table corners and the sidebar's expanders get names for screen readers;
* the exercise heading carries the same number as its quiz (练习 3.1, not 练习 34).
"""

from __future__ import annotations

import functools
import html
import multiprocessing
import re
import shutil
import struct
import zlib
from pathlib import Path

# ------------------------------------------------------------------ icons

_PACKS = {"fas": "solid", "fa-solid": "solid", "far": "regular", "fa-regular": "regular",
          "fab": "brands", "fa-brands": "brands"}
_STYLE_WORDS = {"fa", "fa-lg", "fa-fw", "fa-xs", "fa-sm", "fa-xl", "fa-2x", "fa-spin"}
_ICON = re.compile(
    r'(?:"(?P<q>[\w-]+)"|(?P<b>[A-Za-z_$][\w$]*)):\[(?P<w>\d+),(?P<h>\d+),\[[^\]]*\],'
    r'"[0-9a-f]+",(?P<path>"(?:[^"\\]|\\.)*"|\[[^\]]*\])\]')


def fontawesome_icons(script: str) -> dict[tuple[str, str], tuple[int, int, str]]:
    """``{(pack, name): (width, height, svg path)}`` from Font Awesome's all-in-one script.

    The script defines each pack as ``var p={name:[w,h,[aliases],"unicode","path"],…}``
    and registers it with ``d("fab",p)``; packs are told apart by that call.
    """
    icons: dict[tuple[str, str], tuple[int, int, str]] = {}
    start = 0
    for reg in re.finditer(r'\bd\("(fa[a-z]+)",\s*p\)', script):
        pack = _PACKS.get(reg.group(1))
        body_at = script.rfind("var p={", start, reg.start())
        if pack and body_at >= 0:
            for m in _ICON.finditer(script, body_at, reg.start()):
                raw = m.group("path")
                path = (raw[1:-1] if raw.startswith('"')
                        else " ".join(re.findall(r'"((?:[^"\\]|\\.)*)"', raw)))
                icons[(pack, m.group("q") or m.group("b"))] = (
                    int(m.group("w")), int(m.group("h")), path)
        start = reg.end()
    return icons


_I_TAG = re.compile(r'<i\s+(?P<attrs>[^>]*\bclass="(?P<cls>[^"]*\bfa[a-z-]*\b[^"]*)"[^>]*)>\s*</i>')


def _svg(match: re.Match, icons) -> str:
    classes = match.group("cls").split()
    pack = next((_PACKS[c] for c in classes if c in _PACKS), "solid")
    names = [c[3:] for c in classes if c.startswith("fa-") and c not in _STYLE_WORDS
             and c not in _PACKS]
    found = next(((n, icons[(pack, n)]) for n in names if (pack, n) in icons), None)
    if found is None:
        return match.group(0)
    name, (width, height, path) = found
    attrs = re.sub(r'\s*\bclass="[^"]*"', "", match.group("attrs"))
    # the icon is decoration: the button or link around it carries the name
    attrs = re.sub(r'\s*\btitle="[^"]*"', "", attrs).strip()
    css = ["svg-inline--fa", f"fa-{name}"] + [c for c in classes if c == "fa-lg"
                                               or not c.startswith("fa")]
    extra = f" {attrs}" if attrs else ""
    return (f'<svg class="{" ".join(css)}"{extra} viewBox="0 0 {width} {height}" '
            f'aria-hidden="true" focusable="false"><path fill="currentColor" d="{path}"/></svg>')


def inline_icons(page: str, icons) -> str:
    """Replace each ``<i class="fa-… fa-name"></i>`` with the icon as inline SVG."""
    return _I_TAG.sub(lambda m: _svg(m, icons), page)


# ------------------------------------------------------------------ scripts

# Each pattern starts at its tag, so the regex engine jumps from "<" to "<"; drop() also
# takes the whitespace before a match (a pattern that began with \s* was tried at every
# character of the page: 1 s of each build for the book's 92 pages).
_FONTAWESOME = re.compile(r'<script defer src="[^"]*_static/scripts/fontawesome\.js[^"]*">'
                          r"</script>")
_SEARCH = re.compile(r'<script src="[^"]*(?:_static/searchtools\.js|_static/language_data\.js'
                     r'|searchindex\.js)[^"]*"></script>')
_THEBE = [
    re.compile(r'<script>const THEBE_JS_URL = [^<]*</script>'),
    re.compile(r'<script async="async" src="[^"]*sphinx-thebe\.js[^"]*"></script>'),
    re.compile(r'<link rel="stylesheet" type="text/css" href="[^"]*sphinx-thebe\.css[^"]*" />'),
    re.compile(r'<script type="text/x-thebe-config">.*?</script>', re.S),
    re.compile(r"<script>kernelName = '[^']*'</script>"),
]
_WIDGET_SCRIPTS = re.compile(r'<script (?:defer )?src="(?P<src>[^"]*_static/vendor/'
                             r'(?:require|embed-amd)\.js[^"]*)"></script>')
_WIDGET_STATE = re.compile(r'<script type="application/vnd\.jupyter\.widget-state\+json">'
                           r".*?</script>", re.S)
_MATHJAX = re.compile(r'<script defer="defer" src="[^"]*mathjax[^"]*"></script>'
                      r'|<script>window\.MathJax = [^<]*</script>')
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


_LOADER = """<script>/* crmkit: load the widget manager when a widget comes near the screen */
(function () {
  var sources = SOURCES, started = false;
  function load() {
    if (started) return;
    started = true;
    var i = 0;
    (function next() {
      if (i >= sources.length) return;
      var tag = document.createElement("script");
      tag.src = sources[i++];
      tag.onload = next;
      document.head.appendChild(tag);
    })();
  }
  function watch() {
    var views = document.querySelectorAll('script[type="WIDGET_VIEW"]');
    if (!("IntersectionObserver" in window)) return load();
    var seen = new IntersectionObserver(function (entries) {
      if (entries.some(function (e) { return e.isIntersecting; })) { seen.disconnect(); load(); }
    }, {rootMargin: "1000px 0px"});
    views.forEach(function (v) { seen.observe(v.parentElement); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", watch);
  else watch();
})();</script>"""


def widget_loader(sources: list[str]) -> str:
    """An inline script that fetches the widget manager (about 1.1 MB gzipped) only when a
    widget is within a screen or so of being seen, so the page's text shows first."""
    import json

    return (_LOADER.replace("SOURCES", json.dumps(sources))
            .replace("WIDGET_VIEW", WIDGET_VIEW))


def drop(pattern: re.Pattern, page: str) -> str:
    """``page`` without the matches of ``pattern``, each with the whitespace before it."""
    kept, last = [], 0
    for match in pattern.finditer(page):
        start = match.start()
        while start > last and page[start - 1].isspace():  # what \s matches
            start -= 1
        kept.append(page[last:start])
        last = match.end()
    kept.append(page[last:])
    return "".join(kept)


def trim_scripts(page: str, *, search_page: bool) -> str:
    """Drop the scripts this page does not use; defer the widget manager where it is used."""
    page = drop(_FONTAWESOME, page)
    if not search_page:
        page = drop(_SEARCH, page)
    for pattern in _THEBE:
        page = drop(pattern, page)
    if f'<script type="{WIDGET_VIEW}">' in page:
        sources = [m["src"] for m in _WIDGET_SCRIPTS.finditer(page)]
        page = _WIDGET_SCRIPTS.sub("", page)
        if sources:
            page = page.replace("</head>", widget_loader(sources) + "\n</head>", 1)
    else:
        page = _WIDGET_SCRIPTS.sub("", page)
        page = drop(_WIDGET_STATE, page)
    if 'class="math' not in page:
        page = drop(_MATHJAX, page)
    return page


# ------------------------------------------------------------------ labels

LABELS = {
    "Link to this heading": "链接到本标题",
    "Search this book...": "在本书中搜索……",
    "Main": "主导航",
    "Toggle primary sidebar": "显示或隐藏目录",
    "Toggle secondary sidebar": "显示或隐藏本页目录",
    "Source repositories": "源代码仓库",
    "Color mode": "配色模式",
    "System Settings": "跟随系统",
    "Light": "亮色",
    "Dark": "暗色",
    "Page": "本页",
    "Launch interactive content": "在线运行本页",
    "Launch on Binder": "在 Binder 上运行",
    "Launch on JupyterHub": "在 JupyterHub 上运行",
    "Launch on Colab": "在 Colab 上运行",
    "Binder logo": "Binder 标志",
    "JupyterHub logo": "JupyterHub 标志",
    "Colab logo": "Colab 标志",
    "Back to top": "回到顶部",
    "Skip to main content": "跳到正文",
    "Download source file": "下载源文件",
    "Download notebook file": "下载笔记本文件",
    "Print to PDF": "打印为 PDF",
    "Fullscreen mode": "全屏",
    "Download this page": "下载本页",
    "Contents": "本页内容",
    "Repository": "代码仓库",
    "Open issue": "提交问题",
}
_LABEL_ATTR = re.compile(r'\b(aria-label|title|data-bs-title|placeholder|alt)="([^"]*)"')
_LABEL_TEXT = re.compile(r">(\s*)(" + "|".join(re.escape(k) for k in LABELS) + r")(\s*)<")


def chinese_labels(page: str) -> str:
    """Chinese for the theme's English interface labels (attributes and short texts)."""
    page = _LABEL_ATTR.sub(lambda m: f'{m[1]}="{LABELS.get(m[2], m[2])}"', page)
    page = _LABEL_TEXT.sub(lambda m: f">{m[1]}{LABELS[m[2]]}{m[3]}<", page)
    # the search button's visible text (搜索 Ctrl+K) is its name; a shorter aria-label
    # hides the shortcut from screen readers and fails "label in name"
    page = page.replace('search-button__button pst-js-only" title="搜索" aria-label="搜索"',
                        'search-button__button pst-js-only" title="搜索"')
    # a hidden code cell's toggle: its visible text (显示代码 / 隐藏代码) is its name, an
    # English aria-label would hide it from screen readers and fail "label in name"
    return page.replace('<summary aria-label="Toggle hidden content">', "<summary>")


_EXPANDER = re.compile(r'(<a class="reference internal" href="[^"]*">(?P<text>[^<]*)</a>'
                       r'<details(?: open="open")?>)<summary>(<span class="toctree-toggle" '
                       r'role="presentation">)')
_EMPTY_TH = re.compile(r"<th>(?:&nbsp;)?</th>")


def accessible_names(page: str) -> str:
    """Names for the sidebar's expanders and for empty table corners."""
    page = _EXPANDER.sub(
        lambda m: f'{m[1]}<summary><span class="visually-hidden">展开或收起：{m["text"]}</span>'
                  f"{m[3]}", page)
    return _EMPTY_TH.sub('<th><span class="visually-hidden">行标签</span></th>', page)


# ------------------------------------------------------------------ exercise numbers

_EXERCISE = re.compile(r'(<div class="exercise admonition" id="ex0?(?P<m>\d+)-(?P<k>\d+)">\s*'
                       r'<p class="admonition-title">\s*<span class="caption-number">)'
                       r"练习 [\d.]+ (</span>)")


def exercise_numbers(page: str) -> str:
    """练习 3.1 in the heading, as in the quiz (sphinx-exercise numbers across the book)."""
    return _EXERCISE.sub(lambda m: f"{m[1]}练习 {int(m['m'])}.{m['k']} {m[4]}", page)


# ------------------------------------------------------------------ chart alt text


def png_title(data: bytes) -> str | None:
    """The ``Title`` text stored in a PNG (tEXt, zTXt or iTXt chunk), if any."""
    if not data.startswith(b"\x89PNG\r\n\x1a\n"):
        return None
    at = 8
    while at + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        body = data[at + 8:at + 8 + length]
        at += 12 + length
        if kind == b"IDAT" or kind == b"IEND":
            break
        key, _, rest = body.partition(b"\0")
        if key != b"Title":
            continue
        if kind == b"tEXt":
            return rest.decode("latin-1")
        if kind == b"zTXt":
            return zlib.decompress(rest[1:]).decode("latin-1")
        if kind == b"iTXt":
            compressed, rest = rest[0], rest[2:]
            _lang, _, rest = rest.partition(b"\0")
            _translated, _, text = rest.partition(b"\0")
            return (zlib.decompress(text) if compressed else text).decode("utf-8")
    return None


_IMG_ALT = re.compile(r'<img alt="(?P<alt>[^"]*_images/[^"]+\.png)" src="(?P<src>[^"]+)"')


def chart_alts(page: str, page_dir: Path) -> str:
    """Alt text from the chart's title for notebook images (myst-nb writes the file path)."""

    def alt(m: re.Match) -> str:
        path = page_dir / m["src"]
        title = png_title(path.read_bytes()) if path.is_file() else None
        text = f"图表：{title}" if title else "图表"
        return f'<img alt="{html.escape(text)}" src="{m["src"]}"'

    return _IMG_ALT.sub(alt, page)


# ------------------------------------------------------------------ icon fonts

_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_ICON_CLASS_RULE = re.compile(r"\.fa-[\w-]+:{1,2}(?:before|after)")


def css_icon_codepoints(css: str) -> set[int]:
    """Icon-font code points the stylesheets draw by themselves (admonition icons, arrows …).

    Rules of the form ``.fa-name::before`` are left out: the pages carry no such
    elements any more (their icons are inline SVG), so those glyphs are never drawn.
    """
    found: set[int] = set()
    for selector, body in _RULE.findall(css):
        if all(_ICON_CLASS_RULE.fullmatch(s.strip()) for s in selector.split(",")):
            continue
        found |= {ord(c) for c in body if 0xF000 <= ord(c) <= 0xF8FF}
        found |= {int(h, 16) for h in re.findall(r"\\(f[0-9a-f]{3})\b", body)}
    return found


def subset_icon_fonts(static: Path) -> list[Path]:
    """Cut the theme's Font Awesome woff2 files down to the glyphs its CSS uses.

    Sphinx copies the theme's full fonts again on every build, so each font is
    checked: one that already holds no more than the wanted glyphs is left alone.
    Returns the fonts that were cut.
    """
    from fontTools import subset
    from fontTools.ttLib import TTFont

    fonts = sorted((static / "vendor" / "fontawesome" / "webfonts").glob("*.woff2"))
    if not fonts:
        return []
    css = "\n".join(p.read_text(encoding="utf-8", errors="ignore")
                    for p in static.rglob("*.css"))
    wanted = css_icon_codepoints(css)
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    cut = []
    for font_path in fonts:
        with TTFont(str(font_path)) as current:
            if set(current.getBestCmap()) <= wanted:
                continue
        with subset.load_font(str(font_path), options) as font:  # closes the file it read
            subsetter = subset.Subsetter(options)
            subsetter.populate(unicodes=sorted(wanted))
            subsetter.subset(font)
            subset.save_font(font, str(font_path), options)
        cut.append(font_path)
    return cut


# ------------------------------------------------------------------ the whole site

WIDGET_JS = Path(__file__).with_name("static") / "widget-a11y.js"


_SCRIPT = re.compile(r"(<script\b.*?</script>)", re.S)
_THEME_MODE = [('localStorage.getItem("mode") || ""', 'localStorage.getItem("mode") || "light"'),
               ('data-default-mode=""', 'data-default-mode="light"')]


def outside_scripts(page: str, change) -> str:
    """Apply ``change`` to the markup only, never inside a ``<script>`` (widget state is JSON)."""
    parts = _SCRIPT.split(page)
    return "".join(part if i % 2 else change(part) for i, part in enumerate(parts))


# ------------------------------------------------------------------ the browser edition

LITE = "lite"
_LAB_PAGE = re.compile(r"^(notebooks/[^/]+|exercises/\d+-exercises)\.html$")


def lite_notebook(rel: str) -> str | None:
    """The notebook a lab or exercise page (path from the site root) opens in the lite edition."""
    return rel[:-5] + ".ipynb" if _LAB_PAGE.match(rel) else None


def lite_link(page: str, relroot: str, notebook: str) -> str:
    """A 在浏览器中运行 link under the page title, to the same notebook in ``lite/``."""
    href = f"{relroot}{LITE}/lab/index.html?path={notebook}"
    link = (f'<p class="crmkit-lite-link"><a href="{html.escape(href, quote=True)}" '
            'target="_blank" rel="noopener">▶ 在浏览器中运行</a>'
            "<span>不用安装，在新标签页里打开本笔记本；改动保存在本浏览器里，可以下载。"
            "第一次打开要下载约 30 MB 的运行环境。</span></p>")
    return re.sub(r"(</h1>)", lambda m: m.group(1) + link, page, count=1)


def polish_page(page: str, *, page_dir: Path, relroot: str, icons, search_page: bool,
                lite_notebook: str | None = None) -> str:
    page = trim_scripts(page, search_page=search_page)
    # light unless the learner picks another mode (the theme's empty default is an error)
    for old, new in _THEME_MODE:
        page = page.replace(old, new)

    def markup(part: str) -> str:
        part = inline_icons(part, icons)
        part = chinese_labels(part)
        part = accessible_names(part)
        part = exercise_numbers(part)
        return chart_alts(part, page_dir)

    page = outside_scripts(page, markup)
    if lite_notebook and "crmkit-lite-link" not in page:
        page = lite_link(page, relroot, lite_notebook)
    if f'<script type="{WIDGET_VIEW}">' in page and "widget-a11y.js" not in page:
        page = page.replace("</head>", f'<script defer src="{relroot}_static/widget-a11y.js">'
                                       "</script>\n</head>", 1)
    return page


def _relroot(outdir: Path, path: Path) -> str:
    return "../" * (len(path.relative_to(outdir).parts) - 1)


def polish_site(outdir: str | Path, lite: str | Path | None = None, jobs: int = 1) -> int:
    """Polish every HTML page under ``outdir``; return how many pages changed.

    With a built browser edition (``lite``, from ``make lite``), it is copied into the
    site as ``lite/`` and every lab and exercise page links to its notebook there. With
    ``jobs`` above 1 the pages are shared out between this process and ``jobs - 1``
    forked ones (where processes can fork).
    """
    outdir = Path(outdir)
    has_lite = lite is not None and (Path(lite) / "index.html").is_file()
    if has_lite:
        shutil.rmtree(outdir / LITE, ignore_errors=True)
        shutil.copytree(lite, outdir / LITE)
    script = outdir / "_static" / "scripts" / "fontawesome.js"
    icons = fontawesome_icons(script.read_text(encoding="utf-8")) if script.is_file() else {}
    shutil.copyfile(WIDGET_JS, outdir / "_static" / WIDGET_JS.name)
    subset_icon_fonts(outdir / "_static")
    vendor = outdir / "_static" / "vendor"
    fonts = [p for p in vendor.glob("*") if p.suffix in {".woff", ".woff2", ".ttf", ".eot",
                                                          ".svg"}] if vendor.is_dir() else []
    pages = [path for path in sorted(outdir.rglob("*.html"))
             if path.relative_to(outdir).parts[0] not in ("_static", LITE)]
    work = functools.partial(_polish_pages, outdir=outdir, icons=icons, has_lite=has_lite)
    jobs = max(1, min(jobs, len(pages)))
    if jobs > 1 and "fork" in multiprocessing.get_all_start_methods():
        from concurrent.futures import ProcessPoolExecutor

        fork = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(jobs - 1, mp_context=fork) as pool:
            others = [pool.submit(work, pages[k::jobs]) for k in range(1, jobs)]
            results = [work(pages[0::jobs])] + [future.result() for future in others]
    else:
        results = [work(pages)]
    # the widget manager asks for its icon fonts next to the page, not next to itself
    for folder in sorted({folder for _, folders in results for folder in folders}
                         if fonts else ()):
        dist = folder / "@jupyter-widgets" / "html-manager" / "dist"
        dist.mkdir(parents=True, exist_ok=True)
        for font in fonts:
            if not (dist / font.name).is_file():
                shutil.copyfile(font, dist / font.name)
    return sum(changed for changed, _ in results)


def _polish_pages(pages: list[Path], *, outdir: Path, icons, has_lite: bool
                  ) -> tuple[int, set[Path]]:
    """Polish ``pages``; how many changed, and the folders of pages with widgets."""
    changed, widget_folders = 0, set()
    for path in pages:
        rel = path.relative_to(outdir)
        text = path.read_text(encoding="utf-8")
        new = polish_page(text, page_dir=path.parent, relroot=_relroot(outdir, path),
                          icons=icons, search_page=path == outdir / "search.html",
                          lite_notebook=lite_notebook(rel.as_posix()) if has_lite else None)
        if f'<script type="{WIDGET_VIEW}">' in new:
            widget_folders.add(path.parent)
        if new != text:
            path.write_text(new, encoding="utf-8")
            changed += 1
    return changed, widget_folders
