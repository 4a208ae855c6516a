import type { Transaction } from "kysely";
import type { Database } from "../../db/schema";
import type { UnitCandidate } from "../../domain/unit-match";
import type { ExistingItem } from "./diff";

/** The plan's items with what the import compares (titles, detail texts, indicators). */
export async function planSnapshot(
  trx: Transaction<Database>,
  municipalityId: string,
  planId: string,
): Promise<ExistingItem[]> {
  const rows = await trx
    .selectFrom("plan_item")
    .select([
      "id",
      "parent_id as parentId",
      "level_key as level",
      "code",
      "title",
      "deadline_text as deadlineText",
      "responsible_text as responsibleText",
      "funding_text as fundingText",
      "sort",
    ])
    .where("municipality_id", "=", municipalityId)
    .where("plan_id", "=", planId)
    .execute();
  const indicators = await trx
    .selectFrom("indicator")
    .innerJoin("plan_item", "plan_item.id", "indicator.item_id")
    .select([
      "indicator.id",
      "indicator.item_id as itemId",
      "indicator.name",
      "indicator.target_text as targetText",
    ])
    .where("indicator.municipality_id", "=", municipalityId)
    .where("plan_item.plan_id", "=", planId)
    .orderBy("indicator.sort")
    .execute();
  const byItem = new Map<string, ExistingItem["indicators"]>();
  for (const i of indicators) {
    const list = byItem.get(i.itemId) ?? [];
    list.push({ id: i.id, name: i.name, targetText: i.targetText });
    byItem.set(i.itemId, list);
  }
  return rows.map((r) => ({ ...r, indicators: byItem.get(r.id) ?? [] }));
}

export async function unitCandidates(
  trx: Transaction<Database>,
  municipalityId: string,
): Promise<Array<UnitCandidate & { name: string }>> {
  const rows = await trx
    .selectFrom("org_unit")
    .select(["id", "name", "short_name as shortName", "aliases"])
    .where("municipality_id", "=", municipalityId)
    .orderBy("name")
    .execute();
  return rows;
}

export async function plansOf(trx: Transaction<Database>, municipalityId: string) {
  return trx
    .selectFrom("plan")
    .select(["id", "title"])
    .where("municipality_id", "=", municipalityId)
    .orderBy("created_at")
    .execute();
}
