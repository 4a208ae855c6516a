-- The plan model (capability 1). Every municipality-owned table carries
-- municipality_id, and references between them include it, so that a row can
-- never point at another municipality's row.

create table municipality (
  id uuid primary key default gen_random_uuid(),
  cut_code text not null unique references comuna (cut_code),
  name text not null,
  is_demo boolean not null default false,
  created_at timestamptz not null default now()
);

create table org_unit (
  id uuid primary key default gen_random_uuid(),
  municipality_id uuid not null references municipality (id) on delete cascade,
  parent_id uuid,
  name text not null,
  short_name text,
  aliases text[] not null default '{}',
  sort integer not null default 0,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (municipality_id, id),
  unique (municipality_id, name),
  foreign key (municipality_id, parent_id) references org_unit (municipality_id, id),
  check (parent_id is null or parent_id <> id)
);

create table territory (
  id uuid primary key default gen_random_uuid(),
  municipality_id uuid not null references municipality (id) on delete cascade,
  parent_id uuid,
  kind text not null check (kind in ('comuna', 'sector', 'unidad_vecinal', 'localidad')),
  code text not null,
  name text not null,
  geometry jsonb,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (municipality_id, id),
  unique (municipality_id, code),
  foreign key (municipality_id, parent_id) references territory (municipality_id, id),
  check (parent_id is null or parent_id <> id),
  check (geometry is null or jsonb_typeof(geometry) = 'object')
);

create table plan (
  id uuid primary key default gen_random_uuid(),
  municipality_id uuid not null references municipality (id) on delete cascade,
  kind text not null check (kind in ('pladeco', 'strategic', 'territorial')),
  title text not null,
  start_year integer not null,
  end_year integer not null,
  vision text not null default '',
  mission text not null default '',
  desired_scenario text not null default '',
  approval_status text not null default 'draft'
    check (approval_status in ('draft', 'presented', 'approved', 'in_force', 'closed')),
  approval_agreement_number text,
  approval_decree_number text,
  approval_date date,
  -- Where the plan's data came from (fixture, import): title, publisher, file, note.
  source jsonb,
  is_demo boolean not null default false,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (municipality_id, id),
  check (start_year between 1990 and 2100 and end_year between start_year and 2100)
);

-- Yearly updates (actualizaciones) of a plan; the newest is the current one.
create table plan_version (
  id uuid primary key default gen_random_uuid(),
  municipality_id uuid not null,
  plan_id uuid not null,
  label text not null,
  year integer not null,
  notes text not null default '',
  created_at timestamptz not null default now(),
  unique (plan_id, label),
  foreign key (municipality_id, plan_id) references plan (municipality_id, id) on delete cascade
);

create table plan_value (
  id uuid primary key default gen_random_uuid(),
  municipality_id uuid not null,
  plan_id uuid not null,
  group_name text not null,
  name text not null,
  sort integer not null,
  foreign key (municipality_id, plan_id) references plan (municipality_id, id) on delete cascade
);

-- The names of the plan's levels (Lineamiento → Objetivo → Plan → …), per plan.
create table plan_level (
  municipality_id uuid not null,
  plan_id uuid not null,
  key text not null check (key ~ '^[a-z0-9_-]+$'),
  name text not null,
  plural text not null,
  sort integer not null,
  primary key (plan_id, key),
  foreign key (municipality_id, plan_id) references plan (municipality_id, id) on delete cascade
);

create table transversal_axis (
  id uuid primary key default gen_random_uuid(),
  municipality_id uuid not null,
  plan_id uuid not null,
  key text not null,
  name text not null,
  description text not null default '',
  sort integer not null,
  unique (plan_id, key),
  unique (municipality_id, id),
  foreign key (municipality_id, plan_id) references plan (municipality_id, id) on delete cascade
);

