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
import logging
import os
import re
import tempfile
import traceback
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from surveydash import settings

_log = logging.getLogger(__name__)

# Enough lines to see the header and a few rows for choosing a delimiter; a preamble (Zoom's
# reports) is handled by the readers that expect one.
SNIFF_BYTES = 64 * 1024
DELIMITER_CANDIDATES = (",", ";", "\t", "|")
# How many problems an error message lists before saying "and N more": enough to see a pattern.
MAX_PROBLEMS_SHOWN = 10
# The longest line a CSV file may have (see settings.MAX_CSV_LINE_BYTES).
MAX_CSV_LINE_BYTES = settings.MAX_CSV_LINE_BYTES
# The codec of a file that mixes UTF-8 with cp1252 (an export edited in Excel on Windows, then
# appended to by a tool writing UTF-8): each run of bytes that is not UTF-8 is read as cp1252,
# so "Côte d'Ivoire" arrives as written whichever way its line was saved, never as "CÃ´te".
MIXED_UTF8_CP1252 = "surveydash-utf8-else-cp1252"
# A few NUL bytes are damage in a text file; many are binary data (an image, a database).
BINARY_CONTROL_SHARE = 0.05
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
        """The problems, one a line; a message quoting a cell that holds an e-mail address or a
        phone number quotes it masked (see surveydash.personal_data.mask)."""
        lines = []
        for problem in self.problems[:limit]:
            where = problem.where()
            message = readable_message(problem.message, self.file_name)
            lines.append(f"{self.file_name}: {where + ': ' if where else ''}{message}")
        if len(self.problems) > limit:
            lines.append(f"{self.file_name}: ... and {len(self.problems) - limit} more problems")
        return "\n".join(lines)


# A library's message may name the temporary copy a file was read from: the user knows the file
# by its own name.
_TEMPORARY_PATH = re.compile(re.escape(tempfile.gettempdir()) + r"/[^\s'\"]+")


def readable_message(message: str, file_name: str = "the file") -> str:
    """A problem's message as users see it: cells it quotes masked (e-mail addresses, phone
    numbers), and no temporary file's path."""
    from surveydash.personal_data import mask

    return _TEMPORARY_PATH.sub(file_name, mask(message))


class ReaderFailure(FileRefused):
    """A reader's unexpected exception on a file: most likely a fault of surveydash's, not of
    the file. Said as a refusal (nothing is written), without the exception's own text."""


def reader_failure(file_name: str, error: BaseException) -> ReaderFailure:
    """A reader's unexpected exception as a refusal users can read, logged for whoever
    maintains the reader.

    The message names the file, the row and column when the exception says where (a
    `Problem` attached as `error.problem`), the exception's type and the line of surveydash's
    code it came from. It never quotes the exception's own text: a library's message may
    hold a cell of the file (a name, an address) or a temporary copy's path. The log line
    has the type and the code's frames, no values either: a real bug is not passed off as a
    bad file, and the log holds no personal data."""
    frames = [
        f"{_code_path(frame.filename)}:{frame.lineno} in {frame.name}"
        for frame in traceback.extract_tb(error.__traceback__)
    ]
    ours = [frame for frame in frames if frame.startswith(("surveydash/", "dashboard/"))]
    origin = (ours or frames or ["an unknown place"])[-1]
    _log.error(
        "unexpected %s reading %s (a fault in surveydash, not a refusal of the file): %s",
        type(error).__name__,
        file_name,
        " > ".join(frames) or origin,
    )
    return ReaderFailure(
        file_name,
        [
            Problem(
                f"cannot be read: surveydash failed on it ({type(error).__name__} at {origin}). "
                "This is most likely a fault in surveydash, not in your file: please report it "
                "with this message",
                row=_row_being_read(error),
            )
        ],
    )


