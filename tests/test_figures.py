"""The stored per-event figures (surveydash.figures) agree with the event's own rows after every
kind of write: an import, a replaced or appended import, a country mapping, a question's
indicator, and the migration that fills them for a database written before they existed."""

from __future__ import annotations

import shutil

import duckdb
import pytest

from surveydash import analytics, figures
from surveydash.db import MIGRATIONS_DIR, STALE_FIGURES_KEY, Database
from surveydash.demo import DEMO_DIR
from surveydash.events import EventSpec, add_event
from surveydash.importer import ImportOptions, import_file
from surveydash.mappings import map_country, map_question
from tests.conftest import write_csv

HEADLINE_FIGURES = (
    "registrations",
    "registration_countries",
    "attendees",
    "attendee_countries",
    "responses",
)


@pytest.fixture
def writable_demo(demo_db_path, tmp_path):
    """A copy of the session's demo database that a test may write to."""
    path = tmp_path / "demo.duckdb"
    shutil.copyfile(demo_db_path, path)
    database = Database(path)
    yield database
    database.close()


def stored(db, event_id: str) -> dict:
    """The event's figures as the Overview and Compare read them (from the stored tables)."""
    (row,) = analytics.records(analytics.query(db, "events_comparison", event_ids=[event_id]))
    return row


def live(db, event_id: str) -> dict:
    """The event's figures counted from its rows, as the Event report counts them."""
    return analytics.records(analytics.query(db, "event_headline", event_id=event_id))[0]


def assert_stored_figures_are_live(db) -> None:
    event_ids = analytics.query(db, "events_list")["event_id"].tolist()
    for event_id in event_ids:
        from_store, from_rows = stored(db, event_id), live(db, event_id)
        assert {key: from_store[key] for key in HEADLINE_FIGURES} == {
            key: from_rows[key] for key in HEADLINE_FIGURES
        }, event_id


def test_an_import_stores_its_events_figures(demo_db):
    assert_stored_figures_are_live(demo_db)
    krila = stored(demo_db, "krila-2022")
    assert (krila["registrations"], krila["registration_countries"]) == (693, 91)
    assert (krila["attendees"], krila["attendee_countries"], krila["responses"]) == (343, 50, 32)
    assert (krila["overall_rating_n"], krila["difficulties_n"]) == (32, 32)


def test_a_replaced_and_an_appended_import_restore_the_figures(writable_demo, tmp_path):
    db = writable_demo
    before = stored(db, "krila-2022")
    lines = (DEMO_DIR / "krila-2022" / "registrations.csv").read_text(encoding="utf-8").splitlines()
    first_ten = write_csv(tmp_path / "first-ten.csv", "\n".join(lines[:11]) + "\n")
    import_file(db, first_ten, "krila-2022", ImportOptions(kind="registrations", replace=True))
    assert stored(db, "krila-2022")["registrations"] == 10
    assert_stored_figures_are_live(db)
    rest = write_csv(tmp_path / "rest.csv", "\n".join([lines[0], *lines[11:]]) + "\n")
    import_file(db, rest, "krila-2022", ImportOptions(kind="registrations", append=True))
    assert stored(db, "krila-2022") == before
    assert_stored_figures_are_live(db)


def test_a_refused_import_leaves_the_figures_as_they_were(writable_demo, tmp_path):
    db = writable_demo
    before = stored(db, "krila-2022")
    bad = write_csv(tmp_path / "bad.csv", "email,country\nnot-an-address,Kenya\n")
    with pytest.raises(Exception, match="not an e-mail address"):
        import_file(db, bad, "krila-2022", ImportOptions(kind="registrations", replace=True))
    assert stored(db, "krila-2022") == before


def test_mapping_a_country_updates_the_figures_of_the_events_with_it(writable_demo):
    db = writable_demo
    before = stored(db, "sids-webinar-2020")
    totals_before = analytics.records(analytics.query(db, "portfolio_totals"))[0]
    # Atlantis (one registrant, who attended) is counted as a country once mapped: Aruba is not
    # among the event's countries yet.
    assert map_country(db, "Atlantis", "ABW") == 1
    after = stored(db, "sids-webinar-2020")
    assert after["registration_countries"] == before["registration_countries"] + 1
    assert after["attendee_countries"] == before["attendee_countries"] + 1
    assert after["registrations"] == before["registrations"]
    assert_stored_figures_are_live(db)
    totals_after = analytics.records(analytics.query(db, "portfolio_totals"))[0]
    assert totals_after["countries_reached"] == totals_before["countries_reached"] + 1


def test_mapping_a_question_updates_its_events_indicator_figures(writable_demo):
    db = writable_demo
    assert stored(db, "krila-2022")["overall_rating_n"] == 32
    question_id = (
        analytics.query(db, "event_questions", event_id="krila-2022")
        .query("indicator == 'overall_rating'")["question_id"]
        .iloc[0]
    )
    map_question(db, "krila-2022", question_id, None)
    assert stored(db, "krila-2022")["overall_rating_n"] == 0
    assert stored(db, "krila-2022")["overall_rating_mean"] is None
    map_question(db, "krila-2022", question_id, "overall_rating")
    assert stored(db, "krila-2022")["overall_rating_n"] == 32


