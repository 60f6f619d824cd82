"""A page run reads one state of the database: eight readers, each reading a headline and then a
breakdown (as a report page does), while six imports commit, never see two states at once."""

from __future__ import annotations

import threading

from surveydash.analytics import query
from surveydash.db import Database
from surveydash.events import EventSpec, add_event
from surveydash.importer import ImportOptions, import_file
from tests.conftest import write_csv

READERS = 8
IMPORTS = 6


def registrations_file(tmp_path, number: int):
    people = 400 * (number + 1)
    return write_csv(
        tmp_path / f"registrations-{number}.csv",
        "email,country,sector\n"
        + "".join(f"p{n}@example.org,Kenya,Academia\n" for n in range(people)),
    )


def read_headline_then_sectors(db) -> tuple[int, int, int]:
    """What a report page reads: the version, the headline's registrations, then the sector
    breakdown's registrants (the same people, counted another way)."""
    version = db.data_version
    headline = int(query(db, "event_headline", event_id="forum-2022")["registrations"].iloc[0])
    sectors = query(db, "participants_by_sector", event_id="forum-2022")
    by_sector = int(sectors[sectors["stage"] == "registrants"]["count"].sum())
    return version, headline, by_sector


def run_readers_during_imports(db, tmp_path, read) -> list[tuple[int, int, int]]:
    files = [registrations_file(tmp_path, number) for number in range(IMPORTS)]
    seen: list[tuple[int, int, int]] = []
    done = threading.Event()
    errors: list[BaseException] = []

    def reader():
        try:
            while not done.is_set():
                seen.append(read(db))
        except BaseException as error:  # noqa: BLE001 - reported by the test
            errors.append(error)

    threads = [threading.Thread(target=reader) for _ in range(READERS)]
    for thread in threads:
        thread.start()
    try:
        for path in files:
            import_file(db, path, "forum-2022", ImportOptions(kind="registrations", replace=True))
    finally:
        done.set()
        for thread in threads:
            thread.join()
    assert not errors, errors
    return seen


def test_reads_in_one_snapshot_never_mix_two_states(tmp_path):
    with Database(tmp_path / "snapshots.duckdb") as db:
        add_event(db, EventSpec("forum-2022", "Forum", "2022-09-06"))

        def read_in_one_snapshot(database):
            with database.snapshot() as snapshot:
                return read_headline_then_sectors(snapshot)

        seen = run_readers_during_imports(db, tmp_path, read_in_one_snapshot)
    assert len(seen) > READERS
    mixed = [(headline, by_sector) for _, headline, by_sector in seen if headline != by_sector]
    assert mixed == []
    # Each version read comes with the one count it had: a cache keyed on the version holds
    # that version's figures only.
    counts_by_version: dict[int, set[int]] = {}
    for version, headline, _ in seen:
        counts_by_version.setdefault(version, set()).add(headline)
    assert all(len(counts) == 1 for counts in counts_by_version.values())
    assert len(counts_by_version) > 1, "the readers should have seen some imports commit"


def test_a_snapshot_does_not_see_a_write_made_after_it_began(tmp_path):
    with Database(tmp_path / "snapshot.duckdb") as db:
        add_event(db, EventSpec("forum-2022", "Forum", "2022-09-06"))
        with db.snapshot() as snapshot:
            before = snapshot.data_version
            add_event(db, EventSpec("forum-2023", "Forum", "2023-09-06"))
            assert snapshot.data_version == before
            assert list(query(snapshot, "events_list")["event_id"]) == ["forum-2022"]
        assert db.data_version == before + 1
        assert sorted(query(db, "events_list")["event_id"]) == ["forum-2022", "forum-2023"]


def test_the_dashboards_reads_in_a_page_run_come_from_one_snapshot(tmp_path, monkeypatch):
    import streamlit as st

    from dashboard import data_access
    from surveydash import settings

    path = tmp_path / "dashboard.duckdb"
    with Database(path) as db:
        add_event(db, EventSpec("forum-2022", "Forum", "2022-09-06"))
    monkeypatch.setenv(settings.DB_ENV_VAR, str(path))
    st.cache_data.clear()
    st.cache_resource.clear()
    try:
        with data_access.page_snapshot():
            assert list(data_access.event_table()["event_id"]) == ["forum-2022"]
            # Another session adds an event while this page run is still reading.
            add_event(data_access.database(), EventSpec("forum-2023", "Forum", "2023-09-06"))
            assert list(data_access.event_table()["event_id"]) == ["forum-2022"]
        # The next page run sees it.
        with data_access.page_snapshot():
            assert sorted(data_access.event_table()["event_id"]) == ["forum-2022", "forum-2023"]
    finally:
        st.cache_data.clear()
        st.cache_resource.clear()
