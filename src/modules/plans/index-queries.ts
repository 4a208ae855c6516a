import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { planItems, planItemTags } from "./queries";
import type { ItemIndex } from "./index-schemas";

/**
 * Every item of a plan in one flat list with its tags (units, territories,
 * SDG goals, funding sources), and the names of what those tags point to:
 * what a dashboard needs to label alerts and filters without reading each
 * item. Four grouped queries for the tags (shared with the tree) and one per
 * catalogue, limited to what the plan's items use.
 */
export async function getItemIndex(
  db: Kysely<Database>,
  municipalityId: string,
  planId: string,
): Promise<ItemIndex> {
  const [rows, tags] = await Promise.all([
    planItems(db, municipalityId, planId),
    planItemTags(db, municipalityId, planId),
  ]);
  const used = { units: new Set<string>(), territories: new Set<string>() };
  const goals = new Set<number>();
  const sources = new Set<string>();
  const items = rows.map((r) => {
    const t = tags.get(r.id);
    t?.unitIds.forEach((id) => used.units.add(id));
    t?.territoryIds.forEach((id) => used.territories.add(id));
    t?.sdgGoals.forEach((g) => goals.add(g));
    t?.fundingSourceCodes.forEach((c) => sources.add(c));
    return {
      id: r.id,
      code: r.code,
      title: r.title,
      levelKey: r.level_key,
      parentId: r.parent_id,
      indicatorCount: Number(r.indicatorCount ?? 0),
      unitIds: t?.unitIds ?? [],
      territoryIds: t?.territoryIds ?? [],
      sdgs: t?.sdgGoals ?? [],
      fundingSources: t?.fundingSourceCodes ?? [],
    };
  });
  const [units, territories, sdgGoals, fundingSources] = await Promise.all([
    used.units.size === 0
      ? []
      : db
          .selectFrom("org_unit")
          .where("municipality_id", "=", municipalityId)
          .where("id", "in", [...used.units])
          .select(["id", "name", "short_name as shortName"])
          .orderBy("name")
          .execute(),
    used.territories.size === 0
      ? []
      : db
          .selectFrom("territory")
          .where("municipality_id", "=", municipalityId)
          .where("id", "in", [...used.territories])
          .select(["id", "name", "kind"])
          .orderBy("name")
          .execute(),
    goals.size === 0
      ? []
      : db
          .selectFrom("sdg_goal")
          .where("number", "in", [...goals])
          .select(["number", "short_title as title", "color"])
          .orderBy("number")
          .execute(),
    sources.size === 0
      ? []
      : db
          .selectFrom("funding_source")
          .where("code", "in", [...sources])
          .select(["code", "name"])
          .orderBy("sort")
          .execute(),
  ]);
  return { planId, items, units, territories, sdgGoals, fundingSources };
}
