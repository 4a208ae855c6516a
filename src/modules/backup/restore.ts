import { sql, type Kysely, type Transaction } from "kysely";
import { listMigrations } from "../../db/migrate";
import type { Database } from "../../db/schema";
import { enterTenant, type Actor } from "../../db/tenant";
import { backupTables, scopeTo, type TableInfo } from "./catalog";
import { BackupError, type BackupDocument } from "./document";

type Row = Record<string, unknown>;

export interface RestoreResult {
  tables: number;
  rows: number;
  /** Users of a one-municipality backup that already had an account here (matched by e-mail). */
  existingUsers: number;
}

/** Columns that hold a user id: rewritten when a backed-up user already exists here by e-mail. */
const USER_COLUMNS = ["user_id", "actor_user_id", "created_by"];

function checkMigrations(doc: BackupDocument): void {
  const code = listMigrations().map((m) => `${m.name}:${m.checksum}`);
  const file = doc.migrations.map((m) => `${m.name}:${m.checksum}`);
  if (code.join() === file.join()) return;
  const missing = doc.migrations.filter((m) => !code.includes(`${m.name}:${m.checksum}`));
  throw new BackupError(
    `La copia se hizo con otras migraciones (${file.length} en el archivo, ${code.length} en este Rumbo` +
      `${missing.length ? `; distintas o desconocidas aquí: ${missing.map((m) => m.name).join(", ")}` : ""}). ` +
      "Restaure con la versión de Rumbo que hizo la copia.",
  );
}

async function count(trx: Transaction<Database>, table: "municipality" | "app_user") {
  const row = await trx
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return row.n;
}

/**
 * Writes a backup's rows into this database in one transaction: all or
 * nothing. A whole-database backup needs an empty database (no municipality,
 * no user); a one-municipality backup needs that municipality to be absent,
 * and its users that already have an account here (same e-mail) keep it.
 * Each table is one `insert … select * from jsonb_populate_recordset(…)` per
 * municipality, so references inside a table (the item tree) are checked at
 * the statement's end.
 */
export async function restoreBackup(
  db: Kysely<Database>,
  doc: BackupDocument,
  options: { actor?: Actor } = {},
): Promise<RestoreResult> {
  checkMigrations(doc);
  return db.transaction().execute(async (trx) => {
    const catalog = new Map((await backupTables(trx)).map((t) => [t.name, t]));
    const unknown = doc.tables.filter((t) => !catalog.has(t.name)).map((t) => t.name);
    if (unknown.length > 0)
      throw new BackupError(`La copia trae tablas que esta base no tiene: ${unknown.join(", ")}.`);
    const m = doc.municipality;
    const users = new Map<string, string>();
    if (!m) {
      const [municipalities, accounts] = [
        await count(trx, "municipality"),
        await count(trx, "app_user"),
      ];
      if (municipalities > 0 || accounts > 0)
        throw new BackupError(
          `La base de datos de destino no está vacía (${municipalities} municipalidades, ${accounts} usuarios). ` +
            "Una copia completa se restaura en una base nueva: cree una (o use otro DATA_DIR) y vuelva a intentarlo.",
        );
    } else {
      const existing = await trx
        .selectFrom("municipality")
        .select("cut_code")
        .where((eb) => eb.or([eb("cut_code", "=", m.cutCode), eb("id", "=", m.id)]))
        .executeTakeFirst();
      if (existing)
        throw new BackupError(
          `La municipalidad ${m.name} (CUT ${m.cutCode}) ya existe en esta base de datos: no se restaura encima.`,
        );
      for (const u of doc.tables.find((t) => t.name === "app_user")?.rows ?? []) {
        const here = await trx
          .selectFrom("app_user")
          .select("id")
          .where((eb) => eb(eb.fn("lower", ["email"]), "=", String(u.email).toLowerCase()))
          .executeTakeFirst();
        if (here) users.set(String(u.id), here.id);
      }
    }
    let rows = 0;
    // The file's order is not trusted: parents before children, by this database's keys.
    const order = [...catalog.keys()];
    const tables = [...doc.tables].sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
    for (const t of tables) {
      const table = catalog.get(t.name)!;
      let list = t.rows;
      if (users.size > 0) {
        list =
          t.name === "app_user"
            ? list.filter((r) => !users.has(String(r.id)))
            : list.map((r) => remapUsers(r, users));
      }
      await insertRows(trx, table, list);
      rows += list.length;
    }
    if (options.actor) {
      const ctx = await enterTenant(trx, m?.id ?? null, options.actor);
      await ctx.audit({
        action: "restore",
        entityType: m ? "municipality" : "database",
        entityId: m?.id ?? null,
        after: { createdAt: doc.createdAt, tables: doc.tables.length, rows },
      });
    }
    return { tables: doc.tables.length, rows, existingUsers: users.size };
  });
}

function remapUsers(row: Row, users: Map<string, string>): Row {
  let copy: Row | null = null;
  for (const column of USER_COLUMNS) {
    const id = row[column];
    if (typeof id === "string" && users.has(id)) {
      copy ??= { ...row };
      copy[column] = users.get(id);
    }
  }
  return copy ?? row;
}

async function insertRows(trx: Transaction<Database>, table: TableInfo, rows: Row[]) {
  const groups = new Map<string | null, Row[]>();
  if (table.rls) {
    for (const row of rows) {
      const key = (row.municipality_id as string | null | undefined) ?? null;
      const group = groups.get(key);
      if (group) group.push(row);
      else groups.set(key, [row]);
    }
  } else if (rows.length > 0) groups.set(null, rows);
  for (const [municipalityId, list] of groups) {
    await scopeTo(trx, municipalityId);
    try {
      await sql`insert into ${sql.table(table.name)}
        select * from jsonb_populate_recordset(null::${sql.table(table.name)}, ${JSON.stringify(list)}::jsonb)`.execute(
        trx,
      );
    } catch (error) {
      throw new BackupError(
        `No se pudo restaurar la tabla ${table.name}: ${(error as Error).message}. No se restauró nada.`,
      );
    }
  }
}
