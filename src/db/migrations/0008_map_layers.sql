-- The multi-layer map (issue #7): territories get a display geometry and a
-- bounding box (no PostGIS on PGlite: SQL narrows by bbox, TypeScript does the
-- geometry with turf and flatbush); diagnosis variables with one value per
-- territory; prioritised problems at a point or for a territory; and what an
-- item looks like on the map when it is drawn rather than placed by territory.

-- The original geometry stays in territory.geometry; display_geometry is the
-- simplified one served to the map. approximate marks illustrative boundaries.
alter table territory
  add column display_geometry jsonb
    check (display_geometry is null or jsonb_typeof(display_geometry) = 'object'),
  add column bbox_west double precision,
  add column bbox_south double precision,
  add column bbox_east double precision,
  add column bbox_north double precision,
  add column approximate boolean not null default false;
create index territory_bbox on territory (municipality_id, bbox_west, bbox_east);

create table diagnosis_variable (
  id uuid primary key default gen_random_uuid(),
  municipality_id uuid not null references municipality (id) on delete cascade,
  key text not null check (key ~ '^[a-z0-9_]{1,60}$'),
  label text not null,
  unit text not null default '',
  year integer check (year between 1900 and 2100),
  source text not null default '',
  is_simulated boolean not null default false,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (municipality_id, id),
  unique (municipality_id, key)
);

create table diagnosis_value (
  municipality_id uuid not null,
  variable_id uuid not null,
  territory_id uuid not null,
  value double precision,
  primary key (variable_id, territory_id),
  foreign key (municipality_id, variable_id)
    references diagnosis_variable (municipality_id, id) on delete cascade,
  foreign key (municipality_id, territory_id)
    references territory (municipality_id, id) on delete cascade
);
create index diagnosis_value_territory on diagnosis_value (territory_id);

-- A prioritised problem of the diagnosis (priority 1 is the highest), at a
-- point (lon, lat in WGS84), for a territory, or both.
create table territorial_problem (
  id uuid primary key default gen_random_uuid(),
  municipality_id uuid not null references municipality (id) on delete cascade,
  title text not null,
  description text not null default '',
  priority integer not null check (priority between 1 and 5),
  category text not null default '',
  territory_id uuid,
  lon double precision check (lon between -180 and 180),
  lat double precision check (lat between -90 and 90),
  is_simulated boolean not null default false,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (municipality_id, id),
  foreign key (municipality_id, territory_id) references territory (municipality_id, id),
  check ((lon is null) = (lat is null)),
  check (territory_id is not null or lon is not null)
);
create index territorial_problem_territory on territorial_problem (territory_id);

-- An item drawn on the map (Point, LineString or Polygon, WGS84), with its
-- bounding box; its territories (plan_item_territory) are those containing it.
create table plan_item_geometry (
  municipality_id uuid not null,
  item_id uuid primary key,
  geometry jsonb not null check (jsonb_typeof(geometry) = 'object'),
  bbox_west double precision not null,
  bbox_south double precision not null,
  bbox_east double precision not null,
  bbox_north double precision not null,
  is_simulated boolean not null default false,
  updated_at timestamptz not null default now(),
  foreign key (municipality_id, item_id) references plan_item (municipality_id, id) on delete cascade
);

grant select, insert, update, delete on
  diagnosis_variable, diagnosis_value, territorial_problem, plan_item_geometry
  to rumbo_app;

do $$
declare
  t text;
begin
  foreach t in array array[
    'diagnosis_variable', 'diagnosis_value', 'territorial_problem', 'plan_item_geometry'
  ] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format(
      'create policy tenant_isolation on %I using (municipality_id = rumbo_municipality()) '
      'with check (municipality_id = rumbo_municipality())', t);
  end loop;
end
$$;
