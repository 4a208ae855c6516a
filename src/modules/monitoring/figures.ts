import { sql, type Kysely, type Transaction } from "kysely";
import type {
  Database,
  FigureDimension,
  IndicatorFigureTable,
  ItemFigureTable,
  PlanFigureTable,
  TrafficLight,
} from "../../db/schema";
import { inTenant, SYSTEM } from "../../db/tenant";
import { indicatorDefs, itemTags, planContext, seriesOf, type PlanContext } from "./figures-sql";
import {
  addCounts,
  countOf,
  EMPTY_SERIES,
  indicatorFigure,
  rollUpStatus,
  weightedProgress,
  ZERO_COUNTS,
  type StatusCounts,
} from "./logic";

/**
 * Precomputed figures: the status of every indicator (indicator_figure), its
 * roll-up up the item tree (item_figure) and by plan, strategic axis, unit,
 * territory, SDG and funding source (plan_figure).
 *
 * Three ways in, one set of rules:
 * - `computePlanFigures` computes everything from scratch, without writing;
 * - `recomputePlan` writes that (the first time, after structural edits, and
 *   when the day changes, because statuses depend on the date);
 * - `refreshIndicator` applies one indicator's change incrementally: its own
 *   figure, the figures of its item and the item's ancestors, and differences
 *   on the plan figures whose keys the item or an ancestor carries.
 * `checkPlan` proves that the stored figures equal a computation from scratch.
 */

type Trx = Transaction<Database>;

/** Today in Chile, as the plans' calendar days. */
export function todayInChile(now = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "America/Santiago" }).format(now);
}

export type IndicatorFigureRow = IndicatorFigureTable;
export type ItemFigureRow = ItemFigureTable;
export type PlanFigureRow = PlanFigureTable;

export interface PlanFigures {
  indicators: IndicatorFigureRow[];
  items: ItemFigureRow[];
  plan: PlanFigureRow[];
}

const key = (dimension: FigureDimension, k: string) => `${dimension}\u0000${k}`;

function indicatorRow(
  ctx: PlanContext,
  def: { id: string; itemId: string },
  f: ReturnType<typeof indicatorFigure>,
): IndicatorFigureRow {
  return {
    indicator_id: def.id,
    municipality_id: ctx.municipalityId,
    plan_id: ctx.planId,
    item_id: def.itemId,
    status: f.status,
    progress: f.progress,
    latest_value: f.latestValue,
    latest_period: f.latestPeriod,
    validated_count: f.validatedCount,
    expected_value: f.expectedValue,
    forecast_value: f.forecast?.value ?? null,
    forecast_low: f.forecast?.low ?? null,
    forecast_high: f.forecast?.high ?? null,
    forecast_probability: f.forecast?.probability ?? null,
    explanation: f.explanation,
  };
}

interface ItemNode {
  id: string;
  parentId: string | null;
  weight: number;
}

function itemRow(
  ctx: PlanContext,
  itemId: string,
  counts: StatusCounts,
  progress: number | null,
): ItemFigureRow {
  const { status, explanation } = rollUpStatus(counts, ctx.thresholds);
  return {
    item_id: itemId,
    municipality_id: ctx.municipalityId,
    plan_id: ctx.planId,
    status,
    progress,
    ...counts,
    explanation,
  };
}

