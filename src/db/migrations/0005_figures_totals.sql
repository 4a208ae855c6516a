-- Plan figures follow the weighted roll-up of src/domain/monitoring/rollup.ts:
-- the figure of a key combines the items that carry it (and whose ancestors
-- do not). Kept as sums so that a change is applied as a difference:
-- progress_sum = Σ weight × progress and progress_n = items with data (both
-- over the member items), weight_sum = Σ weight of the members with data,
-- members = member items that count (weight > 0), members_done = those done.
alter table plan_figure
  add column weight_sum numeric not null default 0,
  add column members integer not null default 0,
  add column members_done integer not null default 0;

-- Alerts whose condition stops holding are resolved by the evaluator, with a note.
alter table alert add column resolution_note text;
alter table alert drop constraint if exists alert_check;
alter table alert add constraint alert_acknowledged_or_cleared
  check (status = 'open' or corrective_action is not null or resolution_note is not null);
