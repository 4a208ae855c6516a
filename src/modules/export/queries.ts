import type { Kysely } from "kysely";
import type {
  AlertRule,
  AlertStatus,
  Database,
  Direction,
  IndicatorCategory,
  IndicatorKind,
  Periodicity,
  PlanKind,
  TrafficLight,
  ValueType,
} from "../../db/schema";

/**
 * What every export format writes: the plan, its items in tree order with
 * their current status, its indicators with their latest validated figure,
 * the validated measurements and (for members) the alerts. Statuses are read
 * from the precomputed figures the dashboard reads (indicator_figure,
 * item_figure, plan_figure), never recomputed here.
 */
export interface ExportData {
  municipality: { cutCode: string; name: string };
  plan: {
    id: string;
    kind: PlanKind;
    title: string;
    startYear: number;
    endYear: number;
    isDemo: boolean;
    published: boolean;
    figuresAsOf: string | null;
  };
  /** The plan's level names by key (axis, strategic_objective, …, activity). */
  levels: Array<{ key: string; name: string }>;
  /** The export's date, YYYY-MM-DD (Chile): the only thing that changes between two exports of the same data. */
  exportedOn: string;
  /** Some validated measurements are the demo's simulated history. */
  hasSimulated: boolean;
  summary: {
    status: TrafficLight;
    progress: number | null;
    counts: Record<TrafficLight, number>;
  } | null;
  items: ExportItemRow[];
  indicators: ExportIndicatorRow[];
  measurements: ExportMeasurementRow[];
  /** null when the reader may not see alerts (anonymous visitors). */
  alerts: ExportAlertRow[] | null;
}

export interface ExportItemRow {
  id: string;
  parentId: string | null;
  code: string;
  level: string;
  title: string;
  deadlineText: string | null;
  startDate: string | null;
  endDate: string | null;
  responsibleText: string | null;
  /** Responsible unit names, the responsible one first. */
  units: string[];
  fundingText: string | null;
  sdgs: number[];
  status: TrafficLight | null;
  progress: number | null;
  explanation: string | null;
}

export interface ExportIndicatorRow {
  id: string;
  itemCode: string;
  itemTitle: string;
  name: string;
  formula: string | null;
  kind: IndicatorKind;
  unit: string | null;
  valueType: ValueType | null;
  direction: Direction;
  baselineText: string | null;
  baselineValue: number | null;
  targetText: string | null;
  targetValue: number | null;
  periodicity: Periodicity;
  category: IndicatorCategory | null;
  dataSource: string | null;
  verificationMeans: string | null;
  latestValue: number | null;
  latestPeriod: string | null;
  status: TrafficLight | null;
  progress: number | null;
  explanation: string | null;
  forecastValue: number | null;
  forecastLow: number | null;
  forecastHigh: number | null;
}

export interface ExportMeasurementRow {
  itemCode: string;
  indicator: string;
  valueType: ValueType | null;
  period: string;
  periodStart: string;
  periodEnd: string;
  value: number | null;
  comment: string;
  validatedOn: string | null;
  isSimulated: boolean;
}

export interface ExportAlertRow {
  itemCode: string;
  itemTitle: string;
  rule: AlertRule;
  period: string;
  message: string;
  status: AlertStatus;
  correctiveAction: string | null;
  actionOwner: string | null;
  actionDueDate: string | null;
  createdOn: string;
  acknowledgedOn: string | null;
  resolvedOn: string | null;
}

/** A timestamp as the calendar day in Chile, YYYY-MM-DD. */
export function chileDay(at: Date | string | null): string | null {
  if (at === null) return null;
  return new Intl.DateTimeFormat("en-CA", { timeZone: "America/Santiago" }).format(new Date(at));
}

/** Depth-first, in sibling order: the order a plan is read in. */
function treeOrder<T extends { id: string; parentId: string | null }>(rows: T[]): T[] {
  const children = new Map<string | null, T[]>();
  for (const r of rows) {
    const list = children.get(r.parentId);
    if (list) list.push(r);
    else children.set(r.parentId, [r]);
  }
  const out: T[] = [];
  const visit = (parentId: string | null) => {
    for (const r of children.get(parentId) ?? []) {
      out.push(r);
      visit(r.id);
    }
  };
  visit(null);
  return out;
}

/**
 * Reads a plan for export, or undefined when it does not exist. The caller
 * decides visibility (published plans only for anonymous readers) and whether
 * alerts are included.
 */
