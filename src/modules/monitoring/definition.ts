import { sql } from "kysely";
import { parsePeriodKey } from "../../domain/monitoring/periods";
import { notFound } from "../../server/problem";
import { deny, type MunicipalityScope } from "../../server/scope";
import { checkVersion, FieldErrors } from "../../server/writes";
import { canEditItem } from "../auth/permissions";
import { refreshIndicator } from "./figures";
import { formulaVariables } from "./formula";
import type { DefinitionInput } from "./schemas";

/**
 * The definition of an indicator for the engine: kind, formula and its
 * variables, direction, baseline, targets (per period, final, gap-closing),
 * periodicity, category, sources. Every inconsistency is a field error and
 * nothing is saved. Meant to move to src/modules/indicators with the editing API.
 */
export function checkDefinition(
  d: DefinitionInput,
  plan: { startYear: number; endYear: number },
): FieldErrors {
  const errors = new FieldErrors();
  if (d.kind === "formula") {
    if (!d.formula) errors.add("formula", "Un indicador de fórmula necesita su fórmula.");
    else {
      const parsed = formulaVariables(d.formula);
      if (!parsed.ok) errors.add(parsed.error.path, parsed.error.message);
      else {
        const declared = new Set(d.variables.map((v) => v.name));
        for (const name of parsed.names)
          if (!declared.has(name))
            errors.add(
              "variables",
              `La fórmula usa «${name}», que no está entre las variables: agréguela con su nombre visible.`,
            );
        d.variables.forEach((v, i) => {
          if (!parsed.names.includes(v.name))
            errors.add(`variables.${i}.name`, `La variable «${v.name}» no aparece en la fórmula.`);
        });
      }
    }
  } else if (d.variables.length > 0)
    errors.add("variables", "Solo los indicadores de fórmula tienen variables.");
  if (new Set(d.variables.map((v) => v.name)).size !== d.variables.length)
    errors.add("variables", "Los nombres de las variables se repiten.");
  if (d.kind === "milestone" && !d.milestoneDueDate)
    errors.add("milestoneDueDate", "Un hito necesita su fecha comprometida.");
  if (d.direction === "band") {
    if (d.bandMin == null) errors.add("bandMin", "Un indicador de banda necesita su mínimo.");
    if (d.bandMax == null) errors.add("bandMax", "Un indicador de banda necesita su máximo.");
    if (d.bandMin != null && d.bandMax != null && d.bandMin > d.bandMax)
      errors.add("bandMax", "El máximo de la banda es menor que su mínimo.");
  }
  if (d.baselinePending && d.baselineValue != null)
    errors.add(
      "baselineValue",
      "La línea base está «por establecer»: no indique su valor, o desmarque «por establecer».",
    );
  if ((d.gapPercent == null) !== (d.gapReferenceValue == null))
    errors.add(
      d.gapPercent == null ? "gapPercent" : "gapReferenceValue",
      "Una meta de cierre de brecha necesita el valor de referencia y el porcentaje de la brecha.",
    );
  if (d.gapPercent != null && d.baselineValue == null && !d.baselinePending)
    errors.add(
      "baselineValue",
      "Una meta de cierre de brecha se calcula desde la línea base: indíquela o márquela «por establecer».",
    );
  if (d.gapPercent != null && d.targetValue != null)
    errors.add("targetValue", "Indique una meta final o una meta de cierre de brecha, no ambas.");
  if (d.programGoalType && d.category !== "program_goal")
    errors.add(
      "programGoalType",
      "El tipo (cobertura, calidad, eficiencia, eficacia) es solo para metas de programa.",
    );

  // A target must lie on the side the indicator moves towards.
  const base = d.baselineValue;
  const wrongSide = (value: number) =>
    base != null &&
    (d.direction === "increase" ? value < base : d.direction === "decrease" ? value > base : false);
  const sense = d.direction === "increase" ? "aumentar" : "disminuir";
  if (d.targetValue != null && wrongSide(d.targetValue))
    errors.add(
      "targetValue",
      `La meta (${d.targetValue}) contradice la dirección: el indicador debe ${sense} desde su línea base (${base}).`,
    );
  if (d.gapReferenceValue != null && wrongSide(d.gapReferenceValue))
    errors.add(
      "gapReferenceValue",
      `El valor de referencia (${d.gapReferenceValue}) contradice la dirección: el indicador debe ${sense} desde su línea base (${base}).`,
    );
  const seen = new Set<string>();
  d.targets.forEach((t, i) => {
    const p = parsePeriodKey(t.period);
    if (!p) errors.add(`targets.${i}.period`, `«${t.period}» no es un período.`);
    else if (p.year < plan.startYear || p.year > plan.endYear)
      errors.add(
        `targets.${i}.period`,
        `El período ${t.period} está fuera del plan (${plan.startYear}–${plan.endYear}).`,
      );
    if (seen.has(t.period)) errors.add(`targets.${i}.period`, `El período ${t.period} se repite.`);
    seen.add(t.period);
    if (wrongSide(t.value))
      errors.add(
        `targets.${i}.value`,
        `La meta de ${t.period} (${t.value}) contradice la dirección: el indicador debe ${sense} desde su línea base (${base}).`,
      );
  });
  if (d.direction !== "band") {
    const ordered = d.targets
      .map((t, i) => ({ ...t, i, p: parsePeriodKey(t.period) }))
      .filter((t) => t.p)
      .sort((a, b) => (a.p!.end < b.p!.end ? -1 : 1));
    for (let k = 1; k < ordered.length; k++) {
      const [prev, cur] = [ordered[k - 1]!, ordered[k]!];
      if (d.direction === "increase" ? cur.value < prev.value : cur.value > prev.value)
        errors.add(
          `targets.${cur.i}.value`,
          `La meta de ${cur.period} retrocede respecto de ${prev.period}: el indicador debe ${sense}.`,
        );
    }
  }
  return errors;
}

