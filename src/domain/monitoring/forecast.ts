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

/**
 * Sufficient statistics of a least-squares line, centred: what PostgreSQL's
 * regr_count, regr_avgx, regr_avgy, regr_sxx, regr_sxy and regr_syy give in
 * one aggregate pass, so a database can keep a forecast without the points.
 */
export interface Moments {
  readonly n: number;
  readonly meanX: number;
  readonly meanY: number;
  /** Σ(x − x̄)², Σ(x − x̄)(y − ȳ), Σ(y − ȳ)². */
  readonly sxx: number;
  readonly sxy: number;
  readonly syy: number;
}

/** Raw sums: n, Σx, Σy, Σx², Σxy, Σy². */
export interface LinearSums {
  readonly n: number;
  readonly sumX: number;
  readonly sumY: number;
  readonly sumXX: number;
  readonly sumXY: number;
  readonly sumYY: number;
}

export function sumsOf(xs: readonly number[], ys: readonly number[]): LinearSums {
  const n = Math.min(xs.length, ys.length);
  let [sumX, sumY, sumXX, sumXY, sumYY] = [0, 0, 0, 0, 0];
  for (let i = 0; i < n; i++) {
    const [x, y] = [xs[i]!, ys[i]!];
    sumX += x;
    sumY += y;
    sumXX += x * x;
    sumXY += x * y;
    sumYY += y * y;
  }
  return { n, sumX, sumY, sumXX, sumXY, sumYY };
}

/** Centred moments from raw sums (Σ(x − x̄)² = Σx² − (Σx)²/n, and so on). */
export function momentsFromSums(s: LinearSums): Moments {
  if (s.n === 0) return { n: 0, meanX: 0, meanY: 0, sxx: 0, sxy: 0, syy: 0 };
  return {
    n: s.n,
    meanX: s.sumX / s.n,
    meanY: s.sumY / s.n,
    sxx: Math.max(0, s.sumXX - (s.sumX * s.sumX) / s.n),
    sxy: s.sumXY - (s.sumX * s.sumY) / s.n,
    syy: Math.max(0, s.sumYY - (s.sumY * s.sumY) / s.n),
  };
}

/** Centred moments of points, in two passes (exact for constant series). */
export function momentsOf(xs: readonly number[], ys: readonly number[]): Moments {
  const n = Math.min(xs.length, ys.length);
  let meanX = 0;
  let meanY = 0;
  for (let i = 0; i < n; i++) {
    meanX += xs[i]! / n;
    meanY += ys[i]! / n;
  }
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (xs[i]! - meanX) ** 2;
    sxy += (xs[i]! - meanX) * (ys[i]! - meanY);
    syy += (ys[i]! - meanY) ** 2;
  }
  return { n, meanX, meanY, sxx, sxy, syy };
}

/** OLS prediction at x0 with a two-sided prediction interval of the given level. */
export function predictLinear(
  xs: readonly number[],
  ys: readonly number[],
  x0: number,
  level = FORECAST_LEVEL,
): Prediction | Insufficient {
  return predictFromMoments(momentsOf(xs, ys), x0, level);
}

/** The same prediction from raw sums n, Σx, Σy, Σx², Σxy, Σy². */
export function predictFromSums(
  sums: LinearSums,
  x0: number,
  level = FORECAST_LEVEL,
): Prediction | Insufficient {
  return predictFromMoments(momentsFromSums(sums), x0, level);
}

/**
 * The prediction from sufficient statistics. Scatter below ~1e-12 of the
 * series' own variation (or of its size) is rounding, not variation.
 */
export function predictFromMoments(
  m: Moments,
  x0: number,
  level = FORECAST_LEVEL,
): Prediction | Insufficient {
  const { n } = m;
  if (n < MIN_POINTS) {
    return {
      kind: "insufficient",
      reason: `Se necesitan al menos ${MIN_POINTS} mediciones validadas para proyectar; hay ${n}`,
    };
  }
  if (!(m.sxx > 1e-12 * Math.max(1, m.meanX * m.meanX) * n)) {
    return {
      kind: "insufficient",
      reason: "Todas las mediciones son del mismo período; no hay tendencia",
    };
  }
  const slope = m.sxy / m.sxx;
  const sse = Math.max(0, m.syy - slope * m.sxy);
  const df = n - 2;
  const s = Math.sqrt(sse / df);
  const scale = Math.max(Math.abs(m.meanY), 1);
  if (!(sse > 1e-12 * m.syy) || !(s > 1e-12 * scale)) {
    const constant = m.syy <= 1e-24 * scale * scale * n;
    return {
      kind: "insufficient",
      reason: constant
        ? `La serie es constante (siempre ${formatNumber(m.meanY)}); sin variación no se puede estimar la incertidumbre`
        : "Las mediciones están exactamente sobre una recta; sin dispersión no se puede estimar la incertidumbre",
    };
  }
  const projected = m.meanY + slope * (x0 - m.meanX);
  const se = s * Math.sqrt(1 + 1 / n + (x0 - m.meanX) ** 2 / m.sxx);
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
  return describeForecast(
    predictLinear(
      xs,
      points.map((o) => o.value),
      yearFraction(goal.date),
      level,
    ),
    goal,
    level,
  );
}

/**
 * The same forecast from the moments of the validated history, time in
 * fractional years (`yearFraction` of each period's end): what a database
 * aggregate keeps.
 */
export function forecastFromMoments(
  moments: Moments,
  goal: ForecastGoal,
  level = FORECAST_LEVEL,
): Forecast {
  return describeForecast(predictFromMoments(moments, yearFraction(goal.date), level), goal, level);
}

function describeForecast(
  p: Prediction | Insufficient,
  goal: ForecastGoal,
  level: number,
): Forecast {
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