def _row_being_read(error: BaseException) -> int | None:
    """The spreadsheet row a reader was at when it failed: the innermost frame holding one
    row of the file (readers.rows.FileRow, survey_common.SourceRow) in a variable; None when
    the failure came before or after the rows."""
    frames = []
    trace = error.__traceback__
    while trace is not None:
        frames.append(trace.tb_frame)
        trace = trace.tb_next
    for frame in reversed(frames):
        for value in frame.f_locals.values():
            kind = type(value).__name__
            if kind == "SourceRow":
                return value.row
            if kind == "FileRow":
                return value.number
    return None


def _code_path(filename: str) -> str:
    """A traceback's file as a path inside the repository ('surveydash/readers/generic.py'),
    else its base name: never a user's directory."""
    path = Path(filename)
    try:
        return path.resolve().relative_to(settings.REPO_DIR.resolve()).as_posix()
    except ValueError:
        return path.name


@dataclass(frozen=True)
class FileFormat:
    kind: str  # 'csv' or 'xlsx'
    encoding: str | None = None  # Python codec name for CSV
    delimiter: str | None = None
    # A CSV's line breaks (LF; CR in a file whose lines end in CR alone), when its bytes were
    # checked; None when they were not (UTF-16).
    line_breaks: int | None = None


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


def _utf8_else_cp1252(error: UnicodeDecodeError):
    """Codec error handler: the bytes UTF-8 cannot read, read as cp1252 instead."""
    bad = error.object[error.start : error.end]
    return bad.decode("cp1252", errors="replace"), error.end


def _find_mixed_codec(name: str):
    if name != MIXED_UTF8_CP1252.replace("-", "_") and name != MIXED_UTF8_CP1252:
        return None
    utf8 = codecs.lookup("utf-8")

    class IncrementalDecoder(codecs.BufferedIncrementalDecoder):
        def _buffer_decode(self, data, errors, final):
            decoder = codecs.getincrementaldecoder("utf-8")(MIXED_UTF8_CP1252)
            text = decoder.decode(data, final)
            # Keep an incomplete UTF-8 sequence at the end for the next chunk.
            return text, len(data) - len(decoder.getstate()[0])

    def decode(data, errors="strict"):
        return codecs.utf_8_decode(data, MIXED_UTF8_CP1252, True)

    return codecs.CodecInfo(
        name=MIXED_UTF8_CP1252,
        encode=utf8.encode,
        decode=decode,
        incrementalencoder=utf8.incrementalencoder,
        incrementaldecoder=IncrementalDecoder,
        streamreader=utf8.streamreader,
        streamwriter=utf8.streamwriter,
    )


codecs.register_error(MIXED_UTF8_CP1252, _utf8_else_cp1252)
codecs.register(_find_mixed_codec)


# An encrypted XLSX is an OLE compound file (as an .xls is) holding these streams; their names
# are in its directory, written in UTF-16.
_ENCRYPTED_STREAMS = ("EncryptionInfo".encode("utf-16-le"), "EncryptedPackage".encode("utf-16-le"))
# How much of an OLE file is searched for them: directories sit near the start of the small
# files password-protected exports are.
ENCRYPTION_SCAN_BYTES = 4 * 2**20


def _is_encrypted_workbook(path: Path) -> bool:
    with open(path, "rb") as handle:
        head = handle.read(ENCRYPTION_SCAN_BYTES)
    return any(name in head for name in _ENCRYPTED_STREAMS)


