-- The validated history of a plan's indicators (or of one indicator),
-- aggregated per indicator in one pass: how many periods were validated, and
-- the centred moments the forecast needs (domain/monitoring/forecast.ts
-- Moments), from regr_* with one shared transition state for the six.
--
-- Time is the fractional year of each period's end and the value its float8
-- copy, both stored with the measurement (period_end_year and value_float,
-- migrations 0010 and 0012).
--
-- `/*history*/` is replaced by the scope over the measurements
-- (`and m.indicator_id in (select … where <scope>)`: its row estimate lets
-- the planner pick one sequential pass with a hash join for a plan, an index
-- scan for one indicator), or by nothing when the plan holds every indicator
-- of the municipality (figures-sql.ts): row-level security then keeps other
-- municipalities' measurements out, and without a hash probe per measurement
-- the pass costs what a plain GROUP BY does.
--
-- One JSON array of [indicator, n, points, mean x, mean y, sxx, sxy, syy]
-- arrays, as in indicator-definitions.sql (float8 is written with the digits
-- that read back as the same number).
select coalesce(json_agg(json_build_array(
    h.indicator_id, h.n, h.points, h.mean_x, h.mean_y, h.sxx, h.sxy, h.syy
  )), '[]')::text as rows
from (
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
) h
