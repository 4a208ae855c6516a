/**
 * Backtest of the indicator forecast (src/domain/monitoring/forecast.ts):
 * fit on the first points of a series, predict the held-out last points, and
 * count how often the 80% prediction interval contains the truth (it should,
 * about 80% of the time, when the model's assumptions hold) and how far the
 * point forecast lands (mean absolute error).
 *
 * Run: node_modules/.bin/tsx bench/forecast-backtest.ts
 * The synthetic series are linear trends plus normal noise of known sigma,
 * from a seeded PRNG, so every run prints the same table. `backtestHistories`
 * runs the same measure on real or simulated histories (the demo's).
 */
import { pathToFileURL } from "node:url";
import { yearFraction } from "../src/domain/monitoring/calendar";
import type { Observation } from "../src/domain/monitoring/forecast";
import { FORECAST_LEVEL, MIN_POINTS, predictLinear } from "../src/domain/monitoring/forecast";

export interface Series {
  readonly xs: readonly number[];
  readonly ys: readonly number[];
}

export interface BacktestResult {
  /** Held-out points predicted. */
  readonly cases: number;
  /** Held-out points inside the interval. */
  readonly covered: number;
  readonly coverage: number;
  readonly meanAbsoluteError: number;
  readonly meanIntervalWidth: number;
  /** Series too short or without scatter to forecast. */
  readonly skipped: number;
}

/**
 * Fits each series on all but its last `holdout` points (at most, keeping
 * MIN_POINTS to fit) and predicts every held-out point.
 */
export function backtest(
  series: readonly Series[],
  holdout: number,
  level = FORECAST_LEVEL,
): BacktestResult {
  let cases = 0;
  let covered = 0;
  let absError = 0;
  let width = 0;
  let skipped = 0;
  for (const s of series) {
    const n = Math.min(s.xs.length, s.ys.length);
    const h = Math.min(holdout, n - MIN_POINTS);
    if (h < 1) {
      skipped++;
      continue;
    }
    const fitX = s.xs.slice(0, n - h);
    const fitY = s.ys.slice(0, n - h);
    for (let i = n - h; i < n; i++) {
      const p = predictLinear(fitX, fitY, s.xs[i]!, level);
      if (p.kind === "insufficient") {
        skipped++;
        break;
      }
      const truth = s.ys[i]!;
      cases++;
      if (truth >= p.lower && truth <= p.upper) covered++;
      absError += Math.abs(truth - p.projected);
      width += p.upper - p.lower;
    }
  }
  return {
    cases,
    covered,
    coverage: cases ? covered / cases : Number.NaN,
    meanAbsoluteError: cases ? absError / cases : Number.NaN,
    meanIntervalWidth: cases ? width / cases : Number.NaN,
    skipped,
  };
}

/** The backtest on dated histories, e.g. the demo's simulated measurements per indicator. */
export function backtestHistories(
  histories: readonly (readonly Observation[])[],
  holdout = 1,
  level = FORECAST_LEVEL,
): BacktestResult {
  const series = histories.map((h) => {
    const sorted = [...h]
      .filter((o) => Number.isFinite(o.value))
      .sort((a, b) => (a.date < b.date ? -1 : 1));
    return { xs: sorted.map((o) => yearFraction(o.date)), ys: sorted.map((o) => o.value) };
  });
  return backtest(series, holdout, level);
}

/** mulberry32: a small seeded PRNG, enough for reproducible synthetic data. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(rand: () => number): number {
  // Box–Muller; 1 − u keeps the logarithm away from 0.
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

/** Linear trend plus N(0, sigma²) noise at times 0, 1, …, length − 1 (say, quarters). */
export function syntheticSeries(
  length: number,
  seed: number,
  sigma: number,
  curvature = 0,
): Series {
  const rand = mulberry32(seed);
  const intercept = 50 + 50 * rand();
  const slope = -2 + 4 * rand();
  const xs = Array.from({ length }, (_, i) => i);
  const ys = xs.map((x) => intercept + slope * x + curvature * x * x + sigma * normal(rand));
  return { xs, ys };
}

const LENGTHS = [4, 6, 8, 12, 18, 24];
const SEEDS_PER_LENGTH = 2000;
const SIGMA = 2;

function holdoutFor(length: number): number {
  return Math.min(3, length - MIN_POINTS);
}

function row(cells: readonly (string | number)[]): string {
  return cells.map((c, i) => String(c).padStart(i === 0 ? 10 : 11)).join(" ");
}

function main(): void {
  const fmt = (x: number, d = 3) => x.toFixed(d);
  console.log(
    `Forecast backtest: linear trend + N(0, ${SIGMA}²) noise, ${SEEDS_PER_LENGTH} series per length, ` +
      `nominal interval ${FORECAST_LEVEL * 100}%`,
  );
  console.log(row(["length", "fit/held", "cases", "coverage", "MAE", "MAE/sigma", "width/sigma"]));
  const all: Series[] = [];
  for (const [label, curvature] of [
    ["linear", 0],
    ["curved", 0.15],
  ] as const) {
    if (label === "curved") {
      console.log(`\nMisspecified (curvature 0,15 per step², same noise): the assumption matters`);
      console.log(
        row(["length", "fit/held", "cases", "coverage", "MAE", "MAE/sigma", "width/sigma"]),
      );
    }
    for (const length of LENGTHS) {
      const series = Array.from({ length: SEEDS_PER_LENGTH }, (_, k) =>
        syntheticSeries(length, length * 100_003 + k + (curvature ? 7 : 0), SIGMA, curvature),
      );
      if (curvature === 0) all.push(...series);
      const h = holdoutFor(length);
      const r = backtest(series, h);
      console.log(
        row([
          length,
          `${length - h}/${h}`,
          r.cases,
          fmt(r.coverage),
          fmt(r.meanAbsoluteError, 2),
          fmt(r.meanAbsoluteError / SIGMA, 2),
          fmt(r.meanIntervalWidth / SIGMA, 2),
        ]),
      );
    }
  }
  // Overall on the linear series, with each length's own holdout.
  let cases = 0;
  let covered = 0;
  let abs = 0;
  for (const length of LENGTHS) {
    const r = backtest(
      all.filter((s) => s.xs.length === length),
      holdoutFor(length),
    );
    cases += r.cases;
    covered += r.covered;
    abs += r.meanAbsoluteError * r.cases;
  }
  console.log(
    `\nAll linear series: coverage ${fmt(covered / cases)} over ${cases} held-out points, MAE ${fmt(abs / cases, 2)}`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
