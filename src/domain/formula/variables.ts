import type { Formula } from "./ast";

/** The variables a formula reads, each once, in the order they are written. */
export function variablesOf(ast: Formula): string[] {
  const seen = new Set<string>();
  const visit = (node: Formula): void => {
    switch (node.kind) {
      case "variable":
        seen.add(node.name);
        return;
      case "negate":
        return visit(node.operand);
      case "binary":
      case "compare":
        visit(node.left);
        return visit(node.right);
      case "call":
        return node.args.forEach(visit);
      case "number":
        return;
    }
  };
  visit(ast);
  return [...seen];
}
