import { sql, type Transaction } from "kysely";
import type { Database, Direction, IndicatorKind, Periodicity } from "../../db/schema";
import type { Moments } from "../../domain/monitoring/forecast";
import { DEFAULT_THRESHOLDS, type Thresholds } from "../../domain/monitoring/status";
import type { History, IndicatorDef, Reported, Series } from "./indicator-figure";
import { runSql } from "./sql";

/**
 * The reads behind the figures: the plan's thresholds, and one statement
 * (sql/indicator-series.sql) with every indicator's definition, targets and
 * validated history aggregated per indicator.
 */

type Trx = Transaction<Database>;

export interface PlanContext {
  planId: string;
  municipalityId: string;
  thresholds: Thresholds;
  figuresAsOf: string | null;
  startYear: number;
  endYear: number;
}

export async function planContext(trx: Trx, planId: string): Promise<PlanContext | undefined> {
  const row = await trx
    .selectFrom("plan")
    .select([
      "id",
      "municipality_id",
      "on_track_ratio",
      "at_risk_ratio",
      "figures_as_of",
      "start_year",
      "end_year",
    ])
    .where("id", "=", planId)
    .executeTakeFirst();
  return (
    row && {
      planId: row.id,
      municipalityId: row.municipality_id,
      thresholds: {
        ...DEFAULT_THRESHOLDS,
        onTrack: Number(row.on_track_ratio),
        atRisk: Number(row.at_risk_ratio),
      },
      figuresAsOf: row.figures_as_of,
      startYear: row.start_year,
      endYear: row.end_year,
    }
  );
}

export interface LocatedDef extends IndicatorDef {
  itemId: string;
  planId: string;
  valueType: string | null;
}

interface DefinitionRow {
  id: string;
  item_id: string;
  plan_id: string;
  kind: IndicatorKind;
  direction: Direction;
  band_min: number | null;
  band_max: number | null;
  baseline_value: number | null;
  baseline_date: string | null;
  target_value: number | null;
  target_date: string | null;
  gap_reference_value: number | null;
  gap_percent: number | null;
  periodicity: Periodicity;
  milestone_due_date: string | null;
  milestone_done_date: string | null;
  value_type: string | null;
  unit: string | null;
  targets: Record<string, number | string> | string;
}

interface LatestRow {
  indicator_id: string;
  period_key: string;
  period_end: string;
  value_float: number | null;
}

interface HistoryRow {
  indicator_id: string;
  n: number;
  points: number | null;
  mean_x: number | null;
  mean_y: number | null;
  sxx: number | null;
  sxy: number | null;
  syy: number | null;
}

const date = (d: unknown) =>
  d === null || d === undefined
    ? null
    : d instanceof Date
      ? d.toISOString().slice(0, 10)
      : String(d).slice(0, 10);
const num = (x: unknown) => (x === null || x === undefined ? null : Number(x));

/** A plan's indicators, or one indicator. */
export type IndicatorScope = { planId: string } | { indicatorId: string };

const scopeOf = (scope: IndicatorScope): [string, string] =>
  "planId" in scope ? ["p.plan_id = $1", scope.planId] : ["i.id = $1", scope.indicatorId];

/**
 * Whether a plan holds every indicator of its municipality (the usual case: one
 * plan in use), so that its history needs no filter beyond the tenant's.
 */
async function holdsEveryIndicator(trx: Trx, planId: string): Promise<boolean> {
  const { rows } = await sql<{ other: boolean }>`select exists (
      select 1 from indicator i join plan_item p on p.id = i.item_id where p.plan_id <> ${planId}
    ) as other`.execute(trx);
  return !rows[0]!.other;
}

/** The definitions of a plan's indicators, or of one, with their targets per period. */
export async function indicatorDefinitions(trx: Trx, scope: IndicatorScope): Promise<LocatedDef[]> {
  const [where, id] = scopeOf(scope);
  const rows = await runSql<DefinitionRow>(trx, "indicator-definitions", [id], { scope: where });
  return rows.map((r) => {
    const targets = typeof r.targets === "string" ? JSON.parse(r.targets) : r.targets;
    return {
      id: r.id,
      itemId: r.item_id,
      planId: r.plan_id,
      kind: r.kind,
      direction: r.direction,
      bandMin: num(r.band_min),
      bandMax: num(r.band_max),
      baselineValue: num(r.baseline_value),
      baselineDate: date(r.baseline_date),
      targetValue: num(r.target_value),
      targetDate: date(r.target_date),
      gapReferenceValue: num(r.gap_reference_value),
      gapPercent: num(r.gap_percent),
      periodicity: r.periodicity,
      milestoneDueDate: date(r.milestone_due_date),
      milestoneDoneDate: date(r.milestone_done_date),
      unit: r.unit,
      valueType: r.value_type,
      targets: Object.fromEntries(
        Object.entries(targets as Record<string, unknown>).map(([k, v]) => [k, Number(v)]),
      ),
    };
  });
}

