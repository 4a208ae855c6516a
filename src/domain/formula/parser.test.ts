import { describe, expect, it } from "vitest";
import type { Formula } from "./ast";
import { parseFormula } from "./parser";

/** The tree as an s-expression, so precedence reads at a glance: "(+ 1 (* 2 3))". */
function sexpr(node: Formula): string {
  switch (node.kind) {
    case "number":
      return String(node.value);
    case "variable":
      return node.name.includes(" ") ? `[${node.name}]` : node.name;
    case "negate":
      return `(neg ${sexpr(node.operand)})`;
    case "binary":
    case "compare":
      return `(${node.op} ${sexpr(node.left)} ${sexpr(node.right)})`;
    case "call":
      return `(${[node.name, ...node.args.map(sexpr)].join(" ")})`;
  }
}

function read(text: string): string {
  const result = parseFormula(text);
  if (!result.ok) throw new Error(`${text}: ${result.error.message}`);
  return sexpr(result.ast);
}

describe("parseFormula: what it reads", () => {
  it.each([
    ["12", "12"],
    ["12.5", "12.5"],
    [".5", "0.5"],
    ["1e3", "1000"],
    ["2.5E-1", "0.25"],
    ["1e+21", "1e+21"],
    ["007", "7"],
    ["  x  ", "x"],
    ["año_2024", "año_2024"],
    ["niñas", "niñas"],
    ["Índice", "Índice"],
    ["_tmp", "_tmp"],
    ["[N° de capacitaciones realizadas]", "[N° de capacitaciones realizadas]"],
    ["[  N°   de talleres ]", "[N° de talleres]"],
    ["[% (a/b) & c]", "[% (a/b) & c]"],
    ["[a[b]", "a[b"],
    ["[x]", "x"],
  ])("reads %j as %s", (text, expected) => {
    expect(read(text)).toBe(expected);
  });

  it("treats a composed and a decomposed ñ as the same variable", () => {
    expect(read("nin\u0303os")).toBe("niños");
  });

  it.each([
    ["1 + 2 * 3", "(+ 1 (* 2 3))"],
    ["(1 + 2) * 3", "(* (+ 1 2) 3)"],
    ["1 - 2 - 3", "(- (- 1 2) 3)"],
    ["1 - (2 - 3)", "(- 1 (- 2 3))"],
    ["8 / 4 / 2", "(/ (/ 8 4) 2)"],
    ["a / b * 100", "(* (/ a b) 100)"],
    ["(a/b)*100", "(* (/ a b) 100)"],
    ["-a * b", "(* (neg a) b)"],
    ["-(a * b)", "(neg (* a b))"],
    ["a * -b", "(* a (neg b))"],
    ["a - -b", "(- a (neg b))"],
    ["--a", "(neg (neg a))"],
    ["-2 + 3", "(+ (neg 2) 3)"],
    ["a + b < c * d", "(< (+ a b) (* c d))"],
    ["a <= b", "(<= a b)"],
    ["a >= b", "(>= a b)"],
    ["a > b", "(> a b)"],
    ["a = b", "(= a b)"],
    ["a <> b", "(<> a b)"],
    ["a != b", "(<> a b)"],
    ["a ≤ b", "(<= a b)"],
    ["a × b ÷ c − d", "(- (/ (* a b) c) d)"],
    ["(a < b) < c", "(< (< a b) c)"],
    ["a < (b < c)", "(< a (< b c))"],
    ["(((a)))", "a"],
  ])("binds %j as %s", (text, expected) => {
    expect(read(text)).toBe(expected);
  });

  it.each([
    ["min(a, b, c)", "(min a b c)"],
    ["MAX(a)", "(max a)"],
    ["Round(x)", "(round x)"],
    ["round(x, 2)", "(round x 2)"],
    ["abs(-x)", "(abs (neg x))"],
    ["if(a > b, a, b)", "(if (> a b) a b)"],
    ["IF(a = 0; 0; b / a)", "(if (= a 0) 0 (/ b a))"],
    ["max(min(a, b), round(c / d * 100, 1))", "(max (min a b) (round (* (/ c d) 100) 1))"],
    ["min (a, b)", "(min a b)"],
    ["-max(a, b) * 2", "(* (neg (max a b)) 2)"],
    ["if(x, [a b], 1)", "(if x [a b] 1)"],
  ])("reads the call %j", (text, expected) => {
    expect(read(text)).toBe(expected);
  });

  it("reads a function name without parentheses as a variable", () => {
    expect(read("min + max")).toBe("(+ min max)");
    expect(read("[round] * 2")).toBe("(* round 2)");
  });

  describe("decimal comma", () => {
    it.each([
      ["12,5", "12.5"],
      ["-12,5 * 2", "(* (neg 12.5) 2)"],
      ["a * 0,08", "(* a 0.08)"],
      ["(1,5 + 2)", "(+ 1.5 2)"],
      ["max(1;2,5)", "(max 1 2.5)"],
      ["max(1 ; 2,5 ; (0,5))", "(max 1 2.5 0.5)"],
      ["max(1,5)", "(max 1 5)"],
      ["round(12,5)", "(round 12 5)"],
      ["round(12.5, 0)", "(round 12.5 0)"],
      ["max(1, 2.5)", "(max 1 2.5)"],
      ["max(min(1;2,5), 3)", "(max (min 1 2.5) 3)"],
      ["min(max(1,5); 2)", "(min (max 1 5) 2)"],
    ])("reads %j as %s", (text, expected) => {
      expect(read(text)).toBe(expected);
    });
  });
});

