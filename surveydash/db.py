"""The database: one DuckDB file, its schema and migrations, and the one way to write to it.

One process holds the file (DuckDB lets no second process open it, even read-only). Inside
that process, readers take a cursor each from one shared connection, because a DuckDB
connection refuses concurrent calls from several threads, and Streamlit runs each session in
a thread of its own. Writes go through `Database.writing()`: serialized by a lock, run in one
transaction, and they bump the data version that caches key on.
"""

from __future__ import annotations

import functools
import hashlib
import secrets
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, suppress
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


# The digest of the country reference files the database last loaded (see _load_reference).
REFERENCE_STAMP_KEY = "reference_stamp"

# Set by a migration that leaves the stored per-event figures to be computed again.
STALE_FIGURES_KEY = "event_figures_stale"


class DatabaseError(Exception):
    """The database cannot be opened or is of a newer schema than this program knows."""


class DatabaseHeldElsewhere(DatabaseError):
    """Another process holds the database file (a serving dashboard, or a command running)."""


class _MetaReading:
    """The database's own facts (table `meta`), read through the reader's `cursor()`: shared by
    `Database` and its `Snapshot`, so that a snapshot's data version is its own state's."""

    def cursor(self):
        raise NotImplementedError

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


class Database(_MetaReading):
    """A surveydash database: call `cursor()` to read, `writing()` to write."""

    def __init__(self, path: str | Path = ":memory:", *, read_only: bool = False):
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self._connection = duckdb.connect(
                self.path, read_only=read_only, config={"memory_limit": memory_limit()}
            )
        except duckdb.Error as error:
            held = "lock" in str(error).lower()
            raise (DatabaseHeldElsewhere if held else DatabaseError)(
                _cannot_open_message(self.path, error)
            ) from error
        self._write_lock = threading.RLock()
        if not read_only:
            try:
                self._migrate()
                self._load_reference()
                self._store_stale_figures()
            except duckdb.Error as error:
                # A file cut short (a copy interrupted, a full disk while it was written) opens,
                # then fails on its first read: say so instead of showing DuckDB's traceback.
                self._connection.close()
                raise DatabaseError(_cannot_open_message(self.path, error)) from error
            except BaseException:
                # A refused (newer) database must not stay open: the file would be held until
                # the process ends.
                self._connection.close()
                raise

    # -- reading -------------------------------------------------------------------------------
    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A cursor of its own for one use (one thread, one page run)."""
        return self._connection.cursor()

    @contextmanager
    def snapshot(self) -> Iterator[Snapshot]:
        """One state of the database for a sequence of reads (a page run): every read made
        through the yielded object sees the data as it was when the block began, even while
        imports commit, so a headline and a breakdown read a moment apart cannot disagree."""
        cursor = self.cursor()
        cursor.begin()
        try:
            yield Snapshot(self.path, cursor)
        finally:
            _roll_back(cursor)
            cursor.close()

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
                _roll_back(cursor)
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
        """Reload the country reference when data/reference/*.csv changed since the database
        last loaded it (a moved LDC graduation date, say), so that an edit takes effect the
        next time the database is opened. Opening an up-to-date database writes nothing: it
        opens on a full disk, and a read-only copy stays byte for byte the same."""
        stamp = reference_stamp()
        if self.meta(REFERENCE_STAMP_KEY) == stamp:
            return
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
            cursor.execute(
                "insert or replace into meta values (?, ?)", [REFERENCE_STAMP_KEY, stamp]
            )


class Snapshot(_MetaReading):
    """A read-only view of one database state (see `Database.snapshot`): the reading half of
    `Database`'s interface, so that every reader (`analytics`, the report) works on it as is.
    Its cursors are one cursor, inside one transaction: closing one closes nothing."""

    def __init__(self, path: str, cursor: duckdb.DuckDBPyConnection):
        self.path = path
        self._cursor = cursor

    def cursor(self) -> _SnapshotCursor:
        return _SnapshotCursor(self._cursor)


class _SnapshotCursor:
    """The snapshot's cursor as each reader uses one: closed by the snapshot, not the reader."""

    def __init__(self, cursor: duckdb.DuckDBPyConnection):
        self._cursor = cursor

    def close(self) -> None:
        pass

    def __getattr__(self, name: str):
        return getattr(self._cursor, name)


def _cannot_open_message(path: str, error: duckdb.Error) -> str:
    """What a person whose database will not open should know: what is wrong with the file and
    what to do. The file itself is left as it is."""
    text = str(error)
    lowered = text.lower()
    if "lock" in lowered:
        return (
            f"cannot open the database {path}: another process holds it (a running "
            "dashboard, say). Stop it, import on the dashboard's Upload page, or use --db."
        )
    if "not a valid duckdb database" in lowered:
        return (
            f"{path} is not a surveydash database (it is not a DuckDB database file at all). "
            "Point --db (or $SURVEYDASH_DB) at your database, or at a new file name to start "
            "an empty one; the file was left as it is."
        )
    if "no space left" in lowered or "disk is full" in lowered:
        return disk_full_message(path)
    if "could not read enough bytes" in lowered or "corrupt" in lowered or "checksum" in lowered:
        return (
            f"{path} is damaged: the file is shorter than the database it holds, or its "
            "contents are corrupted (a copy or download cut short, or a disk that filled up "
            "while it was written). Restore it from a backup, or rebuild the demo with "
            "`surveydash demo --db NEW_FILE`; the file was left as it is."
        )
    return f"cannot open {path} as a surveydash database: {text}"


def disk_full_message(path: str | Path) -> str:
    """What a write that ran out of disk space tells the person: nothing changed, and what to
    do about it."""
    return (
        f"the disk holding {path} is full: the change could not be written, and nothing was "
        "changed (the database is as it was before). Free some disk space, then run the same "
        "command again."
    )


def is_disk_full(error: BaseException | None) -> bool:
    """Whether a DuckDB error, or one it was raised while handling (a rollback that failed
    after a write ran out of room), says that the disk ran out of space."""
    while error is not None:
        text = str(error).lower()
        if isinstance(error, duckdb.Error) and ("no space left" in text or "disk is full" in text):
            return True
        error = error.__cause__ or error.__context__
    return False


def _roll_back(cursor: duckdb.DuckDBPyConnection) -> None:
    """Roll back the cursor's transaction, which DuckDB may already have ended itself (a write
    that failed on a full disk): the error that stopped the transaction is the one to report,
    not this one's."""
    with suppress(duckdb.TransactionException):
        cursor.rollback()


def reference_stamp() -> str:
    """A digest of data/reference/*.csv's contents: which reference a database has loaded."""
    digest = hashlib.sha256()
    for path in sorted(REFERENCE_DIR.glob("*.csv")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


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


def participant_id_sql(address: str, salt: str = "salt") -> str:
    """SQL for the participant key of an address already trimmed and lower-cased: a salted
    MD5 (128 bits; migration 18 says why MD5), so one person's rows join across tables and
    events without the address being stored in them. `salt` is the SQL giving the database's
    salt (meta's `participant_salt`): a column, a parameter or a literal."""
    return f"md5({salt} || {address})"
