import { sql, type Transaction } from "kysely";
import type { Database } from "../../db/schema";
import type { Unit } from "./schemas";

type Trx = Transaction<Database>;

function unitQuery(trx: Trx, municipalityId: string) {
  return trx
    .selectFrom("org_unit")
    .where("municipality_id", "=", municipalityId)
    .select([
      "id",
      "parent_id as parentId",
      "name",
      "short_name as shortName",
      "aliases",
      "sort",
      "version",
    ]);
}

/** The municipality's units, flat, parents' order first then each parent's children by sort. */
export async function listUnits(trx: Trx, municipalityId: string): Promise<Unit[]> {
  return unitQuery(trx, municipalityId).orderBy("sort").orderBy("name").execute();
}

export async function getUnit(
  trx: Trx,
  municipalityId: string,
  unitId: string,
): Promise<Unit | undefined> {
  return unitQuery(trx, municipalityId).where("id", "=", unitId).executeTakeFirst();
}

export async function unitParents(
  trx: Trx,
  municipalityId: string,
): Promise<Map<string, string | null>> {
  const rows = await trx
    .selectFrom("org_unit")
    .where("municipality_id", "=", municipalityId)
    .select(["id", "parent_id"])
    .execute();
  return new Map(rows.map((r) => [r.id, r.parent_id]));
}

/** Ids of the units under a parent (or the roots), in their order. */
export async function siblingIds(
  trx: Trx,
  municipalityId: string,
  parentId: string | null,
): Promise<Array<{ id: string; sort: number }>> {
  return trx
    .selectFrom("org_unit")
    .where("municipality_id", "=", municipalityId)
    .where((eb) =>
      parentId === null ? eb("parent_id", "is", null) : eb("parent_id", "=", parentId),
    )
    .select(["id", "sort"])
    .orderBy("sort")
    .orderBy("name")
    .execute();
}

export async function unitNameTaken(
  trx: Trx,
  municipalityId: string,
  name: string,
  exceptId?: string,
): Promise<boolean> {
  const row = await trx
    .selectFrom("org_unit")
    .where("municipality_id", "=", municipalityId)
    .where(sql<boolean>`lower(name) = lower(${name})`)
    .$if(exceptId !== undefined, (q) => q.where("id", "<>", exceptId!))
    .select("id")
    .executeTakeFirst();
  return row !== undefined;
}

/** What still hangs on a unit: items it answers for, child units, users assigned to it. */
export async function unitUsage(trx: Trx, municipalityId: string, unitId: string) {
  const [items, children, users] = await Promise.all([
    trx
      .selectFrom("plan_item_unit")
      .where("municipality_id", "=", municipalityId)
      .where("unit_id", "=", unitId)
      .select((eb) => eb.fn.countAll().as("n"))
      .executeTakeFirstOrThrow(),
    trx
      .selectFrom("org_unit")
      .where("municipality_id", "=", municipalityId)
      .where("parent_id", "=", unitId)
      .select((eb) => eb.fn.countAll().as("n"))
      .executeTakeFirstOrThrow(),
    trx
      .selectFrom("membership_unit")
      .where("municipality_id", "=", municipalityId)
      .where("unit_id", "=", unitId)
      .select((eb) => eb.fn.countAll().as("n"))
      .executeTakeFirstOrThrow(),
  ]);
  return { items: Number(items.n), children: Number(children.n), users: Number(users.n) };
}
