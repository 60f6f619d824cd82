"""The outcome report of one event as typed data, built once from the database.

Everything that states a figure of an event renders this one model: `summary --json`, the DOCX
and the PDF (surveydash.report.documents) and the Event report page. So they cannot disagree.
`build_report` reads the queries of queries/ through `analytics`, applies the anonymity
threshold there (in one place), applies the organizer's choice of quotes, and returns frozen
dataclasses; renderers only lay them out.

To add a figure (a confidence interval of a rating, say), add a field to the dataclass that
holds it, fill it in `build_report`, and each renderer that should show it reads it there:
`summary_json` gives every field of the questions through `dataclasses.asdict`.
"""

from __future__ import annotations

import dataclasses
import math
import re
from dataclasses import dataclass

import pandas as pd

from surveydash import analytics, statistics
from surveydash.analytics import EventNotFound, GroupBreakdown, query, records
from surveydash.db import Database
from surveydash.nonresponse import (
    DimensionCheck,
    nonresponse_checks,
    weighted_by_attendee_sector,
)
from surveydash.report import sentences
from surveydash.settings import anonymity_threshold

# Without a choice of quotes, the report quotes every answer up to this many characters: an
# outcome report's "Selected Feedback" is a list of one- or two-sentence remarks, and a long
# answer (a paragraph about one person's institution) is rarely what organizers publish.
DEFAULT_QUOTE_MAX_CHARACTERS = 300
# Respondents sometimes type their own e-mail address into an open answer ("write to me at
# ..."). A report never carries one: a quoted answer shows this in its place.
EMAIL_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
EMAIL_REPLACEMENT = "[e-mail address removed]"

__all__ = ["EventNotFound", "build_report", "summary_json"]


# -- the model ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class EventDetails:
    event_id: str
    title: str
    kind: str  # what the report calls it: "Forum", "Webinar", ... ("event" when unknown)
    series: str | None
    start_date: str | None  # ISO dates
    end_date: str | None
    format: str | None
    location: str | None
    organizers: str | None
    languages: str | None


@dataclass(frozen=True)
class Headline:
    registrations: int
    registration_countries: int
    attendees: int
    attendee_countries: int
    attendance_rate: float | None  # % of registrations; None without registrations
    responses: int
    response_rate: float | None  # % of attendees; None without attendance


@dataclass(frozen=True)
class Share:
    """One group of a stage (a sector, a region, ...) with its count and share of the stage."""

    group: str
    count: int
    pct: float | None


@dataclass(frozen=True)
class StageRow:
    """One group with its registrants, attendees and respondents side by side."""

    group: str
    registrants: int
    attendees: int
    respondents: int


@dataclass(frozen=True)
class Session:
    session: str
    attendees: int


@dataclass(frozen=True)
class Participation:
    by_region: tuple[StageRow, ...]
    by_country_group: tuple[StageRow, ...]  # LDC / LLDC / SIDS as of the event's date
    by_gender: tuple[StageRow, ...]  # empty where gender was not collected
    sessions: tuple[Session, ...]  # empty unless the event had several sessions


@dataclass(frozen=True)
class ScalePoint:
    value: int
    label: str | None
    count: int
    pct: float | None


@dataclass(frozen=True)
class RatingQuestion:
    question_id: str
    position: int
    text: str
    indicator: str | None
    scale_min: int
    scale_max: int
    n: int
    mean: float | None
    top2_pct: float | None
    distribution: tuple[ScalePoint, ...]  # every point of the scale, highest first
    set_apart: int = 0  # answers that are no point of the scale ("N/A", "Don't know")
    mean_ci: tuple[float, float] | None = None  # 95% Student's t interval
    top2_ci: tuple[float, float] | None = None  # 95% Wilson interval, in percent
    score: float | None = None  # the mean on a 0-100 footing (surveydash.statistics)
    # Had the respondents mirrored the attendees' sector mix (surveydash.nonresponse): the
    # sectors the ratings-by-sector breakdown shows, weighted by their attendees.
    weighted_mean: float | None = None
    weighted_top2_pct: float | None = None
    kind: str = "rating"


@dataclass(frozen=True)
class NumberBin:
    bin_low: float
    bin_high: float
    count: int
    pct: float | None


