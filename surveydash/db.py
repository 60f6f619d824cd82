"""The database: one DuckDB file, its schema and migrations, and the one way to write to it.

One process holds the file (DuckDB lets no second process open it, even read-only). Inside
that process, readers take a cursor each from one shared connection, because a DuckDB
connection refuses concurrent calls from several threads, and Streamlit runs each session in
a thread of its own. Writes go through `Database.writing()`: serialized by a lock, run in one
transaction, and they bump the data version that caches key on.
"""

from __future__ import annotations

import functools
import secrets
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import duckdb

from surveydash.settings import DATA_DIR, memory_limit

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
REFERENCE_DIR = DATA_DIR / "reference"


def _migrations() -> list[tuple[int, Path]]:
    found = []
    for path in sorted(MIGRATIONS_DIR.glob("*.sql")):
        found.append((int(path.name.split("_", 1)[0]), path))
    return found


SCHEMA_VERSION = _migrations()[-1][0]


# Set by a migration that leaves the stored per-event figures to be computed again.
STALE_FIGURES_KEY = "event_figures_stale"


class DatabaseError(Exception):
    """The database cannot be opened or is of a newer schema than this program knows."""


class Database:
    """A surveydash database: call `cursor()` to read, `writing()` to write."""

    def __init__(self, path: str | Path = ":memory:", *, read_only: bool = False):
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self._connection = duckdb.connect(
                self.path, read_only=read_only, config={"memory_limit": memory_limit()}
            )
        except duckdb.IOException as error:
            if "lock" in str(error).lower():
                raise DatabaseError(
                    f"cannot open the database {self.path}: another process holds it (a running "
                    "dashboard, say). Stop it, import on the dashboard's Upload page, or use --db."
                ) from error
            raise DatabaseError(
                f"cannot open {self.path} as a surveydash database: {error}"
            ) from error
        self._write_lock = threading.RLock()
        if not read_only:
            try:
                self._migrate()
                self._load_reference()
                self._store_stale_figures()
            except BaseException:
                # A refused (newer) database must not stay open: the file would be held until
                # the process ends.
                self._connection.close()
                raise

    # -- reading -------------------------------------------------------------------------------
    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A cursor of its own for one use (one thread, one page run)."""
        return self._connection.cursor()

    def meta(self, key: str) -> str | None:
        cursor = self.cursor()
        try:
            row = cursor.execute("select value from meta where key = ?", [key]).fetchall()
        finally:
            cursor.close()
        return row[0][0] if row else None

    @property
    def schema_version(self) -> int:
        return int(self.meta("schema_version") or 0)

    @property
    def data_version(self) -> int:
        """Bumped by every write: cached query results are keyed on it."""
        return int(self.meta("data_version") or 0)

    @property
    def salt(self) -> str:
        return self.meta("participant_salt") or ""

    # -- writing -------------------------------------------------------------------------------
    @property
    def write_lock(self) -> threading.RLock:
        """The lock every write transaction holds, for writers that need a cursor of their own
        (the importer's staging tables live on its cursor)."""
        return self._write_lock

    def writing(
        self, cursor: duckdb.DuckDBPyConnection | None = None
    ) -> AbstractContextManager[duckdb.DuckDBPyConnection]:
        """A cursor inside one transaction: committed (and the data version bumped) when the
        block ends, rolled back entirely when it raises. Writers queue on a lock. A writer
        whose temporary tables live on a cursor of its own (the importer's staged file) passes
        that cursor; it stays open after the block."""
        return self._transaction(bump_data_version=True, cursor=cursor)

    @contextmanager
    def _transaction(
        self, *, bump_data_version: bool, cursor: duckdb.DuckDBPyConnection | None = None
    ) -> Iterator[duckdb.DuckDBPyConnection]:
        own_cursor = cursor is None
        with self._write_lock:
            cursor = self.cursor() if own_cursor else cursor
            cursor.begin()
            try:
                yield cursor
                if bump_data_version:
                    cursor.execute(
                        "update meta set value = cast(cast(value as bigint) + 1 as varchar) "
                        "where key = 'data_version'"
                    )
                cursor.commit()
            except BaseException:
                cursor.rollback()
                raise
            finally:
                if own_cursor:
                    cursor.close()

    def close(self) -> None:
        self._connection.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    # -- schema --------------------------------------------------------------------------------
    def _migrate(self) -> None:
        cursor = self.cursor()
        try:
            has_meta = cursor.execute(
                "select count(*) from information_schema.tables where table_name = 'meta'"
            ).fetchall()[0][0]
            current = 0
            if has_meta:
                row = cursor.execute(
                    "select value from meta where key = 'schema_version'"
                ).fetchall()
                current = int(row[0][0]) if row else 0
            if current > SCHEMA_VERSION:
                raise DatabaseError(
                    f"{self.path} has schema version {current}, newer than this surveydash "
                    f"({SCHEMA_VERSION}): upgrade surveydash to open it."
                )
            for version, path in _migrations():
                if version <= current:
                    continue
                cursor.begin()
                try:
                    cursor.execute(path.read_text(encoding="utf-8"))
                    if version == 1:
                        cursor.execute(
                            "insert into meta values ('participant_salt', ?), "
                            "('data_version', '0'), ('schema_version', '1')",
                            [secrets.token_hex(16)],
                        )
                    cursor.execute(
                        "update meta set value = ? where key = 'schema_version'", [str(version)]
                    )
                    cursor.commit()
                except BaseException:
                    cursor.rollback()
                    raise
        finally:
            cursor.close()

    def _store_stale_figures(self) -> None:
        """Store every event's figures when a migration asked for it (meta key
        `event_figures_stale`; migration 5 does, creating the tables empty). This runs after
        all migrations, so the figures' queries meet the schema they are written for; the key
        is removed in the same transaction, so an interrupted fill is done again next time."""
        from surveydash import figures

        if self.meta(STALE_FIGURES_KEY) is None:
            return
        # Not a change of the data: the data version stays.
        with self._transaction(bump_data_version=False) as cursor:
            figures.refresh(cursor)
            cursor.execute("delete from meta where key = ?", [STALE_FIGURES_KEY])

    def _load_reference(self) -> None:
        """Reload the country reference so that edits of data/reference/*.csv (a moved LDC
        graduation date, say) take effect the next time the database is opened."""
        reference = country_reference()
        countries = reference.countries[
            [
                "iso3",
                "iso2",
                "m49",
                "name",
                "region",
                "subregion",
                "intermediate_region",
                "ldc",
                "lldc",
                "sids",
            ]
        ]
        graduations = reference.graduations[["iso3", "graduation_date", "status"]]
        with self._transaction(bump_data_version=False) as cursor:
            cursor.register("countries_frame", countries)
            cursor.register("graduations_frame", graduations)
            cursor.execute("delete from countries")
            cursor.execute("insert into countries select * from countries_frame")
            cursor.execute("delete from ldc_graduations")
            cursor.execute(
                "insert into ldc_graduations "
                "select iso3, cast(graduation_date as date), status from graduations_frame"
            )


def country_reference():
    """The country reference of data/reference/, read again only when one of its files changed
    (reading and indexing it takes longer than opening a database)."""
    stamp = tuple(
        (path.name, path.stat().st_mtime_ns, path.stat().st_size)
        for path in sorted(REFERENCE_DIR.glob("*.csv"))
    )
    return _country_reference_as_of(stamp)


@functools.lru_cache(maxsize=1)
def _country_reference_as_of(stamp: tuple):
    from surveydash.countries import CountryReference

    return CountryReference.load(REFERENCE_DIR)


def participant_id_sql(email_expression: str) -> str:
    """SQL for the participant key of an e-mail: a salted SHA-256 of the trimmed, lower-cased
    address (128 bits kept), so one person's rows join across tables and events without the
    address being stored in them. Expects the salt as the parameter/column `salt`."""
    return f"left(sha256(salt || lower(trim({email_expression}))), 32)"
