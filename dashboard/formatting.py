"""Numbers as people read them, and tables as files a spreadsheet can open safely.

Pages format every number they show through these functions, so that a count reads "1,234"
and a share "37.5%" on every page, and a missing value reads the same everywhere.
"""

from __future__ import annotations

import math
from numbers import Number

import pandas as pd

from surveydash.table_files import csv_bytes, xlsx_bytes

# What a page shows where a figure does not exist (no answers yet, a rate over zero people).
MISSING = "–"


def _missing(value) -> bool:
    if value is None or value is pd.NA:
        return True
    return isinstance(value, float) and math.isnan(value)


def format_count(value) -> str:
    """693 -> '693', 2536 -> '2,536': whole numbers with thousands separators."""
    if _missing(value):
        return MISSING
    return f"{int(value):,}"


def format_scale(scale) -> str:
    """[1, 5] -> '1-5': a rating question's scale."""
    if scale is None or len(scale) != 2:
        return MISSING
    return f"{scale[0]}-{scale[1]}"


def format_with_interval(value, interval, suffix: str = "") -> str:
    """(82.8, [74.0, 91.5]) -> '82.8 (95% interval 74.0-91.5)': a figure with its interval;
    (None, [74.0, 91.5]) -> '(95% interval 74.0-91.5)' for a hover beside the figure."""
    shown = "" if value is None else (MISSING if _missing(value) else f"{value:.1f}{suffix}")
    if not interval:
        return shown
    bounds = f"(95% interval {interval[0]:.1f}{suffix}-{interval[1]:.1f}{suffix})"
    return f"{shown} {bounds}".strip()


def format_pct(value) -> str:
    """37.5 -> '37.5%', 25 -> '25.0%': a share out of 100 with one decimal."""
    if _missing(value):
        return MISSING
    return f"{float(value):,.1f}%"


def format_mean(value, scale_max: int | None = None) -> str:
    """4.3125 -> '4.31', or '4.31 / 5' with the top of the scale: a mean rating."""
    if _missing(value):
        return MISSING
    text = f"{float(value):.2f}"
    return f"{text} / {scale_max}" if scale_max else text


def format_date(value) -> str:
    """A date (or its ISO text) as '6 Sep 2022'."""
    if _missing(value) or value is pd.NaT:
        return MISSING
    return pd.Timestamp(value).strftime("%-d %b %Y")


def format_number(value) -> str:
    """A count, a share or a mean, each in its own format, for table cells of mixed rows."""
    if _missing(value):
        return MISSING
    if isinstance(value, Number) and float(value).is_integer():
        return format_count(value)
    return f"{float(value):,.2f}"


# Characters that Markdown (as st.markdown, st.caption and headings read it) gives a meaning.
MARKDOWN_SPECIALS = set("\\`*_{}[]()<>#+-.!|~$:")


def markdown_escape(text) -> str:
    """Text from a file (an event title, a question) for a Markdown element, shown exactly as
    written: no link, image, emphasis or formula can come out of it."""
    return "".join("\\" + ch if ch in MARKDOWN_SPECIALS else ch for ch in str(text))


def csv_download_bytes(frame: pd.DataFrame) -> bytes:
    """The table as CSV bytes for a download button, formula-like cells neutralized
    (surveydash.table_files.csv_bytes)."""
    return csv_bytes(frame)


def xlsx_download_bytes(frame: pd.DataFrame, sheet_name: str = "Table") -> bytes:
    """The table as an XLSX workbook for a download button: no cell is a formula or a link
    (surveydash.table_files.xlsx_bytes)."""
    return xlsx_bytes(frame, sheet_name)
