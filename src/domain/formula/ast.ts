/**
 * The tree of an indicator formula. It carries no source positions, so two
 * formulas that mean the same thing compare equal (parse(print(ast)) == ast).
 */
export type Formula =
  | { kind: "number"; value: number }
  | { kind: "variable"; name: string }
  | { kind: "negate"; operand: Formula }
  | { kind: "binary"; op: ArithmeticOp; left: Formula; right: Formula }
  | { kind: "compare"; op: CompareOp; left: Formula; right: Formula }
  | { kind: "call"; name: FunctionName; args: Formula[] };

export type ArithmeticOp = "+" | "-" | "*" | "/";
/** `!=` is read as `<>`, so the tree has one spelling for "distinto de". */
export type CompareOp = "<" | "<=" | ">" | ">=" | "=" | "<>";
export type FunctionName = "min" | "max" | "round" | "abs" | "if";

/** What went wrong, in Spanish, and where: `position` is a 0-based offset into the text. */
export interface FormulaError {
  code: FormulaErrorCode;
  message: string;
  position: number;
  length: number;
}

export type FormulaErrorCode =
  | "too-long"
  | "unexpected-character"
  | "bad-number"
  | "unclosed-bracket"
  | "empty-name"
  | "expected-operand"
  | "expected-operator"
  | "unclosed-parenthesis"
  | "unopened-parenthesis"
  | "unknown-function"
  | "arity"
  | "chained-comparison"
  | "misplaced-separator"
  | "too-deep";

interface FunctionSpec {
  min: number;
  max: number;
  /** How the arity reads in an error: "«if» necesita …". */
  needs: string;
}

export const FUNCTIONS: Record<FunctionName, FunctionSpec> = {
  min: { min: 1, max: Infinity, needs: "al menos 1 argumento" },
  max: { min: 1, max: Infinity, needs: "al menos 1 argumento" },
  round: {
    min: 1,
    max: 2,
    needs: "1 o 2 argumentos (valor y, si quiere, cantidad de decimales)",
  },
  abs: { min: 1, max: 1, needs: "1 argumento" },
  if: { min: 3, max: 3, needs: "3 argumentos (condición, valor si sí, valor si no)" },
};

export const FUNCTION_NAMES = Object.keys(FUNCTIONS) as FunctionName[];

export function isFunctionName(name: string): name is FunctionName {
  return Object.hasOwn(FUNCTIONS, name);
}

/**
 * Binding strength, loosest first: comparison < additive < multiplicative <
 * unary < primary. The printer and the parser both read it from here.
 */
export function precedence(node: Formula): number {
  switch (node.kind) {
    case "compare":
      return 1;
    case "binary":
      return node.op === "+" || node.op === "-" ? 2 : 3;
    case "negate":
      return 4;
    default:
      return 5;
  }
}

// Plain names: a letter or `_`, then letters, combining marks, digits or `_`.
// Anything else (spaces, °, %, -) has to be written between brackets.
export const PLAIN_NAME = /^[\p{L}_][\p{L}\p{M}\p{Nd}_]*$/u;

/**
 * The one spelling of a variable name: NFC (so a typed "ñ" and a pasted
 * "n + ~" are the same variable), trimmed, inner white space collapsed.
 */
export function normalizeVariableName(name: string): string {
  return name.normalize("NFC").replace(/\s+/g, " ").trim();
}
