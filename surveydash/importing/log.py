"""Stage 7, log: what an import leaves besides the rows. One import_log row per kind, the file
of rejected rows (`--rejects`), and the column and question choices remembered for the next
file of the same layout (`saved_column_mappings`), recognised by its header's signature."""

from __future__ import annotations

import csv
import getpass
import hashlib
import json
from pathlib import Path

from surveydash.importing.context import (
    ImportContext,
    ImportOptions,
    KindReport,
    bad_rows_of,
    header_of,
)
from surveydash.readers import FileSample
from surveydash.tabular import Problem, _quote_identifier


def write_import_log(context: ImportContext, report: KindReport) -> None:
    """The import log's row for one kind: what was read, imported, rejected, left out."""
    context.cursor.execute(
        "insert into import_log (import_id, event_id, kind, source, file_name, file_sha256,"
        " rows_read, rows_imported, rows_rejected, rows_excluded, imported_by, note) "
        "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            report.import_id,
            context.event_id,
            report.kind,
            context.source,
            context.file_name,
            context.sha256,
            report.rows_read,
            report.rows_imported,
            report.rows_rejected,
            sum(report.excluded.values()),
            context.options.imported_by or _current_user(),
            json.dumps(report.excluded) if report.excluded else None,
        ],
    )


def _current_user() -> str | None:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return None


def write_rejects(cursor, rejects_path: Path, staged_kinds, problems: list[Problem]) -> None:
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
        headers = [header_of(staged, f) for f in selected] + list(staged.question_columns)
        value_columns.extend(h for h in headers if h not in value_columns)
        bad_rows = sorted(bad_rows_of(problems))
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


def apply_saved_mapping(cursor, signature: str, options: ImportOptions) -> bool:
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


def save_mapping(cursor, signature: str, source: str, kind, options: ImportOptions) -> None:
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
