-- Migration 14: a response rate that counts only the respondents who attended. Beside the
-- figures of migration 5, per event: its survey responses, and those whose respondent the
-- attendance records show did not attend (a registrant who never joined, say). The Overview
-- and Compare give the response rate as (responses - those) / attendees, so a survey sent to
-- every registrant no longer inflates it. An anonymous response (no e-mail) cannot be checked
-- and counts as an attendee's.
-- surveydash.figures fills it from queries/event_response_figures.sql with the other parts.
create table event_response_figures (
    event_id                  varchar not null primary key,
    responses                 integer not null,
    responses_from_absentees  integer not null
);

-- Filled for every event once all migrations have run (see Database._store_stale_figures).
insert or replace into meta values ('event_figures_stale', 'true');