describe("parseFormula: errors", () => {
  it.each([
    ["", 0, 0, "La fórmula está vacía"],
    ["   ", 0, 3, "La fórmula está vacía"],
    ["(a + b", 0, 1, "Falta cerrar un paréntesis abierto en la posición 0"],
    ["x * (a + b", 4, 1, "Falta cerrar un paréntesis abierto en la posición 4"],
    ["a + b)", 5, 1, "Paréntesis «)» sin abrir en la posición 5"],
    [
      "a +",
      3,
      0,
      "Se esperaba un número, una variable o «(» en la posición 3, pero la fórmula termina ahí",
    ],
    [
      "a + * b",
      4,
      1,
      "Se esperaba un número, una variable o «(» en la posición 4 y se encontró «*»",
    ],
    ["()", 1, 1, "Se esperaba un número, una variable o «(» en la posición 1 y se encontró «)»"],
    ["* 2", 0, 1, "Se esperaba un número, una variable o «(» en la posición 0 y se encontró «*»"],
    ["+5", 0, 1, "Se esperaba un número, una variable o «(» en la posición 0 y se encontró «+»"],
    ["a b", 2, 1, "Se esperaba un operador (+, -, *, /) antes de «b» en la posición 2"],
    ["2 (3)", 2, 1, "Se esperaba un operador (+, -, *, /) antes de «(» en la posición 2"],
    ["2x", 1, 1, "Se esperaba un operador (+, -, *, /) antes de «x» en la posición 1"],
    [
      "(a b)",
      3,
      1,
      "Se esperaba «)» para el paréntesis de la posición 0 antes de «b» en la posición 3",
    ],
    [
      "suma(a, b)",
      0,
      4,
      "Función desconocida «suma» en la posición 0; las funciones son min, max, round, abs, if",
    ],
    [
      "1 + Promedio(a)",
      4,
      8,
      "Función desconocida «Promedio» en la posición 4; las funciones son min, max, round, abs, if",
    ],
    [
      "if(a, b)",
      0,
      8,
      "«if» necesita 3 argumentos (condición, valor si sí, valor si no); recibió 2",
    ],
    [
      "if(a, b, c, d)",
      0,
      14,
      "«if» necesita 3 argumentos (condición, valor si sí, valor si no); recibió 4",
    ],
    ["abs()", 0, 5, "«abs» necesita 1 argumento; recibió 0"],
    ["abs(a, b)", 0, 9, "«abs» necesita 1 argumento; recibió 2"],
    ["min()", 0, 5, "«min» necesita al menos 1 argumento; recibió 0"],
    [
      "round(1, 2, 3)",
      0,
      14,
      "«round» necesita 1 o 2 argumentos (valor y, si quiere, cantidad de decimales); recibió 3",
    ],
    ["round(12,5)+abs(1,2)", 12, 8, "«abs» necesita 1 argumento; recibió 2"],
    ["min(a, b", 3, 1, "Falta cerrar el paréntesis de «min» abierto en la posición 3"],
    ["min(a b)", 6, 1, "Se esperaba «,» o «)» para cerrar «min» antes de «b» en la posición 6"],
    [
      "min(a, )",
      7,
      1,
      "Se esperaba un número, una variable o «(» en la posición 7 y se encontró «)»",
    ],
    [
      "min(a; b, c)",
      8,
      1,
      "En «min» los argumentos se separan con «;» (posición 8); no mezcle «,» y «;»",
    ],
    [
      "a < b < c",
      6,
      1,
      "Las comparaciones no se encadenan («<» en la posición 6): use paréntesis o if(…)",
    ],
    [
      "(a = b <> c)",
      7,
      2,
      "Las comparaciones no se encadenan («<>» en la posición 7): use paréntesis o if(…)",
    ],
    [
      "1, 5",
      1,
      1,
      "«,» en la posición 1 solo separa los argumentos de una función (min, max, round, abs, if); los decimales se escriben 12,5 o 12.5",
    ],
    [
      "a; b",
      1,
      1,
      "«;» en la posición 1 solo separa los argumentos de una función (min, max, round, abs, if); los decimales se escriben 12,5 o 12.5",
    ],
    [
      "12,5,3",
      4,
      1,
      "«,» en la posición 4 solo separa los argumentos de una función (min, max, round, abs, if); los decimales se escriben 12,5 o 12.5",
    ],
    [
      "max((1,5), 2)",
      6,
      1,
      "«,» en la posición 6 solo separa los argumentos de una función (min, max, round, abs, if); los decimales se escriben 12,5 o 12.5",
    ],
    [
      "45.773.072 * 2",
      0,
      10,
      "Número mal escrito «45.773.072» en la posición 0: use un solo separador decimal y ningún separador de miles",
    ],
    ["1e999", 0, 5, "Número demasiado grande «1e999» en la posición 0"],
    ["a # b", 2, 1, "Carácter inesperado «#» en la posición 2"],
    ["a + 😀", 4, 2, "Carácter inesperado «😀» en la posición 4"],
    ["a ^ 2", 2, 1, "Carácter inesperado «^» en la posición 2"],
    [
      "a / b %",
      6,
      1,
      "El signo «%» no se usa en fórmulas (posición 6); para un porcentaje multiplique por 100",
    ],
    ["a ! b", 2, 1, "Se esperaba «!=» en la posición 2"],
    ["[N° de talleres / b", 0, 19, "Falta cerrar el corchete «[» abierto en la posición 0"],
    ["a + [ ] * 2", 4, 3, "Falta el nombre de la variable entre los corchetes de la posición 4"],
    ["a ] b", 2, 1, "Corchete «]» sin abrir en la posición 2"],
    ["[a](1)", 3, 1, "Se esperaba un operador (+, -, *, /) antes de «(» en la posición 3"],
  ])("reports %j at %i (+%i): %s", (text, position, length, message) => {
    expect(parseFormula(text)).toEqual({
      ok: false,
      error: { code: expect.any(String), message, position, length },
    });
  });

  it("refuses formulas nested too deep instead of overflowing the stack", () => {
    const result = parseFormula(`${"(".repeat(101)}1${")".repeat(101)}`);
    expect(result.ok || result.error.code).toBe("too-deep");
    expect(parseFormula(`${"-".repeat(150)}1`).ok).toBe(false);
    expect(parseFormula(`${"(".repeat(99)}1${")".repeat(99)}`).ok).toBe(true);
  });

  it("refuses formulas longer than 5000 characters", () => {
    const text = `a${" + a".repeat(1300)}`;
    expect(parseFormula(text)).toMatchObject({
      ok: false,
      error: { code: "too-long", position: 5000, length: text.length - 5000 },
    });
    expect(parseFormula(`a${" + a".repeat(800)}`).ok).toBe(true);
  });

  it("gives each kind of error its code", () => {
    const code = (text: string): string | undefined => {
      const r = parseFormula(text);
      return r.ok ? undefined : r.error.code;
    };
    expect(code("(a")).toBe("unclosed-parenthesis");
    expect(code("a)")).toBe("unopened-parenthesis");
    expect(code("suma(1)")).toBe("unknown-function");
    expect(code("if(1)")).toBe("arity");
    expect(code("1.2.3")).toBe("bad-number");
    expect(code("[a")).toBe("unclosed-bracket");
  });
});
