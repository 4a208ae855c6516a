import { parsePeriodKey } from "../../domain/monitoring/periods";
import { validateTargets } from "../../domain/monitoring/targets";
import { FieldErrors } from "../../server/writes";
import { formulaVariables } from "../monitoring/formula";
import { targetSpec } from "../monitoring/indicator-figure";
import type { Definition } from "./schemas";

/**
 * The definition of an indicator for the engine: kind, formula and its
 * variables, direction, baseline, targets (per period, final, gap-closing),
 * periodicity, category, sources. Every inconsistency is a field error and
 * nothing is saved. Whether a target contradicts the direction is the
 * domain's rule (src/domain/monitoring/targets.ts validateTargets), its
 * fields named as this API names them.
 */
export function checkDefinition(
  d: Definition,
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

  // A target must lie on the side the indicator moves towards (the domain's rule).
  const periodIndex = new Map(d.targets.map((t, i) => [t.period, i]));
  const spec = targetSpec(
    {
      ...d,
      id: "",
      bandMin: d.bandMin ?? null,
      bandMax: d.bandMax ?? null,
      baselineValue: d.baselineValue ?? null,
      baselineDate: d.baselineDate ?? null,
      targetValue: d.targetValue ?? null,
      targetDate: d.targetDate ?? null,
      gapReferenceValue: d.gapReferenceValue ?? null,
      gapPercent: d.gapPercent ?? null,
      milestoneDueDate: null,
      milestoneDoneDate: null,
      unit: null,
      targets: Object.fromEntries(d.targets.map((t) => [t.period, t.value])),
    },
    plan,
  );
  if (d.direction !== "band" || (d.bandMin != null && d.bandMax != null))
    for (const e of validateTargets(spec)) {
      const field = FIELD[e.field] ?? e.field;
      const period = /^periodTargets\.(.+)$/.exec(e.field)?.[1];
      if (period !== undefined)
        errors.add(`targets.${periodIndex.get(period)}.value`, `${e.message}.`);
      else if (!errors.list.some((x) => x.path === field)) errors.add(field, `${e.message}.`);
    }
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
          `La meta de ${cur.period} retrocede respecto de ${prev.period}: el indicador debe ${d.direction === "increase" ? "aumentar" : "disminuir"}.`,
        );
    }
  }
  return errors;
}

/** The domain's field names (targets.ts) as this API names them. */
const FIELD: Record<string, string> = {
  "baseline.value": "baselineValue",
  "baseline.date": "baselineDate",
  "finalTarget.value": "targetValue",
  "finalTarget.date": "targetDate",
  band: "bandMin",
  "band.min": "bandMax",
  "gapClosing.referenceGoal": "gapReferenceValue",
  "gapClosing.closePercent": "gapPercent",
};
