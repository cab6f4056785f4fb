"""The length check: counts, the chance law behind it, and the messages it gives."""

from __future__ import annotations

import math

import pytest

from crmkit.giveaway import ALPHA, Point, point, tally, text_length, upper_tail


def test_length_counts_what_a_reader_sees():
    assert text_length("**先** 问 `需求`") == 4
    assert text_length("A. 先问需求\n再谈产品") == len("A.先问需求再谈产品")


def test_upper_tail_by_hand():
    # three fair coins: P(X >= 2) = (3 + 1) / 8
    assert upper_tail([0.5, 0.5, 0.5], 2) == pytest.approx(0.5)
    assert upper_tail([0.5, 0.5, 0.5], 0) == pytest.approx(1.0)
    assert upper_tail([0.5, 0.5, 0.5], 4) == 0.0
    # four-option items: P(all 5 right answers longest) = 0.25 ** 5
    assert upper_tail([0.25] * 5, 5) == pytest.approx(0.25 ** 5)
    # mixed: 1/2 and 1/4, both = 1/8, at least one = 1 - 1/2 * 3/4
    assert upper_tail([0.5, 0.25], 1) == pytest.approx(1 - 0.5 * 0.75)


def test_ties_count_neither_as_longest_nor_as_shortest():
    tie = Point("x", (5, 5, 2), 0)
    assert not tie.is_longest() and not tie.is_shortest()
    assert Point("y", (9, 5, 2), 0).is_longest() and Point("y", (9, 5, 2), 2).is_shortest()


def test_a_bank_whose_answer_is_always_longest_fails_and_says_why():
    points = [point(f"q{i}", ["先了解客户的资金用途再推荐产品", "推产品", "报价"], 0)
              for i in range(8)]
    found = tally(points)
    assert (found.points, found.longest, found.shortest) == (8, 8, 0)
    assert found.expected == pytest.approx(8 / 3)
    assert found.p_longest == pytest.approx((1 / 3) ** 8)
    [message] = found.problems()
    assert "8 处选择里，正确选项是最长的一项的有 8 处，随机时约 2.7 处" in message
    assert "学员只看长短就能答对" in message


def test_always_shortest_fails_too_and_a_mixed_bank_passes():
    shortest = tally(point(f"q{i}", ["好", "不太好的做法", "也不太好的做法"], 0) for i in range(8))
    assert len(shortest.problems()) == 1 and "最短" in shortest.problems()[0]
    lengths = [["一二三四五", "一二", "一二三"], ["一二", "一二三四五", "一二三"],
               ["一二三", "一二", "一二三四五"]]
    mixed = tally(point(f"q{i}", lengths[i % 3], 0) for i in range(9))
    assert (mixed.longest, mixed.shortest) == (3, 3) and mixed.problems() == []


def test_the_threshold_is_one_percent_of_chance():
    assert ALPHA == 0.01
    # 12 four-option items: 7 longest is unusual (p ~ 0.014) but passes, 8 fails (p ~ 0.0028)
    seven = tally([Point(f"a{i}", (9, 1, 2, 3), 0) for i in range(7)]
                  + [Point(f"b{i}", (1, 9, 2, 3), 0) for i in range(5)])
    eight = tally([Point(f"a{i}", (9, 1, 2, 3), 0) for i in range(8)]
                  + [Point(f"b{i}", (1, 9, 2, 3), 0) for i in range(4)])
    assert seven.p_longest > ALPHA and not [m for m in seven.problems() if "最长" in m]
    assert eight.p_longest < ALPHA and [m for m in eight.problems() if "最长" in m]
    exact = sum(math.comb(12, k) * 0.25 ** k * 0.75 ** (12 - k) for k in range(8, 13))
    assert eight.p_longest == pytest.approx(exact)


def test_single_option_points_are_left_out():
    assert tally([Point("solo", (4,), 0)]).points == 0
