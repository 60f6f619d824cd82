"""The one writer of participant data: a file in, rows in the database, all or nothing.

`import_file` runs a pipeline of named stages:

1. detect: every reader scores the file's header and shape; the most sure one reads it;
2. read: the reader stages the file's rows (with the rows it left out, and why);
3. classify columns: what each column is, before any question is inferred (`classify_columns`);
4. check: e-mails, dates (one convention per column, surveydash.dates), minutes;
5. normalize: each distinct country, sector and answer matched once, not each row;
6. write: rows into the tables, with explicit column lists;
7. log: one import_log row per kind.

Stages 4 to 7 run inside the database's one transaction helper (`Database.writing`). Any
problem refuses the whole file with messages naming the file, row and column, unless the user
chose to leave the bad rows out (`skip_bad_rows`), which the import log records.
"""

from __future__ import annotations

import csv
import dataclasses
import getpass
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from surveydash import dates, figures
from surveydash.countries import normalize_key
from surveydash.db import Database, country_reference
from surveydash.fields import DATE_FIELDS
from surveydash.personal_data import event_people, protect_staged
from surveydash.questions import (
    IDENTIFIER,
    RATING_INDICATORS,
    AnswerError,
    infer_question,
    parse_answer,
)
from surveydash.readers import (
    KINDS,
    FileSample,
    StagedKind,
    detect_reader,
    reader_for,
)
from surveydash.readers.rows import read_file_rows
from surveydash.sectors import match_sector
from surveydash.tabular import (
    FileRefused,
    Problem,
    _quote_identifier,
    drop_all_temporary,
    refuse_duplicate_headers,
)

EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
# Files up to this many rows are written sorted by row (see _KindWriter._in_file_order): far more
# rows than any file has distinct countries or sectors, few enough to sort in no time.
SORTED_IMPORT_ROWS = 50_000
# Question columns read in one query, and the cells such a read may hold at most.
QUESTION_COLUMNS_PER_READ = 200
ANSWER_CELLS_PER_READ = 2_000_000
QUESTIONS_PER_INSERT = 500


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
class ImportResult:
    status: str  # 'imported', 'unchanged' (same file again) or 'dry-run'
    event_id: str
    file_name: str
    source: str
    source_confidence: float
    kinds: list[KindReport]
    problems: list[Problem] = field(default_factory=list)  # rows left out with skip_bad_rows
    message: str = ""
    saved_mapping_applied: bool = False  # the layout's remembered column/question mapping was used


class UnknownEvent(FileRefused):
    pass


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def import_file(
    db: Database,
    path: str | Path,
    event_id: str,
    options: ImportOptions | None = None,
    *,
    file_name: str | None = None,
) -> ImportResult:
    """Import one file for one event. Returns what was imported; raises FileRefused (and
    changes nothing) when the file or any row cannot be imported."""
    # A copy: the saved mapping of the file's layout may fill in choices the caller left empty.
    options = dataclasses.replace(options or ImportOptions())
    path = Path(path)
    file_name = file_name or path.name
    if options.kind is not None and options.kind not in KINDS:
        raise FileRefused(
            file_name,
            [Problem(f"unknown kind '{options.kind}': choose registrations, attendance or survey")],
        )
    cursor = db.cursor()
    try:
        event = cursor.execute(
            "select event_id, start_date from events where event_id = ?", [event_id]
        ).fetchall()
        if not event:
            raise UnknownEvent(
                file_name,
                [
                    Problem(
                        f"unknown event id '{event_id}': add the event first (surveydash event add)"
                    )
                ],
            )
        event_date = event[0][1]
        sha256 = file_sha256(path)
        earlier = cursor.execute(
            "select import_id, imported_at from import_log "
            "where event_id = ? and file_sha256 = ? and replaced_by is null order by import_id",
            [event_id, sha256],
        ).fetchall()
        # 1. detect: every reader scores the file; the most sure one reads it.
        sample = FileSample.read(path, file_name)
        reader, confidence, detected_kind = _detect(sample, options, file_name)
        if earlier and not options.dry_run:
            when = earlier[0][1].strftime("%Y-%m-%d %H:%M")
            return ImportResult(
                "unchanged",
                event_id,
                file_name,
                reader.source,
                confidence,
                [],
                message=f"{file_name} was already imported for {event_id} "
                f"(import #{earlier[0][0]}, {when}): nothing changed.",
            )
        kind = options.kind or detected_kind
        signature = header_signature(reader.source, sample)
        saved_mapping_applied = _apply_saved_mapping(cursor, signature, options)
        # 2. read: the reader stages the file's rows in temporary tables of this cursor only.
        staged_kinds = reader.stage(cursor, sample, kind, options.column_overrides or None)
        # 3. classify columns: what each staged column is, before any question is inferred.
        privacy = classify_columns(cursor, staged_kinds, options, sample, reader.source, event_id)
        writer = _KindWriter(
            db, cursor, event_id, event_date, file_name, sha256, reader.source, options
        )
        outcome = _Outcome(event_id, file_name, reader.source, confidence, saved_mapping_applied)
        if options.dry_run:
            # A preview writes nothing: it checks and normalizes (4, 5) on this cursor's
            # temporary tables without taking the write lock, so it never holds up a writer.
            reports, problems = _check_and_normalize(
                writer, staged_kinds, options, file_name, privacy
            )
            if options.rejects_path and problems:
                _write_rejects(cursor, options.rejects_path, staged_kinds, problems)
            return outcome.result("dry-run", reports, problems, dry_run=True)
        # 4-7 in the database's one transaction: all or nothing, the writers queued on its lock
        # (two imports at once would otherwise both bump the data version and one fail).
        with db.writing(cursor):
            reports, problems = _check_and_normalize(
                writer, staged_kinds, options, file_name, privacy
            )
            if options.rejects_path and problems:
                _write_rejects(cursor, options.rejects_path, staged_kinds, problems)
            # 6. write, 7. log
            for staged, report in zip(staged_kinds, reports, strict=True):
                writer.write(staged, report, problems)
                writer.log(report)
            _save_mapping(cursor, signature, reader.source, kind, options)
            if options.on_written is not None:
                options.on_written(cursor, reports)
            written_kinds = {staged.kind for staged in staged_kinds}
            # The file's rows are written: free the memory its staged copy holds before
            # the event's figures group the event's rows by person.
            drop_all_temporary(cursor)
            figures.refresh(
                cursor,
                [event_id],
                # Attendance and survey rows both move the response rate's figures.
                ("countries", "indicators", "responses")
                if "survey" in written_kinds
                else ("countries", "responses"),
            )
        return outcome.result("imported", reports, problems)
    finally:
        cursor.close()


