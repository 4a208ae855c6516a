import type { ImportMessage } from "./grid";

/**
 * One cell's value as the text a planner sees: numbers as written (percent
 * formats as "95%"), dates as 22-11-2026, rich text joined. A formula cell
 * gives its cached result (what Excel or LibreOffice last computed and
 * showed) with a warning naming the cell; a formula without a cached result
 * or an error value (#N/A) is an error of that cell. We never evaluate
 * formulas ourselves: the planner saw the cached value, so that is what we import.
 */
export function cellText(
  value: unknown,
  numFmt: string | undefined,
  at: { sheet: string; cell: string },
  messages: ImportMessage[],
): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return clean(value);
  if (typeof value === "number") {
    if (numFmt?.includes("%")) return `${round(value * 100)}%`;
    return String(value);
  }
  if (typeof value === "boolean") return value ? "VERDADERO" : "FALSO";
  if (value instanceof Date) return formatDate(value);
  if (typeof value === "object") {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText))
      return clean(
        (v.richText as Array<{ text?: unknown }>).map((r) => String(r.text ?? "")).join(""),
      );
    if ("formula" in v || "sharedFormula" in v) {
      const formula = String(v.formula ?? v.sharedFormula ?? "");
      if (
        v.result === undefined ||
        v.result === null ||
        (typeof v.result === "object" && v.result !== null && "error" in v.result)
      ) {
        messages.push({
          severity: "error",
          ...at,
          message: `la celda tiene la fórmula «=${formula}» sin un valor calculado. Abra el libro en Excel o LibreOffice, guárdelo (así se calculan las fórmulas) o reemplace la fórmula por su valor.`,
        });
        return null;
      }
      const text = cellText(v.result, numFmt, at, messages);
      messages.push({
        severity: "warning",
        ...at,
        message: `la celda tiene la fórmula «=${formula}»; se importa el valor que muestra («${text ?? ""}»), no la fórmula.`,
      });
      return text;
    }
    if ("error" in v) {
      messages.push({
        severity: "error",
        ...at,
        message: `la celda muestra el error ${String(v.error)}.`,
      });
      return null;
    }
    if ("text" in v) return cellText(v.text, numFmt, at, messages);
  }
  return null;
}

function clean(text: string): string | null {
  const t = text
    .replace(/\r\n?/g, "\n")
    .replace(/[ \t\u00a0]+/g, " ")
    .replace(/ *\n */g, "\n")
    .trim();
  return t === "" ? null : t;
}

function round(n: number): number {
  return Math.round(n * 1e6) / 1e6;
}

function formatDate(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(d.getUTCDate())}-${pad(d.getUTCMonth() + 1)}-${d.getUTCFullYear()}`;
}
