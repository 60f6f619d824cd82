-- name: choice_distribution
-- question: For each single- or multiple-choice question of one event's survey, how many
--   respondents chose each option?
-- parameters: $event_id (the event's id)
-- grain: one row per choice question and option chosen at least once
-- columns: question_id, position, text, kind, option, count, pct (of the question's
--   respondents; for multiple choice the shares can add up to more than 100)
with choice_questions as (
    select * from questions
    where event_id = $event_id and kind in ('single_choice', 'multiple_choice')
),
choice_answers as (
    select question_id, response_id, value_text
    from answers_of($event_id)
    where value_text is not null
        and question_id in (select question_id from choice_questions)
),
respondents as (
    select question_id, count(distinct response_id) as respondents
    from choice_answers
    group by question_id
)
select
    q.question_id,
    q.position,
    q.text,
    q.kind,
    a.value_text as option,
    count(*) as count,
    round(100.0 * count(*) / any_value(r.respondents), 1) as pct
from choice_questions as q
join choice_answers as a using (question_id)
join respondents as r using (question_id)
group by all
order by q.position, count desc, option