def detect_format(
    path: Path, file_name: str | None = None, max_bytes: int | None = None
) -> FileFormat:
    """CSV (with its encoding and delimiter) or XLSX; refuses anything else, empty files, and
    files that break a limit of settings (size; an XLSX's unzipped size; a CSV's NUL bytes,
    overlong lines and header width), naming the row and column where there is one."""
    file_name = file_name or path.name
    size = path.stat().st_size
    if size == 0:
        raise refuse(file_name, "the file is empty")
    max_bytes = max_bytes or settings.MAX_FILE_MB * 2**20
    if size > max_bytes:
        raise refuse(
            file_name,
            f"is {size / 2**20:,.0f} MB: the largest file accepted is {max_bytes / 2**20:,.0f} MB "
            "(split it, or save only the columns the report needs)",
        )
    with open(path, "rb") as handle:
        head = handle.read(SNIFF_BYTES)
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
                if "xl/workbook.xml" in names:
                    check_xlsx_sizes(archive, file_name)
        except zipfile.BadZipFile as error:
            raise refuse(
                file_name, f"looks like a ZIP file but cannot be opened ({error})"
            ) from None
        if "xl/workbook.xml" not in names:
            if "mimetype" in names and b"opendocument.spreadsheet" in head:
                raise refuse(
                    file_name,
                    "is an OpenDocument spreadsheet (.ods), not an XLSX workbook: save it as "
                    ".xlsx or .csv and upload that",
                )
            raise refuse(file_name, "is a ZIP archive, not an XLSX workbook: upload CSV or XLSX")
        return FileFormat("xlsx")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        if _is_encrypted_workbook(path):
            raise refuse(
                file_name,
                "is a password-protected workbook: open it in Excel, save a copy without the "
                "password (File > Info > Protect Workbook), and upload that",
            )
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
    delimiter = _detect_delimiter(text)
    line_breaks = None
    if not encoding.startswith("utf-16"):
        # Lines end in LF or CR LF, or (old Mac files) in CR alone: one of the two is counted.
        line_break = b"\n" if b"\n" in head or b"\r" not in head else b"\r"
        quotes, line_breaks = _check_csv_bytes(path, file_name, encoding, delimiter, line_break)
        if quotes % 2:
            # Quotes come in pairs ("" inside a quoted value is two): an odd count is a quote
            # never closed somewhere, which would swallow the rest of the file into one value
            # whatever reader (a tool's or the generic one) reads it. Found the row the slow way.
            problem = diagnose_csv(path, encoding, delimiter)
            if problem is not None and "quote" in problem.message:
                raise FileRefused(
                    file_name,
                    [
                        Problem(
                            "opens a quote that is not closed where its value ends: the rest "
                            "of the file would be read as one value (close the quote, or "
                            "remove it)",
                            row=problem.row,
                            column=problem.column,
                        )
                    ],
                )
    _check_header_width(path, file_name, encoding, delimiter)
    return FileFormat("csv", encoding, delimiter, line_breaks)


def check_xlsx_sizes(archive: zipfile.ZipFile, file_name: str) -> None:
    """Refuse a workbook whose parts would unzip past the limits (a zip bomb), from the sizes
    the archive declares: nothing is unzipped."""
    limit = settings.MAX_XLSX_UNCOMPRESSED_MB * 2**20
    ratio_from = settings.XLSX_RATIO_CHECKED_FROM_MB * 2**20
    total = 0
    for info in archive.infolist():
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size >= ratio_from and ratio > settings.MAX_XLSX_COMPRESSION_RATIO:
            raise refuse(
                file_name,
                f"is not a workbook this dashboard reads: its part {info.filename} would unzip "
                f"{ratio:,.0f} times larger than it is ({info.file_size / 2**20:,.0f} MB), "
                "as a zip bomb does",
            )
    if total > limit:
        raise refuse(
            file_name,
            f"would unzip to {total / 2**20:,.0f} MB: the largest workbook accepted unzips to "
            f"{settings.MAX_XLSX_UNCOMPRESSED_MB} MB (save the sheet as CSV and import that)",
        )


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
        controls = sum(1 for byte in sample if byte < 9 or 13 < byte < 32)
        if controls > len(sample) * BINARY_CONTROL_SHARE:
            return None
        # A stray NUL in text: read on, so that the NUL check names its row.
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with open(path, "rb") as handle:
            while chunk := handle.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    # Excel on Windows writes "CSV" in the ANSI code page: cp1252 in the languages we serve. A
    # file that also holds UTF-8's multi-byte letters mixes the two: each is read as written.
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            if _UTF8_LETTER.search(chunk):
                return MIXED_UTF8_CP1252
    return "cp1252"