export async function readExportData(
  db: Kysely<Database>,
  municipalityId: string,
  planId: string,
  options: { includeAlerts: boolean; exportedOn: string },
): Promise<ExportData | undefined> {
  const plan = await db
    .selectFrom("plan as p")
    .innerJoin("municipality as m", "m.id", "p.municipality_id")
    .select([
      "p.id",
      "p.kind",
      "p.title",
      "p.start_year",
      "p.end_year",
      "p.is_demo",
      "p.published_at",
      "p.figures_as_of",
      "m.cut_code",
      "m.name as municipality",
    ])
    .where("p.id", "=", planId)
    .where("p.municipality_id", "=", municipalityId)
    .executeTakeFirst();
  if (!plan) return undefined;

  const itemIds = db.selectFrom("plan_item").select("id").where("plan_id", "=", planId);
  const [levels, items, units, sdgs, itemFigures, indicators, measurements, planFigure, alerts] =
    await Promise.all([
      db
        .selectFrom("plan_level")
        .select(["key", "name"])
        .where("plan_id", "=", planId)
        .orderBy("sort")
        .execute(),
      db
        .selectFrom("plan_item")
        .select([
          "id",
          "parent_id",
          "code",
          "level_key",
          "title",
          "deadline_text",
          "start_date",
          "end_date",
          "responsible_text",
          "funding_text",
          "sort",
        ])
        .where("plan_id", "=", planId)
        .orderBy("sort")
        .orderBy("code")
        .execute(),
      db
        .selectFrom("plan_item_unit as pu")
        .innerJoin("org_unit as u", "u.id", "pu.unit_id")
        .select(["pu.item_id", "u.name"])
        .where("pu.item_id", "in", itemIds)
        .orderBy("pu.item_id")
        .orderBy("pu.role", "asc")
        .orderBy("pu.sort")
        .orderBy("u.name")
        .execute(),
      db
        .selectFrom("plan_item_sdg")
        .select(["item_id", "goal_number"])
        .distinct()
        .where("item_id", "in", itemIds)
        .orderBy("item_id")
        .orderBy("goal_number")
        .execute(),
      db
        .selectFrom("item_figure")
        .select(["item_id", "status", "progress", "explanation"])
        .where("plan_id", "=", planId)
        .execute(),
      db
        .selectFrom("indicator as i")
        .innerJoin("plan_item as p", "p.id", "i.item_id")
        .leftJoin("indicator_figure as f", "f.indicator_id", "i.id")
        .select([
          "i.id",
          "p.code as item_code",
          "p.title as item_title",
          "i.name",
          "i.formula",
          "i.kind",
          "i.unit",
          "i.value_type",
          "i.direction",
          "i.baseline_text",
          "i.baseline_value",
          "i.target_text",
          "i.target_value",
          "i.periodicity",
          "i.category",
          "i.data_source",
          "i.verification_means",
          "i.sort",
          "f.latest_value",
          "f.latest_period",
          "f.status",
          "f.progress",
          "f.explanation",
          "f.forecast_value",
          "f.forecast_low",
          "f.forecast_high",
        ])
        .where("p.plan_id", "=", planId)
        .execute(),
      db
        .selectFrom("measurement as m")
        .innerJoin("indicator as i", "i.id", "m.indicator_id")
        .innerJoin("plan_item as p", "p.id", "i.item_id")
        .select([
          "p.code as item_code",
          "i.name as indicator",
          "i.sort as indicator_sort",
          "i.id as indicator_id",
          "i.value_type",
          "m.period_key",
          "m.period_start",
          "m.period_end",
          "m.value",
          "m.comment",
          "m.validated_at",
          "m.is_simulated",
        ])
        // The joins scope to the plan (a nested `in (select …)` here took seconds on PGlite).
        .where("p.plan_id", "=", planId)
        // Open data: validated figures only; drafts and reports under review stay inside.
        .where("m.status", "=", "validated")
        .execute(),
      db
        .selectFrom("plan_figure")
        .selectAll()
        .where("plan_id", "=", planId)
        .where("dimension", "=", "plan")
        .executeTakeFirst(),
      options.includeAlerts
        ? db
            .selectFrom("alert as a")
            .innerJoin("plan_item as p", "p.id", "a.item_id")
            .select([
              "p.code as item_code",
              "p.title as item_title",
              "a.rule",
              "a.period_key",
              "a.message",
              "a.status",
              "a.corrective_action",
              "a.action_owner",
              "a.action_due_date",
              "a.created_at",
              "a.acknowledged_at",
              "a.resolved_at",
              "a.id",
            ])
            .where("a.plan_id", "=", planId)
            .execute()
        : Promise.resolve(null),
    ]);

  const unitsOf = new Map<string, string[]>();
  for (const u of units) unitsOf.set(u.item_id, [...(unitsOf.get(u.item_id) ?? []), u.name]);
  const sdgsOf = new Map<string, number[]>();
  for (const s of sdgs) sdgsOf.set(s.item_id, [...(sdgsOf.get(s.item_id) ?? []), s.goal_number]);
  const figureOf = new Map(itemFigures.map((f) => [f.item_id, f]));

  const itemRows = treeOrder(
    items.map((i) => ({
      id: i.id,
      parentId: i.parent_id,
      code: i.code,
      level: i.level_key,
      title: i.title,
      deadlineText: i.deadline_text,
      startDate: i.start_date,
      endDate: i.end_date,
      responsibleText: i.responsible_text,
      units: unitsOf.get(i.id) ?? [],
      fundingText: i.funding_text,
      sdgs: sdgsOf.get(i.id) ?? [],
      status: figureOf.get(i.id)?.status ?? null,
      progress: figureOf.get(i.id)?.progress ?? null,
      explanation: figureOf.get(i.id)?.explanation ?? null,
    })),
  );
  const position = new Map(itemRows.map((r, n) => [r.code, n]));
  const inTree = (a: { item_code: string }, b: { item_code: string }) =>
    (position.get(a.item_code) ?? 0) - (position.get(b.item_code) ?? 0);

  const counts = (f: NonNullable<typeof planFigure>): Record<TrafficLight, number> => ({
    on_track: f.on_track,
    at_risk: f.at_risk,
    off_track: f.off_track,
    done: f.done,
    no_data: f.no_data,
  });

  return {
    municipality: { cutCode: plan.cut_code, name: plan.municipality },
    plan: {
      id: plan.id,
      kind: plan.kind,
      title: plan.title,
      startYear: plan.start_year,
      endYear: plan.end_year,
      isDemo: plan.is_demo,
      published: plan.published_at !== null,
      figuresAsOf: plan.figures_as_of,
    },
    levels,
    exportedOn: options.exportedOn,
    hasSimulated: measurements.some((m) => m.is_simulated),
    summary: planFigure
      ? { status: planFigure.status, progress: planFigure.progress, counts: counts(planFigure) }
      : null,
    items: itemRows,
    indicators: indicators
      .sort((a, b) => inTree(a, b) || a.sort - b.sort || a.id.localeCompare(b.id))
      .map((i) => ({
        id: i.id,
        itemCode: i.item_code,
        itemTitle: i.item_title,
        name: i.name,
        formula: i.formula,
        kind: i.kind,
        unit: i.unit,
        valueType: i.value_type,
        direction: i.direction,
        baselineText: i.baseline_text,
        baselineValue: i.baseline_value,
        targetText: i.target_text,
        targetValue: i.target_value,
        periodicity: i.periodicity,
        category: i.category,
        dataSource: i.data_source,
        verificationMeans: i.verification_means,
        latestValue: i.latest_value,
        latestPeriod: i.latest_period,
        status: i.status,
        progress: i.progress,
        explanation: i.explanation,
        forecastValue: i.forecast_value,
        forecastLow: i.forecast_low,
        forecastHigh: i.forecast_high,
      })),
    measurements: measurements
      .sort(
        (a, b) =>
          inTree(a, b) ||
          a.indicator_sort - b.indicator_sort ||
          a.indicator_id.localeCompare(b.indicator_id) ||
          a.period_start.localeCompare(b.period_start),
      )
      .map((m) => ({
        itemCode: m.item_code,
        indicator: m.indicator,
        valueType: m.value_type,
        period: m.period_key,
        periodStart: m.period_start,
        periodEnd: m.period_end,
        value: m.value,
        comment: m.comment,
        validatedOn: chileDay(m.validated_at),
        isSimulated: m.is_simulated,
      })),
    alerts:
      alerts === null
        ? null
        : alerts
            .sort(
              (a, b) =>
                inTree(a, b) ||
                a.period_key.localeCompare(b.period_key) ||
                a.rule.localeCompare(b.rule) ||
                a.id.localeCompare(b.id),
            )
            .map((a) => ({
              itemCode: a.item_code,
              itemTitle: a.item_title,
              rule: a.rule,
              period: a.period_key,
              message: a.message,
              status: a.status,
              correctiveAction: a.corrective_action,
              actionOwner: a.action_owner,
              actionDueDate: a.action_due_date,
              createdOn: chileDay(a.created_at)!,
              acknowledgedOn: chileDay(a.acknowledged_at),
              resolvedOn: chileDay(a.resolved_at),
            })),
  };
}
