"""What one import's stages share: the caller's choices, each kind's report, and the state one
stage leaves for a later one (the date SQL the checks chose and the writes insert with, the
answer maps the normalizing builds and the writes join on, the people tables the checks group
and the writes add to contacts). Passed explicitly from stage to stage: no stage keeps state
of its own."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from surveydash.db import participant_id_sql
from surveydash.readers import StagedKind


@dataclass
class ImportOptions:
    kind: str | None = None
    source: str | None = None
    replace: bool = False
    append: bool = False
    skip_bad_rows: bool = False
    rejects_path: Path | None = None
    dry_run: bool = False
    # Survey questions: header -> kind, header -> indicator ('' for none), chosen by the user.
    question_kinds: dict[str, str] = field(default_factory=dict)
    question_indicators: dict[str, str] = field(default_factory=dict)
    # Header -> the labelled scale ('quality', 'goodness', ...) the analyst chose for a rating
    # whose labels fit several (the report's scale_note says which one was assumed).
    question_scales: dict[str, str] = field(default_factory=dict)
    # File header -> generic field, 'question' or 'ignore': the user's corrections of the guess.
    column_overrides: dict[str, str] = field(default_factory=dict)
    # Who the import log names: the signed-in e-mail or the CLI's OS user (surveydash.writes
    # sets it); None: the OS user of this process.
    imported_by: str | None = None
    # Called inside the import's transaction once its rows are written (cursor, the kinds'
    # reports): surveydash.writes records the audit entry there, so that an import and its
    # "who" commit together or not at all.
    on_written: Callable[[duckdb.DuckDBPyConnection, list[KindReport]], None] | None = None
    # Headers judged personal data that the analyst keeps as answers (see personal_data).
    keep_personal: list[str] = field(default_factory=list)
    # The analyst confirmed that a file whose columns look like a registration list is a survey.
    kind_confirmed: bool = False


@dataclass
class KindReport:
    """What one kind of rows in the file gave (or would give, in a dry run)."""

    kind: str
    rows_read: int
    rows_imported: int = 0
    rows_rejected: int = 0
    excluded: dict[str, int] = field(default_factory=dict)
    people: int = 0
    countries: int = 0
    column_map: dict[str, str] = field(default_factory=dict)
    # Columns read for what their values are, their headers being unknown (see StagedKind).
    recognised_from_values: list[str] = field(default_factory=list)
    unrecognized_countries: dict[str, int] = field(default_factory=dict)
    fuzzy_countries: dict[str, str] = field(default_factory=dict)
    unmapped_sectors: dict[str, int] = field(default_factory=dict)
    questions: list[dict] = field(default_factory=list)
    import_id: int | None = None
    # Personal data (see personal_data.protect_staged): header -> what it holds, for the columns
    # held back and those the analyst kept; e-mail addresses and phones removed from the text.
    held_back: dict[str, str] = field(default_factory=dict)
    kept_by_analyst: dict[str, str] = field(default_factory=dict)
    scrubbed: dict[str, int] = field(default_factory=dict)


@dataclass
class ImportContext:
    """One import of one file for one event, as the stages after reading see it."""

    cursor: duckdb.DuckDBPyConnection
    event_id: str
    file_name: str
    sha256: str
    source: str
    options: ImportOptions
    # The database's salt of participant ids (hex): see `participant_id_of_address`.
    salt: str
    # Question header -> its distinct answers parsed: (raw, value_num, value_text) rows.
    answer_maps: dict[str, list[tuple]] = field(default_factory=dict)
    # The SQL each date column is read with, chosen by the checks, used by the writes.
    date_sql: dict[str, str] = field(default_factory=dict)
    # Kind -> temporary table of the file's people (one row per e-mail), made by the checks.
    people_tables: dict[str, str] = field(default_factory=dict)

    @classmethod
    def open(cls, cursor, event_id, file_name, sha256, source, options) -> ImportContext:
        """The context of an import on `cursor`, with the database's participant salt."""
        salt = cursor.execute("select value from meta where key = 'participant_salt'").fetchall()[
            0
        ][0]
        return cls(cursor, event_id, file_name, sha256, source, options, salt)

    def participant_id_of_address(self, address: str) -> str:
        """SQL of the participant id of an address already trimmed and lower-cased."""
        assert all(ch in "0123456789abcdef" for ch in self.salt)
        return participant_id_sql(address, salt=f"'{self.salt}'")

    def participant_id(self, column: str = "email") -> str:
        return self.participant_id_of_address(f"lower(trim({column}))")

    def parsed_or_null(self, staged: StagedKind, field_name: str) -> str:
        """SQL reading a staged date column as its check chose (null when the file has no such
        column)."""
        if field_name not in staged.fields:
            return "null"
        return self.date_sql[field_name]

    def earlier_imports(self, kind: str) -> list[int]:
        """The event's imports of this kind that no later import replaced, oldest first."""
        return [
            row[0]
            for row in self.cursor.execute(
                "select import_id from import_log where event_id = ? and kind = ? "
                "and replaced_by is null order by import_id",
                [self.event_id, kind],
            ).fetchall()
        ]


def optional(staged: StagedKind, field_name: str, expression: str | None = None) -> str:
    """SQL of a staged field (`t.<field>`, or `expression`), or null when the file lacks it."""
    if field_name in staged.fields:
        return expression or f"t.{field_name}"
    return "null"


def header_of(staged: StagedKind, field_name: str) -> str:
    """The file's header of a staged field, as messages name the column."""
    for header, mapped in staged.column_map.items():
        if mapped == field_name:
            return header
    return field_name


def bad_rows_of(problems) -> set[int]:
    """The rows that problems name (a problem of a row that could not be parsed has none)."""
    return {p.row for p in problems if p.row is not None}
