import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { planHistory } from "../audit/queries";
import { getPlanDetail } from "./queries";
import type { ExportItem, PlanExport } from "./export-schema";

function groupBy<T, K>(rows: T[], key: (row: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return map;
}

/**
 * The whole plan as one document (format rumbo.plan/v1, docs/plan-export.md).
 * `exportedAt` fixes the document's date (exports compared over time);
 * `history: false` leaves the audit trail out (it names the staff: open data
 * for anonymous readers goes without it).
 */
export async function exportPlan(
  db: Kysely<Database>,
  municipalityId: string,
  planId: string,
  options: { exportedAt?: string; history?: boolean } = {},
): Promise<PlanExport | undefined> {
  const detail = await getPlanDetail(db, municipalityId, planId, { publishedOnly: false });
  if (!detail) return undefined;
  const itemIds = db
    .selectFrom("plan_item")
    .select("id")
    .where("plan_id", "=", planId)
    .where("municipality_id", "=", municipalityId);
  const [items, units, territories, funding, sdgs, axes, deps, indicators, allUnits] =
    await Promise.all([
      db
        .selectFrom("plan_item")
        .selectAll()
        .where("plan_id", "=", planId)
        .where("municipality_id", "=", municipalityId)
        .orderBy("sort")
        .execute(),
      db
        .selectFrom("plan_item_unit")
        .where("plan_item_unit.item_id", "in", itemIds)
        .innerJoin("org_unit as u", "u.id", "plan_item_unit.unit_id")
        .select(["plan_item_unit.item_id", "u.name", "plan_item_unit.role"])
        .orderBy("plan_item_unit.sort")
        .execute(),
      db
        .selectFrom("plan_item_territory")
        .where("plan_item_territory.item_id", "in", itemIds)
        .innerJoin("territory as t", "t.id", "plan_item_territory.territory_id")
        .select(["plan_item_territory.item_id", "t.code", "t.name"])
        .orderBy("t.name")
        .execute(),
      db
        .selectFrom("plan_item_funding")
        .where("item_id", "in", itemIds)
        .select(["item_id", "source_code", "year", "amount"])
        .orderBy("sort")
        .execute(),
      db
        .selectFrom("plan_item_sdg")
        .where("item_id", "in", itemIds)
        .select(["item_id", "goal_number", "target_code", "origin"])
        .orderBy("goal_number")
        .orderBy("target_code", (ob) => ob.asc().nullsFirst())
        .execute(),
      db
        .selectFrom("plan_item_axis")
        .where("plan_item_axis.item_id", "in", itemIds)
        .innerJoin("transversal_axis as a", "a.id", "plan_item_axis.axis_id")
        .select(["plan_item_axis.item_id", "a.key", "a.sort"])
        .orderBy("a.sort")
        .execute(),
      db
        .selectFrom("plan_item_dependency")
        .where("plan_item_dependency.item_id", "in", itemIds)
        .innerJoin("plan_item as d", "d.id", "plan_item_dependency.depends_on_id")
        .select(["plan_item_dependency.item_id", "d.code"])
        .orderBy("d.code")
        .execute(),
      db
        .selectFrom("indicator")
        .where("item_id", "in", itemIds)
        .selectAll()
        .orderBy("sort")
        .execute(),
      db
        .selectFrom("org_unit as u")
        .leftJoin("org_unit as p", "p.id", "u.parent_id")
        .where("u.municipality_id", "=", municipalityId)
        .select(["u.name", "u.short_name as shortName", "p.name as parent"])
        .orderBy("u.sort")
        .orderBy("u.name")
        .execute(),
    ]);

  const unitsOf = groupBy(units, (r) => r.item_id);
  const territoriesOf = groupBy(territories, (r) => r.item_id);
  const fundingOf = groupBy(funding, (r) => r.item_id);
  const sdgsOf = groupBy(sdgs, (r) => r.item_id);
  const axesOf = groupBy(axes, (r) => r.item_id);
  const depsOf = groupBy(deps, (r) => r.item_id);
  const indicatorsOf = groupBy(indicators, (r) => r.item_id);
  const childrenOf = groupBy(items, (r) => r.parent_id);

  const build = (parentId: string | null): ExportItem[] =>
    (childrenOf.get(parentId) ?? []).map((i) => ({
      code: i.code,
      level: i.level_key,
      title: i.title,
      description: i.description,
      status: i.status,
      startDate: i.start_date,
      endDate: i.end_date,
      deadlineText: i.deadline_text,
      weight: i.weight,
      assumptions: i.assumptions,
      responsibleText: i.responsible_text,
      responsibleUnits: (unitsOf.get(i.id) ?? []).map((u) => ({ name: u.name, role: u.role })),
      territories: (territoriesOf.get(i.id) ?? []).map((t) => ({ code: t.code, name: t.name })),
      fundingText: i.funding_text,
      funding: (fundingOf.get(i.id) ?? []).map((f) => ({
        source: f.source_code,
        year: f.year,
        amount: f.amount,
      })),
      sdgs: (sdgsOf.get(i.id) ?? []).map((s) => ({
        goal: s.goal_number,
        target: s.target_code,
        origin: s.origin,
      })),
      transversalAxes: (axesOf.get(i.id) ?? []).map((a) => a.key),
      dependsOn: (depsOf.get(i.id) ?? []).map((d) => d.code),
      indicators: (indicatorsOf.get(i.id) ?? []).map((x) => ({
        name: x.name,
        kind: x.kind,
        formula: x.formula,
        unit: x.unit,
        targetText: x.target_text,
        targetValue: x.target_value,
        targetUnit: x.target_unit,
        baselineText: x.baseline_text,
        baselineValue: x.baseline_value,
      })),
      sourceRef: i.source_ref,
      children: build(i.id),
    }));

  return {
    format: "rumbo.plan/v1",
    exportedAt: options.exportedAt ?? new Date().toISOString(),
    municipality: detail.municipality,
    plan: {
      id: detail.id,
      kind: detail.kind,
      title: detail.title,
      startYear: detail.startYear,
      endYear: detail.endYear,
      approval: detail.approval,
      versions: detail.versions,
      vision: detail.vision,
      mission: detail.mission,
      desiredScenario: detail.desiredScenario,
      values: detail.values,
      levels: detail.levels,
      transversalAxes: detail.transversalAxes.map(({ key, name, description }) => ({
        key,
        name,
        description,
      })),
      source: detail.source,
      isDemo: detail.isDemo,
      items: build(null),
    },
    history: options.history === false ? [] : await planHistory(db, municipalityId, planId),
    units: allUnits,
  };
}