function planRow(
  ctx: PlanContext,
  dimension: FigureDimension,
  k: string,
  counts: StatusCounts,
  progressSum: number,
  progressN: number,
  items: number,
): PlanFigureRow {
  return {
    municipality_id: ctx.municipalityId,
    plan_id: ctx.planId,
    dimension,
    key: k,
    status: rollUpStatus(counts, ctx.thresholds).status,
    progress: progressN === 0 ? null : round6(progressSum / progressN),
    progress_sum: round6(progressSum),
    progress_n: progressN,
    items,
    ...counts,
  };
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
const micro = (x: number) => Math.round(x * 1e6);

/** Every figure of a plan, computed from scratch for the day `asOf`. */
export async function computePlanFigures(
  trx: Trx,
  ctx: PlanContext,
  asOf: string,
): Promise<PlanFigures> {
  const [defs, series, items, tags] = await Promise.all([
    indicatorDefs(trx, { planId: ctx.planId }),
    seriesOf(trx, { planId: ctx.planId }),
    trx
      .selectFrom("plan_item")
      .select(["id", "parent_id as parentId", "weight"])
      .where("plan_id", "=", ctx.planId)
      .execute(),
    itemTags(trx, { planId: ctx.planId }),
  ]);
  const indicators = defs.map((d) =>
    indicatorRow(
      ctx,
      d,
      indicatorFigure(d, series.get(d.id) ?? EMPTY_SERIES, ctx.thresholds, asOf),
    ),
  );

  // Items bottom-up: children before parents.
  const nodes = new Map<string, ItemNode>(
    items.map((i) => [i.id, { ...i, weight: Number(i.weight) }]),
  );
  const children = new Map<string, ItemNode[]>();
  for (const n of nodes.values())
    if (n.parentId) children.set(n.parentId, [...(children.get(n.parentId) ?? []), n]);
  const own = new Map<string, IndicatorFigureRow[]>();
  for (const f of indicators) own.set(f.item_id, [...(own.get(f.item_id) ?? []), f]);
  const itemFigures = new Map<string, ItemFigureRow>();
  const visit = (n: ItemNode): ItemFigureRow => {
    const done = itemFigures.get(n.id);
    if (done) return done;
    const kids = (children.get(n.id) ?? []).map((c) => ({ node: c, figure: visit(c) }));
    const row = rollItem(ctx, n.id, own.get(n.id) ?? [], kids);
    itemFigures.set(n.id, row);
    return row;
  };
  for (const n of nodes.values()) visit(n);

  // Keys of each item: its own and its ancestors'.
  const ownTags = new Map<string, Array<[FigureDimension, string]>>();
  for (const t of tags)
    ownTags.set(t.itemId, [...(ownTags.get(t.itemId) ?? []), [t.dimension, t.key]]);
  const keysOf = new Map<string, Set<string>>();
  const keysFor = (n: ItemNode): Set<string> => {
    const known = keysOf.get(n.id);
    if (known) return known;
    const parent = n.parentId ? nodes.get(n.parentId) : undefined;
    const set = new Set(parent ? keysFor(parent) : [key("plan", ""), key("axis", n.id)]);
    for (const [d, k] of ownTags.get(n.id) ?? []) set.add(key(d, k));
    keysOf.set(n.id, set);
    return set;
  };
  const acc = new Map<string, { counts: StatusCounts; sum: number; n: number; items: number }>();
  const slot = (k: string) => {
    let a = acc.get(k);
    if (!a) acc.set(k, (a = { counts: ZERO_COUNTS, sum: 0, n: 0, items: 0 }));
    return a;
  };
  for (const n of nodes.values()) for (const k of keysFor(n)) slot(k).items += 1;
  for (const f of indicators) {
    const n = nodes.get(f.item_id);
    if (!n) continue;
    for (const k of keysFor(n)) {
      const a = slot(k);
      a.counts = addCounts(a.counts, countOf(f.status));
      if (f.progress !== null) {
        // In millionths, as integers: the same sum however it is reached.
        a.sum += micro(f.progress);
        a.n += 1;
      }
    }
  }
  if (!acc.has(key("plan", ""))) slot(key("plan", ""));
  const plan = [...acc.entries()].map(([k, a]) => {
    const [dimension, value] = k.split("\u0000") as [FigureDimension, string];
    return planRow(ctx, dimension, value, a.counts, a.sum / 1e6, a.n, a.items);
  });
  return { indicators, items: [...itemFigures.values()], plan };
}

function rollItem(
  ctx: PlanContext,
  itemId: string,
  ownIndicators: Array<Pick<IndicatorFigureRow, "status" | "progress">>,
  kids: Array<{ node: ItemNode; figure: Pick<ItemFigureRow, keyof StatusCounts | "progress"> }>,
): ItemFigureRow {
  let counts = ZERO_COUNTS;
  for (const f of ownIndicators) counts = addCounts(counts, countOf(f.status));
  for (const k of kids) counts = addCounts(counts, pickCounts(k.figure));
  const progress = weightedProgress([
    ...ownIndicators.map((f) => ({ progress: f.progress, weight: 1 })),
    ...kids.map((k) => ({ progress: k.figure.progress, weight: k.node.weight })),
  ]);
  return itemRow(ctx, itemId, counts, progress);
}

const pickCounts = (c: StatusCounts): StatusCounts => ({
  on_track: c.on_track,
  at_risk: c.at_risk,
  off_track: c.off_track,
  done: c.done,
  no_data: c.no_data,
});

async function insertRows(trx: Trx, table: string, columns: string, types: string, rows: object[]) {
  for (let i = 0; i < rows.length; i += 5000) {
    const chunk = JSON.stringify(rows.slice(i, i + 5000));
    await sql`insert into ${sql.table(table)} (${sql.raw(columns)})
      select ${sql.raw(columns)} from jsonb_to_recordset(${chunk}::jsonb) as x(${sql.raw(types)})`.execute(
      trx,
    );
  }
}

const INDICATOR_COLUMNS =
  "indicator_id uuid, municipality_id uuid, plan_id uuid, item_id uuid, status text, progress numeric, latest_value numeric, latest_period text, validated_count int, expected_value numeric, forecast_value numeric, forecast_low numeric, forecast_high numeric, forecast_probability numeric, explanation text";
const ITEM_COLUMNS =
  "item_id uuid, municipality_id uuid, plan_id uuid, status text, progress numeric, on_track int, at_risk int, off_track int, done int, no_data int, explanation text";
const PLAN_COLUMNS =
  "municipality_id uuid, plan_id uuid, dimension text, key text, status text, progress numeric, progress_sum numeric, progress_n int, items int, on_track int, at_risk int, off_track int, done int, no_data int";
const names = (typed: string) =>
  typed
    .split(", ")
    .map((c) => c.split(" ")[0])
    .join(", ");

/** Replaces a plan's figures by a computation from scratch for the day `asOf`. */
export async function recomputePlan(trx: Trx, planId: string, asOf = todayInChile()) {
  const ctx = await planContext(trx, planId);
  if (!ctx) return;
  await sql`select pg_advisory_xact_lock(hashtext('rumbo.figures'), hashtext(${planId}))`.execute(
    trx,
  );
  const figures = await computePlanFigures(trx, ctx, asOf);
  await trx.deleteFrom("indicator_figure").where("plan_id", "=", planId).execute();
  await trx.deleteFrom("item_figure").where("plan_id", "=", planId).execute();
  await trx.deleteFrom("plan_figure").where("plan_id", "=", planId).execute();
  await insertRows(
    trx,
    "indicator_figure",
    names(INDICATOR_COLUMNS),
    INDICATOR_COLUMNS,
    figures.indicators,
  );
  await insertRows(trx, "item_figure", names(ITEM_COLUMNS), ITEM_COLUMNS, figures.items);
  await insertRows(trx, "plan_figure", names(PLAN_COLUMNS), PLAN_COLUMNS, figures.plan);
  await trx.updateTable("plan").set({ figures_as_of: asOf }).where("id", "=", planId).execute();
}

/**
 * Applies a change of one indicator (a measurement validated, corrected or
 * reopened; its definition edited) to the stored figures: its figure, its
 * item's and the ancestors', and the plan figures of the keys they carry.
 */
export async function refreshIndicator(trx: Trx, indicatorId: string): Promise<void> {
  const [def] = await indicatorDefs(trx, { indicatorId });
  if (!def) return;
  const ctx = await planContext(trx, def.planId);
  if (!ctx) return;
  if (ctx.figuresAsOf === null) return recomputePlan(trx, def.planId);
  // Serialises changes of one plan's figures (two validations at once add their differences in turn).
  await sql`select pg_advisory_xact_lock(hashtext('rumbo.figures'), hashtext(${def.planId}))`.execute(
    trx,
  );

  const series = (await seriesOf(trx, { indicatorId })).get(indicatorId) ?? EMPTY_SERIES;
  const next = indicatorRow(
    ctx,
    def,
    indicatorFigure(def, series, ctx.thresholds, ctx.figuresAsOf),
  );
  const old = await trx
    .selectFrom("indicator_figure")
    .select(["status", "progress"])
    .where("indicator_id", "=", indicatorId)
    .executeTakeFirst();
  await trx
    .insertInto("indicator_figure")
    .values(next)
    .onConflict((oc) => oc.column("indicator_id").doUpdateSet(next))
    .execute();
  const before = old ?? { status: null, progress: null };
  if (before.status === next.status && before.progress === next.progress) return;

  // The item and its ancestors, deepest first.
  const { rows: chain } = await sql<{
    id: string;
    parent_id: string | null;
    weight: number;
    depth: number;
  }>`
    with recursive up as (
      select id, parent_id, weight, 0 as depth from plan_item where id = ${def.itemId}
      union all
      select p.id, p.parent_id, p.weight, up.depth + 1 from plan_item p join up on p.id = up.parent_id
    ) select id, parent_id, weight::float8 as weight, depth from up order by depth`.execute(trx);
  const chainIds = chain.map((c) => c.id);
  const [ownRows, kidRows, tags] = await Promise.all([
    trx
      .selectFrom("indicator_figure")
      .select(["item_id", "status", "progress"])
      .where("item_id", "in", chainIds)
      .execute(),
    trx
      .selectFrom("item_figure as f")
      .innerJoin("plan_item as p", "p.id", "f.item_id")
      .select([
        "p.id",
        "p.parent_id",
        "p.weight",
        "f.progress",
        "f.on_track",
        "f.at_risk",
        "f.off_track",
        "f.done",
        "f.no_data",
      ])
      .where("p.parent_id", "in", chainIds)
      .execute(),
    itemTags(trx, chainIds),
  ]);
  const rolled: ItemFigureRow[] = [];
  let below: { id: string; figure: ItemFigureRow } | null = null;
  for (const link of chain) {
    const kids = kidRows
      .filter((k) => k.parent_id === link.id)
      .map((k) => ({
        node: { id: k.id, parentId: link.id, weight: Number(k.weight) },
        figure: below && below.id === k.id ? below.figure : k,
      }));
    const row = rollItem(
      ctx,
      link.id,
      ownRows.filter((r) => r.item_id === link.id),
      kids,
    );
    rolled.push(row);
    below = { id: link.id, figure: row };
  }
  for (const row of rolled)
    await trx
      .insertInto("item_figure")
      .values(row)
      .onConflict((oc) => oc.column("item_id").doUpdateSet(row))
      .execute();

  // Plan figures: the same difference on every key of the item and its ancestors.
  const root = chain[chain.length - 1]!.id;
  const keys = new Map<string, [FigureDimension, string]>([
    [key("plan", ""), ["plan", ""]],
    [key("axis", root), ["axis", root]],
  ]);
  for (const t of tags) keys.set(key(t.dimension, t.key), [t.dimension, t.key]);
  const delta = addCounts(countOf(next.status), negative(before.status));
  const sumDelta = micro(next.progress ?? 0) - micro(before.progress ?? 0);
  const nDelta = (next.progress === null ? 0 : 1) - (before.progress === null ? 0 : 1);
  const pairs = [...keys.values()];
  const current = await trx
    .selectFrom("plan_figure")
    .selectAll()
    .where("plan_id", "=", ctx.planId)
    .where((eb) =>
      eb.or(pairs.map(([d, k]) => eb.and([eb("dimension", "=", d), eb("key", "=", k)]))),
    )
    .forUpdate()
    .execute();
  const updated = current.map((r) =>
    planRow(
      ctx,
      r.dimension,
      r.key,
      addCounts(pickCounts(r), delta),
      (micro(Number(r.progress_sum)) + sumDelta) / 1e6,
      r.progress_n + nDelta,
      r.items,
    ),
  );
  if (updated.length > 0)
    await sql`update plan_figure f set status = x.status, progress = x.progress,
        progress_sum = x.progress_sum, progress_n = x.progress_n, on_track = x.on_track,
        at_risk = x.at_risk, off_track = x.off_track, done = x.done, no_data = x.no_data
      from jsonb_to_recordset(${JSON.stringify(updated)}::jsonb) as x(${sql.raw(PLAN_COLUMNS)})
      where f.plan_id = x.plan_id and f.dimension = x.dimension and f.key = x.key`.execute(trx);
}

function negative(status: TrafficLight | null): StatusCounts {
  if (status === null) return ZERO_COUNTS;
  return { ...ZERO_COUNTS, [status]: -1 };
}

export interface FigureDifference {
  table: "indicator_figure" | "item_figure" | "plan_figure";
  key: string;
  stored: unknown;
  expected: unknown;
}

function same(a: unknown, b: unknown): boolean {
  if (typeof a === "number" && typeof b === "number") return Math.abs(a - b) <= 1e-6;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return a === b;
  const ka = Object.keys(a as object);
  return ka.every((k) =>
    same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  );
}

function compare<T extends object>(
  table: FigureDifference["table"],
  stored: T[],
  expected: T[],
  keyOf: (row: T) => string,
  out: FigureDifference[],
) {
  const map = new Map(stored.map((r) => [keyOf(r), r]));
  for (const e of expected) {
    const s = map.get(keyOf(e));
    map.delete(keyOf(e));
    if (!s || !same(normalise(e), normalise(s)))
      out.push({ table, key: keyOf(e), stored: s ?? null, expected: e });
  }
  for (const [k, s] of map) out.push({ table, key: k, stored: s, expected: null });
}

/** numeric columns come back as numbers; strings of numbers from JSON too. */
function normalise(row: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === undefined ? null : v]));
}

