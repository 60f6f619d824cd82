"""Reading a user's CSV or XLSX file into a DuckDB table of text, refusing what is not one.

CSV files are read by DuckDB itself (fast, streaming), with the encoding and delimiter decided
here first: DuckDB's own auto-detection reads a ragged file as one text column without an
error, and needs the encoding spelled out. Files that are not UTF-8 are transcoded to a
temporary UTF-8 copy, so that cp1252's curly quotes and UTF-16's everything arrive intact.
XLSX workbooks are read with openpyxl (DuckDB's Excel extension is not available offline).
Every value stays text: nothing is converted until the importer checks it.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import os
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

# Enough lines to see the header and a few rows for choosing a delimiter; a preamble (Zoom's
# reports) is handled by the readers that expect one.
SNIFF_BYTES = 64 * 1024
DELIMITER_CANDIDATES = (",", ";", "\t", "|")
# How many problems an error message lists before saying "and N more": enough to see a pattern.
MAX_PROBLEMS_SHOWN = 10
# The longest line a CSV file may have: survey exports put long free-text answers on one line.
MAX_CSV_LINE_BYTES = 10_000_000
# What DuckDB reads of a CSV file at a time, per thread. Left to itself it reads 16 times the
# longest line (160 MB here), which, with two threads, no longer fits in the database's memory
# limit (settings.DEFAULT_MEMORY_LIMIT) and refused a 10-million-row file; it must stay above
# the longest line.
CSV_BUFFER_BYTES = 32 * 2**20


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, where it is."""

    message: str
    row: int | None = None  # spreadsheet row number: the header is row 1
    column: str | None = None
    line: int | None = None  # physical line of a CSV file, for rows that could not be parsed

    def where(self) -> str:
        parts = []
        if self.row is not None:
            parts.append(f"row {self.row}")
        elif self.line is not None:
            parts.append(f"line {self.line}")
        if self.column is not None:
            parts.append(f"column '{self.column}'")
        return ", ".join(parts)


class FileRefused(Exception):
    """An input file (or some of its rows) that cannot be imported. The message names the
    file and, where it applies, the row and the column of each problem."""

    def __init__(self, file_name: str, problems: list[Problem]):
        self.file_name = file_name
        self.problems = problems
        super().__init__(self.describe())

    def describe(self, limit: int = MAX_PROBLEMS_SHOWN) -> str:
        lines = []
        for problem in self.problems[:limit]:
            where = problem.where()
            lines.append(f"{self.file_name}: {where + ': ' if where else ''}{problem.message}")
        if len(self.problems) > limit:
            lines.append(f"{self.file_name}: ... and {len(self.problems) - limit} more problems")
        return "\n".join(lines)


@dataclass(frozen=True)
class FileFormat:
    kind: str  # 'csv' or 'xlsx'
    encoding: str | None = None  # Python codec name for CSV
    delimiter: str | None = None


@dataclass
class StagedFile:
    """A file read into a temporary DuckDB table (or a view over one): `_row` (spreadsheet
    row) and one text column per header, named as in the file. Readers select from it; they
    do not write to it."""

    table: str
    headers: list[str]
    rows_read: int
    problems: list[Problem] = field(default_factory=list)  # rows that could not be parsed
    excluded: dict[str, int] = field(default_factory=dict)  # reason -> rows left out on purpose


# Why a line holding nothing (or only `""`, as some exports end) is left out: it is no row.
EMPTY_LINE = "empty lines (nothing but quotes or delimiters)"


def refuse(file_name: str, message: str, **where) -> FileRefused:
    return FileRefused(file_name, [Problem(message, **where)])


def detect_format(path: Path, file_name: str | None = None) -> FileFormat:
    """CSV (with its encoding and delimiter) or XLSX; refuses anything else and empty files."""
    file_name = file_name or path.name
    size = path.stat().st_size
    if size == 0:
        raise refuse(file_name, "the file is empty")
    with open(path, "rb") as handle:
        head = handle.read(SNIFF_BYTES)
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile as error:
            raise refuse(
                file_name, f"looks like a ZIP file but cannot be opened ({error})"
            ) from None
        if "xl/workbook.xml" not in names:
            raise refuse(file_name, "is a ZIP archive, not an XLSX workbook: upload CSV or XLSX")
        return FileFormat("xlsx")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise refuse(
            file_name,
            "is an old Excel 97-2003 (.xls) workbook: save it as .xlsx or .csv and upload that",
        )
    if head.startswith(b"%PDF"):
        raise refuse(file_name, "is a PDF document, not a CSV or XLSX file")
    encoding = _detect_encoding(path, head)
    if encoding is None:
        raise refuse(file_name, "is not a text (CSV) or XLSX file: it holds binary data")
    text = head.decode(encoding, errors="ignore").lstrip("\ufeff")
    if not text.strip():
        raise refuse(file_name, "the file is empty (only blank lines)")
    return FileFormat("csv", encoding, _detect_delimiter(text))


