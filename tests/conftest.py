"""Shared fixtures: fresh databases for each test, one demo database per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from surveydash.db import Database
from surveydash.demo import build_demo
from surveydash.events import EventSpec, add_event


@pytest.fixture
def db():
    """A fresh, empty in-memory database, closed after the test."""
    database = Database(":memory:")
    yield database
    database.close()


@pytest.fixture
def event_db(db):
    """A fresh database with one event, `forum-2022` (2022-09-06, virtual)."""
    add_event(db, EventSpec("forum-2022", "Test Forum 2022", "2022-09-06", format="virtual"))
    return db


@pytest.fixture(scope="session")
def demo_db_path(tmp_path_factory) -> Path:
    """The demo database built once per test session (per worker) through the real importer.
    Tests must not write to it: copy it, or use `db`, to change data."""
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    build_demo(path)
    return path


@pytest.fixture
def demo_db(demo_db_path):
    """The session's demo database, opened for one test."""
    database = Database(demo_db_path)
    yield database
    database.close()


def write_csv(path: Path, text: str, encoding: str = "utf-8") -> Path:
    """Write a test file exactly as given (newlines as written)."""
    path.write_bytes(text.encode(encoding))
    return path


def base_tables(cursor) -> list[str]:
    """The names of the database's tables (not views), in name order: what tests search or
    compare whole."""
    return [
        name
        for (name,) in cursor.execute(
            "select table_name from information_schema.tables "
            "where table_type = 'BASE TABLE' and table_schema = 'main' order by table_name"
        ).fetchall()
    ]
