import type { Transaction } from "kysely";
import type {
  Database,
  FigureDimension,
  IndicatorFigureTable,
  ItemFigureTable,
  PlanFigureTable,
  StatusCounts,
  TrafficLight,
} from "../../db/schema";
import {
  buildTree,
  combine,
  entriesOf,
  postOrder,
  type Figures,
  figuresOfTotals,
  itemEntry,
  membersBy,
  totalsOf,
  ZERO_TOTALS,
  type Entry,
  type Totals,
} from "../../domain/monitoring/rollup";
import {
  itemTags,
  itemTree,
  sendSeriesReads,
  type LocatedDef,
  type PlanContext,
} from "./figures-sql";
import {
  historyFigure,
  statusFigure,
  type History,
  type HistoryFigure,
  type Reported,
  type StatusFigure,
} from "./indicator-figure";

/**
 * Every figure of a plan from scratch: one statement aggregates the history
 * per indicator (sql/indicator-series.sql), the domain turns each into a
 * status (domain/monitoring/status.ts) and rolls them up the tree and by
 * classification (domain/monitoring/rollup.ts). What is stored besides the
 * domain's figures: tallies of indicator statuses, and the totals of each
 * plan figure so that a change can be applied as a difference.
 */

type Trx = Transaction<Database>;

export type IndicatorFigureRow = IndicatorFigureTable;
export type ItemFigureRow = ItemFigureTable;
export type PlanFigureRow = Omit<PlanFigureTable, "weight_sum" | "members" | "members_done"> & {
  weight_sum: number;
  members: number;
  members_done: number;
};

export interface PlanFigures {
  indicators: IndicatorFigureRow[];
  items: ItemFigureRow[];
  plan: PlanFigureRow[];
}

export const ZERO_COUNTS: StatusCounts = {
  on_track: 0,
  at_risk: 0,
  off_track: 0,
  done: 0,
  no_data: 0,
};

export function addCounts(a: StatusCounts, b: StatusCounts, sign: 1 | -1 = 1): StatusCounts {
  return {
    on_track: a.on_track + sign * b.on_track,
    at_risk: a.at_risk + sign * b.at_risk,
    off_track: a.off_track + sign * b.off_track,
    done: a.done + sign * b.done,
    no_data: a.no_data + sign * b.no_data,
  };
}

/** Adds `b` into `a` in place (the from-scratch tally's inner loop). */
function addInto(a: StatusCounts, b: StatusCounts): void {
  a.on_track += b.on_track;
  a.at_risk += b.at_risk;
  a.off_track += b.off_track;
  a.done += b.done;
  a.no_data += b.no_data;
}

export const countOf = (status: TrafficLight | null): StatusCounts =>
  status === null ? ZERO_COUNTS : { ...ZERO_COUNTS, [status]: 1 };

export const pickCounts = (c: StatusCounts): StatusCounts => ({
  on_track: c.on_track,
  at_risk: c.at_risk,
  off_track: c.off_track,
  done: c.done,
  no_data: c.no_data,
});

/** A classification key as one string: dimension and key. */
export const keyOf = (dimension: FigureDimension, k: string) => `${dimension}\u0000${k}`;
export const splitKey = (k: string) => k.split("\u0000") as [FigureDimension, string];
/** The keys a root item carries by being one: the whole plan and its own axis. */
export const rootKeys = (id: string) => [keyOf("plan", ""), keyOf("axis", id)];

export const round6 = (x: number | null) => (x === null ? null : Math.round(x * 1e6) / 1e6);
/** Sums kept for differences: rounded far below what the check tolerates, so they do not drift. */
const round9 = (x: number) => Math.round(x * 1e9) / 1e9;

