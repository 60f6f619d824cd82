"""The dashboard's only way to the database, and the only module that caches.

One `Database` is opened per process (`st.cache_resource`); every session takes cursors from
it. Reads go through `surveydash.analytics` and are cached per (read, parameters, database
version): any write (an import, a new event, a mapping fix) bumps the version, so the next
page run sees the change at once, while a page whose data did not change runs no query at
all. Results come back as copies (st.cache_data pickles them), so a page that modifies a
frame it got cannot change what other sessions see. Writes go straight to the engine's
writers, which run in one transaction each.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from surveydash import analytics, comparison, mappings, settings
from surveydash.countries import CountryReference
from surveydash.db import Database
from surveydash.events import EventSpec, add_event
from surveydash.importer import ImportOptions, ImportResult, import_file
from surveydash.readers import registered_readers
from surveydash.sectors import SECTORS

# A page run reads about twenty results per event; 600 entries hold every page of some
# twenty events at a time, a few MB, before the least recently used are dropped.
QUERY_CACHE_MAX_ENTRIES = 600
# The data version already makes results correct; the time limit only frees the memory of
# results nobody has looked at for an hour.
QUERY_CACHE_TTL_SECONDS = 3600

PARTICIPANT_BREAKDOWNS = ("sector", "country", "region", "country_group", "gender")


# -- the database ------------------------------------------------------------------------------


@st.cache_resource(show_spinner=False, on_release=lambda database: database.close())
def _open_database(path: str) -> Database:
    return Database(path)


def database_path() -> Path:
    """The database file the dashboard serves ($SURVEYDASH_DB, set by `surveydash serve`)."""
    return settings.database_path()


def database() -> Database:
    """The process's database (opened on first use; raises DatabaseError if it cannot be)."""
    return _open_database(str(database_path()))


# -- cached reads ------------------------------------------------------------------------------


def _event_table(db: Database) -> pd.DataFrame:
    event_ids = analytics.query(db, "events_list")["event_id"].tolist()
    return analytics.query(db, "events_comparison", event_ids=event_ids)


def _event_titles(db: Database) -> dict[str, str]:
    frame = analytics.query(db, "event_titles")
    # Plain lists first: zipping the columns themselves walks 20,000 Arrow strings one by one.
    return dict(zip(frame["event_id"].tolist(), frame["title"].tolist(), strict=True))


def _participants(db: Database, event_id: str, by: str) -> pd.DataFrame:
    if by not in PARTICIPANT_BREAKDOWNS:
        raise ValueError(f"participants can be broken down by {', '.join(PARTICIPANT_BREAKDOWNS)}")
    return analytics.query(db, f"participants_by_{by}", event_id=event_id)


def _first_record(db: Database, name: str, **parameters) -> dict:
    return analytics.records(analytics.query(db, name, **parameters))[0]


# Every cached read, by name. Each takes the database and keyword parameters.
_READS: dict[str, Callable[..., Any]] = {
    "event_titles": _event_titles,
    "event_details": lambda db, event_id: analytics.records(
        analytics.query(db, "event_details", event_id=event_id)
    ),
    "event_table": _event_table,
    "portfolio_totals": lambda db: _first_record(db, "portfolio_totals"),
    "event_headline": lambda db, event_id: _first_record(db, "event_headline", event_id=event_id),
    "participants": _participants,
    "rating_questions": analytics.rating_questions,
    "number_questions": analytics.number_questions,
    "yes_no": lambda db, event_id: analytics.records(
        analytics.query(db, "yes_no_summary", event_id=event_id)
    ),
    "choices": lambda db, event_id: analytics.query(db, "choice_distribution", event_id=event_id),
    "text_answers": analytics.text_answers,
    "rating_by_group": analytics.rating_by_group,
    "comparison": lambda db, event_ids: analytics.compare_events(db, list(event_ids)),
    "import_history": lambda db: analytics.query(db, "import_history"),
    "unrecognized_countries": lambda db: analytics.query(db, "unrecognized_countries"),
    "unmapped_sectors": lambda db: analytics.query(db, "unmapped_sectors"),
}


@st.cache_data(max_entries=QUERY_CACHE_MAX_ENTRIES, ttl=QUERY_CACHE_TTL_SECONDS, show_spinner=False)
def _read(_db: Database, database_file: str, version: int, name: str, parameters: tuple) -> Any:
    """One read's result, cached on (database file, data version, read name, parameters).
    `_db` is not part of the key (the leading underscore tells Streamlit not to hash it)."""
    return _READS[name](_db, **dict(parameters))


def _cached(name: str, **parameters) -> Any:
    db = database()
    return _read(db, db.path, db.data_version, name, tuple(sorted(parameters.items())))


def event_titles() -> dict[str, str]:
    """Every event's title by its id, latest first (the selectors' options)."""
    return _cached("event_titles")


