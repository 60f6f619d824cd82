-- name: quote_choices
-- question: Which open answers of one event did the organizer choose to quote in the outcome
--   report ("Selected Feedback"), question by question?
-- parameters: $event_id (the event's id)
-- grain: one row per question with a choice made and answer chosen (response_id null for a
--   question whose choice is every answer, or no answer at all)
-- columns: question_id, quote_all, response_id
select
    choices.question_id,
    choices.quote_all,
    quoted.response_id
from quote_choices as choices
left join quoted_answers as quoted
    on quoted.event_id = choices.event_id
    and quoted.question_id = choices.question_id
where choices.event_id = $event_id
order by choices.question_id, quoted.response_id
