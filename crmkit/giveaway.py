"""Does the length of an option give the answer away?

A learner who always picks the longest option should do no better than chance. For a set
of decision points (quiz items, role-play choices, drill questions) this counts how often
the right option is the strictly longest and the strictly shortest, and asks how likely
that many would be if length had nothing to do with the answer: at a point with k
options, chance puts the right one longest with probability 1/k, so the count follows a
Poisson-binomial law. A count whose upper tail is below ``ALPHA`` fails.

Why 1%: the content is fixed, not resampled, so a check fails only when an author's
habits show; at 1% a bank written without regard to length passes 99 times in 100, while
the pattern a reader spots (the right answer longest at eight points out of ten) fails at
once. Ties for longest or shortest do not count, which only makes the check milder.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

ALPHA = 0.01
_MARKUP = re.compile(r"[\s*`$_#>|\\]")


def text_length(text: str) -> int:
    """Visible characters: spaces and Markdown markup do not count."""
    return len(_MARKUP.sub("", str(text)))


@dataclass(frozen=True)
class Point:
    """One decision: the lengths of its options and which one is right."""

    where: str
    lengths: tuple[int, ...]
    right: int

    def is_longest(self) -> bool:
        top = max(self.lengths)
        return self.lengths[self.right] == top and self.lengths.count(top) == 1

    def is_shortest(self) -> bool:
        low = min(self.lengths)
        return self.lengths[self.right] == low and self.lengths.count(low) == 1


def point(where: str, texts: Sequence[str], right: int) -> Point:
    return Point(where, tuple(text_length(t) for t in texts), right)


def upper_tail(probabilities: Sequence[float], observed: int) -> float:
    """P(X >= observed) for X the number of successes of independent trials."""
    dist = [1.0]
    for p in probabilities:
        nxt = [0.0] * (len(dist) + 1)
        for k, mass in enumerate(dist):
            nxt[k] += mass * (1 - p)
            nxt[k + 1] += mass * p
        dist = nxt
    return sum(dist[observed:]) if observed < len(dist) else 0.0


@dataclass(frozen=True)
class Tally:
    points: int
    longest: int
    shortest: int
    expected: float       # under chance, for longest and for shortest alike
    p_longest: float
    p_shortest: float

    def problems(self) -> list[str]:
        """Chinese sentences for what fails (empty when nothing does)."""
        out = []
        cases = ((self.longest, self.p_longest, "最长", "缩短正确选项、加长几个错误选项"),
                 (self.shortest, self.p_shortest, "最短", "让正确选项的长短不再有规律"))
        for count, p, word, fix in cases:
            if p < ALPHA:
                out.append(f"{self.points} 处选择里，正确选项是{word}的一项的有 {count} 处，"
                           f"随机时约 {self.expected:.1f} 处（这么多的概率 {p:.2%}，"
                           f"低于 {ALPHA:.0%}）：学员只看长短就能答对。请{fix}")
        return out

    def line(self) -> str:
        return (f"{self.points} 处选择，正确选项最长 {self.longest} 处、最短 {self.shortest} 处，"
                f"随机时各约 {self.expected:.1f} 处")


def tally(points: Iterable[Point]) -> Tally:
    pts = [p for p in points if len(p.lengths) >= 2]
    chance = [1 / len(p.lengths) for p in pts]
    longest = sum(p.is_longest() for p in pts)
    shortest = sum(p.is_shortest() for p in pts)
    return Tally(len(pts), longest, shortest, sum(chance),
                 upper_tail(chance, longest), upper_tail(chance, shortest))
