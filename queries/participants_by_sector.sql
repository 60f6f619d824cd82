-- name: participants_by_sector
-- question: From which sectors (types of organization) were the registrants, attendees and
--   respondents of one event?
-- parameters: $event_id (the event's id)
-- grain: one row per stage (registrants, attendees, respondents) and sector with people in it
-- columns: stage, sector ('Not stated' when unknown), count, pct (of the stage, 1 decimal)
with people as (
    select 'registrants' as stage, sector from registrants_of($event_id)
    union all
    select 'attendees', sector from attendees_of($event_id)
    union all
    select 'respondents', sector from respondents_of($event_id)
),
counted as (
    select stage, coalesce(sector, 'Not stated') as sector, count(*) as count
    from people
    group by all
)
select
    stage,
    sector,
    count,
    round(100.0 * count / sum(count) over (partition by stage), 1) as pct
from counted
order by
    case stage when 'registrants' then 1 when 'attendees' then 2 else 3 end,
    sector = 'Not stated',
    sector