/** An indicator's stored row: its status figure `f` and its history's `h` (the same object, if whole). */
export function indicatorRow(
  ctx: PlanContext,
  def: { id: string; itemId: string },
  f: StatusFigure,
  h: HistoryFigure,
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
    previous_status: f.previous?.status ?? null,
    previous_period: f.previous?.periodKey ?? null,
    validated_count: h.validatedCount,
    expected_value: f.expectedValue,
    forecast_value: h.forecast?.value ?? null,
    forecast_low: h.forecast?.low ?? null,
    forecast_high: h.forecast?.high ?? null,
    forecast_probability: h.forecast?.probability ?? null,
    explanation: f.explanation,
  };
}

/** A plan figure from its totals over member items and its tally of indicators. */
export function planRow(
  ctx: PlanContext,
  k: string,
  totals: Totals,
  counts: StatusCounts,
  items: number,
): PlanFigureRow {
  const [dimension, value] = splitKey(k);
  // The figure from the sums as stored: a refresh (stored sums plus a
  // difference) and a computation from scratch then divide the same numbers,
  // and a quotient on a rounding tie (220,2085 / 248) rounds the same way.
  const weightedSum = round9(totals.weightedSum);
  const weightWithData = round9(totals.weightWithData);
  const f = figuresOfTotals({ ...totals, weightedSum, weightWithData }, ctx.thresholds);
  return {
    municipality_id: ctx.municipalityId,
    plan_id: ctx.planId,
    dimension,
    key: value,
    status: f.status,
    progress: round6(f.progress),
    progress_sum: weightedSum,
    progress_n: totals.coverage.itemsWithData,
    weight_sum: weightWithData,
    members: totals.coverage.items,
    members_done: totals.done,
    items,
    ...pickCounts(counts),
  };
}

/** The totals a plan figure stores, back as the domain's. */
export function totalsOfRow(r: {
  progress_sum: number;
  progress_n: number;
  weight_sum: number;
  members: number;
  members_done: number;
}): Totals {
  return {
    weightedSum: Number(r.progress_sum),
    weightWithData: Number(r.weight_sum),
    coverage: {
      items: r.members,
      itemsWithData: r.progress_n,
      indicators: 0,
      indicatorsWithData: 0,
    },
    done: r.members_done,
  };
}

/** A plan's items and their classification keys. */
export interface PlanStructure {
  items: Array<{ id: string; parentId: string | null; weight: number | string }>;
  tags: Awaited<ReturnType<typeof itemTags>>;
}

/** Everything a plan's figures are computed from. */
export interface PlanInputs extends PlanStructure {
  defs: LocatedDef[];
  latest: ReadonlyMap<string, Reported[]>;
  history: ReadonlyMap<string, History>;
}

/** A plan's items and tags: two statements, issued at once. */
export async function planStructure(trx: Trx, ctx: PlanContext): Promise<PlanStructure> {
  const [items, tags] = await Promise.all([
    itemTree(trx, ctx.planId),
    itemTags(trx, { planId: ctx.planId }),
  ]);
  return { items, tags };
}

export async function planInputs(trx: Trx, ctx: PlanContext): Promise<PlanInputs> {
  const reads = await sendSeriesReads(trx, ctx.planId, () => planStructure(trx, ctx));
  const [structure, defs, latest, history] = await Promise.all([
    reads.first,
    reads.definitions,
    reads.latest,
    reads.history,
  ]);
  return { ...structure, defs, latest, history };
}

/** Every figure of a plan, computed from scratch for the day `asOf`. */
export async function computePlanFigures(
  trx: Trx,
  ctx: PlanContext,
  asOf: string,
): Promise<PlanFigures> {
  const inputs = await planInputs(trx, ctx);
  const statuses = indicatorStatuses(ctx, inputs.defs, inputs.latest, asOf);
  const indicators = indicatorRows(ctx, inputs.defs, statuses, inputs.history);
  return { indicators, ...rollUp(ctx, inputs, inputs.defs, statuses) };
}

/** Each indicator's status for the day `asOf`, from its latest periods; in the order of `defs`. */
export function indicatorStatuses(
  ctx: PlanContext,
  defs: readonly LocatedDef[],
  latest: ReadonlyMap<string, Reported[]>,
  asOf: string,
): StatusFigure[] {
  return defs.map((def) => statusFigure(def, latest.get(def.id) ?? [], ctx.thresholds, asOf, ctx));
}

