-- name: unmapped_sectors
-- question: Which sector values did the importer not map to a report category (they count as
--   Other), and how often do they occur?
-- parameters: none
-- grain: one row per value as written
-- columns: sector_raw, rows, events
with values as (
    select event_id, sector_raw from registrations where sector_method = 'unmapped'
    union all
    select event_id, sector_raw from responses where sector_method = 'unmapped'
)
select sector_raw, count(*) as rows, count(distinct event_id) as events
from values
group by sector_raw
order by rows desc, sector_raw
