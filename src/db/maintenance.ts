import { sql } from "kysely";
import type { DatabaseHandle } from "./connection";

/**
 * Upkeep of the embedded database. PGlite runs PostgreSQL without its
 * background workers, so nothing vacuums it: the row versions that updates and
 * deletes leave behind are never reclaimed (a plan's figures are rewritten
 * every day), the planner's statistics go stale, and index-only scans (the
 * figures' latest periods, migration 0013) visit the table for every page never
 * marked all-visible. Rumbo does what autovacuum does on a server: VACUUM
 * (ANALYZE) of the whole database, shortly after start and then once a day.
 * On a PostgreSQL server autovacuum is in charge and this does nothing.
 */

/** Vacuums and analyzes an embedded database; false (and nothing done) on a server. */
export async function vacuumEmbedded(handle: DatabaseHandle): Promise<boolean> {
  if (handle.engine !== "pglite") return false;
  // Outside any transaction, as the session's owner: every table, every tenant.
  await sql`vacuum (analyze)`.execute(handle.db);
  return true;
}

export interface MaintenanceOptions {
  /** The first run, after start (the demo's load has just written everything). */
  firstAfterMs: number;
  intervalMs: number;
  onError: (error: unknown) => void;
}

/** Runs `vacuumEmbedded` on a schedule; returns the function that stops it. */
export function startEmbeddedMaintenance(
  handle: DatabaseHandle,
  options: MaintenanceOptions,
): () => void {
  if (handle.engine !== "pglite") return () => {};
  let timer: NodeJS.Timeout;
  const schedule = (ms: number) => {
    timer = setTimeout(() => {
      vacuumEmbedded(handle)
        .catch(options.onError)
        .finally(() => schedule(options.intervalMs));
    }, ms);
    // A pending run does not keep the process alive.
    timer.unref();
  };
  schedule(options.firstAfterMs);
  return () => clearTimeout(timer);
}
