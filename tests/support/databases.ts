import { randomBytes } from "node:crypto";
import pg from "pg";
import { IN_MEMORY, openDatabase, type DatabaseHandle, type Engine } from "../../src/db/connection";
import { migrate } from "../../src/db/migrate";
import { syncReferenceData } from "../../src/modules/reference/sync";

/**
 * The two engines every database test runs on: an in-memory PGlite, and a
 * fresh database on the PostgreSQL server (TEST_DATABASE_URL, by default the
 * machine's server at 127.0.0.1:5432, database `test`), dropped afterwards.
 */
export const ENGINES: Engine[] = ["pglite", "postgres"];

export const SERVER_URL =
  process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

export interface TestDatabase extends DatabaseHandle {
  /** The URL of the throw-away server database, for tests that start processes. */
  url?: string;
}

export async function createServerDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `rumbo_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: SERVER_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/** A migrated database with reference data, on the given engine. */
export async function openTestDatabase(engine: Engine): Promise<TestDatabase> {
  if (engine === "pglite") {
    const handle = await openDatabase({ dataDir: IN_MEMORY });
    await migrate(handle.db);
    await syncReferenceData(handle.db);
    return handle;
  }
  const server = await createServerDatabase();
  const handle = await openDatabase({
    databaseUrl: server.url,
    dataDir: IN_MEMORY,
    maxConnections: 4,
  });
  await migrate(handle.db);
  await syncReferenceData(handle.db);
  return {
    ...handle,
    url: server.url,
    close: async () => {
      await handle.close();
      await server.drop();
    },
  };
}