/**
 * The differences between a plan's stored figures and a computation from
 * scratch for the same day: empty when the incremental updates were right.
 */
export async function checkPlan(trx: Trx, planId: string): Promise<FigureDifference[]> {
  const ctx = await planContext(trx, planId);
  if (!ctx || ctx.figuresAsOf === null) return [];
  const expected = await computePlanFigures(trx, ctx, ctx.figuresAsOf);
  const [indicators, items, plan] = await Promise.all([
    trx.selectFrom("indicator_figure").selectAll().where("plan_id", "=", planId).execute(),
    trx.selectFrom("item_figure").selectAll().where("plan_id", "=", planId).execute(),
    trx.selectFrom("plan_figure").selectAll().where("plan_id", "=", planId).execute(),
  ]);
  const out: FigureDifference[] = [];
  compare("indicator_figure", indicators, expected.indicators, (r) => r.indicator_id, out);
  compare("item_figure", items, expected.items, (r) => r.item_id, out);
  compare("plan_figure", plan, expected.plan, (r) => `${r.dimension}:${r.key}`, out);
  return out;
}

async function eachPlan(
  db: Kysely<Database>,
  fn: (trx: Trx, planId: string, cut: string) => Promise<void>,
): Promise<void> {
  const municipalities = await db.selectFrom("municipality").select(["id", "cut_code"]).execute();
  for (const m of municipalities) {
    const plans = await inTenant(db, m.id, SYSTEM, ({ trx }) =>
      trx.selectFrom("plan").select("id").orderBy("created_at").execute(),
    );
    for (const p of plans) await inTenant(db, m.id, SYSTEM, ({ trx }) => fn(trx, p.id, m.cut_code));
  }
}

/** Recomputes every plan's figures from scratch (after an upgrade, or to repair). */
export async function recomputeAll(db: Kysely<Database>, asOf = todayInChile()): Promise<number> {
  let plans = 0;
  await eachPlan(db, async (trx, planId) => {
    await recomputePlan(trx, planId, asOf);
    plans += 1;
  });
  return plans;
}

/** The check over every plan (`rumbo figures check`): differences per plan. */
export async function checkAll(
  db: Kysely<Database>,
): Promise<Array<{ cut: string; planId: string; differences: FigureDifference[] }>> {
  const out: Array<{ cut: string; planId: string; differences: FigureDifference[] }> = [];
  await eachPlan(db, async (trx, planId, cut) => {
    out.push({ cut, planId, differences: await checkPlan(trx, planId) });
  });
  return out;
}
