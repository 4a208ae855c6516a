import { sql, type Transaction } from "kysely";
import type { Database, Direction, IndicatorKind, Periodicity } from "../../db/schema";
import type { IndicatorDef, Series, Thresholds } from "./logic";

/**
 * The reads behind the figures: indicator definitions with their targets, and
 * one aggregate pass over validated measurements per indicator.
 */

type Trx = Transaction<Database>;

/**
 * Count, latest value and regression sums of the validated measurements, per
 * indicator, in one GROUP BY. Time is in years since 2000-01-01; the latest
 * value is the greatest [days, value] pair, which needs no sort.
 *
 * @example
 * select indicator_id, count(*), max(array[days, value]), regr_sxy(value, years) …
 *   from measurement where status = 'validated' group by indicator_id
 */
export async function seriesOf(
  trx: Trx,
  scope: { planId: string } | { indicatorId: string },
): Promise<Map<string, Series>> {
  const filter =
    "planId" in scope
      ? sql`m.indicator_id in (select i.id from indicator i join plan_item p on p.id = i.item_id where p.plan_id = ${scope.planId})`
      : sql`m.indicator_id = ${scope.indicatorId}`;
  const { rows } = await sql<{
    indicator_id: string;
    n: number;
    first_end: string;
    last_end: string;
    latest: number[] | null;
    avgx: number | null;
    avgy: number | null;
    sxx: number | null;
    sxy: number | null;
    syy: number | null;
  }>`select m.indicator_id, count(*)::int as n, min(m.period_end) as first_end,
        max(m.period_end) as last_end,
        max(array[(m.period_end - date '2000-01-01')::numeric, m.value]) filter (where m.value is not null) as latest,
        regr_avgx(m.value::float8, (m.period_end - date '2000-01-01') / 365.25) as avgx,
        regr_avgy(m.value::float8, (m.period_end - date '2000-01-01') / 365.25) as avgy,
        regr_sxx(m.value::float8, (m.period_end - date '2000-01-01') / 365.25) as sxx,
        regr_sxy(m.value::float8, (m.period_end - date '2000-01-01') / 365.25) as sxy,
        regr_syy(m.value::float8, (m.period_end - date '2000-01-01') / 365.25) as syy
      from measurement m
      where m.status = 'validated' and ${filter}
      group by m.indicator_id`.execute(trx);
  const out = new Map<string, Series>();
  for (const r of rows) {
    const latest = r.latest?.map(Number) ?? null;
    out.set(r.indicator_id, {
      n: r.n,
      firstEnd: r.first_end,
      latestEnd: latest ? dateOfDays(latest[0]!) : r.last_end,
      latestValue: latest ? latest[1]! : null,
      avgx: r.avgx,
      avgy: r.avgy,
      sxx: r.sxx,
      sxy: r.sxy,
      syy: r.syy,
    });
  }
  return out;
}

const EPOCH_MS = Date.UTC(2000, 0, 1);
const dateOfDays = (days: number) =>
  new Date(EPOCH_MS + days * 86_400_000).toISOString().slice(0, 10);

export interface PlanContext {
  planId: string;
  municipalityId: string;
  thresholds: Thresholds;
  figuresAsOf: string | null;
}

export async function planContext(trx: Trx, planId: string): Promise<PlanContext | undefined> {
  const row = await trx
    .selectFrom("plan")
    .select(["id", "municipality_id", "on_track_ratio", "at_risk_ratio", "figures_as_of"])
    .where("id", "=", planId)
    .executeTakeFirst();
  return (
    row && {
      planId: row.id,
      municipalityId: row.municipality_id,
      thresholds: { onTrack: Number(row.on_track_ratio), atRisk: Number(row.at_risk_ratio) },
      figuresAsOf: row.figures_as_of,
    }
  );
}

export interface LocatedDef extends IndicatorDef {
  itemId: string;
  planId: string;
  valueType: string | null;
}

/** Definitions of a plan's indicators, or of one indicator, with their period targets. */
export async function indicatorDefs(
  trx: Trx,
  scope: { planId: string } | { indicatorId: string },
): Promise<LocatedDef[]> {
  let query = trx
    .selectFrom("indicator as i")
    .innerJoin("plan_item as p", "p.id", "i.item_id")
    .select([
      "i.id",
      "i.item_id",
      "p.plan_id",
      "i.kind",
      "i.direction",
      "i.band_min",
      "i.band_max",
      "i.baseline_value",
      "i.baseline_date",
      "i.target_value",
      "i.target_date",
      "i.gap_reference_value",
      "i.gap_percent",
      "i.periodicity",
      "i.milestone_due_date",
      "i.milestone_done_date",
      "i.value_type",
    ]);
  query =
    "planId" in scope
      ? query.where("p.plan_id", "=", scope.planId)
      : query.where("i.id", "=", scope.indicatorId);
  const rows = await query.execute();
  if (rows.length === 0) return [];
  const targets = await trx
    .selectFrom("indicator_target")
    .select(["indicator_id", "period_key", "value"])
    .where(
      "indicator_id",
      "in",
      rows.map((r) => r.id),
    )
    .execute();
  const byIndicator = new Map<string, Record<string, number>>();
  for (const t of targets) {
    const map = byIndicator.get(t.indicator_id) ?? {};
    map[t.period_key] = Number(t.value);
    byIndicator.set(t.indicator_id, map);
  }
  return rows.map((r) => ({
    id: r.id,
    itemId: r.item_id,
    planId: r.plan_id,
    kind: r.kind as IndicatorKind,
    direction: r.direction as Direction,
    bandMin: r.band_min,
    bandMax: r.band_max,
    baselineValue: r.baseline_value,
    baselineDate: r.baseline_date,
    targetValue: r.target_value,
    targetDate: r.target_date,
    gapReferenceValue: r.gap_reference_value,
    gapPercent: r.gap_percent,
    periodicity: r.periodicity as Periodicity,
    milestoneDueDate: r.milestone_due_date,
    milestoneDoneDate: r.milestone_done_date,
    valueType: r.value_type,
    targets: byIndicator.get(r.id) ?? {},
  }));
}

/** The keys an item carries itself, by dimension (units, territories, SDGs, funding). */
export async function itemTags(
  trx: Trx,
  itemIds: string[] | { planId: string },
): Promise<
  Array<{ itemId: string; dimension: "unit" | "territory" | "sdg" | "funding"; key: string }>
> {
  const filter = Array.isArray(itemIds)
    ? sql`= any(${itemIds}::uuid[])`
    : sql`in (select id from plan_item where plan_id = ${itemIds.planId})`;
  const { rows } = await sql<{
    item_id: string;
    dimension: "unit" | "territory" | "sdg" | "funding";
    key: string;
  }>`
    select item_id, 'unit' as dimension, unit_id::text as key from plan_item_unit where item_id ${filter}
    union select item_id, 'territory', territory_id::text from plan_item_territory where item_id ${filter}
    union select item_id, 'sdg', goal_number::text from plan_item_sdg where item_id ${filter}
    union select item_id, 'funding', source_code from plan_item_funding where item_id ${filter}`.execute(
    trx,
  );
  return rows.map((r) => ({ itemId: r.item_id, dimension: r.dimension, key: r.key }));
}
