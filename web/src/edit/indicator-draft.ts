import { parseFormula, variablesOf } from "../../../src/domain/formula";
import { t } from "../i18n/es-CL";
import { numberForInput, parseLocaleNumber } from "../i18n/format";
import type { ItemDetail } from "../types";
import { rowKey } from "./item-links";

/**
 * The indicator form's draft (texts as typed) and the body it sends: name and kind, the formula
 * and its variables' labels, and the monitoring definition (value type, direction or band,
 * baseline, per-period, final and gap-closing targets, periodicity, category, sources).
 * Target rows keep the order in which they are sent, so that "targets.2.value" from the server
 * lands on the third row.
 */

export type Indicator = ItemDetail["indicators"][number];
export const KINDS = ["formula", "value", "milestone", "evidence"] as const;
export type Kind = (typeof KINDS)[number];
export const VALUE_TYPES = ["count", "percentage", "clp", "days"] as const;
export const DIRECTIONS = ["increase", "decrease", "band"] as const;
export const PERIODICITIES = ["year", "semester", "quarter", "month"] as const;
export const CATEGORIES = ["early_warning", "department_goal", "program_goal"] as const;
export const PROGRAM_GOAL_TYPES = ["coverage", "quality", "efficiency", "efficacy"] as const;
type Periodicity = (typeof PERIODICITIES)[number];

export interface TargetRow {
  key: number;
  year: string;
  /** "" (the whole year), "S1", "Q3", "06". */
  part: string;
  value: string;
}

export interface IndicatorDraft {
  name: string;
  kind: Kind;
  formula: string;
  variableLabels: Record<string, string>;
  valueType: "" | (typeof VALUE_TYPES)[number];
  unit: string;
  milestoneDueDate: string;
  milestoneDoneDate: string;
  direction: (typeof DIRECTIONS)[number];
  bandMin: string;
  bandMax: string;
  baselineValue: string;
  baselineDate: string;
  baselinePending: boolean;
  baselineText: string;
  targetValue: string;
  targetDate: string;
  targetText: string;
  targets: TargetRow[];
  gapReferenceValue: string;
  gapPercent: string;
  periodicity: Periodicity;
  graceDays: string;
  category: "" | (typeof CATEGORIES)[number];
  programGoalType: "" | (typeof PROGRAM_GOAL_TYPES)[number];
  dataSource: string;
  verificationMeans: string;
}

/** The parts of a year a target can be set for, by periodicity ("" is the whole year). */
export function periodParts(periodicity: Periodicity): string[] {
  switch (periodicity) {
    case "year":
      return [""];
    case "semester":
      return ["", "S1", "S2"];
    case "quarter":
      return ["", "Q1", "Q2", "Q3", "Q4"];
    case "month":
      return ["", ...Array.from({ length: 12 }, (_, i) => String(i + 1).padStart(2, "0"))];
  }
}

export function targetRowOf(period: string, value: number | null): TargetRow {
  const [year = "", part = ""] = period.split("-");
  return { key: rowKey(), year, part, value: numberForInput(value) };
}

export function draftOf(indicator: Indicator | null): IndicatorDraft {
  const i = indicator;
  return {
    name: i?.name ?? "",
    kind: i?.kind ?? "value",
    formula: i?.formula ?? "",
    variableLabels: Object.fromEntries((i?.variables ?? []).map((v) => [v.name, v.label])),
    valueType: i?.valueType ?? "",
    unit: i?.unit ?? "",
    milestoneDueDate: i?.milestoneDueDate ?? "",
    milestoneDoneDate: i?.milestoneDoneDate ?? "",
    direction: i?.direction ?? "increase",
    bandMin: numberForInput(i?.bandMin),
    bandMax: numberForInput(i?.bandMax),
    baselineValue: numberForInput(i?.baselineValue),
    baselineDate: i?.baselineDate ?? "",
    baselinePending: i?.baselinePending ?? false,
    baselineText: i?.baselineText ?? "",
    targetValue: numberForInput(i?.targetValue),
    targetDate: i?.targetDate ?? "",
    targetText: i?.targetText ?? "",
    targets: (i?.targets ?? []).map((x) => targetRowOf(x.period, x.value)),
    gapReferenceValue: numberForInput(i?.gapReferenceValue),
    gapPercent: numberForInput(i?.gapPercent),
    periodicity: i?.periodicity ?? "year",
    graceDays: String(i?.graceDays ?? 0),
    category: i?.category ?? "",
    programGoalType: i?.programGoalType ?? "",
    dataSource: i?.dataSource ?? "",
    verificationMeans: i?.verificationMeans ?? "",
  };
}

