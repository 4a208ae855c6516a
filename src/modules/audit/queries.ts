import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "../../db/schema";
import type { AuditEntry } from "./schemas";

/**
 * The changes of an item and of its indicators, newest first. Indicators are
 * found through the item id their audit rows carry, so the history keeps the
 * indicators deleted since.
 */
export async function itemHistory(
  trx: Transaction<Database>,
  municipalityId: string,
  itemId: string,
  limit = 500,
): Promise<AuditEntry[]> {
  const rows = await trx
    .selectFrom("audit_log")
    .where("municipality_id", "=", municipalityId)
    .where((eb) =>
      eb.or([
        eb.and([eb("entity_type", "=", "item"), eb("entity_id", "=", itemId)]),
        eb.and([
          eb("entity_type", "=", "indicator"),
          eb.or([
            eb(sql`after ->> 'itemId'`, "=", itemId),
            eb(sql`before ->> 'itemId'`, "=", itemId),
          ]),
        ]),
      ]),
    )
    .select([
      "id",
      "at",
      "actor_label as actor",
      "action",
      "entity_type as entityType",
      "entity_id as entityId",
      "before",
      "after",
      "request_id as requestId",
    ])
    .orderBy("at", "desc")
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, at: new Date(r.at).toISOString() }));
}

/**
 * Every change of a plan and of what hangs from it (versions, items,
 * indicators, measurements), oldest first, for exports. Rows are matched by
 * the entity id or by the plan, item or indicator id their snapshots carry, so
 * deleted entities keep their history.
 */
export async function planHistory(
  db: Kysely<Database>,
  municipalityId: string,
  planId: string,
): Promise<AuditEntry[]> {
  const itemIds = db
    .selectFrom("plan_item")
    .select(sql<string>`id::text`.as("id"))
    .where("plan_id", "=", planId);
  const indicatorIds = db
    .selectFrom("indicator as i")
    .innerJoin("plan_item as p", "p.id", "i.item_id")
    .select(sql<string>`i.id::text`.as("id"))
    .where("p.plan_id", "=", planId);
  const carried = (key: string) => [sql<string>`after ->> ${key}`, sql<string>`before ->> ${key}`];
  const rows = await db
    .selectFrom("audit_log")
    .where("municipality_id", "=", municipalityId)
    .where((eb) =>
      eb.or([
        eb("entity_id", "=", planId),
        ...carried("planId").map((c) => eb(c, "=", planId)),
        eb("entity_id", "in", itemIds),
        eb("entity_id", "in", indicatorIds),
        ...carried("itemId").map((c) => eb(c, "in", itemIds)),
        ...carried("indicatorId").map((c) => eb(c, "in", indicatorIds)),
      ]),
    )
    .select([
      "id",
      "at",
      "actor_label as actor",
      "action",
      "entity_type as entityType",
      "entity_id as entityId",
      "before",
      "after",
      "request_id as requestId",
    ])
    .orderBy("at")
    .orderBy("id")
    .execute();
  return rows.map((r) => ({ ...r, at: new Date(r.at).toISOString() }));
}
