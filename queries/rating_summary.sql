-- name: rating_summary
-- question: For each rating question of one event's survey, how many answered, what was the mean
--   rating and what share gave one of the top two points of the scale?
-- parameters: $event_id (the event's id)
-- grain: one row per rating question, in survey order
-- columns: question_id, position, text, indicator, scale_min, scale_max, n, mean (2 decimals),
--   top2_pct (1 decimal), set_apart (answers that are no point of the scale: "N/A",
--   "Don't know", "Prefer not to say"; never in n nor in the mean)
with rating_questions as (
    select * from questions where event_id = $event_id and kind = 'rating'
),
rating_answers as (
    select question_id, value_num, value_text
    from answers_of($event_id)
    where question_id in (select question_id from rating_questions)
)
select
    q.question_id,
    q.position,
    q.text,
    q.indicator,
    q.scale_min,
    q.scale_max,
    count(a.value_num) as n,
    round(avg(a.value_num), 2) as mean,
    round(100.0 * count(a.value_num) filter (where a.value_num >= q.scale_max - 1)
        / nullif(count(a.value_num), 0), 1) as top2_pct,
    count(a.value_text) filter (where a.value_num is null) as set_apart
from rating_questions as q
left join rating_answers as a using (question_id)
group by all
order by q.position
