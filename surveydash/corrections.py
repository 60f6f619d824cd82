"""Undoing mistakes: an import taken back, an event corrected or deleted, a person erased.

Each is one transaction through the one writer (Database.writing()): the rows, the stored
per-event figures (surveydash.figures) and the audit entry change together or not at all. Each
checks the actor's role first (surveydash.access): all of these are for admins.

After any of them, contacts rows of people who are left in no event are deleted too: a
participant's name and address are kept only while some event has rows of theirs.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import duckdb

from surveydash import access, audit, figures
from surveydash.access import Actor
from surveydash.db import Database, participant_id_sql
from surveydash.events import EventError, EventSpec, validate_event

# Tables with one event's rows, and the per-event figures: what deleting an event empties.
EVENT_TABLES = (
    "answers",
    "responses",
    "questions",
    "attendance",
    "registrations",
    "import_log",
    *figures.PARTS.values(),
)
KIND_TABLES = {"registrations": "registrations", "attendance": "attendance", "survey": "responses"}
EDITABLE_FIELDS = (
    "title",
    "start_date",
    "end_date",
    "format",
    "location",
    "series",
    "organizers",
    "languages",
)


class CorrectionError(ValueError):
    """A correction that cannot be made as asked; nothing was changed."""


@dataclass(frozen=True)
class ErasureReport:
    """What erasing one person removed, in counts (the address itself is recorded nowhere)."""

    registrations: int
    attendance: int
    responses: int
    answers: int
    contacts: int
    events: list[str]

    @property
    def total(self) -> int:
        return self.registrations + self.attendance + self.responses + self.contacts


# -- imports -------------------------------------------------------------------------------------


def undo_import(db: Database, actor: Actor, import_id: int) -> dict:
    """Take back one import: its rows, its questions that no other import's answers use, and
    its line of the import log; the event's figures are computed again. Returns the undone
    import's log row. An import that replaced earlier ones cannot be undone (their rows are
    gone): import the right file with --replace instead."""
    access.require(db, actor, "import.undo")
    with db.writing() as cursor:
        found = cursor.execute(
            "select import_id, event_id, kind, source, file_name, rows_imported, imported_by, "
            "imported_at, replaced_by from import_log where import_id = ?",
            [import_id],
        ).fetchall()
        if not found:
            raise CorrectionError(f"there is no import #{import_id} (see surveydash imports list)")
        columns = (
            "import_id",
            "event_id",
            "kind",
            "source",
            "file_name",
            "rows_imported",
            "imported_by",
            "imported_at",
            "replaced_by",
        )
        undone = dict(zip(columns, found[0], strict=True))
        if undone["replaced_by"] is not None:
            raise CorrectionError(
                f"import #{import_id} was already replaced by import #{undone['replaced_by']}: "
                "its rows are no longer in the database"
            )
        replaced = cursor.execute(
            "select import_id from import_log where replaced_by = ? order by import_id",
            [import_id],
        ).fetchall()
        if replaced:
            earlier = ", ".join(f"#{row[0]}" for row in replaced)
            raise CorrectionError(
                f"import #{import_id} replaced import {earlier}, whose rows are gone: undoing it "
                "cannot bring them back. Import the right file with --replace instead."
            )
        event_id, kind = undone["event_id"], undone["kind"]
        if kind == "survey":
            cursor.execute(
                "delete from answers where event_id = ? and response_id in (select response_id "
                "from responses where event_id = ? and import_id = ?)",
                [event_id, event_id, import_id],
            )
            # A question this import added stays while another import's answers still use it.
            cursor.execute(
                "delete from questions where event_id = ? and import_id = ? and question_id "
                "not in (select question_id from answers where event_id = ?)",
                [event_id, import_id, event_id],
            )
        cursor.execute(
            f"delete from {KIND_TABLES[kind]} where event_id = ? and import_id = ?",
            [event_id, import_id],
        )
        cursor.execute("delete from import_log where import_id = ?", [import_id])
        contacts_removed = _delete_people_in_no_event(cursor)
        figures.refresh(cursor, [event_id])
        audit.record(
            cursor,
            actor,
            "import.undo",
            f"import #{import_id}",
            {
                "event_id": event_id,
                "kind": kind,
                "source": undone["source"],
                "file_name": undone["file_name"],
                "rows_removed": undone["rows_imported"],
                "imported_by": undone["imported_by"],
                "imported_at": undone["imported_at"],
                "contacts_removed": contacts_removed,
            },
        )
    return undone


# -- events --------------------------------------------------------------------------------------


def edit_event(db: Database, actor: Actor, event_id: str, **changes) -> dict:
    """Correct an event's title, dates, format, location, series, organizers or languages;
    returns the fields changed as {field: [before, after]}. The id stays: links use it."""
    access.require(db, actor, "event.edit")
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise CorrectionError(f"cannot edit {', '.join(sorted(unknown))} of an event")
    with db.writing() as cursor:
        found = cursor.execute(
            f"select {', '.join(EDITABLE_FIELDS)} from events where event_id = ?", [event_id]
        ).fetchall()
        if not found:
            raise CorrectionError(f"there is no event '{event_id}'")
        before = dict(zip(EDITABLE_FIELDS, found[0], strict=True))
        wanted = {name: value for name, value in changes.items() if value is not None}
        try:
            spec = validate_event(replace(EventSpec(event_id=event_id, **before), **wanted))
        except EventError as error:
            raise CorrectionError(str(error)) from None
        after = {name: getattr(spec, name) for name in EDITABLE_FIELDS}
        changed = {
            name: [before[name], after[name]]
            for name in EDITABLE_FIELDS
            if before[name] != after[name]
        }
        if not changed:
            return {}
        assignments = ", ".join(f"{name} = ?" for name in changed)
        cursor.execute(
            f"update events set {assignments} where event_id = ?",
            [after[name] for name in changed] + [event_id],
        )
        # The stored figures hold no event fields today; refreshed anyway, so that a figure
        # that comes to depend on one (the start date, say) cannot go stale.
        figures.refresh(cursor, [event_id])
        audit.record(cursor, actor, "event.edit", event_id, {"changed": changed})
    return changed


def delete_event(db: Database, actor: Actor, event_id: str) -> dict[str, int]:
    """Delete an event and every row of it (imports, people's rows, questions, figures);
    returns the rows deleted per table. Other events' rows and figures are untouched."""
    access.require(db, actor, "event.delete")
    deleted: dict[str, int] = {}
    with db.writing() as cursor:
        found = cursor.execute("select title from events where event_id = ?", [event_id])
        title = found.fetchall()
        if not title:
            raise CorrectionError(f"there is no event '{event_id}'")
        for table in EVENT_TABLES:
            deleted[table] = _deleted(
                cursor.execute(f"delete from {table} where event_id = ?", [event_id])
            )
        cursor.execute("delete from events where event_id = ?", [event_id])
        deleted["events"] = 1
        deleted["contacts"] = _delete_people_in_no_event(cursor)
        audit.record(
            cursor, actor, "event.delete", event_id, {"title": title[0][0], "rows": deleted}
        )
    return deleted


# -- people --------------------------------------------------------------------------------------


def erase_person(db: Database, actor: Actor, email: str) -> ErasureReport:
    """Erase everything of the person with this address, in every event: registrations,
    attendance, survey responses and their answers, and their contacts row. The figures of
    the events they were in are computed again. The audit keeps counts, not the address."""
    access.require(db, actor, "person.erase")
    address = (email or "").strip().lower()
    if not access.EMAIL_PATTERN.match(address):
        raise CorrectionError(f"'{email}' is not an e-mail address")
    with db.writing() as cursor:
        salt = cursor.execute("select value from meta where key = 'participant_salt'").fetchall()[
            0
        ][0]
        # The same key the importer gives the address (db.participant_id_sql), the key it gave
        # before migration 18 (a row whose contacts row was gone kept it), and any contacts row
        # written with it in another case or with spaces.
        participant_ids = {
            row[0]
            for row in cursor.execute(
                f"select {participant_id_sql('$address', salt='$salt')} union "
                "select left(sha256($salt || $address), 32) union "
                "select participant_id from contacts where lower(trim(email)) = $address",
                {"salt": salt, "address": address},
            ).fetchall()
        }
        ids = sorted(participant_ids)
        events = sorted(
            {
                row[0]
                for table in ("registrations", "attendance", "responses")
                for row in cursor.execute(
                    f"select distinct event_id from {table} "
                    "where participant_id in (select unnest(?::varchar[]))",
                    [ids],
                ).fetchall()
            }
        )
        answers = _deleted(
            cursor.execute(
                "delete from answers where (event_id, response_id) in (select (event_id, "
                "response_id) from responses where participant_id in "
                "(select unnest(?::varchar[])))",
                [ids],
            )
        )
        counts = {
            table: _deleted(
                cursor.execute(
                    f"delete from {table} where participant_id in (select unnest(?::varchar[]))",
                    [ids],
                )
            )
            for table in ("registrations", "attendance", "responses")
        }
        contacts = _deleted(
            cursor.execute(
                "delete from contacts where participant_id in (select unnest(?::varchar[])) "
                "or lower(trim(email)) = ?",
                [ids, address],
            )
        )
        report = ErasureReport(
            counts["registrations"],
            counts["attendance"],
            counts["responses"],
            answers,
            contacts,
            events,
        )
        if events:
            figures.refresh(cursor, events)
        audit.record(
            cursor,
            actor,
            "person.erase",
            "one person",
            {
                "events": events,
                "registrations": report.registrations,
                "attendance": report.attendance,
                "responses": report.responses,
                "answers": report.answers,
                "contacts": report.contacts,
            },
        )
    return report


# -- helpers -------------------------------------------------------------------------------------


def _deleted(result: duckdb.DuckDBPyConnection) -> int:
    """The number of rows a DELETE removed (DuckDB returns it as the statement's one row)."""
    return int(result.fetchall()[0][0])


def _delete_people_in_no_event(cursor: duckdb.DuckDBPyConnection) -> int:
    """Delete the contacts rows of people left in no event; returns how many."""
    return _deleted(
        cursor.execute(
            "delete from contacts where participant_id not in ("
            "select participant_id from registrations union "
            "select participant_id from attendance union "
            "select participant_id from responses where participant_id is not null)"
        )
    )
