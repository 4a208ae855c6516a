import type { Direction, IndicatorKind, Periodicity, TrafficLight } from "../../db/schema";
import { yearFraction } from "../../domain/monitoring/calendar";
import {
  predictFromMoments,
  probabilityOfMeeting,
  type ForecastGoal,
  type Moments,
} from "../../domain/monitoring/forecast";
import { parsePeriodKey, periodContaining, type Period } from "../../domain/monitoring/periods";
import {
  evidenceStatus,
  milestoneStatus,
  quantitativeStatus,
  type Measurement,
  type StatusResult,
  type Thresholds,
} from "../../domain/monitoring/status";
import { expectedAt, type TargetSpec } from "../../domain/monitoring/targets";

/**
 * An indicator's stored figure from its definition and the aggregate of its
 * validated history (sql/indicator-series.sql): every rule — status and its
 * explanation, progress, expected value, gap-closing target, forecast — is
 * src/domain/monitoring's; this file only maps columns to its inputs.
 */

export interface IndicatorDef {
  id: string;
  kind: IndicatorKind;
  direction: Direction;
  bandMin: number | null;
  bandMax: number | null;
  baselineValue: number | null;
  baselineDate: string | null;
  targetValue: number | null;
  targetDate: string | null;
  gapReferenceValue: number | null;
  gapPercent: number | null;
  periodicity: Periodicity;
  milestoneDueDate: string | null;
  milestoneDoneDate: string | null;
  unit: string | null;
  /** Targets per period key. */
  targets: Record<string, number>;
}

/** A validated period: key, last day, value (null for evidence-only reports). */
export interface Reported {
  key: string;
  end: string;
  value: number | null;
}

/** A validated history, aggregated. */
export interface History {
  /** Validated measurements. */
  n: number;
  /** Moments of value over fractional years, over the measurements with a value. */
  moments: Moments | null;
}

export interface Series extends History {
  /**
   * The latest validated periods, latest first: the latest and the one before
   * (the status now and then), and for a gap-closing target a third, the
   * period before the one before, which its status then is measured from.
   */
  latest: Reported[];
}

export interface PlanDates {
  startYear: number;
  endYear: number;
}

export interface IndicatorFigure {
  status: TrafficLight;
  progress: number | null;
  latestValue: number | null;
  latestPeriod: string | null;
  /**
   * The status at the validated period before the latest, by the same rules
   * (quantitative indicators only): what "status worsened" compares with.
   */
  previous: { periodKey: string; status: TrafficLight } | null;
  validatedCount: number;
  expectedValue: number | null;
  forecast: { value: number; low: number; high: number; probability: number } | null;
  explanation: string;
}

const round = (x: number | null, digits = 6) =>
  x === null ? null : Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * The targets as the domain reads them. A baseline or final target without a
 * date is dated at the plan's start or end (a PLADECO's línea base is its
 * starting point, its meta its horizon).
 */
export function targetSpec(def: IndicatorDef, plan: PlanDates): TargetSpec {
  const gap =
    def.gapReferenceValue !== null && def.gapPercent !== null
      ? { referenceGoal: def.gapReferenceValue, closePercent: def.gapPercent }
      : undefined;
  return {
    direction: def.direction,
    baseline:
      def.baselineValue === null
        ? null
        : { value: def.baselineValue, date: def.baselineDate ?? `${plan.startYear}-01-01` },
    finalTarget:
      def.targetValue === null
        ? null
        : { value: def.targetValue, date: def.targetDate ?? `${plan.endYear}-12-31` },
    ...(def.bandMin !== null && def.bandMax !== null
      ? { band: { min: def.bandMin, max: def.bandMax } }
      : {}),
    periodTargets: def.targets,
    ...(gap ? { gapClosing: gap } : {}),
  };
}

function periodOf(def: IndicatorDef, r: Reported | undefined, asOf: string): Period {
  return (r && parsePeriodKey(r.key)) ?? periodContaining(def.periodicity, r?.end ?? asOf);
}

/** What an indicator's figure takes from its latest periods alone: everything but its history's. */
export type StatusFigure = Omit<IndicatorFigure, HistoryFields>;
/** What an indicator's figure takes from its whole validated history. */
export type HistoryFigure = Pick<IndicatorFigure, HistoryFields>;
type HistoryFields = "validatedCount" | "forecast";

