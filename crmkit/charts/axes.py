"""The one way every chart starts: Chinese font set, a new figure (or the caller's axes)."""

from __future__ import annotations

from crmkit.viz import use_chinese_font


def new_axes(size: tuple[float, float], ax=None):
    """(figure, axes): ``ax``'s own figure when given, else a new figure of ``size`` inches.

    A new figure is closed in pyplot at once, so a notebook shows it exactly once: as the
    cell's result or through display().
    """
    import matplotlib.pyplot as plt

    use_chinese_font()
    if ax is not None:
        return ax.figure, ax
    fig, ax = plt.subplots(figsize=size, dpi=100)
    plt.close(fig)
    return fig, ax