@dataclass(frozen=True)
class NumberQuestion:
    """A question answered with numbers that are no rating (a count, an amount)."""

    question_id: str
    position: int
    text: str
    indicator: str | None
    n: int
    mean: float | None
    median: float | None
    min: float | None
    max: float | None
    set_apart: int
    bins: tuple[NumberBin, ...]
    mean_ci: tuple[float, float] | None = None  # 95% Student's t interval
    kind: str = "number"


@dataclass(frozen=True)
class YesNoQuestion:
    question_id: str
    position: int
    text: str
    indicator: str | None
    n: int
    yes: int
    no: int
    yes_pct: float | None
    no_pct: float | None
    yes_ci: tuple[float, float] | None = None  # 95% Wilson interval, in percent
    kind: str = "yes_no"


@dataclass(frozen=True)
class ChoiceOption:
    option: str
    count: int
    pct: float | None  # of the question's respondents


@dataclass(frozen=True)
class ChoiceQuestion:
    question_id: str
    position: int
    text: str
    kind: str  # single_choice or multiple_choice
    options: tuple[ChoiceOption, ...]  # most chosen first


@dataclass(frozen=True)
class Answer:
    response_id: int
    answer: str  # as the respondent wrote it
    sector: str | None  # None where the sector's group is too small to name
    selected: bool  # quoted in the report's "Selected Feedback"

    @property
    def quotable(self) -> str:
        """The answer as a report quotes it: any e-mail address in it removed."""
        return EMAIL_ADDRESS.sub(EMAIL_REPLACEMENT, self.answer)


@dataclass(frozen=True)
class TextQuestion:
    question_id: str
    position: int
    text: str
    indicator: str | None
    answers: tuple[Answer, ...]  # in response order
    # How the quotes were chosen: "chosen" (by the organizer), "all" (every answer, chosen by
    # the organizer) or "default" (no choice: every answer up to the stated length).
    selection: str
    threshold: int
    kind: str = "text"

    @property
    def quoted(self) -> tuple[Answer, ...]:
        return tuple(answer for answer in self.answers if answer.selected)

    @property
    def sectors_withheld(self) -> int:
        return sum(1 for answer in self.answers if answer.sector is None)


Question = RatingQuestion | NumberQuestion | YesNoQuestion | ChoiceQuestion | TextQuestion


@dataclass(frozen=True)
class EventReport:
    event: EventDetails
    headline: Headline
    respondents_by_sector: tuple[Share, ...]
    participation: Participation
    questions: tuple[Question, ...]  # survey order
    ratings_by_sector: tuple[GroupBreakdown, ...]  # anonymity threshold applied
    threshold: int
    # Empty where gender was not collected; decided with the sector breakdown (one rule).
    ratings_by_gender: tuple[GroupBreakdown, ...] = ()
    # The respondents' mix against the attendees' (surveydash.nonresponse), per dimension.
    nonresponse: tuple[DimensionCheck, ...] = ()
    quote_max_characters: int = DEFAULT_QUOTE_MAX_CHARACTERS

    # -- sentences ---------------------------------------------------------------------------
    @property
    def headline_sentence(self) -> str:
        """'The Forum received 693 registrations from 91 countries and was attended by 343
        participants from 50 countries.' (only what the event has)."""
        figures = self.headline
        return sentences.headline_sentence(
            self.event.kind,
            figures.registrations,
            figures.registration_countries,
            figures.attendees,
            figures.attendee_countries,
        )

    @property
    def responses_sentence(self) -> str:
        return sentences.responses_sentence(self.headline.responses)

    @property
    def introduction(self) -> str:
        """The headline sentence and the responses sentence, as the page shows them to copy."""
        return " ".join(s for s in (self.headline_sentence, self.responses_sentence) if s)

    @property
    def respondents_sentence(self) -> str:
        return sentences.composition_sentence(
            [(share.group, share.pct) for share in self.respondents_by_sector]
        )

    # -- questions by kind -------------------------------------------------------------------
    @property
    def ratings(self) -> tuple[RatingQuestion, ...]:
        return tuple(q for q in self.questions if isinstance(q, RatingQuestion))

    @property
    def numbers(self) -> tuple[NumberQuestion, ...]:
        return tuple(q for q in self.questions if isinstance(q, NumberQuestion))

    @property
    def yes_no(self) -> tuple[YesNoQuestion, ...]:
        return tuple(q for q in self.questions if isinstance(q, YesNoQuestion))

    @property
    def choices(self) -> tuple[ChoiceQuestion, ...]:
        return tuple(q for q in self.questions if isinstance(q, ChoiceQuestion))

    @property
    def text_questions(self) -> tuple[TextQuestion, ...]:
        return tuple(q for q in self.questions if isinstance(q, TextQuestion))

    @property
    def has_data(self) -> bool:
        figures = self.headline
        return bool(figures.registrations or figures.attendees or figures.responses)


