-- Speed of the figures (issue 4: a full recompute against a plain GROUP BY).
--
-- 1. The time axis of the forecast's regression, stored with each measurement:
-- the fractional year of the period's end, as domain/monitoring/calendar.ts
-- yearFraction computes it (2025-07-02 ≈ 2025.5). Computing it per row inside
-- the figures' aggregate cost a third of the aggregate; a trigger keeps it right
-- for every writer (the app, the demo loader, restores), so no caller forgets it.

create function rumbo_year_fraction(d date) returns float8
  language sql immutable parallel safe
  return date_part('year', d)
    + (d - make_date(date_part('year', d)::int, 1, 1))::float8
      / (make_date(date_part('year', d)::int + 1, 1, 1) - make_date(date_part('year', d)::int, 1, 1));

alter table measurement add column period_end_year float8;
update measurement set period_end_year = rumbo_year_fraction(period_end);
alter table measurement alter column period_end_year set not null;

create function rumbo_measurement_time() returns trigger
  language plpgsql
as $$
begin
  new.period_end_year := rumbo_year_fraction(new.period_end);
  return new;
end;
$$;

create trigger measurement_time before insert or update of period_end on measurement
  for each row execute function rumbo_measurement_time();

-- 2. Row-level security, evaluated once per statement instead of once per row:
-- `municipality_id = rumbo_municipality()` calls current_setting for every
-- row a query reads (a third of a scan over 960,000 measurements), while
-- `(select rumbo_municipality())` is an init plan, computed once. The
-- functions are parallel safe (the setting travels to parallel workers), so
-- large scans under a tenant may use them. Every tenant_isolation policy of
-- the plain form is rewritten; new tables call rumbo_enable_tenant_rls.
alter function rumbo_municipality() parallel safe;
alter function rumbo_user() parallel safe;

create function rumbo_enable_tenant_rls(t regclass) returns void
  language plpgsql
as $$
begin
  execute format('alter table %s enable row level security', t);
  execute format('alter table %s force row level security', t);
  execute format(
    'create policy tenant_isolation on %s using (municipality_id = (select rumbo_municipality())) '
    'with check (municipality_id = (select rumbo_municipality()))', t);
end;
$$;

do $$
declare
  p record;
begin
  for p in
    select c.oid::regclass as t
    from pg_policy pol join pg_class c on c.oid = pol.polrelid
    where pol.polname = 'tenant_isolation'
      and pg_get_expr(pol.polqual, pol.polrelid) = '(municipality_id = rumbo_municipality())'
  loop
    execute format(
      'alter policy tenant_isolation on %s using (municipality_id = (select rumbo_municipality())) '
      'with check (municipality_id = (select rumbo_municipality()))', p.t);
  end loop;
end
$$;
