"""The database: its schema version and migrations, the one way to write, the reference tables,
and readers in many threads while an import runs."""

from __future__ import annotations

import threading

import duckdb
import pytest

from surveydash import cli
from surveydash.countries import CountryReference
from surveydash.db import MIGRATIONS_DIR, SCHEMA_VERSION, Database, DatabaseError
from surveydash.events import EventSpec, add_event
from surveydash.importer import ImportOptions, import_file
from tests.conftest import write_csv

LATEST_MIGRATION = max(int(path.name.split("_")[0]) for path in MIGRATIONS_DIR.glob("*.sql"))


def scalar(db, sql: str, parameters: list | None = None):
    cursor = db.cursor()
    try:
        return cursor.execute(sql, parameters or []).fetchall()[0][0]
    finally:
        cursor.close()


def table_names(db) -> set[str]:
    cursor = db.cursor()
    try:
        found = cursor.execute("select table_name from information_schema.tables").fetchall()
        return {row[0] for row in found}
    finally:
        cursor.close()


# -- schema ------------------------------------------------------------------------------------


def test_a_new_database_has_the_latest_schema(db):
    assert db.schema_version == SCHEMA_VERSION == LATEST_MIGRATION
    assert db.data_version == 0
    assert len(db.salt) == 32 and int(db.salt, 16) >= 0
    assert {
        "events", "import_log", "registrations", "attendance", "questions", "responses",
        "answers", "contacts", "countries", "ldc_graduations", "country_aliases",
        "sector_aliases", "indicator_overrides", "event_registrants", "event_attendees",
        "event_respondents", "event_countries",
    } <= table_names(db)  # fmt: skip


def test_reopening_a_database_keeps_its_salt_and_data(tmp_path):
    path = tmp_path / "surveydash.duckdb"
    with Database(path) as database:
        add_event(database, EventSpec("forum-2022", "Forum", "2022-09-06"))
        salt = database.salt
    with Database(path) as database:
        assert database.salt == salt
        assert database.data_version == 1
        assert scalar(database, "select title from events") == "Forum"


def build_version_1_database(path) -> str:
    """A database file as surveydash wrote it before migration 0002, with one event and one
    registration; returns its salt."""
    connection = duckdb.connect(str(path))
    try:
        connection.execute((MIGRATIONS_DIR / "0001_initial.sql").read_text(encoding="utf-8"))
        salt = "0123456789abcdef0123456789abcdef"
        connection.execute(
            "insert into meta values ('participant_salt', ?), ('data_version', '3'), "
            "('schema_version', '1')",
            [salt],
        )
        connection.execute(
            "insert into events (event_id, title, start_date) "
            "values ('forum-2019', 'Forum 2019', '2019-12-09')"
        )
        connection.execute(
            "insert into registrations (event_id, import_id, source_row, participant_id, "
            "country_iso3) values ('forum-2019', 1, 2, 'abc', 'KEN')"
        )
    finally:
        connection.close()
    return salt


def test_opening_an_older_database_migrates_it(tmp_path):
    path = tmp_path / "old.duckdb"
    salt = build_version_1_database(path)
    with Database(path) as database:
        assert database.schema_version == SCHEMA_VERSION
        assert database.salt == salt
        assert database.data_version == 3
        assert scalar(database, "select title from events") == "Forum 2019"
        assert scalar(database, "select count(*) from event_registrants") == 1
        assert {"country_aliases", "sector_aliases", "indicator_overrides"} <= table_names(database)
        assert scalar(database, "select count(*) from country_aliases") == 0
        # The reference tables are filled, so the old event's figures are complete.
        assert scalar(database, "select region from countries where iso3 = 'KEN'") == "Africa"
    with Database(path) as database:  # opening again migrates nothing more
        assert database.schema_version == SCHEMA_VERSION