# A two- or three-byte UTF-8 sequence (accented Latin letters, punctuation): cp1252 text holds
# one only by a rare accident ("Ã©" written on purpose).
_UTF8_LETTER = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}")


def _check_csv_bytes(
    path: Path, file_name: str, encoding: str, delimiter: str, line_break: bytes
) -> tuple[int, int]:
    """Refuse a CSV file with a NUL byte or a physical line longer than MAX_CSV_LINE_BYTES,
    naming the row and column. One pass over the bytes with memchr (bytes.find), before
    anything parses them: an overlong line would otherwise be held whole by every parser.
    A block shorter than the limit cannot hold a long line between its first and last line
    break: only the runs across blocks are counted. Returns how many double quotes and how
    many `line_break`s it holds."""
    block_size = 1 << 20
    offset, run_start, quotes, line_breaks = 0, 0, 0, 0
    with open(path, "rb") as handle:
        while block := handle.read(block_size):
            nul = block.find(b"\x00")
            if nul >= 0:
                row, column = _place_of_offset(path, encoding, delimiter, offset + nul)
                raise refuse(
                    file_name,
                    "holds a NUL byte (binary data, or a file damaged in copying): "
                    "save it again as CSV from the tool that made it",
                    row=row,
                    column=column,
                )
            first = block.find(b"\n")
            run_end = offset + (first if first >= 0 else len(block))
            if run_end - run_start > MAX_CSV_LINE_BYTES:
                row, _ = _place_of_offset(path, encoding, delimiter, run_start)
                raise refuse(
                    file_name,
                    f"has a line longer than {MAX_CSV_LINE_BYTES / 1e6:,.0f} MB, the longest "
                    "accepted: no survey answer is that long (is it a CSV file?)",
                    row=row,
                )
            if first >= 0:
                run_start = offset + block.rfind(b"\n") + 1
            quotes += block.count(b'"')
            line_breaks += block.count(line_break)
            offset += len(block)
    if offset - run_start > MAX_CSV_LINE_BYTES:
        row, _ = _place_of_offset(path, encoding, delimiter, run_start)
        raise refuse(
            file_name,
            f"has a line longer than {MAX_CSV_LINE_BYTES / 1e6:,.0f} MB, the longest accepted",
            row=row,
        )
    return quotes, line_breaks


def _place_of_offset(path: Path, encoding: str, delimiter: str, offset: int):
    """The spreadsheet row (header = 1) and the header of the field in which byte `offset` of a
    CSV file falls, by parsing the file up to there."""
    with open(path, "rb") as handle:
        prefix = handle.read(offset)
    text = prefix.decode(encoding, errors="replace").lstrip("\ufeff")
    rows = _records_with_tail(text, delimiter)
    header = rows[0] if rows else []
    row_number = max(len(rows), 1)
    field_index = len(rows[-1]) - 1 if rows else 0
    column = header[field_index] if 0 <= field_index < len(header) and row_number > 1 else None
    return row_number, column


def _records_with_tail(text: str, delimiter: str) -> list[list[str]]:
    """The records of a CSV text, the last possibly cut mid-field (read leniently: a text that
    ends inside quotes gives its last record as far as it goes)."""
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, len(text) + 1))
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    finally:
        csv.field_size_limit(limit)
    if not text or text.endswith(("\n", "\r")):
        records.append([""])  # the place is the first field of the next record
    return records


def _check_header_width(path: Path, file_name: str, encoding: str, delimiter: str) -> None:
    with open(path, encoding=encoding, newline="", errors="replace") as handle:
        first_line = handle.readline(MAX_CSV_LINE_BYTES).lstrip("\ufeff")
    width = first_line.count(delimiter) + 1
    if width > settings.MAX_COLUMNS:
        raise refuse(
            file_name,
            f"has {width:,} columns in its first row: the most accepted is "
            f"{settings.MAX_COLUMNS:,}",
            row=1,
        )


