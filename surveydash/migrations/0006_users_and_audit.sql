-- Schema version 6: who may see and change what, and a trail of who changed what.
--
-- `users` holds the people who may sign in and their role; a signed-in person not in it sees
-- no data. Roles are read from here on every page run and again by every write, so removing
-- someone or lowering their role takes effect at once, not when their sign-in cookie expires.
-- The first admin is added from the command line (`surveydash users add`), which the machine's
-- own users run with the rights of the file.
create table users (
    email    varchar primary key,  -- lower-cased, as the identity provider's `email` claim
    role     varchar not null check (role in ('viewer', 'analyst', 'admin')),
    added_by varchar,
    added_at timestamp not null default current_timestamp
);

-- One row per write: who (the signed-in e-mail; for the command line and a dashboard served
-- without sign-in, the operating-system user), when, which action, on what. No analytics query
-- reads it. `details` never holds a participant's address: an erasure records counts only.
create sequence audit_id_seq start 1;

create table audit (
    audit_id   integer primary key default nextval('audit_id_seq'),
    changed_at timestamp not null default current_timestamp,
    actor      varchar not null,
    action     varchar not null,  -- e.g. import, import.undo, event.delete, person.erase
    target     varchar,           -- the event id, import id or user the action was on
    details    varchar            -- JSON object: what changed, in counts and names
);
