import { quantile } from "simple-statistics";

/**
 * Class breaks of a choropleth. A break is the upper bound of its class:
 * class i holds the values v with breaks[i-1] < v ≤ breaks[i]; the last
 * break is the maximum, so every value falls in a class.
 */
export type ClassMethod = "quantile" | "equal" | "manual";

export class BreaksError extends Error {}

/** Parses manual breaks "10,20,30" (ascending numbers; a decimal point). */
export function parseBreaks(text: string | undefined): number[] {
  if (!text?.trim()) throw new BreaksError("indique los cortes manuales, p. ej. 10,20,30");
  const parts = text.split(",").map((s) => s.trim());
  const values = parts.map(Number);
  const bad = parts.find((s, i) => s === "" || !Number.isFinite(values[i]));
  if (bad !== undefined)
    throw new BreaksError(`el corte «${bad}» no es un número (use punto decimal)`);
  for (let i = 1; i < values.length; i++)
    if (values[i]! <= values[i - 1]!)
      throw new BreaksError("los cortes deben ir de menor a mayor, sin repetirse");
  if (values.length > 8) throw new BreaksError("se aceptan hasta 8 cortes (9 clases)");
  return values;
}

export function classBreaks(
  values: readonly number[],
  method: ClassMethod,
  classes: number,
  manual: readonly number[] = [],
): number[] {
  if (values.length === 0) return method === "manual" ? [...manual] : [];
  const min = Math.min(...values);
  const max = Math.max(...values);
  let breaks: number[];
  if (method === "manual") breaks = manual.filter((b) => b < max).concat(max);
  else if (method === "equal")
    breaks = Array.from({ length: classes }, (_, i) =>
      i === classes - 1 ? max : min + ((max - min) * (i + 1)) / classes,
    );
  else
    breaks = quantile(
      [...values],
      Array.from({ length: classes }, (_, i) => (i + 1) / classes),
    );
  // Equal values collapse classes: keep each bound once.
  return breaks.filter((b, i) => i === 0 || b > breaks[i - 1]!);
}

export function classOf(value: number | null, breaks: readonly number[]): number | null {
  if (value === null || breaks.length === 0) return null;
  const i = breaks.findIndex((b) => value <= b);
  return i === -1 ? breaks.length - 1 : i;
}