def _detect(sample: FileSample, options: ImportOptions, file_name: str):
    """Stage 1: the reader of the file (the one the user named, else the one most sure it made
    the file), how sure it is, and the kind it saw."""
    if options.source:
        reader = reader_for(options.source, file_name)
        confidence, kind = reader.detect(sample)
        return reader, confidence, kind
    return detect_reader(sample)


def classify_columns(
    cursor,
    staged_kinds: list[StagedKind],
    options: ImportOptions,
    sample: FileSample,
    source: str,
    event_id: str,
) -> dict[str, dict]:
    """Stage 3: what each staged column is, before any question is inferred from its answers.

    A tool's export in which a header the reader used appears twice is refused here, naming it
    (surveydash.tabular.refuse_duplicate_headers): a reader maps columns by header and would
    drop the second unseen. The generic layout has refused it already, reading the file.

    The readers have mapped the columns they know (fields, questions, columns left out). Here,
    and only here, a whole-file rule takes a column away from the questions before anything is
    stored: the personal-data classification (surveydash.personal_data: names, e-mails, phones,
    IP addresses judged by header and content) holds personal columns back, scrubs addresses
    and phone numbers out of open answers, and refuses a registration list staged as a survey
    unless the analyst confirmed it. The full names of the event's registrants and attendees
    are removed from a survey's open answers too (a survey rarely carries its respondents'
    names; the registrations do). Changes the staged kinds in place; returns, by kind, what
    it held back, kept at the analyst's request and scrubbed, for the import report."""
    file_name = sample.file_name
    for staged in staged_kinds:
        _materialize_wide_view(cursor, staged)
    if source != "generic":
        # Tools' exports are small (a generic file may hold millions of rows): read again.
        refuse_duplicate_headers(file_name, read_file_rows(sample), staged_kinds)
    has_answers = any(staged.question_columns for staged in staged_kinds)
    return protect_staged(
        cursor,
        staged_kinds,
        file_name,
        keep=options.keep_personal,
        kind_confirmed=options.kind_confirmed,
        file_headers=sample.rows[0] if sample.rows else (),
        known_people=event_people(cursor, event_id) if has_answers else (),
    )


# A staged view wider than this many question columns is copied into a table before the
# per-question stages read it: DuckDB binds every column of a view at each query (19 ms a
# query at 1,500 columns against 1.2 ms on a table), and those stages run a few queries per
# question, so a 1,500-question survey took four minutes. Wide surveys are short, so the
# copy is small; narrow files keep the view (a ten-million-row file is never copied).
WIDE_VIEW_QUESTIONS = 100


def _materialize_wide_view(cursor, staged: StagedKind) -> None:
    if len(staged.question_columns) <= WIDE_VIEW_QUESTIONS:
        return
    is_view = cursor.execute(
        "select count(*) from duckdb_views() where temporary and view_name = $name",
        {"name": staged.table},
    ).fetchone()[0]
    if is_view:
        table = f"{staged.table}_wide"
        cursor.execute(f"create or replace temp table {table} as select * from {staged.table}")
        staged.table = table


def _check_and_normalize(
    writer, staged_kinds, options: ImportOptions, file_name: str, privacy: dict[str, dict]
):
    """Stages 4 and 5: every row checked (e-mails, dates, minutes), each distinct value
    normalized once (countries, sectors, answers); refuses the file when a row is bad, unless
    bad rows may be left out. The reports say what stage 3 held back as personal data."""
    reports, problems = [], []
    for staged in staged_kinds:
        report, kind_problems = writer.check(staged)
        vars(report).update(privacy[staged.kind])
        kind_problems.extend(writer.normalize(staged, report))
        writer.conclude(staged, report, kind_problems)
        reports.append(report)
        problems.extend(kind_problems)
    if problems and not options.skip_bad_rows:
        raise FileRefused(file_name, problems)
    return reports, problems


@dataclass
class _Outcome:
    """What every result of one import shares."""

    event_id: str
    file_name: str
    source: str
    confidence: float
    saved_mapping_applied: bool

    def result(self, status, reports, problems, dry_run: bool = False) -> ImportResult:
        return ImportResult(
            status,
            self.event_id,
            self.file_name,
            self.source,
            self.confidence,
            reports,
            problems,
            _summary(self.file_name, reports, dry_run=dry_run),
            self.saved_mapping_applied,
        )


