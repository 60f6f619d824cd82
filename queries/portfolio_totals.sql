-- name: portfolio_totals
-- question: Across all events, how many events, registrations, attendees and responses were
--   there, how many countries were reached, and what share of attendees came from LDCs, LLDCs
--   and SIDS (LDC membership as of each event's date)?
-- parameters: none
-- grain: one row for the whole portfolio
-- columns: events, registrations, attendees, responses, countries_reached (distinct countries of
--   registrants), attendee_countries, ldc_pct, lldc_pct, sids_pct (of attendees, 1 decimal)
with attendee_groups as (
    select attendees.country_iso3, groups.ldc, groups.lldc, groups.sids
    from event_attendees as attendees
    left join event_countries as groups
        on groups.event_id = attendees.event_id and groups.iso3 = attendees.country_iso3
),
figures as (
    select
        (select count(*) from events) as events,
        (select count(*) from event_registrants) as registrations,
        (select count(*) from attendee_groups) as attendees,
        (select count(*) from responses) as responses,
        (select count(distinct country_iso3) from event_registrants) as countries_reached,
        (select count(distinct country_iso3) from attendee_groups) as attendee_countries,
        (select count(*) from attendee_groups where ldc) as ldc,
        (select count(*) from attendee_groups where lldc) as lldc,
        (select count(*) from attendee_groups where sids) as sids
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
