-- name: number_summary
-- question: For each number question of one event's survey (a count, an amount, a measured
--   score: numbers that are no rating), how many answered with a number, and what were the
--   mean, the median, the smallest and the largest? Answers such as "N/A" are counted apart.
-- parameters: $event_id (the event's id)
-- grain: one row per number question, in survey order
-- columns: question_id, position, text, indicator, n, mean (2 decimals), median, min, max,
--   set_apart (answers without a number: "N/A", "Don't know"), sd (the numbers' sample standard
--   deviation, for the mean's interval; null below two numbers), exact_mean (the mean
--   unrounded, for its interval)
with number_questions as (
    select * from questions where event_id = $event_id and kind = 'number'
),
number_answers as (
    select question_id, value_num, value_text
    from answers_of($event_id)
    where question_id in (select question_id from number_questions)
)
select
    q.question_id,
    q.position,
    q.text,
    q.indicator,
    count(a.value_num) as n,
    round(avg(a.value_num), 2) as mean,
    median(a.value_num) as median,
    min(a.value_num) as min,
    max(a.value_num) as max,
    count(a.value_text) filter (where a.value_num is null) as set_apart,
    stddev_samp(a.value_num) as sd,
    avg(a.value_num) as exact_mean
from number_questions as q
left join number_answers as a using (question_id)
group by all
order by q.position
