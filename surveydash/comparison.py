"""Which differences between events are worth a manager's attention.

Two events' favourable shares always differ a little; with 30 respondents a few points are
noise. A difference is called out only when it is large enough to matter and large enough,
for the two sample sizes, not to be chance (surveydash.statistics: Fisher's exact test below 30
answers, the two-proportion z-test above). Ratings are compared on their favourable share
(answers above the scale's midpoint), which means the same on a 1-5 and a 1-10 scale; rows
without it (older callers) fall back to the top-2-box share.

It also holds what managers narrow the events by (series, year, format, the M49 regions their
participants came from), one rule for the pages and `surveydash compare`. Reads nothing: works
on `compare_events` and `events_by_region` rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import pandas as pd

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

# The five regions of the UN M49 standard (the `region` of data/reference/countries_m49.csv):
# fixed by the standard, so the filters offer all of them, whether or not an event has people
# from each yet.
M49_REGIONS = ("Africa", "Americas", "Asia", "Europe", "Oceania")
EVENT_FORMATS = ("virtual", "in-person", "hybrid")
# The people of the chosen regions that the region filter adds to each event it lets through.
REGION_FIGURES = ("registrants", "attendees", "respondents")


class UnknownFilterValue(ValueError):
    pass


@dataclass(frozen=True)
class EventFilters:
    """What a manager narrows the events by. Each filter lets an event through when it matches
    any of the filter's values; an empty filter lets every event through. An event matches a
    region when people from that region attended it (or, for an event without attendance
    records, registered for it)."""

    series: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    formats: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for region in self.regions:
            if region not in M49_REGIONS:
                raise UnknownFilterValue(
                    f"unknown region '{region}': the M49 regions are {', '.join(M49_REGIONS)}"
                )
        for event_format in self.formats:
            if event_format not in EVENT_FORMATS:
                raise UnknownFilterValue(
                    f"unknown format '{event_format}': one of {', '.join(EVENT_FORMATS)}"
                )

    def __bool__(self) -> bool:
        return bool(self.series or self.years or self.formats or self.regions)

    def matching(self, events: pd.DataFrame, from_regions: pd.DataFrame | None) -> pd.DataFrame:
        """The events (rows with `event_id`, `series`, `start_date`, `format`) that pass every
        filter, in their order. When regions are chosen, `from_regions` holds the
        `events_by_region` rows of this filter's regions, and each event gets the people who
        came from them (`region_registrants`, `region_attendees`, `region_respondents`)."""
        kept = events
        if self.series:
            kept = kept[kept["series"].isin(self.series)]
        if self.years:
            kept = kept[pd.to_datetime(kept["start_date"]).dt.year.isin(self.years)]
        if self.formats:
            kept = kept[kept["format"].isin(self.formats)]
        if not self.regions:
            return kept
        reached = from_regions[from_regions["participants"] > 0].set_index("event_id")
        kept = kept[kept["event_id"].isin(reached.index)].copy()
        for figure in REGION_FIGURES:
            kept[f"region_{figure}"] = kept["event_id"].map(reached[figure]).astype(int)
        return kept

    def describe(self) -> str:
        """'series UN DESA-KRILA Forum; year 2022 or 2023; participants from Africa'."""
        parts = []
        if self.series:
            parts.append("series " + " or ".join(self.series))
        if self.years:
            parts.append("year " + " or ".join(str(year) for year in self.years))
        if self.formats:
            parts.append("format " + " or ".join(self.formats))
        if self.regions:
            parts.append("participants from " + " or ".join(self.regions))
        return "; ".join(parts) or "no filter"


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


@dataclass(frozen=True)
class IndicatorSources:
    """Which question of each event's survey Compare reads for each indicator, and the other
    questions that match the same indicator and are left out (a survey asking "overall" twice,
    say): reading both would count a respondent twice, so the first in the survey is read."""

    questions: pd.DataFrame  # `indicator_questions` rows

    def question_ids(self, event_id: str) -> dict[str, str | None]:
        """`<indicator>_question_id` for each compared indicator: the question read, or None."""
        used = self.questions[(self.questions["event_id"] == event_id) & self.questions["used"]]
        by_indicator = dict(zip(used["indicator"], used["question_id"], strict=True))
        return {
            f"{indicator}_question_id": by_indicator.get(indicator)
            for indicator in COMPARED_INDICATORS
        }

    def warnings(
        self, titles: dict[str, str] | None = None, event_ids: list[str] | None = None
    ) -> list[str]:
        """One sentence per event (of `event_ids`; None: all) and indicator that more than one
        question matches:
        'krila-2022: Overall rating is read from q01 ("How would you rate ...?"); q07
        ("Overall, ...?") also matches it and is left out.'"""
        titles = titles or {}
        compared = self.questions[self.questions["indicator"].isin(COMPARED_INDICATORS)]
        if event_ids is not None:
            compared = compared[compared["event_id"].isin(event_ids)]
        sentences = []
        for (event_id, indicator), group in compared.groupby(["event_id", "indicator"], sort=True):
            if len(group) < 2:
                continue
            read = group[group["used"]].iloc[0]
            others = group[~group["used"]]
            left_out = "; ".join(
                f'{row.question_id} ("{_shortened(row.text)}")' for row in others.itertuples()
            )
            verb = "also matches it and is" if len(others) == 1 else "also match it and are"
            sentences.append(
                f"{titles.get(event_id, event_id)}: {INDICATOR_LABELS[indicator]} is read from "
                f'{read.question_id} ("{_shortened(read.text)}"); {left_out} {verb} left out '
                f"(`surveydash map question` chooses another)."
            )
        return sentences


