"""crmkit.pagepolish: the rewrite of the built pages, on small pages and the theme's real icons."""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
from pathlib import Path

import matplotlib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crmkit import pagepolish as pp
from crmkit.viz import figure_title, png_with_title, use_chinese_font

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
FONTAWESOME = next(Path(matplotlib.__file__).parents[1].glob(
    "pydata_sphinx_theme/theme/pydata_sphinx_theme/static/scripts/fontawesome.js"))


@pytest.fixture(scope="module")
def icons():
    return pp.fontawesome_icons(FONTAWESOME.read_text(encoding="utf-8"))


def test_icons_come_from_the_theme_script_by_pack(icons):
    packs = {pack for pack, _ in icons}
    assert packs == {"solid", "regular", "brands"}
    assert ("brands", "github") in icons and ("solid", "github") not in icons
    # the same name in two packs keeps both drawings
    assert icons[("solid", "sun")][2] != icons[("regular", "sun")][2]
    width, height, path = icons[("solid", "bars")]
    assert (width, height) == (448, 512) and path.startswith("M0 96")


def test_inline_icons_keep_the_theme_switch_attributes(icons):
    page = ('<button aria-label="Color mode"><i class="theme-switch fa-solid fa-moon   fa-lg" '
            'data-mode="dark"  title="暗色"></i></button><i class="fab fa-github"></i>')
    out = pp.inline_icons(page, icons)
    assert "<i " not in out
    assert ('<svg class="svg-inline--fa fa-moon theme-switch fa-lg" data-mode="dark" '
            'viewBox="0 0 384 512" aria-hidden="true" focusable="false">') in out
    assert 'class="svg-inline--fa fa-github"' in out and "title=" not in out


def test_unknown_icons_are_left_alone(icons):
    page = '<i class="fa-solid fa-no-such-icon"></i>'
    assert pp.inline_icons(page, icons) == page


HEAD = """<head>
  <script defer src="../_static/scripts/fontawesome.js?digest=1"></script>
    <script src="../_static/searchtools.js"></script>
    <script src="../_static/language_data.js"></script>
    <script src="../searchindex.js"></script>
    <script>const THEBE_JS_URL = "https://unpkg.com/thebe@0.8.2/lib/index.js"; const a = 1</script>
    <script async="async" src="../_static/sphinx-thebe.js?v=c1"></script>
    <link rel="stylesheet" type="text/css" href="../_static/sphinx-thebe.css?v=4f" />
    <script>const THEBE_JS_URL = "https://unpkg.com/thebe@0.8.2/lib/index.js"; const a = 1</script>
    <script type="application/vnd.jupyter.widget-state+json">{"state": {"a": "<th></th>"}}</script>
    <script src="../_static/vendor/require.js?v=3"></script>
    <script src="../_static/vendor/embed-amd.js?v=8"></script>
    <script defer="defer" src="vendor/mathjax/tex-chtml.js"></script>
</head>"""
VIEW = '<script type="application/vnd.jupyter.widget-view+json">{"model_id": "x"}</script>'


def test_text_page_loses_icon_search_thebe_widget_and_math_scripts():
    out = pp.trim_scripts(HEAD + "<p>正文</p>", search_page=False)
    for gone in ("fontawesome.js", "searchindex.js", "searchtools.js", "THEBE", "thebe",
                 "require.js", "embed-amd.js", "widget-state", "mathjax"):
        assert gone not in out, gone


def test_search_page_keeps_the_index_and_widget_page_defers_the_manager():
    search = pp.trim_scripts(HEAD, search_page=True)
    assert '<script src="../searchindex.js"></script>' in search
    lab = pp.trim_scripts(HEAD + VIEW + '<span class="math">x</span>', search_page=False)
    assert '<script src="../_static/vendor/require.js' not in lab
    assert ('var sources = ["../_static/vendor/require.js?v=3", '
            '"../_static/vendor/embed-amd.js?v=8"]') in lab
    assert "widget-state+json" in lab and "mathjax" in lab


def test_labels_become_chinese_and_the_search_button_is_named_by_its_text():
    page = ('<a title="Link to this heading">#</a><input placeholder="Search this book..."/>'
            '<button class="btn search-button-field search-button__button pst-js-only" '
            'title="搜索" aria-label="搜索"><span>搜索</span></button><span>Back to top</span>')
    out = pp.chinese_labels(page)
    assert 'title="链接到本标题"' in out and 'placeholder="在本书中搜索……"' in out
    assert 'aria-label="搜索"' not in out and ">回到顶部<" in out