create table plan_item (
  id uuid primary key default gen_random_uuid(),
  municipality_id uuid not null,
  plan_id uuid not null,
  parent_id uuid,
  level_key text not null,
  -- Stable code such as 2.3.1, assigned at creation and kept when items move.
  code text not null check (code ~ '^\d+(\.\d+)*$'),
  sort integer not null,
  title text not null check (length(title) between 1 and 2000),
  description text not null default '',
  status text not null default 'planned'
    check (status in ('planned', 'in_progress', 'done', 'suspended', 'cancelled')),
  start_date date,
  end_date date,
  deadline_text text,
  responsible_text text,
  funding_text text,
  assumptions text not null default '',
  weight numeric not null default 1 check (weight >= 0),
  source_ref text,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (municipality_id, id),
  unique (plan_id, id),
  unique (plan_id, code),
  foreign key (municipality_id, plan_id) references plan (municipality_id, id) on delete cascade,
  foreign key (plan_id, parent_id) references plan_item (plan_id, id) on delete cascade,
  foreign key (plan_id, level_key) references plan_level (plan_id, key),
  check (parent_id is null or parent_id <> id),
  check (start_date is null or end_date is null or start_date <= end_date)
);
create index plan_item_parent on plan_item (plan_id, parent_id, sort);

create table plan_item_unit (
  municipality_id uuid not null,
  item_id uuid not null,
  unit_id uuid not null,
  role text not null check (role in ('responsible', 'co_responsible')),
  sort integer not null default 0,
  primary key (item_id, unit_id),
  foreign key (municipality_id, item_id) references plan_item (municipality_id, id) on delete cascade,
  foreign key (municipality_id, unit_id) references org_unit (municipality_id, id) on delete cascade
);
create index plan_item_unit_unit on plan_item_unit (unit_id);

create table plan_item_territory (
  municipality_id uuid not null,
  item_id uuid not null,
  territory_id uuid not null,
  primary key (item_id, territory_id),
  foreign key (municipality_id, item_id) references plan_item (municipality_id, id) on delete cascade,
  foreign key (municipality_id, territory_id) references territory (municipality_id, id) on delete cascade
);
create index plan_item_territory_territory on plan_item_territory (territory_id);

create table plan_item_funding (
  id uuid primary key default gen_random_uuid(),
  municipality_id uuid not null,
  item_id uuid not null,
  source_code text not null references funding_source (code),
  year integer check (year between 1990 and 2100),
  amount numeric check (amount >= 0),
  sort integer not null default 0,
  foreign key (municipality_id, item_id) references plan_item (municipality_id, id) on delete cascade
);
create index plan_item_funding_item on plan_item_funding (item_id);

create table plan_item_sdg (
  id uuid primary key default gen_random_uuid(),
  municipality_id uuid not null,
  item_id uuid not null,
  goal_number integer not null references sdg_goal (number),
  target_code text references sdg_target (code),
  -- 'source' when the plan document names it, 'editor' when a person assigned it.
  origin text not null default 'editor' check (origin in ('source', 'editor')),
  foreign key (municipality_id, item_id) references plan_item (municipality_id, id) on delete cascade
);
create unique index plan_item_sdg_unique on plan_item_sdg (item_id, goal_number, coalesce(target_code, ''));

create table plan_item_axis (
  municipality_id uuid not null,
  item_id uuid not null,
  axis_id uuid not null,
  primary key (item_id, axis_id),
  foreign key (municipality_id, item_id) references plan_item (municipality_id, id) on delete cascade,
  foreign key (municipality_id, axis_id) references transversal_axis (municipality_id, id) on delete cascade
);

create table plan_item_dependency (
  municipality_id uuid not null,
  item_id uuid not null,
  depends_on_id uuid not null,
  primary key (item_id, depends_on_id),
  foreign key (municipality_id, item_id) references plan_item (municipality_id, id) on delete cascade,
  foreign key (municipality_id, depends_on_id) references plan_item (municipality_id, id) on delete cascade,
  check (item_id <> depends_on_id)
);

-- Indicators as the source writes them. The indicator engine (formulas,
-- measurements, status) builds on these columns in a later migration.
create table indicator (
  id uuid primary key default gen_random_uuid(),
  municipality_id uuid not null,
  item_id uuid not null,
  name text not null check (length(name) between 1 and 2000),
  kind text not null default 'evidence' check (kind in ('formula', 'value', 'milestone', 'evidence')),
  formula text,
  unit text,
  target_text text,
  target_value numeric,
  target_unit text,
  baseline_text text,
  baseline_value numeric,
  sort integer not null default 0,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (municipality_id, id),
  foreign key (municipality_id, item_id) references plan_item (municipality_id, id) on delete cascade
);
create index indicator_item on indicator (item_id, sort);