def _summary(file_name: str, reports: list[KindReport], dry_run: bool = False) -> str:
    parts = []
    for report in reports:
        verb = "would import" if dry_run else "imported"
        count = report.rows_read - report.rows_rejected - sum(report.excluded.values())
        text = f"{report.kind}: {verb} {count if dry_run else report.rows_imported} rows"
        if report.rows_rejected:
            text += f", left out {report.rows_rejected} bad rows"
        for reason, excluded in report.excluded.items():
            text += f", left out {excluded} ({reason})"
        if report.held_back:
            text += f", held back as personal data: {', '.join(report.held_back)}"
        if report.kept_by_analyst:
            text += f", kept at the analyst's request: {', '.join(report.kept_by_analyst)}"
        removed = [f"{n} {what}" for what, n in sorted(report.scrubbed.items())]
        if removed:
            text += f", removed from the text: {' and '.join(removed)}"
        parts.append(text)
    return f"{file_name}: " + "; ".join(parts)


class _KindWriter:
    """Checks and writes one staged kind inside the import's transaction."""

    def __init__(self, db, cursor, event_id, event_date, file_name, sha256, source, options):
        self.db, self.cursor = db, cursor
        self.event_id, self.event_date = event_id, event_date
        self.file_name, self.sha256, self.source, self.options = file_name, sha256, source, options
        self.salt = cursor.execute(
            "select value from meta where key = 'participant_salt'"
        ).fetchall()[0][0]
        # Question header -> its distinct answers parsed: (raw, value_num, value_text) rows.
        self.answer_maps: dict[str, list[tuple]] = {}
        # The SQL each date column is read with, chosen by the checks, used by the writes.
        self.date_sql: dict[str, str] = {}
        # Kind -> temporary table of the file's people (one row per e-mail), made by the checks.
        self.people_tables: dict[str, str] = {}

    # -- checks --------------------------------------------------------------------------------
    def _earlier_imports(self, kind: str) -> list[int]:
        return [
            row[0]
            for row in self.cursor.execute(
                "select import_id from import_log where event_id = ? and kind = ? "
                "and replaced_by is null order by import_id",
                [self.event_id, kind],
            ).fetchall()
        ]

    def refuse_if_imported_meanwhile(self, kind: str) -> None:
        """Refuse when the event has this kind from an earlier import and the user chose neither
        to replace nor to append (checked again under the write lock: another session may have
        imported meanwhile)."""
        earlier = self._earlier_imports(kind)
        if not earlier or self.options.replace or self.options.append:
            return
        raise FileRefused(
            self.file_name,
            [
                Problem(
                    f"event '{self.event_id}' already has {kind} from an earlier "
                    f"import (#{', #'.join(map(str, earlier))}): choose --replace to replace "
                    "them, or --append to add these rows to them"
                )
            ],
        )

    def check(self, staged: StagedKind) -> tuple[KindReport, list[Problem]]:
        cursor, table = self.cursor, staged.table
        # Checked first, and in a dry run too: a preview must not promise an import that the
        # real one would refuse.
        self.refuse_if_imported_meanwhile(staged.kind)
        report = KindReport(
            staged.kind,
            staged.rows_read,
            excluded=dict(staged.excluded),
            column_map=dict(staged.column_map),
        )
        problems = list(staged.problems)
        fields = set(staged.fields)
        if "email" in fields:
            header = _header_of(staged, "email")
            required = staged.kind in ("registrations", "attendance")
            # The people of the file first: one row per address, with its participant id, to
            # count them and to write contacts. Their addresses are checked here rather than
            # each row's: a file lists most people more than once, and the rows are read again
            # only when some address is blank or not an address, to say which rows.
            self._group_people(staged)
            # A survey's e-mail is optional, and what holds no '@' ("anonymous", "N/A", "no")
            # is no address at all: no respondent key, no contact, and no reason to refuse.
            given = "email <> ''" if required else "contains(email, '@')"
            suspect = cursor.execute(
                f"select count(*) filter (where {required} and coalesce(email, '') = ''), "
                f"count(*) filter (where {given} and not regexp_matches(email, "
                f"'{EMAIL_PATTERN}')) from {table}_people"
            ).fetchall()[0]
            cursor.execute(
                f"delete from {table}_people where coalesce(email, '') = '' "
                f"or not ({required} or contains(email, '@'))"
            )
        if "email" in fields and any(suspect):
            # Blanks (listed first), then addresses that are not e-mail addresses.
            for row, value, blank in cursor.execute(
                f"select _row, email, coalesce(trim(email), '') = '' as blank from {table} "
                f"where ({required} and coalesce(trim(email), '') = '') "
                f"or ({given.replace('email', 'trim(email)')} "
                f"and not regexp_matches(trim(email), '{EMAIL_PATTERN}')) "
                "order by blank desc, _row"
            ).fetchall():
                if blank:
                    problems.append(Problem("the e-mail is blank", row=row, column=header))
                else:
                    problems.append(
                        Problem(f"'{value}' is not an e-mail address", row=row, column=header)
                    )
        for field_name in sorted(fields & DATE_FIELDS):
            problems.extend(self._parse_dates(staged, field_name))
        if "minutes" in fields:
            for row, value in cursor.execute(
                f"select _row, minutes from {table} where trim(minutes) <> '' and "
                "coalesce(try_cast(trim(minutes) as double) < 0, true)"
                " order by _row"
            ).fetchall():
                problems.append(
                    Problem(
                        f"'{value}' is not a number of minutes",
                        row=row,
                        column=_header_of(staged, "minutes"),
                    )
                )
        return report, problems

    # -- normalizing -----------------------------------------------------------------------------
    def normalize(self, staged: StagedKind, report: KindReport) -> list[Problem]:
        """Each distinct country, sector and answer matched once (not each row): the maps the
        writes join on. Returns the answers that do not fit their question."""
        fields = set(staged.fields)
        if "country" in fields:
            self._map_countries(staged, report)
        if "sector" in fields:
            self._map_sectors(staged, report)
        if staged.kind == "survey":
            return self._parse_questions(staged, report)
        return []

    def conclude(self, staged: StagedKind, report: KindReport, problems: list[Problem]) -> None:
        """The report's counts of the rows that would be imported: rows rejected, people and
        countries of the other rows."""
        cursor, table = self.cursor, staged.table
        fields = set(staged.fields)
        bad_rows = {p.row for p in problems if p.row is not None}
        # Rows the reader could not parse are counted once: by their row when they have one.
        parse_failures = sum(1 for p in staged.problems if p.row is None)
        report.rows_rejected = len(bad_rows) + parse_failures
        # People and countries of the rows that would be imported, not of the bad rows.
        good = "_row not in (select unnest(?::integer[]))"
        if "email" in fields:
            if bad_rows:
                self._group_people(staged, bad_rows)
            report.people = cursor.execute(f"select count(*) from {table}_people").fetchall()[0][0]
        if "country" in fields and bad_rows:
            report.countries = cursor.execute(
                f"select count(distinct m.iso3) from {table} t join country_map m "
                f"on m.raw = t.country where {good}",
                [sorted(bad_rows)],
            ).fetchall()[0][0]
        elif "country" in fields:
            # Every row counts: the distinct countries of the distinct values, already matched.
            report.countries = cursor.execute(
                "select count(distinct iso3) from country_map"
            ).fetchall()[0][0]

    def _group_people(self, staged: StagedKind, bad_rows: set[int] | None = None) -> None:
        """The temporary table `<staged>_people`: one row per address as written (trimmed,
        lower-cased), with its participant id and the names the file gives. Without
        `bad_rows`, from every row, blank addresses included (the check counts them, then
        removes them); with it, from the other rows' non-blank addresses. The import counts
        them and writes them to contacts, so that the rows are grouped by person once. The
        rows' own participant ids are hashed again as they are written: listing each
        person's rows here to join them back cost more (0.6 CPU-s for a million rows) than
        it saved (0.2 to 0.5)."""
        table = staged.table
        first = self._optional(staged, "first_name", "any_value(first_name)")
        last = self._optional(staged, "last_name", "any_value(last_name)")
        self.people_tables[staged.kind] = f"{table}_people"
        kept = ""
        if bad_rows:
            kept = "where trim(email) <> '' and _row not in (select unnest(?::integer[]))"
        self.cursor.execute(
            f"create or replace temp table {table}_people as "
            f"select email, {self._participant_id_of_address('email')} as participant_id, "
            "first_name, last_name "
            f"from (select lower(trim(email)) as email, {first} as first_name, "
            f"{last} as last_name from {table} {kept} "
            "group by lower(trim(email)))",
            [sorted(bad_rows)] if bad_rows else [],
        )

    def _parse_dates(self, staged: StagedKind, field_name: str) -> list[Problem]:
        """Decide how the column is read (surveydash.dates: one convention for the whole
        column, decided from all its values; its formats ordered by a sample of its values)
        and list the values it cannot read. The writes parse the column with the same SQL as
        they insert (`_parsed_or_null`): the staged rows are never altered, which would cost a
        pass of its own over every row."""
        cursor, table = self.cursor, staged.table
        sample = [
            value
            for (value,) in cursor.execute(
                f"select trim({field_name}) from {table} where trim({field_name}) <> '' limit ?",
                [dates.FORMAT_SAMPLE_VALUES],
            ).fetchall()
        ]
        day_first = month_first = 0
        slashed = any(dates.is_day_or_month_first(value) for value in sample)
        if slashed:
            # Slashed dates: the whole column decides the convention, in one pass of DuckDB.
            day_first, month_first = cursor.execute(
                f"select count(*) filter (where regexp_matches({field_name}, ?)), "
                f"count(*) filter (where regexp_matches({field_name}, ?)) from {table}",
                [dates.SQL_DAY_FIRST_EVIDENCE, dates.SQL_MONTH_FIRST_EVIDENCE],
            ).fetchall()[0]
        convention = dates.convention_from_evidence(day_first, month_first)
        self.date_sql[field_name] = dates.sql_parse_expression(
            f"t.{field_name}", dates.sql_formats(convention, sample), sample
        )
        # Where day and month could be swapped, the message says how the column was read.
        read_as = f"the column is read {convention}; " if slashed else ""
        problems = []
        parsed = self.date_sql[field_name]
        for row, value in cursor.execute(
            f"select _row, {field_name} from {table} as t where trim({field_name}) <> '' "
            f"and {parsed} is null and trim({field_name}) not in "
            f"({', '.join(repr(v) for v in dates.NO_DATE_WRITTEN)}) order by _row"
        ).fetchall():
            problems.append(
                Problem(
                    f"'{value}' is not a date and time this importer can read "
                    f"({read_as}write it like 2022-09-06 14:30:00)",
                    row=row,
                    column=_header_of(staged, field_name),
                )
            )
        return problems

    def _map_countries(self, staged: StagedKind, report: KindReport) -> None:
        reference = country_reference()
        user_aliases = dict(
            self.cursor.execute("select alias_key, iso3 from country_aliases").fetchall()
        )
        counts = self.cursor.execute(
            f"select country, count(*) from {staged.table} where country is not null "
            "group by country"
        ).fetchall()
        rows = []
        for raw, count in counts:
            match = reference.match(raw, user_aliases)
            rows.append((raw, match.iso3, match.method, match.score))
            if match.method == "unrecognized":
                report.unrecognized_countries[raw] = count
            elif match.method == "fuzzy":
                report.fuzzy_countries[raw] = f"{match.iso3} (score {match.score:.0f})"
        frame = pd.DataFrame(rows, columns=["raw", "iso3", "method", "score"]).astype(
            {"raw": "object", "iso3": "object", "method": "object", "score": "float64"}
        )
        self.cursor.register("country_map_frame", frame)
        self.cursor.execute(
            "create or replace temp table country_map as select * from country_map_frame"
        )
        self.cursor.unregister("country_map_frame")

    def _map_sectors(self, staged: StagedKind, report: KindReport) -> None:
        user_aliases = dict(
            self.cursor.execute("select alias_key, sector from sector_aliases").fetchall()
        )
        counts = self.cursor.execute(
            f"select sector, count(*) from {staged.table} where sector is not null group by sector"
        ).fetchall()
        rows = []
        for raw, count in counts:
            match = match_sector(raw, user_aliases)
            rows.append((raw, match.sector, match.method))
            if match.method == "unmapped":
                report.unmapped_sectors[raw] = count
        frame = pd.DataFrame(rows, columns=["raw", "sector", "method"]).astype("object")
        self.cursor.register("sector_map_frame", frame)
        self.cursor.execute(
            f"create or replace temp table sector_map_{staged.kind} as "
            "select * from sector_map_frame"
        )
        self.cursor.unregister("sector_map_frame")

    def _parse_questions(self, staged: StagedKind, report: KindReport) -> list[Problem]:
        overrides = dict(
            self.cursor.execute("select text_key, indicator from indicator_overrides").fetchall()
        )
        problems: list[Problem] = []
        headers = list(staged.question_columns)
        rows = self.cursor.execute(f"select count(*) from {staged.table}").fetchall()[0][0]
        # A wide survey's columns are read many at a time: one query per column cost more than
        # the answers themselves once a file had hundreds of questions (1,990 questions: 36 s).
        per_read = max(1, min(QUESTION_COLUMNS_PER_READ, ANSWER_CELLS_PER_READ // max(rows, 1)))
        for first in range(0, len(headers), per_read):
            chunk = headers[first : first + per_read]
            selected = ", ".join(_quote_identifier(header) for header in chunk)
            values = self.cursor.execute(
                f"select {selected} from {staged.table} order by _row"
            ).fetchall()
            for offset, header in enumerate(chunk):
                answers = [row[offset] for row in values if row[offset] is not None]
                self._parse_question(
                    staged, first + offset + 1, header, answers, overrides, report, problems
                )
        return problems

    def _parse_question(self, staged, position, header, answers, overrides, report, problems):
        column = _quote_identifier(header)
        try:
            spec = infer_question(
                header,
                answers,
                kind=self.options.question_kinds.get(header),
                scale_name=self.options.question_scales.get(header),
            )
        except ValueError as error:  # a kind or scale the analyst named that is none
            raise FileRefused(self.file_name, [Problem(str(error), column=header)]) from None
        if spec.kind == IDENTIFIER:
            # A respondent number or a code: no question, and not stored.
            report.column_map[header] = "ignored: an identifier"
            return
        indicator, source = spec.indicator, "auto"
        if spec.kind == "number" and indicator in RATING_INDICATORS:
            # Numbers that are no rating (decimals, out of scale) would mix a count into
            # the indicator's cross-event mean: matched by wording, but not compared.
            indicator = None
        if header in self.options.question_indicators:
            indicator, source = self.options.question_indicators[header] or None, "user"
        elif normalize_key(header) in overrides:
            indicator, source = overrides[normalize_key(header)] or None, "user"
        parsed_rows, bad_values = [], {}
        answers_per_value: dict[str, int] = {}
        for raw in answers:
            answers_per_value[raw] = answers_per_value.get(raw, 0) + 1
        set_apart = 0
        for raw, count in answers_per_value.items():
            try:
                for answer in parse_answer(spec, raw):
                    parsed_rows.append((raw, answer.value_num, answer.value_text))
                    if answer.value_num is None and spec.kind in ("rating", "number", "yes_no"):
                        set_apart += count  # "N/A", "Don't know": counted apart
            except AnswerError as error:
                bad_values[raw] = str(error)
        self.answer_maps[header] = parsed_rows
        if bad_values:
            for row, value in self.cursor.execute(
                f"select _row, {column} from {staged.table} "
                f"where {column} in (select unnest(?::varchar[])) order by _row",
                [list(bad_values)],
            ).fetchall():
                problems.append(Problem(bad_values[value], row=row, column=header))
        report.questions.append(
            {
                "position": position,
                "text": header,
                "kind": spec.kind,
                "scale_min": spec.scale_min,
                "scale_max": spec.scale_max,
                "labels": {str(k): v for k, v in spec.labels.items()},
                "options": list(spec.options),
                "indicator": indicator,
                "indicator_source": source,
                "indicator_confidence": spec.indicator_confidence if source == "auto" else None,
                "answers": len(answers),
                "set_apart": set_apart,
                "scale_note": spec.scale_note,
            }
        )

    # -- writing -------------------------------------------------------------------------------
    def write(self, staged: StagedKind, report: KindReport, problems: list[Problem]) -> None:
        cursor, table, kind = self.cursor, staged.table, staged.kind
        bad_rows = sorted({p.row for p in problems if p.row is not None})
        if bad_rows:
            # The staged rows may be a view of the file (see surveydash.tabular): the rows to
            # import are copied without the bad ones rather than deleted from it.
            kept = f"{table}_kept"
            cursor.execute(
                f"create or replace temp table {kept} as select * from {table} "
                "where _row not in (select unnest(?::integer[]))",
                [bad_rows],
            )
            staged.table = table = kept
        earlier = self._earlier_imports(kind)
        import_id = cursor.execute("select nextval('import_id_seq')").fetchall()[0][0]
        report.import_id = import_id
        if earlier and self.options.replace:
            self._delete_imports(kind, earlier)
            cursor.execute(
                "update import_log set replaced_by = ? where import_id in "
                "(select unnest(?::integer[]))",
                [import_id, earlier],
            )
        if kind == "registrations":
            self._write_registrations(staged, import_id)
        elif kind == "attendance":
            self._write_attendance(staged, import_id)
        else:
            self._write_survey(staged, import_id, report)
        report.rows_imported = cursor.execute(f"select count(*) from {table}").fetchall()[0][0]

    # -- logging ---------------------------------------------------------------------------------
    def log(self, report: KindReport) -> None:
        """The import log's row for one kind: what was read, imported, rejected, left out."""
        self.cursor.execute(
            "insert into import_log (import_id, event_id, kind, source, file_name, file_sha256,"
            " rows_read, rows_imported, rows_rejected, rows_excluded, imported_by, note) "
            "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                report.import_id,
                self.event_id,
                report.kind,
                self.source,
                self.file_name,
                self.sha256,
                report.rows_read,
                report.rows_imported,
                report.rows_rejected,
                sum(report.excluded.values()),
                self.options.imported_by or _current_user(),
                json.dumps(report.excluded) if report.excluded else None,
            ],
        )

    def _delete_imports(self, kind: str, import_ids: list[int]) -> None:
        cursor = self.cursor
        if kind == "survey":
            cursor.execute(
                "delete from answers where event_id = ? and response_id in (select response_id "
                "from responses where event_id = ? and import_id in "
                "(select unnest(?::integer[])))",
                [self.event_id, self.event_id, import_ids],
            )
            cursor.execute(
                "delete from questions where event_id = ? and import_id in "
                "(select unnest(?::integer[]))",
                [self.event_id, import_ids],
            )
        table = {
            "registrations": "registrations",
            "attendance": "attendance",
            "survey": "responses",
        }[kind]
        cursor.execute(
            f"delete from {table} where event_id = ? and import_id in "
            "(select unnest(?::integer[]))",
            [self.event_id, import_ids],
        )

    def _participant_id_of_address(self, address: str) -> str:
        """SQL of the participant id of an address already trimmed and lower-cased."""
        assert all(ch in "0123456789abcdef" for ch in self.salt)
        return f"left(sha256('{self.salt}' || {address}), 32)"

    def _participant_id(self, column: str = "email") -> str:
        return self._participant_id_of_address(f"lower(trim({column}))")

    def _parsed_or_null(self, staged: StagedKind, field_name: str) -> str:
        """SQL reading a staged date column as its check chose (null when the file has no such
        column)."""
        if field_name not in staged.fields:
            return "null"
        return self.date_sql[field_name]

    def _optional(self, staged: StagedKind, field_name: str, expression: str | None = None):
        if field_name in staged.fields:
            return expression or f"t.{field_name}"
        return "null"

    def _country_columns(self, staged: StagedKind) -> str:
        if "country" not in staged.fields:
            return "null, null, null, null"
        return "t.country, cm.iso3, cm.method, cm.score"

    def _country_join(self, staged: StagedKind) -> str:
        if "country" not in staged.fields:
            return ""
        return "left join country_map cm on cm.raw = t.country"

    def _sector_columns(self, staged: StagedKind) -> str:
        if "sector" not in staged.fields:
            return "null, null, null"
        return "t.sector, sm.sector, sm.method"

    def _in_file_order(self, staged: StagedKind) -> str:
        """Rows are written in the file's order. DuckDB keeps that order through the country
        and sector lookups when the file's rows outnumber the lookup's values (the file's rows
        are then the side that streams through the join); only a small file can come out
        shuffled. Small files are therefore sorted, large ones not: sorting a million rows
        took a fifth of the memory of their import."""
        rows = self.cursor.execute(f"select count(*) from {staged.table}").fetchall()[0][0]
        return "order by t._row" if rows <= SORTED_IMPORT_ROWS else ""

    def _sector_join(self, staged: StagedKind) -> str:
        if "sector" not in staged.fields:
            return ""
        return f"left join sector_map_{staged.kind} sm on sm.raw = t.sector"

    def _write_registrations(self, staged: StagedKind, import_id: int) -> None:
        optional = self._optional
        self.cursor.execute(
            f"""
            insert into registrations (
                event_id, import_id, source_row, participant_id, registered_at,
                country_raw, country_iso3, country_method, country_score,
                sector_raw, sector, sector_method, organization, gender
            )
            select ?, ?, t._row, {self._participant_id("t.email")},
                   {self._parsed_or_null(staged, "registered_at")},
                   {self._country_columns(staged)}, {self._sector_columns(staged)},
                   {optional(staged, "organization")}, {optional(staged, "gender")}
            from {staged.table} t {self._country_join(staged)} {self._sector_join(staged)}
            {self._in_file_order(staged)}
            """,
            [self.event_id, import_id],
        )
        self._write_contacts(staged)

    def _write_contacts(self, staged: StagedKind) -> None:
        """One contacts row per person: names a file gives fill in or replace those known,
        people not yet known are added. `contacts` has no primary-key index (migration 4:
        maintaining one cost more than the rest of a large import), so this is the one place
        that keeps it to one row per participant."""
        people = self.people_tables[staged.kind]
        if {"first_name", "last_name"} & set(staged.fields):
            self.cursor.execute(
                f"""
                update contacts set
                    first_name = coalesce(people.first_name, contacts.first_name),
                    last_name = coalesce(people.last_name, contacts.last_name)
                from {people} as people
                where contacts.email = people.email
                    and (people.first_name is distinct from contacts.first_name
                            and people.first_name is not null
                        or people.last_name is distinct from contacts.last_name
                            and people.last_name is not null)
                """
            )
        self.cursor.execute(
            f"""
            insert into contacts (participant_id, email, first_name, last_name)
            select people.participant_id, people.email, people.first_name, people.last_name
            from {people} as people
            where not exists (select 1 from contacts where contacts.email = people.email)
            """
        )

    def _write_attendance(self, staged: StagedKind, import_id: int) -> None:
        optional = self._optional
        join_time = self._parsed_or_null(staged, "join_time")
        leave_time = self._parsed_or_null(staged, "leave_time")
        minutes = optional(staged, "minutes", "try_cast(trim(t.minutes) as double)")
        if "minutes" not in staged.fields and {"join_time", "leave_time"} <= set(staged.fields):
            minutes = f"date_diff('second', {join_time}, {leave_time}) / 60.0"
        self.cursor.execute(
            f"""
            insert into attendance (
                event_id, import_id, source_row, participant_id, session,
                join_time, leave_time, minutes
            )
            select ?, ?, t._row, {self._participant_id("t.email")},
                   nullif(trim({optional(staged, "session")}), ''),
                   {join_time}, {leave_time}, {minutes}
            from {staged.table} t
            {self._in_file_order(staged)}
            """,
            [self.event_id, import_id],
        )
        self._write_contacts(staged)

    def _write_survey(self, staged: StagedKind, import_id: int, report: KindReport) -> None:
        cursor = self.cursor
        # Response ids are numbered across the database in import order, not per event, so
        # that one event's answers are rows with neighbouring ids: the event's response-id
        # range then finds them by the answers table's zone maps (see migration 4).
        first_response = cursor.execute(
            "select coalesce(max(response_id), 0) from responses"
        ).fetchall()[0][0]
        email = "t.email" if "email" in staged.fields else "null"
        cursor.execute(
            f"""
            create or replace temp table staged_responses as
            select t.*, {first_response} + row_number() over (order by t._row) as response_id
            from {staged.table} t
            """
        )
        cursor.execute(
            f"""
            insert into responses (
                event_id, response_id, import_id, source_row, participant_id, submitted_at,
                country_raw, country_iso3, country_method, country_score,
                sector_raw, sector, sector_method, gender
            )
            select ?, t.response_id, ?, t._row,
                   case when contains({email}, '@') then {self._participant_id(email)} end,
                   {self._parsed_or_null(staged, "submitted_at")},
                   {self._country_columns(staged)}, {self._sector_columns(staged)},
                   {self._optional(staged, "gender")}
            from staged_responses t {self._country_join(staged)} {self._sector_join(staged)}
            order by t.response_id
            """,
            [self.event_id, import_id],
        )
        existing = dict(
            cursor.execute(
                "select text, question_id from questions where event_id = ?", [self.event_id]
            ).fetchall()
        )
        next_position = cursor.execute(
            "select coalesce(max(position), 0) from questions where event_id = ?", [self.event_id]
        ).fetchall()[0][0]
        question_ids: dict[str, str] = {}
        new_questions = []
        for question in report.questions:
            header = question["text"]
            question_id = existing.get(header)
            if question_id is None:
                next_position += 1
                question_id = f"q{next_position:02d}"
                new_questions.append(
                    [
                        self.event_id,
                        question_id,
                        next_position,
                        header,
                        question["kind"],
                        question["scale_min"],
                        question["scale_max"],
                        json.dumps(question["labels"], ensure_ascii=False),
                        json.dumps(question["options"], ensure_ascii=False),
                        question["indicator"],
                        question["indicator_source"],
                        question["indicator_confidence"],
                        import_id,
                    ]
                )
            question_ids[header] = question_id
        # Many rows an INSERT: a statement per question cost 20 ms each on a wide survey.
        for first in range(0, len(new_questions), QUESTIONS_PER_INSERT):
            batch = new_questions[first : first + QUESTIONS_PER_INSERT]
            cursor.execute(
                "insert into questions (event_id, question_id, position, text, kind, "
                "scale_min, scale_max, labels, options, indicator, indicator_source, "
                "indicator_confidence, import_id) values "
                + ", ".join(["(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"] * len(batch)),
                [value for row in batch for value in row],
            )
        if question_ids:
            self._write_answers(question_ids)
        if "email" in staged.fields:
            self._write_contacts(staged)

    def _write_answers(self, question_ids: dict[str, str]) -> None:
        """Every question's answers in one statement: the staged responses unpivoted to one
        row per answered cell, joined with each question's parsed values (a multiple choice
        cell gives a row per option). Written question by question, each in response order,
        as the questions' own inserts once did."""
        maps = pd.DataFrame(
            [
                (order, question_ids[header], header, raw, value_num, value_text)
                for order, header in enumerate(question_ids)
                for raw, value_num, value_text in self.answer_maps[header]
            ],
            columns=["question_order", "question_id", "header", "raw", "value_num", "value_text"],
        ).astype(
            {
                "question_id": "object",
                "header": "object",
                "raw": "object",
                "value_num": "float64",
                "value_text": "object",
            }
        )
        if maps.empty:
            return
        maps["map_order"] = range(len(maps))
        as_text = ", ".join(
            f"{_quote_identifier(header)}::varchar as {_quote_identifier(header)}"
            for header in question_ids
        )
        columns = ", ".join(_quote_identifier(header) for header in question_ids)
        self.cursor.register("answer_maps_frame", maps)
        try:
            self.cursor.execute(
                f"""
                insert into answers (event_id, response_id, question_id, value_num, value_text)
                select ?, u.response_id, m.question_id, m.value_num, m.value_text
                from (
                    unpivot (select response_id, {as_text} from staged_responses)
                    on {columns} into name header value raw
                ) u
                join answer_maps_frame m on m.header = u.header and m.raw = u.raw
                order by m.question_order, u.response_id, m.map_order
                """,
                [self.event_id],
            )
        finally:
            self.cursor.unregister("answer_maps_frame")


def _header_of(staged: StagedKind, field_name: str) -> str:
    for header, mapped in staged.column_map.items():
        if mapped == field_name:
            return header
    return field_name


def _current_user() -> str | None:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return None


def _write_rejects(cursor, rejects_path: Path, staged_kinds, problems: list[Problem]) -> None:
    """The rows left out, with what was wrong and the row's values as read, so that the user
    can mend and import them. Rows that could not be parsed at all are named by line."""
    rejects_path = Path(rejects_path)
    rejects_path.parent.mkdir(parents=True, exist_ok=True)
    values_by_row: dict[int, dict[str, str | None]] = {}
    value_columns: list[str] = []
    for staged in staged_kinds:
        columns = [h for h, f in staged.column_map.items()]
        # The staged fields only: a column map also lists the columns a reader left out.
        selected = list(staged.fields)
        expressions = [f"t.{f}" for f in selected] + [
            f"t.{_quote_identifier(h)}" for h in staged.question_columns
        ]
        headers = [_header_of(staged, f) for f in selected] + list(staged.question_columns)
        value_columns.extend(h for h in headers if h not in value_columns)
        bad_rows = sorted({p.row for p in problems if p.row is not None})
        if not bad_rows or not columns:
            continue
        for row in cursor.execute(
            f"select t._row, {', '.join(expressions)} from {staged.table} t "
            "where t._row in (select unnest(?::integer[]))",
            [bad_rows],
        ).fetchall():
            values_by_row.setdefault(row[0], {}).update(zip(headers, row[1:], strict=True))
    with open(rejects_path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["row", "line", "column", "problem", *value_columns])
        for problem in sorted(problems, key=lambda p: p.row or p.line or 0):
            values = values_by_row.get(problem.row, {}) if problem.row is not None else {}
            writer.writerow(
                [
                    problem.row or "",
                    problem.line or "",
                    problem.column or "",
                    problem.message,
                    *[values.get(c) or "" for c in value_columns],
                ]
            )


def header_signature(source: str, sample: FileSample) -> str:
    """A file layout's identity: its source and the set of its normalized header cells, so that
    the next export from the same form is recognised whatever the order of its columns."""
    from surveydash.readers.generic import normalize_header

    header = sample.rows[0] if sample.rows else []
    cells = sorted({normalize_header(cell) for cell in header if cell and cell.strip()})
    return hashlib.sha256("\x1f".join([source, *cells]).encode("utf-8")).hexdigest()


def _apply_saved_mapping(cursor, signature: str, options: ImportOptions) -> bool:
    """Fill the user's choices that this import does not make from the layout's saved mapping."""
    saved = cursor.execute(
        "select column_overrides, question_kinds, question_indicators "
        "from saved_column_mappings where signature = ?",
        [signature],
    ).fetchall()
    if not saved:
        return False
    column_overrides, question_kinds, question_indicators = (json.loads(v) for v in saved[0])
    applied = False
    if column_overrides and not options.column_overrides:
        options.column_overrides, applied = column_overrides, True
    if question_kinds and not options.question_kinds:
        options.question_kinds, applied = question_kinds, True
    if question_indicators and not options.question_indicators:
        options.question_indicators, applied = question_indicators, True
    return applied


def _save_mapping(cursor, signature: str, source: str, kind, options: ImportOptions) -> None:
    """Remember the user's column and question choices for files with the same header."""
    if not (options.column_overrides or options.question_kinds or options.question_indicators):
        return
    cursor.execute(
        "insert or replace into saved_column_mappings (signature, source, kind, column_overrides,"
        " question_kinds, question_indicators) values (?, ?, ?, ?, ?, ?)",
        [
            signature,
            source,
            kind,
            json.dumps(options.column_overrides, ensure_ascii=False),
            json.dumps(options.question_kinds, ensure_ascii=False),
            json.dumps(options.question_indicators, ensure_ascii=False),
        ],
    )
