"""Reading the files event tools export as they come: a preamble, titled sections, each with a
header row of its own, rows padded with trailing delimiters, '--' for "nothing here", dates in
the tool's own style. Zoom and Eventbrite readers share these.

Every row keeps the line of the file it starts on, so that a message about it, and the `_row`
the importer records, point at the line the user sees in a spreadsheet or text editor.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import pandas as pd

from surveydash.countries import normalize_key
from surveydash.readers import FileSample, StagedKind, stage_frame
from surveydash.readers.generic import normalize_header
from surveydash.readers.rows import read_file_rows, read_text
from surveydash.tabular import SNIFF_BYTES, FileRefused, Problem

# What Zoom writes in a cell it has nothing for (the join time of a registrant who never came:
# '--' in older reports, 'N/A' in the current webinar export), compared in lower case.
BLANK_CELLS = frozenset({"", "--", "n/a"})
DELIMITERS = (",", ";", "\t")
# Rows looked at to recognise a file: enough for Zoom's preamble and the first section headers.
DETECT_ROWS = 40


@dataclass(frozen=True)
class SourceRow:
    """One row of the file: the line it starts on (1 = first line) and its cells, stripped."""

    line: int
    cells: list[str]

    def is_blank(self) -> bool:
        return all(cell == "" for cell in self.cells)

    def filled(self) -> list[str]:
        """The cells without the padding of empty cells Zoom adds at the end of a row."""
        cells = list(self.cells)
        while cells and cells[-1] == "":
            cells.pop()
        return cells

    def first(self) -> str:
        return self.cells[0] if self.cells else ""


@dataclass(frozen=True)
class Record:
    """One data row of a table, its values by header (blank and '--' cells as None)."""

    line: int
    values: dict[str, str | None]

    def get(self, header: str | None) -> str | None:
        return None if header is None else self.values.get(header)


@dataclass
class Table:
    """A header row and the data rows under it, up to the next section or the end."""

    title: str | None
    header: list[str]
    header_line: int
    rows: list[SourceRow] = field(default_factory=list)

    def records(self, problems: list[Problem]) -> list[Record]:
        """The rows as records; a row with values beyond the header's last column cannot be
        read safely (its cells may be shifted), so it is left out and named in `problems`."""
        width = len(self.header)
        records = []
        for row in self.rows:
            filled = row.filled()
            if len(filled) > width:
                problems.append(
                    Problem(
                        f"has {len(filled)} values but the header of its table (line "
                        f"{self.header_line}) names {width} columns",
                        line=row.line,
                    )
                )
                continue
            cells = filled + [""] * (width - len(filled))
            records.append(
                Record(
                    row.line, {h: cell_value(c) for h, c in zip(self.header, cells, strict=True)}
                )
            )
        return records

    def column(self, *names: str) -> str | None:
        """The header of this table named like one of `names` (ignoring case and punctuation)."""
        return find_column(self.header, *names)


def cell_value(text: str | None) -> str | None:
    """A cell's value: None for blank and for Zoom's '--'."""
    if text is None:
        return None
    text = text.strip()
    return None if text.casefold() in BLANK_CELLS else text


def find_column(headers: Iterable[str], *names: str) -> str | None:
    """The first header that is one of `names` once case, spaces and punctuation are ignored
    ('Time in Session (minutes)' is 'time in session minutes'); None when there is none."""
    keys = {normalize_header(name) for name in names}
    for header in headers:
        if normalize_header(header) in keys:
            return header
    return None


def header_keys(cells: Iterable[str | None]) -> set[str]:
    return {normalize_header(cell or "") for cell in cells if cell}


# -- reading the rows ---------------------------------------------------------------------------


def read_rows(sample: FileSample) -> list[SourceRow]:
    """Every row of the file with its line number, cells stripped; XLSX rows are lines too.
    Read through the one row layer (surveydash.readers.rows), split with the delimiter the
    whole layout fits (see choose_delimiter)."""
    delimiter = None
    if sample.format.kind != "xlsx":
        delimiter = choose_delimiter(read_text(sample), sample.format.delimiter)
    return [SourceRow(row.line, row.cells) for row in read_file_rows(sample, delimiter=delimiter)]


def saved_by_a_day_first_spreadsheet(sample: FileSample) -> bool:
    """True for a CSV split by ';': the file was saved again by a spreadsheet (Excel, LibreOffice)
    in a locale whose decimal mark is the comma, so its list separator is ';'. Those locales
    (continental Europe, Latin America, Africa's French- and Portuguese-speaking countries) all
    write dates day-first: `05/08/2022 10:23` there is 5 August. Zoom and Eventbrite never write
    ';' themselves, so a date column of such a file that holds no day above 12 is read day-first
    rather than in the tools' own month-first habit. Only the start of the file is looked at."""
    if sample.format.kind == "xlsx":
        return False  # a workbook stores dates as dates: no convention to guess
    with open(sample.path, encoding=sample.format.encoding, newline="", errors="replace") as handle:
        text = handle.read(SNIFF_BYTES).lstrip("\ufeff")
    return choose_delimiter(text, sample.format.delimiter) == ";"


def detect_rows(sample: FileSample) -> list[list[str]]:
    """The first rows of the file, split with the delimiter the whole layout fits.

    The sample's own rows were split with a delimiter chosen from the first line, which in a
    file with a preamble is a one-cell title: a semicolon-separated Zoom report would look like
    one column. So the start of the file is read again here."""
    if sample.format.kind == "xlsx":
        return [[(cell or "").strip() for cell in row] for row in sample.rows]
    with open(sample.path, encoding=sample.format.encoding, newline="", errors="replace") as handle:
        text = handle.read(SNIFF_BYTES).lstrip("\ufeff")
    delimiter = choose_delimiter(text, sample.format.delimiter)
    rows = []
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        for row in reader:
            rows.append([cell.strip() for cell in row])
            if len(rows) >= DETECT_ROWS:
                break
    except csv.Error:
        pass  # a sample cut mid-quote: the rows so far are enough to recognise it
    return rows


def choose_delimiter(text: str, detected: str | None) -> str:
    """The delimiter that splits the most lines into several cells.

    Counting lines rather than looking at the first one copes with a preamble; the delimiter
    `detect_format` chose wins ties, so a plain one-table file reads as it always did."""
    lines = [line for line in text.splitlines()[:60] if line.strip()]
    candidates = [detected] if detected in DELIMITERS else []
    candidates += [d for d in DELIMITERS if d not in candidates]
    best, best_count = candidates[0], -1
    for delimiter in candidates:
        try:
            rows = list(csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter))
        except csv.Error:
            continue
        count = sum(1 for row in rows if len([c for c in row if c.strip()]) >= 2)
        if count > best_count:
            best, best_count = delimiter, count
    return best


