import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  forecastFromMoments,
  forecastIndicator,
  momentsOf,
  predictFromMoments,
  predictFromSums,
  predictLinear,
  probabilityOfMeeting,
  sumsOf,
} from "./forecast";
import { yearFraction } from "./calendar";
import type { Prediction } from "./forecast";

// Worked by hand: x̄ = 1,5, ȳ = 2,75, Sxx = 5, Sxy = 5,5 → b = 1,1, a = 1,1;
// SSE = 2,7, s² = 1,35; at x = 4: ŷ = 5,5, se = √(1,35·2,5) = 1,8371, t(0,90; 2) = 1,8856.
const xs = [0, 1, 2, 3];
const ys = [1, 3, 2, 5];

describe("linear prediction", () => {
  it("matches a hand computation", () => {
    const p = predictLinear(xs, ys, 4) as Prediction;
    expect(p.kind).toBe("prediction");
    expect(p.slope).toBeCloseTo(1.1, 12);
    expect(p.projected).toBeCloseTo(5.5, 12);
    expect(p.standardError).toBeCloseTo(Math.sqrt(3.375), 12);
    expect(p.degreesOfFreedom).toBe(2);
    expect(p.lower).toBeCloseTo(5.5 - 1.885618083 * Math.sqrt(3.375), 6);
    expect(p.upper).toBeCloseTo(5.5 + 1.885618083 * Math.sqrt(3.375), 6);
  });

  it("gives the probability of meeting the target by direction", () => {
    const p = predictLinear(xs, ys, 4) as Prediction;
    // T₂ has CDF ½ + t / (2√(2 + t²)).
    const t = 0.5 / Math.sqrt(3.375);
    const up = 0.5 + t / (2 * Math.sqrt(2 + t * t));
    expect(
      probabilityOfMeeting(p, { date: "2030-12-31", direction: "increase", value: 5 }),
    ).toBeCloseTo(up, 10);
    expect(
      probabilityOfMeeting(p, { date: "2030-12-31", direction: "decrease", value: 5 }),
    ).toBeCloseTo(1 - up, 10);
    expect(
      probabilityOfMeeting(p, { date: "2030-12-31", direction: "band", band: { min: 5, max: 6 } }),
    ).toBeCloseTo(2 * up - 1, 10);
    expect(probabilityOfMeeting(p, { date: "2030-12-31", direction: "band" })).toBeNull();
    expect(probabilityOfMeeting(p, { date: "2030-12-31", direction: "increase" })).toBeNull();
  });

  it("is honest about three points: one degree of freedom, a wide interval", () => {
    const p = predictLinear([0, 1, 2], [1, 2.2, 2.9], 3) as Prediction;
    expect(p.degreesOfFreedom).toBe(1);
    expect((p.upper - p.projected) / p.standardError).toBeCloseTo(3.0777, 3);
  });

  it.each([
    [[1, 2], [1, 2], "Se necesitan al menos 3 mediciones validadas para proyectar; hay 2"],
    [[1, 1, 1], [1, 2, 3], "Todas las mediciones son del mismo período; no hay tendencia"],
    [
      [1, 2, 3],
      [1234.5, 1234.5, 1234.5],
      "La serie es constante (siempre 1.234,5); sin variación no se puede estimar la incertidumbre",
    ],
    [
      [1, 2, 3, 4],
      [2, 4, 6, 8],
      "Las mediciones están exactamente sobre una recta; sin dispersión no se puede estimar la incertidumbre",
    ],
  ])("is insufficient for x=%j y=%j", (x, y, reason) => {
    expect(predictLinear(x, y, 5)).toEqual({ kind: "insufficient", reason });
  });

  it("brackets its projection and keeps probabilities in [0, 1] (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1000, max: 1000, noNaN: true }), {
          minLength: 3,
          maxLength: 20,
        }),
        fc.double({ min: 0, max: 40, noNaN: true }),
        fc.double({ min: -2000, max: 2000, noNaN: true }),
        (values, x0, target) => {
          const p = predictLinear(
            values.map((_, i) => i),
            values,
            x0,
          );
          if (p.kind === "insufficient") return;
          expect(p.lower).toBeLessThanOrEqual(p.projected);
          expect(p.projected).toBeLessThanOrEqual(p.upper);
          const up = probabilityOfMeeting(p, { date: "", direction: "increase", value: target })!;
          const down = probabilityOfMeeting(p, { date: "", direction: "decrease", value: target })!;
          expect(up >= 0 && up <= 1).toBe(true);
          expect(up + down).toBeCloseTo(1, 9);
        },
      ),
    );
  });
});

