-- The definitions of a plan's indicators (or of one indicator) with their
-- targets per period, one row each. `/*scope*/` is replaced by
-- `p.plan_id = $1` or `i.id = $1` (figures-sql.ts).
with scope as (
  select i.id, i.item_id, p.plan_id, i.kind, i.direction, i.band_min, i.band_max,
    i.baseline_value, i.baseline_date, i.target_value, i.target_date,
    i.gap_reference_value, i.gap_percent, i.periodicity, i.milestone_due_date,
    i.milestone_done_date, i.value_type, i.unit
  from indicator i join plan_item p on p.id = i.item_id
  where /*scope*/
),
targets as (
  select t.indicator_id, jsonb_object_agg(t.period_key, t.value) as targets
  from indicator_target t
  where t.indicator_id in (select id from scope)
  group by t.indicator_id
)
select s.*, coalesce(g.targets, '{}'::jsonb) as targets
from scope s
left join targets g on g.indicator_id = s.id
