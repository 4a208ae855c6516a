import type { Direction, IndicatorKind, Periodicity, TrafficLight } from "../../db/schema";
import { dayNumber, fromDayNumber } from "../../domain/monitoring/calendar";
import { formatDate, formatNumber } from "../../domain/monitoring/format";
import { periodContaining } from "../../domain/monitoring/periods";

/**
 * Status of an indicator, its forecast, and the roll-up of statuses up the
 * tree, as pure functions of what the database holds.
 *
 * Thin adapter: src/domain/monitoring (targets, status, rollup, forecast) is
 * being written; these functions have the shapes the storage needs and will
 * delegate to it when it lands.
 */

export interface Thresholds {
  onTrack: number;
  atRisk: number;
}

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
  /** Targets per period key. */
  targets: Record<string, number>;
}

/**
 * What the database aggregates over an indicator's validated measurements in
 * one pass (see figures-sql.ts): count, latest, and the regression sums of
 * value over time in years (PostgreSQL's regr_* aggregates).
 */
export interface Series {
  n: number;
  firstEnd: string | null;
  latestEnd: string | null;
  latestValue: number | null;
  avgx: number | null;
  avgy: number | null;
  sxx: number | null;
  sxy: number | null;
  syy: number | null;
}

export const EMPTY_SERIES: Series = {
  n: 0,
  firstEnd: null,
  latestEnd: null,
  latestValue: null,
  avgx: null,
  avgy: null,
  sxx: null,
  sxy: null,
  syy: null,
};

/** Time axis of forecasts: years since 2000-01-01 (as in the SQL aggregate). */
const EPOCH = dayNumber("2000-01-01");
export const yearsOf = (iso: string) => (dayNumber(iso) - EPOCH) / 365.25;

export interface IndicatorFigure {
  status: TrafficLight;
  progress: number | null;
  latestValue: number | null;
  latestPeriod: string | null;
  validatedCount: number;
  expectedValue: number | null;
  forecast: Forecast | null;
  explanation: string;
}

export interface Forecast {
  value: number;
  low: number;
  high: number;
  /** Probability of meeting the final target by its date. */
  probability: number;
}

/** The final target, or the gap-closing target computed from the baseline. */
export function finalTarget(def: IndicatorDef): number | null {
  if (def.targetValue !== null) return def.targetValue;
  if (def.gapReferenceValue !== null && def.gapPercent !== null && def.baselineValue !== null)
    return def.baselineValue + (def.gapPercent / 100) * (def.gapReferenceValue - def.baselineValue);
  return null;
}

const fmt = (x: number) => formatNumber(x);
const round = (x: number, digits = 6) => Math.round(x * 10 ** digits) / 10 ** digits;

function meets(direction: Direction, value: number, target: number): boolean {
  return direction === "decrease" ? value <= target : value >= target;
}

/** The value expected at a date: the period's own target, or the line from baseline to final target. */
function expectedAt(def: IndicatorDef, date: string, periodKey: string, target: number | null) {
  const own = def.targets[periodKey];
  if (own !== undefined) return own;
  if (target === null || def.baselineValue === null || !def.baselineDate || !def.targetDate)
    return target;
  const span = dayNumber(def.targetDate) - dayNumber(def.baselineDate);
  if (span <= 0) return target;
  const t = Math.min(1, Math.max(0, (dayNumber(date) - dayNumber(def.baselineDate)) / span));
  return def.baselineValue + t * (target - def.baselineValue);
}

