"""Undoing mistakes from the CLI: `imports list/undo`, `event edit/delete`, `person erase`, and
the audit entry each leaves. Each runs on a copy of the demo database."""

from __future__ import annotations

import getpass
import json
import shutil

import pytest

from surveydash import cli
from surveydash.access import Actor
from surveydash.analytics import event_summary
from surveydash.corrections import CorrectionError, erase_person, undo_import
from surveydash.db import Database
from tests.conftest import write_csv

KRILA_RESPONDENT = "aigerim.yilmaz10@example.org"
KRILA_SURVEY_HEADER = (
    "submitted_at,email,sector,country,gender,How would you rate the Forum overall?\n"
)


def run(capsys, *argv) -> tuple[int, str, str]:
    code = cli.main([str(arg) for arg in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def demo_copy(demo_db_path, tmp_path):
    path = tmp_path / "copy.duckdb"
    shutil.copy(demo_db_path, path)
    return path


def stored_figures(path, exclude_event: str | None = None) -> dict[str, list[tuple]]:
    """Every row of the stored per-event figures, sorted (optionally without one event's)."""
    with Database(path) as db:
        cursor = db.cursor()
        found = {}
        for table in ("event_country_figures", "event_indicator_figures"):
            rows = cursor.execute(
                f"select * from {table} where event_id is distinct from ? order by all",
                [exclude_event],
            ).fetchall()
            # Floating-point aggregates (a mean, a standard deviation) depend on the order DuckDB
            # adds the answers in, in the last bits: compare them to nine decimals.
            found[table] = [
                tuple(round(value, 9) if isinstance(value, float) else value for value in row)
                for row in rows
            ]
        cursor.close()
    return found


def summary_of(path, event_id: str) -> dict:
    with Database(path) as db:
        return json.loads(json.dumps(event_summary(db, event_id), default=str))


def audit_actions(path) -> list[str]:
    with Database(path) as db:
        rows = db.cursor().execute("select action from audit order by audit_id").fetchall()
    return [row[0] for row in rows]


def test_undoing_an_appended_survey_puts_the_event_back_to_its_figures(capsys, demo_copy, tmp_path):
    figures_before = stored_figures(demo_copy)
    summary_before = summary_of(demo_copy, "krila-2022")
    late = write_csv(
        tmp_path / "late-answers.csv",
        KRILA_SURVEY_HEADER
        + "2022-09-08 10:00,late.one@example.org,Private Sector,Kenya,Female,Poor\n"
        + "2022-09-08 11:00,late.two@example.org,Private Sector,Kenya,Male,Poor\n",
    )
    code, out, err = run(
        capsys, "import", late, "--event", "krila-2022", "--kind", "survey", "--append",
        "--db", demo_copy,
    )  # fmt: skip
    assert code == 0, err
    assert summary_of(demo_copy, "krila-2022")["responses"] == summary_before["responses"] + 2

    code, out, _ = run(
        capsys, "imports", "list", "--event", "krila-2022", "--json", "--db", demo_copy
    )
    imports = json.loads(out)
    appended = imports[0]
    assert appended["file_name"] == "late-answers.csv" and appended["rows_imported"] == 2
    assert {row["event_id"] for row in imports} == {"krila-2022"}

    code, _, err = run(capsys, "imports", "undo", appended["import_id"], "--db", demo_copy)
    assert code == 1 and "Nothing was changed: add --yes" in err
    assert summary_of(demo_copy, "krila-2022")["responses"] == summary_before["responses"] + 2

    code, out, err = run(
        capsys, "imports", "undo", appended["import_id"], "--yes", "--db", demo_copy
    )
    assert code == 0, err
    assert f"Undid import #{appended['import_id']}" in out and "2 rows removed" in out
    assert summary_of(demo_copy, "krila-2022") == summary_before
    assert stored_figures(demo_copy) == figures_before
    with Database(demo_copy) as db:
        cursor = db.cursor()
        left = cursor.execute(
            "select count(*) from contacts where email like 'late.%@example.org'"
        ).fetchall()[0][0]
        logged = cursor.execute(
            "select count(*) from import_log where import_id = ?", [appended["import_id"]]
        ).fetchall()[0][0]
    assert left == 0 and logged == 0
    assert audit_actions(demo_copy)[-2:] == ["import.append", "import.undo"]
    # The same file can be imported again once its import is undone.
    code, _, err = run(
        capsys, "import", late, "--event", "krila-2022", "--kind", "survey", "--append",
        "--db", demo_copy,
    )  # fmt: skip
    assert code == 0 and summary_of(demo_copy, "krila-2022")["responses"] == 34


def test_an_import_that_replaced_another_cannot_be_undone(demo_copy, tmp_path):
    replacement = write_csv(
        tmp_path / "survey-fixed.csv",
        KRILA_SURVEY_HEADER + "2022-09-08 10:00,one@example.org,Private Sector,Kenya,Female,Good\n",
    )
    with Database(demo_copy) as db:
        actor = Actor("tester", signed_in=False)
        from surveydash.importer import ImportOptions
        from surveydash.writes import import_data

        result = import_data(
            db, actor, replacement, "krila-2022", ImportOptions(kind="survey", replace=True)
        )
        new_id = result.kinds[0].import_id
        with pytest.raises(CorrectionError, match="replaced import #15, whose rows are gone"):
            undo_import(db, actor, new_id)
        with pytest.raises(CorrectionError, match="already replaced by import"):
            undo_import(db, actor, 15)
        assert (
            db.cursor()
            .execute("select count(*) from responses where event_id = 'krila-2022'")
            .fetchall()[0][0]
            == 1
        )


def every_cell_holding(path, text: str) -> list[str]:
    """Where `text` appears in the database: 'table.column' for every column of every table
    with a value that contains it (any case)."""
    found = []
    with Database(path) as db:
        cursor = db.cursor()
        columns = cursor.execute(
            "select table_name, column_name from information_schema.columns "
            "where table_name in (select table_name from information_schema.tables "
            "where table_type = 'BASE TABLE')"
        ).fetchall()
        for table, column in columns:
            hits = cursor.execute(
                f'select count(*) from "{table}" where lower(cast("{column}" as varchar)) '
                "like '%' || ? || '%'",
                [text.lower()],
            ).fetchall()[0][0]
            if hits:
                found.append(f"{table}.{column}")
        cursor.close()
    return found


def test_erasing_a_person_leaves_their_address_in_no_table(capsys, demo_copy, tmp_path):
    # The person answered KRILA's survey, and registered for another event too.
    other = write_csv(
        tmp_path / "late-registrations.csv",
        "email,first_name,last_name,country,sector\n"
        f"{KRILA_RESPONDENT.upper()},Aigerim,Yilmaz,Uzbekistan,Academic Institutions\n",
    )
    code, _, err = run(
        capsys, "import", other, "--event", "kenya-partnership-2019", "--kind", "registrations",
        "--append", "--db", demo_copy,
    )  # fmt: skip
    assert code == 0, err
    assert len(every_cell_holding(demo_copy, KRILA_RESPONDENT)) >= 1
    krila_before = summary_of(demo_copy, "krila-2022")
    kenya_before = summary_of(demo_copy, "kenya-partnership-2019")

    code, _, err = run(capsys, "person", "erase", KRILA_RESPONDENT, "--db", demo_copy)
    assert code == 1 and "add --yes" in err
    code, out, err = run(capsys, "person", "erase", KRILA_RESPONDENT, "--yes", "--db", demo_copy)
    assert code == 0, err
    assert "in 2 events: kenya-partnership-2019, krila-2022" in out

    assert every_cell_holding(demo_copy, KRILA_RESPONDENT) == []
    assert summary_of(demo_copy, "krila-2022")["responses"] == krila_before["responses"] - 1
    kenya_after = summary_of(demo_copy, "kenya-partnership-2019")
    assert kenya_after["registrations"] == kenya_before["registrations"] - 1
    with Database(demo_copy) as db:
        entry = (
            db.cursor()
            .execute("select target, details from audit where action = 'person.erase'")
            .fetchall()
        )
    assert entry[0][0] == "one person"
    assert json.loads(entry[0][1])["responses"] == 1


def test_deleting_an_event_leaves_every_other_events_figures_unchanged(capsys, demo_copy):
    others_before = stored_figures(demo_copy, exclude_event="krila-2022")
    compare_before = summary_of(demo_copy, "egov-forum-2021")
    code, _, err = run(capsys, "event", "delete", "krila-2022", "--db", demo_copy)
    assert code == 1 and "Would delete event krila-2022" in err
    code, out, err = run(capsys, "event", "delete", "krila-2022", "--yes", "--db", demo_copy)
    assert code == 0, err
    assert "Deleted event krila-2022" in out
    assert stored_figures(demo_copy) == others_before
    assert summary_of(demo_copy, "egov-forum-2021") == compare_before
    with Database(demo_copy) as db:
        cursor = db.cursor()
        for table in ("events", "registrations", "attendance", "responses", "answers",
                      "questions", "import_log", "event_country_figures"):  # fmt: skip
            rows = cursor.execute(
                f"select count(*) from {table} where event_id = 'krila-2022'"
            ).fetchall()
            assert rows[0][0] == 0, table
    code, out, _ = run(capsys, "events", "--db", demo_copy)
    assert "krila-2022" not in out and "egov-forum-2021" in out
    assert audit_actions(demo_copy)[-1] == "event.delete"


def test_event_edit_corrects_the_title_and_refuses_an_impossible_date(capsys, demo_copy):
    code, out, err = run(
        capsys, "event", "edit", "krila-2022", "--title", "KRILA Forum 2022", "--db", demo_copy
    )
    assert code == 0, err
    assert "title 2022 UN DESA-KRILA Forum -> KRILA Forum 2022" in out
    assert summary_of(demo_copy, "krila-2022")["event"]["title"] == "KRILA Forum 2022"
    code, _, err = run(
        capsys, "event", "edit", "krila-2022", "--end", "2021-01-01", "--db", demo_copy
    )
    assert code == 1
    assert "end date 2021-01-01 is before start date 2022-09-06" in err
    code, out, _ = run(capsys, "audit", "--json", "--db", demo_copy)
    trail = json.loads(out)
    assert trail[0]["action"] == "event.edit"
    assert trail[0]["details"]["changed"]["title"] == [
        "2022 UN DESA-KRILA Forum",
        "KRILA Forum 2022",
    ]


def test_the_audit_names_each_action_and_who_made_it(capsys, demo_copy, tmp_path):
    registrations = write_csv(
        tmp_path / "walk-ins.csv", "email,country,sector\nwalk.in@example.org,Kenia,Startup\n"
    )
    steps = [
        ("event", "add", "audit-2024", "--title", "Audited", "--start", "2024-03-01"),
        ("import", registrations, "--event", "audit-2024", "--kind", "registrations"),
        ("map", "country", "Kenia", "KEN"),
        ("map", "sector", "Startup", "Private Sector or Philanthropic Organizations"),
        ("event", "edit", "audit-2024", "--title", "Audited forum"),
        ("export", "--parquet", tmp_path / "export"),
        ("users", "add", "staff@example.org", "--role", "analyst"),
        ("person", "erase", "walk.in@example.org", "--yes"),
        ("event", "delete", "audit-2024", "--yes"),
    ]
    for step in steps:
        code, _, err = run(capsys, *step, "--db", demo_copy)
        assert code == 0, (step, err)
    code, out, _ = run(capsys, "audit", "--limit", len(steps), "--json", "--db", demo_copy)
    trail = list(reversed(json.loads(out)))
    assert [entry["action"] for entry in trail] == [
        "event.add",
        "import",
        "mapping.country",
        "mapping.sector",
        "event.edit",
        "export",
        "user.add",
        "person.erase",
        "event.delete",
    ]
    assert {entry["actor"] for entry in trail} == {getpass.getuser()}
    assert trail[2]["details"] == {"iso3": "KEN", "rows_updated": 1}
    assert "walk.in@example.org" not in out


def test_erasing_a_person_finds_rows_keyed_before_migration_18(event_db):
    """A row written with the key of before migration 18 (a salted SHA-256 prefix) whose
    contacts row was gone kept that key: erasing the address finds it all the same."""
    cursor = event_db.cursor()
    old_key = cursor.execute(
        "select left(sha256(? || 'lone.person@example.org'), 32)", [event_db.salt]
    ).fetchall()[0][0]
    with event_db.writing(cursor):
        cursor.execute(
            "insert into registrations (event_id, import_id, source_row, participant_id) "
            "values ('forum-2022', 1, 2, ?)",
            [old_key],
        )
    report = erase_person(event_db, Actor("local-user", signed_in=False), "Lone.Person@example.org")
    assert report.events == ["forum-2022"]
    assert event_db.cursor().execute("select count(*) from registrations").fetchall() == [(0,)]
