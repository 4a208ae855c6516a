import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { notFound } from "../../server/problem";

/** The municipality of a CUT code in a URL, or a 404 problem. */
export async function requireMunicipality(db: Kysely<Database>, cut: string) {
  const row = await db
    .selectFrom("municipality")
    .select(["id", "cut_code as cutCode", "name"])
    .where("cut_code", "=", cut)
    .executeTakeFirst();
  if (!row)
    throw notFound(`No existe una municipalidad con código CUT ${cut} en esta instalación.`);
  return row;
}
