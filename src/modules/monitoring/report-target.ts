import { parsePeriodKey, periodLabel } from "../../domain/monitoring/periods";
import { notFound } from "../../server/problem";
import { deny, type MunicipalityScope } from "../../server/scope";
import { FieldErrors, invalid } from "../../server/writes";
import { can, canReportOn } from "../auth/permissions";
import { computeFormula } from "./formula";

/**
 * What a report of progress is checked against before it is stored: the
 * indicator (its kind, formula, periodicity and the plan's years), who may
 * report on it and validate it, the value computed from the formula's
 * variables, and the period.
 */

const PERIODICITY_EXAMPLE = {
  year: "2025",
  semester: "2025-S1",
  quarter: "2025-Q2",
  month: "2025-06",
} as const;
const PERIODICITY_NAME = {
  year: "año",
  semester: "semestre",
  quarter: "trimestre",
  month: "mes",
} as const;

export interface ReportTarget {
  id: string;
  itemId: string;
  kind: "formula" | "value" | "milestone" | "evidence";
  formula: string | null;
  periodicity: "year" | "semester" | "quarter" | "month";
  startYear: number;
  endYear: number;
  published: boolean;
  unitIds: string[];
  labels: Record<string, string>;
}

/** The indicator a measurement is about, with what the checks need; 404 when not here. */
export async function reportTarget(
  scope: MunicipalityScope,
  indicatorId: string,
): Promise<ReportTarget> {
  const row = await scope.trx
    .selectFrom("indicator as i")
    .innerJoin("plan_item as p", "p.id", "i.item_id")
    .innerJoin("plan as pl", "pl.id", "p.plan_id")
    .select([
      "i.id",
      "i.item_id",
      "i.kind",
      "i.formula",
      "i.periodicity",
      "pl.start_year",
      "pl.end_year",
      "pl.published_at",
    ])
    .where("i.id", "=", indicatorId)
    .executeTakeFirst();
  const readable =
    row && (row.published_at !== null || can(scope.principal, scope.municipality.id, "plan.read"));
  if (!row || !readable)
    throw notFound(
      `La municipalidad ${scope.municipality.cutCode} no tiene un indicador ${indicatorId} visible para usted.`,
    );
  const [units, variables] = await Promise.all([
    scope.trx
      .selectFrom("plan_item_unit")
      .select("unit_id")
      .where("item_id", "=", row.item_id)
      .execute(),
    scope.trx
      .selectFrom("indicator_variable")
      .select(["name", "label"])
      .where("indicator_id", "=", row.id)
      .execute(),
  ]);
  return {
    id: row.id,
    itemId: row.item_id,
    kind: row.kind,
    formula: row.formula,
    periodicity: row.periodicity,
    startYear: row.start_year,
    endYear: row.end_year,
    published: row.published_at !== null,
    unitIds: units.map((u) => u.unit_id),
    labels: Object.fromEntries(variables.map((v) => [v.name, v.label])),
  };
}

export function requireReporter(scope: MunicipalityScope, target: ReportTarget) {
  if (!canReportOn(scope.principal, scope.municipality.id, target.unitIds))
    deny(
      scope.principal,
      "Solo los editores de las unidades responsables de la iniciativa y los administradores reportan avances.",
    );
}

export function requireValidator(scope: MunicipalityScope) {
  if (!can(scope.principal, scope.municipality.id, "measurement.validate"))
    deny(scope.principal, "Solo los validadores y los administradores validan reportes de avance.");
}

/** The value of a report: computed from the variables for a formula, given otherwise. */
export function valueOf(
  target: ReportTarget,
  input: { variables?: Record<string, number> | undefined; value?: number | null | undefined },
): { value: number | null; variables: Record<string, number> } {
  const variables = input.variables ?? {};
  if (target.kind === "formula") {
    if (!target.formula)
      throw invalid([
        { path: "formula", message: "El indicador no tiene fórmula: defínala antes de reportar." },
      ]);
    if (input.value !== undefined && input.value !== null)
      throw invalid([
        {
          path: "value",
          message:
            "El valor de un indicador con fórmula se calcula desde sus variables: no lo envíe.",
        },
      ]);
    const result = computeFormula(target.formula, variables, target.labels);
    if (!result.ok) throw invalid(result.errors);
    return { value: Math.round(result.value * 1e6) / 1e6, variables };
  }
  if (Object.keys(variables).length > 0)
    throw invalid(
      Object.keys(variables).map((n) => ({
        path: `variables.${n}`,
        message: "Este indicador no usa variables: envíe «value».",
      })),
    );
  if (target.kind === "milestone") {
    const v = input.value ?? 0;
    if (v !== 0 && v !== 1)
      throw invalid([
        { path: "value", message: "Un hito se reporta con 1 (cumplido) o 0 (no cumplido)." },
      ]);
    return { value: v, variables };
  }
  if (target.kind === "value") {
    if (input.value === undefined || input.value === null)
      throw invalid([{ path: "value", message: "Falta el valor del período." }]);
    return { value: input.value, variables };
  }
  return { value: input.value ?? null, variables };
}

export function checkPeriod(target: ReportTarget, text: string) {
  const errors = new FieldErrors();
  const period = parsePeriodKey(text);
  const example = PERIODICITY_EXAMPLE[target.periodicity];
  if (!period) {
    errors.add("period", `«${text}» no es un período: escriba, por ejemplo, ${example}.`);
    errors.throwIfAny();
    throw new Error("unreachable");
  }
  if (period.periodicity !== target.periodicity)
    errors.add(
      "period",
      `Este indicador se reporta por ${PERIODICITY_NAME[target.periodicity]}: escriba, por ejemplo, ${example}.`,
    );
  if (period.year < target.startYear || period.year > target.endYear)
    errors.add(
      "period",
      `${periodLabel(period)} está fuera del plan (${target.startYear}–${target.endYear}).`,
    );
  errors.throwIfAny();
  return period;
}
