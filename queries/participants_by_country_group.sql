-- name: participants_by_country_group
-- question: How many registrants, attendees and respondents of one event came from Least
--   Developed Countries, Landlocked Developing Countries and Small Island Developing States,
--   with LDC membership as of the event's start date?
-- parameters: $event_id (the event's id)
-- grain: one row per stage and country group (LDC, LLDC, SIDS; a country can be in several)
-- columns: stage, country_group, count, pct (of everyone in the stage, 1 decimal)
with people as (
    select 'registrants' as stage, country_iso3 from registrants_of($event_id)
    union all
    select 'attendees', country_iso3 from attendees_of($event_id)
    union all
    select 'respondents', country_iso3 from respondents_of($event_id)
),
facts as (
    select people.stage, groups.ldc, groups.lldc, groups.sids
    from people
    left join event_countries as groups
        on groups.event_id = $event_id and groups.iso3 = people.country_iso3
),
stages as (
    select
        stage,
        count(*) as total,
        count(*) filter (where ldc) as ldc,
        count(*) filter (where lldc) as lldc,
        count(*) filter (where sids) as sids
    from facts
    group by stage
),
unpivoted as (
    select stage, total, 'LDC' as country_group, ldc as count from stages
    union all
    select stage, total, 'LLDC', lldc from stages
    union all
    select stage, total, 'SIDS', sids from stages
)
select
    stage,
    country_group,
    count,
    round(100.0 * count / nullif(total, 0), 1) as pct
from unpivoted
order by
    case stage when 'registrants' then 1 when 'attendees' then 2 else 3 end,
    country_group