def test_a_hidden_code_cell_toggle_is_named_by_its_chinese_text():
    page = ('<details class="hide above-input"><summary aria-label="Toggle hidden content">'
            '<p class="collapsed admonition-title">显示代码</p>'
            '<p class="expanded admonition-title">隐藏代码</p></summary></details>')
    out = pp.chinese_labels(page)
    assert "Toggle hidden content" not in out and "<summary><p" in out and "显示代码" in out


def test_expanders_and_empty_corners_get_names_but_script_json_is_untouched():
    page = ('<li><a class="reference internal" href="cases/index.html">案例库</a><details>'
            '<summary><span class="toctree-toggle" role="presentation">v</span></summary>'
            '<table><tr><th></th><th>客户</th></tr></table>'
            '<script type="application/json">{"html": "<th></th>"}</script>')
    out = pp.outside_scripts(page, pp.accessible_names)
    assert '<summary><span class="visually-hidden">展开或收起：案例库</span>' in out
    assert '<th><span class="visually-hidden">行标签</span></th><th>客户</th>' in out
    assert out.endswith('{"html": "<th></th>"}</script>')
    json.loads(out[out.index("{"):out.rindex("}") + 1])


def test_exercise_heading_takes_the_quiz_number():
    page = ('<div class="exercise admonition" id="ex03-12">\n<p class="admonition-title">'
            '<span class="caption-number">练习 44 </span></p>')
    assert '<span class="caption-number">练习 3.12 </span>' in pp.exercise_numbers(page)


def chart_png(title: str | None) -> bytes:
    use_chinese_font()
    fig, ax = plt.subplots(figsize=(2, 1.5))
    ax.plot([1, 2, 3])
    if title:
        ax.set_title(title)
    data = base64.b64decode(png_with_title(fig))
    plt.close(fig)
    return data


def test_png_title_round_trip_and_missing_title():
    assert pp.png_title(chart_png("客户价值矩阵：200 户")) == "客户价值矩阵：200 户"
    assert pp.png_title(chart_png(None)) is None
    assert pp.png_title(b"GIF89a") is None


def test_figure_title_prefers_the_suptitle_then_joins_axes_titles():
    fig, (a, b) = plt.subplots(1, 2)
    a.set_title("贡献")
    b.set_title("成长")
    assert figure_title(fig) == "贡献；成长"
    fig.suptitle("两个维度")
    assert figure_title(fig) == "两个维度"
    plt.close(fig)


def test_chart_images_get_alt_text_from_their_title(tmp_path):
    (tmp_path / "_images").mkdir()
    (tmp_path / "_images" / "a.png").write_bytes(chart_png("流失预警"))
    (tmp_path / "_images" / "b.png").write_bytes(chart_png(None))
    page = ('<img alt="_images/a.png" src="_images/a.png" /><img alt="_images/b.png" '
            'src="_images/b.png" />')
    out = pp.chart_alts(page, tmp_path)
    assert '<img alt="图表：流失预警" src="_images/a.png"' in out
    assert '<img alt="图表" src="_images/b.png"' in out


@pytest.mark.skipif(shutil.which("node") is None, reason="没有 node：跳过 JavaScript 部分")
def test_widget_script_reads_the_same_title_as_python(tmp_path):
    data = chart_png("客户数量（户）")
    (tmp_path / "chart.png").write_bytes(data)
    script = ROOT / "crmkit" / "static" / "widget-a11y.js"
    run = subprocess.run(
        ["node", "-e", f"const {{pngTitle}} = require({json.dumps(str(script))});"
         f"const b = require('fs').readFileSync({json.dumps(str(tmp_path / 'chart.png'))});"
         "process.stdout.write(JSON.stringify(pngTitle(new Uint8Array(b))));"],
        capture_output=True, text=True, timeout=60, check=True)
    assert json.loads(run.stdout) == pp.png_title(data) == "客户数量（户）"


