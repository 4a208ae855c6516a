import { sql, type Transaction } from "kysely";
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
