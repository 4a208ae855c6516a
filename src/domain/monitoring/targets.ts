/**
 * What an indicator should read at a period. A PLADECO states a baseline
 * ("línea base", possibly "por establecer"), a final target and sometimes
 * targets per year (Vallenar seed, "METAS" columns); health programmes state
 * gap-closing targets instead: "Disminuir a lo menos un 3 % de la brecha, entre
 * la cobertura lograda a diciembre del año anterior y la meta nacional de
 * cobertura de 25%" (Vallenar seed, Departamento de Salud, EMPA).
 */
import { daysBetween, isIsoDate } from "./calendar";
import { formatNumber } from "./format";
import type { Period } from "./periods";

export type Direction = "increase" | "decrease" | "band";

export interface DatedValue {
  readonly value: number;
  readonly date: string;
}

export interface TargetSpec {
  readonly direction: Direction;
  /** Null while the baseline is "por establecer". */
  readonly baseline: DatedValue | null;
  /** The value to reach by the end of the plan (not used by bands). */
  readonly finalTarget: DatedValue | null;
  /** Acceptable range, for direction "band" (e.g. a waiting time kept between 10 and 20 days). */
  readonly band?: { readonly min: number; readonly max: number };
  /** Explicit targets per period key ("2025", "2025-S1"…): they win over any rule. */
  readonly periodTargets?: Readonly<Record<string, number>>;
  /** Close at least `closePercent` % of the gap between last period's value and `referenceGoal`. */
  readonly gapClosing?: { readonly referenceGoal: number; readonly closePercent: number };
}

/**
 * The expected value and where it comes from. `from` is the value progress is
 * measured from: the baseline, or last period's value for a gap-closing target.
 */
export type Expected =
  | {
      readonly kind: "value";
      readonly value: number;
      readonly from: number | null;
      readonly source: "period_target" | "gap_closing" | "linear_path";
    }
  | { readonly kind: "band"; readonly min: number; readonly max: number }
  | { readonly kind: "unknown"; readonly reason: string };

/**
 * The gap-closing target: last + p% × (goal − last). Coverage 18% last year,
 * national goal 25%, close 3% → 18 + 0.03 × 7 = 18,21. Once the goal is
 * reached there is no gap left to close and the target is to hold the goal.
 */
export function gapClosingTarget(
  last: number,
  referenceGoal: number,
  closePercent: number,
): number {
  const gap = referenceGoal - last;
  return last + (closePercent / 100) * gap;
}

function gapClosingFor(
  direction: Direction,
  last: number,
  goal: number,
  closePercent: number,
): number {
  const closed = direction === "decrease" ? last <= goal : last >= goal;
  return closed ? goal : gapClosingTarget(last, goal, closePercent);
}

/**
 * The expected value at the end of `period`. `previousValue` is the validated
 * value of the period before (needed by gap-closing targets only).
 */
export function expectedAt(
  spec: TargetSpec,
  period: Period,
  previousValue: number | null = null,
): Expected {
  const from = spec.baseline?.value ?? null;
  if (spec.direction === "band") {
    if (!spec.band)
      return { kind: "unknown", reason: "El indicador de banda no tiene mínimo y máximo" };
    return { kind: "band", min: spec.band.min, max: spec.band.max };
  }
  const explicit = spec.periodTargets?.[period.key];
  if (explicit !== undefined)
    return { kind: "value", value: explicit, from, source: "period_target" };
  if (spec.gapClosing) {
    if (previousValue === null) {
      return {
        kind: "unknown",
        reason: "La meta de cierre de brecha necesita el valor validado del período anterior",
      };
    }
    const { referenceGoal, closePercent } = spec.gapClosing;
    const value = gapClosingFor(spec.direction, previousValue, referenceGoal, closePercent);
    return { kind: "value", value, from: previousValue, source: "gap_closing" };
  }
  const base = spec.baseline;
  const final = spec.finalTarget;
  if (!final) return { kind: "unknown", reason: "El indicador no tiene meta final" };
  if (!base) {
    // Without a baseline there is no path, only the final target once its date arrives.
    if (period.end >= final.date)
      return { kind: "value", value: final.value, from: null, source: "linear_path" };
    return { kind: "unknown", reason: "Línea base por establecer" };
  }
  const span = daysBetween(base.date, final.date);
  const elapsed = daysBetween(base.date, period.end);
  const share = span <= 0 ? 1 : Math.min(1, Math.max(0, elapsed / span));
  const value = base.value + share * (final.value - base.value);
  return { kind: "value", value, from: base.value, source: "linear_path" };
}

