"""Building the demo database from the synthetic files in data/demo/, through the importer."""

from __future__ import annotations

import csv
import os
import tempfile
from pathlib import Path

from surveydash.certificates import set_certificate_rule
from surveydash.db import Database
from surveydash.events import EventSpec, add_event
from surveydash.importer import ImportOptions, import_file
from surveydash.settings import DEMO_DIR

DEMO_KINDS = ("registrations", "attendance", "survey")


class DemoError(Exception):
    pass


def is_demo_database(path: Path) -> bool:
    database = Database(path, read_only=True)
    try:
        return database.meta("demo") == "true"
    except Exception:
        return False
    finally:
        database.close()


def build_demo(path: str | Path, force: bool = False, demo_dir: Path = DEMO_DIR) -> Path:
    """Write the demo database at `path`. An existing demo database is replaced only with
    `force`; any other database at that path is never replaced."""
    path = Path(path)
    if path.exists():
        if not is_demo_database(path):
            raise DemoError(
                f"{path} holds a database that is not the demo: surveydash demo never replaces "
                "it. Choose another --db path."
            )
        if not force:
            raise DemoError(f"the demo database {path} already exists: use --force to rebuild it")
    path.parent.mkdir(parents=True, exist_ok=True)
    # Built beside the target and moved into place, so a failed build leaves nothing half-made.
    handle, building = tempfile.mkstemp(suffix=".duckdb", dir=path.parent)
    os.close(handle)
    os.unlink(building)
    try:
        with Database(building) as database:
            populate_demo(database, demo_dir)
        os.replace(building, path)
    finally:
        for leftover in (building, building + ".wal"):
            if os.path.exists(leftover):
                os.unlink(leftover)
    return path


# The demo's certificate rule, so that `surveydash certificates krila-2022 --out c.csv` and the
# Certificates page show the feature at once: attendees of at least half an hour (a webinar's
# usual bar for a certificate of attendance). An analyst changes it with `event set`.
DEMO_CERTIFICATE_MINUTES = 30


def populate_demo(database: Database, demo_dir: Path = DEMO_DIR) -> list[str]:
    """Create the demo events and import their files into an open database."""
    with open(demo_dir / "events.csv", encoding="utf-8", newline="") as handle:
        events = list(csv.DictReader(handle))
    for event in events:
        add_event(
            database,
            EventSpec(
                event_id=event["id"],
                title=event["title"],
                start_date=event["start_date"],
                end_date=event["end_date"] or None,
                format=event["format"] or None,
                location=event["location"] or None,
                series=event["series"] or None,
                organizers=event["organizers"] or None,
                languages=event["languages"] or None,
            ),
        )
        for kind in DEMO_KINDS:
            file = demo_dir / event["id"] / f"{kind}.csv"
            if file.exists():
                import_file(
                    database,
                    file,
                    event["id"],
                    ImportOptions(kind=kind),
                    file_name=f"demo/{event['id']}/{file.name}",
                )
        if (demo_dir / event["id"] / "attendance.csv").exists():
            set_certificate_rule(database, event["id"], "minutes", DEMO_CERTIFICATE_MINUTES)
    with database.writing() as cursor:
        cursor.execute("insert or replace into meta values ('demo', 'true')")
    return [event["id"] for event in events]
