import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "../../db/schema";

/**
 * Tables a backup leaves out: the migration log and the reference data (the
 * code brings them, `rumbo migrate` and start-up sync them), and what only
 * matters while the server runs (sessions, login failures, one-time links,
 * Excel import jobs, which live an hour).
 */
export const NOT_BACKED_UP = new Set([
  "schema_migration",
  "region",
  "province",
  "comuna",
  "sdg_goal",
  "sdg_target",
  "funding_source",
  "user_session",
  "login_failure",
  "one_time_token",
  "import_job",
]);

export interface TableInfo {
  name: string;
  /** Row-level security on: read and written one municipality at a time. */
  rls: boolean;
  /** Has a municipality_id column (and whether it may be null, as in audit_log). */
  municipalityColumn: "required" | "nullable" | null;
  primaryKey: string[];
  /** numeric and bigint columns, kept as text so no digit or trailing zero is lost in JSON. */
  exactColumns: string[];
}

/**
 * The tables a backup holds, read from the catalogue (so a table a new
 * migration adds is included without code changes), parents before children
 * by their foreign keys, otherwise in creation order.
 */
export async function backupTables(
  db: Kysely<Database> | Transaction<Database>,
): Promise<TableInfo[]> {
  const { rows } = await sql<{
    name: string;
    rls: boolean;
    m: "required" | "nullable" | null;
    pk: string[];
    exact: string[];
  }>`select c.relname::text as name, c.relrowsecurity as rls,
      (select case when a.attnotnull then 'required' else 'nullable' end
         from pg_attribute a
        where a.attrelid = c.oid and a.attname = 'municipality_id' and not a.attisdropped) as m,
      coalesce((select array_agg(a.attname::text order by k.ord)
         from pg_index i
         cross join unnest(i.indkey::int2[]) with ordinality as k(attnum, ord)
         join pg_attribute a on a.attrelid = i.indrelid and a.attnum = k.attnum
        where i.indrelid = c.oid and i.indisprimary), '{}') as pk,
      coalesce((select array_agg(a.attname::text order by a.attnum)
         from pg_attribute a
        where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
          and a.atttypid in ('numeric'::regtype, 'int8'::regtype)), '{}') as exact
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p')
    order by c.oid`.execute(db);
  const { rows: edges } = await sql<{ child: string; parent: string }>`
    select cl.relname::text as child, pa.relname::text as parent
      from pg_constraint f
      join pg_class cl on cl.oid = f.conrelid
      join pg_class pa on pa.oid = f.confrelid
      join pg_namespace n on n.oid = cl.relnamespace
     where f.contype = 'f' and n.nspname = 'public' and f.conrelid <> f.confrelid`.execute(db);
  const tables = rows
    .filter((r) => !NOT_BACKED_UP.has(r.name))
    .map((r) => ({
      name: r.name,
      rls: r.rls,
      municipalityColumn: r.m,
      primaryKey: r.pk,
      exactColumns: r.exact,
    }));
  const names = new Set(tables.map((t) => t.name));
  const parents = new Map(tables.map((t) => [t.name, new Set<string>()]));
  for (const e of edges)
    if (names.has(e.child) && names.has(e.parent)) parents.get(e.child)!.add(e.parent);
  const ordered: TableInfo[] = [];
  const done = new Set<string>();
  while (ordered.length < tables.length) {
    const next = tables.find(
      (t) => !done.has(t.name) && [...parents.get(t.name)!].every((p) => done.has(p)),
    );
    if (!next) throw new Error("Las claves foráneas entre tablas forman un ciclo");
    ordered.push(next);
    done.add(next.name);
  }
  return ordered;
}

/**
 * Narrows the transaction to one municipality (or, with null, to
 * platform-level rows) for row-level security, without changing role: the
 * owner keeps its rights on every table, and FORCE ROW LEVEL SECURITY still
 * applies to it on a server when it is not a superuser.
 */
export async function scopeTo(
  trx: Transaction<Database>,
  municipalityId: string | null,
): Promise<void> {
  await sql`select set_config('rumbo.municipality_id', ${municipalityId ?? ""}, true)`.execute(trx);
}
