"""Intervals, scores and tests as README states them, checked against their textbook formulas and
published values."""

from __future__ import annotations

import math

import pytest

from surveydash import statistics


def wilson_by_formula(k: int, n: int, z: float = 1.959964) -> tuple[float, float]:
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return 100 * (centre - half), 100 * (centre + half)


@pytest.mark.parametrize(("k", "n"), [(28, 32), (85, 118), (0, 5), (5, 5), (1, 32), (12, 20)])
def test_share_interval_is_wilsons_to_a_tenth_of_a_point(k, n):
    low, high = statistics.share_interval(k, n)
    expected_low, expected_high = wilson_by_formula(k, n)
    assert abs(low - expected_low) <= 0.1 and abs(high - expected_high) <= 0.1
    assert 0 <= low <= 100 * k / n <= high <= 100


def test_a_small_survey_gets_a_wider_interval_than_a_large_one_at_the_same_share():
    small_low, small_high = statistics.share_interval(28, 32)  # 87.5%
    large_low, large_high = statistics.share_interval(280, 320)  # 87.5%
    assert small_high - small_low > 2 * (large_high - large_low)


def test_no_answers_no_interval():
    assert statistics.share_interval(0, 0) is None
    assert statistics.mean_interval(4.0, None, 1) is None
    assert statistics.mean_interval(4.0, 0.8, 1) is None


def test_mean_interval_is_students_t():
    # n = 32, mean 4.31, sd 0.82: t(0.975, 31) = 2.0395
    low, high = statistics.mean_interval(4.31, 0.82, 32)
    half = 2.0395 * 0.82 / math.sqrt(32)
    assert low == pytest.approx(4.31 - half, abs=0.005)
    assert high == pytest.approx(4.31 + half, abs=0.005)


def test_scores_put_a_one_to_ten_rating_beside_a_one_to_five_rating():
    assert statistics.score(7.5, 1, 10) == 72.2
    assert statistics.score(4.25, 1, 5) == 81.2
    assert statistics.score(1, 1, 5) == 0.0 and statistics.score(5, 1, 5) == 100.0
    # 7.5 ± 2.1314 x 1.5 / 4 (n = 16, t(0.975, 15)) on 1-10: 6.70 to 8.30, scores 63.3 to 81.1.
    assert statistics.score_interval(7.5, 1.5, 16, 1, 10) == (63.3, 81.1)
    # An interval reaching past the scale's top is clipped to 100.
    assert statistics.score_interval(4.9, 0.5, 4, 1, 5)[1] == 100.0
    assert statistics.score_interval(4.9, 0.5, 1, 1, 5) is None


@pytest.mark.parametrize(
    ("scale", "favourable"),
    [
        ((1, 5), [4, 5]),
        ((1, 7), [5, 6, 7]),
        ((1, 10), [6, 7, 8, 9, 10]),
        ((0, 10), [6, 7, 8, 9, 10]),
        ((1, 4), [3, 4]),
    ],
)
def test_favourable_means_above_the_scales_midpoint(scale, favourable):
    low, high = scale
    assert [v for v in range(low, high + 1) if statistics.is_favourable(v, low, high)] == favourable


def test_small_samples_are_compared_with_fishers_exact_test():
    # Fisher's lady tasting tea: 3 of 4 right against 1 of 4, two-sided p = 0.486.
    assert statistics.shares_differ_p(3, 4, 1, 4) == pytest.approx(0.4857, abs=1e-4)
    # 28 of 32 against 12 of 20: not chance at the 5% level.
    assert statistics.shares_differ_p(28, 32, 12, 20) < 0.05


def test_large_samples_are_compared_with_the_two_proportion_z_test():
    # 87.5% of 320 against 72% of 300: z = 4.86
    assert statistics.shares_differ_p(280, 320, 216, 300) == pytest.approx(1.2e-6, rel=0.2)
    assert statistics.shares_differ_p(150, 300, 150, 300) == 1.0


def test_respondents_skewed_against_the_attendees_are_flagged_and_balanced_ones_are_not():
    attendees = {"National Government": 0.5, "Academic Institutions": 0.5}
    skewed = statistics.goodness_of_fit_p(
        {"National Government": 2, "Academic Institutions": 18}, attendees
    )
    balanced = statistics.goodness_of_fit_p(
        {"National Government": 10, "Academic Institutions": 10}, attendees
    )
    assert skewed < 0.001
    assert balanced > 0.9
    # The same counts give the same p-value (the draws are seeded).
    assert skewed == statistics.goodness_of_fit_p(
        {"National Government": 2, "Academic Institutions": 18}, attendees
    )


def test_a_group_no_attendee_belongs_to_cannot_come_from_the_attendees():
    assert statistics.goodness_of_fit_p({"Media": 3, "Other": 5}, {"Other": 1.0}) == 0.0
