-- name: certificate_recipients
-- question: Which attendees of one event qualify for a certificate of attendance under the
--   event's rule (minutes attended in all, or sessions attended), and how do we reach them?
--   The one query that reads contacts: a certificate carries its holder's name.
-- parameters: $event_id (the event's id)
-- grain: one row per qualifying attendee (none when the event has no rule), by last then
--   first name
-- columns: first_name, last_name, email, minutes (attended in all, rounded), sessions
with rule as (
    select rule, minimum from certificate_rules where event_id = $event_id
),
attendees as (
    select participant_id, minutes, sessions from attendees_of($event_id)
)
select
    contacts.first_name,
    contacts.last_name,
    contacts.email,
    round(coalesce(attendees.minutes, 0))::integer as minutes,
    -- A file without sessions is one session: everyone in it attended it.
    greatest(attendees.sessions, 1)::integer as sessions
from attendees
cross join rule
join contacts using (participant_id)
where case rule.rule
    when 'minutes' then coalesce(attendees.minutes, 0) >= rule.minimum
    else greatest(attendees.sessions, 1) >= rule.minimum
end
order by contacts.last_name, contacts.first_name, contacts.email
