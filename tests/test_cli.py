"""The `surveydash` command, run in-process through `main()` (and once as the installed program):
what it prints, what it exits with, and that a failing command changes nothing."""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from surveydash import cli
from surveydash.db import Database
from surveydash.settings import DB_ENV_VAR, REPO_DIR
from tests.conftest import write_csv
from tests.test_import_refusals import table_counts

KRILA_SECTOR_SHARES = {
    "Academic Institutions": 37.5,
    "Local or Regional Government": 25.0,
    "National Government": 25.0,
    "Civil Society Organizations": 3.1,
    "International Organizations": 3.1,
    "Private Sector or Philanthropic Organizations": 3.1,
    "Scientific Community": 3.1,
}


def run(capsys, *argv) -> tuple[int, str, str]:
    """Run `surveydash ARGV...` in this process: exit code, stdout, stderr."""
    code = cli.main([str(arg) for arg in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def run_json(capsys, *argv):
    code, out, err = run(capsys, *argv, "--json")
    assert (code, err) == (0, "")
    return json.loads(out)


@pytest.fixture
def demo_copy(demo_db_path, tmp_path) -> Path:
    """A copy of the session's demo database that a test may change."""
    path = tmp_path / "demo.duckdb"
    shutil.copyfile(demo_db_path, path)
    return path


@pytest.fixture
def forum_db(tmp_path, capsys) -> Path:
    """A database file with one event, forum-2022, made through the CLI."""
    path = tmp_path / "forum.duckdb"
    code, _, _ = run(
        capsys, "event", "add", "forum-2022", "--title", "Forum 2022", "--start", "2022-09-06",
        "--db", path,
    )  # fmt: skip
    assert code == 0
    return path


# -- demo and summary --------------------------------------------------------------------------


def test_demo_then_summary_gives_the_krila_outcome_report_figures(tmp_path, capsys):
    path = tmp_path / "demo.duckdb"
    code, out, err = run(capsys, "demo", "--db", path)
    assert (code, err) == (0, "")
    assert out.startswith(f"Built the demo database at {path} (synthetic data).\n")
    assert "krila-2022" in out
    summary = run_json(capsys, "summary", "krila-2022", "--db", path)
    assert summary["event"]["id"] == "krila-2022"
    assert (
        summary["registrations"],
        summary["registration_countries"],
        summary["attendees"],
        summary["attendee_countries"],
        summary["responses"],
    ) == (693, 91, 343, 50, 32)
    assert {row["sector"]: row["pct"] for row in summary["respondents_by_sector"]} == (
        KRILA_SECTOR_SHARES
    )
    assert "Local or Regional Government (25%)" in summary["respondents_sentence"]
    assert "Academic Institutions (37.5%)" in summary["respondents_sentence"]


def test_summary_in_words(demo_copy, capsys):
    code, out, _ = run(capsys, "summary", "krila-2022", "--db", demo_copy)
    assert code == 0
    assert (
        "The Forum received 693 registrations from 91 countries and was attended by 343 "
        "participants from 50 countries. The participants survey received 32 responses."
    ) in out


def test_summary_of_an_unknown_event_fails(demo_copy, capsys):
    assert run(capsys, "summary", "nope-2022", "--db", demo_copy) == (
        1,
        "",
        "error: unknown event id 'nope-2022'\n",
    )


def test_demo_refuses_to_overwrite_an_existing_demo_without_force(demo_copy, capsys):
    before = demo_copy.read_bytes()
    code, out, err = run(capsys, "demo", "--db", demo_copy)
    assert (code, out) == (1, "")
    assert err == (
        f"error: the demo database {demo_copy} already exists: use --force to rebuild it\n"
    )
    assert demo_copy.read_bytes() == before


def test_demo_with_force_rebuilds_an_existing_demo(demo_copy, capsys):
    with Database(demo_copy) as database, database.writing() as cursor:
        cursor.execute("delete from responses where event_id = 'krila-2022'")
    code, out, err = run(capsys, "demo", "--db", demo_copy, "--force")
    assert (code, err) == (0, "")
    assert out.startswith(f"Built the demo database at {demo_copy} (synthetic data).\n")
    assert run_json(capsys, "summary", "krila-2022", "--db", demo_copy)["responses"] == 32


def test_demo_never_overwrites_a_database_that_is_not_the_demo(forum_db, capsys):
    for force in ([], ["--force"]):
        code, _, err = run(capsys, "demo", "--db", forum_db, *force)
        assert code == 1
        assert "is not the demo: surveydash demo never replaces it" in err
    with Database(forum_db) as database:
        assert database.cursor().execute("select event_id from events").fetchall() == [
            ("forum-2022",)
        ]


def test_demo_never_overwrites_a_file_that_is_no_database(tmp_path, capsys):
    path = write_csv(tmp_path / "notes.duckdb", "my notes\n")
    code, out, err = run(capsys, "demo", "--db", path, "--force")
    assert (code, out) == (1, "")
    assert err.startswith(f"error: {path} is not a surveydash database")
    assert "another process holds it" not in err
    assert "Traceback" not in err
    assert path.read_text() == "my notes\n"


# -- events ------------------------------------------------------------------------------------


def test_event_add_then_events(forum_db, capsys):
    events = run_json(capsys, "events", "--db", forum_db)
    assert events == [
        {
            "event_id": "forum-2022",
            "title": "Forum 2022",
            "series": None,
            "start_date": "2022-09-06",
            "end_date": None,
            "format": None,
            "location": None,
            "organizers": None,
            "languages": None,
        }
    ]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            ["Forum 2022", "--title", "T", "--start", "2022-09-06"],
            "event id 'Forum 2022' must be lower-case letters and digits joined by hyphens",
        ),
        (["f-2022", "--title", " ", "--start", "2022-09-06"], "the event needs a title"),
        (
            ["f-2022", "--title", "T", "--start", "06/09/2022"],
            "start date '06/09/2022' is not a date like 2022-09-06",
        ),
        (
            ["f-2022", "--title", "T", "--start", "2022-09-06", "--end", "2022-09-05"],
            "end date 2022-09-05 is before start date 2022-09-06",
        ),
        (
            ["f-2022", "--title", "T", "--start", "2022-09-06", "--format", "online"],
            "format 'online' must be one of virtual, in-person, hybrid",
        ),
        (
            ["forum-2022", "--title", "T", "--start", "2022-09-06"],
            "an event with id 'forum-2022' already exists",
        ),
    ],
)
def test_event_add_refuses_invalid_events(forum_db, capsys, arguments, message):
    before = table_counts_of(forum_db)
    code, out, err = run(capsys, "event", "add", *arguments, "--db", forum_db)
    assert (code, out) == (1, "")
    assert err.startswith(f"error: {message}")
    assert table_counts_of(forum_db) == before


