import { normalizeText } from "./text";

/**
 * A deadline (PLAZOS column) read from the text a plan writes: "2024-2029",
 * "Enero - Diciembre", "Enero a Diciembre 2024", "2023".
 */
export type Deadline =
  | { kind: "range"; start: string; end: string }
  | { kind: "yearly"; startMonth: number; endMonth: number }
  | { kind: "unknown" };

const MONTHS = [
  "ENERO",
  "FEBRERO",
  "MARZO",
  "ABRIL",
  "MAYO",
  "JUNIO",
  "JULIO",
  "AGOSTO",
  "SEPTIEMBRE",
  "OCTUBRE",
  "NOVIEMBRE",
  "DICIEMBRE",
];
const MONTH = `(${MONTHS.join("|")}|SETIEMBRE)`;
const YEAR = "((?:19|20)\\d{2})";

export function parseDeadline(text: string | null | undefined): Deadline {
  if (!text) return { kind: "unknown" };
  const t = normalizeText(text).replace(/[–—]/g, "-");

  let m = new RegExp(`^${YEAR}\\s*(?:-|A|AL|HASTA)\\s*${YEAR}$`).exec(t);
  if (m) {
    const [from, to] = [Number(m[1]), Number(m[2])];
    if (from <= to) return { kind: "range", start: `${from}-01-01`, end: `${to}-12-31` };
    return { kind: "unknown" };
  }
  m = new RegExp(`^${YEAR}$`).exec(t);
  if (m) return { kind: "range", start: `${m[1]}-01-01`, end: `${m[1]}-12-31` };

  m = new RegExp(
    `^(?:DE\\s+)?${MONTH}\\s*(?:-|A|AL|HASTA)\\s*${MONTH}(?:\\s+(?:DE(?:L)?\\s+)?${YEAR})?$`,
  ).exec(t);
  if (m) {
    const startMonth = monthNumber(m[1]!);
    const endMonth = monthNumber(m[2]!);
    if (m[3]) {
      if (startMonth > endMonth) return { kind: "unknown" };
      return {
        kind: "range",
        start: `${m[3]}-${pad(startMonth)}-01`,
        end: `${m[3]}-${pad(endMonth)}-${pad(lastDay(Number(m[3]), endMonth))}`,
      };
    }
    return { kind: "yearly", startMonth, endMonth };
  }
  return { kind: "unknown" };
}

function monthNumber(name: string): number {
  return name === "SETIEMBRE" ? 9 : MONTHS.indexOf(name) + 1;
}
function pad(n: number): string {
  return String(n).padStart(2, "0");
}
function lastDay(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
