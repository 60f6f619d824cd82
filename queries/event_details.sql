-- name: event_details
-- question: What is one event: its title, series, dates, format, location, organizers,
--   languages and the kind the report calls it by? (The Event report's heading; a page about one
--   event need not read every event.)
-- parameters: $event_id (the event's id)
-- grain: one row for the event, none when there is no such event
-- columns: event_id, title, series, start_date, end_date, format, location, organizers, languages,
--   kind (null when nobody set it: the report reads a default from the title)
select
    event_id, title, series, start_date, end_date, format, location, organizers, languages, kind
from events
where event_id = $event_id
