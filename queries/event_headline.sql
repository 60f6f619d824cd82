-- name: event_headline
-- question: How many people registered for, attended and answered the survey of one event, and
--   from how many countries?
-- parameters: $event_id (the event's id)
-- grain: one row for the event
-- columns: registrations (distinct people), registration_countries, attendees (distinct people),
--   attendee_countries, attendance_rate (% of registrations), responses, response_rate
--   (respondents who attended, % of attendees: a response from someone the attendance
--   records show did not attend is left out; an anonymous one cannot be checked and counts),
--   attendee_minutes_median
with registrants as (
    select * from registrants_of($event_id)
),
attendees as (
    select * from attendees_of($event_id)
),
respondents as (
    select * from respondents_of($event_id)
),
figures as (
    select
        (select count(*) from registrants) as registrations,
        (select count(distinct country_iso3) from registrants) as registration_countries,
        (select count(*) from attendees) as attendees,
        (select count(distinct country_iso3) from attendees) as attendee_countries,
        (select count(*) from respondents) as responses,
        (select count(*) from respondents
            where participant_id is null
                or participant_id in (select participant_id from attendees))
            as responses_from_attendees,
        (select median(minutes) from attendees) as attendee_minutes_median
)
select
    registrations,
    registration_countries,
    attendees,
    attendee_countries,
    round(100.0 * attendees / nullif(registrations, 0), 1) as attendance_rate,
    responses,
    round(100.0 * responses_from_attendees / nullif(attendees, 0), 1) as response_rate,
    attendee_minutes_median
from figures