describe("forecastIndicator", () => {
  const history = [
    { date: "2022-12-31", value: 18 },
    { date: "2023-12-31", value: 18.4 },
    { date: "2024-12-31", value: 18.5 },
    { date: "2025-12-31", value: 19.1 },
  ];

  it("projects to the target date with an explanation in Spanish", () => {
    const f = forecastIndicator(history, { date: "2029-12-31", direction: "increase", value: 25 });
    if (f.kind !== "prediction") throw new Error(f.reason);
    expect(f.projected).toBeCloseTo(20.4, 1);
    expect(f.level).toBe(0.8);
    expect(f.probabilityOfMeeting!).toBeLessThan(0.05);
    expect(f.explanation).toMatch(
      /^Proyección al 31-12-2029: 20,4 \(intervalo de 80%: 19,\d a 2\d,\d; tendencia lineal de 4 mediciones\); probabilidad de cumplir la meta \(25\): \d,\d%$/,
    );
  });

  it("words band goals and drops non-finite values", () => {
    const f = forecastIndicator([...history, { date: "2026-12-31", value: Number.NaN }], {
      date: "2026-12-31",
      direction: "band",
      band: { min: 19, max: 21 },
    });
    if (f.kind !== "prediction") throw new Error(f.reason);
    expect(f.n).toBe(4);
    expect(f.explanation).toContain("probabilidad de quedar entre 19 y 21:");
  });

  it("returns the reason when history is short", () => {
    expect(
      forecastIndicator(history.slice(0, 2), {
        date: "2029-12-31",
        direction: "increase",
        value: 25,
      }),
    ).toEqual({
      kind: "insufficient",
      reason: "Se necesitan al menos 3 mediciones validadas para proyectar; hay 2",
    });
  });
});

describe("forecast from sufficient statistics", () => {
  const close = (a: number, b: number, tol: number) =>
    expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(a), Math.abs(b)));

  it("equals the point-based prediction for n, Σx, Σy, Σx², Σxy, Σy² (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1000, max: 1000, noNaN: true }), {
          minLength: 3,
          maxLength: 40,
        }),
        fc.double({ min: 0, max: 60, noNaN: true }),
        (values, x0) => {
          const x = values.map((_, i) => i / 4);
          const points = predictLinear(x, values, x0);
          const sums = predictFromSums(sumsOf(x, values), x0);
          expect(sums.kind).toBe(points.kind);
          if (points.kind !== "prediction" || sums.kind !== "prediction") return;
          close(sums.projected, points.projected, 1e-6);
          close(sums.standardError, points.standardError, 1e-5);
          close(sums.lower, points.lower, 1e-5);
          close(sums.upper, points.upper, 1e-5);
          expect(sums.degreesOfFreedom).toBe(points.degreesOfFreedom);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("gives the hand-computed prediction from moments, and the same reasons for degenerate series", () => {
    const p = predictFromMoments(momentsOf(xs, ys), 4);
    expect(p).toEqual(predictLinear(xs, ys, 4));
    expect(predictFromSums(sumsOf([1, 2, 3], [7, 7, 7]), 5)).toEqual(
      predictLinear([1, 2, 3], [7, 7, 7], 5),
    );
    expect(predictFromSums(sumsOf([1, 2, 3, 4], [2, 4, 6, 8]), 5).kind).toBe("insufficient");
    expect(predictFromSums(sumsOf([1, 1, 1], [1, 2, 3]), 5).kind).toBe("insufficient");
  });

  it("words the forecast from moments as the forecast from history", () => {
    const history = [
      { date: "2022-12-31", value: 18 },
      { date: "2023-06-30", value: 18.4 },
      { date: "2024-12-31", value: 18.5 },
      { date: "2025-12-31", value: 19.1 },
    ];
    const goal = { date: "2029-12-31", direction: "increase" as const, value: 25 };
    const m = momentsOf(
      history.map((h) => yearFraction(h.date)),
      history.map((h) => h.value),
    );
    expect(forecastFromMoments(m, goal)).toEqual(forecastIndicator(history, goal));
  });
});
