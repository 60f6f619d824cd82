-- name: participants_by_country
-- question: From which countries were the registrants, attendees and respondents of one event?
-- parameters: $event_id (the event's id)
-- grain: one row per stage and country (people whose country is unknown or unrecognized form
--   one row with iso3 null)
-- columns: stage, iso3, country, region, subregion, count, pct (of the stage)
with people as (
    select 'registrants' as stage, country_iso3 from registrants_of($event_id)
    union all
    select 'attendees', country_iso3 from attendees_of($event_id)
    union all
    select 'respondents', country_iso3 from respondents_of($event_id)
),
counted as (
    select stage, country_iso3 as iso3, count(*) as count
    from people
    group by all
)
select
    counted.stage,
    counted.iso3,
    coalesce(countries.name, 'Not stated or unrecognized') as country,
    countries.region,
    countries.subregion,
    counted.count,
    round(100.0 * counted.count / sum(counted.count) over (partition by counted.stage), 1) as pct
from counted
left join countries on countries.iso3 = counted.iso3
order by
    case counted.stage when 'registrants' then 1 when 'attendees' then 2 else 3 end,
    counted.count desc,
    country