# Question wording runs to two lines; a warning quotes enough of it to recognise the question.
QUOTED_QUESTION_CHARACTERS = 80


def _shortened(text: str) -> str:
    text = " ".join(str(text).split())
    if len(text) <= QUOTED_QUESTION_CHARACTERS:
        return text
    return text[: QUOTED_QUESTION_CHARACTERS - 1].rstrip() + "…"


def indicator_sources(questions: pd.DataFrame) -> IndicatorSources:
    """The questions read for each indicator, from the `indicator_questions` rows."""
    return IndicatorSources(questions)


@dataclass(frozen=True)
class RegionRating:
    """One rating indicator as the respondents from one region answered it at one event, or
    why it is not shown (`withheld` is then the reason and the figures are None)."""

    indicator: str
    region: str
    n: int | None = None
    mean: float | None = None
    score: float | None = None
    score_ci: tuple[float, float] | None = None
    favourable_pct: float | None = None
    favourable_ci: tuple[float, float] | None = None
    withheld: str | None = None


def region_ratings(breakdowns: list, row: dict, regions: tuple[str, ...]) -> list[RegionRating]:
    """Per rating indicator and chosen region, the event's figures of its respondents from the
    region, taken from the event's ratings by region (`analytics.rating_by_group(..., "region")`:
    `breakdowns`) with the anonymity threshold as applied there. Compare thereby shows only
    groups the Event report shows too, never one it withholds or merges into "Other", so the
    two cannot be set against each other to recover a smaller group. `row` is the event's
    `compare_events` row with the question each indicator is read from
    (`IndicatorSources.question_ids`): it gives the question and its scale. Scores, favourable
    shares and intervals follow surveydash.statistics."""
    from surveydash import statistics

    by_question = {breakdown.question_id: breakdown for breakdown in breakdowns}
    found = []
    for indicator in COMPARED_RATINGS:
        breakdown = by_question.get(row.get(f"{indicator}_question_id"))
        scale = row.get(f"{indicator}_scale")
        if breakdown is None or not scale:
            continue
        shown = {group.group: group for group in breakdown.shown}
        withheld = {group.group: group.reason for group in breakdown.withheld}
        for region in regions:
            group = shown.get(region)
            if group is None:
                reason = withheld.get(region) or (
                    f"fewer than {breakdown.threshold} respondents (none, or counted in "
                    "“Other” on the Event report)"
                )
                found.append(RegionRating(indicator, region, withheld=f"withheld: {reason}"))
                continue
            found.append(_region_rating(indicator, region, group, scale, statistics))
    return found


def _region_rating(indicator, region, group, scale, statistics) -> RegionRating:
    counts = {int(value): int(count) for value, count in group.distribution.items()}
    low, high = scale
    n = sum(counts.values())
    mean = sum(value * count for value, count in counts.items()) / n
    sd = (
        (sum(count * (value - mean) ** 2 for value, count in counts.items()) / (n - 1)) ** 0.5
        if n > 1
        else None
    )
    favourable = sum(count for value, count in counts.items() if value > (low + high) / 2)
    return RegionRating(
        indicator,
        region,
        n=n,
        mean=round(mean, 2),
        score=statistics.score(mean, low, high),
        score_ci=statistics.score_interval(mean, sd, n, low, high),
        favourable_pct=round(100 * favourable / n, 1),
        favourable_ci=statistics.share_interval(favourable, n),
    )
