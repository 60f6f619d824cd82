-- Schema version 8: number questions. A numeric answer is a rating only with evidence (a
-- stated scale, labels, rating wording, a rating indicator); counts, amounts and measured
-- scores ("how many staff", Zoom's "Engagement score") are number questions, summarised by n,
-- mean, median and bins, never by a top-2-box. DuckDB cannot change a check constraint in
-- place, so the questions table is built again with the new kind allowed and its rows copied.
create table questions_v8 (
    event_id             varchar not null,
    question_id          varchar not null,
    position             integer not null,
    text                 varchar not null,
    kind                 varchar not null
        check (kind in ('rating', 'number', 'single_choice', 'multiple_choice', 'yes_no', 'text')),
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

insert into questions_v8 (
    event_id, question_id, position, text, kind, scale_min, scale_max, labels, options,
    indicator, indicator_source, indicator_confidence, import_id
)
select
    event_id, question_id, position, text, kind, scale_min, scale_max, labels, options,
    indicator, indicator_source, indicator_confidence, import_id
from questions;

drop table questions;

alter table questions_v8 rename to questions;
