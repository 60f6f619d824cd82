"""One event's rows, found by the range of its import ids (migration 4): the `*_of(event)`
macros return exactly the event's rows, whether or not its rows came through an import, and
a query for one event reads the row groups of that event's imports, not every event's."""

from __future__ import annotations

import re

from surveydash.events import EventSpec, add_event
from surveydash.importer import ImportOptions, import_file
from tests.conftest import write_csv

SURVEY_HEADER = "submitted_at,email,How would you rate the Forum overall?\n"


def rows(db, sql: str, parameters: list | None = None) -> list[tuple]:
    cursor = db.cursor()
    try:
        return cursor.execute(sql, parameters or []).fetchall()
    finally:
        cursor.close()


def registrations_csv(tmp_path, name: str, people: range) -> object:
    return write_csv(
        tmp_path / name,
        "email,country\n" + "".join(f"person{n}@example.org,Kenya\n" for n in people),
    )


def test_an_events_rows_are_its_own_after_imports_of_other_events(event_db, tmp_path):
    add_event(event_db, EventSpec("forum-2023", "Forum 2023", "2023-09-06"))
    import_file(
        event_db, registrations_csv(tmp_path, "a.csv", range(3)), "forum-2022",
        ImportOptions(kind="registrations"),
    )  # fmt: skip
    import_file(
        event_db, registrations_csv(tmp_path, "b.csv", range(10, 15)), "forum-2023",
        ImportOptions(kind="registrations"),
    )  # fmt: skip
    assert rows(event_db, "select count(*) from registrations_of('forum-2022')") == [(3,)]
    assert rows(event_db, "select count(*) from registrants_of('forum-2023')") == [(5,)]
    # A replaced import's rows are gone, and the range is the replacing import's.
    import_file(
        event_db, registrations_csv(tmp_path, "c.csv", range(20, 27)), "forum-2022",
        ImportOptions(kind="registrations", replace=True),
    )  # fmt: skip
    assert rows(event_db, "select count(*) from registrations_of('forum-2022')") == [(7,)]
    assert rows(event_db, "select count(*) from registrations_of(null)") == [(12,)]


def test_rows_written_without_an_import_are_found_by_their_event(event_db):
    with event_db.writing() as cursor:
        cursor.execute(
            "insert into registrations (event_id, import_id, source_row, participant_id) "
            "values ('forum-2022', 41, 2, 'p1'), ('forum-2022', 41, 3, 'p2')"
        )
    assert rows(event_db, "select count(*) from registrants_of('forum-2022')") == [(2,)]
    assert rows(
        event_db, "select count(*) from event_registrants where event_id = 'forum-2022'"
    ) == [(2,)]


def test_response_ids_run_across_events_and_answers_stay_with_their_event(event_db, tmp_path):
    add_event(event_db, EventSpec("forum-2023", "Forum 2023", "2023-09-06"))
    survey = SURVEY_HEADER + "2022-09-06 12:00:00,a@example.org,Excellent\n"
    import_file(
        event_db, write_csv(tmp_path / "s1.csv", survey * 1 + "2022-09-06 13:00:00,,Good\n"),
        "forum-2022", ImportOptions(kind="survey"),
    )  # fmt: skip
    import_file(
        event_db, write_csv(tmp_path / "s2.csv", survey), "forum-2023",
        ImportOptions(kind="survey"),
    )  # fmt: skip
    assert rows(event_db, "select event_id, response_id from responses order by 2") == [
        ("forum-2022", 1),
        ("forum-2022", 2),
        ("forum-2023", 3),
    ]
    assert rows(event_db, "select response_id, value_text from answers_of('forum-2023')") == [
        (3, "Excellent")
    ]
    assert rows(event_db, "select count(*) from answers_of('forum-2022')") == [(2,)]


def test_a_query_for_one_event_reads_only_its_row_groups(db):
    """Three events of 300,000 registrations each, imported one after the other: DuckDB's row
    groups hold 122,880 rows, so the middle event's rows are in 3 or 4 of the table's 8. The
    event ids begin alike, as a series' do: DuckDB keeps only 8 bytes of a text's smallest and
    largest value per row group, so the event id alone would have it read all 8."""
    per_event = 300_000
    with db.writing() as cursor:
        for number, event_id in enumerate(
            ("regional-forum-2021", "regional-forum-2022", "regional-forum-2023"), start=1
        ):
            add_event_sql = "insert into events (event_id, title, start_date) values (?, ?, ?)"
            cursor.execute(add_event_sql, [event_id, event_id, f"202{number}-01-01"])
            cursor.execute(
                "insert into import_log (import_id, event_id, kind, source, file_name, "
                "file_sha256, rows_read, rows_imported, rows_rejected) "
                "values (?, ?, 'registrations', 'generic', 'r.csv', 'x', ?, ?, 0)",
                [number, event_id, per_event, per_event],
            )
            cursor.execute(
                "insert into registrations (event_id, import_id, source_row, participant_id) "
                "select ?, ?, i + 2, md5(i::varchar) from range(?) as t(i)",
                [event_id, number, per_event],
            )
    plan = rows(db, "explain analyze select count(*) from registrations_of('regional-forum-2022')")[
        0
    ][1]
    scanned, total = map(int, re.search(r"Row Groups Scanned: (\d+) / (\d+)", plan).groups())
    assert total == 8
    assert scanned <= 4
    by_event_id = rows(
        db,
        "explain analyze select count(*) from registrations where event_id = 'regional-forum-2022'",
    )[0][1]
    assert re.search(r"Row Groups Scanned: 8 / 8", by_event_id)
    assert rows(db, "select count(*) from registrations_of('regional-forum-2022')") == [
        (per_event,)
    ]