/** The variables of the draft's formula, in order of appearance; [] when it does not parse. */
export function formulaVariableNames(draft: IndicatorDraft): string[] {
  if (draft.kind !== "formula" || !draft.formula.trim()) return [];
  const parsed = parseFormula(draft.formula);
  return parsed.ok ? variablesOf(parsed.ast) : [];
}

/** The formula's error (message and 1-based position) as the user types, or null. */
export function formulaProblem(draft: IndicatorDraft): string | null {
  if (draft.kind !== "formula" || !draft.formula.trim()) return null;
  const parsed = parseFormula(draft.formula);
  if (parsed.ok) return null;
  return t("indicatorEdit.formulaError", {
    message: parsed.error.message,
    position: parsed.error.position + 1,
  });
}

/**
 * The request body from the draft, or the errors found before sending (numbers that are not
 * numbers, a target without its year), keyed by the server's field paths.
 */
export function bodyOf(draft: IndicatorDraft): {
  body: Record<string, unknown>;
  errors: Record<string, string>;
} {
  const errors: Record<string, string> = {};
  const number = (field: string, text: string): number | null => {
    const value = parseLocaleNumber(text);
    if (text.trim() !== "" && value === null) errors[field] = t("edit.error.number");
    return value;
  };
  const text = (value: string) => value.trim() || null;
  if (!draft.name.trim()) errors.name = t("indicatorEdit.nameMissing");
  const problem = formulaProblem(draft);
  if (problem) errors.formula = problem;
  const graceDays = Number(draft.graceDays.trim() || "0");
  if (!Number.isInteger(graceDays) || graceDays < 0)
    errors.graceDays = t("indicatorEdit.error.graceDays");
  const targets = draft.targets.map((row, i) => {
    if (!/^\d{4}$/.test(row.year.trim()))
      errors[`targets.${i}.period`] = t("indicatorEdit.error.year");
    const value = number(`targets.${i}.value`, row.value);
    if (value === null && !errors[`targets.${i}.value`])
      errors[`targets.${i}.value`] = t("indicatorEdit.error.targetValue");
    return {
      period: row.part ? `${row.year.trim()}-${row.part}` : row.year.trim(),
      value: value ?? 0,
    };
  });
  const isBand = draft.direction === "band";
  const body: Record<string, unknown> = {
    name: draft.name.trim(),
    kind: draft.kind,
    formula: draft.kind === "formula" ? text(draft.formula) : null,
    variables: formulaVariableNames(draft).map((name) => ({
      name,
      label: draft.variableLabels[name]?.trim() || name,
    })),
    valueType: draft.kind === "value" || draft.kind === "formula" ? draft.valueType || null : null,
    unit: text(draft.unit),
    direction: draft.direction,
    bandMin: isBand ? number("bandMin", draft.bandMin) : null,
    bandMax: isBand ? number("bandMax", draft.bandMax) : null,
    baselinePending: draft.baselinePending,
    baselineValue: draft.baselinePending ? null : number("baselineValue", draft.baselineValue),
    baselineDate: draft.baselineDate || null,
    baselineText: text(draft.baselineText),
    targetValue: number("targetValue", draft.targetValue),
    targetDate: draft.targetDate || null,
    targetText: text(draft.targetText),
    targets,
    gapReferenceValue: number("gapReferenceValue", draft.gapReferenceValue),
    gapPercent: number("gapPercent", draft.gapPercent),
    periodicity: draft.periodicity,
    graceDays: Number.isInteger(graceDays) ? graceDays : 0,
    category: draft.category || null,
    programGoalType: draft.category === "program_goal" ? draft.programGoalType || null : null,
    dataSource: text(draft.dataSource),
    verificationMeans: text(draft.verificationMeans),
    milestoneDueDate: draft.kind === "milestone" ? draft.milestoneDueDate || null : null,
    milestoneDoneDate: draft.kind === "milestone" ? draft.milestoneDoneDate || null : null,
  };
  return { body, errors };
}