# -- what a column holds, from its values ------------------------------------------------------

EMAIL_VALUE = re.compile(r"^[^@\s,;]+@[^@\s,;]+\.[^@\s,;]+$")
WHOLE_NUMBER = re.compile(r"^\d{1,6}$")
# A column is taken for what its values say when at least this share of its filled cells say
# it (a guest's blank address, a registrant's '--' join time are no evidence either way).
VALUE_SHARE = 0.8


def column_cells(rows: list[SourceRow], position: int) -> list[str]:
    """The filled cells of one column (blank and '--' left out)."""
    cells = [row.cells[position] if position < len(row.cells) else "" for row in rows]
    return [cell for cell in cells if cell_value(cell) is not None]


def share_of(cells: list[str], accepts: Callable[[str], bool]) -> float:
    return sum(1 for cell in cells if accepts(cell)) / len(cells) if cells else 0.0


def note_recognised(part: KindRows, recognised: dict[str, str]) -> None:
    """Put back in a part's column map the file's headers that the tool's own names stood in
    for (`recognised`: the name used -> the file's header), and list those columns as
    recognised from their values (a report in a language whose headers the reader does not
    know), for the import report."""
    if not recognised:
        return
    part.recognised_from_values = [recognised[h] for h in part.column_map if h in recognised]
    part.column_map = {
        recognised.get(header, header): field for header, field in part.column_map.items()
    }


# -- sections ----------------------------------------------------------------------------------


