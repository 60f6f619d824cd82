-- name: indicator_figures_by_region
-- question: For one event, how did the respondents from each M49 region answer each canonical
--   rating indicator (overall rating, relevance, quality, likely to apply): how many answered,
--   the mean and its spread, and how many answers were favourable? (Compare shows the chosen
--   regions' figures only where the anonymity threshold allows: see
--   surveydash.comparison.region_ratings.) The question read is the one the stored figures
--   read: the first in the survey asking the indicator.
-- parameters: $event_id (the event's id)
-- grain: one row per rating indicator and region ('Not stated or unrecognized' for respondents
--   whose country is not known), by indicator then region
-- columns: indicator, region, answers, mean, sd (sample; null below two answers), favourable
--   (answers above the scale's midpoint), scale_min, scale_max
with indicator_questions as (
    select
        indicator,
        arg_min(question_id, position) as question_id,
        arg_min(scale_min, position) as scale_min,
        arg_min(scale_max, position) as scale_max
    from questions
    where event_id = $event_id
        and indicator in ('overall_rating', 'relevance', 'quality', 'likely_to_apply')
    group by indicator
),
indicator_answers as (
    select
        q.indicator,
        q.scale_min,
        q.scale_max,
        coalesce(countries.region, 'Not stated or unrecognized') as region,
        a.value_num
    from indicator_questions as q
    join answers_of($event_id) as a using (question_id)
    join respondents_of($event_id) as r using (response_id)
    left join countries on countries.iso3 = r.country_iso3
    where a.value_num is not null
)
select
    indicator,
    region,
    count(*)::integer as answers,
    avg(value_num) as mean,
    stddev_samp(value_num) as sd,
    count(*) filter (where value_num > (scale_min + scale_max) / 2.0)::integer as favourable,
    any_value(scale_min)::double as scale_min,
    any_value(scale_max)::double as scale_max
from indicator_answers
group by indicator, region
order by indicator, region = 'Not stated or unrecognized', region
