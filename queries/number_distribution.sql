-- name: number_distribution
-- question: For each number question of one event's survey, how are its numbers spread: how
--   many answers fall in each of up to ten equal bins from the smallest to the largest (one bin
--   per value when the answers are a few whole numbers)?
-- parameters: $event_id (the event's id)
-- grain: one row per number question and bin, in survey order, bins from low to high
-- columns: question_id, position, bin (1 = lowest), bin_low, bin_high, count, pct (1 decimal)
with number_questions as (
    select * from questions where event_id = $event_id and kind = 'number'
),
numbers as (
    select question_id, value_num
    from answers_of($event_id)
    where value_num is not null
        and question_id in (select question_id from number_questions)
),
ranges as (
    select
        question_id,
        min(value_num) as low,
        max(value_num) as high,
        -- a few whole numbers: one bin per value; else ten equal bins
        case
            when bool_and(value_num = floor(value_num)) and max(value_num) - min(value_num) < 10
                then max(value_num) - min(value_num) + 1
            else 10
        end as bins
    from numbers
    group by question_id
),
binned as (
    select
        n.question_id,
        r.low,
        r.high,
        r.bins,
        case
            when r.high = r.low then 1
            else least(r.bins, 1 + floor((n.value_num - r.low) * r.bins / (r.high - r.low
                + case when r.bins = r.high - r.low + 1 then 1 else 0 end)))
        end::integer as bin
    from numbers as n
    join ranges as r using (question_id)
),
counted as (
    select question_id, bin, any_value(low) as low, any_value(high) as high,
        any_value(bins) as bins, count(*) as count
    from binned
    group by question_id, bin
)
select
    c.question_id,
    q.position,
    c.bin,
    round(c.low + (c.bin - 1) * (c.high - c.low
        + case when c.bins = c.high - c.low + 1 then 1 else 0 end) / c.bins, 2) as bin_low,
    round(c.low + c.bin * (c.high - c.low
        + case when c.bins = c.high - c.low + 1 then 1 else 0 end) / c.bins, 2) as bin_high,
    c.count,
    round(100.0 * c.count / sum(c.count) over (partition by c.question_id), 1) as pct
from counted as c
join number_questions as q using (question_id)
order by q.position, c.bin
