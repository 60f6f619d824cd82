"""Which differences between events are worth a manager's attention.

Two events' top-2-box shares always differ a little; with 30 respondents a few points are
noise. A difference is called out only when it is large enough to matter and large enough,
for the two sample sizes, not to be chance. Reads nothing: works on `compare_events` rows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import combinations

from surveydash.questions import INDICATOR_LABELS

COMPARED_RATINGS = ("overall_rating", "relevance", "quality", "likely_to_apply")
COMPARED_INDICATORS = (*COMPARED_RATINGS, "difficulties")

# Below ten percentage points a difference in top-2-box share rarely changes what an
# organizer does next, however many people answered.
MIN_NOTABLE_POINTS = 10.0
# A two-proportion z-test at the 95% level: a difference beyond 1.96 standard errors is
# unlikely (one chance in twenty) to come from sampling alone.
Z_95 = 1.96
# Below this many answers the normal approximation behind the z-test does not hold, and a
# single respondent moves the share by more than ten points: such events are not compared.
MIN_ANSWERS_TO_COMPARE = 10
# A long list of call-outs is not read: the largest few differences per indicator.
MAX_CALLOUTS_PER_INDICATOR = 3


@dataclass(frozen=True)
class NotableDifference:
    indicator: str
    higher_event: str
    higher_pct: float
    higher_n: int
    lower_event: str
    lower_pct: float
    lower_n: int

    @property
    def points(self) -> float:
        return round(self.higher_pct - self.lower_pct, 1)

    def sentence(self, titles: dict[str, str]) -> str:
        """'Overall rating: 87.5% of 32 respondents at A gave one of the top two ratings,
        against 60.2% of 118 at B (27.3 points apart).'"""
        label = INDICATOR_LABELS[self.indicator]
        measure = (
            "reported difficulties"
            if self.indicator == "difficulties"
            else "gave one of the top two ratings"
        )
        return (
            f"{label}: {self.higher_pct:.1f}% of {self.higher_n:,} respondents at "
            f"{titles.get(self.higher_event, self.higher_event)} {measure}, against "
            f"{self.lower_pct:.1f}% of {self.lower_n:,} at "
            f"{titles.get(self.lower_event, self.lower_event)} ({self.points:.1f} points apart)."
        )


def _share(row: dict, indicator: str) -> tuple[float | None, int]:
    if indicator == "difficulties":
        return row.get("difficulties_yes_pct"), int(row.get("difficulties_n") or 0)
    return row.get(f"{indicator}_top2_pct"), int(row.get(f"{indicator}_n") or 0)


def _z(p1: float, n1: int, p2: float, n2: int) -> float:
    """The pooled two-proportion z statistic of shares given in percent."""
    a, b = p1 / 100.0, p2 / 100.0
    pooled = (a * n1 + b * n2) / (n1 + n2)
    spread = math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if spread == 0:
        return 0.0
    return (a - b) / spread


def is_notable(p1: float, n1: int, p2: float, n2: int) -> bool:
    """Whether two shares (in percent, of n1 and n2 answers) differ enough to call out."""
    if min(n1, n2) < MIN_ANSWERS_TO_COMPARE:
        return False
    if abs(p1 - p2) < MIN_NOTABLE_POINTS:
        return False
    return abs(_z(p1, n1, p2, n2)) >= Z_95


def notable_differences(rows: list[dict]) -> list[NotableDifference]:
    """For each canonical indicator, the largest differences between the events compared that
    pass `is_notable`, largest first (at most MAX_CALLOUTS_PER_INDICATOR per indicator)."""
    found: list[NotableDifference] = []
    for indicator in COMPARED_INDICATORS:
        candidates = []
        for first, second in combinations(rows, 2):
            p1, n1 = _share(first, indicator)
            p2, n2 = _share(second, indicator)
            if p1 is None or p2 is None or not is_notable(p1, n1, p2, n2):
                continue
            (high, hp, hn), (low, lp, ln) = sorted(
                [(first, p1, n1), (second, p2, n2)], key=lambda item: -item[1]
            )
            candidates.append(
                NotableDifference(indicator, high["event_id"], hp, hn, low["event_id"], lp, ln)
            )
        candidates.sort(key=lambda difference: (-difference.points, difference.higher_event))
        found.extend(candidates[:MAX_CALLOUTS_PER_INDICATOR])
    return found
