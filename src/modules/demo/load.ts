import { randomUUID } from "node:crypto";
import type { Insertable, Kysely, Transaction } from "kysely";
import { matchFundingSources } from "../../domain/funding";
import { indicatorRow } from "../indicators/from-text";
import { itemRow } from "../plans/item-row";
import type { Database } from "../../db/schema";
import { cliActor, enterTenant, type Actor } from "../../db/tenant";
import type { FixtureItem, PlanFixture } from "./fixture-schema";
import { FixtureError } from "./fixture";

export interface LoadResult {
  municipalityId: string;
  planId: string;
  items: number;
  indicators: number;
  units: number;
  replaced: boolean;
}

/** Creates the municipality of a comuna if it does not exist yet; returns its id. */
export async function ensureMunicipality(
  trx: Transaction<Database>,
  cutCode: string,
  isDemo: boolean,
): Promise<string> {
  const existing = await trx
    .selectFrom("municipality")
    .select("id")
    .where("cut_code", "=", cutCode)
    .executeTakeFirst();
  if (existing) return existing.id;
  const comuna = await trx
    .selectFrom("comuna")
    .select("name")
    .where("cut_code", "=", cutCode)
    .executeTakeFirst();
  if (!comuna) throw new FixtureError(`No existe una comuna con código CUT ${cutCode}`);
  const row = await trx
    .insertInto("municipality")
    .values({ cut_code: cutCode, name: comuna.name, is_demo: isDemo })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Loads a plan fixture in one transaction. When the municipality already has a
 * plan from the same source file, nothing is written unless `replace` is set,
 * in which case that plan is replaced whole.
 */
export async function loadPlanFixture(
  db: Kysely<Database>,
  fixture: PlanFixture,
  options: { isDemo: boolean; replace?: boolean; publish?: boolean; actor?: Actor },
): Promise<LoadResult | "exists"> {
  return db.transaction().execute(async (outer) => {
    const municipalityId = await ensureMunicipality(
      outer,
      fixture.municipality.cutCode,
      options.isDemo,
    );
    const ctx = await enterTenant(outer, municipalityId, options.actor ?? cliActor("demo load"));
    const trx = ctx.trx;
    const previous = await trx
      .selectFrom("plan")
      .select("id")
      .where("municipality_id", "=", municipalityId)
      .where("title", "=", fixture.plan.title)
      .executeTakeFirst();
    if (previous && !options.replace) return "exists";
    if (previous) await trx.deleteFrom("plan").where("id", "=", previous.id).execute();

    const m = municipalityId;
    const unitIds = await upsertUnits(trx, m, fixture);
    const territoryIds = await upsertTerritories(trx, m, fixture);

    const p = fixture.plan;
    const planId = randomUUID();
    await trx
      .insertInto("plan")
      .values({
        id: planId,
        municipality_id: m,
        kind: p.kind,
        title: p.title,
        start_year: p.startYear,
        end_year: p.endYear,
        vision: p.vision,
        mission: p.mission,
        desired_scenario: p.desiredScenario ?? "",
        approval_status: p.approval.status,
        approval_agreement_number: p.approval.agreementNumber ?? null,
        approval_decree_number: p.approval.decreeNumber ?? null,
        approval_date: p.approval.date ?? null,
        source: JSON.stringify(fixture.source),
        is_demo: options.isDemo,
        published_at: options.publish ? new Date() : null,
      })
      .execute();
    await trx
      .insertInto("plan_version")
      .values({ municipality_id: m, plan_id: planId, label: p.versionLabel, year: p.versionYear })
      .execute();
    await trx
      .insertInto("plan_level")
      .values(p.levels.map((l, i) => ({ municipality_id: m, plan_id: planId, ...l, sort: i })))
      .execute();
    if (p.values.length > 0)
      await trx
        .insertInto("plan_value")
        .values(
          p.values.map((v, i) => ({
            municipality_id: m,
            plan_id: planId,
            group_name: v.group,
            name: v.name,
            sort: i,
          })),
        )
        .execute();
    const axisIds = new Map(p.transversalAxes.map((a) => [a.key, randomUUID()]));
    if (p.transversalAxes.length > 0)
      await trx
        .insertInto("transversal_axis")
        .values(
          p.transversalAxes.map((a, i) => ({
            id: axisIds.get(a.key)!,
            municipality_id: m,
            plan_id: planId,
            key: a.key,
            name: a.name,
            description: a.description,
            sort: i,
          })),
        )
        .execute();

    const rows = flattenItems(p.items, { m, planId, unitIds, territoryIds, axisIds });
    await inChunks(rows.items, (c) => trx.insertInto("plan_item").values(c).execute());
    await inChunks(rows.units, (c) => trx.insertInto("plan_item_unit").values(c).execute());
    await inChunks(rows.territories, (c) =>
      trx.insertInto("plan_item_territory").values(c).execute(),
    );
    await inChunks(rows.funding, (c) => trx.insertInto("plan_item_funding").values(c).execute());
    await inChunks(rows.sdg, (c) => trx.insertInto("plan_item_sdg").values(c).execute());
    await inChunks(rows.axes, (c) => trx.insertInto("plan_item_axis").values(c).execute());
    await inChunks(rows.indicators, (c) => trx.insertInto("indicator").values(c).execute());

    const result = {
      municipalityId: m,
      planId,
      items: rows.items.length,
      indicators: rows.indicators.length,
      units: unitIds.size,
      replaced: Boolean(previous),
    };
    await ctx.audit({
      action: previous ? "restore" : "create",
      entityType: "plan",
      entityId: planId,
      before: previous ? { id: previous.id } : undefined,
      after: {
        title: p.title,
        source: fixture.source.file,
        items: result.items,
        indicators: result.indicators,
      },
    });
    return result;
  });
}

/** The entries with their parents before them; the fixture may list them in any order. */
export function parentsFirst<T extends { key: string; parent?: string | undefined }>(
  entries: readonly T[],
  what: string,
): T[] {
  const placed = new Set<string>();
  const pending = [...entries];
  const ordered: T[] = [];
  while (pending.length > 0) {
    const index = pending.findIndex((e) => !e.parent || placed.has(e.parent));
    if (index < 0) throw new FixtureError(`${what} del archivo forman un ciclo de dependencia`);
    const [entry] = pending.splice(index, 1);
    ordered.push(entry!);
    placed.add(entry!.key);
  }
  return ordered;
}

async function upsertUnits(trx: Transaction<Database>, m: string, fixture: PlanFixture) {
  const ids = new Map<string, string>();
  for (const u of parentsFirst(fixture.units, "Las unidades")) {
    const row = await trx
      .insertInto("org_unit")
      .values({
        municipality_id: m,
        parent_id: u.parent ? ids.get(u.parent)! : null,
        name: u.name,
        short_name: u.shortName ?? null,
        aliases: u.aliases,
        sort: fixture.units.indexOf(u),
      })
      .onConflict((oc) =>
        oc.columns(["municipality_id", "name"]).doUpdateSet((eb) => ({
          short_name: eb.ref("excluded.short_name"),
          aliases: eb.ref("excluded.aliases"),
        })),
      )
      .returning("id")
      .executeTakeFirstOrThrow();
    ids.set(u.key, row.id);
  }
  return ids;
}

async function upsertTerritories(trx: Transaction<Database>, m: string, fixture: PlanFixture) {
  const ids = new Map<string, string>();
  for (const t of parentsFirst(fixture.territories, "Los territorios")) {
    const row = await trx
      .insertInto("territory")
      .values({
        municipality_id: m,
        parent_id: t.parent ? ids.get(t.parent)! : null,
        kind: t.kind,
        code: t.key,
        name: t.name,
      })
      .onConflict((oc) =>
        oc
          .columns(["municipality_id", "code"])
          .doUpdateSet((eb) => ({ name: eb.ref("excluded.name") })),
      )
      .returning("id")
      .executeTakeFirstOrThrow();
    ids.set(t.key, row.id);
  }
  return ids;
}

interface FlattenContext {
  m: string;
  planId: string;
  unitIds: Map<string, string>;
  territoryIds: Map<string, string>;
  axisIds: Map<string, string>;
}

/** The item tree as table rows; codes follow the position in the tree (2.3.1). */
export function flattenItems(items: FixtureItem[], ctx: FlattenContext) {
  const out = {
    items: [] as Insertable<Database["plan_item"]>[],
    units: [] as Insertable<Database["plan_item_unit"]>[],
    territories: [] as Insertable<Database["plan_item_territory"]>[],
    funding: [] as Insertable<Database["plan_item_funding"]>[],
    sdg: [] as Insertable<Database["plan_item_sdg"]>[],
    axes: [] as Insertable<Database["plan_item_axis"]>[],
    indicators: [] as Insertable<Database["indicator"]>[],
  };
  const { m } = ctx;
  const walk = (nodes: FixtureItem[], parentId: string | null, parentCode: string) =>
    nodes.forEach((node, index) => {
      const id = randomUUID();
      const code = parentCode ? `${parentCode}.${index + 1}` : String(index + 1);
      out.items.push(
        itemRow(
          m,
          { id, planId: ctx.planId, parentId, code, sort: index },
          node,
          node.sourceRef ?? null,
        ),
      );
      [...new Set(node.responsibleUnits)].forEach((key, i) =>
        out.units.push({
          municipality_id: m,
          item_id: id,
          unit_id: ctx.unitIds.get(key)!,
          role: i === 0 ? "responsible" : "co_responsible",
          sort: i,
        }),
      );
      for (const key of new Set(node.territories))
        out.territories.push({
          municipality_id: m,
          item_id: id,
          territory_id: ctx.territoryIds.get(key)!,
        });
      matchFundingSources(node.fundingText).forEach((f, i) =>
        out.funding.push({
          municipality_id: m,
          item_id: id,
          source_code: f.code,
          year: f.year,
          sort: i,
        }),
      );
      const seenSdg = new Set<string>();
      for (const ref of node.sdg) {
        if (seenSdg.has(ref)) continue;
        seenSdg.add(ref);
        const [goal] = ref.split(".");
        out.sdg.push({
          municipality_id: m,
          item_id: id,
          goal_number: Number(goal),
          target_code: ref.includes(".") ? ref : null,
          origin: node.sdgOrigin ?? "editor",
        });
      }
      for (const key of new Set(node.transversalAxes))
        out.axes.push({ municipality_id: m, item_id: id, axis_id: ctx.axisIds.get(key)! });
      node.indicators.forEach((ind, i) => out.indicators.push(indicatorRow(m, id, ind, i)));
      walk(node.children, id, code);
    });
  walk(items, null, "");
  return out;
}

/** Runs `insert` over the rows in chunks, keeping each statement's parameter count small. */
async function inChunks<R>(rows: R[], insert: (chunk: R[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) await insert(rows.slice(i, i + 500));
}
