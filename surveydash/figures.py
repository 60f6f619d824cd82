"""The per-event figures the Overview and Compare read, kept up to date by every writer.

Counting an event's distinct registrants and attendees means grouping its rows by person. Done
for every event on each visit of the Overview, that grouping grew faster than the database
(13 s at twenty million registrations, spilling past the memory limit). The figures are
therefore computed once per change, for the events that changed, in the transaction of the
write that changed them, and the pages read the stored rows (migration 5).

Writers call `refresh` with the events whose rows they changed:
- an import (and a replaced import): its event, every part its kind changes;
- a country mapping: the events with rows of that country value, the country figures;
- a question's indicator: its event, the indicator figures.
"""

from __future__ import annotations

from collections.abc import Iterable

import duckdb

from surveydash.queries import load_queries

# Each part: the table that stores it, filled by the query of queries/ of the same name.
PARTS = {
    "countries": "event_country_figures",
    "indicators": "event_indicator_figures",
    # Responses and those from people who did not attend: the response rate (migration 14).
    "responses": "event_response_figures",
}
# Events refreshed in one statement. Whole-database refreshes (after the migration, or after
# the benchmark's generator) go batch by batch: grouping the people of every event at once
# overflows the memory limit on a large database and spills to disk, and a batch of events
# imported together lies in a narrow range of import ids, whose row groups are all it reads.
EVENTS_PER_REFRESH = 500


def refresh(
    cursor: duckdb.DuckDBPyConnection,
    event_ids: Iterable[str] | None = None,
    parts: Iterable[str] = tuple(PARTS),
) -> None:
    """Recompute the stored figures of the given events (None: every event). Call it inside
    the write transaction that changed their rows, so that no reader sees rows and figures
    that disagree."""
    if event_ids is None:
        # In the order of their first import, so that each batch reads few row groups.
        event_ids = [
            row[0]
            for row in cursor.execute(
                "select events.event_id from events left join import_log using (event_id) "
                "group by events.event_id order by min(import_log.import_id) nulls last, "
                "events.event_id"
            ).fetchall()
        ]
    else:
        event_ids = list(dict.fromkeys(event_ids))
    queries = load_queries()
    for part in parts:
        table = PARTS[part]
        sql = queries[table].sql
        for first in range(0, len(event_ids), EVENTS_PER_REFRESH):
            batch = event_ids[first : first + EVENTS_PER_REFRESH]
            cursor.execute(
                f"delete from {table} where event_id in (select unnest(?::varchar[]))", [batch]
            )
            cursor.execute(f"insert into {table} {sql}", {"event_ids": batch})