def table_counts_of(path: Path) -> dict[str, int]:
    """Every table's row count in a database file, opened read-only so nothing is written."""
    with Database(path, read_only=True) as database:
        return table_counts(database)


def test_commands_refuse_a_missing_database(tmp_path, capsys):
    path = tmp_path / "missing.duckdb"
    code, out, err = run(capsys, "events", "--db", path)
    assert (code, out) == (1, "")
    assert err.startswith(f"error: no database at {path}")
    assert not path.exists()


def test_compare_two_events(demo_copy, capsys):
    compared = run_json(capsys, "compare", "krila-2022", "egov-forum-2021", "--db", demo_copy)
    assert [row["event_id"] for row in compared] == ["krila-2022", "egov-forum-2021"]
    krila = compared[0]
    assert (krila["registrations"], krila["attendees"], krila["responses"]) == (693, 343, 32)
    assert krila["attendance_rate"] == 49.5
    assert krila["overall_rating_n"] == 32
    assert 1 <= krila["overall_rating_mean"] <= 5


def test_compare_in_words_gives_each_events_score_with_its_interval(demo_copy, capsys):
    code, out, err = run(capsys, "compare", "krila-2022", "--db", demo_copy)
    assert (code, err) == (0, "")
    assert "overall rating score 82.8 (74.1-91.5), mean 4.31 on 1-5 (n=32)" in out