def test_a_new_event_has_zero_figures_until_rows_come(writable_demo):
    add_event(writable_demo, EventSpec("forum-2030", "Forum 2030", "2030-01-01"))
    figures_2030 = stored(writable_demo, "forum-2030")
    assert [figures_2030[key] for key in HEADLINE_FIGURES] == [0, 0, 0, 0, 0]


def test_refreshing_in_batches_gives_the_same_rows(demo_db, monkeypatch):
    cursor = demo_db.cursor()
    try:
        expected = cursor.execute("select * from event_country_figures order by all").fetchall()
        monkeypatch.setattr(figures, "EVENTS_PER_REFRESH", 2)
        cursor.begin()
        figures.refresh(cursor)
        assert (
            cursor.execute("select * from event_country_figures order by all").fetchall()
            == expected
        )
        cursor.rollback()
    finally:
        cursor.close()


def test_the_migration_fills_the_figures_of_a_database_written_before_them(tmp_path):
    path = tmp_path / "version-4.duckdb"
    connection = duckdb.connect(str(path))
    for migration in sorted(MIGRATIONS_DIR.glob("000[1-4]_*.sql")):
        connection.execute(migration.read_text(encoding="utf-8"))
    connection.execute(
        "insert into meta values ('participant_salt', '00'), ('data_version', '1'), "
        "('schema_version', '4')"
    )
    connection.execute(
        "insert into events (event_id, title, start_date) values "
        "('forum-2019', 'Forum 2019', '2019-12-09')"
    )
    connection.execute(
        "insert into import_log (event_id, kind, source, file_name, file_sha256, rows_read, "
        "rows_imported, rows_rejected) values ('forum-2019', 'registrations', 'generic', "
        "'r.csv', 'x', 3, 3, 0)"
    )
    connection.execute(
        "insert into registrations (event_id, import_id, source_row, participant_id, "
        "country_iso3) values ('forum-2019', 1, 2, 'a', 'KEN'), ('forum-2019', 1, 3, 'b', "
        "'KEN'), ('forum-2019', 1, 4, 'a', 'KEN')"
    )
    connection.close()
    with Database(path) as database:
        cursor = database.cursor()
        assert cursor.execute("select * from event_country_figures").fetchall() == [
            ("forum-2019", "KEN", 2, 0, 0)
        ]
        cursor.close()
        assert database.meta(STALE_FIGURES_KEY) is None


def test_figures_left_stale_are_stored_when_the_database_is_next_opened(demo_db_path, tmp_path):
    path = tmp_path / "demo.duckdb"
    shutil.copyfile(demo_db_path, path)
    with Database(path) as database:
        expected = stored(database, "krila-2022")
        # As if a fill had been interrupted: the key is set and the figures are gone.
        with database.writing() as cursor:
            cursor.execute("delete from event_country_figures")
            cursor.execute("insert into meta values (?, 'true')", [STALE_FIGURES_KEY])
        assert stored(database, "krila-2022")["registrations"] == 0
    with Database(path) as database:
        assert stored(database, "krila-2022") == expected
        assert database.meta(STALE_FIGURES_KEY) is None


def test_an_event_without_a_survey_has_no_response_rate(writable_demo, tmp_path):
    add_event(writable_demo, EventSpec("forum-2030", "Forum 2030", "2030-01-01"))
    registrations = write_csv(tmp_path / "r.csv", "email,country\na@example.org,Kenya\n")
    attendance = write_csv(tmp_path / "a.csv", "email,minutes\na@example.org,30\n")
    import_file(writable_demo, registrations, "forum-2030", ImportOptions(kind="registrations"))
    import_file(writable_demo, attendance, "forum-2030", ImportOptions(kind="attendance"))
    figures_2030 = stored(writable_demo, "forum-2030")
    assert (figures_2030["attendees"], figures_2030["responses"]) == (1, 0)
    assert figures_2030["response_rate"] is None


def test_figures_of_an_event_whose_imports_are_far_apart(writable_demo, tmp_path):
    """Registrations, then another event's imports, then the survey: each kind's rows are found
    by its own span of import ids."""
    db = writable_demo
    for event_id in ("forum-2030", "forum-2031"):
        add_event(db, EventSpec(event_id, event_id, "2030-01-01"))
    people = "".join(f"p{n}@example.org,Kenya\n" for n in range(6))
    import_file(
        db,
        write_csv(tmp_path / "r30.csv", "email,country\n" + people),
        "forum-2030",
        ImportOptions(kind="registrations"),
    )
    import_file(
        db,
        write_csv(tmp_path / "r31.csv", "email,country\nq@example.org,Peru\n"),
        "forum-2031",
        ImportOptions(kind="registrations"),
    )
    survey = "submitted_at,email,How would you rate the event overall?\n" + "".join(
        f"2030-01-02 10:00:00,p{n}@example.org,{n % 5 + 1}\n" for n in range(3)
    )
    import_file(
        db, write_csv(tmp_path / "s30.csv", survey), "forum-2030", ImportOptions(kind="survey")
    )
    assert_stored_figures_are_live(db)
    figures_2030 = stored(db, "forum-2030")
    assert (figures_2030["registrations"], figures_2030["responses"]) == (6, 3)
    assert figures_2030["registration_countries"] == 1
