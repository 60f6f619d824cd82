-- name: unrecognized_countries
-- question: Which country values did the importer not recognize, or recognize only by a fuzzy
--   guess, and how often do they occur?
-- parameters: none
-- grain: one row per value as written and how it was matched ('unrecognized' or 'fuzzy')
-- columns: country_raw, method, iso3 (the fuzzy guess), score, rows, events
with values as (
    select event_id, country_raw, country_method, country_iso3, country_score
    from registrations
    where country_method in ('unrecognized', 'fuzzy')
    union all
    select event_id, country_raw, country_method, country_iso3, country_score
    from responses
    where country_method in ('unrecognized', 'fuzzy')
)
select
    country_raw,
    country_method as method,
    any_value(country_iso3) as iso3,
    max(country_score) as score,
    count(*) as rows,
    count(distinct event_id) as events
from values
group by country_raw, country_method
order by method desc, rows desc, country_raw
