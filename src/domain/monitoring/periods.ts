/**
 * Reporting periods as value objects. A PLADECO matrix sets targets per year
 * ("Metas 2024-2029", Vallenar seed) and units report monthly, quarterly or
 * per semester; every period has a stable text key used in measurements,
 * targets and alert keys: "2025", "2025-S1", "2025-Q2", "2025-06".
 */
import { addDays, daysInMonth, isIsoDate } from "./calendar";
import { MONTH_NAMES } from "./format";

export type Periodicity = "year" | "semester" | "quarter" | "month";

export interface Period {
  readonly periodicity: Periodicity;
  readonly year: number;
  /** 1-based position inside the year (always 1 for a year). */
  readonly index: number;
  readonly key: string;
  /** First and last calendar day, inclusive. */
  readonly start: string;
  readonly end: string;
}

const MONTHS_PER: Record<Periodicity, number> = { year: 12, semester: 6, quarter: 3, month: 1 };

export function periodsPerYear(periodicity: Periodicity): number {
  return 12 / MONTHS_PER[periodicity];
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

export function makePeriod(periodicity: Periodicity, year: number, index = 1): Period {
  if (!Number.isInteger(year) || year < 1000 || year > 9999)
    throw new Error(`Año inválido: ${year}`);
  if (!Number.isInteger(index) || index < 1 || index > periodsPerYear(periodicity)) {
    throw new Error(`Período inválido: ${periodicity} ${index} de ${year}`);
  }
  const span = MONTHS_PER[periodicity];
  const firstMonth = (index - 1) * span + 1;
  const lastMonth = firstMonth + span - 1;
  const key =
    periodicity === "year"
      ? `${year}`
      : periodicity === "semester"
        ? `${year}-S${index}`
        : periodicity === "quarter"
          ? `${year}-Q${index}`
          : `${year}-${pad(index)}`;
  return {
    periodicity,
    year,
    index,
    key,
    start: `${year}-${pad(firstMonth)}-01`,
    end: `${year}-${pad(lastMonth)}-${pad(daysInMonth(year, lastMonth))}`,
  };
}

/**
 * Remembers a computed period by a text key: a plan's figures read the same
 * few hundred periods tens of thousands of times. Periods are frozen, so the
 * one object can be shared.
 */
function remembered<K extends string>(
  cache: Map<string, Period | null>,
  key: K,
  compute: (key: K) => Period | null,
): Period | null {
  let period = cache.get(key);
  if (period === undefined) {
    period = compute(key);
    if (period) Object.freeze(period);
    if (cache.size >= 5_000) cache.clear();
    cache.set(key, period);
  }
  return period;
}

const PARSED = new Map<string, Period | null>();
const CONTAINING = new Map<string, Period | null>();
const PREVIOUS = new Map<string, Period | null>();

/** The period a key names, or null when the key is not one of the four forms. */
export function parsePeriodKey(key: string): Period | null {
  return remembered(PARSED, key, parseKey);
}

function parseKey(key: string): Period | null {
  const m = /^(\d{4})(?:-(S[12]|Q[1-4]|\d{2}))?$/.exec(key.trim());
  if (!m) return null;
  const year = Number(m[1]);
  const part = m[2];
  if (part === undefined) return makePeriod("year", year);
  if (part.startsWith("S")) return makePeriod("semester", year, Number(part.slice(1)));
  if (part.startsWith("Q")) return makePeriod("quarter", year, Number(part.slice(1)));
  const month = Number(part);
  return month >= 1 && month <= 12 ? makePeriod("month", year, month) : null;
}

/** The period of a periodicity that contains a date. */
export function periodContaining(periodicity: Periodicity, iso: string): Period {
  return remembered(CONTAINING, `${periodicity} ${iso}`, () => containing(periodicity, iso))!;
}

function containing(periodicity: Periodicity, iso: string): Period {
  if (!isIsoDate(iso)) throw new Error(`Fecha inválida: «${iso}»`);
  const year = Number(iso.slice(0, 4));
  const month = Number(iso.slice(5, 7));
  return makePeriod(periodicity, year, Math.floor((month - 1) / MONTHS_PER[periodicity]) + 1);
}

export function nextPeriod(p: Period): Period {
  return periodContaining(p.periodicity, addDays(p.end, 1));
}

export function previousPeriod(p: Period): Period {
  return remembered(PREVIOUS, p.key, () => periodContaining(p.periodicity, addDays(p.start, -1)))!;
}

/** Chronological order: by start, then the shorter (finer) period first. */
export function comparePeriods(a: Period, b: Period): number {
  if (a.start !== b.start) return a.start < b.start ? -1 : 1;
  if (a.end !== b.end) return a.end < b.end ? -1 : 1;
  return 0;
}

/**
 * Every period of a periodicity that touches [from, to], in order: consecutive,
 * without gaps or overlaps, the first containing `from` and the last `to`.
 * Empty when `to` is before `from`.
 */
export function periodsBetween(periodicity: Periodicity, from: string, to: string): Period[] {
  if (!isIsoDate(from) || !isIsoDate(to)) throw new Error(`Rango inválido: ${from} a ${to}`);
  const out: Period[] = [];
  if (to < from) return out;
  for (let p = periodContaining(periodicity, from); p.start <= to; p = nextPeriod(p)) out.push(p);
  return out;
}

const ORDINALS = ["1er", "2º", "3er", "4º"];

/** How a person names the period: "2025", "1er semestre 2025", "2º trimestre 2025", "junio 2025". */
export function periodLabel(p: Period): string {
  switch (p.periodicity) {
    case "year":
      return `${p.year}`;
    case "semester":
      return `${ORDINALS[p.index - 1]} semestre ${p.year}`;
    case "quarter":
      return `${ORDINALS[p.index - 1]} trimestre ${p.year}`;
    case "month":
      return `${MONTH_NAMES[p.index - 1]} ${p.year}`;
  }
}
