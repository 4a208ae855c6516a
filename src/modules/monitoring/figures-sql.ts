import { sql, type Transaction } from "kysely";
import type { Database, Direction, IndicatorKind, Periodicity } from "../../db/schema";
import type { Moments } from "../../domain/monitoring/forecast";
import { DEFAULT_THRESHOLDS, type Thresholds } from "../../domain/monitoring/status";
import type { IndicatorDef, Series } from "./indicator-figure";
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

interface SeriesRow {
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
  n: number | string;
  points: number | null;
  mean_x: number | null;
  mean_y: number | null;
  sxx: number | null;
  sxy: number | null;
  syy: number | null;
  targets: Record<string, number | string> | string;
  keys: string[] | null;
  ends: string[] | null;
  vals: Array<number | null> | null;
}

const date = (d: unknown) =>
  d === null || d === undefined
    ? null
    : d instanceof Date
      ? d.toISOString().slice(0, 10)
      : String(d).slice(0, 10);
const num = (x: unknown) => (x === null || x === undefined ? null : Number(x));

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

/** Definition and validated history of a plan's indicators, or of one indicator. */
export async function indicatorSeries(
  trx: Trx,
  scope: { planId: string } | { indicatorId: string },
): Promise<Array<{ def: LocatedDef; series: Series }>> {
  const [where, id] =
    "planId" in scope ? ["p.plan_id = $1", scope.planId] : ["i.id = $1", scope.indicatorId];
  const filter = `and m.indicator_id in (select i.id from indicator i join plan_item p on p.id = i.item_id where ${where})`;
  const everyIndicator = "planId" in scope && (await holdsEveryIndicator(trx, scope.planId));
  const rows = await runSql<SeriesRow>(trx, "indicator-series", [id], {
    history: everyIndicator ? "" : filter,
    scope: where,
  });
  return rows.map((r) => {
    const targets = typeof r.targets === "string" ? JSON.parse(r.targets) : r.targets;
    const def: LocatedDef = {
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
    const latest = (r.keys ?? []).map((key, i) => ({
      key,
      end: date(r.ends![i])!,
      value: num(r.vals![i]),
    }));
    return { def, series: { n: Number(r.n), moments, latest } };
  });
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
