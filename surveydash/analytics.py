"""The figures of outcome reports, from the queries: what the CLI prints and the pages show.

Everything here reads; nothing imports streamlit. Functions take a `Database` and return plain
Python values or DataFrames. The anonymity threshold for answer breakdowns is applied here,
in one place, so that no page can show a group that is too small by forgetting to.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from surveydash import anonymity
from surveydash.db import Database
from surveydash.queries import run_query
from surveydash.settings import anonymity_threshold

STAGES = ("registrants", "attendees", "respondents")
GROUPINGS = ("sector", "region", "country_group", "gender")
COMPARED_RATINGS = ("overall_rating", "relevance", "quality", "likely_to_apply")


class EventNotFound(LookupError):
    pass


def query(db: Database, name: str, **parameters) -> pd.DataFrame:
    """Run one query of queries/ on a cursor of its own."""
    cursor = db.cursor()
    try:
        return run_query(cursor, name, **parameters)
    finally:
        cursor.close()


def _clean(value):
    """A JSON-friendly Python value: numpy scalars unwrapped, NaN as None, dates as ISO text."""
    # A null date arrives as NaT and a null integer as NA; both would print as text otherwise.
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        # DuckDB dates arrive as midnight timestamps: give dates back as dates.
        return value.date().isoformat() if value == value.normalize() else value.isoformat()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def records(frame: pd.DataFrame, columns: list[str] | None = None) -> list[dict]:
    frame = frame if columns is None else frame[columns]
    return [
        {key: _clean(value) for key, value in row.items()}
        for row in frame.to_dict(orient="records")
    ]


def rating_questions(db: Database, event_id: str) -> list[dict]:
    """Each rating question with n, mean, top-2-box and its distribution (labels kept)."""
    summary = query(db, "rating_summary", event_id=event_id)
    distribution = query(db, "rating_distribution", event_id=event_id)
    questions = []
    for row in records(summary):
        points = distribution[distribution["question_id"] == row["question_id"]]
        questions.append(
            {
                "question": row["indicator"] or row["question_id"],
                "question_id": row["question_id"],
                "position": row["position"],
                "indicator": row["indicator"],
                "text": row["text"],
                "scale_min": row["scale_min"],
                "scale_max": row["scale_max"],
                "n": row["n"],
                "mean": row["mean"],
                "top2_pct": row["top2_pct"],
                "set_apart": row["set_apart"],
                "distribution": records(points, ["value", "label", "count", "pct"]),
            }
        )
    return questions


def number_questions(db: Database, event_id: str) -> list[dict]:
    """Each number question (a count, an amount, a measured score) with n, mean, median, range,
    the answers counted apart ("N/A") and its numbers in bins. No top-2-box: no scale."""
    summary = query(db, "number_summary", event_id=event_id)
    bins = query(db, "number_distribution", event_id=event_id)
    questions = []
    for row in records(summary):
        question_bins = bins[bins["question_id"] == row["question_id"]]
        questions.append(
            {
                "question": row["indicator"] or row["question_id"],
                "question_id": row["question_id"],
                "position": row["position"],
                "indicator": row["indicator"],
                "text": row["text"],
                "n": row["n"],
                "mean": row["mean"],
                "sd": row["sd"],
                "exact_mean": row["exact_mean"],
                "median": row["median"],
                "min": row["min"],
                "max": row["max"],
                "set_apart": row["set_apart"],
                "bins": records(question_bins, ["bin_low", "bin_high", "count", "pct"]),
            }
        )
    return questions


def event_summary(db: Database, event_id: str) -> dict:
    """Everything an outcome report states about one event (the JSON of `summary --json`),
    rendered from the one report model."""
    from surveydash.report.model import build_report, summary_json

    return summary_json(build_report(db, event_id))


def compare_events(db: Database, event_ids: list[str]) -> list[dict]:
    """One record per event: headline figures and each canonical indicator's n, mean, top-2-box."""
    known = set(query(db, "events_list")["event_id"])
    unknown = [event_id for event_id in event_ids if event_id not in known]
    if unknown:
        raise EventNotFound(f"unknown event id '{unknown[0]}'")
    frame = query(db, "events_comparison", event_ids=list(event_ids))
    order = {event_id: position for position, event_id in enumerate(event_ids)}
    rows = sorted(records(frame), key=lambda row: order[row["event_id"]])
    stored = records(query(db, "stored_indicator_figures", event_ids=list(event_ids)))
    by_event: dict[str, dict[str, dict]] = {}
    for figure in stored:
        by_event.setdefault(figure["event_id"], {})[figure["indicator"]] = figure
    for row in rows:
        row.update(indicator_footing(by_event.get(row["event_id"], {})))
    return rows


