import type { FormulaError, FormulaErrorCode } from "./ast";
import { normalizeVariableName } from "./ast";

export type TokenType = "number" | "name" | "op" | "(" | ")" | "," | ";" | "eof";

export interface Token {
  type: TokenType;
  /** The text as written, brackets included. */
  text: string;
  /** For names: the normalized variable or function name; for operators: the canonical symbol. */
  value: string;
  start: number;
  end: number;
}

/** Long enough for any indicator; short enough that no tree gets deep enough to exhaust the stack. */
export const MAX_FORMULA_LENGTH = 5000;

// Two-character operators first, so "<=" is not read as "<" then "=".
// Typographic signs pasted from Word or a PDF are read as their ASCII meaning.
const OPERATORS: Array<[string, string]> = [
  ["<=", "<="],
  [">=", ">="],
  ["<>", "<>"],
  ["!=", "<>"],
  ["≤", "<="],
  ["≥", ">="],
  ["≠", "<>"],
  ["<", "<"],
  [">", ">"],
  ["=", "="],
  ["+", "+"],
  ["-", "-"],
  ["−", "-"],
  ["*", "*"],
  ["×", "*"],
  ["/", "/"],
  ["÷", "/"],
];

// Only "." is a decimal point here; the decimal comma (12,5) is joined by the
// parser, which knows whether a comma separates arguments.
const NUMBER = /(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const NAME = /[\p{L}_][\p{L}\p{M}\p{Nd}_]*/uy;

export type LexResult = { ok: true; tokens: Token[] } | { ok: false; error: FormulaError };

export function tokenize(text: string): LexResult {
  if (text.length > MAX_FORMULA_LENGTH) {
    return fail(
      "too-long",
      `La fórmula es demasiado larga: tiene ${text.length} caracteres y el máximo es ${MAX_FORMULA_LENGTH}`,
      MAX_FORMULA_LENGTH,
      text.length - MAX_FORMULA_LENGTH,
    );
  }
  const tokens: Token[] = [];
  let i = 0;
  const push = (type: TokenType, end: number, value: string): void => {
    tokens.push({ type, text: text.slice(i, end), value, start: i, end });
    i = end;
  };
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i += 1;
      continue;
    }
    if (c === "(" || c === ")" || c === "," || c === ";") {
      push(c, i + 1, c);
      continue;
    }
    NUMBER.lastIndex = i;
    const number = NUMBER.exec(text);
    if (number) {
      const end = i + number[0].length;
      const next = text[end];
      // "45.773.072" is a thousands-separated amount; "1.5.2" a typo. Neither is a number here.
      if (next === "." || (next === "e" && /\d/.test(text[end + 1] ?? ""))) {
        const bad = /^[\d.,eE+-]*/.exec(text.slice(i))![0];
        return fail(
          "bad-number",
          `Número mal escrito «${bad}» en la posición ${i}: use un solo separador decimal y ningún separador de miles`,
          i,
          bad.length,
        );
      }
      if (!Number.isFinite(Number(number[0]))) {
        return fail(
          "bad-number",
          `Número demasiado grande «${number[0]}» en la posición ${i}`,
          i,
          number[0].length,
        );
      }
      push("number", end, number[0]);
      continue;
    }
    NAME.lastIndex = i;
    const name = NAME.exec(text);
    if (name) {
      push("name", i + name[0].length, normalizeVariableName(name[0]));
      continue;
    }
    if (c === "[") {
      const close = text.indexOf("]", i + 1);
      if (close < 0) {
        return fail(
          "unclosed-bracket",
          `Falta cerrar el corchete «[» abierto en la posición ${i}`,
          i,
          text.length - i,
        );
      }
      const inner = normalizeVariableName(text.slice(i + 1, close));
      if (inner === "") {
        return fail(
          "empty-name",
          `Falta el nombre de la variable entre los corchetes de la posición ${i}`,
          i,
          close + 1 - i,
        );
      }
      push("name", close + 1, inner);
      continue;
    }
    const op = OPERATORS.find(([symbol]) => text.startsWith(symbol, i));
    if (op) {
      push("op", i + op[0].length, op[1]);
      continue;
    }
    return unexpected(text, i);
  }
  tokens.push({ type: "eof", text: "", value: "", start: text.length, end: text.length });
  return { ok: true, tokens };
}

function unexpected(text: string, i: number): LexResult {
  const char = String.fromCodePoint(text.codePointAt(i)!);
  if (char === "]") {
    return fail("unexpected-character", `Corchete «]» sin abrir en la posición ${i}`, i, 1);
  }
  if (char === "%") {
    return fail(
      "unexpected-character",
      `El signo «%» no se usa en fórmulas (posición ${i}); para un porcentaje multiplique por 100`,
      i,
      1,
    );
  }
  if (char === "!") {
    return fail("unexpected-character", `Se esperaba «!=» en la posición ${i}`, i, 1);
  }
  return fail(
    "unexpected-character",
    `Carácter inesperado «${char}» en la posición ${i}`,
    i,
    char.length,
  );
}

function fail(
  code: FormulaErrorCode,
  message: string,
  position: number,
  length: number,
): { ok: false; error: FormulaError } {
  return { ok: false, error: { code, message, position, length } };
}
