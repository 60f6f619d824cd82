"""Roles and users: what each role may do, `users add/list/remove`, and the engine refusing a
write to a role that may not make it, whatever the page showed."""

from __future__ import annotations

import json

import pytest

from surveydash import cli, writes
from surveydash.access import (
    AccessDenied,
    Actor,
    add_user,
    may,
    may_see_page,
    remove_user,
    role_of,
)
from surveydash.corrections import delete_event, erase_person
from surveydash.events import EventSpec
from surveydash.importer import ImportOptions
from tests.conftest import write_csv

LOCAL = Actor("local-user", signed_in=False)


def run(capsys, *argv) -> tuple[int, str, str]:
    code = cli.main([str(arg) for arg in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_each_role_sees_its_pages_and_no_more():
    viewer = [path for path in ("", "report", "compare") if may_see_page("viewer", path)]
    assert viewer == ["", "report", "compare"]
    for path in ("upload", "data-quality", "certificates", "admin"):
        assert not may_see_page("viewer", path)
    for path in ("upload", "data-quality", "certificates"):
        assert may_see_page("analyst", path)
    assert not may_see_page("analyst", "admin") and may_see_page("admin", "admin")
    # A page nobody has decided about is for admins only.
    assert not may_see_page("analyst", "some-new-page") and may_see_page("admin", "some-new-page")
    assert not may_see_page(None, "")


def test_each_role_may_do_its_actions_and_no_more():
    assert may("viewer", "read") and not may("viewer", "import")
    assert may("analyst", "import") and may("analyst", "mapping")
    for action in ("import.undo", "event.delete", "person.erase", "export", "users"):
        assert not may("analyst", action) and may("admin", action)
    assert not may(None, "read")


def test_users_add_list_remove_from_the_cli(capsys, tmp_path):
    database = tmp_path / "users.duckdb"
    code, out, _ = run(
        capsys, "users", "add", " Ada@Example.org", "--role", "admin", "--db", database
    )
    assert code == 1 and "no database at" in _  # no database yet: users need one
    run(capsys, "event", "add", "forum-2022", "--title", "Forum", "--start", "2022-09-06",
        "--db", database)  # fmt: skip
    code, out, err = run(
        capsys, "users", "add", " Ada@Example.org", "--role", "admin", "--db", database
    )
    assert code == 0, err
    assert out.strip() == "ada@example.org: added as admin"
    run(capsys, "users", "add", "bo@example.org", "--role", "viewer", "--db", database)
    code, out, _ = run(
        capsys, "users", "add", "bo@example.org", "--role", "analyst", "--db", database
    )
    assert out.strip() == "bo@example.org: role viewer -> analyst"
    code, out, _ = run(capsys, "users", "list", "--json", "--db", database)
    assert [(u["email"], u["role"]) for u in json.loads(out)] == [
        ("ada@example.org", "admin"),
        ("bo@example.org", "analyst"),
    ]
    code, _, err = run(
        capsys, "users", "add", "not-an-address", "--role", "viewer", "--db", database
    )
    assert code == 1 and "'not-an-address' is not an e-mail address" in err
    code, _, err = run(capsys, "users", "remove", "ada@example.org", "--db", database)
    assert code == 1 and "ada@example.org is the last admin" in err
    code, out, _ = run(capsys, "users", "remove", "bo@example.org", "--db", database)
    assert code == 0
    code, out, _ = run(capsys, "users", "list", "--db", database)
    assert "bo@example.org" not in out and "ada@example.org" in out
    code, out, _ = run(capsys, "audit", "--json", "--db", database)
    assert [entry["action"] for entry in json.loads(out)] == [
        "user.remove",
        "user.add",
        "user.add",
        "user.add",
        "event.add",
    ]


def test_the_engine_refuses_writes_to_roles_that_may_not_make_them(event_db, tmp_path):
    add_user(event_db, LOCAL, "viewer@example.org", "viewer")
    add_user(event_db, LOCAL, "analyst@example.org", "analyst")
    viewer = Actor.signed_in_as("Viewer@example.org")
    analyst = Actor.signed_in_as("analyst@example.org")
    stranger = Actor.signed_in_as("stranger@example.org")
    assert role_of(event_db, viewer) == "viewer" and role_of(event_db, stranger) is None
    registrations = write_csv(
        tmp_path / "registrations.csv", "email,country\nann@example.org,Kenya\n"
    )
    options = ImportOptions(kind="registrations")
    with pytest.raises(AccessDenied, match="viewer@example.org has the role viewer: import"):
        writes.import_data(event_db, viewer, registrations, "forum-2022", options)
    with pytest.raises(AccessDenied, match="stranger@example.org has no access"):
        writes.create_event(event_db, stranger, EventSpec("x-2022", "X", "2022-01-01"))
    with pytest.raises(AccessDenied, match="event.delete needs the role admin"):
        delete_event(event_db, analyst, "forum-2022")
    with pytest.raises(AccessDenied):
        erase_person(event_db, analyst, "ann@example.org")
    with pytest.raises(AccessDenied):
        add_user(event_db, analyst, "someone@example.org", "admin")

    result = writes.import_data(event_db, analyst, registrations, "forum-2022", options)
    assert result.status == "imported"
    cursor = event_db.cursor()
    assert cursor.execute("select imported_by from import_log").fetchall() == [
        ("analyst@example.org",)
    ]
    assert cursor.execute("select actor, action, target from audit order by audit_id").fetchall()[
        -1
    ] == ("analyst@example.org", "import", "forum-2022")
    # The role is read at each write: a removed user can no longer write.
    remove_user(event_db, LOCAL, "analyst@example.org")
    with pytest.raises(AccessDenied, match="has no access"):
        writes.map_country(event_db, analyst, "Kenya", "KEN")
