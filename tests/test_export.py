"""`surveydash export --parquet DIR`: every table but contacts and meta as Parquet, the event
tables partitioned by event in hive layout, readable by plain DuckDB and by the product's own
queries."""

from __future__ import annotations

import duckdb
import pytest

from surveydash import analytics
from surveydash.cli import main
from surveydash.export import MANIFEST, ExportError, connect_export, export_parquet
from surveydash.queries import run_query

KRILA = "krila-2022"
DEMO_EVENTS = 7


def test_export_writes_each_table_but_contacts_and_meta(demo_db, tmp_path):
    written = export_parquet(demo_db, tmp_path / "export")
    cursor = demo_db.cursor()
    for table, rows in written.items():
        assert cursor.execute(f"select count(*) from {table}").fetchall() == [(rows,)]
    assert "contacts" not in written and "meta" not in written
    assert {"registrations", "attendance", "responses", "answers", "questions", "events"} <= set(
        written
    )
    assert not list((tmp_path / "export").glob("contacts*"))
    assert not list((tmp_path / "export").glob("meta*"))


def test_event_tables_are_partitioned_by_event_in_hive_layout(demo_db, tmp_path):
    export_parquet(demo_db, tmp_path / "export")
    partitions = sorted(p.name for p in (tmp_path / "export" / "registrations").iterdir())
    assert len(partitions) == DEMO_EVENTS
    assert f"event_id={KRILA}" in partitions
    assert (
        tmp_path / "export" / "registrations" / f"event_id={KRILA}" / "data_0.parquet"
    ).is_file()
    assert (tmp_path / "export" / "events.parquet").is_file()


def test_plain_duckdb_reads_the_krila_headline_from_the_parquet_files(demo_db, tmp_path):
    export = tmp_path / "export"
    export_parquet(demo_db, export)
    connection = duckdb.connect()
    source = f"read_parquet('{export}/{{table}}/*/*.parquet', hive_partitioning = true)"
    registrants, attendees = connection.execute(
        f"""
        select
            (select count(distinct participant_id)
             from {source.format(table="registrations")} where event_id = $event),
            (select count(distinct participant_id)
             from {source.format(table="attendance")} where event_id = $event)
        """,
        {"event": KRILA},
    ).fetchall()[0]
    assert (registrants, attendees) == (693, 343)


def test_the_products_queries_run_unchanged_on_an_export(demo_db, tmp_path):
    export_parquet(demo_db, tmp_path / "export")
    connection = connect_export(tmp_path / "export")
    headline = run_query(connection, "event_headline", event_id=KRILA).to_dict("records")[0]
    assert (headline["registrations"], headline["registration_countries"]) == (693, 91)
    assert (headline["attendees"], headline["attendee_countries"]) == (343, 50)
    assert headline["responses"] == 32
    from_database = analytics.query(demo_db, "participants_by_sector", event_id=KRILA)
    from_parquet = run_query(connection, "participants_by_sector", event_id=KRILA)
    assert from_parquet.to_dict("records") == from_database.to_dict("records")


def test_no_email_address_leaves_in_an_export(demo_db, tmp_path):
    export_parquet(demo_db, tmp_path / "export")
    connection = connect_export(tmp_path / "export")
    for (table,) in connection.execute(
        "select view_name from duckdb_views() where not internal"
    ).fetchall():
        columns = [row[0] for row in connection.execute(f"describe {table}").fetchall()]
        values = " || ' ' || ".join(f"coalesce(cast({c} as varchar), '')" for c in columns)
        found = connection.execute(
            f"select count(*) from (select {values} as row_text from {table}) "
            "where row_text like '%@example.org%'"
        ).fetchall()[0][0]
        assert found == 0, table


def test_export_replaces_an_earlier_export_but_no_other_folder(demo_db, tmp_path):
    export = tmp_path / "export"
    export_parquet(demo_db, export)
    (export / "registrations" / "stale.txt").write_text("left from before")
    export_parquet(demo_db, export)
    assert not (export / "registrations" / "stale.txt").exists()
    assert (export / MANIFEST).is_file()
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "minutes.txt").write_text("keep me")
    with pytest.raises(ExportError, match="not empty and holds no earlier surveydash export"):
        export_parquet(demo_db, notes)
    assert sorted(p.name for p in notes.iterdir()) == ["minutes.txt"]


def test_cli_export_names_what_it_leaves_out(demo_db_path, tmp_path, capsys):
    assert main(["export", "--parquet", str(tmp_path / "export"), "--db", str(demo_db_path)]) == 0
    printed = capsys.readouterr().out
    assert "registrations: 2587 rows" in printed
    assert "contacts: not exported (participants' names and e-mail addresses" in printed
