import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { readIndicators } from "../indicators/read";
import type { Visibility } from "./queries";
import type { ItemDetail } from "./schemas";

/** Everything the item page shows, or undefined when the item is not the municipality's. */
export async function getItemDetail(
  db: Kysely<Database>,
  municipalityId: string,
  itemId: string,
  visibility: Visibility,
): Promise<ItemDetail | undefined> {
  const item = await db
    .selectFrom("plan_item as i")
    .innerJoin("plan as p", "p.id", "i.plan_id")
    .innerJoin("plan_level as l", (j) =>
      j.onRef("l.plan_id", "=", "i.plan_id").onRef("l.key", "=", "i.level_key"),
    )
    .where("i.id", "=", itemId)
    .where("i.municipality_id", "=", municipalityId)
    .$if(visibility.publishedOnly, (q) => q.where("p.published_at", "is not", null))
    .select([
      "i.id",
      "i.plan_id as planId",
      "p.title as planTitle",
      "i.code",
      "i.title",
      "i.description",
      "l.key as levelKey",
      "l.name as levelName",
      "l.plural as levelPlural",
      "i.status",
      "i.start_date as startDate",
      "i.end_date as endDate",
      "i.deadline_text as deadlineText",
      "i.responsible_text as responsibleText",
      "i.funding_text as fundingText",
      "i.assumptions",
      "i.weight",
      "i.source_ref as sourceRef",
      "i.version",
    ])
    .executeTakeFirst();
  if (!item) return undefined;

  const [ancestors, children, units, territories, funding, sdgs, axes, dependencies, indicators] =
    await Promise.all([
      sql<{ id: string; code: string; title: string; levelName: string }>`
        with recursive up as (
          select parent_id, 1 as depth from plan_item where id = ${itemId} and municipality_id = ${municipalityId}
          union all
          select i.parent_id, up.depth + 1 from plan_item i join up on i.id = up.parent_id
        )
        select i.id, i.code, i.title, l.name as "levelName"
        from up
        join plan_item i on i.id = up.parent_id
        join plan_level l on l.plan_id = i.plan_id and l.key = i.level_key
        order by up.depth desc`
        .execute(db)
        .then((r) => r.rows),
      db
        .selectFrom("plan_item as i")
        .innerJoin("plan_level as l", (j) =>
          j.onRef("l.plan_id", "=", "i.plan_id").onRef("l.key", "=", "i.level_key"),
        )
        .where("i.parent_id", "=", itemId)
        .where("i.municipality_id", "=", municipalityId)
        .select(["i.id", "i.code", "i.title", "l.name as levelName"])
        .orderBy("i.sort")
        .execute(),
      db
        .selectFrom("plan_item_unit as iu")
        .innerJoin("org_unit as u", "u.id", "iu.unit_id")
        .where("iu.item_id", "=", itemId)
        .where("iu.municipality_id", "=", municipalityId)
        .select(["u.id", "u.name", "u.short_name as shortName", "iu.role"])
        .orderBy("iu.sort")
        .execute(),
      db
        .selectFrom("plan_item_territory as it")
        .innerJoin("territory as t", "t.id", "it.territory_id")
        .where("it.item_id", "=", itemId)
        .where("it.municipality_id", "=", municipalityId)
        .select(["t.id", "t.name", "t.kind"])
        .orderBy("t.name")
        .execute(),
      db
        .selectFrom("plan_item_funding as f")
        .innerJoin("funding_source as s", "s.code", "f.source_code")
        .where("f.item_id", "=", itemId)
        .where("f.municipality_id", "=", municipalityId)
        .select(["f.source_code as sourceCode", "s.name as sourceName", "f.year", "f.amount"])
        .orderBy("f.sort")
        .execute(),
      db
        .selectFrom("plan_item_sdg as x")
        .innerJoin("sdg_goal as g", "g.number", "x.goal_number")
        .leftJoin("sdg_target as t", "t.code", "x.target_code")
        .where("x.item_id", "=", itemId)
        .where("x.municipality_id", "=", municipalityId)
        .select([
          "g.number as goalNumber",
          "g.short_title as goalTitle",
          "g.color",
          "x.target_code as targetCode",
          "t.title as targetTitle",
          "x.origin",
        ])
        .orderBy("g.number")
        .orderBy("t.sort")
        .execute(),
      db
        .selectFrom("plan_item_axis as ia")
        .innerJoin("transversal_axis as a", "a.id", "ia.axis_id")
        .where("ia.item_id", "=", itemId)
        .where("ia.municipality_id", "=", municipalityId)
        .select(["a.key", "a.name"])
        .orderBy("a.sort")
        .execute(),
      db
        .selectFrom("plan_item_dependency as d")
        .innerJoin("plan_item as i", "i.id", "d.depends_on_id")
        .innerJoin("plan_level as l", (j) =>
          j.onRef("l.plan_id", "=", "i.plan_id").onRef("l.key", "=", "i.level_key"),
        )
        .where("d.item_id", "=", itemId)
        .where("d.municipality_id", "=", municipalityId)
        .select(["i.id", "i.code", "i.title", "l.name as levelName"])
        .orderBy("i.code")
        .execute(),
      readIndicators(db, municipalityId, { itemId }),
    ]);

  const { levelKey, levelName: name, levelPlural, ...rest } = item;
  return {
    ...rest,
    level: { key: levelKey, name, plural: levelPlural },
    ancestors,
    children,
    responsibleUnits: units,
    territories,
    funding,
    sdgs,
    transversalAxes: axes,
    dependencies,
    indicators: indicators.map(({ itemId: _itemId, ...indicator }) => indicator),
  };
}
