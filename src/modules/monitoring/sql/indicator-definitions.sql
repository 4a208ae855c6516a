-- The definitions of a plan's indicators (or of one indicator) with their
-- targets per period. `/*scope*/` is replaced by `p.plan_id = $1` or
-- `i.id = $1` (figures-sql.ts).
--
-- One row holding a JSON array with one array per indicator, in the order
-- figures-sql.ts DefinitionRow names: moving ten thousand rows costs more
-- than building and parsing one document, on PGlite above all (its rows are
-- decoded field by field in JavaScript; a document by JSON.parse).
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
select coalesce(json_agg(json_build_array(
    s.id, s.item_id, s.plan_id, s.kind, s.direction, s.band_min, s.band_max,
    s.baseline_value, s.baseline_date, s.target_value, s.target_date,
    s.gap_reference_value, s.gap_percent, s.periodicity, s.milestone_due_date,
    s.milestone_done_date, s.value_type, s.unit, g.targets
  )), '[]')::text as rows
from scope s
left join targets g on g.indicator_id = s.id