def test_compare_an_unknown_event_fails(demo_copy, capsys):
    code, _, err = run(capsys, "compare", "krila-2022", "nope-2022", "--db", demo_copy)
    assert (code, err) == (1, "error: unknown event id 'nope-2022'\n")


def test_the_database_can_come_from_the_environment(demo_copy, capsys, monkeypatch):
    monkeypatch.setenv(DB_ENV_VAR, str(demo_copy))
    events = run_json(capsys, "events")
    assert len(events) == 7
    assert "krila-2022" in [event["event_id"] for event in events]


# -- help --------------------------------------------------------------------------------------


def all_commands(parser: argparse.ArgumentParser, prefix=()) -> list[tuple[str, ...]]:
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found.append((*prefix, name))
                found.extend(all_commands(sub, (*prefix, name)))
    return found


@pytest.mark.parametrize("command", [(), *all_commands(cli.build_parser())], ids=" ".join)
def test_help_works_for_every_command(command, capsys):
    with pytest.raises(SystemExit) as exited:
        cli.main([*command, "--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: {' '.join(('surveydash', *command))}")


def test_every_command_is_covered_by_the_help_test():
    assert {command[0] for command in all_commands(cli.build_parser())} >= {
        "demo", "event", "import", "events", "summary", "compare", "map", "serve", "export",
    }  # fmt: skip


# -- importing ---------------------------------------------------------------------------------


def test_import_prints_what_it_read(forum_db, tmp_path, capsys):
    path = write_csv(
        tmp_path / "registrations.csv",
        "email,country,sector\na@example.org,Kenya,NGO\nb@example.org,Atlantis,Freelance\n",
    )
    code, out, err = run(capsys, "import", path, "--event", "forum-2022", "--db", forum_db)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "registrations.csv: registrations: imported 2 rows",
        "Source: generic",
        "registrations: 2 rows read, 2 people, 1 countries",
        "  country not recognized (kept as written): 'Atlantis' x1",
        "  sector not mapped (counted as Other): 'Freelance' x1",
    ]
    code, out, _ = run(capsys, "import", path, "--event", "forum-2022", "--db", forum_db)
    assert code == 0
    assert "was already imported for forum-2022" in out


BAD_FILES = {
    "empty": ("registrations.csv", b"", [], "registrations.csv: the file is empty"),
    "image": (
        "photo.png",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
        [],
        "photo.png: is not a text (CSV) or XLSX file",
    ),
    "no e-mail column": (
        "registrations.csv",
        b"name,country\nAnn,Kenya\n",
        ["--kind", "registrations"],
        "registrations.csv: is missing the required column 'email'",
    ),
    "too many fields": (
        "registrations.csv",
        b"email,country\na@example.org,Kenya\nb@example.org,Kenya,extra\n",
        ["--kind", "registrations"],
        "registrations.csv: row 3: has more fields than the header's 2",
    ),
    "too few fields": (
        "registrations.csv",
        b"email,country,sector\na@example.org,Kenya\n",
        ["--kind", "registrations"],
        "registrations.csv: row 2, column 'sector': has fewer fields than the header's 3",
    ),
    "bad date": (
        "attendance.csv",
        b"email,join_time\na@example.org,2022-09-06 09:00\nb@example.org,soon\n",
        [],
        "attendance.csv: row 3, column 'join_time': 'soon' is not a date",
    ),
    # "rating out of scale" was here: since issue 10 a number that does not fit a rating makes
    # the column a number question (tests/test_real_exports.py), never a refusal.
    "unknown event": (
        "registrations.csv",
        b"email\na@example.org\n",
        ["--event", "nope-2022"],
        "registrations.csv: unknown event id 'nope-2022'",
    ),
}


