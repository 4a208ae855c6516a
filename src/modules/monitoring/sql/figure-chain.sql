-- What a change of one indicator can move, with the stored figures its
-- recomputation reads: the indicator's item and the item's ancestors,
-- deepest first, each with its stored figure, its indicators' figures, its
-- children's figures and weights, and its own classification keys; on the
-- first row, the indicator's stored figure and the plan figures of every key
-- the chain carries. $1 item, $2 indicator, $3 plan.
-- Every read is per chain item and by index (lateral and correlated
-- subqueries), so the cost does not grow with the plan.
with recursive up as (
  select id, parent_id, weight, 0 as depth from plan_item where id = $1
  union all
  select p.id, p.parent_id, p.weight, up.depth + 1
  from plan_item p join up on p.id = up.parent_id
),
tags as (
  select up.id as item_id, t.dimension, t.key
  from up cross join lateral (
    select 'unit' as dimension, unit_id::text as key from plan_item_unit where item_id = up.id
    union all select 'territory', territory_id::text from plan_item_territory where item_id = up.id
    union all select 'sdg', goal_number::text from plan_item_sdg where item_id = up.id
    union all select 'funding', source_code from plan_item_funding where item_id = up.id
  ) t
),
keys as (
  select 'plan' as dimension, '' as key
  union select 'axis', id::text from up where parent_id is null
  union select dimension, key from tags
)
select up.id, up.parent_id, up.weight::float8 as weight, up.depth,
  f.status, f.progress::float8 as progress, f.on_track, f.at_risk, f.off_track, f.done, f.no_data,
  (select coalesce(jsonb_agg(jsonb_build_array(x.indicator_id, x.status, x.progress)), '[]'::jsonb)
    from indicator_figure x where x.plan_id = $3 and x.item_id = up.id) as indicators,
  (select coalesce(jsonb_agg(jsonb_build_array(c.id, c.weight,
      (select cf.status from item_figure cf where cf.item_id = c.id),
      (select cf.progress from item_figure cf where cf.item_id = c.id))), '[]'::jsonb)
    from plan_item c where c.plan_id = $3 and c.parent_id = up.id) as children,
  (select coalesce(jsonb_agg(jsonb_build_array(t.dimension, t.key)), '[]'::jsonb)
    from tags t where t.item_id = up.id) as tags,
  case when up.depth = 0 then (
    select jsonb_build_object('status', x.status, 'progress', x.progress)
    from indicator_figure x where x.indicator_id = $2) end as old,
  case when up.depth = 0 then (
    select coalesce(jsonb_agg(to_jsonb(pf)), '[]'::jsonb)
    from keys k cross join lateral (
      select * from plan_figure pf
      where pf.plan_id = $3 and pf.dimension = k.dimension and pf.key = k.key
    ) pf) end as plan_rows
from up cross join lateral (
  select f.status, f.progress, f.on_track, f.at_risk, f.off_track, f.done, f.no_data
  from (select 1) one left join item_figure f on f.item_id = up.id
) f
order by up.depth
