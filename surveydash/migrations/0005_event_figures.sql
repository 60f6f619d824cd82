-- Schema version 5: the Overview's figures kept per event, so that it reads one row per event
-- and country instead of grouping every registration of every event on each visit (at twenty
-- million registrations that grouping took 13 s and outgrew the memory limit).
--
-- surveydash.figures fills both tables from queries/event_country_figures.sql and
-- queries/event_indicator_figures.sql, in the same transaction as each write that changes an
-- event's rows (an import, a replaced import, a country mapping, a question's indicator). The
-- key event_figures_stale below has Database fill them for every event once all migrations
-- have run. Country groups (LDC, LLDC, SIDS) are
-- not stored: they are looked up when the figures are read, as of each event's date, so a
-- corrected graduation date in data/reference/ needs no refresh.

-- Per event and country: distinct registrants and attendees, and survey responses.
create table event_country_figures (
    event_id     varchar not null,
    country_iso3 varchar,  -- null: people whose country is unknown
    registrants  integer not null,
    attendees    integer not null,
    respondents  integer not null
);

-- Per event and canonical indicator: the answers to the first question asking it.
create table event_indicator_figures (
    event_id  varchar not null,
    indicator varchar not null,
    answers   integer not null,
    mean      double,
    top2      integer not null,  -- answers in the top two points of the question's scale
    yes       integer not null,  -- answers of 1: "yes" for a yes/no question
    primary key (event_id, indicator)
);

-- Whether a country counted as a Least Developed Country on a date: listed now, or graduated
-- after that date. One rule for event_countries (redefined here to use it) and for the
-- portfolio totals, which apply it to the stored figures without expanding every event by
-- every country first (that cross product is 5 million rows at 20,000 events).
create macro ldc_on_date(listed_now, graduation_date, on_date) as
    (listed_now or graduation_date is not null)
    and not coalesce(graduation_date <= on_date, false);

create or replace view event_countries as
select
    events.event_id,
    countries.iso3,
    countries.name,
    countries.region,
    countries.subregion,
    ldc_on_date(countries.ldc, graduations.graduation_date, events.start_date) as ldc,
    countries.lldc,
    countries.sids
from events
cross join countries
left join ldc_graduations as graduations on graduations.iso3 = countries.iso3;

insert into meta values ('event_figures_stale', 'true');
