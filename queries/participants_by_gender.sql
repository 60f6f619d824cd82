-- name: participants_by_gender
-- question: What gender did the registrants, attendees and respondents of one event give, where
--   it was collected?
-- parameters: $event_id (the event's id)
-- grain: one row per stage and gender as written ('Not stated' when blank)
-- columns: stage, gender, count, pct (of the stage)
with people as (
    select 'registrants' as stage, gender from registrants_of($event_id)
    union all
    select 'attendees', gender from attendees_of($event_id)
    union all
    select 'respondents', gender from respondents_of($event_id)
),
counted as (
    select stage, coalesce(nullif(trim(gender), ''), 'Not stated') as gender, count(*) as count
    from people
    group by all
)
select
    stage,
    gender,
    count,
    round(100.0 * count / sum(count) over (partition by stage), 1) as pct
from counted
order by
    case stage when 'registrants' then 1 when 'attendees' then 2 else 3 end,
    gender = 'Not stated',
    count desc,
    gender
