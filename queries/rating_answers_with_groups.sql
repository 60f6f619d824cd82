-- name: rating_answers_with_groups
-- question: For each rating question of one event's survey, which value did each respondent
--   give, and to which groups (sector, M49 region, LDC / LLDC / SIDS, gender) does the
--   respondent belong? Row-level on purpose: the analytics layer decides which groups may be
--   shown together (surveydash/anonymity.py) before anything is shown.
-- parameters: $event_id (the event's id)
-- grain: one row per rating answer with a value on the scale
-- columns: question_id, position, text, indicator, scale_min, scale_max, response_id, value,
--   sector, region, ldc, lldc, sids, country_known, gender
select
    q.question_id,
    q.position,
    q.text,
    q.indicator,
    q.scale_min,
    q.scale_max,
    a.response_id,
    a.value_num as value,
    coalesce(r.sector, 'Not stated') as sector,
    coalesce(c.region, 'Not stated or unrecognized') as region,
    coalesce(c.ldc, false) as ldc,
    coalesce(c.lldc, false) as lldc,
    coalesce(c.sids, false) as sids,
    c.region is not null as country_known,
    coalesce(nullif(trim(r.gender), ''), 'Not stated') as gender
from questions as q
join answers_of($event_id) as a on a.question_id = q.question_id
join respondents_of($event_id) as r on r.response_id = a.response_id
left join event_countries as c on c.event_id = $event_id and c.iso3 = r.country_iso3
where q.event_id = $event_id and q.kind = 'rating' and a.value_num is not null
order by q.position, a.response_id
