"""Fixes a user makes once so that every event benefits: a country or sector value mapped by
hand, a question mapped to a canonical indicator. Each is remembered for later imports and
applied at once to the rows already imported."""

from __future__ import annotations

from surveydash import figures
from surveydash.countries import normalize_key
from surveydash.db import Database, country_reference
from surveydash.questions import CANONICAL_INDICATORS
from surveydash.sectors import SECTORS


class MappingError(ValueError):
    pass


def map_country(db: Database, raw: str, iso3: str) -> int:
    """Map a country value as written to a country (ISO3); returns the rows updated."""
    iso3 = iso3.strip().upper()
    if iso3 not in set(country_reference().countries["iso3"]):
        raise MappingError(f"'{iso3}' is not an ISO3 country code in the reference list")
    return _remember_and_apply(
        db,
        raw,
        remember="insert or replace into country_aliases (alias_key, iso3) values (?, ?)",
        value=iso3,
        raw_column="country_raw",
        unresolved="country_method in ('unrecognized', 'fuzzy')",
        resolve="country_iso3 = ?, country_method = 'user_alias', country_score = null",
        # The events' country figures count people by country: they change with the rows.
        refresh_parts=("countries",),
    )


def map_sector(db: Database, raw: str, sector: str) -> int:
    """Map a sector value as written to a report category; returns the rows updated."""
    if sector not in SECTORS:
        raise MappingError(f"'{sector}' is not one of: {'; '.join(SECTORS)}")
    return _remember_and_apply(
        db,
        raw,
        remember="insert or replace into sector_aliases (alias_key, sector) values (?, ?)",
        value=sector,
        raw_column="sector_raw",
        unresolved="sector_method = 'unmapped'",
        resolve="sector = ?, sector_method = 'user_alias'",
        refresh_parts=(),  # no stored figure counts by sector
    )


def _remember_and_apply(
    db: Database,
    raw: str,
    *,
    remember: str,
    value: str,
    raw_column: str,
    unresolved: str,
    resolve: str,
    refresh_parts: tuple[str, ...],
) -> int:
    """Remember a value's mapping (by its normalized text) for later imports, and apply it to
    the unresolved rows already imported whose value normalizes the same; returns the rows
    updated. One transaction: the mapping and its application land together."""
    key = normalize_key(raw)
    if not key:
        raise MappingError("the value to map is blank")
    updated = 0
    changed_events: set[str] = set()
    with db.writing() as cursor:
        cursor.execute(remember, [key, value])
        for table in ("registrations", "responses"):
            written = [
                row[0]
                for row in cursor.execute(
                    f"select distinct {raw_column} from {table} where {unresolved}"
                ).fetchall()
            ]
            matching = [text for text in written if normalize_key(text) == key]
            if matching:
                # One row back per row updated: its event, whose figures may change.
                events_of_updated_rows = cursor.execute(
                    f"update {table} set {resolve} "
                    f"where {unresolved} and {raw_column} in (select unnest(?::varchar[])) "
                    "returning event_id",
                    [value, matching],
                ).fetchall()
                updated += len(events_of_updated_rows)
                changed_events.update(row[0] for row in events_of_updated_rows)
        if changed_events and refresh_parts:
            figures.refresh(cursor, sorted(changed_events), refresh_parts)
    return updated


def map_question(db: Database, event_id: str, question_id: str, indicator: str | None) -> None:
    """Set (or clear, with None) the canonical indicator a question measures; remembered for
    questions with the same wording in later imports."""
    if indicator is not None and indicator not in CANONICAL_INDICATORS:
        raise MappingError(
            f"'{indicator}' is not a canonical indicator: {', '.join(CANONICAL_INDICATORS)}"
        )
    with db.writing() as cursor:
        found = cursor.execute(
            "select text from questions where event_id = ? and question_id = ?",
            [event_id, question_id],
        ).fetchall()
        if not found:
            raise MappingError(f"event '{event_id}' has no question '{question_id}'")
        cursor.execute(
            "update questions set indicator = ?, indicator_source = 'user', "
            "indicator_confidence = null where event_id = ? and question_id = ?",
            [indicator, event_id, question_id],
        )
        cursor.execute(
            "insert or replace into indicator_overrides (text_key, indicator) values (?, ?)",
            [normalize_key(found[0][0]), indicator or ""],
        )
        figures.refresh(cursor, [event_id], ("indicators",))
