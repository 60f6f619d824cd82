-- name: event_response_figures
-- question: For each of the given events, how many survey responses came in, and how many of
--   them came from people the attendance records show did not attend (they registered, or
--   answered, but never joined)? Kept in the table of the same name by surveydash.figures, for
--   the response rate of the Overview and Compare.
-- parameters: $event_ids (list of event ids)
-- grain: one row per event that has survey responses
-- columns: event_id, responses, responses_from_absentees (responses with a known respondent
--   who is not among the event's attendees; none when the event has no attendance records:
--   then nobody is known to have stayed away)

with chosen_events as (
    select event_id
    from events
    where event_id in (select unnest($event_ids))
),
-- The span of import ids of each kind holding the chosen events' rows: row groups outside it
-- are skipped (migration 19, import_spans_of).
import_spans as (
    select * from import_spans_of($event_ids)
),
chosen_responses as (
    select responses.event_id, responses.participant_id
    from responses
    join chosen_events using (event_id)
    join import_spans as span on span.kind = 'survey'
    where responses.import_id between span.first_import and span.last_import
),
chosen_attendance as (
    select attendance.event_id, attendance.participant_id
    from attendance
    join chosen_events using (event_id)
    join import_spans as span on span.kind = 'attendance'
    where attendance.import_id between span.first_import and span.last_import
),
-- Only the respondents' joins are looked up: an event's attendance can be a million rows, its
-- survey a few hundred.
attended as (
    select distinct event_id, participant_id
    from chosen_attendance
    where participant_id in (
        select participant_id from chosen_responses where participant_id is not null
    )
),
events_with_attendance as (
    select distinct event_id from chosen_attendance
)
select
    r.event_id,
    count(*)::integer as responses,
    count(*) filter (
        where r.participant_id is not null
            and a.participant_id is null
            and r.event_id in (select event_id from events_with_attendance)
    )::integer as responses_from_absentees
from chosen_responses as r
left join attended as a using (event_id, participant_id)
group by r.event_id
order by r.event_id
