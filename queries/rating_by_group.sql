-- name: rating_by_group
-- question: For each rating question of one event's survey, how did each respondent group
--   (sector, M49 region or country group) rate it? Raw counts: the analytics layer applies the
--   anonymity threshold before anything is shown.
-- parameters: $event_id (the event's id), $group_by ('sector', 'region' or 'country_group')
-- grain: one row per rating question, respondent group and rating value given
-- columns: question_id, position, text, indicator, scale_max, respondent_group, value, count
with respondents as (
    select
        r.response_id,
        r.sector,
        c.region,
        c.ldc,
        c.lldc,
        c.sids
    from respondents_of($event_id) as r
    left join event_countries as c on c.event_id = $event_id and c.iso3 = r.country_iso3
),
grouped as (
    select
        response_id,
        unnest(case $group_by
            when 'sector' then [coalesce(sector, 'Not stated')]
            when 'region' then [coalesce(region, 'Not stated or unrecognized')]
            when 'country_group' then case
                when region is null then ['Not stated or unrecognized']
                when ldc or lldc or sids then list_filter(
                    [case when ldc then 'LDC' end, case when lldc then 'LLDC' end,
                     case when sids then 'SIDS' end], lambda g: g is not null)
                else ['Other countries']
            end
        end) as respondent_group
    from respondents
)
select
    q.question_id,
    q.position,
    q.text,
    q.indicator,
    q.scale_max,
    g.respondent_group,
    a.value_num as value,
    count(*) as count
from questions as q
join answers_of($event_id) as a on a.question_id = q.question_id
join grouped as g on g.response_id = a.response_id
where q.event_id = $event_id and q.kind = 'rating' and a.value_num is not null
group by all
order by q.position, g.respondent_group, value desc
