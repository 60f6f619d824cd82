-- name: rating_distribution
-- question: For each rating question of one event's survey, how many respondents gave each point
--   of the scale, and what share was that?
-- parameters: $event_id (the event's id)
-- grain: one row per rating question and scale point (points nobody chose have count 0), the
--   highest point first
-- columns: question_id, position, value, label (the scale's wording, when it has one), count,
--   pct (of the question's answers, 1 decimal)
with rating_questions as (
    select * from questions where event_id = $event_id and kind = 'rating'
),
scale_points as (
    select q.question_id, q.position, q.labels, point.value
    from rating_questions as q,
        range(q.scale_min, q.scale_max + 1) as point(value)
),
counted as (
    select question_id, value_num::integer as value, count(*) as count
    from answers_of($event_id)
    where value_num is not null
        and question_id in (select question_id from rating_questions)
    group by all
)
select
    p.question_id,
    p.position,
    p.value::integer as value,
    json_extract_string(p.labels, '$."' || p.value || '"') as label,
    coalesce(c.count, 0) as count,
    round(100.0 * coalesce(c.count, 0)
        / nullif(sum(coalesce(c.count, 0)) over (partition by p.question_id), 0), 1) as pct
from scale_points as p
left join counted as c on c.question_id = p.question_id and c.value = p.value
order by p.position, p.value desc
