"""Named limits and locations. Each value says why it is what it is."""

from __future__ import annotations

import os
import re
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = REPO_DIR / "data"
QUERIES_DIR = REPO_DIR / "queries"
DEMO_DIR = DATA_DIR / "demo"

# The database users get unless they say otherwise: git-ignored, built by `surveydash demo`.
DEFAULT_DB_PATH = DATA_DIR / "surveydash.duckdb"
DB_ENV_VAR = "SURVEYDASH_DB"

# Set to 1 by `surveydash serve --auth FILE` for the dashboard it starts: visitors must sign in
# (st.login) and hold a role in the `users` table. Unset, the dashboard is this machine's own
# user's, with every right (serve refuses a non-local address without --auth).
SIGN_IN_ENV_VAR = "SURVEYDASH_SIGN_IN"

# Answer breakdowns by respondent group never show a group smaller than this: with fewer than
# five respondents a reader who knows who attended can often tell who gave which answer.
# Five is the smallest cell size that statistical offices commonly publish.
DEFAULT_ANONYMITY_THRESHOLD = 5
ANONYMITY_ENV_VAR = "SURVEYDASH_ANONYMITY_THRESHOLD"

# DuckDB's working memory: its cache of data blocks, and the hash tables and sorts of queries and
# imports. What does not fit spills to a temporary folder beside the database. A process's
# peak is this plus ~170 MB of Python and libraries plus the allocator's slack: 300 MB keeps
# an import of a million rows under 600 MB in all with room to spare (measured side by side:
# 484 MB at 300 MB, 540 MB at 350 MB, up to 630 MB at 500 MB, in the same time) and one of
# ten million under 1 GB (staging its rows in memory would take 6 GB), and keeps a server with
# many sessions from growing to most of the machine's memory. The cost: an aggregation bigger
# than this runs partly from disk, more slowly.
DEFAULT_MEMORY_LIMIT = "300MB"
MEMORY_LIMIT_ENV_VAR = "SURVEYDASH_MEMORY_LIMIT"

# A registration export of a large forum is tens of thousands of rows (a few MB); 200 MB leaves
# room for multi-year exports while refusing an accidental upload of something that is not data.
MAX_UPLOAD_MB = 200

# -- Limits that protect the server from hostile or broken files -------------------------------
# Each is checked before the work it protects: a file breaking one is refused in well under two
# seconds, naming the file (and the row and column where there is one), and changes nothing.

# The largest file the command line imports: the benchmark's ten-million-row registrations CSV
# is about 1 GB; twice that still streams through DuckDB within its memory limit. Uploads are
# held to MAX_UPLOAD_MB (the browser sends the whole file to the server's memory first).
MAX_FILE_MB = 2048
# Rows of one file (the header not counted): twice the benchmark's largest import (ten million).
# An XLSX sheet holds at most 1,048,576 rows anyway.
MAX_ROWS = 20_000_000
# Columns of one file: the widest real export seen (SurveyMonkey with one column per option of
# every question) has a few hundred; a sheet as wide as Excel allows (16,384) is no survey, and
# staging one would take a column of every row for each.
MAX_COLUMNS = 2_000
# Characters in one cell: a long open answer is a few thousand characters (the longest seen in
# a real export: 56,000). Python's csv module, which the tool readers use, stops at 131,072.
MAX_CELL_CHARS = 100_000
# Bytes in one physical line of a CSV file: survey exports put all of a response's answers on one
# line; past this a line is not a response. DuckDB needs its read buffer above it.
MAX_CSV_LINE_BYTES = 10_000_000
# What an XLSX workbook's parts may hold once unzipped. XML is ten to twenty times larger than
# the cells it holds: 200 MB is a sheet of several million cells (over a minute in openpyxl).
# A zip bomb (a 3 MB workbook unzipping to gigabytes) is refused from the sizes the archive
# declares, before a byte is unzipped (Python's zipfile never reads past a declared size).
MAX_XLSX_UNCOMPRESSED_MB = 200
# The same, as a ratio of the unzipped to the zipped size, for the sheets of a workbook:
# real workbooks compress 5 to 20 times; a sheet compressing 1,000 times is repeated filler.
# Only large parts are judged by it (a small empty sheet compresses well too).
MAX_XLSX_COMPRESSION_RATIO = 1_000
XLSX_RATIO_CHECKED_FROM_MB = 10


def user_path(given: str | os.PathLike) -> Path:
    """A path as the user gave it, made absolute against the directory they gave it in.

    Resolved once, where the user typed it: `surveydash serve` hands the database to a
    Streamlit process that runs in dashboard/, where a relative path would name another
    (empty) file."""
    return Path(given).expanduser().resolve()


def database_path(explicit: str | os.PathLike | None = None) -> Path:
    """The database file to use, as an absolute path: the explicit path, else $SURVEYDASH_DB,
    else data/surveydash.duckdb."""
    if explicit:
        return user_path(explicit)
    from_env = os.environ.get(DB_ENV_VAR)
    return user_path(from_env) if from_env else DEFAULT_DB_PATH


def anonymity_threshold() -> int:
    """The smallest respondent group an answer breakdown may show (k)."""
    raw = os.environ.get(ANONYMITY_ENV_VAR)
    if raw is None:
        return DEFAULT_ANONYMITY_THRESHOLD
    value = int(raw)
    if value < 1:
        raise ValueError(f"{ANONYMITY_ENV_VAR} must be a whole number of at least 1, got {raw!r}")
    return value


def memory_limit() -> str:
    """DuckDB's memory limit, as DuckDB writes sizes ('500MB', '2GB')."""
    raw = os.environ.get(MEMORY_LIMIT_ENV_VAR, DEFAULT_MEMORY_LIMIT).strip()
    if not re.fullmatch(r"\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)", raw, re.IGNORECASE):
        raise ValueError(f"{MEMORY_LIMIT_ENV_VAR} must be a size like 500MB or 2GB, got {raw!r}")
    return raw


def sign_in_required() -> bool:
    """Whether the dashboard asks visitors to sign in (see SIGN_IN_ENV_VAR)."""
    return os.environ.get(SIGN_IN_ENV_VAR, "") == "1"
