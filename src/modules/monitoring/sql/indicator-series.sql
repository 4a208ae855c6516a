-- The definitions and validated history of a plan's indicators (or of one
-- indicator), one row each, in one statement: the per-indicator aggregates of
-- the figures. `/*scope*/` is replaced by `p.plan_id = $1` or `i.id = $1`;
-- the history marker by the same scope over the measurements
-- (`and m.indicator_id in (select … where <scope>)`: the scope again, not
-- the CTE, so that its row estimate lets the planner pick one sequential pass
-- with a hash join for a plan, an index scan for one indicator), or by nothing
-- when the plan holds every indicator of the municipality (figures-sql.ts):
-- row-level security keeps other municipalities' measurements out of the pass,
-- the join to the scope below keeps only the plan's indicators either way, and
-- without a hash probe per measurement the pass costs what a plain GROUP BY does.
--
-- Time is the fractional year of each period's end and the value its float8
-- copy, both stored with the measurement (period_end_year and value_float,
-- migrations 0010 and 0012), and regr_* give the centred moments the forecast
-- needs (domain/monitoring/forecast.ts Moments), with one shared transition
-- state for the six aggregates.
with scope as (
  select i.id, i.item_id, p.plan_id, i.kind, i.direction, i.band_min, i.band_max,
    i.baseline_value, i.baseline_date, i.target_value, i.target_date,
    i.gap_reference_value, i.gap_percent, i.periodicity, i.milestone_due_date,
    i.milestone_done_date, i.value_type, i.unit
  from indicator i join plan_item p on p.id = i.item_id
  where /*scope*/
),
history as (
  select m.indicator_id, count(*)::int as n,
    regr_count(m.value_float, m.period_end_year)::int as points,
    regr_avgx(m.value_float, m.period_end_year) as mean_x,
    regr_avgy(m.value_float, m.period_end_year) as mean_y,
    regr_sxx(m.value_float, m.period_end_year) as sxx,
    regr_sxy(m.value_float, m.period_end_year) as sxy,
    regr_syy(m.value_float, m.period_end_year) as syy
  from measurement m
  where m.status = 'validated' /*history*/
  group by m.indicator_id
),
targets as (
  select t.indicator_id, jsonb_object_agg(t.period_key, t.value) as targets
  from indicator_target t
  where t.indicator_id in (select id from scope)
  group by t.indicator_id
)
select s.*, coalesce(h.n, 0) as n, h.points, h.mean_x, h.mean_y, h.sxx, h.sxy, h.syy,
  coalesce(g.targets, '{}'::jsonb) as targets, l.keys, l.ends, l.vals
from scope s
left join history h on h.indicator_id = s.id
left join targets g on g.indicator_id = s.id
left join lateral (
  -- The three latest validated periods: the latest and the one before give
  -- the status now (the gap-closing target needs the one before), the one
  -- before and the third give the status then (indicator_figure.previous_status).
  select array_agg(x.period_key order by x.period_end desc) as keys,
    array_agg(x.period_end::text order by x.period_end desc) as ends,
    array_agg(x.value_float order by x.period_end desc) as vals
  from (
    select period_key, period_end, value_float from measurement
    where indicator_id = s.id and status = 'validated'
    order by period_end desc limit 3
  ) x
) l on h.n is not null
