import { evaluateFormula, parseFormula, variablesOf } from "../../../src/domain/formula";
import { periodicityOf } from "./chart-scale";

export type Periodicity = "year" | "semester" | "quarter" | "month";

export const PERIOD_EXAMPLE: Record<Periodicity, string> = {
  year: "2026",
  semester: "2026-S1",
  quarter: "2026-Q2",
  month: "2026-06",
};

/** The variables a formula names, in order (none when it does not parse). */
export function formulaVariables(formula: string | null): string[] {
  if (!formula) return [];
  const parsed = parseFormula(formula);
  return parsed.ok ? variablesOf(parsed.ast) : [];
}

/** The formula's value for the variables, or why it cannot be computed yet. */
export function previewFormula(
  formula: string,
  values: Record<string, number | null>,
): { ok: true; value: number } | { ok: false; missing: boolean; message: string } {
  const parsed = parseFormula(formula);
  if (!parsed.ok) return { ok: false, missing: false, message: parsed.error.message };
  const known: Record<string, number> = {};
  for (const name of variablesOf(parsed.ast)) {
    const value = values[name];
    if (value === null || value === undefined) return { ok: false, missing: true, message: "" };
    known[name] = value;
  }
  const result = evaluateFormula(parsed.ast, known);
  if (result.ok) return { ok: true, value: Math.round(result.value * 1e6) / 1e6 };
  return { ok: false, missing: false, message: result.error.message };
}

/** The periodicity of an indicator, read from its measurements' periods (the API does not say). */
export function inferPeriodicity(periods: string[]): Periodicity {
  for (let i = periods.length - 1; i >= 0; i -= 1) {
    const found = periodicityOf(periods[i] ?? "");
    if (found) return found;
  }
  return "year";
}

/** The period containing a date ("2026-11-22"), for a periodicity. */
export function periodOf(periodicity: Periodicity, isoDate: string): string {
  const year = isoDate.slice(0, 4);
  const month = Number(isoDate.slice(5, 7));
  switch (periodicity) {
    case "year":
      return year;
    case "semester":
      return `${year}-S${month <= 6 ? 1 : 2}`;
    case "quarter":
      return `${year}-Q${Math.ceil(month / 3)}`;
    case "month":
      return `${year}-${String(month).padStart(2, "0")}`;
  }
}

/** Today in Chile, as a calendar date. */
export function todayInChile(now = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "America/Santiago" }).format(now);
}
