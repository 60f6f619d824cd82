-- name: stored_indicator_figures
-- question: For the given events, what does each canonical indicator's stored figure say: how
--   many answered, the mean and its spread, the question's scale, and how many answers were in
--   the top two points, above the scale's midpoint (favourable) or yes? Read from the table that
--   surveydash.figures keeps per event, for intervals and 0-100 scores in Compare.
-- parameters: $event_ids (list of event ids)
-- grain: one row per event and indicator asked
-- columns: event_id, indicator, answers, mean, sd, scale_min, scale_max, top2, favourable, yes

select event_id, indicator, answers, mean, sd, scale_min, scale_max, top2, favourable, yes
from event_indicator_figures
where event_id in (select unnest($event_ids))
order by event_id, indicator
