"""Readers turn one source's file layout into the engine's rows: one reader per source.

A reader stages a file into temporary DuckDB tables in the generic layout of each kind it
holds (a Zoom attendee report holds both registrations and attendance), so that everything
after staging (checks, normalization, writing) is the same whatever tool made the file.
New sources register here; `detect_reader` picks the one whose signature fits the file best.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import duckdb

from surveydash.fields import KIND_FIELDS, KINDS, REQUIRED_FIELDS
from surveydash.tabular import FileFormat, FileRefused, Problem, detect_format, read_xlsx_rows

# The kinds and their fields are described once, in surveydash.fields; re-exported here for
# the readers that stage them.
__all__ = ["KINDS", "KIND_FIELDS", "REQUIRED_FIELDS"]


@dataclass
class StagedKind:
    """One kind of rows staged from a file, ready for the importer's checks.

    `table` is a temporary table of the staging cursor with `_row` (the row in the source file,
    for messages), one text column per generic field present, and, for surveys, one text column
    per question named as `question_columns` says."""

    kind: str
    table: str
    rows_read: int
    fields: list[str]
    column_map: dict[str, str]  # file header -> generic field or question
    problems: list[Problem] = field(default_factory=list)
    excluded: dict[str, int] = field(default_factory=dict)  # reason -> rows left out on purpose
    question_columns: list[str] = field(default_factory=list)  # survey: headers, in survey order
    # The cells of the name columns a reader leaves out, one tuple a row ("Awa", "Diop"): never
    # stored, only handed to surveydash.personal_data to remove those names from open answers.
    person_names: list[tuple[str | None, ...]] = field(default_factory=list)
    # Headers the file repeats that the reader reads knowingly, telling the columns apart by
    # position (Zoom's usage report with the meeting in every row: the host's `User Email`,
    # then the participant's), as whitespace-collapsed, case-folded keys.
    repeated_headers: frozenset[str] = frozenset()
    # Headers of the columns the reader recognised from their values, not their names (a
    # report in a language whose words it does not know): the import report lists them.
    recognised_from_values: list[str] = field(default_factory=list)
    # Question -> the kind its layout says it is (a ranking's ranks are numbers), which the
    # importer uses unless the analyst chose another.
    question_kinds: dict[str, str] = field(default_factory=dict)


@dataclass
class FileSample:
    """What readers look at to recognise a file: its format and its first rows as text."""

    path: Path
    file_name: str
    format: FileFormat
    rows: list[list[str | None]]

    @classmethod
    def read(cls, path: Path, file_name: str, max_rows: int = 40) -> FileSample:
        file_format = detect_format(path, file_name)
        if file_format.kind == "xlsx":
            rows = read_xlsx_rows(path, file_name, max_rows=max_rows)
        else:
            with open(path, encoding=file_format.encoding, newline="", errors="replace") as handle:
                text = handle.read(64 * 1024).lstrip("\ufeff")
            reader = csv.reader(io.StringIO(text), delimiter=file_format.delimiter)
            rows = []
            try:
                for row in reader:
                    rows.append([cell if cell != "" else None for cell in row])
                    if len(rows) >= max_rows:
                        break
            except csv.Error:
                pass  # a sample cut mid-quote: the rows so far are enough to recognise it
        return cls(path, file_name, file_format, rows)


class Reader(Protocol):
    source: str  # the name users pass as --source
    label: str  # what the Upload page shows

    def detect(self, sample: FileSample) -> tuple[float, str | None]:
        """How sure this reader is that it made the file (0 to 1), and the kind when it can tell."""

    def stage(
        self,
        cursor: duckdb.DuckDBPyConnection,
        sample: FileSample,
        kind: str | None,
        column_overrides: dict[str, str] | None = None,
    ) -> list[StagedKind]:
        """Stage the file's rows; raises FileRefused for a file it cannot read.
        `column_overrides` (file header -> field, 'question' or 'ignore') are the user's
        corrections of the reader's guesses, where the reader supports them."""


def registered_readers() -> dict[str, Reader]:
    """Every reader, by source name: the registry detection scores."""
    from surveydash.readers.generic import GenericReader
    from surveydash.readers.tools import TOOL_READERS

    readers: list[Reader] = [GenericReader(), *TOOL_READERS]
    return {reader.source: reader for reader in readers}


@dataclass(frozen=True)
class ReaderScore:
    """How sure one reader is that it made a file, and the kind it saw there."""

    reader: Reader
    confidence: float
    kind: str | None


def score_readers(sample: FileSample) -> list[ReaderScore]:
    """Every registered reader scored against the file's header and shape, most sure first
    (ties keep the registry's order: the generic layout, then the tools)."""
    scores = []
    for reader in registered_readers().values():
        confidence, kind = reader.detect(sample)
        scores.append(ReaderScore(reader, confidence, kind))
    return sorted(scores, key=lambda score: -score.confidence)


def detect_reader(sample: FileSample) -> tuple[Reader, float, str | None]:
    """The reader most sure it made the file, its confidence, and the kind it saw."""
    best = score_readers(sample)[0]
    return best.reader, best.confidence, best.kind


def reader_for(source: str, file_name: str) -> Reader:
    readers = registered_readers()
    if source not in readers:
        raise FileRefused(
            file_name,
            [Problem(f"unknown source '{source}': choose one of {', '.join(sorted(readers))}")],
        )
    return readers[source]


def stage_frame(
    cursor: duckdb.DuckDBPyConnection,
    frame,
    kind: str,
    *,
    rows_read: int,
    column_map: dict[str, str],
    question_columns: list[str] | None = None,
    excluded: dict[str, int] | None = None,
    problems: list[Problem] | None = None,
    person_names: list[tuple[str | None, ...]] | None = None,
    recognised_from_values: list[str] | None = None,
    question_kinds: dict[str, str] | None = None,
) -> StagedKind:
    """Stage rows a reader parsed itself (a pandas DataFrame of text) as `staged_<kind>`.

    The frame has `_row` (the row in the source file, header = row 1, for messages), the
    generic fields of the kind it holds, named as in KIND_FIELDS, and for surveys one column
    per question named by its question text (listed in `question_columns`, in survey order).
    `column_map` says which file header gave each field or question, for the detection report;
    `person_names`, the cells of the name columns the reader left out (see StagedKind).
    """
    question_columns = list(question_columns or [])
    fields = [c for c in frame.columns if c in KIND_FIELDS[kind]]
    unknown = [
        c for c in frame.columns if c != "_row" and c not in fields and c not in question_columns
    ]
    if unknown:
        raise ValueError(f"stage_frame: columns {unknown} are neither {kind} fields nor questions")
    table = f"staged_{kind}"
    text = frame.astype({c: "object" for c in frame.columns if c != "_row"})
    text = text.astype({"_row": "int32"})
    cursor.register(f"{table}_frame", text)
    selected = ["_row"] + [
        f"cast({_quote(c)} as varchar) as {_quote(c)}" for c in [*fields, *question_columns]
    ]
    cursor.execute(
        f"create or replace temp table {table} as select {', '.join(selected)} "
        f"from {table}_frame order by _row"
    )
    cursor.unregister(f"{table}_frame")
    return StagedKind(
        kind=kind,
        table=table,
        rows_read=rows_read,
        fields=fields,
        column_map=column_map,
        problems=list(problems or []),
        excluded=dict(excluded or {}),
        question_columns=question_columns,
        person_names=list(person_names or []),
        recognised_from_values=list(recognised_from_values or []),
        question_kinds=dict(question_kinds or {}),
    )


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'
