/**
 * The traffic light ("semáforo") of one indicator at one period, always with
 * the reason in Spanish. The methodology seed asks for indicators of
 * "cumplimiento de plazos, cumplimiento de metas" and early-warning "hitos"
 * that "al no ocurrir permiten tomar acción inmediata" (Putre seed, Etapa 4);
 * PRODUCT.md asks for "an explanation of every colour".
 *
 * Progress is the share of the change expected by the period that actually
 * happened, from the baseline (or last period's value for gap-closing targets)
 * and capped to [0, 1]: 10 of 12 workshops expected by June → 83%. For
 * "decrease" indicators the change is the reduction. That one number drives
 * the colour, the roll-ups and the plan's "% de cumplimiento".
 */
import { daysBetween } from "./calendar";
import { formatDate, formatNumber, formatPercent, plural } from "./format";
import type { Period } from "./periods";
import { comparePeriods, parsePeriodKey, periodLabel, previousPeriod } from "./periods";
import type { TargetSpec } from "./targets";
import { expectedAt } from "./targets";

export type Status = "done" | "on_track" | "at_risk" | "off_track" | "no_data";

/** Plan-level thresholds on progress (0–1); `bandMargin` is a share of the band's width. */
export interface Thresholds {
  readonly onTrack: number;
  readonly atRisk: number;
  readonly bandMargin: number;
}

/** On track from 90% of what was expected, at risk from 70%: a common public-sector semáforo. */
export const DEFAULT_THRESHOLDS: Thresholds = { onTrack: 0.9, atRisk: 0.7, bandMargin: 0.1 };

export interface StatusResult {
  readonly status: Status;
  /** 0–1, or null when there is nothing to measure. */
  readonly progress: number | null;
  readonly explanation: string;
}

/** A validated measurement (only validated values count for colours). */
export interface Measurement {
  readonly periodKey: string;
  readonly value: number;
}

export function validateThresholds(t: Thresholds): string[] {
  const errors: string[] = [];
  if (!(t.atRisk > 0 && t.atRisk <= t.onTrack && t.onTrack <= 1)) {
    errors.push("Los umbrales deben cumplir 0 < en riesgo ≤ en camino ≤ 100%");
  }
  if (!(t.bandMargin >= 0)) errors.push("El margen de la banda no puede ser negativo");
  return errors;
}

export function statusFromProgress(progress: number | null, t: Thresholds): Status {
  if (progress === null) return "no_data";
  if (progress >= t.onTrack) return "on_track";
  if (progress >= t.atRisk) return "at_risk";
  return "off_track";
}

/** The threshold clause of an explanation: the line the value is measured against. */
export function thresholdClause(status: Status, t: Thresholds): string {
  if (status === "on_track") return `umbral en camino ${formatPercent(t.onTrack)}`;
  if (status === "at_risk") return `umbral en riesgo ${formatPercent(t.atRisk)}`;
  return `bajo el umbral en riesgo ${formatPercent(t.atRisk)}`;
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));
const num = (x: number) => formatNumber(x, 2);

/**
 * Progress toward `expected` from `from`. When no change was expected (from =
 * expected) or there is no baseline, the value is compared with the target
 * itself: met → 1, otherwise the ratio of the two.
 */
export function progressToward(
  direction: "increase" | "decrease",
  value: number,
  expected: number,
  from: number | null,
): number {
  const up = direction === "increase";
  if (up ? value >= expected : value <= expected) return 1;
  if (from !== null && from !== expected) return clamp01((value - from) / (expected - from));
  if (up) return expected > 0 ? clamp01(value / expected) : 0;
  return value > 0 ? clamp01(expected / value) : 0;
}

export interface QuantitativeInput {
  readonly spec: TargetSpec;
  readonly period: Period;
  readonly measurements: readonly Measurement[];
  /** Plural unit for the explanation: "talleres", "días", "%". */
  readonly unit?: string;
  readonly thresholds?: Thresholds;
}

function valueOf(measurements: readonly Measurement[], key: string): number | undefined {
  for (const m of measurements) if (m.periodKey === key) return m.value;
  return undefined;
}