def duplicate_headers(headers: list[str | None], row: int = 1) -> list[Problem]:
    """Problems naming each header that appears more than once (ignoring case and spaces, as
    column names are matched): a second `email` column would otherwise be dropped unseen.
    `row`: the spreadsheet row the headers are on."""
    seen: dict[str, int] = {}
    problems = []
    for position, header in enumerate(headers, start=1):
        if header is None or not str(header).strip():
            continue
        key = " ".join(str(header).split()).casefold()
        if key in seen:
            problems.append(
                Problem(
                    f"the header '{header}' appears twice (columns {_column_letter(seen[key])} "
                    f"and {_column_letter(position)}): rename or remove one of them",
                    row=row,
                    column=str(header),
                )
            )
        else:
            seen[key] = position
    return problems


def refuse_duplicate_headers(file_name: str, file_rows, staged_kinds) -> None:
    """Refuse a tool's export in which a header the reader used appears twice in one header
    row (a section's, in a Zoom report), naming the header, its row and its two columns.

    A reader maps columns by header, so the second of two `Email` columns would be dropped
    unseen. One case is clearly right and passes: a question asked twice (a "Comments" after
    each session), which the readers keep apart as "Comments" and "Comments (2)": every column
    of that header is a question and the survey has that many questions of its text.
    `file_rows` are the file's rows (surveydash.readers.rows.FileRow); the generic layout
    refuses duplicates itself (see stage_file)."""
    mapped: dict[str, set[str]] = {}
    read_by_position = set().union(*(staged.repeated_headers for staged in staged_kinds))
    for staged in staged_kinds:
        for header, used_as in staged.column_map.items():
            mapped.setdefault(" ".join(str(header).split()).casefold(), set()).add(used_as)
    asked: dict[str, int] = {}
    for staged in staged_kinds:
        for question in staged.question_columns:
            key = re.sub(r" \(\d+\)$", "", " ".join(question.split())).casefold()
            asked[key] = asked.get(key, 0) + 1
    for file_row in file_rows:
        cells = [cell if cell else None for cell in file_row.cells]
        keys = [" ".join(cell.split()).casefold() if cell else None for cell in cells]
        if len({key for key in keys if key in mapped}) < 2:
            continue  # a data row, or a header row this reader did not use
        for problem in duplicate_headers(cells, row=file_row.number):
            key = " ".join(problem.column.split()).casefold()
            if key not in mapped or key in read_by_position:
                continue
            times = keys.count(key)
            if mapped[key] == {"question"} and asked.get(key, 0) >= times:
                continue
            raise FileRefused(file_name, [problem])