/** The latest validated periods of each indicator in scope, latest first (up to three). */
export async function latestPeriods(
  trx: Trx,
  scope: IndicatorScope,
): Promise<Map<string, Reported[]>> {
  const [where, id] = scopeOf(scope);
  const rows = await runSql<LatestRow>(trx, "indicator-latest", [id], { scope: where });
  const out = new Map<string, Reported[]>();
  for (const r of rows) {
    const reported = { key: r.period_key, end: date(r.period_end)!, value: num(r.value_float) };
    const list = out.get(r.indicator_id);
    if (list) list.push(reported);
    else out.set(r.indicator_id, [reported]);
  }
  // Latest first: the order of the rows is not the statement's promise.
  for (const list of out.values()) if (list.length > 1) list.sort(byEndDescending);
  return out;
}

const byEndDescending = (a: Reported, b: Reported) => (a.end < b.end ? 1 : a.end > b.end ? -1 : 0);

/** The validated history of each indicator in scope, aggregated: its count and moments. */
async function indicatorHistory(
  trx: Trx,
  scope: IndicatorScope,
  everyIndicator: boolean,
): Promise<Map<string, History>> {
  const [where, id] = scopeOf(scope);
  const filter = `and m.indicator_id in (select i.id from indicator i join plan_item p on p.id = i.item_id where ${where})`;
  const rows = await runSql<HistoryRow>(trx, "indicator-history", everyIndicator ? [] : [id], {
    history: everyIndicator ? "" : filter,
  });
  const out = new Map<string, History>();
  for (const r of rows) {
    const moments: Moments | null =
      r.points && r.points > 0
        ? {
            n: Number(r.points),
            meanX: r.mean_x!,
            meanY: r.mean_y!,
            sxx: r.sxx!,
            sxy: r.sxy!,
            syy: r.syy!,
          }
        : null;
    out.set(r.indicator_id, { n: Number(r.n), moments });
  }
  return out;
}

/** The three reads of an indicator series, in flight, and the caller's own read. */
export interface SeriesReads<B> {
  definitions: Promise<LocatedDef[]>;
  latest: Promise<Map<string, Reported[]>>;
  /** What the caller asked to read before the history. */
  before: Promise<B>;
  history: Promise<Map<string, History>>;
}

/**
 * Sends the reads behind a plan's (or one indicator's) figures, in the order
 * they are needed: the definitions and latest periods, which the statuses and
 * roll-ups need; then the caller's own read (`before`); last the pass over the
 * whole history, which only the forecasts and counts need. A caller can
 * compute statuses while PostgreSQL aggregates the history. Each promise is
 * marked handled (its error is thrown where it is awaited).
 */
export async function sendSeriesReads<B>(
  trx: Trx,
  scope: IndicatorScope,
  before: () => Promise<B>,
): Promise<SeriesReads<B>> {
  const everyIndicator = "planId" in scope && (await holdsEveryIndicator(trx, scope.planId));
  const definitions = inFlight(indicatorDefinitions(trx, scope));
  const latest = inFlight(latestPeriods(trx, scope));
  const own = inFlight(before());
  const history = inFlight(indicatorHistory(trx, scope, everyIndicator));
  await dispatched();
  return { definitions, latest, before: own, history };
}

/** Definition and validated series of a plan's indicators, or of one indicator. */
export async function indicatorSeries(
  trx: Trx,
  scope: IndicatorScope,
): Promise<Array<{ def: LocatedDef; series: Series }>> {
  const reads = await sendSeriesReads(trx, scope, async () => undefined);
  const [defs, latest, history] = await Promise.all([
    reads.definitions,
    reads.latest,
    reads.history,
  ]);
  return defs.map((def) => ({ def, series: seriesOf(def.id, latest, history) }));
}

/**
 * Lets the statements just issued reach the driver before the CPU-bound work
 * that follows, so that PostgreSQL reads or writes while JavaScript computes.
 */
export const dispatched = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * A statement left running while other work goes on: awaited later, where its
 * error is thrown; marked as handled now, so that failing before that await
 * does not count as an unhandled rejection.
 */
export function inFlight<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/** One indicator's series from the reads above. */
export function seriesOf(
  id: string,
  latest: ReadonlyMap<string, Reported[]>,
  history: ReadonlyMap<string, History>,
): Series {
  const h = history.get(id);
  return { n: h?.n ?? 0, moments: h?.moments ?? null, latest: latest.get(id) ?? [] };
}

export type TagDimension = "unit" | "territory" | "sdg" | "funding";

/** The keys an item carries itself, by dimension (units, territories, SDGs, funding). */
export async function itemTags(
  trx: Trx,
  itemIds: string[] | { planId: string },
): Promise<Array<{ itemId: string; dimension: TagDimension; key: string }>> {
  const filter = Array.isArray(itemIds)
    ? sql`= any(${itemIds}::uuid[])`
    : sql`in (select id from plan_item where plan_id = ${itemIds.planId})`;
  const { rows } = await sql<{ item_id: string; dimension: TagDimension; key: string }>`
    select item_id, 'unit' as dimension, unit_id::text as key from plan_item_unit where item_id ${filter}
    union select item_id, 'territory', territory_id::text from plan_item_territory where item_id ${filter}
    union select item_id, 'sdg', goal_number::text from plan_item_sdg where item_id ${filter}
    union select item_id, 'funding', source_code from plan_item_funding where item_id ${filter}`.execute(
    trx,
  );
  return rows.map((r) => ({ itemId: r.item_id, dimension: r.dimension, key: r.key }));
}