export function quantitativeStatus(input: QuantitativeInput): StatusResult {
  const { spec, period, measurements } = input;
  const t = input.thresholds ?? DEFAULT_THRESHOLDS;
  const unit = input.unit ? ` ${input.unit}` : "";
  const label = periodLabel(period);
  const value = valueOf(measurements, period.key);
  if (value === undefined) return noData(period, measurements);

  const final = spec.finalTarget;
  if (final && spec.direction !== "band") {
    const reached = spec.direction === "increase" ? value >= final.value : value <= final.value;
    if (reached) {
      return {
        status: "done",
        progress: 1,
        explanation: `Meta final alcanzada a ${label}: ${num(value)}${unit} (meta ${num(final.value)})`,
      };
    }
  }
  const expected = expectedAt(
    spec,
    period,
    valueOf(measurements, previousPeriod(period).key) ?? null,
  );
  if (expected.kind === "unknown") {
    return {
      status: "no_data",
      progress: null,
      explanation: `${num(value)}${unit} a ${label}, sin valor esperado con qué comparar: ${expected.reason.toLowerCase()}`,
    };
  }
  if (expected.kind === "band") return bandStatus(value, expected, label, unit, t);

  const direction = spec.direction === "decrease" ? "decrease" : "increase";
  const progress = progressToward(direction, value, expected.value, expected.from);
  const status = statusFromProgress(progress, t);
  const from = expected.from !== null && expected.from !== 0 ? `, desde ${num(expected.from)}` : "";
  const detail =
    direction === "increase"
      ? `${formatPercent(progress)} de lo esperado a ${label} (${num(value)} de ${num(expected.value)}${unit}${from})`
      : `${formatPercent(progress)} de la reducción esperada a ${label} (${num(value)}${unit}; se esperaba ${num(expected.value)}${from})`;
  return { status, progress, explanation: `${detail}; ${thresholdClause(status, t)}` };
}

function noData(period: Period, measurements: readonly Measurement[]): StatusResult {
  const earlier = measurements
    .map((m) => parsePeriodKey(m.periodKey))
    .filter((p): p is Period => p !== null && comparePeriods(p, period) < 0)
    .sort(comparePeriods)
    .at(-1);
  const explanation = earlier
    ? `Sin mediciones validadas desde ${periodLabel(earlier)}`
    : `Sin mediciones validadas a ${periodLabel(period)}`;
  return { status: "no_data", progress: null, explanation };
}

function bandStatus(
  value: number,
  band: { min: number; max: number },
  label: string,
  unit: string,
  t: Thresholds,
): StatusResult {
  const range = `${num(band.min)}–${num(band.max)}${unit}`;
  if (value >= band.min && value <= band.max) {
    return {
      status: "on_track",
      progress: 1,
      explanation: `Dentro del rango ${range} a ${label} (${num(value)})`,
    };
  }
  const width = band.max - band.min;
  const scale = width > 0 ? width : Math.max(Math.abs(band.min), Math.abs(band.max), 1);
  const distance = value < band.min ? band.min - value : value - band.max;
  const side = value < band.min ? "bajo el mínimo" : "sobre el máximo";
  const margin = t.bandMargin * scale;
  const status = distance <= margin ? "at_risk" : "off_track";
  return {
    status,
    progress: clamp01(1 - distance / scale),
    explanation: `Fuera del rango ${range} a ${label} (${num(value)}, ${num(distance)} ${side}); margen en riesgo ${num(margin)}`,
  };
}

export interface Milestone {
  readonly dueDate: string;
  /** The day it happened, or null while it has not. */
  readonly doneDate: string | null;
}

/**
 * Milestones are the seed's early-warning indicators. A pending milestone
 * before its due date is on track and counts as 100% of what was expected so far.
 */
export function milestoneStatus(m: Milestone, asOf: string): StatusResult {
  if (m.doneDate !== null && m.doneDate <= asOf) {
    const late = daysBetween(m.dueDate, m.doneDate);
    const suffix = late > 0 ? `, con ${plural(late, "día", "días")} de atraso` : "";
    return {
      status: "done",
      progress: 1,
      explanation: `Hito cumplido el ${formatDate(m.doneDate)}${suffix}`,
    };
  }
  if (asOf <= m.dueDate) {
    const left = daysBetween(asOf, m.dueDate);
    const when = left === 0 ? "hoy" : `en ${plural(left, "día", "días")}`;
    return {
      status: "on_track",
      progress: 1,
      explanation: `Hito pendiente; vence el ${formatDate(m.dueDate)} (${when})`,
    };
  }
  return {
    status: "off_track",
    progress: 0,
    explanation: `Hito vencido el ${formatDate(m.dueDate)} sin cumplir`,
  };
}

/** Evidence-only indicators ("registro fotográfico / asistencia"): met when evidence exists. */
export function evidenceStatus(period: Period, hasEvidence: boolean): StatusResult {
  const label = periodLabel(period);
  return hasEvidence
    ? {
        status: "on_track",
        progress: 1,
        explanation: `Medio de verificación registrado para ${label}`,
      }
    : { status: "no_data", progress: null, explanation: `Sin medio de verificación para ${label}` };
}

export type IndicatorStatusInput =
  | ({ readonly kind: "quantitative" } & QuantitativeInput)
  | { readonly kind: "milestone"; readonly milestone: Milestone; readonly asOf: string }
  | { readonly kind: "evidence"; readonly period: Period; readonly hasEvidence: boolean };

export function indicatorStatus(input: IndicatorStatusInput): StatusResult {
  switch (input.kind) {
    case "quantitative":
      return quantitativeStatus(input);
    case "milestone":
      return milestoneStatus(input.milestone, input.asOf);
    case "evidence":
      return evidenceStatus(input.period, input.hasEvidence);
  }
}
