-- Schema version 7: what the outcome report needs besides figures. Three choices an organizer
-- makes once per event, each written through Database.writing() like every other write.

-- What the report calls the event ("The Forum received ..."). Null: a default read from the
-- title (surveydash.events.default_kind), so that events created before this column need nothing.
alter table events add column kind varchar;

-- Selected feedback: which open answers the report quotes, per event and question. A question
-- without a row here has no choice made: the report quotes every answer up to a stated length.
-- quote_all: every answer, whatever its length; otherwise exactly the answers in quoted_answers
-- (possibly none: the organizer chose to quote nothing for that question).
create table quote_choices (
    event_id    varchar not null,
    question_id varchar not null,
    quote_all   boolean not null,
    primary key (event_id, question_id)
);

-- One row per answer chosen for quoting. A replaced survey import numbers its responses anew,
-- so a response id alone could come to name another person's answer: the answer's SHA-256 is
-- kept with it, and a choice counts only while the response still gives that very answer.
create table quoted_answers (
    event_id      varchar not null,
    question_id   varchar not null,
    response_id   integer not null,
    answer_sha256 varchar not null,
    primary key (event_id, question_id, response_id)
);

-- Certificates of attendance: who qualifies, per event. rule 'minutes': at least `minimum`
-- minutes attended in all; rule 'sessions': present in at least `minimum` sessions (days).
create table certificate_rules (
    event_id varchar primary key,
    rule     varchar not null check (rule in ('minutes', 'sessions')),
    minimum  integer not null check (minimum >= 1)
);
