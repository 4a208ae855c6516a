import { describe, expect, it } from "vitest";
import type { Formula } from "./ast";
import { parseFormula } from "./parser";
import { formatName, printFormula } from "./print";
import { variablesOf } from "./variables";

function parse(text: string): Formula {
  const result = parseFormula(text);
  if (!result.ok) throw new Error(result.error.message);
  return result.ast;
}

describe("printFormula", () => {
  it.each([
    ["(N°realizadas/programadas)*100", null],
    [
      "([N° de Capacitaciones realizadas]/[N° de Capacitaciones Programadas])*100",
      "[N° de Capacitaciones realizadas] / [N° de Capacitaciones Programadas] * 100",
    ],
    ["a/(b*100)", "a / (b * 100)"],
    ["a-(b-c)", "a - (b - c)"],
    ["a-(b+c)", "a - (b + c)"],
    ["(a-b)-c", "a - b - c"],
    ["a+(b+c)", "a + (b + c)"],
    ["a*(b/c)", "a * (b / c)"],
    ["(a*b)+c", "a * b + c"],
    ["(a+b)*c", "(a + b) * c"],
    ["-(a)", "-a"],
    ["-(a+b)", "-(a + b)"],
    ["-(a*b)", "-(a * b)"],
    ["-(-a)", "--a"],
    ["-min(a,b)", "-min(a, b)"],
    ["(a<b)", "a < b"],
    ["(a<b)<c", "(a < b) < c"],
    ["a=(b<>c)", "a = (b <> c)"],
    ["(a+b)<=(c*d)", "a + b <= c * d"],
    ["a!=b", "a <> b"],
    ["MAX(1;2,5;[x y])", "max(1, 2.5, [x y])"],
    ["IF(a<b;a;b)", "if(a < b, a, b)"],
    ["round(a/b*100,1)", "round(a / b * 100, 1)"],
    ["12,5", "12.5"],
    ["0.000001", "0.000001"],
    ["1e21", "1e+21"],
    ["1e-7", "1e-7"],
    ["[año]", "año"],
    ["[tasa 2024]*[x]", "[tasa 2024] * x"],
  ])("prints %j as %j", (text, expected) => {
    if (expected === null) {
      expect(parseFormula(text).ok).toBe(false); // "N°" is not a plain name: it needs brackets
      return;
    }
    const printed = printFormula(parse(text));
    expect(printed).toBe(expected);
    expect(parse(printed)).toEqual(parse(text));
  });

  it("brackets exactly the names that need it", () => {
    expect(formatName("programadas")).toBe("programadas");
    expect(formatName("niños_2024")).toBe("niños_2024");
    expect(formatName("2024")).toBe("[2024]");
    expect(formatName("N° de talleres")).toBe("[N° de talleres]");
    expect(formatName("socio-educativas")).toBe("[socio-educativas]");
  });
});

describe("variablesOf", () => {
  it("lists each variable once, in the order written", () => {
    expect(variablesOf(parse("if(b = 0, a, a / b) + [N° x] - max(c, b, [N° x])"))).toEqual([
      "b",
      "a",
      "N° x",
      "c",
    ]);
  });
  it("gives nothing for a constant", () => {
    expect(variablesOf(parse("round(1 / 3, 2)"))).toEqual([]);
  });
  it("keeps the letter case of names", () => {
    expect(variablesOf(parse("A + a + [A]"))).toEqual(["A", "a"]);
  });
});
