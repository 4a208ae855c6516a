import type { Formula, FunctionName } from "./ast";
import { FUNCTIONS } from "./ast";
import { printFormula } from "./print";

export interface FormulaEvalError {
  code:
    "missing-variable" | "invalid-value" | "division-by-zero" | "not-finite" | "invalid-argument";
  /** In Spanish, naming what failed: "Falta el valor de la variable «programadas»". */
  message: string;
  /** The variable at fault, when there is one (missing, not a number, or zero as a divisor). */
  variable?: string;
}

export type EvaluationResult = { ok: true; value: number } | { ok: false; error: FormulaEvalError };

/** round(x, digits) accepts this many decimals either way: beyond it a double has no digits left. */
const MAX_ROUND_DIGITS = 15;

class EvalFailure {
  constructor(readonly error: FormulaEvalError) {}
}

/**
 * Computes a formula with the values of its variables. Comparisons yield 1 or
 * 0 and compare exactly; `if` treats any non-zero condition as true and only
 * computes the branch it takes, so `if(b = 0, 0, a / b)` is safe. Never throws:
 * every failure comes back as a Spanish message.
 */
export function evaluateFormula(ast: Formula, values: Record<string, number>): EvaluationResult {
  try {
    const value = evaluate(ast, values);
    return { ok: true, value: value === 0 ? 0 : value }; // no "-0" in reports
  } catch (e) {
    if (e instanceof EvalFailure) return { ok: false, error: e.error };
    throw e;
  }
}

function evaluate(node: Formula, values: Record<string, number>): number {
  switch (node.kind) {
    case "number":
      return node.value;
    case "variable":
      return variable(node.name, values);
    case "negate":
      return -evaluate(node.operand, values);
    case "compare": {
      const [a, b] = [evaluate(node.left, values), evaluate(node.right, values)];
      const ops = {
        "<": a < b,
        "<=": a <= b,
        ">": a > b,
        ">=": a >= b,
        "=": a === b,
        "<>": a !== b,
      };
      return ops[node.op] ? 1 : 0;
    }
    case "binary": {
      const a = evaluate(node.left, values);
      const b = evaluate(node.right, values);
      if (node.op === "/" && b === 0) divisionByZero(node);
      const ops = { "+": () => a + b, "-": () => a - b, "*": () => a * b, "/": () => a / b };
      return finite(ops[node.op](), node);
    }
    case "call":
      return finite(call(node.name, node.args, values), node);
  }
}

function call(name: FunctionName, args: Formula[], values: Record<string, number>): number {
  const spec = FUNCTIONS[name] as (typeof FUNCTIONS)[FunctionName] | undefined;
  // The parser checks this; a tree built by hand may not have been.
  if (!spec || args.length < spec.min || args.length > spec.max) {
    fail(
      "invalid-argument",
      `«${name}» necesita ${spec?.needs ?? "ser min, max, round, abs o if"}; recibió ${args.length}`,
    );
  }
  const arg = (i: number): number => evaluate(args[i]!, values);
  switch (name) {
    case "min":
      return Math.min(...args.map((_, i) => arg(i)));
    case "max":
      return Math.max(...args.map((_, i) => arg(i)));
    case "abs":
      return Math.abs(arg(0));
    case "if":
      return arg(0) !== 0 ? arg(1) : arg(2);
    case "round": {
      const x = arg(0);
      const digits = args.length > 1 ? arg(1) : 0;
      if (!Number.isInteger(digits) || Math.abs(digits) > MAX_ROUND_DIGITS) {
        fail(
          "invalid-argument",
          `«round» redondea a un número entero de decimales entre -${MAX_ROUND_DIGITS} y ${MAX_ROUND_DIGITS}; recibió ${digits}`,
        );
      }
      return roundHalfAwayFromZero(x, digits);
    }
  }
}

/**
 * Rounds as people and spreadsheets do (2,5 → 3; -2,5 → -3), shifting the
 * decimal point in the number's text so 1.005 rounds to 1.01, not 1.00.
 */
export function roundHalfAwayFromZero(x: number, digits: number): number {
  const shift = (n: number, by: number): number => {
    const [mantissa, exponent = "0"] = String(n).split("e");
    return Number(`${mantissa}e${Number(exponent) + by}`);
  };
  const scaled = shift(Math.abs(x), digits);
  // So large that it has no digits at that place: already round.
  if (!Number.isFinite(scaled)) return x;
  return Math.sign(x) * shift(Math.round(scaled), -digits);
}

function variable(name: string, values: Record<string, number>): number {
  if (!Object.hasOwn(values, name)) {
    fail("missing-variable", `Falta el valor de la variable «${name}»`, name);
  }
  const value: unknown = values[name];
  if (typeof value !== "number" || !Number.isFinite(value)) {
    fail(
      "invalid-value",
      `El valor de la variable «${name}» no es un número: ${String(value)}`,
      name,
    );
  }
  return value;
}

function divisionByZero(node: Formula & { kind: "binary" }): never {
  const divisor = node.right;
  if (divisor.kind === "variable") {
    fail("division-by-zero", `División por cero: «${divisor.name}» vale 0`, divisor.name);
  }
  if (divisor.kind === "number")
    fail("division-by-zero", `División por cero en «${printFormula(node)}»`);
  return fail("division-by-zero", `División por cero: «${printFormula(divisor)}» vale 0`);
}

function finite(value: number, node: Formula): number {
  if (!Number.isFinite(value)) {
    fail(
      "not-finite",
      `El resultado de «${printFormula(node)}» es demasiado grande para calcularlo`,
    );
  }
  return value;
}

function fail(code: FormulaEvalError["code"], message: string, variable?: string): never {
  throw new EvalFailure(variable === undefined ? { code, message } : { code, message, variable });
}
