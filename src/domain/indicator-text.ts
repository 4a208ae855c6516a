import { normalizeText } from "./text";

export type IndicatorTextKind = "formula" | "value" | "evidence";

/**
 * A first reading of an indicator as a plan writes it. A ratio of two counts
 * ("(N° de capacitaciones realizadas/N° de capacitaciones programadas)*100") is
 * a formula; a count with its unit ("10 Capacitaciones") is a value; anything
 * else ("REGISTRO FOTOGRAFICO/REGISTRO ASISTENCIA") is kept as an evidence-based
 * indicator. The formula language itself belongs to the indicator engine.
 */
export function classifyIndicatorText(text: string): IndicatorTextKind {
  const t = normalizeText(text);
  const count = String.raw`(?:N\s*°|Nº|NO\.|NUMERO|TOTAL|CANTIDAD|%)`;
  const ratio = new RegExp(String.raw`${count}[^/]*\/\s*(?:\()?\s*${count}`);
  if (ratio.test(t) || /\)\s*\*\s*100\b/.test(t)) return "formula";
  if (/^\d+(?:[.,]\d+)?\s+\p{L}/u.test(t)) return "value";
  return "evidence";
}
