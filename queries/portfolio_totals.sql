-- name: portfolio_totals
-- question: Across all events, how many events, registrations, attendees and responses were
--   there, how many countries were reached, and what share of attendees came from LDCs, LLDCs
--   and SIDS (LDC membership as of each event's date)?
-- parameters: none
-- grain: one row for the whole portfolio
-- columns: events, registrations, attendees, responses, countries_reached (distinct countries of
--   registrants), attendee_countries, ldc_pct, lldc_pct, sids_pct (of attendees, 1 decimal)

-- Read from the per-event figures surveydash.figures keeps (migration 5): one row per event
-- and country. Country groups are looked up here, as of each event's date, with the rule of
-- the event_countries view (ldc_on_date) joined to the countries directly: joining the view
-- would expand every event by every country first.
with attendee_groups as (
    select
        figures.attendees,
        ldc_on_date(countries.ldc, graduations.graduation_date, events.start_date) as ldc,
        countries.lldc,
        countries.sids
    from event_country_figures as figures
    join events using (event_id)
    left join countries on countries.iso3 = figures.country_iso3
    left join ldc_graduations as graduations on graduations.iso3 = figures.country_iso3
    where figures.attendees > 0
),
figures as (
    select
        (select count(*) from events) as events,
        (select coalesce(sum(registrants), 0)::bigint from event_country_figures)
            as registrations,
        (select coalesce(sum(attendees), 0)::bigint from attendee_groups) as attendees,
        (select coalesce(sum(respondents), 0)::bigint from event_country_figures) as responses,
        (select count(distinct country_iso3) from event_country_figures where registrants > 0)
            as countries_reached,
        (select count(distinct country_iso3) from event_country_figures where attendees > 0)
            as attendee_countries,
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
