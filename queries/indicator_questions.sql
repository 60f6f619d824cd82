-- name: indicator_questions
-- question: Which questions of the given events' surveys ask each canonical indicator, and which
--   one do the Overview and Compare read? (The stored figures read the first in the survey, so
--   that respondents are not counted twice; Compare names it and warns about the others.)
-- parameters: $event_ids (list of event ids)
-- grain: one row per event and question mapped to a canonical indicator, by event, indicator
--   and survey order
-- columns: event_id, indicator, question_id, position, text, used (true for the one question
--   per event and indicator that the figures read)
select
    event_id,
    indicator,
    question_id,
    position,
    text,
    row_number() over (partition by event_id, indicator order by position, question_id) = 1
        as used
from questions
where event_id in (select unnest($event_ids)) and indicator is not null
order by event_id, indicator, position, question_id
