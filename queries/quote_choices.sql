-- name: quote_choices
-- question: Which open answers of one event did the organizer choose to quote in the outcome
--   report ("Selected Feedback"), question by question, and is each still the answer it was
--   when chosen (a replaced survey import numbers its responses anew)?
-- parameters: $event_id (the event's id)
-- grain: one row per question with a choice made and answer chosen (response_id null for a
--   question whose choice is every answer, or no answer at all)
-- columns: question_id, quote_all, response_id, still_answered (the response still gives the
--   answer that was chosen)
with current_answers as (
    select question_id, response_id, sha256(value_text) as answer_sha256
    from answers_of($event_id)
    where value_text is not null
)
select
    choices.question_id,
    choices.quote_all,
    quoted.response_id,
    current_answers.response_id is not null as still_answered
from quote_choices as choices
left join quoted_answers as quoted
    on quoted.event_id = choices.event_id
    and quoted.question_id = choices.question_id
left join current_answers
    on current_answers.question_id = quoted.question_id
    and current_answers.response_id = quoted.response_id
    and current_answers.answer_sha256 = quoted.answer_sha256
where choices.event_id = $event_id
order by choices.question_id, quoted.response_id
