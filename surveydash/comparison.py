"""Which differences between events are worth a manager's attention.

Two events' favourable shares always differ a little; with 30 respondents a few points are
noise. A difference is called out only when it is large enough to matter and large enough,
for the two sample sizes, not to be chance (surveydash.statistics: Fisher's exact test below 30
answers, the two-proportion z-test above). Ratings are compared on their favourable share
(answers above the scale's midpoint), which means the same on a 1-5 and a 1-10 scale; rows
without it (older callers) fall back to the top-2-box share. Reads nothing: works on
`compare_events` rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

from surveydash.questions import INDICATOR_LABELS
from surveydash.statistics import shares_differ_p

COMPARED_RATINGS = ("overall_rating", "relevance", "quality", "likely_to_apply")
COMPARED_INDICATORS = (*COMPARED_RATINGS, "difficulties")

# Below ten percentage points a difference in top-2-box share rarely changes what an
# organizer does next, however many people answered.
MIN_NOTABLE_POINTS = 10.0
# A difference whose p-value is below this is unlikely (one chance in twenty) to come from
# sampling alone.
SIGNIFICANCE = 0.05
# Below this many answers a single respondent moves the share by more than ten points: such
# events are not compared.
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
        """'Overall rating: 87.5% of 32 respondents at A gave a favourable rating,
        against 60.2% of 118 at B (27.3 points apart).'"""
        label = INDICATOR_LABELS[self.indicator]
        measure = (
            "reported difficulties"
            if self.indicator == "difficulties"
            else "gave a favourable rating (above the scale's midpoint)"
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
    share = row.get(f"{indicator}_favourable_pct")
    if share is None:
        share = row.get(f"{indicator}_top2_pct")
    return share, int(row.get(f"{indicator}_n") or 0)


def is_notable(p1: float, n1: int, p2: float, n2: int) -> bool:
    """Whether two shares (in percent, of n1 and n2 answers) differ enough to call out."""
    if min(n1, n2) < MIN_ANSWERS_TO_COMPARE:
        return False
    if abs(p1 - p2) < MIN_NOTABLE_POINTS:
        return False
    # The shares are rounded to a tenth of a point: the counts they came from are the nearest.
    k1, k2 = round(p1 * n1 / 100), round(p2 * n2 / 100)
    return shares_differ_p(k1, n1, k2, n2) < SIGNIFICANCE


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
