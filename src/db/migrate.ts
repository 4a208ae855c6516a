import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sql, type Kysely } from "kysely";
import type { Database } from "./schema";

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

/** The migration files, in the order of their numeric prefix. */
export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((name) => {
      const text = fs.readFileSync(path.join(dir, name), "utf8");
      return { name, sql: text, checksum: createHash("sha256").update(text).digest("hex") };
    });
}

/**
 * Applies the pending migrations, each in its own transaction. An advisory lock
 * makes concurrent starts of several app instances against one server safe; a
 * changed file that was already applied stops everything (migrations are
 * forward-only: write a new one instead).
 */
export async function migrate(db: Kysely<Database>, dir = MIGRATIONS_DIR): Promise<string[]> {
  await sql`create table if not exists schema_migration (
    name text primary key,
    checksum text not null,
    applied_at timestamptz not null default now()
  )`.execute(db);
  const applied: string[] = [];
  for (const migration of listMigrations(dir)) {
    const done = await db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(hashtext('rumbo.migrate'))`.execute(trx);
      const row = await trx
        .selectFrom("schema_migration")
        .select("checksum")
        .where("name", "=", migration.name)
        .executeTakeFirst();
      if (row) {
        if (row.checksum !== migration.checksum) {
          throw new Error(
            `La migración ${migration.name} ya aplicada fue modificada. ` +
              "Las migraciones no se editan: agregue una nueva.",
          );
        }
        return false;
      }
      await sql.raw(migration.sql).execute(trx);
      await trx
        .insertInto("schema_migration")
        .values({ name: migration.name, checksum: migration.checksum })
        .execute();
      return true;
    });
    if (done) applied.push(migration.name);
  }
  return applied;
}
