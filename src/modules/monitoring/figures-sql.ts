import { CompiledQuery, sql, type Transaction } from "kysely";
import type { Database, Direction, IndicatorKind, Periodicity } from "../../db/schema";
import type { Moments } from "../../domain/monitoring/forecast";
import { DEFAULT_THRESHOLDS, type Thresholds } from "../../domain/monitoring/status";
import type { History, IndicatorDef, Reported, Series } from "./indicator-figure";
import { sqlText } from "./sql";

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

/** indicator-definitions.sql's row arrays. */
type DefinitionRow = [
  id: string,
  itemId: string,
  planId: string,
  kind: IndicatorKind,
  direction: Direction,
  bandMin: number | null,
  bandMax: number | null,
  baselineValue: number | null,
  baselineDate: string | null,
  targetValue: number | null,
  targetDate: string | null,
  gapReferenceValue: number | null,
  gapPercent: number | null,
  periodicity: Periodicity,
  milestoneDueDate: string | null,
  milestoneDoneDate: string | null,
  valueType: string | null,
  unit: string | null,
  targets: Record<string, number | string> | null,
];

/** indicator-latest.sql's row arrays. */
type LatestRow = [indicatorId: string, periodKey: string, periodEnd: string, value: number | null];

/** indicator-history.sql's row arrays. */
type HistoryRow = [
  indicatorId: string,
  n: number,
  points: number | null,
  meanX: number | null,
  meanY: number | null,
  sxx: number | null,
  sxy: number | null,
  syy: number | null,
];

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

/** A read of indicator-definitions.sql, indicator-latest.sql or indicator-history.sql. */
interface SeriesRead<T> {
  /** The statement's text; `$1`, where it is used, the plan or indicator. */
  text: string;
  /** Whether the text uses `$1` (the history of a whole municipality does not). */
  scoped: boolean;
  decode: (rows: string) => T;
}

function definitionsRead(scope: IndicatorScope): SeriesRead<LocatedDef[]> {
  return {
    text: sqlText("indicator-definitions", { scope: scopeOf(scope)[0] }),
    scoped: true,
    decode: (json) =>
      (JSON.parse(json) as DefinitionRow[]).map((r) => ({
        id: r[0],
        itemId: r[1],
        planId: r[2],
        kind: r[3],
        direction: r[4],
        bandMin: num(r[5]),
        bandMax: num(r[6]),
        baselineValue: num(r[7]),
        baselineDate: date(r[8]),
        targetValue: num(r[9]),
        targetDate: date(r[10]),
        gapReferenceValue: num(r[11]),
        gapPercent: num(r[12]),
        periodicity: r[13],
        milestoneDueDate: date(r[14]),
        milestoneDoneDate: date(r[15]),
        valueType: r[16],
        unit: r[17],
        targets: targetsOf(r[18]),
      })),
  };
}

const targetsOf = (targets: Record<string, number | string> | null): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(targets ?? {})) out[key] = Number(value);
  return out;
};

/** The latest validated periods of each indicator in scope, latest first. */
function latestRead(scope: IndicatorScope): SeriesRead<Map<string, Reported[]>> {
  return {
    text: sqlText("indicator-latest", { scope: scopeOf(scope)[0] }),
    scoped: true,
    decode: (json) => {
      const out = new Map<string, Reported[]>();
      for (const [indicatorId, key, end, value] of JSON.parse(json) as LatestRow[]) {
        const reported = { key, end, value: num(value) };
        const list = out.get(indicatorId);
        if (list) list.push(reported);
        else out.set(indicatorId, [reported]);
      }
      // Latest first: the order of the rows is not the statement's promise.
      for (const list of out.values()) if (list.length > 1) list.sort(byEndDescending);
      return out;
    },
  };
}

const byEndDescending = (a: Reported, b: Reported) => (a.end < b.end ? 1 : a.end > b.end ? -1 : 0);

/**
 * The validated history of each indicator in scope, aggregated: its count and
 * moments. `everyIndicator`: the scope is a plan holding every indicator of
 * its municipality, so the pass needs no filter beyond row-level security.
 */
function historyRead(
  scope: IndicatorScope,
  everyIndicator: boolean,
): SeriesRead<Map<string, History>> {
  const filter = `and m.indicator_id in (select i.id from indicator i join plan_item p on p.id = i.item_id where ${scopeOf(scope)[0]})`;
  return {
    text: sqlText("indicator-history", { history: everyIndicator ? "" : filter }),
    scoped: !everyIndicator,
    decode: (json) => {
      const out = new Map<string, History>();
      for (const [indicatorId, n, points, meanX, meanY, sxx, sxy, syy] of JSON.parse(
        json,
      ) as HistoryRow[]) {
        const moments: Moments | null =
          points && points > 0
            ? { n: points, meanX: meanX!, meanY: meanY!, sxx: sxx!, sxy: sxy!, syy: syy! }
            : null;
        out.set(indicatorId, { n, moments });
      }
      return out;
    },
  };
}

