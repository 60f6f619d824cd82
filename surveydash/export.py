"""Every table as Parquet, so that the same SQL runs where one DuckDB file cannot go.

`surveydash export --parquet DIR` writes each table of the database to DIR: the tables with
rows of events (registrations, attendance, responses, answers, questions, import_log) in hive
layout, one folder per event (`DIR/registrations/event_id=krila-2022/data_0.parquet`), and the
others as one file each (`DIR/events.parquet`). DuckDB (or a warehouse: BigQuery, Snowflake,
Spark) reads such a folder from a disk or from object storage, and a query about one event
opens that event's files only. `connect_export(DIR)` opens an export with the tables and the
shared models (views and macros) in place, so the queries of queries/ run on it unchanged.

Left out, on purpose:
- `contacts`: participants' names and e-mail addresses. Personal data stays in the database.
- `meta`: it holds the salt of the participant ids; with it, anyone holding a list of e-mail
  addresses could tell which of those people took part.
- `users` and `audit`: the staff who may sign in and what each of them changed.

What it holds is row-level data: one row per registration, join and answer, keyed by
pseudonymous participant ids that link one person across events. Only admins may write it
(surveydash.writes.export_parquet).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import duckdb

from surveydash.db import MIGRATIONS_DIR, Database

NOT_EXPORTED = {
    "contacts": "participants' names and e-mail addresses: personal data",
    "meta": "the salt of the participant ids, which would let them be matched to addresses",
    "users": "the e-mail addresses of the people who may sign in, and their roles",
    "audit": "who changed what: staff e-mail addresses, kept with the database",
}
# Written into every export: how `export` recognises a folder it may replace.
MANIFEST = "surveydash-export.json"


class ExportError(Exception):
    """The export cannot be written where asked; nothing was written."""


def export_parquet(db: Database, directory: str | Path) -> dict[str, int]:
    """Write every table but contacts and meta to `directory` as Parquet; returns the rows
    written per table. The folder must be new, empty or an earlier export (replaced whole);
    it appears complete or not at all."""
    directory = Path(directory)
    _check_target(directory)
    partial = directory.with_name(f".{directory.name}.partial-{os.getpid()}")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    written: dict[str, int] = {}
    cursor = db.cursor()
    try:
        # One transaction: every table as of the same moment, even while an import commits.
        cursor.begin()
        for table, has_event_id in _tables(cursor):
            if table in NOT_EXPORTED:
                continue
            rows = cursor.execute(f"select count(*) from {table}").fetchall()[0][0]
            if has_event_id and table != "events":
                _copy_partitioned(cursor, table, partial / table, rows)
            else:
                cursor.execute(
                    f"copy {table} to '{_sql_path(partial / table)}.parquet' (format parquet)"
                )
            written[table] = rows
        schema_version = cursor.execute(
            "select value from meta where key = 'schema_version'"
        ).fetchall()[0][0]
        cursor.rollback()
    except BaseException:
        cursor.rollback()
        shutil.rmtree(partial, ignore_errors=True)
        raise
    finally:
        cursor.close()
    manifest = {
        "schema_version": int(schema_version),
        "tables": written,
        "partitioned_by_event": sorted(t for t in written if (partial / t).is_dir()),
        "not_exported": NOT_EXPORTED,
    }
    (partial / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    if directory.exists():
        shutil.rmtree(directory)
    os.replace(partial, directory)
    return written


def _check_target(directory: Path) -> None:
    if not directory.exists():
        return
    if not directory.is_dir():
        raise ExportError(f"{directory} is a file: choose a folder for the export")
    if any(directory.iterdir()) and not (directory / MANIFEST).is_file():
        raise ExportError(
            f"{directory} is not empty and holds no earlier surveydash export: choose a new or "
            "empty folder (an earlier export is replaced)"
        )


def _tables(cursor) -> list[tuple[str, bool]]:
    """The database's own tables, each with whether it has an event_id column."""
    return cursor.execute(
        """
        select t.table_name, count(c.column_name) > 0
        from duckdb_tables() as t
        left join duckdb_columns() as c
            on c.table_oid = t.table_oid and c.column_name = 'event_id'
        where not t.temporary and t.database_name = current_database()
            and t.schema_name = 'main'
        group by t.table_name
        order by t.table_name
        """
    ).fetchall()


def _copy_partitioned(cursor, table: str, folder: Path, rows: int) -> None:
    if rows:
        cursor.execute(
            f"copy (select * from {table} order by event_id) to '{_sql_path(folder)}' "
            "(format parquet, partition_by (event_id))"
        )
        return
    # An empty table still gets a file, with its columns, so that reading the folder works.
    empty = folder / "event_id=none"
    empty.mkdir(parents=True)
    cursor.execute(
        f"copy (select * exclude (event_id) from {table}) "
        f"to '{_sql_path(empty / 'data_0.parquet')}' (format parquet)"
    )


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


# -- reading an export -------------------------------------------------------------------------


def parquet_source(directory: str | Path, table: str) -> str:
    """SQL reading one table of an export: `directory` may be a local folder or an object
    storage prefix (s3://bucket/surveydash, with DuckDB's httpfs extension loaded)."""
    base = str(directory).rstrip("/").replace("'", "''")
    manifest_tables = _manifest(directory).get("partitioned_by_event", [])
    if table in manifest_tables:
        # Event ids are text, even one that looks like a number.
        return (
            f"read_parquet('{base}/{table}/*/*.parquet', hive_partitioning = true, "
            "hive_types = {'event_id': varchar})"
        )
    return f"read_parquet('{base}/{table}.parquet')"


def _manifest(directory: str | Path) -> dict:
    return json.loads((Path(directory) / MANIFEST).read_text(encoding="utf-8"))


def connect_export(directory: str | Path) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection in which each exported table is a view over its Parquet
    files and the shared models (the views and macros of the migrations) are defined: the
    queries of queries/ run on it as on the database."""
    connection = duckdb.connect()
    for table in _manifest(directory)["tables"]:
        connection.execute(
            f"create view {table} as select * from {parquet_source(directory, table)}"
        )
    for statement in _model_statements():
        connection.execute(statement)
    return connection


def _model_statements() -> list[str]:
    """The statements of the migrations that define views and macros, in order (later
    migrations replace earlier definitions)."""
    statements = []
    for path in sorted(MIGRATIONS_DIR.glob("*.sql")):
        for statement in path.read_text(encoding="utf-8").split(";\n"):
            code = "\n".join(
                line for line in statement.splitlines() if not line.lstrip().startswith("--")
            ).strip()
            if code.lower().startswith(("create view", "create or replace view", "create macro")):
                statements.append(code)
    return statements
