-- The three latest validated periods of each of a plan's indicators (or of
-- one indicator): the latest and the one before give the status now (the
-- gap-closing target needs the one before), the one before and the third give
-- the status then (indicator_figure.previous_status). `/*scope*/` as in
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
  limit 3
) m
where /*scope*/
