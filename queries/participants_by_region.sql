-- name: participants_by_region
-- question: From which M49 regions were the registrants, attendees and respondents of one event?
-- parameters: $event_id (the event's id)
-- grain: one row per stage and region ('Not stated or unrecognized' for unknown countries)
-- columns: stage, region, count, pct (of the stage)
with people as (
    select 'registrants' as stage, country_iso3 from registrants_of($event_id)
    union all
    select 'attendees', country_iso3 from attendees_of($event_id)
    union all
    select 'respondents', country_iso3 from respondents_of($event_id)
),
counted as (
    select
        people.stage,
        coalesce(countries.region, 'Not stated or unrecognized') as region,
        count(*) as count
    from people
    left join countries on countries.iso3 = people.country_iso3
    group by all
)
select
    stage,
    region,
    count,
    round(100.0 * count / sum(count) over (partition by stage), 1) as pct
from counted
order by
    case stage when 'registrants' then 1 when 'attendees' then 2 else 3 end,
    region = 'Not stated or unrecognized',
    count desc,
    region
