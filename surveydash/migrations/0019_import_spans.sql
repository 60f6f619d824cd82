-- Migration 19: the span of import ids holding some events' rows of each kind, for the queries
-- that recompute those events' stored figures (queries/event_country_figures.sql and
-- queries/event_response_figures.sql), which each wrote it out before. DuckDB checks the span
-- against each row group's smallest and largest import id (its zone maps) and skips the groups
-- outside it, so refreshing one event reads that event's row groups (see migration 4). One span
-- per kind, as event_import_range gives one event's: an event's registrations may be imported
-- months before its survey, with other events' imports in between. A kind the events have no
-- import of has an empty span. Rows written without any import (only tests do that) have none
-- to bound them: when one of the events has no import at all, every row group is read.
create macro import_spans_of(scope_event_ids) as table
with imports_by_kind as (
    select kind, min(import_id) as first_import, max(import_id) as last_import
    from import_log
    where event_id in (select unnest(scope_event_ids)) and replaced_by is null
    group by kind
),
events_without_imports as (
    select count(*) as events
    from events
    where event_id in (select unnest(scope_event_ids))
        and event_id not in (select event_id from import_log where replaced_by is null)
)
select
    kinds.kind,
    case when unlogged.events > 0 then -2147483648
        else coalesce(imports.first_import, 0) end as first_import,
    case when unlogged.events > 0 then 2147483647
        else coalesce(imports.last_import, -1) end as last_import
from (values ('registrations'), ('attendance'), ('survey')) as kinds(kind)
cross join events_without_imports as unlogged
left join imports_by_kind as imports using (kind);