# -- building it -------------------------------------------------------------------------------


def _event_details(db: Database, event_id: str) -> EventDetails:
    found = records(query(db, "event_details", event_id=event_id))
    if not found:
        raise EventNotFound(f"unknown event id '{event_id}'")
    event = found[0]
    kind = (event.pop("kind") or "").strip() or sentences.default_event_kind(event["title"])
    return EventDetails(kind=kind, **event)


def _stage_rows(frame: pd.DataFrame, group_column: str) -> tuple[StageRow, ...]:
    """One row per group with each stage's count; largest groups (by registrants) first."""
    counts: dict[str, dict[str, int]] = {}
    for row in records(frame):
        counts.setdefault(row[group_column], {})[row["stage"]] = int(row["count"] or 0)
    rows = [
        StageRow(group, *(stages.get(stage, 0) for stage in analytics.STAGES))
        for group, stages in counts.items()
    ]
    return tuple(sorted(rows, key=lambda r: (-r.registrants, -r.attendees, r.group)))


def _participation(db: Database, event_id: str) -> Participation:
    regions = query(db, "participants_by_region", event_id=event_id)
    groups = query(db, "participants_by_country_group", event_id=event_id)
    genders = query(db, "participants_by_gender", event_id=event_id)
    by_gender = _stage_rows(genders, "gender")
    if all(row.group == sentences.UNSTATED_SECTOR for row in by_gender):
        by_gender = ()  # not collected
    sessions = tuple(
        Session(str(row["session"]), int(row["attendees"]))
        for row in records(query(db, "attendance_by_session", event_id=event_id))
    )
    return Participation(
        by_region=_stage_rows(regions, "region"),
        by_country_group=tuple(
            sorted(_stage_rows(groups, "country_group"), key=lambda row: row.group)
        ),
        by_gender=by_gender,
        sessions=sessions if len(sessions) > 1 else (),
    )


def _quote_choices(db: Database, event_id: str) -> dict[str, tuple[bool, set[int]]]:
    """Per question with a choice made that still holds: (quote every answer?, the response
    ids chosen). A choice of answers none of which the survey still gives (a replaced import)
    is left out: the default applies again."""
    choices: dict[str, tuple[bool, set[int], bool]] = {}
    for row in records(query(db, "quote_choices", event_id=event_id)):
        quote_all, chosen, _ = choices.setdefault(
            row["question_id"], (row["quote_all"], set(), row["response_id"] is not None)
        )
        if row["response_id"] is not None and row["still_answered"]:
            chosen.add(int(row["response_id"]))
    return {
        question_id: (quote_all, chosen)
        for question_id, (quote_all, chosen, any_chosen) in choices.items()
        if quote_all or chosen or not any_chosen
    }


def _text_questions(
    db: Database, event_id: str, threshold: int, quote_max_characters: int
) -> list[TextQuestion]:
    choices = _quote_choices(db, event_id)
    questions = []
    for question in analytics.text_answers(db, event_id, threshold=threshold):
        if question.question_id in choices:
            quote_all, chosen = choices[question.question_id]
            selection = "all" if quote_all else "chosen"

            def is_selected(answer, quote_all=quote_all, chosen=chosen) -> bool:
                return quote_all or answer.response_id in chosen
        else:
            selection = "default"

            def is_selected(answer) -> bool:
                return len(answer.answer.strip()) <= quote_max_characters

        questions.append(
            TextQuestion(
                question_id=question.question_id,
                position=question.position,
                text=question.text,
                indicator=question.indicator,
                answers=tuple(
                    Answer(a.response_id, a.answer, a.sector, is_selected(a))
                    for a in question.answers
                ),
                selection=selection,
                threshold=threshold,
            )
        )
    return questions