def with_overall_rating_scores(db: Database, table: pd.DataFrame) -> pd.DataFrame:
    """The events' table (one row per event, from `events_comparison`) with each event's
    overall rating on the 0-100 footing: `overall_rating_score` and its 95% interval
    (`overall_rating_score_low`, `_high`), so events rated on 1-5 and 1-10 scales plot on one
    axis. Computed for all events at once (the Overview shows every event)."""
    from surveydash import statistics

    figures = query(db, "stored_indicator_figures", event_ids=table["event_id"].tolist())
    overall = figures[figures["indicator"] == "overall_rating"].set_index("event_id")
    overall = overall.reindex(table["event_id"])
    scores, lows, highs = statistics.scores_with_intervals(
        overall["mean"].to_numpy(dtype=float, na_value=np.nan),
        overall["sd"].to_numpy(dtype=float, na_value=np.nan),
        overall["answers"].to_numpy(dtype=float, na_value=np.nan),
        overall["scale_min"].to_numpy(dtype=float, na_value=np.nan),
        overall["scale_max"].to_numpy(dtype=float, na_value=np.nan),
    )
    return table.assign(
        overall_rating_score=scores,
        overall_rating_score_low=lows,
        overall_rating_score_high=highs,
    )


def indicator_footing(figures: dict[str, dict]) -> dict:
    """For one event's stored indicator figures, what puts them on one footing with other
    events' and says how sure they are (surveydash.statistics states the rules): per rating
    indicator its scale, 0-100 score and the score's, mean's, top-2-box's and favourable
    share's 95% intervals; for difficulties, the yes share's interval. Keys are named
    `<indicator>_<figure>`; an indicator the event did not ask has them all None."""
    from surveydash import statistics
    from surveydash.comparison import COMPARED_RATINGS

    footing: dict = {}
    for indicator in COMPARED_RATINGS:
        figure = figures.get(indicator)
        n = int(figure["answers"]) if figure else 0
        low, high = (figure["scale_min"], figure["scale_max"]) if figure else (None, None)
        on_scale = n > 0 and low is not None and high is not None
        mean_ci = statistics.mean_interval(figure["mean"], figure["sd"], n) if on_scale else None
        footing |= {
            f"{indicator}_scale": [int(low), int(high)] if on_scale else None,
            f"{indicator}_score": statistics.score(figure["mean"], low, high) if on_scale else None,
            f"{indicator}_score_ci": _listed(
                statistics.score_interval(figure["mean"], figure["sd"], n, low, high)
            )
            if on_scale
            else None,
            f"{indicator}_mean_ci": list(mean_ci) if mean_ci else None,
            f"{indicator}_top2_ci": _listed(statistics.share_interval(figure["top2"], n))
            if on_scale
            else None,
            f"{indicator}_favourable": int(figure["favourable"]) if on_scale else None,
            f"{indicator}_favourable_pct": round(100 * figure["favourable"] / n, 1)
            if on_scale
            else None,
            f"{indicator}_favourable_ci": _listed(
                statistics.share_interval(figure["favourable"], n)
            )
            if on_scale
            else None,
        }
    difficulties = figures.get("difficulties")
    footing["difficulties_yes_ci"] = (
        _listed(statistics.share_interval(difficulties["yes"], difficulties["answers"]))
        if difficulties and difficulties["answers"]
        else None
    )
    return footing


def _listed(interval: tuple[float, float] | None) -> list[float] | None:
    return list(interval) if interval else None


# -- anonymity ---------------------------------------------------------------------------------


@dataclass
class GroupRating:
    group: str
    n: int
    mean: float | None
    top2_pct: float | None
    distribution: dict[int, int] = field(default_factory=dict)


@dataclass
class WithheldGroup:
    group: str
    reason: str


@dataclass
class GroupBreakdown:
    """A rating question broken down by respondent group, safe to show."""

    question_id: str
    text: str
    indicator: str | None
    shown: list[GroupRating]
    withheld: list[WithheldGroup]
    threshold: int


def _rating(group: str, counts: dict[int, int], scale_max: int) -> GroupRating:
    n = sum(counts.values())
    mean = round(sum(value * count for value, count in counts.items()) / n, 2) if n else None
    top2 = sum(count for value, count in counts.items() if value >= scale_max - 1)
    return GroupRating(group, n, mean, round(100.0 * top2 / n, 1) if n else None, dict(counts))


