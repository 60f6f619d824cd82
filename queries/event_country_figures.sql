-- name: event_country_figures
-- question: For each of the given events and each country, how many distinct people registered,
--   how many attended and how many survey responses came in? The Overview, Compare and the
--   portfolio totals read these figures from the table of the same name, which
--   surveydash.figures keeps up to date with this query whenever an event's rows change.
-- parameters: $event_ids (list of event ids)
-- grain: one row per event and country (country_iso3 null: people whose country is unknown)
-- columns: event_id, country_iso3, registrants, attendees, respondents

-- The rules are those of the registrants, attendees and respondents models (migration 4): a
-- person counts once per event, with the country of their latest registration row that gives
-- one; a response counts with its own country, else its respondent's registration's.
with chosen_events as (
    select event_id, row_number() over (order by event_id) as event_number
    from events
    where event_id in (select unnest($event_ids))
),
-- For each kind, the span of import ids holding the chosen events' rows of that kind: DuckDB
-- checks it against each row group's smallest and largest import id (its zone maps) and skips
-- the groups outside it, so refreshing one event reads that event's row groups (see migration
-- 4). One span per kind, as the event_import_range macro does: an event's registrations may be
-- imported months before its survey, with other events' imports in between. A kind the chosen
-- events have no import of has an empty span. Rows written without any import (only tests do
-- that) have none to bound them: when a chosen event has no import at all, every row group is
-- read.
imports_by_kind as (
    select kind, min(import_id) as first_import, max(import_id) as last_import
    from import_log
    where event_id in (select event_id from chosen_events) and replaced_by is null
    group by kind
),
events_without_imports as (
    select count(*) as events
    from chosen_events
    where event_id not in (select event_id from import_log where replaced_by is null)
),
import_spans as (
    select
        kinds.kind,
        case when unlogged.events > 0 then -2147483648
            else coalesce(imports.first_import, 0) end as first_import,
        case when unlogged.events > 0 then 2147483647
            else coalesce(imports.last_import, -1) end as last_import
    from (values ('registrations'), ('attendance'), ('survey')) as kinds(kind)
    cross join events_without_imports as unlogged
    left join imports_by_kind as imports using (kind)
),
-- Every row that says something about a person of an event: their registrations (which give
-- their country), their joins, and their survey responses that give no country of their own
-- (those take the country of the person's registration). Grouping them together counts each
-- person once, in one pass: a second reading of the grouped people (to look up respondents'
-- countries) would make DuckDB keep all of them in memory, the largest cost of an import.
funnel_rows as (
    select
        chosen_events.event_number,
        registrations.participant_id,
        registrations.import_id::bigint * 100000000 + registrations.source_row
            as registration_order,
        registrations.country_iso3,
        'registered' as stage
    from registrations
    join chosen_events using (event_id)
    join import_spans as span on span.kind = 'registrations'
    where registrations.import_id between span.first_import and span.last_import
    union all
    select chosen_events.event_number, attendance.participant_id, null, null, 'attended'
    from attendance
    join chosen_events using (event_id)
    join import_spans as span on span.kind = 'attendance'
    where attendance.import_id between span.first_import and span.last_import
    union all
    select chosen_events.event_number, responses.participant_id, null, null, 'responded'
    from responses
    join chosen_events using (event_id)
    join import_spans as span on span.kind = 'survey'
    where responses.import_id between span.first_import and span.last_import
        and responses.participant_id is not null
        and responses.country_iso3 is null
),
-- Events are grouped by a number rather than their id: a narrower key keeps the grouping of
-- many events' people within the memory limit.
people as (
    select
        event_number,
        participant_id,
        max_by(country_iso3, registration_order) filter (where country_iso3 is not null)
            as country_iso3,
        bool_or(stage = 'registered') as registered,
        bool_or(stage = 'attended') as attended,
        count(*) filter (where stage = 'responded') as responses
    from funnel_rows
    group by event_number, participant_id
),
-- Responses that give their own country, and anonymous ones: counted as they are.
responses_as_given as (
    select chosen_events.event_number, responses.country_iso3
    from responses
    join chosen_events using (event_id)
    join import_spans as span on span.kind = 'survey'
    where responses.import_id between span.first_import and span.last_import
        and (responses.participant_id is null or responses.country_iso3 is not null)
),
counts as (
    select
        event_number,
        country_iso3,
        count(*) filter (where registered) as registrants,
        count(*) filter (where attended) as attendees,
        sum(responses) as respondents
    from people
    group by event_number, country_iso3
    union all
    select event_number, country_iso3, 0, 0, count(*)
    from responses_as_given
    group by event_number, country_iso3
)
select
    chosen_events.event_id,
    counts.country_iso3,
    sum(counts.registrants)::integer as registrants,
    sum(counts.attendees)::integer as attendees,
    sum(counts.respondents)::integer as respondents
from counts
join chosen_events using (event_number)
group by chosen_events.event_id, counts.country_iso3
order by chosen_events.event_id, counts.country_iso3 nulls last
