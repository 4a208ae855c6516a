-- Accounts, roles per municipality, sessions, one-time tokens, the e-mail
-- outbox, the audit trail, and tenant isolation by row-level security.

alter table plan add column published_at timestamptz;

create table app_user (
  id uuid primary key default gen_random_uuid(),
  email text not null check (email ~ '^[^@\s]+@[^@\s]+$' and length(email) <= 254),
  display_name text not null default '',
  -- argon2id; null until an invitation is accepted.
  password_hash text,
  is_operator boolean not null default false,
  is_demo boolean not null default false,
  disabled_at timestamptz,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index app_user_email on app_user (lower(email));

create table membership (
  municipality_id uuid not null references municipality (id) on delete cascade,
  user_id uuid not null references app_user (id) on delete cascade,
  role text not null check (role in ('admin', 'editor', 'validator', 'viewer')),
  created_at timestamptz not null default now(),
  primary key (municipality_id, user_id)
);
create index membership_user on membership (user_id);

-- The units an editor answers for: editors may change only their units' items.
create table membership_unit (
  municipality_id uuid not null,
  user_id uuid not null,
  unit_id uuid not null,
  primary key (user_id, unit_id),
  foreign key (municipality_id, user_id) references membership (municipality_id, user_id) on delete cascade,
  foreign key (municipality_id, unit_id) references org_unit (municipality_id, id) on delete cascade
);

create table user_session (
  -- sha256 of the cookie's token: a stolen table does not give working cookies.
  id text primary key,
  user_id uuid not null references app_user (id) on delete cascade,
  csrf_token text not null,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  ip text,
  user_agent text
);
create index user_session_user on user_session (user_id);

create table login_failure (
  id uuid primary key default gen_random_uuid(),
  key text not null,
  at timestamptz not null default now()
);
create index login_failure_key on login_failure (key, at);

create table one_time_token (
  id text primary key,
  purpose text not null check (purpose in ('password_reset', 'invitation')),
  email text not null,
  user_id uuid references app_user (id) on delete cascade,
  municipality_id uuid references municipality (id) on delete cascade,
  role text check (role in ('admin', 'editor', 'validator', 'viewer')),
  unit_ids uuid[] not null default '{}',
  created_by uuid references app_user (id) on delete set null,
  expires_at timestamptz not null,
  used_at timestamptz,
  created_at timestamptz not null default now()
);

create table outbox_message (
  id uuid primary key default gen_random_uuid(),
  to_address text not null,
  subject text not null,
  body text not null,
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  error text
);

-- One append-only row per change. The application role may insert and read,
-- never update or delete (see the grants below).
create table audit_log (
  id uuid primary key default gen_random_uuid(),
  municipality_id uuid references municipality (id) on delete cascade,
  actor_user_id uuid,
  actor_label text not null,
  action text not null,
  entity_type text not null,
  entity_id text,
  before jsonb,
  after jsonb,
  request_id text,
  at timestamptz not null default clock_timestamp()
);
create index audit_log_entity on audit_log (municipality_id, entity_type, entity_id, at);

-- The municipality and user of the current transaction, set by the
-- application with set_config(..., true): per transaction, never per connection.
create function rumbo_municipality() returns uuid
  language sql stable
  as $$ select nullif(current_setting('rumbo.municipality_id', true), '')::uuid $$;
create function rumbo_user() returns uuid
  language sql stable
  as $$ select nullif(current_setting('rumbo.user_id', true), '')::uuid $$;

-- The application's role: not owner, not superuser, no BYPASSRLS. Login roles
-- of app instances are members of it (README, "PostgreSQL server").
do $$
begin
  if not exists (select from pg_roles where rolname = 'rumbo_app') then
    create role rumbo_app nologin;
  end if;
end
$$;

grant usage on schema public to rumbo_app;
grant select on region, province, comuna, sdg_goal, sdg_target, funding_source, municipality, schema_migration to rumbo_app;
grant select, insert, update, delete on
  org_unit, territory, plan, plan_version, plan_value, plan_level, transversal_axis,
  plan_item, plan_item_unit, plan_item_territory, plan_item_funding, plan_item_sdg,
  plan_item_axis, plan_item_dependency, indicator, membership, membership_unit,
  app_user, user_session, login_failure, one_time_token
  to rumbo_app;
grant select, insert, update on outbox_message to rumbo_app;
grant select, insert on audit_log to rumbo_app;

-- Row-level security on every municipality-owned table, forced for the owner too.
do $$
declare
  t text;
begin
  foreach t in array array[
    'org_unit', 'territory', 'plan', 'plan_version', 'plan_value', 'plan_level',
    'transversal_axis', 'plan_item', 'plan_item_unit', 'plan_item_territory',
    'plan_item_funding', 'plan_item_sdg', 'plan_item_axis', 'plan_item_dependency',
    'indicator', 'membership_unit'
  ] loop
    execute format('alter table %I enable row level security', t);
    execute format('alter table %I force row level security', t);
    execute format(
      'create policy tenant_isolation on %I using (municipality_id = rumbo_municipality()) '
      'with check (municipality_id = rumbo_municipality())', t);
  end loop;
end
$$;

-- A user also sees their own memberships and units elsewhere (to list their municipalities).
create policy own_membership_units on membership_unit for select
  using (user_id = rumbo_user());

alter table membership enable row level security;
alter table membership force row level security;
create policy tenant_isolation on membership
  using (municipality_id = rumbo_municipality())
  with check (municipality_id = rumbo_municipality());
create policy own_memberships on membership for select
  using (user_id = rumbo_user());

-- Platform-level audit rows have no municipality; they are visible only outside one.
alter table audit_log enable row level security;
alter table audit_log force row level security;
create policy tenant_isolation on audit_log
  using (municipality_id is not distinct from rumbo_municipality())
  with check (municipality_id is not distinct from rumbo_municipality());
