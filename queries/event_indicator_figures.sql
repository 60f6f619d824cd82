-- name: event_indicator_figures
-- question: For each of the given events and each canonical indicator its survey asks (overall
--   rating, relevance, quality, likely to apply, difficulties), how many answered, what was the
--   mean answer and its spread, how many answers were in the top two of the scale, how many
--   above the scale's midpoint (favourable, for any scale length) and how many said yes? An
--   indicator asked by two questions of one survey is read from the first of them. Kept in the
--   table of the same name by surveydash.figures, for the Overview and Compare.
-- parameters: $event_ids (list of event ids)
-- grain: one row per event and indicator asked
-- columns: event_id, indicator, answers, mean, top2, yes, scale_min, scale_max, sd (sample
--   standard deviation; null below two answers), favourable

with chosen_events as (
    select event_id
    from events
    where event_id in (select unnest($event_ids))
),
-- One question per event and indicator, the first in the survey: when two questions of a
-- survey map to one indicator, counting both would count respondents twice.
indicator_questions as (
    select event_id, indicator, arg_min(question_id, position) as question_id
    from questions
    where event_id in (select event_id from chosen_events) and indicator is not null
    group by event_id, indicator
),
-- The span of the chosen events' response ids (the importer numbers responses across the
-- database): like an import id span, it lets DuckDB skip the answers' other row groups.
response_span as (
    select
        coalesce(min(response_id), -2147483648) as first_response,
        coalesce(max(response_id), 2147483647) as last_response
    from responses
    where event_id in (select event_id from chosen_events)
),
indicator_answers as (
    select
        chosen.event_id,
        chosen.indicator,
        questions.scale_min,
        questions.scale_max,
        answers.value_num
    from indicator_questions as chosen
    join questions using (event_id, question_id)
    join answers
        on answers.event_id = chosen.event_id and answers.question_id = chosen.question_id
    cross join response_span
    where answers.value_num is not null
        and answers.response_id between response_span.first_response
            and response_span.last_response
)
select
    event_id,
    indicator,
    count(*)::integer as answers,
    avg(value_num) as mean,
    count(*) filter (where value_num >= scale_max - 1)::integer as top2,
    count(*) filter (where value_num = 1)::integer as yes,
    any_value(scale_min)::double as scale_min,
    any_value(scale_max)::double as scale_max,
    stddev_samp(value_num) as sd,
    count(*) filter (where value_num > (scale_min + scale_max) / 2.0)::integer as favourable
from indicator_answers
group by event_id, indicator
order by event_id, indicator
