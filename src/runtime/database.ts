import type { Config } from "../config";
import { DatabaseOpenError, openDatabase, type DatabaseHandle } from "../db/connection";
import { listMigrations, migrate } from "../db/migrate";
import { checkApplicationRole } from "../db/tenant";
import { syncReferenceData } from "../modules/reference/sync";

async function prepare(handle: DatabaseHandle): Promise<void> {
  try {
    await migrate(handle.db);
    await syncReferenceData(handle.db);
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/**
 * The database for operator commands (migrate, demo load, export, backup…):
 * the owner's connection (DATABASE_OWNER_URL, else DATABASE_URL, else PGlite),
 * migrated and with its reference data synced.
 */
export async function openReadyDatabase(config: Config): Promise<DatabaseHandle> {
  const handle = await openDatabase({
    databaseUrl: config.databaseOwnerUrl ?? config.databaseUrl,
    dataDir: config.dataDir,
  });
  await prepare(handle);
  return handle;
}

export interface ServingDatabases {
  /** What requests use: on a server, the unprivileged application role. */
  app: DatabaseHandle;
  /** What start-up work uses (migrations, the demo): the owner. */
  owner: DatabaseHandle;
  close(): Promise<void>;
}

/**
 * The databases `rumbo serve` needs. On a server the application's role must
 * not be able to step around row-level security: Rumbo refuses to start if it
 * is a superuser, has BYPASSRLS or owns the tables.
 */
export async function openServingDatabases(config: Config): Promise<ServingDatabases> {
  if (!config.databaseUrl) {
    const handle = await openReadyDatabase(config);
    return { app: handle, owner: handle, close: () => handle.close() };
  }
  const owner = config.databaseOwnerUrl
    ? await openDatabase({
        databaseUrl: config.databaseOwnerUrl,
        dataDir: config.dataDir,
        maxConnections: 2,
      })
    : undefined;
  if (owner) await prepare(owner);
  const app = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const close = async () => {
    await app.close();
    await owner?.close();
  };
  try {
    if (!owner) {
      const applied = new Set(
        (
          await app.db
            .selectFrom("schema_migration")
            .select("name")
            .execute()
            .catch(() => [])
        ).map((r) => r.name),
      );
      const pending = listMigrations().filter((m) => !applied.has(m.name));
      if (pending.length > 0)
        throw new DatabaseOpenError(
          `La base de datos tiene ${pending.length} migraciones pendientes (${pending[0]!.name}…). ` +
            "Defina DATABASE_OWNER_URL con el rol dueño de las tablas, o ejecute `rumbo migrate` con él.",
        );
    }
    const problems = await checkApplicationRole(app.db);
    if (problems.length > 0) {
      throw new DatabaseOpenError(
        `Rumbo no inicia con este rol de base de datos: ${problems.join("; ")}. ` +
          "DATABASE_URL debe usar un rol de acceso sin privilegios, miembro de rumbo_app " +
          "(CREATE ROLE rumbo_web LOGIN PASSWORD '…' IN ROLE rumbo_app), y DATABASE_OWNER_URL " +
          "el rol dueño de las tablas, para las migraciones. Vea el README.",
      );
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { app, owner: owner ?? app, close };
}