def rating_breakdowns(
    db: Database, event_id: str, threshold: int | None = None
) -> dict[str, list[GroupBreakdown]]:
    """Each rating question by respondent group, for every grouping at once (sector, region,
    LDC / LLDC / SIDS, gender). Which groups are shown is decided over all the groupings
    together (`surveydash.anonymity`), so that nothing shown anywhere, on its own or combined
    with anything else shown, gives away the answers of fewer than `threshold` respondents."""
    threshold = anonymity_threshold() if threshold is None else threshold
    frame = query(db, "rating_answers_with_groups", event_id=event_id)
    breakdowns: dict[str, list[GroupBreakdown]] = {group_by: [] for group_by in GROUPINGS}
    for question_id, rows in frame.groupby("question_id", sort=False):
        value_of = dict(zip(rows["response_id"], rows["value"].astype(int), strict=True))
        decision = anonymity.decide(value_of, _respondent_groups(rows), threshold)
        first = rows.iloc[0]
        scale_max = int(first["scale_max"])
        indicator = first["indicator"] if isinstance(first["indicator"], str) else None
        for group_by in GROUPINGS:
            shown = [
                _rating(group.name, _counts(group.members, value_of), scale_max)
                for group in sorted(decision.shown_in(group_by), key=_shown_order)
            ]
            withheld = [
                WithheldGroup(group.name, group.reason) for group in decision.withheld_in(group_by)
            ]
            breakdowns[group_by].append(
                GroupBreakdown(question_id, first["text"], indicator, shown, withheld, threshold)
            )
    return breakdowns


def rating_by_group(
    db: Database, event_id: str, group_by: str, threshold: int | None = None
) -> list[GroupBreakdown]:
    """Each rating question by one grouping, as decided together with the other groupings
    (`rating_breakdowns`)."""
    if group_by not in GROUPINGS:
        raise ValueError(f"group_by must be one of {', '.join(GROUPINGS)}")
    return rating_breakdowns(db, event_id, threshold)[group_by]


def _respondent_groups(rows: pd.DataFrame) -> dict[str, dict[str, set]]:
    """Each grouping's groups of one question's respondents. LDC, LLDC and SIDS overlap: a
    respondent from a country that is both is in both groups."""
    groups: dict[str, dict[str, set]] = {group_by: {} for group_by in GROUPINGS}
    for row in rows.itertuples():
        person = row.response_id
        groups["sector"].setdefault(row.sector, set()).add(person)
        groups["region"].setdefault(row.region, set()).add(person)
        groups["gender"].setdefault(row.gender, set()).add(person)
        if not row.country_known:
            country_groups = ["Not stated or unrecognized"]
        else:
            flagged = [
                name
                for name, is_in in (("LDC", row.ldc), ("LLDC", row.lldc), ("SIDS", row.sids))
                if is_in
            ]
            country_groups = flagged or ["Other countries"]
        for name in country_groups:
            groups["country_group"].setdefault(name, set()).add(person)
    return groups


def _counts(members, value_of: dict) -> dict[int, int]:
    counts: dict[int, int] = {}
    for person in members:
        counts[value_of[person]] = counts.get(value_of[person], 0) + 1
    return dict(sorted(counts.items(), reverse=True))


def _shown_order(group: anonymity.Group) -> tuple[bool, str]:
    # Named groups in alphabetical order, then "Other (fewer than k)".
    return (group.name.startswith("Other (fewer than"), group.name)


def question_labels(raw_labels: str | None) -> dict[int, str]:
    return {int(key): value for key, value in json.loads(raw_labels or "{}").items()}


# -- open answers ------------------------------------------------------------------------------


@dataclass
class TextAnswer:
    response_id: int
    answer: str
    sector: str | None  # None when the respondent's sector group is too small to name


@dataclass
class TextQuestion:
    """One open question's answers, each with its respondent's sector only where that is safe."""

    question_id: str
    position: int
    text: str
    indicator: str | None
    answers: list[TextAnswer]
    threshold: int

    @property
    def sectors_withheld(self) -> int:
        return sum(1 for answer in self.answers if answer.sector is None)


def text_answers(db: Database, event_id: str, threshold: int | None = None) -> list[TextQuestion]:
    """Each open question's answers in survey order. Beside an answer the respondent's sector
    is given only when, among that question's answers, the sector's group passes the same
    anonymity rule as rating breakdowns (`surveydash.anonymity.decide`): small sectors are
    named "Other (fewer than k)" when together they are large enough, and otherwise left
    blank, with the smallest named group when it would give them away."""
    threshold = anonymity_threshold() if threshold is None else threshold
    frame = query(db, "text_answers", event_id=event_id)
    questions = []
    for question_id, rows in frame.groupby("question_id", sort=False):
        sectors = [s if isinstance(s, str) else "Not stated" for s in rows["sector"]]
        # Each answer is one member (its position): a respondent answers a question once.
        members: dict[str, set[int]] = {}
        for position, sector in enumerate(sectors):
            members.setdefault(sector, set()).add(position)
        decision = anonymity.decide(range(len(sectors)), {"sector": members}, threshold)
        label_of = {position: group.name for group in decision.shown for position in group.members}
        answers = [
            TextAnswer(int(row.response_id), row.answer, label_of.get(position))
            for position, row in enumerate(rows.itertuples())
        ]
        first = rows.iloc[0]
        questions.append(
            TextQuestion(
                question_id,
                int(first["position"]),
                first["question"],
                first["indicator"] if isinstance(first["indicator"], str) else None,
                answers,
                threshold,
            )
        )
    return questions
