-- Migration 10: what the Overview and Compare need to put ratings on different scales on one
-- footing, with their intervals, kept per event and indicator beside the figures of migration 5:
-- the question's scale, the answers' sample standard deviation (for the mean's interval) and
-- the favourable answers (above the scale's midpoint, defined for any scale length).
-- Columns are appended: surveydash.figures inserts the query's columns in this order.
alter table event_indicator_figures add column scale_min double;
alter table event_indicator_figures add column scale_max double;
alter table event_indicator_figures add column sd double;
alter table event_indicator_figures add column favourable integer;

-- Filled for every event once all migrations have run (see Database._store_stale_figures).
insert or replace into meta values ('event_figures_stale', 'true');
