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

/** The login role app instances use in tests on the server: unprivileged, member of rumbo_app. */
export const TEST_APP_ROLE = "rumbo_test_app";

export interface TestDatabase extends DatabaseHandle {
  /** The owner's (superuser's) connection: migrations, fixtures, checks of the catalogue. */
  owner: DatabaseHandle;
  /** On the server: the throw-away database's URL, as owner and as the app role. */
  urls?: { owner: string; app: string };
}

async function adminQuery(text: string): Promise<void> {
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  try {
    await admin.query(text);
  } finally {
    await admin.end();
  }
}

export async function createServerDatabase(): Promise<{
  url: string;
  appUrl: string;
  drop: () => Promise<void>;
}> {
  const name = `rumbo_test_${randomBytes(6).toString("hex")}`;
  await adminQuery(`create database ${name}`);
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  const appUrl = new URL(url);
  appUrl.username = TEST_APP_ROLE;
  appUrl.password = "";
  return {
    url: url.toString(),
    appUrl: appUrl.toString(),
    drop: () => adminQuery(`drop database if exists ${name} with (force)`),
  };
}

/** Roles are global to the server: created once, by whichever test gets there first. */
export async function ensureAppLoginRole(): Promise<void> {
  try {
    await adminQuery(`do $$ begin
      if not exists (select from pg_roles where rolname = '${TEST_APP_ROLE}') then
        create role ${TEST_APP_ROLE} login in role rumbo_app;
      end if;
    end $$`);
  } catch (error) {
    if (!/already exists|duplicate key/.test((error as Error).message)) throw error;
  }
}

/**
 * A migrated database with reference data, on the given engine. On the
 * server, `db` connects as the unprivileged application role, as Rumbo does
 * in production; on PGlite, the app switches to rumbo_app in each transaction.
 */
export async function openTestDatabase(engine: Engine): Promise<TestDatabase> {
  if (engine === "pglite") {
    const handle = await openDatabase({ dataDir: IN_MEMORY });
    await migrate(handle.db);
    await syncReferenceData(handle.db);
    return { ...handle, owner: handle };
  }
  const server = await createServerDatabase();
  const owner = await openDatabase({
    databaseUrl: server.url,
    dataDir: IN_MEMORY,
    maxConnections: 2,
  });
  await migrate(owner.db);
  await syncReferenceData(owner.db);
  await ensureAppLoginRole();
  const app = await openDatabase({
    databaseUrl: server.appUrl,
    dataDir: IN_MEMORY,
    maxConnections: 4,
  });
  return {
    ...app,
    owner,
    urls: { owner: server.url, app: server.appUrl },
    close: async () => {
      await app.close();
      await owner.close();
      await server.drop();
    },
  };
}
