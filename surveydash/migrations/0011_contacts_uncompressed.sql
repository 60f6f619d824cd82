-- Migration 11: contacts' participant ids and e-mail addresses stored uncompressed. Both are
-- nearly random text (a hash, an address per person) that DuckDB's dictionary and FSST
-- compression barely shrink, yet it analysed every block of them for it: writing the contacts
-- of a million-row registration export (618,000 people) took 0.70 CPU-seconds compressed and
-- 0.29 uncompressed, measured in the import. The table grows by about 30 bytes per person.
-- Rebuilt as migration 4 did (DuckDB sets a column's compression only when creating it).
create table contacts_rebuilt (
    participant_id varchar not null using compression uncompressed,
    email          varchar not null using compression uncompressed,
    first_name     varchar,
    last_name      varchar
);
insert into contacts_rebuilt select participant_id, email, first_name, last_name from contacts;
drop table contacts;
alter table contacts_rebuilt rename to contacts;
