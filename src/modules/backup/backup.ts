import { sql, type Kysely, type Transaction } from "kysely";
import { listMigrations } from "../../db/migrate";
import type { Database } from "../../db/schema";
import { backupTables, scopeTo, type TableInfo } from "./catalog";
import { BACKUP_FORMAT, BackupError, type BackupDocument } from "./document";

type Row = Record<string, unknown>;

/**
 * The rows of a table that match `where`, each as to_jsonb of the row (exact
 * columns as text), ordered by primary key.
 */
export async function readRows(
  trx: Transaction<Database>,
  table: TableInfo,
  where: ReturnType<typeof sql>,
): Promise<Row[]> {
  const row = table.exactColumns.length
    ? sql`to_jsonb(t) || jsonb_build_object(${sql.join(
        table.exactColumns.map((c) => sql`${sql.lit(c)}, ${sql.ref(`t.${c}`)}::text`),
      )})`
    : sql`to_jsonb(t)`;
  const order = table.primaryKey.length
    ? sql.join(table.primaryKey.map((c) => sql.ref(`t.${c}`)))
    : sql`to_jsonb(t)::text`;
  const { rows } = await sql<{ row: Row }>`select ${row} as row from ${sql.table(
    table.name,
  )} as t where ${where} order by ${order}`.execute(trx);
  return rows.map((r) => r.row);
}

/**
 * A consistent copy (one repeatable-read transaction) of the whole database,
 * or of one municipality with the accounts of its members (and only their
 * membership there). Municipality tables are read one municipality at a
 * time, scoped as row-level security expects, so a non-superuser owner on a
 * server reads them too.
 */
export async function createBackup(
  db: Kysely<Database>,
  options: { municipalityCut?: string | undefined } = {},
): Promise<BackupDocument> {
  return db
    .transaction()
    .setIsolationLevel("repeatable read")
    .execute(async (trx) => {
      const municipalities = await trx
        .selectFrom("municipality")
        .select(["id", "cut_code as cutCode", "name"])
        .orderBy("cut_code")
        .execute();
      const only = options.municipalityCut
        ? municipalities.find((m) => m.cutCode === options.municipalityCut)
        : undefined;
      if (options.municipalityCut && !only)
        throw new BackupError(
          `No existe una municipalidad con código CUT ${options.municipalityCut} en esta base de datos.`,
        );
      const tables = [];
      for (const table of await backupTables(trx)) {
        const rows = only
          ? await municipalityRows(trx, table, only.id)
          : await allRows(
              trx,
              table,
              municipalities.map((m) => m.id),
            );
        if (rows) tables.push({ name: table.name, rows });
      }
      return {
        format: BACKUP_FORMAT,
        createdAt: new Date().toISOString(),
        municipality: only ?? null,
        migrations: listMigrations().map(({ name, checksum }) => ({ name, checksum })),
        tables,
      };
    });
}

async function allRows(
  trx: Transaction<Database>,
  table: TableInfo,
  municipalityIds: string[],
): Promise<Row[]> {
  if (!table.rls) {
    await scopeTo(trx, null);
    return readRows(trx, table, sql`true`);
  }
  if (!table.municipalityColumn)
    throw new BackupError(`La tabla ${table.name} tiene seguridad por filas sin municipality_id.`);
  const rows: Row[] = [];
  if (table.municipalityColumn === "nullable") {
    await scopeTo(trx, null);
    rows.push(...(await readRows(trx, table, sql`t.municipality_id is null`)));
  }
  for (const id of municipalityIds) {
    await scopeTo(trx, id);
    rows.push(...(await readRows(trx, table, sql`t.municipality_id = ${id}`)));
  }
  return rows;
}

/** One municipality's rows of a table, or null for tables that belong to no municipality. */
async function municipalityRows(
  trx: Transaction<Database>,
  table: TableInfo,
  id: string,
): Promise<Row[] | null> {
  await scopeTo(trx, id);
  if (table.name === "municipality") return readRows(trx, table, sql`t.id = ${id}`);
  if (table.name === "app_user")
    return readRows(
      trx,
      table,
      sql`t.id in (select user_id from membership where municipality_id = ${id})`,
    );
  if (!table.municipalityColumn) return null;
  return readRows(trx, table, sql`t.municipality_id = ${id}`);
}
