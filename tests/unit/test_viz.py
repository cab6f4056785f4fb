"""Chinese font set-up and the quadrant chart."""

import io
import logging
import warnings

import matplotlib
import pytest
from matplotlib import font_manager

from crmkit.data import worked_example
from crmkit.models.value_matrix import value_matrix
from crmkit.viz import CJK_FAMILY, cjk_font_path, quadrant_chart, use_chinese_font


def test_font_comes_from_pip_package_and_has_chinese_glyphs():
    from matplotlib.ft2font import FT2Font

    path = cjk_font_path()
    assert "mplfonts" in path.parts
    use_chinese_font()
    assert str(path) in {f.fname for f in font_manager.fontManager.ttflist}
    charmap = FT2Font(str(path)).get_charmap()
    assert all(ord(ch) in charmap for ch in "客户价值拓展挖掘维持退出")


def test_rc_params_set():
    matplotlib.rcParams["font.sans-serif"] = ["DejaVu Sans"]
    matplotlib.rcParams["axes.unicode_minus"] = True
    assert use_chinese_font() == CJK_FAMILY
    assert matplotlib.rcParams["font.sans-serif"][0] == CJK_FAMILY
    assert matplotlib.rcParams["axes.unicode_minus"] is False


def test_calling_again_registers_nothing_more():
    use_chinese_font()
    before = len(font_manager.fontManager.ttflist)
    use_chinese_font()
    assert len(font_manager.fontManager.ttflist) == before


def test_chart_renders_chinese_without_glyph_warnings(caplog):
    scored = value_matrix(worked_example())
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with caplog.at_level(logging.WARNING, logger="matplotlib"):
            fig = quadrant_chart(scored, title="八户示例客户")
            fig.savefig(io.BytesIO(), format="png")
    assert not [r for r in caplog.records if "Glyph" in r.getMessage()]


def test_chart_content():
    scored = value_matrix(worked_example())
    fig = quadrant_chart(scored, title="示例")
    ax = fig.axes[0]
    assert ax.get_xscale() == "log"
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["拓展（2 户）", "挖掘（2 户）", "维持（2 户）", "退出（2 户）"]
    corner_texts = {t.get_text() for t in ax.texts}
    assert corner_texts == {"拓展", "挖掘", "维持", "退出"}
    vline, hline = ax.lines[0], ax.lines[1]
    assert vline.get_xdata()[0] == pytest.approx(52.5)
    assert hline.get_ydata()[0] == pytest.approx(0.06)
    assert "52.5 万元" in ax.get_title() and "6.0%" in ax.get_title()


def test_linear_axis_when_a_contribution_is_not_positive():
    book = worked_example()
    book.loc[0, "contribution"] = -3.0
    fig = quadrant_chart(value_matrix(book))
    assert fig.axes[0].get_xscale() == "linear"
    assert fig.axes[0].get_xlabel() == "综合贡献（万元）"
