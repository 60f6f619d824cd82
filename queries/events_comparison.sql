-- name: events_comparison
-- question: How do events compare on their headline figures and on each canonical indicator
--   (overall rating, relevance, quality, likely to apply, difficulties)? An indicator asked by
--   two questions of one survey is read from the first of them.
-- parameters: $event_ids (list of event ids to compare; the overview passes all of them)
-- grain: one row per event, latest first
-- columns: event_id, title, series, start_date, format, location, registrations,
--   registration_countries, attendees, attendee_countries, attendance_rate, responses,
--   response_rate, overall_rating_n (answers), overall_rating_mean (2 decimals),
--   overall_rating_top2_pct (1 decimal), relevance_n, relevance_mean, relevance_top2_pct,
--   quality_n, quality_mean, quality_top2_pct, likely_to_apply_n, likely_to_apply_mean,
--   likely_to_apply_top2_pct, difficulties_n, difficulties_yes_pct

-- The chosen events first: a semi join that DuckDB turns into a filter on each table's scan, so
-- that comparing five events reads their rows, not every event's (list_contains in a where
-- clause cannot be pushed into a scan, and costs a pass over the list for every row).
with selected_events as (
    select *, row_number() over (order by event_id) as event_number
    from events
    where event_id in (select unnest($event_ids))
),
-- One row per person and event, registered or joined or both, with the country of their
-- latest registration row that gives one: the event_registrants model's rule, applied here in
-- one grouping of the registrations and joins together. Reading the registrants model and the
-- attendees model instead groups every registration row twice and joins two tables of
-- millions of people: three times the work, which the Overview pays for every event. Events
-- are grouped by a number rather than their id: a narrower key keeps the grouping of twenty
-- million people within the memory limit.
funnel_rows as (
    select
        selected_events.event_number,
        registrations.participant_id,
        registrations.import_id::bigint * 100000000 + registrations.source_row
            as registration_order,
        registrations.country_iso3,
        true as registered
    from registrations
    join selected_events using (event_id)
    union all
    select selected_events.event_number, attendance.participant_id, null, null, false
    from attendance
    join selected_events using (event_id)
),
people as (
    select
        event_number,
        participant_id,
        max_by(country_iso3, registration_order) filter (where country_iso3 is not null)
            as country_iso3,
        bool_or(registered) as registered,
        bool_or(not registered) as attended
    from funnel_rows
    group by event_number, participant_id
),
funnel_figures as (
    select
        event_number,
        count(*) filter (where registered) as registrations,
        count(distinct country_iso3) filter (where registered) as registration_countries,
        count(*) filter (where attended) as attendees,
        count(distinct country_iso3) filter (where attended) as attendee_countries
    from people
    group by event_number
),
respondents as (
    select event_id, count(*) as responses
    from responses
    where event_id in (select event_id from selected_events)
    group by event_id
),
-- One question per event and indicator, the first in the survey: when two questions of a
-- survey map to one indicator, counting both would count respondents twice.
indicator_questions as (
    select event_id, indicator, arg_min(question_id, position) as question_id
    from questions
    where event_id in (select event_id from selected_events) and indicator is not null
    group by event_id, indicator
),
indicator_answers as (
    select q.event_id, q.indicator, q.scale_max, a.value_num
    from indicator_questions as chosen
    join questions as q using (event_id, question_id)
    join answers as a on a.event_id = q.event_id and a.question_id = q.question_id
    where a.value_num is not null
),
indicators as (
    select
        event_id,
        count(*) filter (where indicator = 'overall_rating') as overall_rating_n,
        avg(value_num) filter (where indicator = 'overall_rating') as overall_rating_mean,
        count(*) filter (where indicator = 'overall_rating' and value_num >= scale_max - 1)
            as overall_rating_top2,
        count(*) filter (where indicator = 'relevance') as relevance_n,
        avg(value_num) filter (where indicator = 'relevance') as relevance_mean,
        count(*) filter (where indicator = 'relevance' and value_num >= scale_max - 1)
            as relevance_top2,
        count(*) filter (where indicator = 'quality') as quality_n,
        avg(value_num) filter (where indicator = 'quality') as quality_mean,
        count(*) filter (where indicator = 'quality' and value_num >= scale_max - 1)
            as quality_top2,
        count(*) filter (where indicator = 'likely_to_apply') as likely_to_apply_n,
        avg(value_num) filter (where indicator = 'likely_to_apply') as likely_to_apply_mean,
        count(*) filter (where indicator = 'likely_to_apply' and value_num >= scale_max - 1)
            as likely_to_apply_top2,
        count(*) filter (where indicator = 'difficulties') as difficulties_n,
        count(*) filter (where indicator = 'difficulties' and value_num = 1) as difficulties_yes
    from indicator_answers
    group by event_id
)
select
    e.event_id,
    e.title,
    e.series,
    e.start_date,
    e.format,
    e.location,
    coalesce(f.registrations, 0) as registrations,
    coalesce(f.registration_countries, 0) as registration_countries,
    coalesce(f.attendees, 0) as attendees,
    coalesce(f.attendee_countries, 0) as attendee_countries,
    round(100.0 * f.attendees / nullif(f.registrations, 0), 1) as attendance_rate,
    coalesce(s.responses, 0) as responses,
    round(100.0 * s.responses / nullif(f.attendees, 0), 1) as response_rate,
    coalesce(i.overall_rating_n, 0) as overall_rating_n,
    round(i.overall_rating_mean, 2) as overall_rating_mean,
    round(100.0 * i.overall_rating_top2 / nullif(i.overall_rating_n, 0), 1)
        as overall_rating_top2_pct,
    coalesce(i.relevance_n, 0) as relevance_n,
    round(i.relevance_mean, 2) as relevance_mean,
    round(100.0 * i.relevance_top2 / nullif(i.relevance_n, 0), 1) as relevance_top2_pct,
    coalesce(i.quality_n, 0) as quality_n,
    round(i.quality_mean, 2) as quality_mean,
    round(100.0 * i.quality_top2 / nullif(i.quality_n, 0), 1) as quality_top2_pct,
    coalesce(i.likely_to_apply_n, 0) as likely_to_apply_n,
    round(i.likely_to_apply_mean, 2) as likely_to_apply_mean,
    round(100.0 * i.likely_to_apply_top2 / nullif(i.likely_to_apply_n, 0), 1)
        as likely_to_apply_top2_pct,
    coalesce(i.difficulties_n, 0) as difficulties_n,
    round(100.0 * i.difficulties_yes / nullif(i.difficulties_n, 0), 1) as difficulties_yes_pct
from selected_events as e
left join funnel_figures as f using (event_number)
left join respondents as s using (event_id)
left join indicators as i using (event_id)
order by e.start_date desc, e.event_id