def _rating_questions(db: Database, event_id: str) -> list[RatingQuestion]:
    questions = []
    for row in analytics.rating_questions(db, event_id):
        points = tuple(
            ScalePoint(int(p["value"]), p["label"], int(p["count"]), p["pct"])
            for p in row["distribution"]
        )
        n = int(row["n"] or 0)
        # The intervals come from the distribution itself: every answer is a point of the scale.
        top2 = sum(p.count for p in points if p.value >= row["scale_max"] - 1)
        questions.append(
            RatingQuestion(
                question_id=row["question_id"],
                position=row["position"],
                text=row["text"],
                indicator=row["indicator"],
                scale_min=row["scale_min"],
                scale_max=row["scale_max"],
                n=n,
                mean=row["mean"],
                top2_pct=row["top2_pct"],
                distribution=points,
                set_apart=int(row.get("set_apart") or 0),
                mean_ci=_mean_interval([(p.value, p.count) for p in points]),
                top2_ci=statistics.share_interval(top2, n),
                score=statistics.score(
                    _exact_mean([(p.value, p.count) for p in points]),
                    row["scale_min"],
                    row["scale_max"],
                ),
            )
        )
    return questions


def _exact_mean(counts: list[tuple[float, int]]) -> float | None:
    n = sum(count for _, count in counts)
    return sum(value * count for value, count in counts) / n if n else None


def _mean_interval(counts: list[tuple[float, int]]) -> tuple[float, float] | None:
    """The mean's 95% interval from the answers' values and how often each was given."""
    n = sum(count for _, count in counts)
    if n < 2:
        return None
    mean = _exact_mean(counts)
    variance = sum(count * (value - mean) ** 2 for value, count in counts) / (n - 1)
    return statistics.mean_interval(mean, math.sqrt(variance), n)


def _number_questions(db: Database, event_id: str) -> list[NumberQuestion]:
    return [
        NumberQuestion(
            question_id=row["question_id"],
            position=row["position"],
            text=row["text"],
            indicator=row["indicator"],
            n=int(row["n"] or 0),
            mean=row["mean"],
            median=row["median"],
            min=row["min"],
            max=row["max"],
            set_apart=int(row["set_apart"] or 0),
            bins=tuple(
                NumberBin(b["bin_low"], b["bin_high"], int(b["count"]), b["pct"])
                for b in row["bins"]
            ),
            mean_ci=statistics.mean_interval(row["exact_mean"], row.get("sd"), int(row["n"] or 0)),
        )
        for row in analytics.number_questions(db, event_id)
    ]


def _yes_no_questions(db: Database, event_id: str) -> list[YesNoQuestion]:
    return [
        YesNoQuestion(
            question_id=row["question_id"],
            position=row["position"],
            text=row["text"],
            indicator=row["indicator"],
            n=row["n"],
            yes=row["yes"],
            no=row["no"],
            yes_pct=row["yes_pct"],
            no_pct=row["no_pct"],
            yes_ci=statistics.share_interval(row["yes"], row["n"]),
        )
        for row in records(query(db, "yes_no_summary", event_id=event_id))
    ]


def _choice_questions(db: Database, event_id: str) -> list[ChoiceQuestion]:
    frame = query(db, "choice_distribution", event_id=event_id)
    questions = []
    for question_id, rows in frame.groupby("question_id", sort=False):
        first = records(rows.head(1))[0]
        questions.append(
            ChoiceQuestion(
                question_id=question_id,
                position=first["position"],
                text=first["text"],
                kind=first["kind"],
                options=tuple(
                    ChoiceOption(row["option"], row["count"], row["pct"]) for row in records(rows)
                ),
            )
        )
    return questions