export function indicatorFigure(
  def: IndicatorDef,
  s: Series,
  thresholds: Thresholds,
  asOf: string,
): IndicatorFigure {
  const latestPeriod = s.latestEnd ? periodContaining(def.periodicity, s.latestEnd).key : null;
  const base = {
    latestValue: s.latestValue,
    latestPeriod,
    validatedCount: s.n,
    expectedValue: null,
    forecast: null,
  };
  if (def.kind === "milestone") {
    const done = def.milestoneDoneDate !== null || (s.latestValue !== null && s.latestValue >= 1);
    if (done) return { ...base, status: "done", progress: 1, explanation: "Hito cumplido." };
    if (!def.milestoneDueDate)
      return {
        ...base,
        status: "no_data",
        progress: 0,
        explanation: "Hito sin fecha comprometida.",
      };
    if (def.milestoneDueDate < asOf)
      return {
        ...base,
        status: "off_track",
        progress: 0,
        explanation: `El hito venció el ${formatDate(def.milestoneDueDate)} sin cumplirse.`,
      };
    const soon = dayNumber(def.milestoneDueDate) - dayNumber(asOf) <= 30;
    return {
      ...base,
      status: soon ? "at_risk" : "on_track",
      progress: 0,
      explanation: `El hito vence el ${formatDate(def.milestoneDueDate)}${soon ? ", en menos de 30 días" : ""}.`,
    };
  }
  if (s.n === 0 || s.latestValue === null)
    return { ...base, status: "no_data", progress: null, explanation: "Sin mediciones validadas." };
  if (def.kind === "evidence")
    return {
      ...base,
      status: "on_track",
      progress: null,
      explanation: `${s.n} ${s.n === 1 ? "reporte validado" : "reportes validados"} con medios de verificación.`,
    };

  const latest = s.latestValue;
  if (def.direction === "band") {
    const inside = latest >= (def.bandMin ?? -Infinity) && latest <= (def.bandMax ?? Infinity);
    return {
      ...base,
      status: inside ? "on_track" : "off_track",
      progress: inside ? 1 : 0,
      explanation: `El último valor (${fmt(latest)}, ${latestPeriod}) está ${inside ? "dentro" : "fuera"} de la banda ${fmt(def.bandMin ?? 0)}–${fmt(def.bandMax ?? 0)}.`,
    };
  }
  const target = finalTarget(def);
  const forecast = forecastOf(def, s, target);
  const withForecast = { ...base, forecast };
  if (target === null)
    return {
      ...withForecast,
      status: "no_data",
      progress: null,
      explanation: "Sin meta definida: el valor no se puede evaluar.",
    };
  const baseline = def.baselineValue ?? s.avgy ?? latest;
  const span = target - baseline;
  const progress =
    span === 0 ? (meets(def.direction, latest, target) ? 1 : 0) : (latest - baseline) / span;
  const clamped = round(Math.min(1, Math.max(0, progress)));
  if (meets(def.direction, latest, target))
    return {
      ...withForecast,
      status: "done",
      progress: 1,
      explanation: `Meta cumplida: ${fmt(latest)} frente a una meta de ${fmt(target)}.`,
    };
  const expected = expectedAt(def, s.latestEnd!, latestPeriod!, target)!;
  const expectedSpan = expected - baseline;
  const ratio =
    expectedSpan === 0
      ? meets(def.direction, latest, expected)
        ? 1
        : 0
      : (latest - baseline) / expectedSpan;
  const status: TrafficLight =
    ratio >= thresholds.onTrack ? "on_track" : ratio >= thresholds.atRisk ? "at_risk" : "off_track";
  const pct = (x: number) => `${Math.round(x * 100)} %`;
  return {
    ...withForecast,
    status,
    progress: clamped,
    expectedValue: round(expected),
    explanation:
      `En ${latestPeriod} el valor es ${fmt(latest)}; se esperaba ${fmt(expected)} ` +
      `(avance ${pct(Math.max(0, ratio))} de lo esperado; en curso desde ${pct(thresholds.onTrack)}, ` +
      `en riesgo desde ${pct(thresholds.atRisk)}).`,
  };
}

// Quantiles of Student's t for a two-sided 80 % interval (0.9), by degrees of freedom.
const T90 = [3.078, 1.886, 1.638, 1.533, 1.476, 1.44, 1.415, 1.397, 1.383, 1.372];
const t90 = (df: number) => (df <= 10 ? T90[df - 1]! : 1.2816 + 2.4 / (df * 2));

/** Standard normal cumulative distribution (Abramowitz–Stegun 7.1.26). */
function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf =
    1 -
    ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
      t *
      Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/**
 * Linear trend of the validated values, projected to the target date, with an
 * 80 % prediction interval and the probability of meeting the target (needs
 * at least three measurements).
 */
