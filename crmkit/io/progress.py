"""Progress bars for large files, drawn by ``tqdm``.

Small files finish before anyone would look at a bar, so a bar only appears from
``PROGRESS_MIN_ROWS`` rows on, and by default only when stderr is a terminal (a log
file or a pipe gets no carriage-return noise).
"""

from __future__ import annotations

import sys
from typing import TextIO

PROGRESS_MIN_ROWS = 50_000


def wants_progress(rows: int, progress: bool | None, stream: TextIO | None = None) -> bool:
    """Decide whether to draw a bar for ``rows`` rows.

    progress: None = automatic (stderr is a terminal), True = always, False = never;
    in the first two cases only for files of at least ``PROGRESS_MIN_ROWS`` rows.
    """
    if progress is False or rows < PROGRESS_MIN_ROWS:
        return False
    if progress:
        return True
    stream = stream or sys.stderr
    return bool(getattr(stream, "isatty", lambda: False)())


class _NoBar:
    """What a disabled bar is: the same calls, nothing drawn. tqdm is only imported for a
    bar that is shown (the browser edition reads small uploads and does not ship it)."""

    n = total = 0

    def update(self, step: int) -> None:
        pass

    def close(self) -> None:
        pass


def progress_bar(total: int, label: str, *, enabled: bool = True,
                 stream: TextIO | None = None):
    """A bar counting rows (``读取：50%|█████     | 30,000/60,000 行``); a disabled bar
    accepts the same calls and draws nothing, which keeps callers free of ``if``s."""
    if not enabled:
        return _NoBar()
    from tqdm import tqdm

    return tqdm(total=max(int(total), 1), desc=label, unit="行", unit_scale=False,
                file=stream or sys.stderr, leave=True, ascii=False,
                bar_format="{desc}：{percentage:3.0f}%|{bar:24}| {n:,}/{total:,} 行 [{elapsed}]")


def finish(bar) -> None:
    """Fill the bar to 100% and end its line, so later messages start on a new line."""
    if bar.n < bar.total:
        bar.update(bar.total - bar.n)
    bar.close()
