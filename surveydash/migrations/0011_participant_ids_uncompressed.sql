-- Migration 11: the participant ids of registrations and contacts, and contacts' e-mail
-- addresses, stored uncompressed. They are nearly random text (a hash, one address per person)
-- that DuckDB's dictionary and FSST compression barely shrink, yet it analysed every block of
-- them for it. Measured writing a million-row registration export (CPU-seconds, medians of 4):
-- its registrations 2.67 compressed, 2.23 uncompressed; its 618,000 contacts 0.62 and 0.29;
-- grouping the registrations by participant id (as the stored figures do) 0.30 and 0.23. The
-- tables grow by about 15 bytes per registration and 30 per person.
-- Rebuilt as migration 4 rebuilt contacts (DuckDB sets a column's compression only when
-- creating it); rows are copied in their order, so each event's rows stay in the row groups
-- its import ids point to (migration 4).
create table registrations_rebuilt (
    event_id       varchar not null,
    import_id      integer not null,
    source_row     integer not null,
    participant_id varchar not null using compression uncompressed,
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
insert into registrations_rebuilt
select event_id, import_id, source_row, participant_id, registered_at, country_raw,
    country_iso3, country_method, country_score, sector_raw, sector, sector_method,
    organization, gender
from registrations;
drop table registrations;
alter table registrations_rebuilt rename to registrations;

create table contacts_rebuilt (
    participant_id varchar not null using compression uncompressed,
    email          varchar not null using compression uncompressed,
    first_name     varchar,
    last_name      varchar
);
insert into contacts_rebuilt select participant_id, email, first_name, last_name from contacts;
drop table contacts;
alter table contacts_rebuilt rename to contacts;