def build_report(
    db: Database,
    event_id: str,
    *,
    threshold: int | None = None,
    quote_max_characters: int = DEFAULT_QUOTE_MAX_CHARACTERS,
) -> EventReport:
    """Everything the outcome report of one event states, read once from the database.
    Raises EventNotFound for an unknown event id."""
    threshold = anonymity_threshold() if threshold is None else threshold
    event = _event_details(db, event_id)
    headline_row = records(query(db, "event_headline", event_id=event_id))[0]
    headline = Headline(
        **{f.name: headline_row[f.name] for f in dataclasses.fields(Headline)},
    )
    by_sector = query(db, "participants_by_sector", event_id=event_id)
    respondents = by_sector[by_sector["stage"] == "respondents"]
    questions: list[Question] = [
        *_rating_questions(db, event_id),
        *_number_questions(db, event_id),
        *_yes_no_questions(db, event_id),
        *_choice_questions(db, event_id),
        *_text_questions(db, event_id, threshold, quote_max_characters),
    ]
    # One decision over every breakdown (surveydash.anonymity), whichever of them are shown.
    breakdowns = analytics.rating_breakdowns(db, event_id, threshold=threshold)
    ratings_by_sector = tuple(breakdowns["sector"])
    participation = _participation(db, event_id)
    weighted = weighted_by_attendee_sector(db, event_id, ratings_by_sector)
    questions = [
        dataclasses.replace(
            question,
            weighted_mean=weighted[question.question_id].mean,
            weighted_top2_pct=weighted[question.question_id].top2_pct,
        )
        if isinstance(question, RatingQuestion) and question.question_id in weighted
        else question
        for question in questions
    ]
    questions.sort(key=lambda question: question.position)
    return EventReport(
        event=event,
        headline=headline,
        respondents_by_sector=tuple(
            Share(row["sector"], row["count"], row["pct"]) for row in records(respondents)
        ),
        participation=participation,
        questions=tuple(questions),
        ratings_by_sector=ratings_by_sector,
        ratings_by_gender=tuple(breakdowns["gender"]) if participation.by_gender else (),
        threshold=threshold,
        nonresponse=tuple(nonresponse_checks(db, event_id)),
        quote_max_characters=quote_max_characters,
    )


# -- summary --json ------------------------------------------------------------------------------


def _question_name(question) -> str:
    """How summary --json names a question: by its canonical indicator, else by its id."""
    return question.indicator or question.question_id


def _question_json(question, leave_out: tuple[str, ...] = ()) -> dict:
    """A question's figures as `summary --json` lists them: named first, then every field but
    its kind and position (and `leave_out`)."""
    hidden = {"kind", "position", *leave_out}
    return {"question": _question_name(question)} | {
        key: value for key, value in dataclasses.asdict(question).items() if key not in hidden
    }


def summary_json(report: EventReport) -> dict:
    """The report as `surveydash summary --json` prints it (README documents its keys)."""
    event = dataclasses.asdict(report.event)
    return {
        "event": {
            key: event[key]
            for key in (
                "event_id",
                "title",
                "series",
                "start_date",
                "end_date",
                "format",
                "location",
            )
        }
        | {"id": report.event.event_id},
        **dataclasses.asdict(report.headline),
        "respondents_by_sector": [
            {"sector": share.group, "count": share.count, "pct": share.pct}
            for share in report.respondents_by_sector
        ],
        "respondents_sentence": report.respondents_sentence,
        "ratings": [_question_json(q) for q in report.ratings],
        "numbers": [_question_json(q) for q in report.numbers],
        "yes_no": [_question_json(q, leave_out=("indicator",)) for q in report.yes_no],
        "text_questions": [
            {
                "question": _question_name(q),
                "question_id": q.question_id,
                "text": q.text,
                "count": len(q.answers),
                "answers": [a.answer for a in q.answers],
                # Beside `answers`, one flag each: quoted in the report's "Selected Feedback".
                "selected": [a.selected for a in q.answers],
            }
            for q in report.text_questions
        ],
        "nonresponse": [
            {
                "dimension": check.dimension,
                "p_value": check.p_value,
                "flagged": check.flagged,
                "respondents": check.respondents,
                "attendees": check.attendees,
                "over": [dataclasses.asdict(group) for group in check.over],
                "under": [dataclasses.asdict(group) for group in check.under],
                "warning": check.warning(),
            }
            for check in report.nonresponse
        ],
    }
