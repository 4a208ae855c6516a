import { evaluateFormula, parseFormula, variablesOf } from "../../domain/formula";
import type { FieldError } from "../../server/writes";

/**
 * The formula language (src/domain/formula) as the measurement workflow needs
 * it: the variables a formula names, and its value for a measurement's
 * variables, with field errors under `variables.<name>` a person can act on.
 */

/** The variable names of a formula, or the syntax error at path "formula". */
export function formulaVariables(
  formula: string,
): { ok: true; names: string[] } | { ok: false; error: FieldError } {
  const parsed = parseFormula(formula);
  if (!parsed.ok)
    return {
      ok: false,
      error: {
        path: "formula",
        message: `Fórmula inválida: ${parsed.error.message} (posición ${parsed.error.position + 1}).`,
      },
    };
  return { ok: true, names: variablesOf(parsed.ast) };
}

export type FormulaResult = { ok: true; value: number } | { ok: false; errors: FieldError[] };

/**
 * The value of a formula for a measurement's variables. Every problem is a
 * field error: a value for a name the formula does not use, a missing value,
 * a division by zero (named by the divisor's variable).
 */
export function computeFormula(
  formula: string,
  values: Record<string, number>,
  labels: Record<string, string> = {},
): FormulaResult {
  const parsed = formulaVariables(formula);
  if (!parsed.ok)
    return {
      ok: false,
      errors: [
        {
          path: "formula",
          message: `La fórmula del indicador es inválida: ${parsed.error.message}`,
        },
      ],
    };
  const names = new Set(parsed.names);
  const label = (n: string) => (labels[n] ? `«${labels[n]}» (${n})` : `«${n}»`);
  const errors: FieldError[] = [];
  for (const name of Object.keys(values))
    if (!names.has(name))
      errors.push({
        path: `variables.${name}`,
        message: `La variable «${name}» no existe en la fórmula (${[...names].join(", ")}).`,
      });
  for (const name of names)
    if (values[name] === undefined)
      errors.push({ path: `variables.${name}`, message: `Falta el valor de ${label(name)}.` });
  if (errors.length > 0) return { ok: false, errors };
  const result = evaluateFormula((parseFormula(formula) as { ok: true; ast: never }).ast, values);
  if (result.ok) return result;
  const e = result.error;
  const message =
    e.code === "division-by-zero" && e.variable
      ? `División por cero: ${label(e.variable)} no puede valer 0 en esta fórmula.`
      : e.message;
  return {
    ok: false,
    errors: [{ path: e.variable ? `variables.${e.variable}` : "variables", message }],
  };
}