def test_participant_ids_of_an_older_database_are_rewritten_so_people_stay_one(tmp_path):
    """Migration 18 keys people by a salted MD5: the ids stored before (a salted SHA-256
    prefix) are rewritten from contacts, so a registrant of before and an attendee of after
    are one person."""
    path = tmp_path / "old.duckdb"
    salt = build_version_1_database(path)
    connection = duckdb.connect(str(path))
    try:
        old_id = connection.execute(
            "select left(sha256(? || 'ana.diop@example.org'), 32)", [salt]
        ).fetchall()[0][0]
        connection.execute("update registrations set participant_id = ?", [old_id])
        connection.execute(
            "insert into contacts (participant_id, email) values (?, 'ana.diop@example.org')",
            [old_id],
        )
    finally:
        connection.close()
    attendance = write_csv(
        tmp_path / "joins.csv",
        "Email,Join time,Leave time\n Ana.Diop@example.org ,2019-12-09 09:00,2019-12-09 10:30\n",
    )
    with Database(path) as database:
        new_id = scalar(database, "select md5(? || 'ana.diop@example.org')", [salt])
        assert scalar(database, "select participant_id from registrations") == new_id
        assert scalar(database, "select participant_id from contacts") == new_id
        import_file(database, attendance, "forum-2019", ImportOptions(kind="attendance"))
        assert scalar(database, "select participant_id from attendance") == new_id
        assert scalar(database, "select count(*) from contacts") == 1
        assert scalar(database, "select count(*) from event_attendees") == 1
        assert scalar(database, "select count(*) from event_registrants") == 1


def test_a_database_of_a_newer_version_is_refused(tmp_path, capsys):
    path = tmp_path / "newer.duckdb"
    connection = duckdb.connect(str(path))
    connection.execute("create table meta (key varchar primary key, value varchar not null)")
    connection.execute("insert into meta values ('schema_version', ?)", [str(SCHEMA_VERSION + 1)])
    connection.close()
    with pytest.raises(DatabaseError) as refused:
        Database(path)
    assert str(refused.value) == (
        f"{path} has schema version {SCHEMA_VERSION + 1}, newer than this surveydash "
        f"({SCHEMA_VERSION}): upgrade surveydash to open it."
    )
    assert cli.main(["events", "--db", str(path)]) == 1
    assert "newer than this surveydash" in capsys.readouterr().err
    connection = duckdb.connect(str(path), read_only=True)
    assert connection.execute("select count(*) from information_schema.tables").fetchall() == [(1,)]
    connection.close()


# -- writing -----------------------------------------------------------------------------------


def test_writing_commits_and_bumps_the_data_version(db):
    with db.writing() as cursor:
        cursor.execute(
            "insert into events (event_id, title, start_date) values ('a-2022', 'A', '2022-01-01')"
        )
        cursor.execute(
            "insert into events (event_id, title, start_date) values ('b-2022', 'B', '2022-02-01')"
        )
    assert scalar(db, "select count(*) from events") == 2
    assert db.data_version == 1


def test_writing_rolls_back_everything_when_the_block_raises(db):
    with pytest.raises(RuntimeError, match="halfway"), db.writing() as cursor:
        cursor.execute(
            "insert into events (event_id, title, start_date) values ('a-2022', 'A', '2022-01-01')"
        )
        cursor.execute(
            "insert into registrations (event_id, import_id, source_row, participant_id) "
            "values ('a-2022', 1, 2, 'abc')"
        )
        raise RuntimeError("halfway")
    assert scalar(db, "select count(*) from events") == 0
    assert scalar(db, "select count(*) from registrations") == 0
    assert db.data_version == 0


def test_writing_rolls_back_when_a_statement_fails(db):
    with pytest.raises(duckdb.ConstraintException), db.writing() as cursor:
        cursor.execute(
            "insert into events (event_id, title, start_date) values ('a-2022', 'A', '2022-01-01')"
        )
        cursor.execute(
            "insert into events (event_id, title, start_date) "
            "values ('a-2022', 'Again', '2022-01-01')"
        )
    assert scalar(db, "select count(*) from events") == 0
    assert db.data_version == 0
    add_event(db, EventSpec("a-2022", "A", "2022-01-01"))  # the database is usable afterwards
    assert db.data_version == 1


# -- reference data ----------------------------------------------------------------------------


def test_reference_tables_are_loaded(db):
    reference = CountryReference.load()
    assert scalar(db, "select count(*) from countries") == len(reference.countries) > 190
    assert scalar(db, "select count(*) from ldc_graduations") == len(reference.graduations)
    cursor = db.cursor()
    assert cursor.execute(
        "select name, region, ldc, lldc, sids from countries where iso3 = 'NPL'"
    ).fetchall() == [("Nepal", "Asia", True, True, False)]
    assert cursor.execute(
        "select cast(graduation_date as varchar), status from ldc_graduations where iso3 = 'BTN'"
    ).fetchall() == [("2023-12-13", "graduated")]


