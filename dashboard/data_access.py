"""The dashboard's only way to the database, and the only module that caches.

One `Database` is opened per process (`st.cache_resource`); every session takes cursors from
it. Reads go through `surveydash.analytics` and the report model (`surveydash.report`) and are
cached per (read, parameters, database version): any write (an import, a new event, a mapping
fix, a choice of quotes) bumps the version, so the next
page run sees the change at once, while a page whose data did not change runs no query at
all. Results come back as copies (st.cache_data pickles them), so a page that modifies a
frame it got cannot change what other sessions see. Writes go straight to the engine's
writers, which run in one transaction each. The certificate list (names and e-mail addresses)
is never cached.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from surveydash import access, analytics, audit, comparison, handover, settings, writes
from surveydash.countries import CountryReference
from surveydash.db import Database, Snapshot
from surveydash.events import EventSpec
from surveydash.importer import ImportOptions, ImportResult
from surveydash.readers import registered_readers
from surveydash.report import documents
from surveydash.report.model import EventReport, build_report
from surveydash.sectors import SECTORS

# A page run reads about twenty results per event; 600 entries hold every page of some
# twenty events at a time, a few MB, before the least recently used are dropped.
QUERY_CACHE_MAX_ENTRIES = 600
# The data version already makes results correct; the time limit only frees the memory of
# results nobody has looked at for an hour.
QUERY_CACHE_TTL_SECONDS = 3600

PARTICIPANT_BREAKDOWNS = ("sector", "country", "region", "country_group", "gender")


# -- the database ------------------------------------------------------------------------------


# The job runner of each database this process holds: commands handed over by the CLI while
# the dashboard holds the file (surveydash.handover).
_job_runners: dict[str, handover.JobRunner] = {}


def _release_database(database: Database) -> None:
    runner = _job_runners.pop(database.path, None)
    if runner is not None:
        runner.stop()
    database.close()


@st.cache_resource(show_spinner=False, on_release=_release_database)
def _open_database(path: str) -> Database:
    database = Database(path)
    if path != ":memory:":
        from surveydash import cli

        _job_runners[path] = handover.JobRunner(
            path, lambda job: cli.run_handed_over(database, job)
        ).start()
    return database


def database_path() -> Path:
    """The database file the dashboard serves ($SURVEYDASH_DB, set by `surveydash serve`)."""
    return settings.database_path()


def database() -> Database:
    """The process's database (opened on first use; raises DatabaseError if it cannot be)."""
    return _open_database(str(database_path()))


# The snapshot the current page run reads (Streamlit runs each page run in a thread of its own,
# and a context variable is the thread's own).
_page_snapshot: ContextVar[Snapshot | None] = ContextVar("page_snapshot", default=None)


@contextmanager
def page_snapshot() -> Iterator[None]:
    """Make every read of the page run in the block see one state of the database: a headline
    and a breakdown read while an import commits cannot disagree, and a cached result is keyed
    on the data version of the very state it was read from."""
    with database().snapshot() as snapshot:
        token = _page_snapshot.set(snapshot)
        try:
            yield
        finally:
            _page_snapshot.reset(token)


def _reading() -> Database | Snapshot:
    return _page_snapshot.get() or database()


# -- cached reads ------------------------------------------------------------------------------


def _event_table(db: Database) -> pd.DataFrame:
    event_ids = analytics.query(db, "events_list")["event_id"].tolist()
    table = analytics.query(db, "events_comparison", event_ids=event_ids)
    return analytics.with_overall_rating_scores(db, table)


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
    "event_table": _event_table,
    "portfolio_totals": lambda db: _first_record(db, "portfolio_totals"),
    "participants": _participants,
    "event_report": build_report,
    "report_document": lambda db, event_id, suffix: documents.render(
        _read(db, db.path, db.data_version, "event_report", (("event_id", event_id),)), suffix
    ),
    "rating_breakdowns": analytics.rating_breakdowns,
    "comparison": lambda db, event_ids: analytics.compare_events(db, list(event_ids)),
    "events_by_region": lambda db, regions: analytics.query(
        db, "events_by_region", regions=list(regions)
    ),
    "indicator_questions": lambda db, event_ids: analytics.query(
        db, "indicator_questions", event_ids=list(event_ids)
    ),
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
    db = _reading()
    return _read(db, db.path, db.data_version, name, tuple(sorted(parameters.items())))