def split_sections(
    rows: list[SourceRow], is_title: Callable[[str], bool]
) -> tuple[list[SourceRow], list[Table]]:
    """The rows before the first section (the preamble) and the titled sections.

    A section opens with a row whose first cell `is_title` accepts and whose other cells are
    empty (Zoom pads it with delimiters); the next non-blank row is its header. Titles are
    matched on the first cell only, so the padding never matters."""
    preamble: list[SourceRow] = []
    tables: list[Table] = []
    pending_title: str | None = None
    for row in rows:
        if row.is_blank():
            continue
        filled = row.filled()
        if len(filled) == 1 and is_title(filled[0]):
            pending_title = filled[0]
            continue
        if pending_title is not None:
            tables.append(Table(pending_title, filled, row.line))
            pending_title = None
        elif tables:
            tables[-1].rows.append(row)
        else:
            preamble.append(row)
    return preamble, tables


def table_under_header(
    rows: list[SourceRow], is_header: Callable[[list[str]], bool], stop: Callable | None = None
) -> Table | None:
    """The table whose header row `is_header` accepts: that row and the non-blank rows after it
    (up to a row `stop` accepts, if given)."""
    table = None
    for row in rows:
        if table is None:
            if not row.is_blank() and is_header(row.filled()):
                table = Table(None, row.filled(), row.line)
            continue
        if row.is_blank():
            continue
        if stop is not None and stop(row):
            break
        table.rows.append(row)
    return table


# -- registration answers ----------------------------------------------------------------------

# Registration form questions that give a registrant's attributes, matched on the question's
# wording (normalized: lower case, punctuation as spaces). Tried in order; for each field the
# first tier with a matching column wins, so a custom question beats a tool's standard field.
ANSWER_PATTERNS: dict[str, tuple[re.Pattern, ...]] = {
    "sector": (
        re.compile(r"\bsector\b"),
        re.compile(r"\btype of (your )?(organi[sz]ation|institution|entity|employer)\b"),
        re.compile(r"\b(organi[sz]ation|institution|entity) type\b"),
        re.compile(r"^industry$"),  # Zoom's standard Industry field, a weaker stand-in
    ),
    "organization": (
        re.compile(
            r"^(name of )?(your )?(organi[sz]ation|institution|organi[sz]ation institution|"
            r"institution organi[sz]ation|affiliation|employer|agency)( full)?( name)?$"
        ),
        re.compile(r"^company( name)?$"),  # Eventbrite's standard Company field
    ),
    "gender": (re.compile(r"^(gender|sex)\b"),),
}


# A registration question asking for the country, in the languages the tools' reports are
# written in (a Spanish Zoom webinar report's custom question `País`).
COUNTRY_WORDS = frozenset({"country", "pais", "pays", "paese"})


def answer_columns(
    headers: list[str],
    *,
    skip: set[str],
    country_fallbacks: tuple[str, ...] = (),
    overrides: dict[str, str] | None = None,
    file_name: str,
) -> dict[str, list[str]]:
    """Which columns give each registrant attribute (country, sector, organization, gender),
    best first: a later column is read only where the earlier ones are blank.

    `skip` are the tool's own columns (never questions); `country_fallbacks` are tool fields
    that give a country less reliably than the registrant's own answer (Zoom's IP-derived
    'Country/Region Name', Eventbrite's address). `overrides` (header -> field or 'ignore')
    are the user's corrections."""
    overrides = overrides or {}
    fallback_keys = {normalize_header(h) for h in country_fallbacks}
    chosen: dict[str, list[str]] = {}
    for header, target in overrides.items():
        if header not in headers or target == "ignore":
            continue
        if target not in ("country", *ANSWER_PATTERNS):
            raise FileRefused(
                file_name,
                [
                    Problem(
                        f"column '{header}' cannot be mapped to '{target}': this report's "
                        "questions can give country, sector, organization or gender",
                        column=header,
                    )
                ],
            )
        chosen.setdefault(target, []).append(header)
    questions = [
        h
        for h in headers
        if h and h not in skip and h not in overrides and normalize_header(h) not in fallback_keys
    ]
    country = [h for h in questions if COUNTRY_WORDS & set(normalize_key(h).split())]
    chosen.setdefault("country", []).extend(country)
    for fallback in country_fallbacks:
        header = find_column(headers, fallback)
        if header is not None and header not in overrides:
            chosen["country"].append(header)
    for target, patterns in ANSWER_PATTERNS.items():
        if target in chosen:
            continue
        for pattern in patterns:
            matches = [
                h for h in questions if h not in country and pattern.search(normalize_key(h))
            ]
            if matches:
                chosen[target] = matches[:1]
                break
    return {target: headers_ for target, headers_ in chosen.items() if headers_}


