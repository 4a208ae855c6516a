import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { vacuumEmbedded } from "../../src/db/maintenance";
import { ENGINES, openTestDatabase, type TestDatabase } from "../support/databases";

/**
 * PGlite has no autovacuum, so Rumbo vacuums it (src/db/maintenance.ts): the
 * visibility map it sets is what lets the figures read the latest periods
 * from the index alone, and the dead rows of daily rewrites are reclaimed.
 */
describe.each(ENGINES)("upkeep of the database on %s", (engine) => {
  let database: TestDatabase;
  const allVisiblePages = async () => {
    const { rows } = await sql<{ pages: number }>`select relallvisible::int as pages
      from pg_class where relname = 'maintenance_probe'`.execute(database.owner.db);
    return rows[0]!.pages;
  };

  beforeAll(async () => {
    database = await openTestDatabase(engine);
  });
  afterAll(async () => {
    await database?.close();
  });

  it("vacuums the embedded database, and leaves a server to autovacuum", async () => {
    await sql`create table maintenance_probe as
      select g as n, repeat('x', 100) as filler from generate_series(1, 5000) g`.execute(
      database.owner.db,
    );
    expect(await allVisiblePages()).toBe(0);
    // On a server autovacuum may get there first: only the answer is checked there.
    expect(await vacuumEmbedded(database.owner)).toBe(engine === "pglite");
    if (engine === "pglite") expect(await allVisiblePages()).toBeGreaterThan(0);
  });
});
