"""The one row and text layer every reader reads a file through.

A file is a list of `FileRow`s: its cells as stripped text, the spreadsheet row it is (the first
row is 1, whatever line breaks quoted cells hold) and the line of the file it starts on (a CSV's
physical line; the same number for a workbook). CSV files are read with the encoding and
delimiter `detect_format` found (or the delimiter a reader chose for a file with a preamble),
with Python's csv module: tools' exports have two header rows (SurveyMonkey), a hashtag row
(Kobo) or titled sections (Zoom) that a one-header reader cannot take. XLSX cells arrive as
`read_xlsx_rows` gives them: whole numbers without '.0', dates as ISO text.

Each toolkit (readers/tools/sections.py for reports with sections, survey_common.py for survey
exports) builds its own view of these rows; neither reads a file itself.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from surveydash.readers import FileSample
from surveydash.tabular import FileRefused, Problem, read_xlsx_rows


@dataclass(frozen=True)
class FileRow:
    """One row of a file: its spreadsheet row number, the line it starts on, its cells."""

    number: int
    line: int
    cells: list[str]

    def is_blank(self) -> bool:
        return all(cell == "" for cell in self.cells)


def cell_text(value: object) -> str:
    """A cell as stripped text ('' for an empty cell)."""
    return "" if value is None else str(value).strip()


def read_file_rows(
    sample: FileSample, *, delimiter: str | None = None, sheet: str | None = None
) -> list[FileRow]:
    """Every row of the file, blank ones included (readers decide what a blank row means).

    `delimiter` overrides the one `detect_format` chose (a file whose first line is a one-cell
    title); `sheet` names the workbook's sheet to read (else the first)."""
    if sample.format.kind == "xlsx":
        return [
            FileRow(number, number, [cell_text(cell) for cell in row])
            for number, row in enumerate(
                read_xlsx_rows(sample.path, sample.file_name, sheet), start=1
            )
        ]
    text = read_text(sample)
    return parse_csv_text(text, delimiter or sample.format.delimiter or ",", sample.file_name)


def read_text(sample: FileSample) -> str:
    """A CSV file's text, without its byte order mark; an undecodable file is refused."""
    with open(sample.path, encoding=sample.format.encoding, newline="") as handle:
        try:
            text = handle.read()
        except UnicodeDecodeError as error:
            raise FileRefused(
                sample.file_name,
                [Problem(f"cannot be decoded as {sample.format.encoding} ({error})")],
            ) from None
    return text.removeprefix("\ufeff")


def parse_csv_text(text: str, delimiter: str, file_name: str) -> list[FileRow]:
    """CSV text as rows. StringIO(newline="") breaks lines at CR and LF only: str.splitlines
    would also break at U+2028 and the like, which respondents paste into answers."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[FileRow] = []
    line = 1
    try:
        for number, cells in enumerate(reader, start=1):
            rows.append(FileRow(number, line, [cell.strip() for cell in cells]))
            line = reader.line_num + 1  # a quoted cell may span lines: the next row starts after
    except csv.Error as error:
        raise FileRefused(
            file_name, [Problem(f"cannot be read as CSV ({error})", line=line)]
        ) from None
    return rows
