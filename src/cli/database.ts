import type { Kysely } from "kysely";
import { loadConfig } from "../config";
import type { DatabaseHandle } from "../db/connection";
import type { Database } from "../db/schema";
import { openReadyDatabase } from "../runtime/database";
import { CliError } from "./errors";

/** Runs a command against the owner's database (migrated, reference data synced), then closes it. */
export async function withDatabase<T>(fn: (handle: DatabaseHandle) => Promise<T>): Promise<T> {
  const handle = await openReadyDatabase(loadConfig());
  try {
    return await fn(handle);
  } finally {
    await handle.close();
  }
}

export function checkCut(cut: string): string {
  if (!/^\d{5}$/.test(cut))
    throw new CliError(`El código CUT "${cut}" no es válido: tiene 5 dígitos, p. ej. 03301.`);
  return cut;
}

export async function findMunicipality(db: Kysely<Database>, cut: string) {
  const m = await db
    .selectFrom("municipality")
    .select(["id", "name", "cut_code"])
    .where("cut_code", "=", checkCut(cut))
    .executeTakeFirst();
  if (!m) throw new CliError(`No existe una municipalidad con código CUT ${cut}.`);
  return m;
}

/** A plan of the municipality: the one named, or the most recent (`plan export`, `export`). */
export async function findPlan(
  db: Kysely<Database>,
  municipality: { id: string; cut_code: string },
  planId?: string,
): Promise<{ id: string }> {
  let query = db.selectFrom("plan").select("id").where("municipality_id", "=", municipality.id);
  if (planId) {
    if (!/^[0-9a-f-]{36}$/i.test(planId))
      throw new CliError(`El identificador de plan "${planId}" no es válido.`);
    query = query.where("id", "=", planId);
  }
  const plan = await query
    .orderBy("start_year", "desc")
    .orderBy("created_at", "desc")
    .executeTakeFirst();
  if (!plan)
    throw new CliError(
      `La municipalidad ${municipality.cut_code} no tiene ${planId ? `el plan ${planId}` : "planes"}.`,
    );
  return plan;
}
