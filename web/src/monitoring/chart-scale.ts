/** Pure helpers of the indicator chart: linear scales, round ticks, paths. */

export interface Scale {
  (value: number): number;
  domain: [number, number];
  range: [number, number];
}

/** A linear map from [d0, d1] to [r0, r1]; a zero-width domain maps to the middle of the range. */
export function linearScale(domain: [number, number], range: [number, number]): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const scale = ((value: number) =>
    d1 === d0 ? (r0 + r1) / 2 : r0 + ((value - d0) / (d1 - d0)) * (r1 - r0)) as Scale;
  scale.domain = domain;
  scale.range = range;
  return scale;
}

/** 1, 2 or 5 times a power of ten, the smallest not below `raw`. */
function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  return nice * power;
}

/**
 * A domain that contains every value, widened to round numbers, with about `count` ticks:
 * [3, 97] → { domain: [0, 100], ticks: [0, 20, 40, 60, 80, 100] }.
 */
export function niceDomain(
  values: number[],
  count = 5,
): { domain: [number, number]; ticks: number[] } {
  const finite = values.filter((v) => Number.isFinite(v));
  let min = finite.length ? Math.min(...finite) : 0;
  let max = finite.length ? Math.max(...finite) : 1;
  if (min > 0 && min < max * 0.5) min = 0;
  if (min === max) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.1;
    min -= pad;
    max += pad;
    if (values.every((v) => v >= 0) && min < 0) min = 0;
  }
  const step = niceStep((max - min) / Math.max(1, count));
  const start = Math.floor(min / step) * step;
  const end = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  for (let tick = start; tick <= end + step / 2; tick += step)
    ticks.push(Math.round(tick / step) * step);
  return { domain: [start, end], ticks };
}

/** An SVG path through points, "M x y L x y …" (empty for no points). */
export function linePath(points: Array<[number, number]>): string {
  return points
    .map(([x, y], index) => `${index === 0 ? "M" : "L"}${round2(x)} ${round2(y)}`)
    .join(" ");
}

/** A closed SVG path for a band between two lines over the same x values. */
export function bandPath(upper: Array<[number, number]>, lower: Array<[number, number]>): string {
  if (upper.length === 0) return "";
  return `${linePath([...upper, ...[...lower].reverse()])} Z`;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** Sortable position of a period key on the time axis: "2025" → 2025.5, "2025-Q2" → 2025.375. */
export function periodPosition(key: string): number {
  const match = /^(\d{4})(?:-(S|Q)?(\d{1,2}))?$/.exec(key);
  if (!match) return NaN;
  const year = Number(match[1]);
  if (match[3] === undefined) return year + 0.5;
  const index = Number(match[3]);
  const parts = match[2] === "S" ? 2 : match[2] === "Q" ? 4 : 12;
  return year + (index - 0.5) / parts;
}

/** The periodicity of a period key. */
export function periodicityOf(key: string): "year" | "semester" | "quarter" | "month" | null {
  if (/^\d{4}$/.test(key)) return "year";
  if (/^\d{4}-S[12]$/.test(key)) return "semester";
  if (/^\d{4}-Q[1-4]$/.test(key)) return "quarter";
  if (/^\d{4}-(0[1-9]|1[0-2])$/.test(key)) return "month";
  return null;
}