@pytest.mark.parametrize("case", BAD_FILES, ids=list(BAD_FILES))
def test_import_of_a_bad_file_exits_1_and_changes_nothing(forum_db, tmp_path, capsys, case):
    file_name, content, options, message = BAD_FILES[case]
    path = tmp_path / file_name
    path.write_bytes(content)
    before = table_counts_of(forum_db)
    event = [] if "--event" in options else ["--event", "forum-2022"]
    code, out, err = run(capsys, "import", path, *event, *options, "--db", forum_db)
    assert (code, out) == (1, "")
    assert err.startswith(f"error: {message}")
    assert err.endswith("Nothing was imported: the database is unchanged.\n")
    assert table_counts_of(forum_db) == before


def test_import_of_a_missing_file_fails(forum_db, tmp_path, capsys):
    missing = tmp_path / "missing.csv"
    code, _, err = run(capsys, "import", missing, "--event", "forum-2022", "--db", forum_db)
    assert (code, err) == (1, f"error: {missing}: no such file\n")


def test_import_can_skip_bad_rows_and_write_them_out(forum_db, tmp_path, capsys):
    path = write_csv(
        tmp_path / "attendance.csv",
        "email,minutes\na@example.org,30\nnot-an-address,10\nb@example.org,20\n",
    )
    rejects = tmp_path / "rejects.csv"
    code, out, err = run(
        capsys, "import", path, "--event", "forum-2022", "--skip-bad-rows",
        "--rejects", rejects, "--db", forum_db,
    )  # fmt: skip
    assert code == 0
    assert out.startswith("attendance.csv: attendance: imported 2 rows, left out 1 bad rows\n")
    assert "attendance.csv: row 3, column 'email': 'not-an-address' is not an e-mail" in err
    assert f"The rejected rows are in {rejects}." in err
    assert "not-an-address" in rejects.read_text(encoding="utf-8")


def test_import_dry_run_writes_nothing(forum_db, tmp_path, capsys):
    path = write_csv(tmp_path / "registrations.csv", "email\na@example.org\n")
    before = table_counts_of(forum_db)
    report = run_json(
        capsys, "import", path, "--event", "forum-2022", "--dry-run", "--db", forum_db
    )
    assert report["status"] == "dry-run"
    assert report["kinds"][0]["rows_read"] == 1
    assert table_counts_of(forum_db) == before


# -- mapping fixes -----------------------------------------------------------------------------


def test_map_country_and_sector_fix_rows_and_later_imports(forum_db, tmp_path, capsys):
    first = write_csv(
        tmp_path / "first.csv",
        "email,country,sector\na@example.org,Kenia,Freelance\nb@example.org,Kenya,NGO\n",
    )
    assert run(capsys, "import", first, "--event", "forum-2022", "--db", forum_db)[0] == 0
    code, out, _ = run(capsys, "map", "country", "Kenia", "KEN", "--db", forum_db)
    assert (code, out) == (0, "Mapped 'Kenia' to KEN: 1 rows updated.\n")
    code, out, _ = run(
        capsys, "map", "sector", "freelance", "Private Sector or Philanthropic Organizations",
        "--db", forum_db,
    )  # fmt: skip
    assert code == 0 and "1 rows updated" in out
    summary = run_json(capsys, "summary", "forum-2022", "--db", forum_db)
    assert summary["registration_countries"] == 1
    # A later event's file with the same values benefits from the fixes.
    run(capsys, "event", "add", "forum-2023", "--title", "F", "--start", "2023-09-06",
        "--db", forum_db)  # fmt: skip
    later = write_csv(
        tmp_path / "later.csv", "email,country,sector\nc@example.org,KENIA,Freelance\n"
    )
    code, out, _ = run(capsys, "import", later, "--event", "forum-2023", "--db", forum_db)
    assert code == 0 and "not recognized" not in out and "not mapped" not in out
    with Database(forum_db) as database:
        assert database.cursor().execute(
            "select country_iso3, country_method, sector, sector_method from registrations "
            "where event_id = 'forum-2023'"
        ).fetchall() == [
            ("KEN", "user_alias", "Private Sector or Philanthropic Organizations", "user_alias")
        ]


