"""Commands while another process holds the database: the CLI hands them to the process's job
runner (surveydash.handover) and prints the same output, with the same exit code, as when it
opens the file itself. Here this test process plays the dashboard: it holds the file and runs
a JobRunner; the commands run as separate processes, as a nightly job would."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from surveydash import cli, handover, settings
from surveydash.db import Database
from tests.conftest import write_csv
from tests.test_pages import APP, RUN_TIMEOUT_SECONDS

REGISTRATIONS = "email,first_name,last_name,country,sector\n" + "".join(
    f"person{n}@example.org,P{n},Q{n},Kenya,Academic Institutions\n" for n in range(5)
)
BAD_REGISTRATIONS = "email,country\nnot-an-address,Kenya\n"


def surveydash(*argv, cwd) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "surveydash", *map(str, argv)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


@pytest.fixture
def two_copies(demo_db_path, tmp_path):
    """Two copies of the demo: one the command opens itself, one held by a 'dashboard'."""
    alone, held = tmp_path / "alone.duckdb", tmp_path / "held.duckdb"
    shutil.copy(demo_db_path, alone)
    shutil.copy(demo_db_path, held)
    write_csv(tmp_path / "new-people.csv", REGISTRATIONS)
    write_csv(tmp_path / "bad.csv", BAD_REGISTRATIONS)
    return alone, held


@pytest.fixture
def held_by_a_runner(two_copies):
    _, held = two_copies
    db = Database(held)
    runner = handover.JobRunner(held, lambda job: cli.run_handed_over(db, job)).start()
    yield db
    runner.stop()
    db.close()


COMMANDS = [
    # A relative file name: read against the directory the command was typed in.
    ("import", "new-people.csv", "--event", "krila-2022", "--kind", "registrations", "--append"),
    ("import", "bad.csv", "--event", "krila-2022", "--kind", "registrations"),
    (
        "import",
        "bad.csv",
        "--event",
        "krila-2022",
        "--kind",
        "registrations",
        "--skip-bad-rows",
        "--rejects",
        "rejected.csv",
        "--dry-run",
    ),
    ("event", "add", "nightly-2024", "--title", "Nightly", "--start", "2024-01-01"),
    ("event", "add", "nightly-2024", "--title", "Again", "--start", "2024-01-01"),
    ("imports", "undo", "1"),
    ("summary", "krila-2022"),
]


def test_commands_run_by_the_holding_process_print_and_exit_as_they_would_alone(
    two_copies, held_by_a_runner, tmp_path
):
    alone, held = two_copies
    for command in COMMANDS:
        by_itself = surveydash(*command, "--db", alone, cwd=tmp_path)
        handed_over = surveydash(*command, "--db", held, cwd=tmp_path)
        assert handed_over.returncode == by_itself.returncode, (command, handed_over.stderr)
        assert handed_over.stdout == by_itself.stdout, command
        assert handed_over.stderr == by_itself.stderr, command
    # The writes happened in the held database, through the holder's connection.
    cursor = held_by_a_runner.cursor()
    events = cursor.execute("select count(*) from events where event_id = 'nightly-2024'")
    assert events.fetchall()[0][0] == 1
    who = cursor.execute(
        "select actor, action from audit where action in ('import.append', 'event.add')"
    ).fetchall()
    assert sorted(action for _, action in who) == ["event.add", "import.append"]
    imported = cursor.execute(
        "select count(*) from contacts where email like 'person_@example.org'"
    ).fetchall()[0][0]
    assert imported == 5
    assert not list(handover.jobs_folder(held).glob("*.json"))[1:], "only server.json is left"


def test_the_refusal_of_a_bad_file_is_the_same_and_changes_nothing(
    two_copies, held_by_a_runner, tmp_path
):
    _, held = two_copies
    before = held_by_a_runner.data_version
    result = surveydash("import", "bad.csv", "--event", "krila-2022", "--db", held, cwd=tmp_path)
    assert result.returncode == 1
    assert "Nothing was imported: the database is unchanged." in result.stderr
    assert held_by_a_runner.data_version == before


def test_without_a_runner_the_command_says_another_process_holds_the_file(two_copies, tmp_path):
    _, held = two_copies
    with Database(held):
        result = surveydash("events", "--db", held, cwd=tmp_path)
    assert result.returncode == 1
    assert "another process holds it" in result.stderr


def test_jobs_from_several_commands_at_once_are_run_one_after_another(
    two_copies, held_by_a_runner, tmp_path
):
    _, held = two_copies
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "surveydash",
                "event",
                "add",
                f"parallel-{n}",
                "--title",
                f"Parallel {n}",
                "--start",
                "2024-01-01",
                "--db",
                str(held),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=tmp_path,
        )  # fmt: skip
        for n in range(3)
    ]
    outputs = [process.communicate(timeout=120) for process in processes]
    assert [process.returncode for process in processes] == [0, 0, 0], outputs
    cursor = held_by_a_runner.cursor()
    added = cursor.execute("select count(*) from events where event_id like 'parallel-%'")
    assert added.fetchall()[0][0] == 3
    trail = json.loads(surveydash("audit", "--json", "--db", held, cwd=tmp_path).stdout)
    assert sum(entry["action"] == "event.add" for entry in trail) == 3


def test_the_dashboard_asks_to_reload_while_a_command_holds_the_file(
    two_copies, tmp_path, monkeypatch
):
    _, held = two_copies
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from surveydash.db import Database; "
         f"db = Database({str(held)!r}); print('ready', flush=True); sys.stdin.read()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "ready"
        st.cache_resource.clear()
        monkeypatch.setenv(settings.DB_ENV_VAR, str(held))
        app = AppTest.from_file(str(APP), default_timeout=RUN_TIMEOUT_SECONDS).run()
        assert not app.exception
        assert app.warning[0].value == (
            "A command is using the database right now. Reload this page in a moment."
        )
    finally:
        holder.stdin.close()
        holder.wait(timeout=60)
        st.cache_resource.clear()
