"""Tables as files a spreadsheet opens safely: CSV and XLSX, for downloads and the command line.

A spreadsheet treats a cell that starts with = + - @ (or, after it splits the cell, a tab or a
carriage return) as a formula, so a participant who types "=HYPERLINK(...)" into a survey could
make it run on the analyst's machine. CSV cells that start so are prefixed with a single quote
(OWASP's advice for CSV injection), which spreadsheets show as text. XLSX cells are written by
xlsxwriter with `strings_to_formulas` and `strings_to_urls` off: every text is a text cell, as
written, never a formula or a link (pandas' default engine, openpyxl, writes "=..." as a
formula).
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# Excel's limit for a sheet's name.
SHEET_NAME_MAX_CHARACTERS = 31
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TABLE_FORMATS = (".csv", ".xlsx")


class TableFormatError(ValueError):
    """The file name asks for a format tables are not written in."""


def neutralize_cell(value):
    """A text cell that a spreadsheet would run as a formula, prefixed with a single quote;
    every other value unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """The table as CSV: UTF-8 with a byte-order mark (so that Excel reads accents right), CRLF
    line ends, and every text cell and header that starts like a formula prefixed with a quote."""
    safe = frame.copy()
    safe.columns = [neutralize_cell(str(column)) for column in safe.columns]
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralize_cell)
    # CRLF line ends, as RFC 4180 and Excel expect; they also make the writer quote a cell that
    # holds a bare carriage return, which would otherwise split its row.
    return safe.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def xlsx_bytes(frame: pd.DataFrame, sheet_name: str = "Table") -> bytes:
    """The table as an XLSX workbook of one sheet: texts as text cells (never formulas or
    links), numbers as numbers, the header row bold and frozen."""
    written = io.BytesIO()
    options = {"strings_to_formulas": False, "strings_to_urls": False}
    sheet_name = "".join(ch for ch in sheet_name if ch not in "[]:*?/\\")[
        :SHEET_NAME_MAX_CHARACTERS
    ]
    with pd.ExcelWriter(written, engine="xlsxwriter", engine_kwargs={"options": options}) as book:
        frame.to_excel(book, sheet_name=sheet_name or "Table", index=False)
        sheet = book.sheets[sheet_name or "Table"]
        sheet.freeze_panes(1, 0)
        for position, column in enumerate(frame.columns):
            longest = max([len(str(column))] + [len(str(v)) for v in frame[column].head(200)])
            sheet.set_column(position, position, min(max(longest + 2, 8), 60))
    return written.getvalue()


def table_bytes(frame: pd.DataFrame, suffix: str, sheet_name: str = "Table") -> bytes:
    """The table as the file an extension names ('.csv' or '.xlsx')."""
    if suffix == ".csv":
        return csv_bytes(frame)
    if suffix == ".xlsx":
        return xlsx_bytes(frame, sheet_name)
    raise TableFormatError(f"tables are written as .csv or .xlsx, not '{suffix or 'no extension'}'")


def write_table(frame: pd.DataFrame, path: str | Path, sheet_name: str = "Table") -> Path:
    """Write the table to `path` as CSV or XLSX (by its extension); the file appears whole or
    not at all."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in TABLE_FORMATS:
        raise TableFormatError(
            f"{path.name}: tables are written as .csv or .xlsx; the file name's extension "
            "chooses which"
        )
    content = table_bytes(frame, suffix, sheet_name)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(content)
    partial.replace(path)
    return path
