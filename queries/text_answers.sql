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
join answers as a on a.event_id = q.event_id and a.question_id = q.question_id
left join event_respondents as respondents
    on respondents.event_id = a.event_id and respondents.response_id = a.response_id
where q.event_id = $event_id
    and q.kind = 'text'
    and nullif(trim(a.value_text), '') is not null
order by q.position, a.response_id
