"""The one writer of participant data: a file in, rows in the database, all or nothing.

`import_file` stages the file through the reader of its source, checks every row, normalizes
each distinct country, sector and answer once (not each row), and writes everything in one
transaction. Any problem refuses the whole file with messages naming the file, row and column,
unless the user chose to leave the bad rows out (`skip_bad_rows`), which the import log records.
"""

from __future__ import annotations

import csv
import dataclasses
import getpass
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from surveydash import figures
from surveydash.countries import normalize_key
from surveydash.db import Database, country_reference
from surveydash.personal_data import protect_staged
from surveydash.questions import AnswerError, QuestionSpec, infer_question, parse_answer
from surveydash.readers import (
    KINDS,
    FileSample,
    StagedKind,
    detect_reader,
    reader_for,
)
from surveydash.sectors import match_sector
from surveydash.tabular import FileRefused, Problem, _quote_identifier, drop_all_temporary

# Date and time formats tried on every date column, in this order. Day-first and month-first
# dates cannot be told apart by format alone, so a column is read month-first (as Zoom and
# Google write them) unless some of its values only make sense day-first (13/02/2022).
ISO_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M:%S.%f",
    "%Y-%m-%dT%H:%M:%SZ",
    "%Y-%m-%dT%H:%M:%S.%fZ",
    "%Y-%m-%d",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %I:%M:%S %p",
    "%Y/%m/%d %H:%M",
    "%Y/%m/%d",
]
WORDED_FORMATS = [
    "%b %d, %Y %H:%M:%S",
    "%b %d, %Y %I:%M:%S %p",
    "%b %d, %Y %I:%M %p",
    "%b %d, %Y %H:%M",
    "%b %d, %Y",
    "%d %b %Y %H:%M:%S",
    "%d %b %Y %H:%M",
    "%d %b %Y",
    "%d %B %Y",
    "%B %d, %Y",
]
MONTH_FIRST_FORMATS = [
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y",
]
DAY_FIRST_FORMATS = [
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y",
]
DATE_FIELDS = {"registered_at", "join_time", "leave_time", "submitted_at"}
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
# Files up to this many rows are written sorted by row (see _KindWriter._in_file_order): far more
# rows than any file has distinct countries or sectors, few enough to sort in no time.
SORTED_IMPORT_ROWS = 50_000


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
    # File header -> generic field, 'question' or 'ignore': the user's corrections of the guess.
    column_overrides: dict[str, str] = field(default_factory=dict)
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
    locked = False
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
        sample = FileSample.read(path, file_name)
        if options.source:
            reader = reader_for(options.source, file_name)
            confidence, detected_kind = reader.detect(sample)
        else:
            reader, confidence, detected_kind = detect_reader(sample)
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
        # Staging fills temporary tables of this cursor only; the checks and writes that follow
        # run in one transaction, so the database changes entirely or not at all.
        staged_kinds = reader.stage(cursor, sample, kind, options.column_overrides or None)
        privacy = protect_staged(
            cursor,
            staged_kinds,
            file_name,
            keep=options.keep_personal,
            kind_confirmed=options.kind_confirmed,
            file_headers=sample.rows[0] if sample.rows else (),
        )
        # Checking reads the database and fills temporary tables only: it runs without the
        # write lock, so that a preview (a dry run) never makes other sessions wait.
        writer = _KindWriter(
            db, cursor, event_id, event_date, file_name, sha256, reader.source, options
        )
        reports, problems = [], []
        for staged in staged_kinds:
            report, kind_problems = writer.check(staged)
            vars(report).update(privacy[staged.kind])
            reports.append(report)
            problems.extend(kind_problems)
        if problems and not options.skip_bad_rows:
            raise FileRefused(file_name, problems)
        if options.rejects_path and problems:
            _write_rejects(cursor, options.rejects_path, staged_kinds, problems)
        if options.dry_run:
            return ImportResult(
                "dry-run",
                event_id,
                file_name,
                reader.source,
                confidence,
                reports,
                problems,
                _summary(file_name, reports, dry_run=True),
                saved_mapping_applied,
            )
        # Writers queue on the database's lock, as Database.writing() does: two imports at once
        # would otherwise both update meta.data_version and one fail with a write conflict.
        db.write_lock.acquire()
        locked = True
        cursor.begin()
        try:
            for staged in staged_kinds:
                # Another session may have imported this kind while this file was checked.
                writer.refuse_if_imported_meanwhile(staged.kind)
            for staged, report in zip(staged_kinds, reports, strict=True):
                writer.write(staged, report, problems)
            _save_mapping(cursor, signature, reader.source, kind, options)
            written_kinds = {staged.kind for staged in staged_kinds}
            # The file's rows are written: free the memory its staged copy holds before the
            # event's figures group the event's rows by person.
            drop_all_temporary(cursor)
            figures.refresh(
                cursor,
                [event_id],
                ("countries", "indicators") if "survey" in written_kinds else ("countries",),
            )
            cursor.execute(
                "update meta set value = cast(cast(value as bigint) + 1 as varchar) "
                "where key = 'data_version'"
            )
            cursor.commit()
        except BaseException:
            cursor.rollback()
            raise
        return ImportResult(
            "imported",
            event_id,
            file_name,
            reader.source,
            confidence,
            reports,
            problems,
            _summary(file_name, reports),
            saved_mapping_applied,
        )
    finally:
        if locked:
            db.write_lock.release()
        cursor.close()


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
        self.specs: dict[str, QuestionSpec] = {}
        self.answer_maps: dict[str, pd.DataFrame] = {}
        # The formats each date column is read with, chosen by the checks, used by the writes.
        self.date_formats: dict[str, list[str]] = {}
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
            suspect = cursor.execute(
                f"select count(*) filter (where {required} and coalesce(email, '') = ''), "
                f"count(*) filter (where email <> '' and not regexp_matches(email, "
                f"'{EMAIL_PATTERN}')) from {table}_people"
            ).fetchall()[0]
            cursor.execute(f"delete from {table}_people where coalesce(email, '') = ''")
        if "email" in fields and any(suspect):
            # Blanks (listed first), then addresses that are not e-mail addresses.
            for row, value, blank in cursor.execute(
                f"select _row, email, coalesce(trim(email), '') = '' as blank from {table} "
                f"where ({required} and coalesce(trim(email), '') = '') "
                f"or (trim(email) <> '' and not regexp_matches(trim(email), '{EMAIL_PATTERN}')) "
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
        if "country" in fields:
            self._map_countries(staged, report)
        if "sector" in fields:
            self._map_sectors(staged, report)
        if staged.kind == "survey":
            problems.extend(self._parse_questions(staged, report))
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
        return report, problems

    def _group_people(self, staged: StagedKind, bad_rows: set[int] | None = None) -> None:
        """The temporary table `<staged>_people`: one row per address as written (trimmed,
        lower-cased), with its participant id and the names the file gives. Without
        `bad_rows`, from every row, blank addresses included (the check counts them, then
        removes them); with it, from the other rows' non-blank addresses. The import counts
        them and writes them to contacts, so that the rows are grouped by person once."""
        table = staged.table
        first = self._optional(staged, "first_name", "any_value(first_name)")
        last = self._optional(staged, "last_name", "any_value(last_name)")
        self.people_tables[staged.kind] = f"{table}_people"
        kept = ""
        if bad_rows:
            kept = "where trim(email) <> '' and _row not in (select unnest(?::integer[]))"
        self.cursor.execute(
            f"create or replace temp table {table}_people as "
            f"select lower(trim(email)) as email, "
            f"{self._participant_id('lower(trim(email))')} as participant_id, "
            f"{first} as first_name, {last} as last_name from {table} {kept} "
            "group by lower(trim(email))",
            [sorted(bad_rows)] if bad_rows else [],
        )

    def _parse_dates(self, staged: StagedKind, field_name: str) -> list[Problem]:
        """Choose the formats the column is read with and list the values none of them reads.
        The writes parse the column with the chosen formats as they insert (`_parsed`): the
        staged rows are never altered, which would cost a pass of its own over every row."""
        cursor, table = self.cursor, staged.table

        def failures(formats):
            return cursor.execute(
                f"select _row, {field_name} from {table} where trim({field_name}) <> '' and "
                f"try_strptime(trim({field_name}), ?) is null order by _row",
                [formats],
            ).fetchall()

        month_first = ISO_FORMATS + WORDED_FORMATS + MONTH_FIRST_FORMATS
        day_first = ISO_FORMATS + WORDED_FORMATS + DAY_FIRST_FORMATS
        formats, failing = month_first, failures(month_first)
        if failing:
            failing_day_first = failures(day_first)
            if len(failing_day_first) < len(failing):
                formats, failing = day_first, failing_day_first
        self.date_formats[field_name] = formats
        problems = []
        for row, value in failing:
            problems.append(
                Problem(
                    f"'{value}' is not a date and time this importer can read "
                    "(write it like 2022-09-06 14:30:00)",
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
        problems = []
        for position, header in enumerate(staged.question_columns, start=1):
            column = _quote_identifier(header)
            answers = [
                value
                for (value,) in self.cursor.execute(
                    f"select {column} from {staged.table} where {column} is not null order by _row"
                ).fetchall()
            ]
            spec = infer_question(header, answers, kind=self.options.question_kinds.get(header))
            indicator, source = spec.indicator, "auto"
            if header in self.options.question_indicators:
                indicator, source = self.options.question_indicators[header] or None, "user"
            elif normalize_key(header) in overrides:
                indicator, source = overrides[normalize_key(header)] or None, "user"
            self.specs[header] = spec
            parsed_rows, bad_values = [], {}
            for raw in dict.fromkeys(answers):
                try:
                    for answer in parse_answer(spec, raw):
                        parsed_rows.append((raw, answer.value_num, answer.value_text))
                except AnswerError as error:
                    bad_values[raw] = str(error)
            self.answer_maps[header] = pd.DataFrame(
                parsed_rows, columns=["raw", "value_num", "value_text"]
            ).astype({"raw": "object", "value_num": "float64", "value_text": "object"})
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
                }
            )
        return problems

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
        cursor.execute(
            "insert into import_log (import_id, event_id, kind, source, file_name, file_sha256,"
            " rows_read, rows_imported, rows_rejected, rows_excluded, imported_by, note) "
            "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                import_id,
                self.event_id,
                kind,
                self.source,
                self.file_name,
                self.sha256,
                report.rows_read,
                report.rows_imported,
                report.rows_rejected,
                sum(report.excluded.values()),
                _current_user(),
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

    def _participant_id(self, column: str = "email") -> str:
        assert all(ch in "0123456789abcdef" for ch in self.salt)
        return f"left(sha256('{self.salt}' || lower(trim({column}))), 32)"

    def _parsed_or_null(self, staged: StagedKind, field_name: str) -> str:
        """SQL reading a staged date column with the formats its check chose (null when the
        file has no such column)."""
        if field_name not in staged.fields:
            return "null"
        formats = ", ".join("'" + f.replace("'", "''") + "'" for f in self.date_formats[field_name])
        return f"try_strptime(trim(t.{field_name}), [{formats}])"

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
            insert into registrations
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
            insert into contacts
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
            insert into attendance
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
            insert into responses
            select ?, t.response_id, ?, t._row,
                   case when trim({email}) <> '' then {self._participant_id(email)} end,
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
        for question in report.questions:
            header = question["text"]
            question_id = existing.get(header)
            if question_id is None:
                next_position += 1
                question_id = f"q{next_position:02d}"
                cursor.execute(
                    "insert into questions values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
                    ],
                )
            cursor.register("answer_map_frame", self.answer_maps[header])
            cursor.execute(
                f"""
                insert into answers
                select ?, t.response_id, ?, m.value_num, m.value_text
                from staged_responses t
                join answer_map_frame m on m.raw = t.{_quote_identifier(header)}
                order by t.response_id
                """,
                [self.event_id, question_id],
            )
            cursor.unregister("answer_map_frame")
        if "email" in staged.fields:
            self._write_contacts(staged)


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
