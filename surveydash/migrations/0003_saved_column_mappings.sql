-- Schema version 3: how an analyst mapped the columns of a file layout, remembered by the
-- layout's header signature (the set of normalized headers), so that the next export from the
-- same form imports with no questions asked.
create table saved_column_mappings (
    signature          varchar primary key,
    source             varchar not null,
    kind               varchar,
    column_overrides   varchar not null,  -- JSON object: header -> field, 'question' or 'ignore'
    question_kinds     varchar not null,  -- JSON object: question text -> kind
    question_indicators varchar not null, -- JSON object: question text -> indicator ('' = none)
    updated_at         timestamp not null default current_timestamp
);