def event_titles() -> dict[str, str]:
    """Every event's title by its id, latest first (the selectors' options)."""
    return _cached("event_titles")


def event_table() -> pd.DataFrame:
    """Every event with its headline figures and canonical indicators, latest first."""
    return _cached("event_table")


def portfolio_totals() -> dict:
    return _cached("portfolio_totals")


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


def event_report(event_id: str) -> EventReport:
    """The event's outcome report model: the figures, sentences, questions and quotes that the
    page, `summary --json` and the documents all show (raises EventNotFound)."""
    return _cached("event_report", event_id=event_id)


def report_document(event_id: str, suffix: str) -> bytes:
    """The event's outcome report as a '.docx' or '.pdf' file's bytes (kept, like every read,
    until the data changes: a second download costs nothing)."""
    return _cached("report_document", event_id=event_id, suffix=suffix)


def rating_by_group(event_id: str, group_by: str) -> list[analytics.GroupBreakdown]:
    # Every grouping is decided at once (surveydash.anonymity): one cached read serves all four.
    return _cached("rating_breakdowns", event_id=event_id)[group_by]


def comparison_rows(event_ids: list[str]) -> list[dict]:
    return _cached("comparison", event_ids=tuple(event_ids))


def notable_differences(event_ids: list[str]) -> list[comparison.NotableDifference]:
    return comparison.notable_differences(comparison_rows(event_ids))


def matching_events(filters: comparison.EventFilters) -> pd.DataFrame:
    """The events table's rows (latest first) that pass the manager's filters, with the people
    from the chosen regions when regions are chosen (surveydash.comparison.EventFilters)."""
    return filters.matching(
        event_table(), people_from_regions(filters.regions) if filters.regions else None
    )


def people_from_regions(regions: tuple[str, ...]) -> pd.DataFrame:
    """The events with people from any of the regions: their registrants, attendees,
    respondents and participants from them (read only when a region filter is set)."""
    return _cached("events_by_region", regions=tuple(sorted(regions)))


def anonymity_threshold() -> int:
    """The smallest respondent group an answer breakdown shows (k, a setting)."""
    return settings.anonymity_threshold()


def region_ratings(row: dict, regions: tuple[str, ...]) -> list[comparison.RegionRating]:
    """An event's rating indicators as its respondents from each region answered them, as its
    ratings by region show them (surveydash.comparison.region_ratings); `row` is the event's
    comparison row."""
    event_id = row["event_id"]
    return comparison.region_ratings(
        rating_by_group(event_id, "region"),
        {**row, **indicator_sources([event_id]).question_ids(event_id)},
        tuple(regions),
    )


def indicator_sources(event_ids: list[str]) -> comparison.IndicatorSources:
    """Which question of each event Compare reads for each indicator, and those left out."""
    return comparison.indicator_sources(_cached("indicator_questions", event_ids=tuple(event_ids)))


def import_history() -> pd.DataFrame:
    return _cached("import_history")


def current_import_kinds(event_id: str) -> set[str]:
    """The kinds of data (registrations, attendance, survey) an event already has."""
    history = import_history()
    current = history[(history["event_id"] == event_id) & history["replaced_by"].isna()]
    return set(current["kind"])


def event_people(event_id: str) -> list[tuple[str | None, str | None]]:
    """The names of the event's registrants and attendees, for the Upload preview to remove
    from the answers it shows (never cached: personal data stays out of the shared cache)."""
    from surveydash.personal_data import event_people as names_of

    cursor = _reading().cursor()
    try:
        return names_of(cursor, event_id)
    finally:
        cursor.close()


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


