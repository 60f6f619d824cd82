"""Creating events and setting what the report calls them, through the one writer's transaction."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from surveydash.db import Database

EVENT_FORMATS = ("virtual", "in-person", "hybrid")
# Ids go into URLs (?event=krila-2022) and file paths: lower-case words joined by hyphens.
EVENT_ID_PATTERN = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
# An event's kind names it in a sentence ("The Training Workshop received ..."): a word or two.
EVENT_KIND_MAX_CHARACTERS = 40


class EventError(ValueError):
    """An event that cannot be created as given; the message says which field and why."""


@dataclass(frozen=True)
class EventSpec:
    event_id: str
    title: str
    start_date: dt.date
    end_date: dt.date | None = None
    format: str | None = None
    location: str | None = None
    series: str | None = None
    organizers: str | None = None
    languages: str | None = None


def parse_date(value: str | dt.date | None, field_name: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise EventError(f"{field_name} '{value}' is not a date like 2022-09-06") from None


def validate_event(spec: EventSpec) -> EventSpec:
    """The spec with its format normalized, or EventError naming what is wrong."""
    if not EVENT_ID_PATTERN.match(spec.event_id or ""):
        raise EventError(
            f"event id '{spec.event_id}' must be lower-case letters and digits joined by "
            "hyphens, like krila-2022"
        )
    if not (spec.title or "").strip():
        raise EventError("the event needs a title")
    start = parse_date(spec.start_date, "start date")
    if start is None:
        raise EventError("the event needs a start date")
    end = parse_date(spec.end_date, "end date")
    if end is not None and end < start:
        raise EventError(f"end date {end} is before start date {start}")
    event_format = (spec.format or "").strip().lower().replace(" ", "-") or None
    if event_format == "inperson":
        event_format = "in-person"
    if event_format is not None and event_format not in EVENT_FORMATS:
        raise EventError(f"format '{spec.format}' must be one of {', '.join(EVENT_FORMATS)}")
    return EventSpec(
        spec.event_id,
        spec.title.strip(),
        start,
        end,
        event_format,
        spec.location,
        spec.series,
        spec.organizers,
        spec.languages,
    )


def add_event(db: Database, spec: EventSpec) -> EventSpec:
    """Create an event; refuses a duplicate id."""
    spec = validate_event(spec)
    with db.writing() as cursor:
        exists = cursor.execute(
            "select count(*) from events where event_id = ?", [spec.event_id]
        ).fetchall()[0][0]
        if exists:
            raise EventError(f"an event with id '{spec.event_id}' already exists")
        cursor.execute(
            "insert into events (event_id, title, series, start_date, end_date, format, "
            "location, organizers, languages) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                spec.event_id,
                spec.title,
                spec.series,
                spec.start_date,
                spec.end_date,
                spec.format,
                spec.location,
                spec.organizers,
                spec.languages,
            ],
        )
    return spec


def set_event_kind(db: Database, event_id: str, kind: str | None) -> str:
    """Set what the report calls the event ("Forum" -> "The Forum received ..."); None or ''
    goes back to the default read from the title. Returns the kind the report will use."""
    from surveydash.report.sentences import default_event_kind

    kind = (kind or "").strip() or None
    if kind is not None and (len(kind) > EVENT_KIND_MAX_CHARACTERS or "\n" in kind):
        raise EventError(
            f"kind '{kind}' must be a word or two on one line, like Forum or Webinar "
            f"(at most {EVENT_KIND_MAX_CHARACTERS} characters)"
        )
    with db.writing() as cursor:
        found = cursor.execute(
            "update events set kind = ? where event_id = ? returning title", [kind, event_id]
        ).fetchall()
        if not found:
            raise EventError(f"unknown event id '{event_id}'")
    return kind or default_event_kind(found[0][0])
