"""How sure a figure is, and one footing for ratings on different scales.

Event surveys are small (the KRILA Forum had 32 respondents), so every share and mean shown to a
manager carries its 95% interval, and a difference between events is called out only when a test
for those sample sizes says it is unlikely to be chance. Reads nothing: works on counts.

The rules, as README states them:
- a share (top-2-box, favourable, yes, an option): Wilson's score interval, which stays inside
  0-100% and keeps its coverage for small n and shares near 0 or 100%;
- a mean: Student's t interval, mean ± t(0.975, n-1) · sd / √n (n of at least 2);
- a rating's score: (mean − scale min) / (scale max − scale min) × 100, so a 1-10 mean of 7.5
  (score 72.2) stands beside a 1-5 mean of 4.25 (score 81.2) on one 0-100 footing;
- favourable: an answer above the scale's midpoint (on 1-5: 4 and 5, the top two points; on 1-7:
  5 to 7; on 1-10: 6 to 10), defined for any scale length;
- two events' shares: Fisher's exact test when either has fewer than 30 answers, else the pooled
  two-proportion z-test;
- respondents against attendees (non-response): the chi-square statistic of the respondents'
  counts against the attendees' shares, its p-value by Monte Carlo (the counts are small).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
from scipy import stats

# 95% intervals: the level outcome reports and statistical offices use.
CONFIDENCE = 0.95
# Below this many answers in either event, the normal approximation behind the z-test is poor:
# an exact test decides instead.
EXACT_TEST_BELOW = 30
# Draws of the Monte Carlo goodness-of-fit test: the p-value's own error is about
# sqrt(p(1-p)/draws), under 0.005 around p = 0.05. Seeded, so the same counts give the same p.
MONTE_CARLO_DRAWS = 20_000
MONTE_CARLO_SEED = 20261201


def share_interval(successes: int, n: int) -> tuple[float, float] | None:
    """The 95% Wilson interval of successes out of n, in percent rounded to one decimal, or None
    when nobody answered."""
    if n <= 0:
        return None
    interval = stats.binomtest(int(successes), int(n)).proportion_ci(
        confidence_level=CONFIDENCE, method="wilson"
    )
    return (round(float(100 * interval.low), 1), round(float(100 * interval.high), 1))


def mean_interval(mean: float | None, sd: float | None, n: int) -> tuple[float, float] | None:
    """The 95% Student's t interval of a mean of n answers with sample standard deviation sd,
    rounded to two decimals; None when fewer than two answered (no spread to go on)."""
    if mean is None or sd is None or n < 2 or math.isnan(sd):
        return None
    half_width = stats.t.ppf(0.5 + CONFIDENCE / 2, n - 1) * sd / math.sqrt(n)
    return (round(mean - half_width, 2), round(mean + half_width, 2))


def score(value: float | None, scale_min: float, scale_max: float) -> float | None:
    """A rating (or a bound of its interval) on a 0-100 footing, one decimal."""
    if value is None or scale_max <= scale_min:
        return None
    return round(100 * (value - scale_min) / (scale_max - scale_min), 1)


def score_interval(
    mean: float | None, sd: float | None, n: int, scale_min: float, scale_max: float
) -> tuple[float, float] | None:
    """The 95% interval of a rating's score: the mean's t interval on the 0-100 footing,
    clipped to the scale, one decimal; None where the mean has no interval."""
    if mean is None or sd is None or n < 2:
        return None
    _, lows, highs = scores_with_intervals([mean], [sd], [n], [scale_min], [scale_max])
    if math.isnan(lows[0]):
        return None
    return (float(lows[0]), float(highs[0]))


def is_favourable(value: float, scale_min: float, scale_max: float) -> bool:
    """Whether an answer is above its scale's midpoint."""
    return value > (scale_min + scale_max) / 2


def shares_differ_p(successes_a: int, n_a: int, successes_b: int, n_b: int) -> float:
    """The two-sided p-value that two events' shares differ only by chance: Fisher's exact test
    when either event has fewer than EXACT_TEST_BELOW answers, else the pooled z-test."""
    if min(n_a, n_b) < EXACT_TEST_BELOW:
        table = [[successes_a, n_a - successes_a], [successes_b, n_b - successes_b]]
        return float(stats.fisher_exact(table).pvalue)
    a, b = successes_a / n_a, successes_b / n_b
    pooled = (successes_a + successes_b) / (n_a + n_b)
    spread = math.sqrt(pooled * (1 - pooled) * (1 / n_a + 1 / n_b))
    if spread == 0:
        return 1.0
    return float(2 * stats.norm.sf(abs(a - b) / spread))


def goodness_of_fit_p(observed: Mapping[str, int], expected_shares: Mapping[str, float]) -> float:
    """The p-value that the observed counts (respondents per group) are a random draw from the
    expected shares (the attendees' mix): the chi-square statistic, with its p-value from
    MONTE_CARLO_DRAWS multinomial draws of the same size (exact enough for small counts, where
    the chi-square distribution is not). A group observed but absent from the expected mix
    cannot come from it: p = 0."""
    groups = sorted(set(observed) | set(expected_shares))
    counts = np.array([observed.get(group, 0) for group in groups], dtype=float)
    total = int(counts.sum())
    shares = np.array([expected_shares.get(group, 0.0) for group in groups], dtype=float)
    if total == 0 or shares.sum() <= 0:
        return 1.0
    shares = shares / shares.sum()
    if np.any((shares == 0) & (counts > 0)):
        return 0.0
    present = shares > 0
    expected = total * shares[present]

    def chi_square(matrix: np.ndarray) -> np.ndarray:
        return (((matrix[..., present] - expected) ** 2) / expected).sum(axis=-1)

    observed_statistic = chi_square(counts)
    draws = np.random.default_rng(MONTE_CARLO_SEED).multinomial(
        total, shares, size=MONTE_CARLO_DRAWS
    )
    # A tolerance, so that draws equal to the observed table count as "at least as extreme".
    as_extreme = np.count_nonzero(chi_square(draws) >= observed_statistic - 1e-9)
    return float((as_extreme + 1) / (MONTE_CARLO_DRAWS + 1))


def scores_with_intervals(
    mean: np.ndarray, sd: np.ndarray, n: np.ndarray, scale_min: np.ndarray, scale_max: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`score` and `score_interval` for many events at once (the Overview's thousands of rows,
    where one call per event would take seconds): score, interval low, interval high, NaN
    where there is none."""
    mean, sd, n = (np.asarray(values, dtype=float) for values in (mean, sd, n))
    low_end, high_end = np.asarray(scale_min, dtype=float), np.asarray(scale_max, dtype=float)
    width = np.where(high_end > low_end, high_end - low_end, np.nan)
    with np.errstate(invalid="ignore", divide="ignore"):
        half = stats.t.ppf(0.5 + CONFIDENCE / 2, n - 1) * sd / np.sqrt(n)
        half = np.where(n >= 2, half, np.nan)
        scores = np.round(100 * (mean - low_end) / width, 1)
        lows = np.clip(np.round(100 * (mean - half - low_end) / width, 1), 0, 100)
        highs = np.clip(np.round(100 * (mean + half - low_end) / width, 1), 0, 100)
    return scores, lows, highs