def test_polish_site_is_idempotent_and_puts_widget_fonts_next_to_widget_pages(tmp_path):
    site = tmp_path / "html"
    (site / "_static" / "scripts").mkdir(parents=True)
    (site / "_static" / "vendor").mkdir()
    shutil.copyfile(FONTAWESOME, site / "_static" / "scripts" / "fontawesome.js")
    (site / "_static" / "vendor" / "abc.woff2").write_bytes(b"font")
    (site / "notebooks").mkdir()
    (site / "notebooks" / "lab.html").write_text(
        HEAD + '<body data-default-mode=""><i class="fa-solid fa-bars"></i>' + VIEW + "</body>",
        encoding="utf-8")
    (site / "search.html").write_text(HEAD, encoding="utf-8")
    assert pp.polish_site(site) == 2
    lab = (site / "notebooks" / "lab.html").read_text(encoding="utf-8")
    assert "fa-bars" in lab and "<i " not in lab and 'data-default-mode="light"' in lab
    assert '<script defer src="../_static/widget-a11y.js"></script>' in lab
    assert (site / "_static" / "widget-a11y.js").is_file()
    assert (site / "notebooks/@jupyter-widgets/html-manager/dist/abc.woff2").read_bytes() == b"font"
    assert pp.polish_site(site) == 0
    assert (site / "notebooks" / "lab.html").read_text(encoding="utf-8") == lab


def _site(root: Path) -> Path:
    site = root / "html"
    (site / "_static" / "scripts").mkdir(parents=True)
    (site / "_static" / "vendor").mkdir()
    shutil.copyfile(FONTAWESOME, site / "_static" / "scripts" / "fontawesome.js")
    (site / "_static" / "vendor" / "abc.woff2").write_bytes(b"font")
    for n, folder in enumerate(("notebooks", "notebooks", "cases/a", "book", "cases/b")):
        (site / folder).mkdir(parents=True, exist_ok=True)
        widget = VIEW if n % 2 == 0 else ""
        (site / folder / f"page{n}.html").write_text(
            HEAD + f'<body data-default-mode=""><i class="fa-solid fa-bars"></i>{widget}</body>',
            encoding="utf-8")
    (site / "search.html").write_text(HEAD, encoding="utf-8")
    return site


def test_polishing_in_several_processes_gives_the_same_site(tmp_path):
    alone, shared = _site(tmp_path / "alone"), _site(tmp_path / "shared")
    assert pp.polish_site(alone) == pp.polish_site(shared, jobs=3) == 6

    def files(site):
        return {p.relative_to(site).as_posix(): p.read_bytes()
                for p in sorted(site.rglob("*")) if p.is_file()}

    assert files(alone) == files(shared)
    assert "cases/a/@jupyter-widgets/html-manager/dist/abc.woff2" in files(shared)
    assert "book/@jupyter-widgets/html-manager/dist/abc.woff2" not in files(shared)


def test_icon_codepoints_skip_the_per_icon_class_rules():
    css = ('.fa-bars:before{content:"\\f0c9"}.fa-a::before,.fa-b:after{content:"\\f001"}'
           'html{--pst-icon-lightbulb:"\uf0eb"}.x:after{content:"\\f107";font-family:x}')
    assert pp.css_icon_codepoints(css) == {0xF0EB, 0xF107}


def test_icon_fonts_are_cut_to_the_glyphs_the_css_draws(tmp_path):
    from fontTools.ttLib import TTFont

    webfonts = FONTAWESOME.parents[1] / "vendor" / "fontawesome" / "webfonts"
    static = tmp_path / "_static"
    (static / "vendor" / "fontawesome" / "webfonts").mkdir(parents=True)
    for font in webfonts.glob("*.woff2"):
        shutil.copyfile(font, static / "vendor/fontawesome/webfonts" / font.name)
    (static / "theme.css").write_text('html{--pst-icon-bell:"\uf0f3";--pst-icon-github:"\uf09b"}',
                                      encoding="utf-8")
    solid = static / "vendor/fontawesome/webfonts/fa-solid-900.woff2"
    before = solid.stat().st_size
    assert len(pp.subset_icon_fonts(static)) == 3
    assert solid.stat().st_size < before / 20
    with TTFont(str(solid)) as font:
        assert set(font.getBestCmap()) == {0xF0F3}
    with TTFont(str(static / "vendor/fontawesome/webfonts/fa-brands-400.woff2")) as font:
        assert set(font.getBestCmap()) == {0xF09B}
    assert pp.subset_icon_fonts(static) == []


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([" ", "\n", "\t", "\u3000", "\xa0", "a", "<", "<x>", "<x>y",
                                 "</x>"]), max_size=24))
def test_drop_removes_each_match_with_the_whitespace_before_it_as_a_leading_space_pattern(
        parts):
    """drop(tag) gives what re.sub(r"\\s*tag", "") gave, without trying every character."""
    import re

    page = "".join(parts)
    assert pp.drop(re.compile(r"<x>"), page) == re.sub(r"\s*<x>", "", page)
    assert pp.drop(re.compile(r"<x>.*?</x>", re.S), page) == re.sub(r"\s*<x>.*?</x>", "", page,
                                                                     flags=re.S)
