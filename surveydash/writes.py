"""The writes a person makes, each checked against their role and entered in the audit trail.

The dashboard's pages and the CLI's commands write through here, never through the writers
themselves (surveydash.importer, .events, .mappings), so that no page or command can skip the
check. The check reads the actor's role from the database at the moment of the write.

An import records its audit entry inside its own transaction (ImportOptions.on_written). The
other modules' writers (mappings, event add) run their own transaction; their audit entry is
written as soon as they commit, in a transaction of its own. The corrections
(surveydash.corrections) and user changes (surveydash.access) record inside their transaction.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from surveydash import access, audit, corrections, mappings
from surveydash.access import Actor
from surveydash.db import Database
from surveydash.events import EventSpec, add_event
from surveydash.importer import ImportOptions, ImportResult, import_file

# The corrections, re-exported so callers find every write in one place.
undo_import = corrections.undo_import
edit_event = corrections.edit_event
delete_event = corrections.delete_event
erase_person = corrections.erase_person
add_user = access.add_user
remove_user = access.remove_user


def _record(db: Database, actor: Actor, action: str, target: str, details: dict) -> None:
    with db.writing() as cursor:
        audit.record(cursor, actor, action, target, details)


def create_event(db: Database, actor: Actor, spec: EventSpec) -> EventSpec:
    access.require(db, actor, "event.add")
    created = add_event(db, spec)
    _record(db, actor, "event.add", created.event_id, {"title": created.title})
    return created


def import_data(
    db: Database,
    actor: Actor,
    path: str | Path,
    event_id: str,
    options: ImportOptions | None = None,
    *,
    file_name: str | None = None,
) -> ImportResult:
    """Import a file as the actor (see surveydash.importer.import_file); a dry run needs the
    same role and records nothing."""
    access.require(db, actor, "import")
    options = options or ImportOptions()
    action = "import.replace" if options.replace else "import"
    if options.append:
        action = "import.append"
    shown_name = file_name or Path(path).name

    def record_in_the_import(cursor, reports) -> None:
        # Inside the import's own transaction: the rows and their audit entry commit together.
        details = {
            "file_name": shown_name,
            "imports": {report.kind: report.import_id for report in reports},
            "rows_imported": {report.kind: report.rows_imported for report in reports},
        }
        # Columns judged personal data that the analyst kept as answers: the audit says who
        # overrode the rule, and on which columns (headers, never values).
        kept = {r.kind: list(r.kept_by_analyst) for r in reports if r.kept_by_analyst}
        if kept:
            details["kept_by_analyst"] = kept
        audit.record(cursor, actor, action, event_id, details)

    options = replace(options, imported_by=actor.name, on_written=record_in_the_import)
    return import_file(db, path, event_id, options, file_name=file_name)


def map_country(db: Database, actor: Actor, raw: str, iso3: str) -> int:
    access.require(db, actor, "mapping")
    updated = mappings.map_country(db, raw, iso3)
    _record(db, actor, "mapping.country", raw, {"iso3": iso3, "rows_updated": updated})
    return updated


def map_sector(db: Database, actor: Actor, raw: str, sector: str) -> int:
    access.require(db, actor, "mapping")
    updated = mappings.map_sector(db, raw, sector)
    _record(db, actor, "mapping.sector", raw, {"sector": sector, "rows_updated": updated})
    return updated


def map_question(
    db: Database, actor: Actor, event_id: str, question_id: str, indicator: str | None
) -> None:
    access.require(db, actor, "mapping")
    mappings.map_question(db, event_id, question_id, indicator)
    _record(
        db,
        actor,
        "mapping.question",
        event_id,
        {"question_id": question_id, "indicator": indicator},
    )


def export_parquet(db: Database, actor: Actor, directory: str | Path) -> dict[str, int]:
    """The row-level Parquet export (see surveydash.export), for admins only."""
    from surveydash.export import export_parquet as write_export

    access.require(db, actor, "export")
    written = write_export(db, directory)
    _record(db, actor, "export", str(directory), {"tables": written})
    return written


# -- the outcome report's choices and the certificates list ---------------------------------------


def save_quote_choice(
    db: Database,
    actor: Actor,
    event_id: str,
    question_id: str,
    *,
    quote_all: bool = False,
    response_ids=(),
) -> None:
    from surveydash.report import choices

    access.require(db, actor, "selected-feedback")
    response_ids = sorted({int(response_id) for response_id in response_ids})
    choices.save_quote_choice(
        db, event_id, question_id, quote_all=quote_all, response_ids=response_ids
    )
    _record(
        db,
        actor,
        "selected-feedback",
        event_id,
        {"question_id": question_id, "all": quote_all, "responses": len(response_ids)},
    )


def clear_quote_choice(db: Database, actor: Actor, event_id: str, question_id: str) -> None:
    from surveydash.report import choices

    access.require(db, actor, "selected-feedback")
    choices.clear_quote_choice(db, event_id, question_id)
    _record(db, actor, "selected-feedback.clear", event_id, {"question_id": question_id})


def set_event_kind(db: Database, actor: Actor, event_id: str, kind: str | None) -> str:
    """What the outcome report calls the event: part of writing the report, so an analyst's."""
    from surveydash.events import set_event_kind as store_kind

    access.require(db, actor, "selected-feedback")
    used = store_kind(db, event_id, kind)
    _record(db, actor, "event.kind", event_id, {"kind": used})
    return used


def set_certificate_rule(db: Database, actor: Actor, event_id: str, rule: str, minimum: int):
    from surveydash import certificates

    access.require(db, actor, "certificates")
    chosen = certificates.set_certificate_rule(db, event_id, rule, minimum)
    _record(db, actor, "certificates.rule", event_id, {"rule": rule, "minimum": minimum})
    return chosen


def certificate_recipients(db: Database, actor: Actor, event_id: str, *, purpose: str):
    """The list of those who qualify for a certificate: names and e-mail addresses, so the one
    output that carries them is an analyst's, and each list made is in the audit trail (its
    count, never its names)."""
    from surveydash import certificates

    access.require(db, actor, "certificates")
    recipients = certificates.certificate_recipients(db, event_id, purpose=purpose)
    _record(
        db, actor, "certificates.list", event_id, {"people": len(recipients), "purpose": purpose}
    )
    return recipients