export async function saveDefinition(
  scope: MunicipalityScope,
  indicatorId: string,
  d: DefinitionInput,
) {
  const current = await scope.trx
    .selectFrom("indicator as i")
    .innerJoin("plan_item as p", "p.id", "i.item_id")
    .innerJoin("plan as pl", "pl.id", "p.plan_id")
    .selectAll("i")
    .select(["pl.start_year", "pl.end_year"])
    .where("i.id", "=", indicatorId)
    .forUpdate("i")
    .executeTakeFirst();
  if (!current) throw notFound(`No existe el indicador ${indicatorId} en esta municipalidad.`);
  const units = await scope.trx
    .selectFrom("plan_item_unit")
    .select("unit_id")
    .where("item_id", "=", current.item_id)
    .execute();
  if (
    !canEditItem(
      scope.principal,
      scope.municipality.id,
      units.map((u) => u.unit_id),
    )
  )
    deny(
      scope.principal,
      "Solo los editores de las unidades responsables y los administradores definen el indicador.",
    );
  checkVersion(current, d.version, "El indicador", "");
  checkDefinition(d, { startYear: current.start_year, endYear: current.end_year }).throwIfAny();

  const values = {
    kind: d.kind,
    formula: d.kind === "formula" ? (d.formula ?? null) : current.formula,
    value_type: d.valueType ?? null,
    direction: d.direction,
    band_min: d.bandMin ?? null,
    band_max: d.bandMax ?? null,
    baseline_value: d.baselineValue ?? null,
    baseline_date: d.baselineDate ?? null,
    baseline_pending: d.baselinePending,
    target_value: d.targetValue ?? null,
    target_date: d.targetDate ?? null,
    gap_reference_value: d.gapReferenceValue ?? null,
    gap_percent: d.gapPercent ?? null,
    periodicity: d.periodicity,
    grace_days: d.graceDays,
    category: d.category ?? null,
    program_goal_type: d.programGoalType ?? null,
    data_source: d.dataSource ?? null,
    verification_means: d.verificationMeans ?? null,
    milestone_due_date: d.milestoneDueDate ?? null,
    milestone_done_date: d.milestoneDoneDate ?? null,
  };
  const updated = await scope.trx
    .updateTable("indicator")
    .set({ ...values, version: sql`version + 1`, updated_at: sql`now()` })
    .where("id", "=", indicatorId)
    .returning(["id", "version"])
    .executeTakeFirstOrThrow();
  await scope.trx
    .deleteFrom("indicator_variable")
    .where("indicator_id", "=", indicatorId)
    .execute();
  if (d.variables.length > 0)
    await scope.trx
      .insertInto("indicator_variable")
      .values(
        d.variables.map((v, sort) => ({
          municipality_id: scope.municipality.id,
          indicator_id: indicatorId,
          name: v.name,
          label: v.label,
          sort,
        })),
      )
      .execute();
  await scope.trx.deleteFrom("indicator_target").where("indicator_id", "=", indicatorId).execute();
  if (d.targets.length > 0)
    await scope.trx
      .insertInto("indicator_target")
      .values(
        d.targets.map((t) => ({
          municipality_id: scope.municipality.id,
          indicator_id: indicatorId,
          period_key: t.period,
          value: t.value,
        })),
      )
      .execute();
  const { version: _v, ...after } = d;
  await scope.audit({
    action: "update",
    entityType: "indicator",
    entityId: indicatorId,
    before: current,
    after,
  });
  await refreshIndicator(scope.trx, indicatorId);
  return updated;
}
