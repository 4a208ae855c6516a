import { sql, type Kysely } from "kysely";
import type { Database } from "../../db/schema";
import type { PageQuery } from "../../server/pagination";
import type { PlanDetail, PlanSummary, TreeNode } from "./schemas";

function summaryQuery(db: Kysely<Database>) {
  return db
    .selectFrom("plan as p")
    .innerJoin("municipality as m", "m.id", "p.municipality_id")
    .select((eb) => [
      "p.id",
      "p.kind",
      "p.title",
      "p.start_year as startYear",
      "p.end_year as endYear",
      "p.approval_status as approvalStatus",
      "p.is_demo as isDemo",
      eb
        .selectFrom("plan_item as i")
        .whereRef("i.plan_id", "=", "p.id")
        .select(eb.fn.countAll<number>().as("n"))
        .as("itemCount"),
      eb
        .selectFrom("plan_version as v")
        .whereRef("v.plan_id", "=", "p.id")
        .orderBy("v.year", "desc")
        .orderBy("v.created_at", "desc")
        .limit(1)
        .select(
          sql<
            PlanSummary["currentVersion"]
          >`jsonb_build_object('label', v.label, 'year', v.year)`.as("x"),
        )
        .as("currentVersion"),
    ]);
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof summaryQuery>["executeTakeFirstOrThrow"]>>;

function toSummary(row: SummaryRow): PlanSummary {
  return {
    ...row,
    itemCount: row.itemCount ?? 0,
    currentVersion: (row.currentVersion as PlanSummary["currentVersion"]) ?? null,
  };
}

/** Which plans a reader may see: all of them, or only the published ones (anonymous visitors). */
export interface Visibility {
  publishedOnly: boolean;
}

export async function listPlans(
  db: Kysely<Database>,
  municipalityId: string,
  page: PageQuery,
  visibility: Visibility,
) {
  const [rows, total] = await Promise.all([
    summaryQuery(db)
      .where("p.municipality_id", "=", municipalityId)
      .$if(visibility.publishedOnly, (q) => q.where("p.published_at", "is not", null))
      .orderBy("p.start_year", "desc")
      .orderBy("p.title")
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    db
      .selectFrom("plan")
      .where("municipality_id", "=", municipalityId)
      .$if(visibility.publishedOnly, (q) => q.where("published_at", "is not", null))
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(toSummary), total: total.n, ...page };
}

interface ItemRow {
  id: string;
  parent_id: string | null;
  code: string;
  title: string;
  description: string;
  level_key: string;
  status: TreeNode["status"];
  indicatorCount: number | null;
}

export async function planItems(
  db: Kysely<Database>,
  municipalityId: string,
  planId: string,
): Promise<ItemRow[]> {
  return db
    .selectFrom("plan_item as i")
    .where("i.plan_id", "=", planId)
    .where("i.municipality_id", "=", municipalityId)
    .select((eb) => [
      "i.id",
      "i.parent_id",
      "i.code",
      "i.title",
      "i.description",
      "i.level_key",
      "i.status",
      eb
        .selectFrom("indicator as ind")
        .whereRef("ind.item_id", "=", "i.id")
        .select(eb.fn.countAll<number>().as("n"))
        .as("indicatorCount"),
    ])
    .orderBy("i.parent_id")
    .orderBy("i.sort")
    .execute();
}

async function planLevels(db: Kysely<Database>, planId: string) {
  return db
    .selectFrom("plan_level")
    .where("plan_id", "=", planId)
    .select(["key", "name", "plural"])
    .orderBy("sort")
    .execute();
}

export interface ItemTags {
  unitIds: string[];
  territoryIds: string[];
  sdgGoals: number[];
  fundingSourceCodes: string[];
}

/**
 * The tags of every item of a plan — units, territories, SDG goals, funding
 * sources — with one grouped query per link table.
 */
export async function planItemTags(
  db: Kysely<Database>,
  municipalityId: string,
  planId: string,
): Promise<Map<string, ItemTags>> {
  const grouped = <V>(
    table: "plan_item_unit" | "plan_item_territory" | "plan_item_sdg" | "plan_item_funding",
    column: string,
  ) =>
    sql<{ item_id: string; ids: V[] }>`
      select x.item_id, jsonb_agg(distinct x.${sql.ref(column)} order by x.${sql.ref(column)}) as ids
      from ${sql.table(table)} x
      join plan_item i on i.id = x.item_id
      where i.plan_id = ${planId} and x.municipality_id = ${municipalityId}
      group by x.item_id`
      .execute(db)
      .then((r) => r.rows);
  const [units, territories, sdgs, funding] = await Promise.all([
    grouped<string>("plan_item_unit", "unit_id"),
    grouped<string>("plan_item_territory", "territory_id"),
    grouped<number>("plan_item_sdg", "goal_number"),
    grouped<string>("plan_item_funding", "source_code"),
  ]);
  const tags = new Map<string, ItemTags>();
  const of = (id: string) => {
    let t = tags.get(id);
    if (!t)
      tags.set(id, (t = { unitIds: [], territoryIds: [], sdgGoals: [], fundingSourceCodes: [] }));
    return t;
  };
  const ids = <V>(v: V[] | string) => (typeof v === "string" ? (JSON.parse(v) as V[]) : v);
  for (const r of units) of(r.item_id).unitIds = ids(r.ids);
  for (const r of territories) of(r.item_id).territoryIds = ids(r.ids);
  for (const r of sdgs) of(r.item_id).sdgGoals = ids(r.ids).map(Number);
  for (const r of funding) of(r.item_id).fundingSourceCodes = ids(r.ids);
  return tags;
}

/** The nested tree of a plan, children in their order, each item with its tags. */
export async function getPlanTree(db: Kysely<Database>, municipalityId: string, planId: string) {
  const [rows, levels, tags] = await Promise.all([
    planItems(db, municipalityId, planId),
    planLevels(db, planId),
    planItemTags(db, municipalityId, planId),
  ]);
  return { planId, levels, items: buildTree(rows, levels, tags) };
}

export function buildTree(
  rows: ItemRow[],
  levels: Array<{ key: string; name: string }>,
  tags: ReadonlyMap<string, ItemTags> = new Map(),
): TreeNode[] {
  const levelName = new Map(levels.map((l) => [l.key, l.name]));
  const nodes = new Map<string, TreeNode>();
  for (const r of rows)
    nodes.set(r.id, {
      id: r.id,
      code: r.code,
      title: r.title,
      levelKey: r.level_key,
      levelName: levelName.get(r.level_key) ?? r.level_key,
      status: r.status,
      indicatorCount: r.indicatorCount ?? 0,
      unitIds: tags.get(r.id)?.unitIds ?? [],
      territoryIds: tags.get(r.id)?.territoryIds ?? [],
      sdgGoals: tags.get(r.id)?.sdgGoals ?? [],
      fundingSourceCodes: tags.get(r.id)?.fundingSourceCodes ?? [],
      children: [],
    });
  const roots: TreeNode[] = [];
  for (const r of rows) {
    const node = nodes.get(r.id)!;
    const parent = r.parent_id ? nodes.get(r.parent_id) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

function countDescendants(node: TreeNode): number {
  return node.children.reduce((n, c) => n + 1 + countDescendants(c), 0);
}

/** True when the plan exists in the municipality and the reader may see it. */
export async function planVisible(
  db: Kysely<Database>,
  municipalityId: string,
  planId: string,
  visibility: Visibility,
): Promise<boolean> {
  const row = await db
    .selectFrom("plan")
    .select("id")
    .where("id", "=", planId)
    .where("municipality_id", "=", municipalityId)
    .$if(visibility.publishedOnly, (q) => q.where("published_at", "is not", null))
    .executeTakeFirst();
  return row !== undefined;
}

export async function getPlanDetail(
  db: Kysely<Database>,
  municipalityId: string,
  planId: string,
  visibility: Visibility,
): Promise<PlanDetail | undefined> {
  const summary = await summaryQuery(db)
    .where("p.id", "=", planId)
    .where("p.municipality_id", "=", municipalityId)
    .$if(visibility.publishedOnly, (q) => q.where("p.published_at", "is not", null))
    .select([
      "p.vision",
      "p.mission",
      "p.desired_scenario as desiredScenario",
      "p.approval_agreement_number",
      "p.approval_decree_number",
      "p.approval_date",
      "p.source",
      "p.published_at",
      "p.version",
      "m.cut_code",
      "m.name as municipalityName",
    ])
    .executeTakeFirst();
  if (!summary) return undefined;
  const [versions, values, levels, axes, rows] = await Promise.all([
    db
      .selectFrom("plan_version")
      .where("plan_id", "=", planId)
      .select(["label", "year"])
      .orderBy("year", "desc")
      .orderBy("created_at", "desc")
      .execute(),
    db
      .selectFrom("plan_value")
      .where("plan_id", "=", planId)
      .select(["group_name as group", "name"])
      .orderBy("sort")
      .execute(),
    planLevels(db, planId),
    db
      .selectFrom("transversal_axis")
      .where("plan_id", "=", planId)
      .select(["id", "key", "name", "description"])
      .orderBy("sort")
      .execute(),
    planItems(db, municipalityId, planId),
  ]);
  const tree = buildTree(rows, levels);
  const descriptions = new Map(rows.map((r) => [r.id, r.description]));
  const {
    approval_agreement_number,
    approval_decree_number,
    approval_date,
    source,
    published_at,
    version,
    cut_code,
    municipalityName,
    vision,
    mission,
    desiredScenario,
    ...rest
  } = summary;
  return {
    ...toSummary(rest),
    municipality: { cutCode: cut_code, name: municipalityName },
    vision,
    mission,
    desiredScenario,
    approval: {
      status: summary.approvalStatus,
      agreementNumber: approval_agreement_number,
      decreeNumber: approval_decree_number,
      date: approval_date,
    },
    versions,
    values,
    levels,
    transversalAxes: axes,
    source: (source as PlanDetail["source"]) ?? null,
    publishedAt: published_at === null ? null : new Date(published_at).toISOString(),
    version,
    axes: tree.map((n) => ({
      id: n.id,
      code: n.code,
      title: n.title,
      description: descriptions.get(n.id) ?? "",
      levelName: n.levelName,
      descendantCount: countDescendants(n),
    })),
  };
}
