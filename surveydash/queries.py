"""SQL questions kept in queries/*.sql, one question a file, run by name with named parameters.

Each file starts with a header comment (see any file in queries/):
    -- name: event_headline
    -- question: ...  the question it answers, in the user's words
    -- parameters: $event_id (...)
    -- grain: one row per ...
    -- columns: a, b, c
The header is the query's documentation; tests check that every file has one and that the
parameters it lists are the ones its SQL uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd

from surveydash.settings import QUERIES_DIR

HEADER_FIELDS = ("name", "question", "parameters", "grain", "columns")
PARAMETER_PATTERN = re.compile(r"\$([a-z_][a-z0-9_]*)")


@dataclass(frozen=True)
class Query:
    name: str
    sql: str
    header: dict[str, str]

    @property
    def parameters(self) -> set[str]:
        body = "\n".join(
            line for line in self.sql.splitlines() if not line.lstrip().startswith("--")
        )
        return set(PARAMETER_PATTERN.findall(body))


def parse_header(text: str) -> dict[str, str]:
    """The `-- key: value` lines at the top of a query file (continuation lines fold in)."""
    header: dict[str, str] = {}
    last = None
    for line in text.splitlines():
        if not line.startswith("--"):
            break
        content = line[2:].strip()
        match = re.match(r"^([a-z]+):\s*(.*)$", content)
        if match and match.group(1) in HEADER_FIELDS:
            last = match.group(1)
            header[last] = match.group(2)
        elif last and content:
            header[last] += " " + content
    return header


@cache
def load_queries(directory: Path = QUERIES_DIR) -> dict[str, Query]:
    """Every query in the folder, by name."""
    queries = {}
    for path in sorted(Path(directory).glob("*.sql")):
        text = path.read_text(encoding="utf-8")
        header = parse_header(text)
        name = header.get("name", path.stem)
        queries[name] = Query(name, text, header)
    return queries


def run_query(cursor: duckdb.DuckDBPyConnection, name: str, **parameters) -> pd.DataFrame:
    """Run the named query with its parameters and return its rows as a DataFrame."""
    query = load_queries()[name]
    missing = query.parameters - parameters.keys()
    if missing:
        raise TypeError(f"query {name} needs {', '.join(sorted(missing))}")
    used = {key: value for key, value in parameters.items() if key in query.parameters}
    return cursor.execute(query.sql, used).df()
