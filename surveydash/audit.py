"""The audit trail: one row per write, saying who did what, when, on what.

Writers call `record` with the cursor of their own transaction, so the change and its record
land together or not at all. Nothing here reads participants' data, and no analytics query
reads the trail. Details hold names and counts, never a participant's address.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import duckdb

if TYPE_CHECKING:
    from surveydash.access import Actor
    from surveydash.db import Database

COLUMNS = ("audit_id", "changed_at", "actor", "action", "target", "details")


def record(
    cursor: duckdb.DuckDBPyConnection,
    actor: Actor,
    action: str,
    target: str | None = None,
    details: dict | None = None,
) -> None:
    """Add one entry, inside the caller's write transaction."""
    cursor.execute(
        "insert into audit (actor, action, target, details) values (?, ?, ?, ?)",
        [
            actor.name,
            action,
            target,
            json.dumps(details, ensure_ascii=False, default=str) if details else None,
        ],
    )


def entries(db: Database, limit: int | None = None) -> list[dict]:
    """The trail, latest first (all of it, or the latest `limit` entries); details as dicts."""
    cursor = db.cursor()
    try:
        rows = cursor.execute(
            "select audit_id, changed_at, actor, action, target, details from audit "
            "order by audit_id desc limit ?",
            [limit if limit is not None else 2**62],
        ).fetchall()
    finally:
        cursor.close()
    found = []
    for row in rows:
        entry = dict(zip(COLUMNS, row, strict=True))
        entry["details"] = json.loads(entry["details"]) if entry["details"] else {}
        found.append(entry)
    return found
