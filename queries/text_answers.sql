-- name: text_answers
-- question: What did respondents write to each open-text question of one event's survey?
-- parameters: $event_id (the event's id)
-- grain: one row per non-blank text answer, in survey order then response order
-- columns: question_id, position, question, indicator, response_id, answer, sector (the
--   respondent's; the dashboard shows it only where the anonymity threshold allows)
select
    q.question_id,
    q.position,
    q.text as question,
    q.indicator,
    a.response_id,
    a.value_text as answer,
    respondents.sector
from questions as q
join answers_of($event_id) as a on a.question_id = q.question_id
left join respondents_of($event_id) as respondents on respondents.response_id = a.response_id
where q.event_id = $event_id
    and q.kind = 'text'
    and nullif(trim(a.value_text), '') is not null
order by q.position, a.response_id
