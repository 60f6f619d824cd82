-- name: event_titles
-- question: What are the events called, latest first? (The event selectors' options: two
--   columns rather than the events list's nine, because every page with a selector reads it.)
-- parameters: none
-- grain: one row per event, latest first
-- columns: event_id, title
select event_id, title
from events
order by start_date desc, event_id