export function indicatorFigure(
  def: IndicatorDef,
  s: Series,
  thresholds: Thresholds,
  asOf: string,
  plan: PlanDates,
): IndicatorFigure {
  return { ...statusFigure(def, s.latest, thresholds, asOf, plan), ...historyFigure(def, s, plan) };
}

/**
 * Status, progress, explanation and expected value, from the latest validated
 * periods (latest first): what the roll-ups need, known before the history's
 * aggregate. Run for every indicator of a plan, so written without closures.
 */
export function statusFigure(
  def: IndicatorDef,
  reported: readonly Reported[],
  thresholds: Thresholds,
  asOf: string,
  plan: PlanDates,
): StatusFigure {
  const [latest, previous, before] = reported;
  let result: StatusResult;
  let previousStatus: IndicatorFigure["previous"] = null;
  let expectedValue: number | null = null;
  if (def.kind === "milestone") {
    if (!def.milestoneDueDate)
      result = { status: "no_data", progress: null, explanation: "Hito sin fecha comprometida" };
    else {
      const reportedDone = latest && latest.value !== null && latest.value >= 1 ? latest.end : null;
      const doneDate = def.milestoneDoneDate ?? reportedDone;
      result = milestoneStatus({ dueDate: def.milestoneDueDate, doneDate }, asOf);
    }
  } else if (def.kind === "evidence") {
    result = evidenceStatus(periodOf(def, latest, asOf), latest !== undefined);
  } else {
    const spec = targetSpec(def, plan);
    const period = periodOf(def, latest, asOf);
    result = statusAt(def, spec, period, latest, previous, thresholds);
    if (latest) {
      const expected = expectedAt(spec, period, previous?.value ?? null);
      if (expected.kind === "value") expectedValue = round(expected.value);
    }
    if (latest && previous) {
      const then = periodOf(def, previous, asOf);
      previousStatus = {
        periodKey: previous.key,
        status: statusAt(def, spec, then, previous, before, thresholds).status,
      };
    }
  }
  return {
    status: result.status,
    progress: round(result.progress),
    explanation: result.explanation,
    latestValue: latest?.value ?? null,
    latestPeriod: latest?.key ?? null,
    previous: previousStatus,
    expectedValue,
  };
}

/** A quantitative indicator's status at the period of `at`, with `prior` the period before. */
function statusAt(
  def: IndicatorDef,
  spec: TargetSpec,
  period: Period,
  at: Reported | undefined,
  prior: Reported | undefined,
  thresholds: Thresholds,
): StatusResult {
  const measurements: Measurement[] = [];
  if (at && at.value !== null) measurements.push({ periodKey: at.key, value: at.value });
  if (prior && prior.value !== null)
    measurements.push({ periodKey: prior.key, value: prior.value });
  return quantitativeStatus({
    spec,
    period,
    measurements,
    thresholds,
    ...(def.unit ? { unit: def.unit } : {}),
  });
}

/** What an indicator's figure takes from its whole validated history: the count and the forecast. */
export function historyFigure(def: IndicatorDef, h: History, plan: PlanDates): HistoryFigure {
  const quantitative = def.kind === "value" || def.kind === "formula";
  return {
    validatedCount: h.n,
    forecast: quantitative ? forecastOf(targetSpec(def, plan), h.moments) : null,
  };
}

/**
 * The forecast at the final target's date (or the band's), from the history's
 * moments: the numbers only; the sentence (forecast.ts describeForecast) is
 * written where a forecast is shown, not for each of a plan's indicators.
 */
function forecastOf(spec: TargetSpec, moments: Moments | null): IndicatorFigure["forecast"] {
  if (!moments) return null;
  const date = spec.finalTarget?.date;
  if (!date) return null;
  const goal: ForecastGoal =
    spec.direction === "band"
      ? { date, direction: "band", ...(spec.band ? { band: spec.band } : {}) }
      : { date, direction: spec.direction, value: spec.finalTarget!.value };
  const p = predictFromMoments(moments, yearFraction(date));
  if (p.kind !== "prediction") return null;
  const probability = probabilityOfMeeting(p, goal);
  if (probability === null) return null;
  return {
    value: round(p.projected)!,
    low: round(p.lower)!,
    high: round(p.upper)!,
    probability: round(probability, 4)!,
  };
}
