-- name: event_details
-- question: What is one event: its title, series, dates, format, location, organizers and
--   languages? (The Event report's heading; a page about one event need not read every event.)
-- parameters: $event_id (the event's id)
-- grain: one row for the event, none when there is no such event
-- columns: event_id, title, series, start_date, end_date, format, location, organizers, languages
select event_id, title, series, start_date, end_date, format, location, organizers, languages
from events
where event_id = $event_id
