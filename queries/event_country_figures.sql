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
-- The span of import ids of each kind holding the chosen events' rows: row groups outside it
-- are skipped (migration 19, import_spans_of).
import_spans as (
    select * from import_spans_of($event_ids)
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
