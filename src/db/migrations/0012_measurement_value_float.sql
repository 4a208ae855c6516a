-- Speed of the figures (issue 4), continued: the forecast's regression moments
-- read each validated value as float8 (sql/indicator-series.sql). Converting
-- numeric to float8 row by row inside the aggregate cost more than the rest of
-- the pass on PGlite (a plain GROUP BY over the same rows took a fifth of it).
-- The float copy is kept with the measurement by the trigger that keeps its
-- time (0010), for every writer: the app, the demo loader, restores. `value`
-- stays the exact number of record.

alter table measurement add column value_float float8;
update measurement set value_float = value::float8 where value is not null;

create or replace function rumbo_measurement_time() returns trigger
  language plpgsql
as $$
begin
  new.period_end_year := rumbo_year_fraction(new.period_end);
  new.value_float := new.value::float8;
  return new;
end;
$$;

drop trigger measurement_time on measurement;
create trigger measurement_time before insert or update of period_end, value on measurement
  for each row execute function rumbo_measurement_time();
