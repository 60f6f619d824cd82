-- Schema version 2: mappings a user fixes once so that every event benefits.

-- A country value that the matcher did not recognize, mapped by a user (key: normalized text).
create table country_aliases (
    alias_key  varchar primary key,
    iso3       varchar not null,
    created_at timestamp not null default current_timestamp
);

-- A sector value mapped by a user to one of the report categories.
create table sector_aliases (
    alias_key  varchar primary key,
    sector     varchar not null,
    created_at timestamp not null default current_timestamp
);

-- A question wording mapped by a user to a canonical indicator ('' = none), for later imports.
create table indicator_overrides (
    text_key   varchar primary key,
    indicator  varchar not null,
    created_at timestamp not null default current_timestamp
);