export function forecastOf(def: IndicatorDef, s: Series, target: number | null): Forecast | null {
  if (s.n < 3 || !def.targetDate || target === null) return null;
  if (s.sxx === null || s.sxy === null || s.syy === null || s.avgx === null || s.avgy === null)
    return null;
  if (s.sxx <= 1e-12) return null;
  const slope = s.sxy / s.sxx;
  const x0 = yearsOf(def.targetDate);
  const value = s.avgy + slope * (x0 - s.avgx);
  const residual = Math.max(0, s.syy - (s.sxy * s.sxy) / s.sxx) / (s.n - 2);
  const se = Math.sqrt(residual * (1 + 1 / s.n + (x0 - s.avgx) ** 2 / s.sxx));
  const half = t90(s.n - 2) * se;
  let probability: number;
  if (se < 1e-12) probability = meets(def.direction, value, target) ? 1 : 0;
  else {
    const z = (value - target) / se;
    probability = def.direction === "decrease" ? normalCdf(-z) : normalCdf(z);
  }
  return {
    value: round(value),
    low: round(value - half),
    high: round(value + half),
    probability: round(probability, 4),
  };
}

export interface StatusCounts {
  on_track: number;
  at_risk: number;
  off_track: number;
  done: number;
  no_data: number;
}

export const ZERO_COUNTS: StatusCounts = {
  on_track: 0,
  at_risk: 0,
  off_track: 0,
  done: 0,
  no_data: 0,
};

export function addCounts(a: StatusCounts, b: StatusCounts): StatusCounts {
  return {
    on_track: a.on_track + b.on_track,
    at_risk: a.at_risk + b.at_risk,
    off_track: a.off_track + b.off_track,
    done: a.done + b.done,
    no_data: a.no_data + b.no_data,
  };
}

/**
 * The colour of a group of indicators: the share of indicators with data that
 * are done or on track (at risk counting half), against the plan's thresholds.
 */
export function rollUpStatus(
  c: StatusCounts,
  thresholds: Thresholds,
): { status: TrafficLight; explanation: string } {
  const judged = c.on_track + c.at_risk + c.off_track + c.done;
  const total = judged + c.no_data;
  if (judged === 0)
    return {
      status: "no_data",
      explanation:
        total === 0 ? "Sin indicadores." : `Ninguno de sus ${total} indicadores tiene datos.`,
    };
  const parts = [
    c.done && `${c.done} cumplidos`,
    c.on_track && `${c.on_track} en curso`,
    c.at_risk && `${c.at_risk} en riesgo`,
    c.off_track && `${c.off_track} atrasados`,
    c.no_data && `${c.no_data} sin datos`,
  ].filter(Boolean);
  if (c.done === judged)
    return {
      status: "done",
      explanation: `Todos los indicadores con datos cumplidos (${parts.join(", ")}).`,
    };
  const score = (c.done + c.on_track + 0.5 * c.at_risk) / judged;
  const status: TrafficLight =
    score >= thresholds.onTrack ? "on_track" : score >= thresholds.atRisk ? "at_risk" : "off_track";
  return {
    status,
    explanation: `${Math.round(score * 100)} % de los indicadores con datos van bien (${parts.join(", ")}).`,
  };
}

export function countOf(status: TrafficLight): StatusCounts {
  return { ...ZERO_COUNTS, [status]: 1 };
}

/** Progress of an item: mean of its indicators' and its children's (weighted by item weight). */
export function weightedProgress(parts: Array<{ progress: number | null; weight: number }>) {
  let sum = 0;
  let weight = 0;
  for (const p of parts)
    if (p.progress !== null && p.weight > 0) {
      sum += p.progress * p.weight;
      weight += p.weight;
    }
  return weight === 0 ? null : round(sum / weight);
}

/** The last period whose report is due by `asOf` (its end plus the grace days has passed). */
export function duePeriodKey(periodicity: Periodicity, graceDays: number, asOf: string): string {
  const limit = fromDayNumber(dayNumber(asOf) - graceDays);
  const containing = periodContaining(periodicity, limit);
  // The period containing the limit is not over yet unless the limit is its last day.
  return containing.end === limit
    ? containing.key
    : periodContaining(periodicity, fromDayNumber(dayNumber(containing.start) - 1)).key;
}
