/**
 * The formula language of indicators: a small recursive-descent parser, never
 * eval. Grammar, loosest binding first:
 *
 *   formula        := comparison EOF
 *   comparison     := additive [ ("<" | "<=" | ">" | ">=" | "=" | "<>" | "!=") additive ]
 *   additive       := multiplicative { ("+" | "-") multiplicative }
 *   multiplicative := unary { ("*" | "/") unary }
 *   unary          := "-" unary | primary
 *   primary        := number | name | function "(" [ args ] ")" | "(" comparison ")"
 *   args           := comparison { separator comparison }
 *   function       := min | max | round | abs | if          (any letter case)
 *   name           := letter-or-_ { letter | digit | _ }  |  "[" anything but "]" "]"
 *   number         := digits [ "." digits ] [ ("e" | "E") [sign] digits ]
 *
 * Comparisons do not chain ("a < b < c" is an error: write "(a < b) < c" or
 * use if) and yield 1 or 0. Operators of one level associate to the left.
 *
 * The decimal comma, because plans are written in es-CL ("12,5 %"):
 * - outside any function call, "12,5" (no spaces) is 12.5;
 * - inside a call whose arguments are separated by ";" (the es-CL spreadsheet
 *   habit, "max(1;2,5)"), "12,5" is also 12.5, and a bare "," is an error;
 * - inside a call whose arguments are separated by "," ("max(1, 2.5)"), every
 *   comma separates arguments, so decimals there need ".": "round(12,5)" is
 *   round(12, 5).
 * Parentheses inside a call follow the call's rule. Numbers never take a
 * thousands separator ("45.773.072" is an error).
 */
import type { CompareOp, Formula, FormulaError, FormulaErrorCode, FunctionName } from "./ast";
import { FUNCTION_NAMES, FUNCTIONS, isFunctionName } from "./ast";
import type { Token } from "./lexer";
import { tokenize } from "./lexer";

export type ParseResult = { ok: true; ast: Formula } | { ok: false; error: FormulaError };

/** Parentheses, calls and unary minus nested deeper than this are refused, so the stack never overflows. */
export const MAX_DEPTH = 100;

const COMPARE_OPS = new Set<string>(["<", "<=", ">", ">=", "=", "<>"]);

class ParseFailure {
  constructor(readonly error: FormulaError) {}
}

export function parseFormula(text: string): ParseResult {
  const lexed = tokenize(text);
  if (!lexed.ok) return lexed;
  if (lexed.tokens.length === 1) {
    return {
      ok: false,
      error: {
        code: "expected-operand",
        message: "La fórmula está vacía",
        position: 0,
        length: text.length,
      },
    };
  }
  try {
    return { ok: true, ast: new Parser(lexed.tokens).formula() };
  } catch (e) {
    if (e instanceof ParseFailure) return { ok: false, error: e.error };
    throw e;
  }
}

class Parser {
  private i = 0;
  private depth = 0;
  /** Whether "12,5" is a number at this point (see the rule at the top of this file). */
  private decimalComma = true;

  constructor(private readonly tokens: Token[]) {}

  formula(): Formula {
    const ast = this.comparison();
    const next = this.peek();
    if (next.type !== "eof") this.unexpectedAfterOperand(next);
    return ast;
  }

  private comparison(): Formula {
    const left = this.additive();
    const op = this.peek();
    if (op.type !== "op" || !COMPARE_OPS.has(op.value)) return left;
    this.i += 1;
    const right = this.additive();
    const after = this.peek();
    if (after.type === "op" && COMPARE_OPS.has(after.value)) {
      this.fail(
        "chained-comparison",
        `Las comparaciones no se encadenan («${after.text}» en la posición ${after.start}): use paréntesis o if(…)`,
        after,
      );
    }
    return { kind: "compare", op: op.value as CompareOp, left, right };
  }

  private additive(): Formula {
    let left = this.multiplicative();
    for (
      let t = this.peek();
      t.type === "op" && (t.value === "+" || t.value === "-");
      t = this.peek()
    ) {
      this.i += 1;
      left = { kind: "binary", op: t.value, left, right: this.multiplicative() };
    }
    return left;
  }

  private multiplicative(): Formula {
    let left = this.unary();
    for (
      let t = this.peek();
      t.type === "op" && (t.value === "*" || t.value === "/");
      t = this.peek()
    ) {
      this.i += 1;
      left = { kind: "binary", op: t.value, left, right: this.unary() };
    }
    return left;
  }

  private unary(): Formula {
    const t = this.peek();
    if (t.type === "op" && t.value === "-") {
      this.i += 1;
      return { kind: "negate", operand: this.nested(t, () => this.unary()) };
    }
    return this.primary();
  }

