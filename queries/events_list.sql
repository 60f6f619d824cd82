-- name: events_list
-- question: Which events are in the database?
-- parameters: none
-- grain: one row per event, latest first
-- columns: event_id, title, series, start_date, end_date, format, location, organizers, languages
select event_id, title, series, start_date, end_date, format, location, organizers, languages
from events
order by start_date desc, event_id
