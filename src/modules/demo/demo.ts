import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { readPlanFixture } from "./fixture";
import { loadPlanFixture, type LoadResult } from "./load";
import { loadMapDemo } from "./map-demo";
import { simulateHistory } from "./simulate";

export const DEMO_FIXTURE = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../../fixtures/demo/vallenar-pladeco-2022-2029.json",
);

/** Loads the demo municipality (Vallenar) and its PLADECO from the fixture. */
export async function loadDemo(
  db: Kysely<Database>,
  options: { replace?: boolean; file?: string } = {},
): Promise<LoadResult | "exists"> {
  const fixture = readPlanFixture(options.file ?? DEMO_FIXTURE);
  // The PLADECO is a public document: the demo plan is published.
  const result = await loadPlanFixture(db, fixture, {
    isDemo: true,
    replace: options.replace ?? false,
    publish: true,
  });
  // The demo's simulated history of progress reports (marked as simulated), for the dashboard.
  if (result !== "exists" && options.file === undefined) await simulateHistory(db, result);
  // The demo's map: illustrative geometry, simulated diagnosis, problems and drawings.
  if (result !== "exists" && options.file === undefined) await loadMapDemo(db, result);
  return result;
}

/** True when no municipality exists yet: the first start of an empty database. */
export async function isEmpty(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom("municipality").select("id").limit(1).executeTakeFirst();
  return row === undefined;
}
