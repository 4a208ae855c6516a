-- The latest validated periods of each of a plan's indicators (or of one
-- indicator): the latest gives the status now and the one before the status
-- then (indicator_figure.previous_status); a gap-closing target also needs the
-- period before each, so those indicators get a third. `/*scope*/` as in
-- indicator-definitions.sql; one JSON array of [indicator, period key, period
-- end, value] arrays, as there.
--
-- Each indicator's periods are read backwards from the index on validated
-- measurements, which carries the key and the value (migration 0013), so the
-- table is not visited once vacuum has marked its pages visible.
select coalesce(json_agg(json_build_array(i.id, m.period_key, m.period_end, m.value_float)), '[]')::text
  as rows
from indicator i
join plan_item p on p.id = i.item_id
cross join lateral (
  select period_key, period_end, value_float
  from measurement
  where indicator_id = i.id and status = 'validated'
  order by period_end desc
  limit case when i.gap_percent is null then 2 else 3 end
) m
where /*scope*/