def test_an_edited_reference_file_is_loaded_when_the_database_is_next_opened(tmp_path, monkeypatch):
    import shutil

    from surveydash import db as db_module

    reference = tmp_path / "reference"
    shutil.copytree(db_module.REFERENCE_DIR, reference)
    monkeypatch.setattr(db_module, "REFERENCE_DIR", reference)
    path = tmp_path / "surveydash.duckdb"
    graduation = "select cast(graduation_date as varchar) from ldc_graduations where iso3 = 'BTN'"
    with Database(path) as database:
        assert scalar(database, graduation) == "2023-12-13"
    # A scheduled graduation date moves: the user edits the CSV.
    graduations = reference / "ldc_graduations.csv"
    graduations.write_text(
        graduations.read_text(encoding="utf-8").replace("2023-12-13", "2024-01-15"),
        encoding="utf-8",
    )
    with Database(path) as database:
        assert scalar(database, graduation) == "2024-01-15"


def test_opening_an_up_to_date_database_writes_nothing(tmp_path):
    import hashlib

    path = tmp_path / "surveydash.duckdb"
    Database(path).close()
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with Database(path) as database:
        assert scalar(database, "select count(*) from countries") > 190
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


# -- threads -----------------------------------------------------------------------------------

PEOPLE = 3000


def test_readers_in_threads_see_an_import_whole_or_not_at_all(event_db, tmp_path):
    path = write_csv(
        tmp_path / "registrations.csv",
        "email,country\n" + "".join(f"person{n}@example.org,Kenya\n" for n in range(PEOPLE)),
    )
    # Rows, imports, data version and the event's stored figures (migration 5) change together.
    before = (0, 0, event_db.data_version, None)
    after = (PEOPLE, 1, event_db.data_version + 1, PEOPLE)
    importing = threading.Event()
    imported = threading.Event()
    seen: list[set] = [set() for _ in range(8)]
    errors: list[BaseException] = []

    def read(index: int) -> None:
        try:
            importing.wait()
            cursor = event_db.cursor()
            try:
                while True:
                    done = imported.is_set()
                    seen[index].add(
                        tuple(
                            cursor.execute(
                                "select (select count(*) from registrations), "
                                "(select count(*) from import_log), "
                                "(select cast(value as integer) from meta "
                                "where key = 'data_version'), "
                                "(select sum(registrants) from event_country_figures)"
                            ).fetchall()[0]
                        )
                    )
                    if done:
                        break
            finally:
                cursor.close()
        except BaseException as error:  # noqa: BLE001 - reported by the main thread
            errors.append(error)

    def write() -> None:
        try:
            importing.set()
            import_file(event_db, path, "forum-2022", ImportOptions(kind="registrations"))
        except BaseException as error:  # noqa: BLE001
            errors.append(error)
        finally:
            imported.set()

    threads = [threading.Thread(target=read, args=(index,)) for index in range(8)]
    threads.append(threading.Thread(target=write))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    for observed in seen:
        assert observed <= {before, after}
        assert after in observed  # every reader's last look came after the import
    assert scalar(event_db, "select count(distinct participant_id) from registrations") == PEOPLE


def test_imports_in_threads_queue_instead_of_conflicting(db, tmp_path):
    paths = []
    for index in range(4):
        add_event(db, EventSpec(f"forum-{index}", "Forum", "2022-09-06"))
        paths.append(
            write_csv(
                tmp_path / f"registrations-{index}.csv",
                "email\n" + "".join(f"p{n}@example.org\n" for n in range(500)),
            )
        )
    version = db.data_version
    errors: list[BaseException] = []

    def work(index: int) -> None:
        try:
            import_file(db, paths[index], f"forum-{index}", ImportOptions(kind="registrations"))
        except BaseException as error:  # noqa: BLE001
            errors.append(error)

    threads = [threading.Thread(target=work, args=(index,)) for index in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert scalar(db, "select count(distinct event_id) from registrations") == 4
    assert scalar(db, "select count(*) from registrations") == 2000
    assert db.data_version == version + 4
