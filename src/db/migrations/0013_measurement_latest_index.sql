-- Speed of the figures (issue 4), continued: the three latest validated periods
-- of each indicator (sql/indicator-latest.sql) are read from the index alone.
-- The index on validated measurements by indicator and period end (0004) now
-- carries the period key and the value's float copy (0012), so that walking it
-- backwards from each indicator's latest period needs no visit to the table.

drop index measurement_validated;
create index measurement_validated on measurement (indicator_id, period_end)
  include (period_key, value_float) where status = 'validated';
