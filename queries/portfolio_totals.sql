-- name: portfolio_totals
-- question: Across all events, how many events, registrations, attendees and responses were
--   there, how many countries were reached, and what share of attendees came from LDCs, LLDCs
--   and SIDS (LDC membership as of each event's date)?
-- parameters: none
-- grain: one row for the whole portfolio
-- columns: events, registrations, attendees, responses, countries_reached (distinct countries of
--   registrants), attendee_countries, ldc_pct, lldc_pct, sids_pct (of attendees, 1 decimal)

-- One row per person and event, registered or joined or both, with the country of their
-- latest registration row that gives one: the event_registrants model's rule, applied here in
-- one grouping of the registrations and joins together (reading the registrants and attendees
-- models groups every registration row twice and joins two tables of millions of people).
-- Events are grouped by a number rather than their id: a narrower key keeps the grouping of
-- twenty million people within the memory limit.
with event_numbers as (
    select event_id, row_number() over (order by event_id) as event_number from events
),
funnel_rows as (
    select
        event_numbers.event_number,
        registrations.participant_id,
        registrations.import_id::bigint * 100000000 + registrations.source_row
            as registration_order,
        registrations.country_iso3,
        true as registered
    from registrations
    join event_numbers using (event_id)
    union all
    select event_numbers.event_number, attendance.participant_id, null, null, false
    from attendance
    join event_numbers using (event_id)
),
people as (
    select
        event_number,
        participant_id,
        max_by(country_iso3, registration_order) filter (where country_iso3 is not null)
            as country_iso3,
        bool_or(registered) as registered,
        bool_or(not registered) as attended
    from funnel_rows
    group by event_number, participant_id
),
-- Attendees counted by event and country before the country groups are looked up: a few
-- rows per event and country instead of one per attendee.
attendees_by_country as (
    select event_numbers.event_id, people.country_iso3, count(*) as attendees
    from people
    join event_numbers using (event_number)
    where people.attended
    group by event_numbers.event_id, people.country_iso3
),
attendee_groups as (
    select attendees.country_iso3, attendees.attendees, groups.ldc, groups.lldc, groups.sids
    from attendees_by_country as attendees
    left join event_countries as groups
        on groups.event_id = attendees.event_id and groups.iso3 = attendees.country_iso3
),
figures as (
    select
        (select count(*) from events) as events,
        (select count(*) from people where registered) as registrations,
        (select coalesce(sum(attendees), 0)::bigint from attendee_groups) as attendees,
        (select count(*) from responses) as responses,
        (select count(distinct country_iso3) from people where registered)
            as countries_reached,
        (select count(distinct country_iso3) from attendee_groups) as attendee_countries,
        (select coalesce(sum(attendees), 0)::bigint from attendee_groups where ldc) as ldc,
        (select coalesce(sum(attendees), 0)::bigint from attendee_groups where lldc) as lldc,
        (select coalesce(sum(attendees), 0)::bigint from attendee_groups where sids) as sids
)
select
    events,
    registrations,
    attendees,
    responses,
    countries_reached,
    attendee_countries,
    round(100.0 * ldc / nullif(attendees, 0), 1) as ldc_pct,
    round(100.0 * lldc / nullif(attendees, 0), 1) as lldc_pct,
    round(100.0 * sids / nullif(attendees, 0), 1) as sids_pct
from figures