# -- who is acting --------------------------------------------------------------------------------


def role_of(actor: access.Actor) -> str | None:
    """The actor's role as the database says now (not cached: read on every run)."""
    return access.role_of(database(), actor)


def may(action: str) -> bool:
    """Whether the visitor's role, as the database says now, allows the action (pages hide what
    it does not; the engine checks again when the write comes)."""
    return access.may(role_of(_actor()), action)


def _actor() -> access.Actor:
    from dashboard import signin

    return signin.current_actor()


# -- writes ------------------------------------------------------------------------------------
# Each goes through surveydash.writes, which checks the visitor's role again and records the
# change in the audit trail. Each bumps the data version, which is what makes every cached
# read above fresh again.


def create_event(spec: EventSpec) -> EventSpec:
    return writes.create_event(database(), _actor(), spec)


def preview_import(
    path: Path, event_id: str, options: ImportOptions, file_name: str
) -> ImportResult:
    """What importing the file would do, without writing anything (a dry run that also
    reports the bad rows instead of stopping at them)."""
    dry_run = replace(options, dry_run=True, skip_bad_rows=True)
    return writes.import_data(database(), _actor(), path, event_id, dry_run, file_name=file_name)


def run_import(path: Path, event_id: str, options: ImportOptions, file_name: str) -> ImportResult:
    return writes.import_data(
        database(), _actor(), path, event_id, replace(options, dry_run=False), file_name=file_name
    )


def map_country(raw: str, iso3: str) -> int:
    return writes.map_country(database(), _actor(), raw, iso3)


def map_sector(raw: str, sector: str) -> int:
    return writes.map_sector(database(), _actor(), raw, sector)


def save_quote_choice(
    event_id: str, question_id: str, *, quote_all: bool = False, response_ids=()
) -> None:
    writes.save_quote_choice(
        database(), _actor(), event_id, question_id, quote_all=quote_all, response_ids=response_ids
    )


def clear_quote_choice(event_id: str, question_id: str) -> None:
    writes.clear_quote_choice(database(), _actor(), event_id, question_id)


def set_event_kind(event_id: str, kind: str | None) -> str:
    return writes.set_event_kind(database(), _actor(), event_id, kind)


def set_certificate_rule(event_id: str, rule: str, minimum: int):
    return writes.set_certificate_rule(database(), _actor(), event_id, rule, minimum)


# -- personal data: never cached -------------------------------------------------------------------
# The certificate list carries names and e-mail addresses: it is read when asked for (and the
# engine logs and audits each time), never kept in the cache that every session shares.


def certificate_rule(event_id: str):
    from surveydash import certificates

    return certificates.certificate_rule(database(), event_id)


def certificate_recipients(event_id: str, purpose: str) -> pd.DataFrame:
    return writes.certificate_recipients(database(), _actor(), event_id, purpose=purpose)


# -- the admin page: reads of its own, never cached (they are small and must be current) --------


def users() -> list[dict]:
    access.require(database(), _actor(), "users")
    return access.list_users(database())


def audit_trail(limit: int) -> list[dict]:
    access.require(database(), _actor(), "audit.read")
    return audit.entries(database(), limit)


def add_user(email: str, role: str) -> str:
    return writes.add_user(database(), _actor(), email, role)


def remove_user(email: str) -> None:
    writes.remove_user(database(), _actor(), email)


def undo_import(import_id: int) -> dict:
    return writes.undo_import(database(), _actor(), import_id)


def edit_event(event_id: str, **changes) -> dict:
    return writes.edit_event(database(), _actor(), event_id, **changes)


def delete_event(event_id: str) -> dict[str, int]:
    return writes.delete_event(database(), _actor(), event_id)


def erase_person(email: str):
    return writes.erase_person(database(), _actor(), email)
