-- name: yes_no_summary
-- question: For each yes/no question of one event's survey (technical or logistical
--   difficulties, say), how many said yes and how many said no?
-- parameters: $event_id (the event's id)
-- grain: one row per yes/no question, in survey order
-- columns: question_id, position, text, indicator, n, yes, no, yes_pct, no_pct (1 decimal)
with yes_no_questions as (
    select * from questions where event_id = $event_id and kind = 'yes_no'
),
yes_no_answers as (
    select question_id, value_num from answers_of($event_id)
)
select
    q.question_id,
    q.position,
    q.text,
    q.indicator,
    count(a.value_num) as n,
    count(*) filter (where a.value_num = 1) as yes,
    count(*) filter (where a.value_num = 0) as no,
    round(100.0 * count(*) filter (where a.value_num = 1) / nullif(count(a.value_num), 0), 1)
        as yes_pct,
    round(100.0 * count(*) filter (where a.value_num = 0) / nullif(count(a.value_num), 0), 1)
        as no_pct
from yes_no_questions as q
left join yes_no_answers as a using (question_id)
group by all
order by q.position
