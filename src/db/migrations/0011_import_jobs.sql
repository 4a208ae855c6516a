-- Excel import jobs in the database instead of one process's memory: Rumbo runs
-- as several stateless instances against one server, so the poll or the
-- confirmation of an upload may reach an instance other than the one that read
-- it (src/modules/import/jobs.ts). A job lives one hour (swept on the next
-- import of its municipality, and never returned after that).
--
-- The reading itself stays in the instance that received the file (a worker
-- thread); it writes its progress here, throttled, and touches updated_at at
-- least every 30 seconds, so a job still "reading" with an old updated_at
-- belonged to an instance that stopped, and is reported as failed.
create table import_job (
  id uuid primary key default gen_random_uuid(),
  municipality_id uuid not null references municipality (id) on delete cascade,
  -- Who uploaded it: only they poll and confirm it. Null for the command line.
  user_id uuid references app_user (id) on delete cascade,
  file_name text not null,
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  -- The plan asked for, then the plan the preview compared with (null: a new plan).
  -- No foreign key: the confirmation checks the plan again, and a job must not
  -- hold back deleting a plan.
  plan_id uuid,
  status text not null default 'reading'
    check (status in ('reading', 'ready', 'failed', 'applied')),
  phase text not null default 'checking' check (phase in ('checking', 'reading', 'comparing')),
  done integer not null default 0 check (done >= 0),
  total integer not null default 0 check (total >= 0),
  error text,
  error_status integer not null default 400,
  -- The workbook as parsed (the item tree with sheet and cell), read again on
  -- confirmation, and the preview the polls return. Both are written and read
  -- whole, never searched: json keeps the text as written (the workbook exactly
  -- as the dry run compared it) and, for 10,000 activities (about 6 MB), costs
  -- less than half of jsonb to write on PGlite (measured with bench/import.ts).
  parsed json,
  preview json,
  -- SHA-256 of the dry run's decisions: the confirmation refuses if they changed.
  fingerprint text,
  result jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (status <> 'ready' or (parsed is not null and preview is not null and fingerprint is not null)),
  check (status <> 'failed' or error is not null)
);
create index import_job_created on import_job (municipality_id, created_at);

grant select, insert, update, delete on import_job to rumbo_app;
select rumbo_enable_tenant_rls('import_job');
