/**
 * The few Spanish (es-CL) words the monitoring explanations need. The domain
 * writes finished sentences so that the API, the e-mails and the portal give the
 * same reason for a colour; numbers use Chilean separators (1.234,5) and dates
 * read as people write them ("30-06-2025", "junio 2025").
 */

export const MONTH_NAMES = [
  "enero",
  "febrero",
  "marzo",
  "abril",
  "mayo",
  "junio",
  "julio",
  "agosto",
  "septiembre",
  "octubre",
  "noviembre",
  "diciembre",
] as const;

/**
 * A number with "." for thousands and "," for decimals, at most `maxDecimals`
 * decimals and no trailing zeros: 1234.5 → "1.234,5", -0.04 → "0".
 * Written by hand rather than with Intl so the text never depends on the ICU
 * data a runtime ships (es-CL does not group four-digit numbers by default).
 */
export function formatNumber(value: number, maxDecimals = 2): string {
  if (!Number.isFinite(value)) return String(value);
  // By hand rather than with regular expressions: a plan's recompute writes
  // tens of thousands of these.
  const fixed = Math.abs(value).toFixed(maxDecimals);
  const dot = fixed.indexOf(".");
  const whole = dot < 0 ? fixed : fixed.slice(0, dot);
  let end = fixed.length;
  if (dot >= 0) while (end > dot + 1 && fixed.charCodeAt(end - 1) === 48) end -= 1;
  const decimals = dot < 0 ? "" : fixed.slice(dot + 1, end);
  let grouped = whole.slice(0, ((whole.length - 1) % 3) + 1);
  for (let i = grouped.length; i < whole.length; i += 3) grouped += `.${whole.slice(i, i + 3)}`;
  const text = decimals ? `${grouped},${decimals}` : grouped;
  return value < 0 && (whole !== "0" || decimals !== "") ? `-${text}` : text;
}

/**
 * A ratio as a percentage rounded sensibly: whole numbers from 10% up ("84%"),
 * one decimal below ("2,5%"), and never "100%" for a ratio that is not quite
 * 1 nor "0%" for one that is not quite 0, so a colour never contradicts its text.
 */
export function formatPercent(ratio: number): string {
  const pct = ratio * 100;
  const decimals = Math.abs(pct) >= 10 ? 0 : 1;
  let text = formatNumber(pct, decimals);
  if (text === "100" && ratio < 1) text = formatNumber(Math.floor(pct * 10) / 10, 1);
  if (text === "0" && ratio > 0) text = formatNumber(Math.ceil(pct * 10) / 10, 1);
  return `${text}%`;
}

/** "2025-06-30" → "30-06-2025". */
export function formatDate(iso: string): string {
  const [y, m, d] = iso.split("-");
  return `${d}-${m}-${y}`;
}

/** "2025-06-30" → "junio 2025". */
export function formatMonthYear(iso: string): string {
  const month = MONTH_NAMES[Number(iso.slice(5, 7)) - 1] ?? "";
  return `${month} ${iso.slice(0, 4)}`;
}

/** "1 día", "12 días". */
export function plural(count: number, one: string, many: string): string {
  return `${formatNumber(count)} ${count === 1 ? one : many}`;
}
