-- Speed of the figures (issue 4), continued: the indicator and item figures are
-- derived rows, rewritten as a whole by a full recompute (10,000 and 5,000 rows
-- in the benchmark's plan). Their foreign keys checked each written row against
-- its indicator or item, about 40% of the time of writing them; what those keys
-- did is done here once per statement instead:
--
-- - deleting an indicator or an item (directly, or as the cascade of deleting
--   its item or plan) deletes its figure, by statement-level triggers over the
--   deleted rows;
-- - figures are only written by src/modules/monitoring/figures*.ts, for the
--   indicators and items it has just read under the plan's lock and under
--   row-level security, whose WITH CHECK keeps every row in its municipality;
-- - a figure left without its indicator or item (an indicator deleted while
--   its plan was being recomputed) is a difference for `rumbo figures check`,
--   and the structural refresh that follows every deletion removes it.
--
-- plan_figure keeps its key to plan: a hundred rows per plan.
--
-- Both tables are read by plan (the stored figures a recompute compares with,
-- the dashboard's item figures): indexed by plan, so that a server holding
-- many municipalities does not scan all their figures for one plan. The
-- indicators' index by item leads with the plan (the incremental refresh reads
-- an item's indicators' figures knowing its plan).

alter table indicator_figure drop constraint indicator_figure_municipality_id_indicator_id_fkey;
alter table item_figure drop constraint item_figure_municipality_id_item_id_fkey;

create function rumbo_forget_indicator_figures() returns trigger
  language plpgsql
as $$
begin
  delete from indicator_figure f using gone g where f.indicator_id = g.id;
  return null;
end;
$$;

create trigger indicator_figures_forgotten after delete on indicator
  referencing old table as gone
  for each statement execute function rumbo_forget_indicator_figures();

create function rumbo_forget_item_figures() returns trigger
  language plpgsql
as $$
begin
  delete from item_figure f using gone g where f.item_id = g.id;
  return null;
end;
$$;

create trigger item_figures_forgotten after delete on plan_item
  referencing old table as gone
  for each statement execute function rumbo_forget_item_figures();

drop index indicator_figure_item;
create index indicator_figure_plan on indicator_figure (plan_id, item_id);
create index item_figure_plan on item_figure (plan_id);
