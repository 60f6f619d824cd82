-- Schema version 4: one event's report costs the same in a database of 200 events as in one of
-- 20,000, and a large import is not held up by an index.
--
-- Why the event's rows can be found without reading every event's: rows are appended import by
-- import, so one event's rows sit together in each table, and import ids (and response ids,
-- which the importer numbers across the database) grow with every import. DuckDB keeps the
-- smallest and largest value of each column for every row group of 122,880 rows (its zone
-- maps) and skips the groups whose range cannot hold what a query asks for. The event id
-- cannot use them: a group holds many events whose names span the alphabet, and only the first
-- 8 bytes of a text are kept (every 'digital-gov-forum-...' looks alike). Import ids can: the
-- `*_of(event)` macros read the event's current import ids from import_log and keep each scan
-- to the range between the first and the last, which DuckDB turns into a filter on the zone
-- maps as the query runs. An event whose rows were written without an import (as tests do) has
-- no range: its rows are then found by the event id alone, correctly and only more slowly.
-- An index on event_id was measured too: it finds rows as fast, but inserting a million rows
-- into an indexed table took 4 s instead of 0.5 s.

-- The range of import ids holding one event's rows of one kind: its imports not replaced by a
-- later one (a replaced import's rows were deleted with it). No event: everything.
create macro event_import_range(scope_event, scope_kind) as table
select
    coalesce(min(import_id), -2147483648) as first_import,
    coalesce(max(import_id), 2147483647) as last_import
from import_log
where scope_event is not null
    and event_id = scope_event
    and kind = scope_kind
    and replaced_by is null;

-- One event's rows of each table (null: every event's).
create macro registrations_of(scope_event) as table
select registrations.*
from registrations, event_import_range(scope_event, 'registrations') as imports
where (scope_event is null or registrations.event_id = scope_event)
    and registrations.import_id between imports.first_import and imports.last_import;

create macro attendance_of(scope_event) as table
select attendance.*
from attendance, event_import_range(scope_event, 'attendance') as imports
where (scope_event is null or attendance.event_id = scope_event)
    and attendance.import_id between imports.first_import and imports.last_import;

create macro responses_of(scope_event) as table
select responses.*
from responses, event_import_range(scope_event, 'survey') as imports
where (scope_event is null or responses.event_id = scope_event)
    and responses.import_id between imports.first_import and imports.last_import;

-- Answers carry no import id: they are found by the range of the event's response ids.
create macro answers_of(scope_event) as table
with response_range as (
    select
        coalesce(min(response_id), -2147483648) as first_response,
        coalesce(max(response_id), 2147483647) as last_response
    from responses_of(scope_event)
    where scope_event is not null
)
select answers.*
from answers, response_range
where (scope_event is null or answers.event_id = scope_event)
    and answers.response_id between response_range.first_response
        and response_range.last_response;

-- The models the queries share (migration 1 defined them as views; the views now read these):
-- one row per person and event at each stage of the funnel. A person is counted once per event
-- however many times they registered or joined; their country and sector are those of their
-- latest registration row that gives one.
create macro registrants_of(scope_event) as table
select
    event_id,
    participant_id,
    max_by(country_iso3, import_id::bigint * 100000000 + source_row)
        filter (where country_iso3 is not null) as country_iso3,
    max_by(sector, import_id::bigint * 100000000 + source_row)
        filter (where sector is not null) as sector,
    max_by(gender, import_id::bigint * 100000000 + source_row)
        filter (where gender is not null and trim(gender) <> '') as gender
from registrations_of(scope_event)
group by event_id, participant_id;

create macro attendees_of(scope_event) as table
with joins as (
    select
        event_id,
        participant_id,
        count(*) as joins,
        count(distinct session) as sessions,
        sum(minutes) as minutes
    from attendance_of(scope_event)
    group by event_id, participant_id
)
select
    joins.*,
    registrants.country_iso3,
    registrants.sector,
    registrants.gender
from joins
left join registrants_of(scope_event) as registrants using (event_id, participant_id);

-- A respondent's own answer about their country or sector wins; else their registration's.
create macro respondents_of(scope_event) as table
select
    responses.event_id,
    responses.response_id,
    responses.participant_id,
    coalesce(responses.country_iso3, registrants.country_iso3) as country_iso3,
    coalesce(responses.sector, registrants.sector) as sector,
    coalesce(nullif(trim(responses.gender), ''), registrants.gender) as gender
from responses_of(scope_event) as responses
left join registrants_of(scope_event) as registrants
    on registrants.event_id = responses.event_id
    and registrants.participant_id = responses.participant_id;

create or replace view event_registrants as select * from registrants_of(null);
create or replace view event_attendees as select * from attendees_of(null);
create or replace view event_respondents as select * from respondents_of(null);

-- contacts without its primary-key index: keeping the index up to date cost more than the rest
-- of an import of a large registration export (1.2 s of 2.5 s for a million new people). The
-- importer, the only writer of contacts, keeps it to one row per participant (see
-- surveydash/importing/writes.py, _write_contacts).
create table contacts_rebuilt (
    participant_id varchar not null,
    email          varchar not null,
    first_name     varchar,
    last_name      varchar
);
insert into contacts_rebuilt select participant_id, email, first_name, last_name from contacts;
drop table contacts;
alter table contacts_rebuilt rename to contacts;
