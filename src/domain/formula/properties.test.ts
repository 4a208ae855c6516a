import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ArithmeticOp, CompareOp, Formula, FunctionName } from "./ast";
import { normalizeVariableName } from "./ast";
import { evaluateFormula } from "./evaluate";
import { parseFormula } from "./parser";
import { printFormula } from "./print";
import { variablesOf } from "./variables";

// Names as people write them: plain identifiers (with ñ and accents) and
// bracketed labels with spaces and symbols. Brackets normalize white space,
// so generated names are normalized too; "]" cannot be written inside one.
const plainName = fc.stringMatching(/^[a-zA-Z_ñÑáéíóúÁÉÍÓÚü][a-zA-Z0-9_ñáéíóú]{0,8}$/);
const bracketedName = fc
  .oneof(fc.string({ maxLength: 12 }), fc.string({ unit: "binary", maxLength: 8 }))
  .map(normalizeVariableName)
  .filter((name) => name !== "" && !name.includes("]"));
const known = fc.constantFrom(
  "realizadas",
  "programadas",
  "N° de talleres",
  "min",
  "if",
  "año",
  "e5",
);
const name = fc.oneof(known, plainName, bracketedName);

// Number literals are never negative: "-3" is a negate node around 3.
const literal = fc.oneof(
  fc.integer({ min: 0, max: 1000 }),
  fc.double({ min: 0, noNaN: true, noDefaultInfinity: true }).map((v) => Math.abs(v) + 0),
);

const leaf: fc.Arbitrary<Formula> = fc.oneof(
  literal.map((value): Formula => ({ kind: "number", value })),
  name.map((n): Formula => ({ kind: "variable", name: n })),
);

const { formula } = fc.letrec<{ formula: Formula }>((tie) => {
  const sub = tie("formula");
  return {
    formula: fc.oneof(
      { maxDepth: 5, depthSize: "small" },
      leaf,
      sub.map((operand): Formula => ({ kind: "negate", operand })),
      fc
        .tuple(fc.constantFrom<ArithmeticOp>("+", "-", "*", "/"), sub, sub)
        .map(([op, left, right]): Formula => ({ kind: "binary", op, left, right })),
      fc
        .tuple(fc.constantFrom<CompareOp>("<", "<=", ">", ">=", "=", "<>"), sub, sub)
        .map(([op, left, right]): Formula => ({ kind: "compare", op, left, right })),
      fc
        .tuple(
          fc.constantFrom<FunctionName>("min", "max"),
          fc.array(sub, { minLength: 1, maxLength: 4 }),
        )
        .map(([fn, args]): Formula => ({ kind: "call", name: fn, args })),
      fc
        .array(sub, { minLength: 1, maxLength: 2 })
        .map((args): Formula => ({ kind: "call", name: "round", args })),
      sub.map((arg): Formula => ({ kind: "call", name: "abs", args: [arg] })),
      fc.tuple(sub, sub, sub).map((args): Formula => ({ kind: "call", name: "if", args })),
    ),
  };
});

function parse(text: string): Formula {
  const result = parseFormula(text);
  if (!result.ok) throw new Error(`${text}: ${result.error.message}`);
  return result.ast;
}

function expectWellPlaced(text: string): void {
  const result = parseFormula(text);
  if (result.ok) return;
  const { position, length, message } = result.error;
  expect(position).toBeGreaterThanOrEqual(0);
  expect(position).toBeLessThanOrEqual(text.length);
  expect(length).toBeGreaterThanOrEqual(0);
  expect(position + length).toBeLessThanOrEqual(text.length);
  expect(message).not.toBe("");
}

// Pieces of the formula language, so random strings are mostly near-formulas.
const piece = fc.constantFrom(
  ..."0123456789.,;()[]+-*/<>=!% eaxñ_°".split(""),
  "<=",
  "<>",
  "!=",
  "12,5",
  "min(",
  "MAX(",
  "round(",
  "abs(",
  "if(",
  "suma(",
  "[N° de talleres]",
  "programadas",
  "1e5",
  "45.773",
);

describe("formula properties", () => {
  it("(a) parsing the printed text gives back the same tree", () => {
    fc.assert(
      fc.property(formula, (ast) => {
        expect(parse(printFormula(ast))).toEqual(ast);
      }),
      { numRuns: 2000 },
    );
  });

  it("(b) never throws on arbitrary text, and places errors inside it", () => {
    const texts = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.string({ unit: "binary", maxLength: 40 }),
      fc.string({ unit: "grapheme", maxLength: 20 }),
      fc.array(piece, { maxLength: 30 }).map((parts) => parts.join("")),
    );
    fc.assert(fc.property(texts, expectWellPlaced), { numRuns: 5000 });
  });

  it("(b) never throws on printed formulas with one character removed or doubled", () => {
    const damaged = formula
      .map(printFormula)
      .chain((text) =>
        fc.tuple(fc.constant(text), fc.nat({ max: Math.max(0, text.length - 1) }), fc.boolean()),
      )
      .map(
        ([text, i, double]) =>
          text.slice(0, i) + (double ? text.slice(i, i + 2) : "") + text.slice(i + 1),
      );
    fc.assert(fc.property(damaged, expectWellPlaced), { numRuns: 2000 });
  });

  it("(c) printing is idempotent", () => {
    fc.assert(
      fc.property(formula, (ast) => {
        const printed = printFormula(ast);
        expect(printFormula(parse(printed))).toBe(printed);
      }),
      { numRuns: 2000 },
    );
  });

  it("(d) evaluation never throws and only answers finite numbers", () => {
    const value = fc.oneof(
      fc.constant(0),
      fc.integer({ min: -5, max: 5 }),
      fc.double(),
      fc.double({ min: -1e6, max: 1e6, noNaN: true }),
    );
    const withValues = formula.chain((ast) =>
      fc.tuple(fc.constant(ast), fc.tuple(...variablesOf(ast).map(() => fc.option(value)))),
    );
    fc.assert(
      fc.property(withValues, ([ast, given]) => {
        const values: Record<string, number> = {};
        variablesOf(ast).forEach((n, i) => {
          const v = given[i];
          if (v !== null && v !== undefined) values[n] = v;
        });
        const result = evaluateFormula(ast, values);
        if (result.ok) expect(Number.isFinite(result.value)).toBe(true);
        else expect(result.error.message).not.toBe("");
      }),
      { numRuns: 2000 },
    );
  });

  it("reads digits, a comma and digits outside a call as a decimal number", () => {
    const digits = fc.stringMatching(/^\d{1,6}$/);
    fc.assert(
      fc.property(digits, digits, (whole, decimals) => {
        expect(parse(`${whole},${decimals}`)).toEqual({
          kind: "number",
          value: Number(`${whole}.${decimals}`),
        });
      }),
    );
  });

  it("lists exactly the variables a formula reads", () => {
    fc.assert(
      fc.property(formula, (ast) => {
        const names = variablesOf(ast);
        expect(new Set(names).size).toBe(names.length);
        for (const n of names) expect(printFormula(ast)).toContain(n);
      }),
    );
  });
});