/** The indicators' rows: their statuses, with the count and forecast of their histories. */
export function indicatorRows(
  ctx: PlanContext,
  defs: readonly LocatedDef[],
  statuses: readonly StatusFigure[],
  history: ReadonlyMap<string, History>,
): IndicatorFigureRow[] {
  return defs.map((def, i) =>
    indicatorRow(
      ctx,
      def,
      statuses[i]!,
      historyFigure(def, history.get(def.id) ?? NO_HISTORY, ctx),
    ),
  );
}

const NO_HISTORY: History = { n: 0, moments: null };

/** The indicators' figures rolled up the item tree and by classification. */
export function rollUp(
  ctx: PlanContext,
  inputs: PlanStructure,
  defs: readonly LocatedDef[],
  statuses: readonly StatusFigure[],
): Omit<PlanFigures, "indicators"> {
  const own = new Map<string, StatusFigure[]>();
  defs.forEach((def, i) => {
    const list = own.get(def.itemId);
    if (list) list.push(statuses[i]!);
    else own.set(def.itemId, [statuses[i]!]);
  });
  const tree = buildTree(
    inputs.items.map((i) => ({
      id: i.id,
      parentId: i.parentId,
      weight: Number(i.weight),
      indicators: (own.get(i.id) ?? []).map((f) => ({
        progress: f.progress,
        done: f.status === "done",
      })),
    })),
  );
  // The domain's roll-up, children before parents, on the stored (rounded)
  // figures of the children: the same arithmetic as an incremental refresh.
  const figures = new Map<string, Figures>();
  for (const id of postOrder(tree)) {
    const f = combine(entriesOf(tree, id, figures), ctx.thresholds);
    figures.set(id, { ...f, progress: round6(f.progress) });
  }

  // Tallies of indicator statuses and counts of items per subtree, children
  // before parents.
  const tally = new Map<string, StatusCounts>();
  const size = new Map<string, number>();
  const order = [...figures.keys()];
  for (const id of order) {
    const c = { ...ZERO_COUNTS };
    let n = 1;
    for (const f of own.get(id) ?? []) c[f.status] += 1;
    for (const child of tree.children.get(id) ?? []) {
      addInto(c, tally.get(child)!);
      n += size.get(child)!;
    }
    tally.set(id, c);
    size.set(id, n);
  }
  const itemRows: ItemFigureRow[] = order.map((id) => {
    const f = figures.get(id)!;
    return {
      item_id: id,
      municipality_id: ctx.municipalityId,
      plan_id: ctx.planId,
      status: f.status,
      progress: f.progress,
      ...tally.get(id)!,
      explanation: f.explanation,
    };
  });

  // Classification keys: each root carries the whole plan and its own axis.
  // A key's members are its top-most carriers, whose subtrees are disjoint
  // and hold every item the key covers: its counts are their subtrees'.
  const keysOf = new Map<string, string[]>();
  for (const id of tree.roots) keysOf.set(id, rootKeys(id));
  for (const t of inputs.tags) {
    const keys = keysOf.get(t.itemId);
    if (keys) keys.push(keyOf(t.dimension, t.key));
    else keysOf.set(t.itemId, [keyOf(t.dimension, t.key)]);
  }
  const plan: PlanFigureRow[] = [];
  for (const [k, ids] of membersBy(tree, keysOf)) {
    const counts = { ...ZERO_COUNTS };
    let items = 0;
    const entries: Entry[] = [];
    for (const id of ids) {
      addInto(counts, tally.get(id)!);
      items += size.get(id)!;
      entries.push(itemEntry(tree, figures, id));
    }
    plan.push(planRow(ctx, k, totalsOf(entries), counts, items));
  }
  // A plan without items still has its figure.
  if (tree.roots.length === 0)
    plan.push(planRow(ctx, keyOf("plan", ""), ZERO_TOTALS, ZERO_COUNTS, 0));
  return { items: itemRows, plan };
}
