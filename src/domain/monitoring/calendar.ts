/**
 * Calendar days as ISO text ("2025-06-30"). Plans speak in calendar days, not
 * instants, so dates are read as text and counted in UTC: no time zone can move
 * a due date by a day (the same choice as web/src/i18n/format.ts).
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** True for a real calendar date written YYYY-MM-DD ("2025-02-30" is not). */
export function isIsoDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

/** Days since 1970-01-01 of an ISO date; throws on text that is not one. */
export function dayNumber(iso: string): number {
  // The figures of a plan read the same few dates (period ends, targets, the
  // day of the computation) tens of thousands of times: remembered.
  let day = DAY_NUMBERS.get(iso);
  if (day === undefined) {
    if (!isIsoDate(iso)) throw new Error(`Fecha inválida: «${iso}» (se espera AAAA-MM-DD)`);
    const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
    day = Date.UTC(y, m - 1, d) / DAY_MS;
    if (DAY_NUMBERS.size >= 20_000) DAY_NUMBERS.clear();
    DAY_NUMBERS.set(iso, day);
  }
  return day;
}

const DAY_NUMBERS = new Map<string, number>();

/** The ISO date of a day number. */
export function fromDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(iso: string, days: number): string {
  return fromDayNumber(dayNumber(iso) + days);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** A date as a fractional year (2025-07-02 ≈ 2025.5), the time axis of forecasts. */
export function yearFraction(iso: string): number {
  const year = Number(iso.slice(0, 4));
  const start = Date.UTC(year, 0, 1) / DAY_MS;
  const length = Date.UTC(year + 1, 0, 1) / DAY_MS - start;
  return year + (dayNumber(iso) - start) / length;
}
