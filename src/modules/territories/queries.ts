import { sql, type Transaction } from "kysely";
import type { Database } from "../../db/schema";
import type { Territory } from "./schemas";

type Trx = Transaction<Database>;

function territoryQuery(trx: Trx, municipalityId: string) {
  return trx
    .selectFrom("territory")
    .where("municipality_id", "=", municipalityId)
    .select([
      "id",
      "parent_id as parentId",
      "kind",
      "code",
      "name",
      sql<Territory["geometry"]>`geometry`.as("geometry"),
      "version",
    ]);
}

export async function listTerritories(trx: Trx, municipalityId: string): Promise<Territory[]> {
  return territoryQuery(trx, municipalityId).orderBy("code").execute();
}

export async function getTerritory(
  trx: Trx,
  municipalityId: string,
  territoryId: string,
): Promise<Territory | undefined> {
  return territoryQuery(trx, municipalityId).where("id", "=", territoryId).executeTakeFirst();
}

export async function territoryParents(
  trx: Trx,
  municipalityId: string,
): Promise<Map<string, string | null>> {
  const rows = await trx
    .selectFrom("territory")
    .where("municipality_id", "=", municipalityId)
    .select(["id", "parent_id"])
    .execute();
  return new Map(rows.map((r) => [r.id, r.parent_id]));
}

export async function territoryCodeTaken(
  trx: Trx,
  municipalityId: string,
  code: string,
  exceptId?: string,
): Promise<boolean> {
  const row = await trx
    .selectFrom("territory")
    .where("municipality_id", "=", municipalityId)
    .where("code", "=", code)
    .$if(exceptId !== undefined, (q) => q.where("id", "<>", exceptId!))
    .select("id")
    .executeTakeFirst();
  return row !== undefined;
}

/** What still hangs on a territory: items placed in it, territories inside it. */
export async function territoryUsage(trx: Trx, municipalityId: string, territoryId: string) {
  const [items, children] = await Promise.all([
    trx
      .selectFrom("plan_item_territory")
      .where("municipality_id", "=", municipalityId)
      .where("territory_id", "=", territoryId)
      .select((eb) => eb.fn.countAll().as("n"))
      .executeTakeFirstOrThrow(),
    trx
      .selectFrom("territory")
      .where("municipality_id", "=", municipalityId)
      .where("parent_id", "=", territoryId)
      .select((eb) => eb.fn.countAll().as("n"))
      .executeTakeFirstOrThrow(),
  ]);
  return { items: Number(items.n), children: Number(children.n) };
}
