import type { Formula } from "./ast";
import { PLAIN_NAME, precedence } from "./ast";

/**
 * The canonical text of a formula: one space around binary operators, ", "
 * between arguments, "." as decimal point, lower-case function names,
 * brackets only around names that need them and parentheses only where
 * precedence needs them. Parsing the result gives back the same tree.
 *
 * @example
 * printFormula(parse("([N° realizadas]/[N° programadas])*100"))
 * // "[N° realizadas] / [N° programadas] * 100"
 * printFormula(parse("a-(b-c)+MAX(1;2,5)"))
 * // "a - (b - c) + max(1, 2.5)"
 */
export function printFormula(node: Formula): string {
  switch (node.kind) {
    case "number":
      // String() round-trips every double; the lexer reads its "1e+21" form too.
      return String(node.value);
    case "variable":
      return formatName(node.name);
    case "negate":
      return `-${wrap(node.operand, precedence(node.operand) < precedence(node))}`;
    case "binary":
    case "compare": {
      const p = precedence(node);
      // Left-associative: an equal-precedence right operand needs parentheses
      // ("a - (b - c)"); comparisons do not chain, so neither side may be one unwrapped.
      const left = wrap(
        node.left,
        precedence(node.left) < p || (p === 1 && precedence(node.left) === 1),
      );
      const right = wrap(node.right, precedence(node.right) <= p);
      return `${left} ${node.op} ${right}`;
    }
    case "call":
      return `${node.name}(${node.args.map(printFormula).join(", ")})`;
  }
}

/** A variable as written in a formula: bare when it is a plain identifier, else "[N° de talleres]". */
export function formatName(name: string): string {
  return PLAIN_NAME.test(name) ? name : `[${name}]`;
}

function wrap(node: Formula, parenthesize: boolean): string {
  const text = printFormula(node);
  return parenthesize ? `(${text})` : text;
}
