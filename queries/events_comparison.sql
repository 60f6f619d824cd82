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
with selected_events as (
    select * from events where list_contains($event_ids, event_id)
),
registrants as (
    select event_id, count(*) as registrations, count(distinct country_iso3) as countries
    from event_registrants
    where list_contains($event_ids, event_id)
    group by event_id
),
attendees as (
    select event_id, count(*) as attendees, count(distinct country_iso3) as countries
    from event_attendees
    where list_contains($event_ids, event_id)
    group by event_id
),
respondents as (
    select event_id, count(*) as responses
    from responses
    where list_contains($event_ids, event_id)
    group by event_id
),
-- One question per event and indicator, the first in the survey: when two questions of a
-- survey map to one indicator, counting both would count respondents twice.
indicator_questions as (
    select event_id, indicator, arg_min(question_id, position) as question_id
    from questions
    where list_contains($event_ids, event_id) and indicator is not null
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
    coalesce(r.registrations, 0) as registrations,
    coalesce(r.countries, 0) as registration_countries,
    coalesce(a.attendees, 0) as attendees,
    coalesce(a.countries, 0) as attendee_countries,
    round(100.0 * a.attendees / nullif(r.registrations, 0), 1) as attendance_rate,
    coalesce(s.responses, 0) as responses,
    round(100.0 * s.responses / nullif(a.attendees, 0), 1) as response_rate,
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
left join registrants as r using (event_id)
left join attendees as a using (event_id)
left join respondents as s using (event_id)
left join indicators as i using (event_id)
order by e.start_date desc, e.event_id