def event_details(event_id: str) -> dict | None:
    """One event's title, series, dates, format and location; None when there is none."""
    found = _cached("event_details", event_id=event_id)
    return found[0] if found else None


def event_table() -> pd.DataFrame:
    """Every event with its headline figures and canonical indicators, latest first."""
    return _cached("event_table")


def portfolio_totals() -> dict:
    return _cached("portfolio_totals")


def event_headline(event_id: str) -> dict:
    return _cached("event_headline", event_id=event_id)


def participants(event_id: str, by: str) -> pd.DataFrame:
    """Registrants, attendees and respondents of an event by sector, country, region,
    country group or gender (one row per stage and group)."""
    return _cached("participants", event_id=event_id, by=by)


def participants_by_stage(event_id: str, by: str) -> pd.DataFrame:
    """One row per group (sector, region, ...) with the registrants, attendees and respondents
    in it side by side, each as a count and a share of its stage; largest groups first (sectors
    in the report's order)."""
    frame = participants(event_id, by)
    group = {"country": "country"}.get(by, by)
    wide = pd.DataFrame({"group": pd.unique(frame[group])})
    for stage in analytics.STAGES:
        rows = frame[frame["stage"] == stage].set_index(group)
        wide[stage] = wide["group"].map(rows["count"]).fillna(0).astype(int)
        wide[f"{stage}_pct"] = wide["group"].map(rows["pct"]).fillna(0.0)
    if by == "sector":
        order = {name: position for position, name in enumerate(SECTORS)}
        ranked = wide.sort_values("group", key=lambda s: s.map(order).fillna(len(order)))
        return ranked.reset_index(drop=True)
    return wide.sort_values(["registrants", "group"], ascending=[False, True]).reset_index(
        drop=True
    )


def composition_sentence(event_id: str, stage: str = "respondents") -> str:
    return analytics.composition_sentence(participants(event_id, "sector"), stage)


def rating_questions(event_id: str) -> list[dict]:
    return _cached("rating_questions", event_id=event_id)


def number_questions(event_id: str) -> list[dict]:
    return _cached("number_questions", event_id=event_id)


def yes_no(event_id: str) -> list[dict]:
    return _cached("yes_no", event_id=event_id)


def choices(event_id: str) -> pd.DataFrame:
    return _cached("choices", event_id=event_id)


def text_answers(event_id: str) -> list[analytics.TextQuestion]:
    return _cached("text_answers", event_id=event_id)


def rating_by_group(event_id: str, group_by: str) -> list[analytics.GroupBreakdown]:
    return _cached("rating_by_group", event_id=event_id, group_by=group_by)


def comparison_rows(event_ids: list[str]) -> list[dict]:
    return _cached("comparison", event_ids=tuple(event_ids))


def notable_differences(event_ids: list[str]) -> list[comparison.NotableDifference]:
    return comparison.notable_differences(comparison_rows(event_ids))


def import_history() -> pd.DataFrame:
    return _cached("import_history")


def current_import_kinds(event_id: str) -> set[str]:
    """The kinds of data (registrations, attendance, survey) an event already has."""
    history = import_history()
    current = history[(history["event_id"] == event_id) & history["replaced_by"].isna()]
    return set(current["kind"])


def unrecognized_countries() -> pd.DataFrame:
    return _cached("unrecognized_countries")


def unmapped_sectors() -> pd.DataFrame:
    return _cached("unmapped_sectors")


@st.cache_data(show_spinner=False)
def country_choices() -> list[tuple[str, str]]:
    """(ISO3, name) of every country in the reference list, by name: targets for a fix."""
    countries = CountryReference.load().countries.sort_values("name")
    return list(zip(countries["iso3"], countries["name"], strict=True))


def reader_labels() -> dict[str, str]:
    """Each file source the importer knows (generic, zoom, ...) and its label."""
    return {source: reader.label for source, reader in registered_readers().items()}


# -- writes ------------------------------------------------------------------------------------
# Each bumps the data version, which is what makes every cached read above fresh again.


def create_event(spec: EventSpec) -> EventSpec:
    return add_event(database(), spec)


def preview_import(
    path: Path, event_id: str, options: ImportOptions, file_name: str
) -> ImportResult:
    """What importing the file would do, without writing anything (a dry run that also
    reports the bad rows instead of stopping at them)."""
    dry_run = replace(options, dry_run=True, skip_bad_rows=True)
    return import_file(database(), path, event_id, dry_run, file_name=file_name)


def run_import(path: Path, event_id: str, options: ImportOptions, file_name: str) -> ImportResult:
    return import_file(
        database(), path, event_id, replace(options, dry_run=False), file_name=file_name
    )


def map_country(raw: str, iso3: str) -> int:
    return mappings.map_country(database(), raw, iso3)


def map_sector(raw: str, sector: str) -> int:
    return mappings.map_sector(database(), raw, sector)
