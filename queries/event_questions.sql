-- name: event_questions
-- question: Which questions did one event's survey ask, of what kind, and which canonical
--   indicator does each measure?
-- parameters: $event_id (the event's id)
-- grain: one row per question, in survey order
-- columns: question_id, position, text, kind, scale_min, scale_max, labels, options, indicator,
--   indicator_source, indicator_confidence
select
    question_id,
    position,
    text,
    kind,
    scale_min,
    scale_max,
    labels,
    options,
    indicator,
    indicator_source,
    indicator_confidence
from questions
where event_id = $event_id
order by position
