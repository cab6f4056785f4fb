"""Charts and the Chinese font set-up shared by every notebook and page."""

from __future__ import annotations

from pathlib import Path

import matplotlib

CJK_FAMILY = "Noto Sans CJK SC"


CJK_SUBSET = Path(__file__).parent / "fonts" / "NotoSansCJKsc-subset.otf"


def cjk_font_path() -> Path:
    """Path of the Noto Sans CJK SC font: the full font shipped by the pip package
    ``mplfonts``, or, in the browser edition (Pyodide, where ``mplfonts`` is not
    installed), the subset the lite build puts in the crmkit wheel (crmkit.lite)."""
    try:
        import mplfonts
    except ImportError:
        if CJK_SUBSET.exists():
            return CJK_SUBSET
        raise FileNotFoundError("找不到中文字体：没有安装 mplfonts，课程包里也没有浏览器版的"
                                "字体子集。请重新运行 make start 安装依赖。") from None
    path = Path(mplfonts.__file__).parent / "fonts" / "NotoSansCJKsc-Regular.otf"
    if not path.exists():  # pragma: no cover - only on a broken install
        raise FileNotFoundError(f"找不到中文字体文件 {path}，请重新运行 make start 安装依赖。")
    return path


def use_chinese_font() -> str:
    """Make matplotlib draw Chinese with a pip-installed font; return the family name.

    Registers the font file with matplotlib's font manager (no system font is
    needed), puts it first in the sans-serif list and draws the minus sign as
    an ASCII hyphen, which the CJK font lacks. Call it again after anything
    that resets rcParams (style sheets, seaborn themes).
    """
    from matplotlib import font_manager

    path = str(cjk_font_path())
    known = {f.fname for f in font_manager.fontManager.ttflist}
    if path not in known:
        font_manager.fontManager.addfont(path)
    matplotlib.rcParams["font.family"] = "sans-serif"
    matplotlib.rcParams["font.sans-serif"] = [CJK_FAMILY, "DejaVu Sans"]
    matplotlib.rcParams["axes.unicode_minus"] = False
    _store_titles_in_png()
    return CJK_FAMILY


def figure_title(fig) -> str:
    """The title a reader sees: the figure's suptitle, else its axes' titles joined."""
    sup = getattr(fig, "_suptitle", None)
    if sup is not None and sup.get_text().strip():
        return sup.get_text().strip()
    titles = [t for ax in fig.axes for t in
              (ax.get_title("left"), ax.get_title(), ax.get_title("right")) if t.strip()]
    return "；".join(dict.fromkeys(t.strip() for t in titles))


def png_with_title(fig) -> str:
    """The inline backend's PNG (base64), with the chart's title in its Title field.

    The book turns that field into the image's alt text (crmkit.pagepolish, and
    widget-a11y.js for charts inside widgets), so a screen reader names the chart.
    """
    from IPython.core.pylabtools import print_figure

    title = figure_title(fig)
    extra = {"metadata": {"Title": title}} if title else {}
    return print_figure(fig, fmt="png", base64=True, bbox_inches="tight", **extra)


def _store_titles_in_png() -> None:
    """In IPython, show figures through :func:`png_with_title`."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with the notebook stack
        return
    shell = get_ipython()
    if shell is None or not hasattr(shell, "display_formatter"):
        return
    import importlib

    from matplotlib.figure import Figure

    # The inline backend sets IPython's PNG formatter when its module is first imported,
    # which pyplot does lazily at the first figure: import it now, then register ours.
    backend = matplotlib.get_backend()
    if backend.startswith("module://"):
        importlib.import_module(backend.removeprefix("module://"))

    shell.display_formatter.formatters["image/png"].for_type(Figure, png_with_title)


QUADRANT_COLORS = {"拓展": "#1b7837", "挖掘": "#2166ac", "维持": "#e08214", "退出": "#8c8c8c"}
# The same hues dark enough for text on white (contrast at least 4.5:1, WCAG AA).
QUADRANT_TEXT_COLORS = {"拓展": "#1b7837", "挖掘": "#2166ac", "维持": "#a35200", "退出": "#666666"}


def quadrant_chart(scored, contribution: str = "contribution", growth: str = "growth",
                   title: str = "客户价值矩阵", ax=None):
    """Scatter customers by contribution (x) and growth (y), coloured by quadrant.

    The returned Figure is already closed in pyplot, so a notebook shows it exactly once.
    ``scored`` comes from :func:`crmkit.models.value_matrix.value_matrix`; its
    thresholds are drawn as dashed lines and each corner carries the quadrant's
    name and head count. The x axis is logarithmic when every contribution is
    positive, because contribution is highly skewed. Returns the Figure.
    """
    import matplotlib.pyplot as plt
    from matplotlib.ticker import PercentFormatter

    from crmkit.models.value_matrix import QUADRANTS

    use_chinese_font()
    c_cut, g_cut = scored.attrs["thresholds"]
    if ax is None:
        fig, ax = plt.subplots(figsize=(7.5, 5.2), dpi=100)
        # Closed at once: pyplot will not show it again at the end of the cell;
        # the notebook shows it once, as the cell's result or through display().
        plt.close(fig)
    else:
        fig = ax.figure
    for q in QUADRANTS:
        part = scored[scored["quadrant"] == q]
        ax.scatter(part[contribution], part[growth], s=22, alpha=0.75,
                   color=QUADRANT_COLORS[q], label=f"{q}（{len(part)} 户）")
    if (scored[contribution] > 0).all() and c_cut > 0:
        ax.set_xscale("log")
    ax.axvline(c_cut, color="#444444", linestyle="--", linewidth=1)
    ax.axhline(g_cut, color="#444444", linestyle="--", linewidth=1)
    corners = {"拓展": (0.98, 0.97, "right", "top"), "挖掘": (0.02, 0.97, "left", "top"),
               "维持": (0.98, 0.03, "right", "bottom"), "退出": (0.02, 0.03, "left", "bottom")}
    for q, (x, y, ha, va) in corners.items():
        ax.text(x, y, q, transform=ax.transAxes, ha=ha, va=va, fontsize=13,
                color=QUADRANT_COLORS[q], fontweight="bold")
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
    ax.set_xlabel("综合贡献（万元，对数刻度）" if ax.get_xscale() == "log" else "综合贡献（万元）")
    ax.set_ylabel("贡献同比增长")
    ax.set_title(f"{title}：阈值 贡献 {c_cut:,.1f} 万元 / 增长 {g_cut:.1%}")
    ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), frameon=False)
    fig.tight_layout()
    return fig
