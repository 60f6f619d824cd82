-- name: events_comparison
-- question: How do events compare on their headline figures and on each canonical indicator
--   (overall rating, relevance, quality, likely to apply, difficulties)? An indicator asked by
--   two questions of one survey is read from the first of them.
-- parameters: $event_ids (list of event ids to compare; the overview passes all of them)
-- grain: one row per event, latest first
-- columns: event_id, title, series, start_date, format, location, registrations,
--   registration_countries, attendees, attendee_countries, attendance_rate, responses,
--   responses_from_absentees (from people the attendance records show did not attend),
--   response_rate (respondents who attended, % of attendees: responses from absentees left
--   out; an anonymous response cannot be checked and counts), overall_rating_n (answers), overall_rating_mean (2 decimals),
--   overall_rating_top2_pct (1 decimal), relevance_n, relevance_mean, relevance_top2_pct,
--   quality_n, quality_mean, quality_top2_pct, likely_to_apply_n, likely_to_apply_mean,
--   likely_to_apply_top2_pct, difficulties_n, difficulties_yes_pct

-- The figures are read from the tables that surveydash.figures keeps per event (migration 5):
-- one row per event and country, one per event and indicator, instead of every person's rows.
with selected_events as (
    select *
    from events
    where event_id in (select unnest($event_ids))
),
funnel_figures as (
    select
        event_id,
        sum(registrants)::bigint as registrations,
        count(country_iso3) filter (where registrants > 0) as registration_countries,
        sum(attendees)::bigint as attendees,
        count(country_iso3) filter (where attendees > 0) as attendee_countries,
        sum(respondents)::bigint as responses
    from event_country_figures
    where event_id in (select event_id from selected_events)
    group by event_id
),
indicators as (
    select
        event_id,
        (sum(answers) filter (where indicator = 'overall_rating'))::bigint as overall_rating_n,
        any_value(mean) filter (where indicator = 'overall_rating') as overall_rating_mean,
        (sum(top2) filter (where indicator = 'overall_rating'))::bigint as overall_rating_top2,
        (sum(answers) filter (where indicator = 'relevance'))::bigint as relevance_n,
        any_value(mean) filter (where indicator = 'relevance') as relevance_mean,
        (sum(top2) filter (where indicator = 'relevance'))::bigint as relevance_top2,
        (sum(answers) filter (where indicator = 'quality'))::bigint as quality_n,
        any_value(mean) filter (where indicator = 'quality') as quality_mean,
        (sum(top2) filter (where indicator = 'quality'))::bigint as quality_top2,
        (sum(answers) filter (where indicator = 'likely_to_apply'))::bigint as likely_to_apply_n,
        any_value(mean) filter (where indicator = 'likely_to_apply') as likely_to_apply_mean,
        (sum(top2) filter (where indicator = 'likely_to_apply'))::bigint as likely_to_apply_top2,
        (sum(answers) filter (where indicator = 'difficulties'))::bigint as difficulties_n,
        (sum(yes) filter (where indicator = 'difficulties'))::bigint as difficulties_yes
    from event_indicator_figures
    where event_id in (select event_id from selected_events)
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
    coalesce(f.responses, 0) as responses,
    coalesce(r.responses_from_absentees, 0) as responses_from_absentees,
    -- No responses: no rate (an event without a survey), as the Overview has always shown.
    case when f.responses > 0 then round(
        100.0 * (f.responses - coalesce(r.responses_from_absentees, 0))
            / nullif(f.attendees, 0),
        1
    ) end as response_rate,
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
left join funnel_figures as f using (event_id)
left join indicators as i using (event_id)
left join event_response_figures as r using (event_id)
order by e.start_date desc, e.event_id
