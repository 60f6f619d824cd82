-- name: events_by_region
-- question: Which events had participants from the given M49 regions, and how many of each
--   event's registrants, attendees and survey respondents came from them? (The managers'
--   region filter: an event has participants from a region when someone from it attended, or,
--   for an event without attendance records, registered.)
-- parameters: $regions (list of M49 region names: Africa, Americas, Asia, Europe, Oceania)
-- grain: one row per event with anyone from the regions (people whose country is not known are
--   in no region), by event
-- columns: event_id, registrants, attendees, respondents (from the regions, summed),
--   participants (attendees from the regions, or registrants for an event that has no
--   attendance records)

-- Read from the per-event figures surveydash.figures keeps (migration 5), one row per event
-- and country: counting people again would take the Overview's 28 s at 20,000 events.
with region_countries as (
    select iso3
    from countries
    where region in (select unnest($regions))
),
from_regions as (
    select
        event_id,
        sum(registrants)::bigint as registrants,
        sum(attendees)::bigint as attendees,
        sum(respondents)::bigint as respondents
    from event_country_figures
    where country_iso3 in (select iso3 from region_countries)
    group by event_id
),
events_with_attendance as (
    select event_id
    from event_country_figures
    where event_id in (select event_id from from_regions)
    group by event_id
    having sum(attendees) > 0
)
select
    event_id,
    registrants,
    attendees,
    respondents,
    case
        when event_id in (select event_id from events_with_attendance) then attendees
        else registrants
    end as participants
from from_regions
where registrants > 0 or attendees > 0 or respondents > 0
order by event_id
