"""Numbers as the pages show them, and CSV downloads that a spreadsheet cannot run."""

from __future__ import annotations

import csv
import io
import math

import pandas as pd
import pytest

from dashboard.formatting import (
    MISSING,
    csv_download_bytes,
    format_count,
    format_date,
    format_mean,
    format_pct,
    markdown_escape,
)


def read_download(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf"), "the download starts with a UTF-8 byte-order mark"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize(
    ("value", "shown"), [(693, "693"), (2536, "2,536"), (1234567, "1,234,567"), (0, "0")]
)
def test_counts_have_thousands_separators(value, shown):
    assert format_count(value) == shown


@pytest.mark.parametrize(
    ("value", "shown"), [(37.5, "37.5%"), (25, "25.0%"), (3.125, "3.1%"), (100.0, "100.0%")]
)
def test_shares_have_one_decimal(value, shown):
    assert format_pct(value) == shown


@pytest.mark.parametrize("missing", [None, math.nan, pd.NA])
def test_missing_figures_read_the_same_everywhere(missing):
    assert format_count(missing) == MISSING
    assert format_pct(missing) == MISSING
    assert format_mean(missing) == MISSING


def test_means_have_two_decimals_and_can_name_the_scale():
    assert format_mean(4.3125) == "4.31"
    assert format_mean(4.3125, 5) == "4.31 / 5"


@pytest.mark.parametrize(
    "formula", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]
)
def test_csv_download_prefixes_cells_a_spreadsheet_would_run(formula):
    frame = pd.DataFrame({"Answer": [formula, "A plain answer"], "n": [1, 2]})
    rows = read_download(csv_download_bytes(frame))
    assert rows[1][0] == "'" + formula
    assert rows[2] == ["A plain answer", "2"]


def test_csv_download_leaves_numbers_and_inner_signs_alone():
    frame = pd.DataFrame({"Share": [-3.5, 12.0], "Note": ["up 3 = good", "e-mail"]})
    rows = read_download(csv_download_bytes(frame))
    assert rows[1:] == [["-3.5", "up 3 = good"], ["12.0", "e-mail"]]


def test_csv_download_neutralizes_headers_too():
    frame = pd.DataFrame({"=cmd": ["x"]})
    assert read_download(csv_download_bytes(frame))[0] == ["'=cmd"]


def test_csv_download_does_not_change_the_frame_it_is_given():
    frame = pd.DataFrame({"Answer": ["=1+1"]})
    csv_download_bytes(frame)
    assert frame["Answer"].tolist() == ["=1+1"]


def test_markdown_escape_keeps_links_and_emphasis_from_forming():
    escaped = markdown_escape("[click](http://evil) *bold* <b>x</b>")
    assert "](" not in escaped.replace("\\]\\(", "")
    assert escaped.startswith("\\[click\\]\\(http\\:")
    assert "\\*bold\\*" in escaped and "\\<b\\>" in escaped


def test_dates_read_as_day_month_year_whether_given_as_dates_or_text():
    assert format_date("2022-09-06") == "6 Sep 2022"
    assert format_date(pd.Timestamp("2019-12-09")) == "9 Dec 2019"
    assert format_date(None) == MISSING