export interface TargetError {
  /** The field as the API names it, e.g. "finalTarget.value" or "periodTargets.2025". */
  readonly field: string;
  readonly message: string;
}

const VERB: Record<"increase" | "decrease", string> = {
  increase: "aumentar",
  decrease: "disminuir",
};

/**
 * Contradictions between the targets and the direction, in Spanish, each naming
 * its field. An empty list means the targets are coherent.
 */
export function validateTargets(spec: TargetSpec): TargetError[] {
  const errors: TargetError[] = [];
  const n = (x: number) => formatNumber(x);
  for (const [field, dv] of [
    ["baseline", spec.baseline],
    ["finalTarget", spec.finalTarget],
  ] as const) {
    if (dv && !isIsoDate(dv.date)) {
      errors.push({ field: `${field}.date`, message: `La fecha «${dv.date}» no es válida` });
    }
    if (dv && !Number.isFinite(dv.value)) {
      errors.push({ field: `${field}.value`, message: "El valor debe ser un número" });
    }
  }
  if (errors.length > 0) return errors;
  const base = spec.baseline;
  const final = spec.finalTarget;
  if (base && final && final.date <= base.date) {
    errors.push({
      field: "finalTarget.date",
      message: "La fecha de la meta final debe ser posterior a la de la línea base",
    });
  }
  if (spec.direction === "band") {
    if (!spec.band)
      errors.push({ field: "band", message: "Un indicador de banda necesita mínimo y máximo" });
    else if (spec.band.min > spec.band.max) {
      errors.push({
        field: "band.min",
        message: `El mínimo de la banda (${n(spec.band.min)}) supera al máximo (${n(spec.band.max)})`,
      });
    }
    return errors;
  }
  const dir = spec.direction;
  const wrongWay = (a: number, b: number) => (dir === "increase" ? b < a : b > a);
  const relation = dir === "increase" ? "menor" : "mayor";
  if (base && final && wrongWay(base.value, final.value)) {
    errors.push({
      field: "finalTarget.value",
      message: `La meta final (${n(final.value)}) es ${relation} que la línea base (${n(base.value)}), pero el indicador es para ${VERB[dir]}`,
    });
  }
  for (const [key, value] of Object.entries(spec.periodTargets ?? {})) {
    if (base && wrongWay(base.value, value)) {
      errors.push({
        field: `periodTargets.${key}`,
        message: `La meta del período ${key} (${n(value)}) es ${relation} que la línea base (${n(base.value)}), pero el indicador es para ${VERB[dir]}`,
      });
    }
  }
  const gap = spec.gapClosing;
  if (gap) {
    if (!(gap.closePercent > 0 && gap.closePercent <= 100)) {
      errors.push({
        field: "gapClosing.closePercent",
        message: "El porcentaje de la brecha a cerrar debe ser mayor que 0 y hasta 100",
      });
    }
    if (base && wrongWay(base.value, gap.referenceGoal)) {
      errors.push({
        field: "gapClosing.referenceGoal",
        message: `La meta de referencia (${n(gap.referenceGoal)}) es ${relation} que la línea base (${n(base.value)}), pero el indicador es para ${VERB[dir]}`,
      });
    }
  }
  return errors;
}