  private primary(): Formula {
    const t = this.next();
    if (t.type === "number") return { kind: "number", value: this.numberValue(t) };
    if (t.type === "name") {
      const isCall = this.peek().type === "(" && !t.text.startsWith("[");
      return isCall ? this.call(t) : { kind: "variable", name: t.value };
    }
    if (t.type === "(") {
      const inner = this.nested(t, () => this.comparison());
      const close = this.next();
      if (close.type === ")") return inner;
      if (close.type === "eof") {
        this.fail(
          "unclosed-parenthesis",
          `Falta cerrar un paréntesis abierto en la posición ${t.start}`,
          t,
        );
      }
      this.unexpectedAfterOperand(close, `«)» para el paréntesis de la posición ${t.start}`);
    }
    const found = t.type === "eof" ? ", pero la fórmula termina ahí" : ` y se encontró «${t.text}»`;
    return this.fail(
      "expected-operand",
      `Se esperaba un número, una variable o «(» en la posición ${t.start}${found}`,
      t,
    );
  }

  private call(nameToken: Token): Formula {
    const name = nameToken.value.toLowerCase();
    if (!isFunctionName(name)) {
      this.fail(
        "unknown-function",
        `Función desconocida «${nameToken.value}» en la posición ${nameToken.start}; las funciones son ${FUNCTION_NAMES.join(", ")}`,
        nameToken,
      );
    }
    const open = this.next();
    const separator = this.separatorOf(this.i);
    const args = this.nested(open, () =>
      this.withDecimalComma(separator === ";", () => this.args(name, open, separator)),
    );
    const close = this.tokens[this.i - 1]!;
    const spec = FUNCTIONS[name];
    if (args.length < spec.min || args.length > spec.max) {
      throw new ParseFailure({
        code: "arity",
        message: `«${name}» necesita ${spec.needs}; recibió ${args.length}`,
        position: nameToken.start,
        length: close.end - nameToken.start,
      });
    }
    return { kind: "call", name, args };
  }

  private args(name: FunctionName, open: Token, separator: "," | ";"): Formula[] {
    const args: Formula[] = [];
    if (this.peek().type === ")") {
      this.i += 1;
      return args;
    }
    for (;;) {
      args.push(this.comparison());
      const t = this.next();
      if (t.type === ")") return args;
      if (t.type === separator) continue;
      if (t.type === "eof") {
        this.fail(
          "unclosed-parenthesis",
          `Falta cerrar el paréntesis de «${name}» abierto en la posición ${open.start}`,
          open,
        );
      }
      if (t.type === ",") {
        this.fail(
          "misplaced-separator",
          `En «${name}» los argumentos se separan con «;» (posición ${t.start}); no mezcle «,» y «;»`,
          t,
        );
      }
      this.unexpectedAfterOperand(t, `«${separator}» o «)» para cerrar «${name}»`);
    }
  }

  /** The separator a call uses: ";" when one appears at its own level before its ")". */
  private separatorOf(from: number): "," | ";" {
    let depth = 0;
    for (let j = from; j < this.tokens.length; j++) {
      const type = this.tokens[j]!.type;
      if (type === "(") depth += 1;
      else if (type === ")" && --depth < 0) break;
      else if (type === ";" && depth === 0) return ";";
    }
    return ",";
  }

  private numberValue(t: Token): number {
    const [comma, decimals] = [this.tokens[this.i], this.tokens[this.i + 1]];
    const joins =
      this.decimalComma &&
      comma?.type === "," &&
      decimals?.type === "number" &&
      comma.start === t.end &&
      decimals.start === comma.end &&
      /^\d+$/.test(t.text) &&
      /^\d+$/.test(decimals.text);
    if (!joins) return Number(t.text);
    this.i += 2;
    return Number(`${t.text}.${decimals.text}`);
  }

  private unexpectedAfterOperand(t: Token, expected?: string): never {
    if (t.type === ")")
      this.fail("unopened-parenthesis", `Paréntesis «)» sin abrir en la posición ${t.start}`, t);
    if (t.type === "," || t.type === ";") {
      this.fail(
        "misplaced-separator",
        `«${t.text}» en la posición ${t.start} solo separa los argumentos de una función (min, max, round, abs, if); los decimales se escriben 12,5 o 12.5`,
        t,
      );
    }
    if (t.type === "op" && COMPARE_OPS.has(t.value)) {
      this.fail(
        "chained-comparison",
        `Las comparaciones no se encadenan («${t.text}» en la posición ${t.start}): use paréntesis o if(…)`,
        t,
      );
    }
    const wanted = expected ?? "un operador (+, -, *, /)";
    return this.fail(
      "expected-operator",
      `Se esperaba ${wanted} antes de «${t.text}» en la posición ${t.start}`,
      t,
    );
  }

  private nested<T>(at: Token, parse: () => T): T {
    if (++this.depth > MAX_DEPTH) {
      this.fail(
        "too-deep",
        `La fórmula anida más de ${MAX_DEPTH} niveles (posición ${at.start})`,
        at,
      );
    }
    const result = parse();
    this.depth -= 1;
    return result;
  }

  private withDecimalComma<T>(allowed: boolean, parse: () => T): T {
    const saved = this.decimalComma;
    this.decimalComma = allowed;
    const result = parse();
    this.decimalComma = saved;
    return result;
  }

  private peek(): Token {
    return this.tokens[this.i]!;
  }

  private next(): Token {
    const t = this.tokens[this.i]!;
    if (t.type !== "eof") this.i += 1;
    return t;
  }

  private fail(code: FormulaErrorCode, message: string, at: Token): never {
    throw new ParseFailure({ code, message, position: at.start, length: at.end - at.start });
  }
}