def _column_letter(position: int) -> str:
    letters = ""
    while position:
        position, remainder = divmod(position - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


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
        headers = _first_record(path, file_format.encoding, file_format.delimiter)
        problems = duplicate_headers(headers)
        if problems:
            raise FileRefused(file_name, problems)
        # A file of no more line breaks than the rows allowed cannot hold more rows: read whole.
        row_limit = file_format.line_breaks is None or file_format.line_breaks > settings.MAX_ROWS
        try:
            return _read_csv_with_duckdb(
                cursor, utf8_path, table, file_name, file_format.delimiter, row_limit
            )
        except _UnreadableCsv:
            problem = diagnose_csv(path, file_format.encoding, file_format.delimiter)
            if problem is not None:
                raise FileRefused(file_name, [problem]) from None
        # Python's reader finds nothing wrong: DuckDB stumbled on what it does not take, such as
        # lines ending in both \r\n and \n. Read from a copy written by Python's reader, once.
        rewritten = _rewrite_plainly(path, file_format.encoding, file_format.delimiter)
        try:
            return _read_csv_with_duckdb(
                cursor, Path(rewritten), table, file_name, file_format.delimiter, row_limit
            )
        except _UnreadableCsv as error:
            # DuckDB's own words, without the path of a temporary copy of the file.
            message = str(error).replace(rewritten, file_name).replace(str(path), file_name)
            raise refuse(file_name, f"cannot be read as CSV ({message})") from None
        finally:
            os.unlink(rewritten)
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


def _rewrite_plainly(path: Path, encoding: str, delimiter: str) -> str:
    """A temporary UTF-8 copy of a CSV file as Python's reader reads it, every line ending in
    \n (blank lines kept, so that row numbers stay the file's)."""
    handle, temporary = tempfile.mkstemp(suffix=".csv", prefix="surveydash-")
    limit = csv.field_size_limit()
    csv.field_size_limit(settings.MAX_CELL_CHARS)
    try:
        with (
            os.fdopen(handle, "w", encoding="utf-8", newline="") as out,
            open(path, encoding=encoding, newline="", errors="replace") as source,
        ):
            writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
            for number, record in enumerate(csv.reader(source, delimiter=delimiter)):
                if number == 0 and record:
                    record[0] = record[0].lstrip("\ufeff")
                writer.writerow(record)
    finally:
        csv.field_size_limit(limit)
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


def _read_csv_with_duckdb(
    cursor, path: Path, table: str, file_name: str, delimiter: str, row_limit: bool = True
):
    """Stage a UTF-8 CSV file with DuckDB's reader. `row_limit`: read at most one row past
    settings.MAX_ROWS, for a file that may hold more (a LIMIT makes DuckDB hand the rows over
    in order, one thread at a time: 0.76 s against 1.17 s for a million rows)."""
    rejects, scans = f"{table}_rejects", f"{table}_reject_scans"
    options = (
        f"delim = '{delimiter}', quote = '\"', escape = '\"', header = true, all_varchar = true, "
        f"store_rejects = true, rejects_table = '{rejects}', rejects_scan = '{scans}', "
        f"max_line_size = {MAX_CSV_LINE_BYTES}, buffer_size = {CSV_BUFFER_BYTES}"
    )
    try:
        # One row past the limit is read, to tell a file at the limit from one beyond it
        # without reading the rest.
        limit = f"limit {settings.MAX_ROWS + 1}" if row_limit else ""
        cursor.execute(
            f"create or replace temp table {table}_raw as select * from read_csv(?, {options}) "
            + limit,
            [str(path)],
        )
    except duckdb.Error as error:
        raise _UnreadableCsv(str(error).splitlines()[0]) from None
    headers = [row[0] for row in cursor.execute(f"describe {table}_raw").fetchall()]
    _check_staged_limits(cursor, f"{table}_raw", headers, file_name)
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


class _UnreadableCsv(Exception):
    """DuckDB could not read a CSV file at all (its message, which may name a temporary copy)."""


def _check_staged_limits(cursor, raw_table: str, headers: list[str], file_name: str) -> None:
    """Refuse a staged CSV over the row limit, or with a cell over the cell limit (one pass)."""
    rows = cursor.execute(f"select count(*) from {raw_table}").fetchall()[0][0]
    if rows > settings.MAX_ROWS:
        raise refuse(
            file_name,
            f"has more than {settings.MAX_ROWS:,} rows, the most one file may have: "
            "split it into several files",
        )
    if not headers:
        return
    # The longest cell of each column in bytes first (one cheap pass; bytes are never fewer
    # than characters); the row is looked for only in a column that may break the limit.
    limit = settings.MAX_CELL_CHARS
    quoted = [_quote_identifier(h) for h in headers]
    longest = cursor.execute(
        f"select {', '.join(f'max(strlen({q}))' for q in quoted)} from {raw_table}"
    ).fetchall()[0]
    over = []
    for header, column, length in zip(headers, quoted, longest, strict=True):
        if length is not None and length > limit:
            rowid = cursor.execute(
                f"select min(rowid) from {raw_table} where length({column}) > {limit}"
            ).fetchall()[0][0]
            if rowid is not None:
                over.append((rowid, header))
    if over:
        rowid, header = min(over, key=lambda pair: pair[0])
        raise refuse(
            file_name,
            f"has a cell longer than {settings.MAX_CELL_CHARS:,} characters, the longest "
            "accepted (an open answer is a few thousand)",
            row=int(rowid) + 2,
            column=header,
        )


def _first_record(path: Path, encoding: str, delimiter: str) -> list[str]:
    """The first record (the header) of a CSV file as written, duplicates and all."""
    limit = csv.field_size_limit()
    csv.field_size_limit(MAX_CSV_LINE_BYTES)
    try:
        with open(path, encoding=encoding, newline="", errors="replace") as handle:
            first = next(csv.reader(handle, delimiter=delimiter), [])
    except csv.Error:
        return []
    finally:
        csv.field_size_limit(limit)
    if first:
        first[0] = first[0].lstrip("\ufeff")
    return first


def diagnose_csv(path: Path, encoding: str, delimiter: str) -> Problem | None:
    """Where a CSV file that DuckDB could not read breaks: the row and column of an unbalanced
    quote, or of a field past the cell limit. None when Python's reader finds nothing."""
    limit = csv.field_size_limit()
    csv.field_size_limit(settings.MAX_CELL_CHARS)
    header: list[str] = []
    records, lines_read = 0, 0
    try:
        with open(path, encoding=encoding, newline="", errors="replace") as handle:
            reader = csv.reader(handle, delimiter=delimiter, strict=True)
            try:
                for record in reader:
                    if not header:
                        header = record
                    records += 1
                    lines_read = reader.line_num
            except csv.Error as error:
                problem_text = str(error)
            else:
                return None
        with open(path, encoding=encoding, newline="", errors="replace") as handle:
            for _ in range(lines_read):
                handle.readline()
            csv.field_size_limit(max(limit, MAX_CSV_LINE_BYTES * 4))
            rest = next(csv.reader(handle, delimiter=delimiter), [])
    finally:
        csv.field_size_limit(limit)
    row = records + 1
    # The value that ran on past its line is the one whose quote was not closed.
    ran_on = [i for i, value in enumerate(rest) if "\n" in value or "\r" in value]
    field_index = ran_on[0] if ran_on else max(len(rest) - 1, 0)
    if "field larger than field limit" in problem_text:
        long_fields = [i for i, value in enumerate(rest) if len(value) > settings.MAX_CELL_CHARS]
        field_index = long_fields[0] if long_fields else field_index
    column = header[field_index] if row > 1 and field_index < len(header) else None
    if "end of data" in problem_text or "EOF" in problem_text:
        message = (
            "opens a quote that is never closed: the rest of the file would be one value "
            "(close the quote, or remove it)"
        )
    elif "field larger than field limit" in problem_text:
        message = (
            f"has a cell longer than {settings.MAX_CELL_CHARS:,} characters, the longest accepted"
        )
    elif "expected after" in problem_text:
        message = "has a quote in the middle of a value: quote the whole value or remove the quote"
    else:
        message = f"cannot be parsed as CSV ({problem_text})"
    return Problem(message, row=row, column=column)


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


# The sheet a survey tool writes its responses to: Google Forms' linked Sheet ("Form Responses
# 1", in the form owner's language) and Microsoft Forms' workbook ("Form1"). An analyst who adds
# a summary or a pivot sheet may leave it first; the responses are still on the tool's sheet.
_RESPONSES_SHEET = re.compile(
    r"^(?:form responses|respuestas de formulario|reponses au formulaire|formularantworten|"
    r"respostas ao formulario|risposte del modulo) \d+$|^form1$"
)


def responses_sheet(sheet_names: list[str]) -> str:
    """The sheet to read when none is named: the first that a survey tool names as its
    responses' sheet (whatever the order of the sheets), else the first sheet."""
    for name in sheet_names:
        plain = unicodedata.normalize("NFKD", name.strip().lower())
        if _RESPONSES_SHEET.match("".join(c for c in plain if not unicodedata.combining(c))):
            return name
    return sheet_names[0]


def read_xlsx_rows(
    path: Path, file_name: str, sheet: str | None = None, max_rows: int | None = None
) -> list[list[str | None]]:
    """The rows of a workbook's sheet (the first, unless named) as text cells, up to `max_rows`
    (all of them, within settings.MAX_ROWS, when not given).

    The sheet is streamed, and each row is as wide as its last cell: the range a workbook
    declares (`<dimension>`) is ignored, since a 2 KB file may declare the whole sheet and
    padding every row to it takes gigabytes. A sheet past the limits of settings (rows,
    columns, cell length) is refused as soon as the reading reaches the limit."""
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(path) as archive:
            check_xlsx_sizes(archive, file_name)
        workbook = load_workbook(path, read_only=True, data_only=True)
    except FileRefused:
        raise
    except Exception as error:  # openpyxl raises many kinds for a damaged workbook
        raise refuse(file_name, f"cannot be opened as an XLSX workbook ({error})") from None
    try:
        if sheet is not None and sheet in workbook.sheetnames:
            worksheet = workbook[sheet]
        else:
            worksheet = workbook[responses_sheet(workbook.sheetnames)]
        rows = list(_stream_sheet(worksheet, file_name, max_rows))
    except FileRefused:
        raise
    except Exception as error:
        raise refuse(file_name, f"cannot be read as an XLSX workbook ({error})") from None
    finally:
        workbook.close()
    while rows and all(value is None for value in rows[-1]):
        rows.pop()
    return rows


# Excel's last row: a sheet claiming a row past it was not written by a spreadsheet.
EXCEL_MAX_ROWS = 1_048_576
# The row a sheet leaves out (shared: nobody changes a row it reads).
_EMPTY_ROW: list = []


def _stream_sheet(worksheet, file_name: str, max_rows: int | None):
    """A read-only worksheet's rows as lists of text, each as long as its last cell, with the
    rows the sheet leaves out given as empty rows (so that row numbers stay the sheet's)."""
    from openpyxl.worksheet._reader import WorkSheetParser

    workbook = worksheet.parent
    wanted = max_rows if max_rows is not None else settings.MAX_ROWS + 1  # + 1: the header
    yielded = 0
    with worksheet._get_source() as source:
        parser = WorkSheetParser(
            source,
            worksheet._shared_strings,
            data_only=True,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        for number, cells in parser.parse():
            while yielded + 1 < number and yielded < wanted:
                yielded += 1
                yield _EMPTY_ROW
            if number > EXCEL_MAX_ROWS:
                raise refuse(
                    file_name,
                    f"has a row numbered {number:,}, past a spreadsheet's last row "
                    f"({EXCEL_MAX_ROWS:,}): the workbook is damaged or was not saved by Excel",
                    row=number,
                )
            if yielded >= wanted:
                if max_rows is None:
                    raise refuse(
                        file_name,
                        f"has more than {settings.MAX_ROWS:,} rows, the most one file may "
                        "have: split it into several files",
                        row=number,
                    )
                return
            width = max((cell["column"] for cell in cells), default=0)
            if width > settings.MAX_COLUMNS:
                raise refuse(
                    file_name,
                    f"has a value in column {width:,}: the most columns accepted is "
                    f"{settings.MAX_COLUMNS:,}",
                    row=number,
                )
            row: list[str | None] = [None] * width
            for cell in cells:
                text = cell_text(cell["value"])
                if text is not None and len(text) > settings.MAX_CELL_CHARS:
                    raise refuse(
                        file_name,
                        f"has a cell longer than {settings.MAX_CELL_CHARS:,} characters, the "
                        "longest accepted (an open answer is a few thousand)",
                        row=number,
                        column=_column_letter(cell["column"]),
                    )
                row[cell["column"] - 1] = text
            yielded += 1
            yield row


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
    duplicates = duplicate_headers(header)
    if duplicates:
        raise FileRefused(file_name, duplicates)
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