def _detect_encoding(path: Path, head: bytes) -> str | None:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    sample = head[:4096]
    if sample and b"\x00" in sample:
        # UTF-16 without a byte order mark: every other byte of ASCII text is zero.
        even_zeros = sample[0::2].count(0)
        odd_zeros = sample[1::2].count(0)
        if odd_zeros > len(sample) // 4 and even_zeros == 0:
            return "utf-16-le"
        if even_zeros > len(sample) // 4 and odd_zeros == 0:
            return "utf-16-be"
        return None
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        return "utf-8"
    except UnicodeDecodeError:
        # Excel on Windows writes "CSV" in the ANSI code page: cp1252 in the languages we serve.
        return "cp1252"


def _detect_delimiter(text: str) -> str:
    lines = [line for line in text.splitlines()[:30] if line.strip()]
    if not lines:
        return ","
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITER_CANDIDATES:
        rows = list(csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter))
        header_width = len(rows[0]) if rows else 0
        if header_width < 2:
            continue
        consistent = sum(1 for row in rows if len(row) == header_width)
        score = (consistent, header_width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def stage_file(
    cursor: duckdb.DuckDBPyConnection,
    path: Path,
    table: str,
    file_name: str | None = None,
    file_format: FileFormat | None = None,
) -> StagedFile:
    """Read a CSV or XLSX file into the temporary table `table` of the cursor's connection.
    Rows that cannot be parsed (too many or too few fields, a broken quote) are left out of
    the table and listed in `problems`; the caller decides whether that refuses the file.
    `file_format`, when the caller has detected it already, saves reading the file again."""
    file_name = file_name or path.name
    file_format = file_format or detect_format(path, file_name)
    if file_format.kind == "xlsx":
        return _stage_xlsx(cursor, path, table, file_name)
    return _stage_csv(cursor, path, table, file_name, file_format)


def _stage_csv(cursor, path: Path, table: str, file_name: str, file_format: FileFormat):
    utf8_path, temporary = path, None
    if file_format.encoding not in ("utf-8", "utf-8-sig"):
        temporary = _transcode_to_utf8(path, file_format.encoding)
        utf8_path = Path(temporary)
    try:
        return _read_csv_with_duckdb(cursor, utf8_path, table, file_name, file_format.delimiter)
    finally:
        if temporary:
            os.unlink(temporary)


def _transcode_to_utf8(path: Path, encoding: str) -> str:
    handle, temporary = tempfile.mkstemp(suffix=".csv", prefix="surveydash-")
    with (
        os.fdopen(handle, "w", encoding="utf-8", newline="") as out,
        open(path, encoding=encoding, newline="") as source,
    ):
        while chunk := source.read(1 << 20):
            out.write(chunk.lstrip("\ufeff") if out.tell() == 0 else chunk)
    return temporary


def _quote_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def drop_temporary(cursor: duckdb.DuckDBPyConnection, name: str) -> None:
    """Drop the cursor's temporary table or view `name`, if there is one (DuckDB refuses to
    replace a table by a view of the same name, or the other way round)."""
    kinds = cursor.execute(
        "select 'table' from duckdb_tables() where temporary and table_name = $name "
        "union all "
        "select 'view' from duckdb_views() where temporary and view_name = $name",
        {"name": name},
    ).fetchall()
    for (kind,) in kinds:
        cursor.execute(f"drop {kind} {_quote_identifier(name)}")


def drop_all_temporary(cursor: duckdb.DuckDBPyConnection) -> None:
    """Drop every temporary view and table of the cursor (views first: they read the
    tables), freeing the memory a staged file holds."""
    for kind, catalog, column in (
        ("view", "duckdb_views()", "view_name"),
        ("table", "duckdb_tables()", "table_name"),
    ):
        names = cursor.execute(
            f"select {column} from {catalog} where temporary and not internal"
        ).fetchall()
        for (name,) in names:
            cursor.execute(f"drop {kind} if exists {_quote_identifier(name)}")


def _read_csv_with_duckdb(cursor, path: Path, table: str, file_name: str, delimiter: str):
    rejects, scans = f"{table}_rejects", f"{table}_reject_scans"
    options = (
        f"delim = '{delimiter}', quote = '\"', escape = '\"', header = true, all_varchar = true, "
        f"store_rejects = true, rejects_table = '{rejects}', rejects_scan = '{scans}', "
        f"max_line_size = {MAX_CSV_LINE_BYTES}, buffer_size = {CSV_BUFFER_BYTES}"
    )
    try:
        cursor.execute(
            f"create or replace temp table {table}_raw as select * from read_csv(?, {options})",
            [str(path)],
        )
    except duckdb.Error as error:
        message = str(error).splitlines()[0]
        raise refuse(file_name, f"cannot be read as CSV ({message})") from None
    headers = [row[0] for row in cursor.execute(f"describe {table}_raw").fetchall()]
    rejected = cursor.execute(
        f"select line, column_name, error_type, error_message, csv_line from {rejects} "
        "order by line, column_idx"
    ).fetchall()
    problems: list[Problem] = []
    seen_lines: set[int] = set()
    empty_lines = 0
    for line, column, error_type, error_message, csv_line in rejected:
        if line in seen_lines:
            continue  # one problem per broken line is enough to find it
        seen_lines.add(line)
        if error_type == "MISSING COLUMNS" and not (csv_line or "").strip(f'"{delimiter} \r\n'):
            empty_lines += 1  # a line of nothing but `""`: no row, left out and counted
            continue
        # DuckDB's `line` counts records, not physical lines (a quoted newline does not start
        # a new one): it is the spreadsheet row, as the numbering of the kept rows below assumes.
        problems.append(
            Problem(
                _reject_message(error_type, error_message, len(headers)),
                row=int(line),
                column=column,
            )
        )
    rows_kept = cursor.execute(f"select count(*) from {table}_raw").fetchall()[0][0]
    # Spreadsheet row numbers: the header is row 1. Rows that failed to parse were taken out
    # of the table, so the numbers of the rows after them skip those lines.
    select_columns = ", ".join(_quote_identifier(h) for h in headers)
    drop_temporary(cursor, table)
    if seen_lines:
        cursor.execute(
            f"""
            create temp table {table} as
            with kept_rows as (
                select row_number() over (order by n) - 1 as position, n as source_row
                from range(2, {rows_kept + len(seen_lines) + 2}) as t(n)
                where n not in (select unnest(?::integer[]))
            )
            select kept_rows.source_row::integer as _row, {select_columns}
            from (select rowid as position, * from {table}_raw) as raw
            join kept_rows using (position)
            order by _row
            """,
            [sorted(seen_lines)],
        )
        cursor.execute(f"drop table {table}_raw")
    else:
        # Every line parsed: the row numbers follow from the row ids, so a view gives them
        # without copying the file's rows a second time (a copy costs as much memory as the
        # file and a fifth of the time an import of a large export takes).
        cursor.execute(
            f"create temp view {table} as "
            f"select (rowid + 2)::integer as _row, {select_columns} from {table}_raw"
        )
    if rows_kept == 0 and not problems:
        raise refuse(file_name, "has a header row but no data rows")
    excluded = {EMPTY_LINE: empty_lines} if empty_lines else {}
    return StagedFile(table, headers, rows_kept + len(seen_lines), problems, excluded)


def _reject_message(error_type: str, error_message: str, width: int) -> str:
    if error_type == "TOO MANY COLUMNS":
        return f"has more fields than the header's {width} ({error_message})"
    if error_type == "MISSING COLUMNS":
        return f"has fewer fields than the header's {width} ({error_message})"
    if error_type == "UNQUOTED VALUE":
        return "has a quote in the middle of a value: quote the whole value or remove the quote"
    return f"cannot be parsed: {error_type.lower()} ({error_message})"


def cell_text(value) -> str | None:
    """A spreadsheet cell as the text a user sees: whole numbers without '.0', dates in ISO
    form, blanks as None."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    return text if text.strip() else None


def read_xlsx_rows(path: Path, file_name: str, sheet: str | None = None) -> list[list[str | None]]:
    """All rows of a workbook's sheet (the first, unless named) as text cells."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged workbook
        raise refuse(file_name, f"cannot be opened as an XLSX workbook ({error})") from None
    try:
        if sheet is not None and sheet in workbook.sheetnames:
            worksheet = workbook[sheet]
        else:
            worksheet = workbook.worksheets[0]
        rows = [
            [cell_text(value) for value in row] for row in worksheet.iter_rows(values_only=True)
        ]
    finally:
        workbook.close()
    while rows and all(value is None for value in rows[-1]):
        rows.pop()
    return rows


def _stage_xlsx(cursor, path: Path, table: str, file_name: str) -> StagedFile:
    rows = read_xlsx_rows(path, file_name)
    if not rows:
        raise refuse(file_name, "the workbook's first sheet is empty")
    header = rows[0]
    while header and header[-1] is None:
        header = header[:-1]
    if not header:
        raise refuse(file_name, "the first row of the sheet (the header) is empty", row=1)
    headers = [
        cell if cell is not None else f"column{index + 1}" for index, cell in enumerate(header)
    ]
    problems = []
    body = []
    for offset, row in enumerate(rows[1:], start=2):
        if all(value is None for value in row):
            continue  # Excel keeps formatted empty rows; they are not data
        extra = [value for value in row[len(headers) :] if value is not None]
        if extra:
            problems.append(
                Problem(
                    f"has a value ({extra[0]!r}) beyond the header's {len(headers)} columns",
                    row=offset,
                )
            )
            continue
        body.append([offset, *row[: len(headers)], *([None] * (len(headers) - len(row)))])
    if not body and not problems:
        raise refuse(file_name, "has a header row but no data rows")
    frame = pd.DataFrame(body, columns=["_row", *headers]).astype(
        {"_row": "int32", **{h: "object" for h in headers}}
    )
    cursor.register(f"{table}_frame", frame)
    columns = ", ".join(
        f"cast({_quote_identifier(h)} as varchar) as {_quote_identifier(h)}" for h in headers
    )
    cursor.execute(
        f"create or replace temp table {table} as select _row, {columns} from {table}_frame"
    )
    cursor.unregister(f"{table}_frame")
    return StagedFile(table, headers, len(body) + len(problems), problems)
