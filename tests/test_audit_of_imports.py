"""An import and its audit entry commit together: the trail never lacks an import that landed,
and never names one that did not."""

from __future__ import annotations

import pytest

from surveydash import audit, writes
from surveydash.access import Actor
from surveydash.importer import ImportOptions
from tests.conftest import write_csv

ANALYST = Actor("analyst@example.org", signed_in=False)


def registrations(tmp_path):
    return write_csv(
        tmp_path / "regs.csv",
        "email,country\nana@example.org,Kenya\nbo@example.org,Chile\n",
    )


def test_an_import_is_in_the_audit_trail_with_its_import_ids(event_db, tmp_path):
    result = writes.import_data(
        event_db, ANALYST, registrations(tmp_path), "forum-2022", ImportOptions()
    )
    (entry,) = [e for e in audit.entries(event_db) if e["action"] == "import"]
    assert entry["actor"] == ANALYST.name and entry["target"] == "forum-2022"
    assert entry["details"]["imports"] == {"registrations": result.kinds[0].import_id}
    assert entry["details"]["rows_imported"] == {"registrations": 2}


def test_an_import_whose_audit_entry_fails_is_not_imported(event_db, tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise RuntimeError("the audit table is unavailable")

    monkeypatch.setattr(audit, "record", refuse)
    with pytest.raises(RuntimeError):
        writes.import_data(
            event_db, ANALYST, registrations(tmp_path), "forum-2022", ImportOptions()
        )
    cursor = event_db.cursor()
    assert cursor.execute("select count(*) from registrations").fetchall() == [(0,)]
    assert cursor.execute("select count(*) from import_log").fetchall() == [(0,)]
    cursor.close()