/** Runs one read on its own. */
async function run<T>(trx: Trx, scope: IndicatorScope, read: SeriesRead<T>): Promise<T> {
  const parameters = read.scoped ? [scopeOf(scope)[1]] : [];
  const result = await trx.executeQuery<{ rows: string }>(CompiledQuery.raw(read.text, parameters));
  return read.decode(result.rows[0]!.rows);
}

/** The three reads of an indicator series, in flight, and the caller's own reads. */
export interface SeriesReads<B> {
  /** What the caller asked to read first. */
  first: Promise<B>;
  definitions: Promise<LocatedDef[]>;
  latest: Promise<Map<string, Reported[]>>;
  history: Promise<Map<string, History>>;
}

/**
 * Sends the reads behind a plan's figures: the caller's own reads (`first`),
 * the definitions and latest periods, which the statuses and roll-ups need,
 * and last the pass over the whole history, which only the forecasts and
 * counts need, so that a caller can compute statuses while PostgreSQL
 * aggregates the history.
 *
 * Statements of one transaction run one after the other, and the next is sent
 * only when JavaScript is free to see the previous one end: whatever the caller
 * computes before the history is sent delays it. The history therefore comes
 * right after the latest periods, and a caller lets it go out (`dispatched`)
 * before computing. Each promise is marked handled (its error is thrown where
 * it is awaited).
 */
export async function sendSeriesReads<B>(
  trx: Trx,
  planId: string,
  first: () => Promise<B>,
): Promise<SeriesReads<B>> {
  const scope = { planId };
  const everyIndicator = await holdsEveryIndicator(trx, planId);
  // Issued in this order, run in this order.
  const own = inFlight(first());
  const definitions = inFlight(run(trx, scope, definitionsRead(scope)));
  const latest = inFlight(run(trx, scope, latestRead(scope)));
  const history = inFlight(run(trx, scope, historyRead(scope, everyIndicator)));
  return { first: own, definitions, latest, history };
}

/**
 * Definition and validated series of a plan's indicators, or of one
 * indicator, in one statement (the three reads as its columns): an
 * incremental refresh of one indicator is a round trip shorter.
 */
export async function indicatorSeries(
  trx: Trx,
  scope: IndicatorScope,
): Promise<Array<{ def: LocatedDef; series: Series }>> {
  const everyIndicator = "planId" in scope && (await holdsEveryIndicator(trx, scope.planId));
  const reads = [
    definitionsRead(scope),
    latestRead(scope),
    historyRead(scope, everyIndicator),
  ] as const;
  const text = `select ${reads.map((r, i) => `(${r.text}\n) as r${i}`).join(", ")}`;
  const result = await trx.executeQuery<{ r0: string; r1: string; r2: string }>(
    CompiledQuery.raw(text, [scopeOf(scope)[1]]),
  );
  const row = result.rows[0]!;
  const defs = reads[0].decode(row.r0);
  const latest = reads[1].decode(row.r1);
  const history = reads[2].decode(row.r2);
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
  // One JSON document, as sql/indicator-definitions.sql explains. A key twice
  // (two funding rows of one source) is kept: the roll-up counts keys once.
  const { rows } = await sql<{ rows: string }>`select
      coalesce(json_agg(json_build_array(t.item_id, t.dimension, t.key)), '[]')::text as rows
    from (
      select item_id, 'unit' as dimension, unit_id::text as key from plan_item_unit where item_id ${filter}
      union all select item_id, 'territory', territory_id::text from plan_item_territory where item_id ${filter}
      union all select item_id, 'sdg', goal_number::text from plan_item_sdg where item_id ${filter}
      union all select item_id, 'funding', source_code from plan_item_funding where item_id ${filter}
    ) t`.execute(trx);
  const tags = JSON.parse(rows[0]!.rows) as Array<[string, TagDimension, string]>;
  return tags.map(([itemId, dimension, key]) => ({ itemId, dimension, key }));
}

/** A plan's items with their parents and weights, as one JSON document. */
export async function itemTree(
  trx: Trx,
  planId: string,
): Promise<Array<{ id: string; parentId: string | null; weight: number }>> {
  const { rows } = await sql<{ rows: string }>`select
      coalesce(json_agg(json_build_array(id, parent_id, weight)), '[]')::text as rows
    from plan_item where plan_id = ${planId}`.execute(trx);
  const items = JSON.parse(rows[0]!.rows) as Array<[string, string | null, number]>;
  return items.map(([id, parentId, weight]) => ({ id, parentId, weight: Number(weight) }));
}