def first_answer(record: Record, headers: list[str]) -> str | None:
    for header in headers:
        value = record.get(header)
        if value is not None:
            return value
    return None


# -- staging -----------------------------------------------------------------------------------


class Exclusions:
    """Rows left out on purpose, counted by reason, in the order reasons first occur."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}

    def add(self, reason: str, rows: int = 1) -> None:
        self.counts[reason] = self.counts.get(reason, 0) + rows


def stage_rows(
    cursor,
    kind: str,
    rows: list[dict],
    fields: list[str],
    *,
    rows_read: int,
    column_map: dict[str, str],
    excluded: Exclusions,
    problems: list[Problem] | None = None,
    recognised_from_values: list[str] | None = None,
) -> StagedKind:
    """Stage parsed rows (dicts with `_row` and the fields) as `staged_<kind>`."""
    frame = pd.DataFrame(
        [[row["_row"], *(row.get(f) for f in fields)] for row in rows],
        columns=["_row", *fields],
    )
    return stage_frame(
        cursor,
        frame,
        kind,
        rows_read=rows_read,
        column_map=column_map,
        excluded=excluded.counts,
        problems=problems,
        recognised_from_values=recognised_from_values,
    )


# The registration fields a report's own questions may give ("Country/Region", "Organization").
ATTRIBUTE_FIELDS = ("country", "sector", "organization", "gender")


def kind_columns(
    email_column: str,
    named: dict[str, str | None],
    answers: dict[str, list[str]] | None = None,
) -> tuple[list[str], dict[str, str]]:
    """The fields a kind is staged with and its column map (file header -> field): the
    e-mail, the report's named columns it has (field -> header, None when absent) and the
    registration attributes its questions answer (field -> headers)."""
    answers = answers or {}
    fields = ["email", *(f for f, h in named.items() if h)]
    fields += [f for f in ATTRIBUTE_FIELDS if f in answers]
    column_map = {email_column: "email", **{h: f for f, h in named.items() if h}}
    column_map.update({h: f for f, headers in answers.items() for h in headers})
    return fields, column_map


@dataclass
class KindRows:
    """The rows a report gives one kind, with what staging them needs."""

    kind: str
    rows: list[dict]
    fields: list[str]
    column_map: dict[str, str]
    excluded: Exclusions
    # The file's headers of the columns recognised from their values (see note_recognised).
    recognised_from_values: list[str] = field(default_factory=list)


def stage_kinds(
    cursor,
    chosen: Iterable[str],
    parts: list[KindRows],
    *,
    rows_read: int,
    problems: list[Problem],
) -> list[StagedKind]:
    """Stage the parts whose kind was chosen, in their order. The rows that could not be read
    are reported once, with the first kind staged."""
    chosen = set(chosen)
    staged = [
        stage_rows(
            cursor,
            part.kind,
            part.rows,
            part.fields,
            rows_read=rows_read,
            column_map=part.column_map,
            excluded=part.excluded,
            recognised_from_values=part.recognised_from_values,
        )
        for part in parts
        if part.kind in chosen
    ]
    staged[0].problems.extend(problems)
    return staged


def kinds_to_stage(
    kind: str | None, available: tuple[str, ...], label: str, file_name: str
) -> tuple[str, ...]:
    """The kinds to stage: all the report holds, or the one the user chose if it holds it."""
    if kind is None:
        return available
    if kind not in available:
        raise FileRefused(
            file_name,
            [Problem(f"is a {label}: it holds {' and '.join(available)}, not {kind}")],
        )
    return (kind,)


def email_key(value: str | None) -> str | None:
    """How a person is recognised across rows: the e-mail, trimmed and in lower case."""
    return value.strip().lower() if value else None
