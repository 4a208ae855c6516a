import { describe, expect, it } from "vitest";
import type { Formula } from "./ast";
import { evaluateFormula, roundHalfAwayFromZero } from "./evaluate";
import { parseFormula } from "./parser";

function parse(text: string): Formula {
  const result = parseFormula(text);
  if (!result.ok) throw new Error(result.error.message);
  return result.ast;
}

function run(text: string, values: Record<string, number> = {}): number | string {
  const result = evaluateFormula(parse(text), values);
  return result.ok ? result.value : result.error.message;
}

describe("evaluateFormula", () => {
  it.each([
    ["1 + 2 * 3", 7],
    ["(1 + 2) * 3", 9],
    ["10 - 4 - 3", 3],
    ["8 / 4 / 2", 1],
    ["-2 * -3", 6],
    ["--5", 5],
    ["12,5 * 2", 25],
    ["0.1 + 0.2", 0.30000000000000004],
    ["2 < 3", 1],
    ["3 < 2", 0],
    ["2 <= 2", 1],
    ["2 >= 3", 0],
    ["3 > 2", 1],
    ["2 = 2", 1],
    ["2 <> 2", 0],
    ["2 != 3", 1],
    ["(1 < 2) + (2 < 3)", 2],
    ["min(3, 1, 2)", 1],
    ["max(3, 1, 2)", 3],
    ["max(-1)", -1],
    ["abs(-4.5)", 4.5],
    ["round(2.5)", 3],
    ["round(-2.5)", -3],
    ["round(2.4)", 2],
    ["round(1.005, 2)", 1.01],
    ["round(3.14159, 3)", 3.142],
    ["round(1234, -2)", 1200],
    ["round(-0.4)", 0],
    ["round(1e300, 15)", 1e300],
    ["round(0.000001234, 8)", 0.00000123],
    ["if(1, 10, 20)", 10],
    ["if(0, 10, 20)", 20],
    ["if(-0.5, 10, 20)", 10],
    ["max(min(4, 9), round(10 / 3, 1), abs(-2))", 4],
    ["round(max(1, 2) / 3 * 100, if(1 > 0, 1, 0))", 66.7],
  ])("computes %j = %d", (text, expected) => {
    expect(run(text)).toBe(expected);
  });

  it("reads variables, bracketed names included", () => {
    const values = { "N° de capacitaciones realizadas": 6, programadas: 8 };
    expect(run("[N° de capacitaciones realizadas] / programadas * 100", values)).toBe(75);
  });

  it("computes only the branch that if takes", () => {
    expect(run("if(b = 0, 0, a / b)", { a: 1, b: 0 })).toBe(0);
    expect(run("if(b <> 0, a / b, -1)", { a: 1, b: 0 })).toBe(-1);
    expect(run("if(1, 5, faltante)")).toBe(5);
    expect(run("if(0, faltante, 5)")).toBe(5);
  });

  it.each([
    ["realizadas / programadas", { realizadas: 3 }, "Falta el valor de la variable «programadas»"],
    ["[N° de talleres] + 1", {}, "Falta el valor de la variable «N° de talleres»"],
    ["toString + constructor", {}, "Falta el valor de la variable «toString»"],
    [
      "realizadas / programadas",
      { realizadas: 3, programadas: 0 },
      "División por cero: «programadas» vale 0",
    ],
    ["a / (b - c)", { a: 1, b: 2, c: 2 }, "División por cero: «b - c» vale 0"],
    ["a / 0", { a: 1 }, "División por cero en «a / 0»"],
    ["1 / -[x y]", { "x y": 0 }, "División por cero: «-[x y]» vale 0"],
    ["if(1, 1 / 0, 0)", {}, "División por cero en «1 / 0»"],
    ["a * a", { a: 1e200 }, "El resultado de «a * a» es demasiado grande para calcularlo"],
    ["a", { a: Number.NaN }, "El valor de la variable «a» no es un número: NaN"],
    ["a", { a: Infinity }, "El valor de la variable «a» no es un número: Infinity"],
    [
      "round(1, 2.5)",
      {},
      "«round» redondea a un número entero de decimales entre -15 y 15; recibió 2.5",
    ],
    [
      "round(1, 16)",
      {},
      "«round» redondea a un número entero de decimales entre -15 y 15; recibió 16",
    ],
    ["min(1, x)", {}, "Falta el valor de la variable «x»"],
  ])("reports %j with %j: %s", (text, values, message) => {
    expect(run(text, values)).toBe(message);
  });

  it("names the variable at fault and gives a code", () => {
    expect(evaluateFormula(parse("a / b"), { a: 1, b: 0 })).toEqual({
      ok: false,
      error: { code: "division-by-zero", message: "División por cero: «b» vale 0", variable: "b" },
    });
    expect(evaluateFormula(parse("a / b"), { a: 1 })).toMatchObject({
      error: { code: "missing-variable", variable: "b" },
    });
  });

  it("never answers -0", () => {
    expect(Object.is(run("-0"), 0)).toBe(true);
    expect(Object.is(run("0 * -1"), 0)).toBe(true);
  });

  it("refuses a hand-built call with the wrong number of arguments", () => {
    const ast: Formula = { kind: "call", name: "abs", args: [] };
    expect(evaluateFormula(ast, {})).toMatchObject({
      ok: false,
      error: { code: "invalid-argument" },
    });
  });
});

describe("roundHalfAwayFromZero", () => {
  it.each([
    [0.5, 0, 1],
    [-0.5, 0, -1],
    [1.45, 1, 1.5],
    [2.675, 2, 2.68],
    [1e21, 2, 1e21],
    [5e-324, 15, 0],
    [123.456, -1, 120],
  ])("rounds %d to %d digits as %d", (x, digits, expected) => {
    expect(roundHalfAwayFromZero(x, digits)).toBe(expected);
  });
});
