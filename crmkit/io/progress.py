"""A tiny progress bar on stderr for large files (no extra dependency).

Small files finish before anyone would look at a bar, so the bar only appears
from ``PROGRESS_MIN_ROWS`` rows on, and by default only when stderr is a
terminal (a log file or a pipe gets no carriage-return noise).
"""

from __future__ import annotations

import sys
from typing import TextIO

PROGRESS_MIN_ROWS = 50_000
BAR_WIDTH = 24


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


class Progress:
    """``[######------]  50%  30,000/60,000 行 检查数据`` redrawn in place.

    Redraws only when the whole percentage changes, so a million updates cost a
    hundred writes. ``Progress(..., enabled=False)`` does nothing, which keeps the
    callers free of ``if`` statements.
    """

    def __init__(self, total: int, label: str, *, enabled: bool = True,
                 stream: TextIO | None = None):
        self.total, self.label, self.enabled = max(int(total), 1), label, enabled
        self.stream = stream or sys.stderr
        self.done = 0
        self._shown = -1

    def update(self, step: int) -> None:
        self.done = min(self.done + int(step), self.total)
        self._draw()

    def _draw(self) -> None:
        if not self.enabled:
            return
        pct = self.done * 100 // self.total
        if pct == self._shown:
            return
        self._shown = pct
        filled = BAR_WIDTH * self.done // self.total
        bar = "#" * filled + "-" * (BAR_WIDTH - filled)
        self.stream.write(f"\r[{bar}] {pct:3d}%  {self.done:,}/{self.total:,} 行  {self.label}")
        self.stream.flush()

    def close(self) -> None:
        """Finish the line (jumping to 100%) so later messages start on a new line."""
        if not self.enabled:
            return
        self.done = self.total
        self._draw()
        self.stream.write("\n")
        self.stream.flush()
        self.enabled = False
