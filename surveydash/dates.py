"""The one date rule: how a column of dates and times written by people and tools is read.

A column is read under ONE convention, decided from all its values: `03/04/2022` alone could be
3 April or 4 March, but beside `13/02/2022` in the same column it is 4 March's day-first twin,
3 April. So a column is day-first when any of its slashed dates only makes sense day-first (a
dotted date, 07.02.2025, always counts day-first: no one writes those month-first), month-first
when any only makes sense month-first, and otherwise the tool's habit
(`prefer_day_first`; month-first, the US style Zoom, Google, SurveyMonkey and Microsoft write by
default). When a column holds evidence both ways, the convention with more evidence wins and
the values against it are not dates of that column: the importer names their rows.

What a tool writes around a date is dropped before reading it: a weekday (`Tue, May 5, 2026
2:40 PM CDT`, Zoom's current webinar export), a time zone (`GMT+9`, `CDT`, `+02:00`, `Z`): the
time is stored as written, because event dates are local dates and converting to UTC would move
a late-evening answer to the next day. Spanish `a. m.` / `p. m.` read as AM / PM.

Each distinct value is parsed once, with the format that read the previous value tried first, so
a million rows in one format cost a million dictionary look-ups, not a million format searches.
Readers use `DateColumn`; the importer asks `sql_formats` for the formats DuckDB reads a staged
column with, decided by `convention_from_evidence` from what the whole column holds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import datetime

DAY_FIRST = "day-first"
MONTH_FIRST = "month-first"

ISO_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M:%S.%f",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %I:%M:%S %p",
    "%Y/%m/%d %I:%M %p",
    "%Y/%m/%d %H:%M",
    "%Y/%m/%d",
)
# Month names are English only: the tools that write them (Zoom, Eventbrite) write English
# month names in every account language this project has seen.
WORDED_FORMATS = (
    "%b %d, %Y %H:%M:%S",  # Mar 22, 2025 19:13:27 (Zoom webinar rows)
    "%b %d, %Y %I:%M:%S %p",
    "%b %d, %Y %I:%M %p",  # May 5, 2026 2:40 PM (Zoom preamble, Zoom's People export)
    "%b %d, %Y %H:%M",
    "%b %d, %Y",
    "%B %d, %Y %I:%M:%S %p",
    "%B %d, %Y %I:%M %p",
    "%B %d, %Y %H:%M",
    "%B %d, %Y",
    "%d %b %Y %H:%M:%S",
    "%d %b %Y %H:%M",
    "%d %b %Y",
    "%d %B %Y %H:%M",
    "%d %B %Y",
    # Excel's "d-mmm-yy" formats, which an export re-saved from Excel keeps ("22-Mar-25 19:13").
    "%d-%b-%Y %H:%M:%S",
    "%d-%b-%Y %H:%M",
    "%d-%b-%Y",
    "%d-%b-%y %H:%M:%S",
    "%d-%b-%y %H:%M",
    "%d-%b-%y",
)
# "19.07.17": the time as an Italian-locale Google Sheet writes it.
_TIMES = ("%H:%M:%S", "%I:%M:%S %p", "%H:%M", "%I:%M %p", "%H.%M.%S", "%H.%M", "")
MONTH_FIRST_FORMATS = tuple(
    f"%m/%d/{year} {time}".strip() for year in ("%Y", "%y") for time in _TIMES
)
DAY_FIRST_FORMATS = tuple(
    f"%d{sep}%m{sep}{year} {time}".strip()
    for sep in ("/", ".", "-")
    for year in ("%Y", "%y")
    for time in _TIMES
)

# A date written with its day or month first: the two numbers before the year.
_SLASHED = re.compile(r"^(?P<first>\d{1,2})(?P<sep>[/.\-])(?P<second>\d{1,2})(?P=sep)\d{2,4}\b")
_WEEKDAY = re.compile(
    r"^(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+", re.IGNORECASE
)
# A zone after the time: an offset (+02:00, Z) right after a time, or a zone's name or GMT/UTC
# offset after the time or AM/PM (GMT+9, UTC-05:00, CDT, CEST). Zone names are 2-5 capitals;
# AM and PM are none.
_OFFSET = re.compile(r"(\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?)\s*(?:Z|[+-]\d{2}:?\d{2})$")
_ZONE_NAME = re.compile(
    r"(?<=[\dM])\s*(?:(?:GMT|UTC)\s*(?:[+-]\d{1,2}(?::?\d{2})?)?|(?<=\s)(?!AM$|PM$)[A-Z]{2,5})$"
)
_ISO_T = re.compile(r"^(\d{4}-\d{2}-\d{2})T")
_SPANISH_MERIDIEM = (
    (re.compile(r"\s*a\.?\s?m\.?$", re.IGNORECASE), " AM"),
    (re.compile(r"\s*p\.?\s?m\.?$", re.IGNORECASE), " PM"),
)


def clean_date_text(value: str) -> str:
    """The date as the formats read it: spaces single, weekday and time zone dropped."""
    text = " ".join(value.split())
    text = _WEEKDAY.sub("", text)
    text = _OFFSET.sub(r"\1", text)
    text = _ZONE_NAME.sub("", text)
    for pattern, replacement in _SPANISH_MERIDIEM:
        text = pattern.sub(replacement, text)
    return _ISO_T.sub(r"\1 ", text).strip()


def is_day_or_month_first(value: str) -> bool:
    """True for a date written with its day or month first (03/04/2022, 3.4.22)."""
    return _SLASHED.match(value.strip()) is not None


def evidence(values: Iterable[str | None]) -> tuple[int, int]:
    """(values that only make sense day-first, values that only make sense month-first)."""
    day_first = month_first = 0
    for value in values:
        if not value:
            continue
        found = _SLASHED.match(value.strip())
        if found is None:
            continue
        first, second = int(found["first"]), int(found["second"])
        if found["sep"] == ".":
            # Dotted dates (07.02.2025) are written day-first wherever they are written:
            # German, Russian, Scandinavian locales; no tool writes them month-first.
            day_first += 1
        elif first > 12 >= second:
            day_first += 1
        elif second > 12 >= first:
            month_first += 1
    return day_first, month_first


def convention_from_evidence(
    day_first_values: int, month_first_values: int, *, prefer_day_first: bool = False
) -> str:
    """The convention a column is read under, from the counts `evidence` gives for ALL of it."""
    if day_first_values > month_first_values:
        return DAY_FIRST
    if month_first_values > day_first_values:
        return MONTH_FIRST
    return DAY_FIRST if prefer_day_first else MONTH_FIRST


def formats_for(convention: str) -> tuple[str, ...]:
    """Every format a column of this convention is read with (Python's strptime spelling)."""
    slashed = DAY_FIRST_FORMATS if convention == DAY_FIRST else MONTH_FIRST_FORMATS
    return ISO_FORMATS + WORDED_FORMATS + slashed


class DateColumn:
    """One column of dates, read under the one convention all its values decide.

    `parse(value)` gives a datetime or None (not a date of this column); each distinct value is
    read once."""

    def __init__(self, values: Iterable[str | None], *, prefer_day_first: bool = False):
        distinct = list(dict.fromkeys(v for v in values if v))
        self.convention = convention_from_evidence(
            *evidence(distinct), prefer_day_first=prefer_day_first
        )
        self._formats = list(formats_for(self.convention))
        self._parsed: dict[str, datetime | None] = {}
        for value in distinct:
            self.parse(value)

    def parse(self, value: str | None) -> datetime | None:
        if not value:
            return None
        if value in self._parsed:
            return self._parsed[value]
        parsed = _parse_with(clean_date_text(value), self._formats)
        self._parsed[value] = parsed
        return parsed

    def iso(self, value: str | None) -> str | None:
        """The value as ISO text ('2025-03-22 19:13:27'); a value that is no date of this column
        is passed on as written, so that the importer names its row and column."""
        if not value:
            return None
        parsed = self.parse(value)
        return value if parsed is None else parsed.strftime("%Y-%m-%d %H:%M:%S")

    @property
    def formats_seen(self) -> list[str]:
        """The formats that read this column's values, most recently useful first."""
        return list(self._formats)


def iso_column(values: Sequence[str | None], *, prefer_day_first: bool = False) -> list:
    """A column's values as ISO text under the column's one convention (see `DateColumn.iso`)."""
    column = DateColumn(values, prefer_day_first=prefer_day_first)
    return [column.iso(value) for value in values]


def _parse_with(text: str, formats: list[str]) -> datetime | None:
    """Parse with the formats, moving the one that worked to the front for the next value."""
    for index, date_format in enumerate(formats):
        try:
            parsed = datetime.strptime(text, date_format)
        except ValueError:
            continue
        if index:
            formats.insert(0, formats.pop(index))
        return parsed
    try:
        # ISO 8601 with an offset or fractions strptime above did not take.
        return datetime.fromisoformat(text).replace(tzinfo=None)
    except ValueError:
        return None


# -- the importer's staged columns, read by DuckDB ------------------------------------------------

# The distinct values of a staged column looked at to order its formats: enough to see every
# format one export mixes, few enough to read in no time.
FORMAT_SAMPLE_VALUES = 2_000

# DuckDB's strptime reads these formats as Python does; the pattern finds a slashed date's first
# two numbers so that the whole column's evidence is counted in SQL, in one pass.
SQL_DAY_FIRST_EVIDENCE = (
    r"^\s*((1[3-9]|2[0-9]|3[01])[/.-](0?[1-9]|1[0-2])[/.-]|[0-9]{1,2}\.[0-9]{1,2}\.)[0-9]{2,4}"
)
SQL_MONTH_FIRST_EVIDENCE = r"^\s*(0?[1-9]|1[0-2])[/-](1[3-9]|2[0-9]|3[01])[/-][0-9]{2,4}"


def sql_formats(convention: str, sample: Sequence[str]) -> list[str]:
    """The formats DuckDB reads a column of this convention with, those that read the `sample`
    first: DuckDB tries them in order, so the column's own format costs one attempt per row."""
    column_formats = list(formats_for(convention))
    used: dict[str, int] = {}
    for value in sample:
        text = " ".join(value.split())
        for date_format in column_formats:
            try:
                datetime.strptime(text, date_format)
            except ValueError:
                continue
            used[date_format] = used.get(date_format, 0) + 1
            break
    first = sorted(used, key=lambda f: -used[f])
    return first + [f for f in column_formats if f not in used]


# What tools write in a date cell for "no date": no value, as a blank cell.
NO_DATE_WRITTEN = ("N/A", "n/a", "NA", "--", "-")
_ISO_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")


def sql_parse_expression(column: str, formats: Sequence[str], sample: Sequence[str]) -> str:
    """DuckDB SQL reading a staged text column as timestamps (null for what it cannot read).

    A column whose sample is ISO text is cast (DuckDB's own ISO reading, several times faster
    than strptime), strptime taking only what the cast cannot; any other column is read with
    strptime and the formats, the sample's own first."""
    quoted = ", ".join("'" + f.replace("'", "''") + "'" for f in formats)
    strptime = f"try_strptime(trim({column}), [{quoted}])"
    if sample and all(_ISO_TIMESTAMP.match(value) for value in sample):
        return f"coalesce(try_cast({column} as timestamp), {strptime})"
    return strptime
