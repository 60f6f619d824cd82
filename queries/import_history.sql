-- name: import_history
-- question: Which files were imported, by whom, when, and how many of their rows were read,
--   imported, rejected as bad and left out on purpose?
-- parameters: none
-- grain: one row per import, latest first
-- columns: import_id, event_id, kind, source, file_name, file_sha256, rows_read, rows_imported,
--   rows_rejected, rows_excluded, imported_by, imported_at, replaced_by, note
select
    import_id,
    event_id,
    kind,
    source,
    file_name,
    file_sha256,
    rows_read,
    rows_imported,
    rows_rejected,
    rows_excluded,
    imported_by,
    imported_at,
    replaced_by,
    note
from import_log
order by import_id desc
