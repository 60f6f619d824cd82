-- name: events_by_region
-- question: From which M49 regions did each event's registrants, attendees and survey
--   respondents come? (What the managers' region filter reads: an event "has participants
--   from" a region when someone from it attended, or, for an event without attendance
--   records, registered.)
-- parameters: none
-- grain: one row per event and region that sent anyone (people whose country is not known
--   are in no region and left out), by event then region
-- columns: event_id, region, registrants, attendees, respondents, participants (attendees,
--   or registrants for an event that has no attendance records)

-- Read from the per-event figures surveydash.figures keeps (migration 5), one row per event
-- and country: counting people again would take the Overview's 28 s at 20,000 events.
with by_region as (
    select
        figures.event_id,
        countries.region,
        sum(figures.registrants)::bigint as registrants,
        sum(figures.attendees)::bigint as attendees,
        sum(figures.respondents)::bigint as respondents
    from event_country_figures as figures
    join countries on countries.iso3 = figures.country_iso3
    where countries.region is not null
    group by all
),
events_with_attendance as (
    select event_id
    from event_country_figures
    group by event_id
    having sum(attendees) > 0
)
select
    event_id,
    region,
    registrants,
    attendees,
    respondents,
    case
        when event_id in (select event_id from events_with_attendance) then attendees
        else registrants
    end as participants
from by_region
where registrants > 0 or attendees > 0 or respondents > 0
order by event_id, region
