-- Writes an incremental refresh in one statement: the indicator's figure
-- (upsert), its item's and ancestors' figures, the plan figures of their
-- keys. $1, $2, $3: jsonb arrays of rows (indicator_figure, item_figure,
-- plan_figure columns).
with indicator_row as (
  insert into indicator_figure (indicator_id, municipality_id, plan_id, item_id, status, progress,
    latest_value, latest_period, previous_status, previous_period, validated_count,
    expected_value, forecast_value, forecast_low, forecast_high, forecast_probability, explanation)
  select * from jsonb_to_recordset($1::jsonb) as x(indicator_id uuid, municipality_id uuid,
    plan_id uuid, item_id uuid, status text, progress numeric, latest_value numeric,
    latest_period text, previous_status text, previous_period text, validated_count int,
    expected_value numeric, forecast_value numeric, forecast_low numeric, forecast_high numeric,
    forecast_probability numeric, explanation text)
  on conflict (indicator_id) do update set status = excluded.status,
    progress = excluded.progress, latest_value = excluded.latest_value,
    latest_period = excluded.latest_period, previous_status = excluded.previous_status,
    previous_period = excluded.previous_period, validated_count = excluded.validated_count,
    expected_value = excluded.expected_value, forecast_value = excluded.forecast_value,
    forecast_low = excluded.forecast_low, forecast_high = excluded.forecast_high,
    forecast_probability = excluded.forecast_probability, explanation = excluded.explanation
  returning 1
),
item_rows as (
  update item_figure f set status = x.status, progress = x.progress, on_track = x.on_track,
    at_risk = x.at_risk, off_track = x.off_track, done = x.done, no_data = x.no_data,
    explanation = x.explanation
  from jsonb_to_recordset($2::jsonb) as x(item_id uuid, status text, progress numeric,
    on_track int, at_risk int, off_track int, done int, no_data int, explanation text)
  where f.item_id = x.item_id
  returning 1
),
plan_rows as (
  update plan_figure f set status = x.status, progress = x.progress,
    progress_sum = x.progress_sum, progress_n = x.progress_n, weight_sum = x.weight_sum,
    members = x.members, members_done = x.members_done, on_track = x.on_track,
    at_risk = x.at_risk, off_track = x.off_track, done = x.done, no_data = x.no_data
  from jsonb_to_recordset($3::jsonb) as x(plan_id uuid, dimension text, key text, status text,
    progress numeric, progress_sum numeric, progress_n int, weight_sum numeric, members int,
    members_done int, on_track int, at_risk int, off_track int, done int, no_data int)
  where f.plan_id = x.plan_id and f.dimension = x.dimension and f.key = x.key
  returning 1
)
select (select count(*) from indicator_row) + (select count(*) from item_rows)
  + (select count(*) from plan_rows) as written
