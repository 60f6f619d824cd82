-- name: attendance_by_session
-- question: How many people attended each session (day) of one event, and for how long?
-- parameters: $event_id (the event's id)
-- grain: one row per session ('All' when the file names none), in order of first join
-- columns: session, attendees (distinct people), joins, minutes_median (per person)
with per_person as (
    select
        coalesce(session, 'All') as session,
        participant_id,
        count(*) as joins,
        sum(minutes) as minutes,
        min(join_time) as first_join
    from attendance_of($event_id)
    group by all
)
select
    session,
    count(*) as attendees,
    sum(joins) as joins,
    median(minutes) as minutes_median
from per_person
group by session
order by min(first_join), session
