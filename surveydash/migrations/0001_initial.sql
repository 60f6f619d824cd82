-- Schema version 1: events, the people who registered / attended / answered, and the import log.
-- Analytics tables hold a participant_id (a salted hash of the normalized e-mail), never the
-- e-mail itself; names and e-mails live only in `contacts`, which no breakdown query reads.

create table meta (
    key   varchar primary key,
    value varchar not null
);

create table events (
    event_id   varchar primary key,
    title      varchar not null,
    series     varchar,
    start_date date not null,
    end_date   date,
    format     varchar check (format in ('virtual', 'in-person', 'hybrid')),
    location   varchar,
    organizers varchar,
    languages  varchar,
    created_at timestamp not null default current_timestamp,
    check (end_date is null or end_date >= start_date)
);

create sequence import_id_seq start 1;

create table import_log (
    import_id     integer primary key default nextval('import_id_seq'),
    event_id      varchar not null,
    kind          varchar not null check (kind in ('registrations', 'attendance', 'survey')),
    source        varchar not null,
    file_name     varchar not null,
    file_sha256   varchar not null,
    rows_read     integer not null,
    rows_imported integer not null,
    rows_rejected integer not null,
    rows_excluded integer not null default 0,
    imported_by   varchar,
    imported_at   timestamp not null default current_timestamp,
    replaced_by   integer,
    note          varchar
);

-- One row per registration row in a file; a person registered twice has two rows and counts once.
create table registrations (
    event_id       varchar not null,
    import_id      integer not null,
    source_row     integer not null,
    participant_id varchar not null,
    registered_at  timestamp,
    country_raw    varchar,
    country_iso3   varchar,
    country_method varchar,
    country_score  double,
    sector_raw     varchar,
    sector         varchar,
    sector_method  varchar,
    organization   varchar,
    gender         varchar
);

-- One row per join: a person who dropped and rejoined has several rows and is one attendee.
create table attendance (
    event_id       varchar not null,
    import_id      integer not null,
    source_row     integer not null,
    participant_id varchar not null,
    session        varchar,
    join_time      timestamp,
    leave_time     timestamp,
    minutes        double
);

-- One row per question of an event's survey, in survey order.
create table questions (
    event_id             varchar not null,
    question_id          varchar not null,
    position             integer not null,
    text                 varchar not null,
    kind                 varchar not null
        check (kind in ('rating', 'single_choice', 'multiple_choice', 'yes_no', 'text')),
    scale_min            integer,
    scale_max            integer,
    labels               varchar,  -- JSON object: scale value -> label
    options              varchar,  -- JSON array of the options of a choice question
    indicator            varchar,
    indicator_source     varchar,  -- 'auto' (matched from the wording) or 'user'
    indicator_confidence double,
    import_id            integer not null,
    primary key (event_id, question_id)
);

create table responses (
    event_id       varchar not null,
    response_id    integer not null,
    import_id      integer not null,
    source_row     integer not null,
    participant_id varchar,
    submitted_at   timestamp,
    country_raw    varchar,
    country_iso3   varchar,
    country_method varchar,
    country_score  double,
    sector_raw     varchar,
    sector         varchar,
    sector_method  varchar,
    gender         varchar,
    primary key (event_id, response_id)
);

-- Long form, so any survey shape fits: one row per answer (per option for multiple choice).
create table answers (
    event_id    varchar not null,
    response_id integer not null,
    question_id varchar not null,
    value_num   double,
    value_text  varchar
);

-- Personal data, kept apart: the only table with names and e-mails. No breakdown query reads it.
create table contacts (
    participant_id varchar primary key,
    email          varchar not null,
    first_name     varchar,
    last_name      varchar
);

-- Reference data, reloaded from data/reference/ each time the database is opened.
create table countries (
    iso3                varchar primary key,
    iso2                varchar,
    m49                 varchar,
    name                varchar not null,
    region              varchar,
    subregion           varchar,
    intermediate_region varchar,
    ldc                 boolean not null,
    lldc                boolean not null,
    sids                boolean not null
);

create table ldc_graduations (
    iso3            varchar primary key,
    graduation_date date not null,
    status          varchar
);

-- Models the queries share: one row per person and event at each stage of the funnel.
-- A person is counted once per event however many times they registered or joined; their
-- country and sector are those of their latest registration row that gives one.
create view event_registrants as
select
    event_id,
    participant_id,
    max_by(country_iso3, import_id::bigint * 100000000 + source_row)
        filter (where country_iso3 is not null) as country_iso3,
    max_by(sector, import_id::bigint * 100000000 + source_row)
        filter (where sector is not null) as sector,
    max_by(gender, import_id::bigint * 100000000 + source_row)
        filter (where gender is not null and trim(gender) <> '') as gender
from registrations
group by event_id, participant_id;

create view event_attendees as
with joins as (
    select
        event_id,
        participant_id,
        count(*) as joins,
        count(distinct session) as sessions,
        sum(minutes) as minutes
    from attendance
    group by event_id, participant_id
)
select
    joins.*,
    registrants.country_iso3,
    registrants.sector,
    registrants.gender
from joins
left join event_registrants as registrants using (event_id, participant_id);

-- A respondent's own answer about their country or sector wins; else their registration's.
create view event_respondents as
select
    responses.event_id,
    responses.response_id,
    responses.participant_id,
    coalesce(responses.country_iso3, registrants.country_iso3) as country_iso3,
    coalesce(responses.sector, registrants.sector) as sector,
    coalesce(nullif(trim(responses.gender), ''), registrants.gender) as gender
from responses
left join event_registrants as registrants
    on registrants.event_id = responses.event_id
    and registrants.participant_id = responses.participant_id;

-- Country facts as of each event's start date: LDC membership changes when countries graduate.
create view event_countries as
select
    events.event_id,
    countries.iso3,
    countries.name,
    countries.region,
    countries.subregion,
    (countries.ldc or graduations.iso3 is not null)
        and not coalesce(graduations.graduation_date <= events.start_date, false) as ldc,
    countries.lldc,
    countries.sids
from events
cross join countries
left join ldc_graduations as graduations on graduations.iso3 = countries.iso3;
