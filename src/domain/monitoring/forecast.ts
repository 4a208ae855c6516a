/**
 * Forecast of a quantitative indicator at its target date, with honest
 * uncertainty (PRODUCT.md capability 3; the Putre seed promises "predicción
 * del comportamiento en base a análisis estadísticos").
 *
 * Method: ordinary least squares fit of value = a + b·t on the validated
 * measurements, t in fractional years (each measurement dated at the end of
 * its period). At the target time t₀ the point forecast is ŷ = a + b·t₀ and the
 * standard error of a new observation is
 *     se = s · √(1 + 1/n + (t₀ − t̄)² / Σ(tᵢ − t̄)²),   s² = Σ residuals² / (n − 2).
 * The 80% prediction interval is ŷ ± t₀.₉₀,ₙ₋₂ · se, and the probability of
 * meeting the target is read from the same Student t with n − 2 degrees of
 * freedom: P(Y ≥ target) for "increase", P(Y ≤ target) for "decrease",
 * P(min ≤ Y ≤ max) for a band. With n = 3 there is one degree of freedom and
 * the interval is very wide: that is the truth about three points.
 *
 * Assumptions, stated so nobody over-reads the band: the trend is linear in
 * time and continues to the target date; deviations from it are independent,
 * of constant spread and roughly normal. Cumulative counts, saturating
 * coverages and seasonal series break some of these; bench/forecast-backtest.ts
 * measures how often the interval holds on synthetic and simulated history.
 * A series shorter than 3 points, taken at a single time, or without any
 * scatter around its line gives no estimate of uncertainty, and the result
 * says so instead of inventing one.
 */
import { yearFraction } from "./calendar";
import { formatDate, formatNumber, formatPercent } from "./format";
import { studentTCdf, studentTQuantile } from "./student-t";
import type { Direction } from "./targets";

export const FORECAST_LEVEL = 0.8;
export const MIN_POINTS = 3;

export interface Observation {
  /** End date of the measurement's period. */
  readonly date: string;
  readonly value: number;
}

export interface ForecastGoal {
  readonly date: string;
  readonly direction: Direction;
  /** Target value for "increase" / "decrease". */
  readonly value?: number;
  readonly band?: { readonly min: number; readonly max: number };
}

export interface Prediction {
  readonly kind: "prediction";
  readonly projected: number;
  readonly lower: number;
  readonly upper: number;
  readonly standardError: number;
  readonly degreesOfFreedom: number;
  readonly slope: number;
  readonly n: number;
}

export interface Insufficient {
  readonly kind: "insufficient";
  readonly reason: string;
}

/** OLS prediction at x0 with a two-sided prediction interval of the given level. */
export function predictLinear(
  xs: readonly number[],
  ys: readonly number[],
  x0: number,
  level = FORECAST_LEVEL,
): Prediction | Insufficient {
  const n = Math.min(xs.length, ys.length);
  if (n < MIN_POINTS) {
    return {
      kind: "insufficient",
      reason: `Se necesitan al menos ${MIN_POINTS} mediciones validadas para proyectar; hay ${n}`,
    };
  }
  let xMean = 0;
  let yMean = 0;
  for (let i = 0; i < n; i++) {
    xMean += xs[i]! / n;
    yMean += ys[i]! / n;
  }
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (xs[i]! - xMean) ** 2;
    sxy += (xs[i]! - xMean) * (ys[i]! - yMean);
  }
  if (!(sxx > 0)) {
    return {
      kind: "insufficient",
      reason: "Todas las mediciones son del mismo período; no hay tendencia",
    };
  }
  const slope = sxy / sxx;
  const intercept = yMean - slope * xMean;
  let sse = 0;
  for (let i = 0; i < n; i++) sse += (ys[i]! - intercept - slope * xs[i]!) ** 2;
  const df = n - 2;
  // Scatter below ~1e-12 of the values' size is rounding, not variation.
  const scale = Math.max(...ys.slice(0, n).map(Math.abs), 1);
  const s = Math.sqrt(sse / df);
  if (!(s > 1e-12 * scale)) {
    const constant = ys.slice(0, n).every((y) => y === ys[0]);
    return {
      kind: "insufficient",
      reason: constant
        ? `La serie es constante (siempre ${formatNumber(ys[0]!)}); sin variación no se puede estimar la incertidumbre`
        : "Las mediciones están exactamente sobre una recta; sin dispersión no se puede estimar la incertidumbre",
    };
  }
  const projected = intercept + slope * x0;
  const se = s * Math.sqrt(1 + 1 / n + (x0 - xMean) ** 2 / sxx);
  const half = studentTQuantile(0.5 + level / 2, df) * se;
  return {
    kind: "prediction",
    projected,
    lower: projected - half,
    upper: projected + half,
    standardError: se,
    degreesOfFreedom: df,
    slope,
    n,
  };
}

/** Probability that the new observation meets the goal, under the same t distribution. */
export function probabilityOfMeeting(p: Prediction, goal: ForecastGoal): number | null {
  const cdf = (x: number) => studentTCdf((x - p.projected) / p.standardError, p.degreesOfFreedom);
  if (goal.direction === "band") return goal.band ? cdf(goal.band.max) - cdf(goal.band.min) : null;
  if (goal.value === undefined) return null;
  return goal.direction === "increase" ? 1 - cdf(goal.value) : cdf(goal.value);
}

export type Forecast =
  | (Prediction & {
      readonly level: number;
      readonly targetDate: string;
      readonly probabilityOfMeeting: number | null;
      readonly explanation: string;
    })
  | Insufficient;

/** The forecast of an indicator at its target date from its validated history. */
export function forecastIndicator(
  history: readonly Observation[],
  goal: ForecastGoal,
  level = FORECAST_LEVEL,
): Forecast {
  const points = history.filter((o) => Number.isFinite(o.value));
  const xs = points.map((o) => yearFraction(o.date));
  const p = predictLinear(
    xs,
    points.map((o) => o.value),
    yearFraction(goal.date),
    level,
  );
  if (p.kind === "insufficient") return p;
  const probability = probabilityOfMeeting(p, goal);
  const num = (x: number) => formatNumber(x, 1);
  const target =
    goal.direction === "band" && goal.band
      ? `quedar entre ${num(goal.band.min)} y ${num(goal.band.max)}`
      : goal.value !== undefined
        ? `cumplir la meta (${num(goal.value)})`
        : null;
  const chance =
    target && probability !== null
      ? `; probabilidad de ${target}: ${formatPercent(probability)}`
      : "";
  return {
    ...p,
    level,
    targetDate: goal.date,
    probabilityOfMeeting: probability,
    explanation:
      `Proyección al ${formatDate(goal.date)}: ${num(p.projected)} ` +
      `(intervalo de ${formatPercent(level)}: ${num(p.lower)} a ${num(p.upper)}; ` +
      `tendencia lineal de ${p.n} mediciones)${chance}`,
  };
}