def test_map_refuses_unknown_targets(forum_db, capsys):
    code, _, err = run(capsys, "map", "country", "Kenia", "XYZ", "--db", forum_db)
    assert (code, err) == (1, "error: 'XYZ' is not an ISO3 country code in the reference list\n")
    code, _, err = run(capsys, "map", "sector", "Freelance", "Gig economy", "--db", forum_db)
    assert code == 1 and err.startswith("error: 'Gig economy' is not one of: National Government")


def test_map_question_sets_its_indicator_and_later_imports_benefit(forum_db, tmp_path, capsys):
    question = "Was the Forum worth your time?"
    survey = f"Timestamp,{question}\n2022-09-06 12:00,5\n2022-09-06 12:01,4\n"
    path = write_csv(tmp_path / "survey.csv", survey)
    assert run(capsys, "import", path, "--event", "forum-2022", "--kind", "survey",
               "--db", forum_db)[0] == 0  # fmt: skip
    code, out, _ = run(
        capsys, "map", "question", "q01", "relevance", "--event", "forum-2022", "--db", forum_db
    )
    assert code == 0
    summary = run_json(capsys, "summary", "forum-2022", "--db", forum_db)
    assert [rating["indicator"] for rating in summary["ratings"]] == ["relevance"]
    run(capsys, "event", "add", "forum-2023", "--title", "F", "--start", "2023-09-06",
        "--db", forum_db)  # fmt: skip
    later = write_csv(tmp_path / "later.csv", survey.replace("2022", "2023"))
    report = run_json(
        capsys, "import", later, "--event", "forum-2023", "--kind", "survey", "--db", forum_db
    )
    assert report["kinds"][0]["questions"][0]["indicator"] == "relevance"
    assert report["kinds"][0]["questions"][0]["indicator_source"] == "user"
    compared = run_json(capsys, "compare", "forum-2022", "forum-2023", "--db", forum_db)
    assert [row["relevance_n"] for row in compared] == [2, 2]


def test_map_question_needs_an_event(forum_db, capsys):
    with pytest.raises(SystemExit) as exited:
        cli.main(["map", "question", "q01", "relevance", "--db", str(forum_db)])
    assert exited.value.code == 2
    assert "map question needs --event" in capsys.readouterr().err


def test_map_question_of_an_unknown_question_fails(forum_db, capsys):
    code, _, err = run(
        capsys, "map", "question", "q09", "relevance", "--event", "forum-2022", "--db", forum_db
    )
    assert (code, err) == (1, "error: event 'forum-2022' has no question 'q09'\n")


# -- the installed program ---------------------------------------------------------------------


def test_the_installed_surveydash_program_runs(demo_copy):
    program = Path(sys.executable).parent / "surveydash"
    if not program.exists():
        program = REPO_DIR / ".venv" / "bin" / "surveydash"
    finished = subprocess.run(
        [str(program), "summary", "krila-2022", "--json", "--db", str(demo_copy)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (finished.returncode, finished.stderr) == (0, "")
    summary = json.loads(finished.stdout)
    assert (summary["registrations"], summary["responses"]) == (693, 32)
    failed = subprocess.run(
        [str(program), "summary", "nope-2022", "--db", str(demo_copy)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (failed.returncode, failed.stderr) == (1, "error: unknown event id 'nope-2022'\n")


def test_the_database_may_be_named_before_the_command(capsys, tmp_path):
    database = tmp_path / "first.duckdb"
    assert cli.main(["--db", str(database), "event", "add", "forum-2022", "--title", "Forum",
                     "--start", "2022-09-06"]) == 0  # fmt: skip
    capsys.readouterr()
    assert cli.main(["--db", str(database), "events"]) == 0
    assert "forum-2022" in capsys.readouterr().out
    # Named after the command too, the command's own wins.
    other = tmp_path / "other.duckdb"
    assert cli.main(["--db", str(database), "events", "--db", str(other)]) == 1
    assert f"no database at {other}" in capsys.readouterr().err
