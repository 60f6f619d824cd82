"""The one writer of participant data: a file in, rows in the database, all or nothing.

`import_file` runs a pipeline of named stages, each in a module of its own:

1. detect: every reader scores the file's header and shape; the most sure one reads it
   (`surveydash.readers`);
2. read: the reader stages the file's rows (with the rows it left out, and why);
3. classify columns: what each column is, before any question is inferred
   (`importing.columns`);
4. check: e-mails, dates (one convention per column, surveydash.dates), minutes
   (`importing.checks`);
5. normalize: each distinct country, sector and answer matched once, not each row
   (`importing.normalize`);
6. write: rows into the tables, with explicit column lists (`importing.writes`);
7. log: one import_log row per kind, the rejects file, the layout's saved mapping
   (`importing.log`).

Stages 4 to 7 run inside the database's one transaction helper (`Database.writing`). Any
problem refuses the whole file with messages naming the file, row and column, unless the user
chose to leave the bad rows out (`skip_bad_rows`), which the import log records. What one
stage leaves for a later one travels in one `ImportContext` (`importing.context`).
"""

from __future__ import annotations

import dataclasses
import hashlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from surveydash import figures
from surveydash.db import Database
from surveydash.importing import checks, log, normalize, writes
from surveydash.importing.columns import classify_columns
from surveydash.importing.context import ImportContext, ImportOptions, KindReport
from surveydash.readers import KINDS, FileSample, detect_reader, reader_for
from surveydash.tabular import FileRefused, Problem, drop_all_temporary

# The pipeline's public names: what the CLI, the pages, the demo and the tests import. The
# options and a kind's report are defined with the state the stages share (importing.context).
__all__ = [
    "ImportOptions",
    "ImportResult",
    "KindReport",
    "UnknownEvent",
    "file_sha256",
    "import_file",
]


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
            "select event_id from events where event_id = ?", [event_id]
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
        # The file's digest (is it a file imported before?) is taken while the readers look at
        # the file: hashlib lets go of the interpreter while it hashes, so the two overlap
        # (a tenth of a second of a million-row import).
        with ThreadPoolExecutor(max_workers=1) as hashing:
            digest = hashing.submit(file_sha256, path)
            # 1. detect: every reader scores the file; the most sure one reads it.
            sample = FileSample.read(path, file_name)
            reader, confidence, detected_kind = _detect(sample, options, file_name)
            sha256 = digest.result()
        earlier = cursor.execute(
            "select import_id, imported_at from import_log "
            "where event_id = ? and file_sha256 = ? and replaced_by is null order by import_id",
            [event_id, sha256],
        ).fetchall()
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
        signature = log.header_signature(reader.source, sample)
        saved_mapping_applied = log.apply_saved_mapping(cursor, signature, options)
        # 2. read: the reader stages the file's rows in temporary tables of this cursor only.
        staged_kinds = reader.stage(cursor, sample, kind, options.column_overrides or None)
        # 3. classify columns: what each staged column is, before any question is inferred.
        privacy = classify_columns(cursor, staged_kinds, options, sample, reader.source, event_id)
        context = ImportContext.open(cursor, event_id, file_name, sha256, reader.source, options)
        outcome = _Outcome(event_id, file_name, reader.source, confidence, saved_mapping_applied)
        if options.dry_run:
            # A preview writes nothing: it checks and normalizes (4, 5) on this cursor's
            # temporary tables without taking the write lock, so it never holds up a writer.
            reports, problems = _check_and_normalize(context, staged_kinds, privacy)
            if options.rejects_path and problems:
                log.write_rejects(cursor, options.rejects_path, staged_kinds, problems)
            return outcome.result("dry-run", reports, problems, dry_run=True)
        # 4-7 in the database's one transaction: all or nothing, the writers queued on its lock
        # (two imports at once would otherwise both bump the data version and one fail).
        with db.writing(cursor):
            reports, problems = _check_and_normalize(context, staged_kinds, privacy)
            if options.rejects_path and problems:
                log.write_rejects(cursor, options.rejects_path, staged_kinds, problems)
            # 6. write, 7. log
            for staged, report in zip(staged_kinds, reports, strict=True):
                writes.write(context, staged, report, problems)
                log.write_import_log(context, report)
            log.save_mapping(cursor, signature, reader.source, kind, options)
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


def _check_and_normalize(context: ImportContext, staged_kinds, privacy: dict[str, dict]):
    """Stages 4 and 5: every row checked (e-mails, dates, minutes), each distinct value
    normalized once (countries, sectors, answers); refuses the file when a row is bad, unless
    bad rows may be left out. The reports say what stage 3 held back as personal data."""
    reports, problems = [], []
    for staged in staged_kinds:
        report, kind_problems = checks.check(context, staged)
        vars(report).update(privacy[staged.kind])
        kind_problems.extend(normalize.normalize(context, staged, report))
        checks.conclude(context, staged, report, kind_problems)
        reports.append(report)
        problems.extend(kind_problems)
    if problems and not context.options.skip_bad_rows:
        raise FileRefused(context.file_name, problems)
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
