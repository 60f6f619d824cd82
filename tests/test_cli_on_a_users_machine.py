"""What a user meets on their own machine: paths typed relative to where they are, a database
file that is damaged or is not a database at all, and a disk that fills up during an import.
Each is a message saying what happened and what to do, never a traceback, and changes nothing."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from surveydash import cli, settings
from surveydash.db import Database
from tests.test_import_refusals import table_counts

# A registrations file big enough that writing it needs more room than the small disk below has
# left after the demo database: 40,000 people (about 2 MB of CSV).
PEOPLE_FOR_A_FULL_DISK = 40_000


def run(capsys, *argv) -> tuple[int, str, str]:
    code = cli.main([str(arg) for arg in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def demo_copy(demo_db_path, tmp_path) -> Path:
    path = tmp_path / "demo.duckdb"
    shutil.copyfile(demo_db_path, path)
    return path


# -- paths mean the same file whatever the working directory --------------------------------------


def test_a_relative_database_path_is_resolved_where_it_was_typed(demo_copy, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    args = cli.build_parser().parse_args(["events", "--db", "demo.duckdb"])
    assert args.db == demo_copy.resolve()
    # Even after the process moves on (Streamlit runs in dashboard/), it names the same file.
    monkeypatch.chdir(settings.REPO_DIR)
    assert settings.database_path(args.db) == demo_copy.resolve()


def test_a_relative_database_path_in_the_environment_is_resolved_too(
    demo_copy, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv(settings.DB_ENV_VAR, "demo.duckdb")
    assert settings.database_path() == demo_copy.resolve()


def test_rejects_and_export_folders_are_relative_to_where_the_command_runs(
    demo_copy, tmp_path, monkeypatch, capsys
):
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "export", "--parquet", "exported", "--db", "demo.duckdb")
    assert (code, err) == (0, "")
    assert (tmp_path / "exported" / "events.parquet").is_file()

    bad = tmp_path / "regs.csv"
    bad.write_text(
        "email,country,registered_at\n"
        "ana@example.org,Kenya,2022-08-01\n"
        "not-an-address,Kenya,2022-08-02\n",
        encoding="utf-8",
    )
    code, _, err = run(
        capsys,
        "import",
        "regs.csv",
        "--event",
        "krila-2022",
        "--kind",
        "registrations",
        "--replace",
        "--skip-bad-rows",
        "--rejects",
        "left-out.csv",
        "--db",
        "demo.duckdb",
    )
    assert code == 0, err
    rejects = (tmp_path / "left-out.csv").read_text(encoding="utf-8")
    assert "not-an-address" in rejects


# -- a database file that cannot be used ----------------------------------------------------------


def test_a_database_cut_in_half_is_a_message_and_stays_as_it_was(demo_copy, capsys):
    with demo_copy.open("r+b") as file:
        file.truncate(demo_copy.stat().st_size // 2)
    before = digest(demo_copy)
    code, out, err = run(capsys, "summary", "krila-2022", "--db", demo_copy)
    assert (code, out) == (1, "")
    assert "Traceback" not in err
    assert f"{demo_copy} is damaged" in err
    assert "Restore it from a backup" in err
    assert digest(demo_copy) == before


def test_a_file_that_is_no_database_is_a_message_and_stays_as_it_was(tmp_path, capsys):
    not_a_database = tmp_path / "notes.duckdb"
    not_a_database.write_bytes(b"Minutes of the forum's planning meeting\n" * 100)
    before = digest(not_a_database)
    code, out, err = run(capsys, "events", "--db", not_a_database)
    assert (code, out) == (1, "")
    assert "Traceback" not in err
    assert "is not a surveydash database" in err
    assert digest(not_a_database) == before


# -- a full disk ---------------------------------------------------------------------------------

FULL_DISK_SCRIPT = textwrap.dedent(
    """
    set -e
    mount -t tmpfs -o size={size} tmpfs "$DISK"
    cp "$DEMO" "$DISK/demo.duckdb"
    cd "$DISK"
    set +e
    "$PYTHON" -m surveydash import "$CSV" --event krila-2022 --kind registrations --replace \\
        --db demo.duckdb > "$OUT/stdout" 2> "$OUT/stderr"
    echo $? > "$OUT/code"
    "$PYTHON" -m surveydash summary krila-2022 --json --db demo.duckdb > "$OUT/summary.json"
    """
)


@pytest.mark.skipif(os.geteuid() != 0, reason="mounting a small disk needs root (CI runs as root)")
def test_a_full_disk_during_an_import_is_a_message_and_changes_nothing(demo_db_path, tmp_path):
    people = tmp_path / "people.csv"
    with people.open("w", encoding="utf-8") as file:
        file.write("email,first_name,last_name,country,sector,registered_at\n")
        for number in range(PEOPLE_FOR_A_FULL_DISK):
            file.write(f"p{number}@example.org,Ana,Diaz,Kenya,Academia,2022-08-01\n")
    disk, out = tmp_path / "disk", tmp_path / "out"
    disk.mkdir()
    out.mkdir()
    with Database(demo_db_path, read_only=True) as db:
        before = table_counts(db)
    # The disk holds the demo database and little more: the import's writes run out of room.
    size = f"{demo_db_path.stat().st_size // 1024 + 1536}k"
    # A mount namespace of its own, so the small disk vanishes with the script.
    completed = subprocess.run(
        ["unshare", "--mount", "sh", "-c", FULL_DISK_SCRIPT.format(size=size)],
        env=dict(
            os.environ,
            DISK=str(disk),
            OUT=str(out),
            DEMO=str(demo_db_path),
            CSV=str(people),
            PYTHON=sys.executable,
        ),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert completed.returncode == 0, completed.stderr
    stderr = (out / "stderr").read_text()
    assert (out / "code").read_text().strip() == "1"
    assert "Traceback" not in stderr
    assert "is full" in stderr and "nothing was changed" in stderr
    assert "Free some disk space" in stderr
    # The database still opens, with the event's figures as they were.
    summary = json.loads((out / "summary.json").read_text())
    assert summary["registrations"] == 693
    assert before["registrations"] > 0
