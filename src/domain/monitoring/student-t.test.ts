import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { logGamma, regularizedBeta, studentTCdf, studentTQuantile } from "./student-t";

describe("Student t", () => {
  // One-sided quantiles as printed in any t table.
  it.each([
    [0.9, 1, 3.078],
    [0.9, 2, 1.886],
    [0.9, 3, 1.638],
    [0.9, 4, 1.533],
    [0.9, 5, 1.476],
    [0.9, 10, 1.372],
    [0.9, 20, 1.325],
    [0.9, 30, 1.31],
    [0.9, 120, 1.289],
    [0.95, 1, 6.314],
    [0.95, 7, 1.895],
    [0.975, 1, 12.706],
    [0.975, 2, 4.303],
    [0.975, 5, 2.571],
    [0.975, 30, 2.042],
    [0.995, 3, 5.841],
    [0.995, 10, 3.169],
  ])("t(%d, %i) = %d", (p, df, expected) => {
    expect(studentTQuantile(p, df)).toBeCloseTo(expected, 3);
    expect(studentTQuantile(1 - p, df)).toBeCloseTo(-expected, 3);
  });

  it("tends to the normal for large df", () => {
    expect(studentTQuantile(0.975, 1e6)).toBeCloseTo(1.96, 3);
    expect(studentTCdf(1.6448536, 1e7)).toBeCloseTo(0.95, 5);
  });

  it("has exact CDF values for 1 and 2 df", () => {
    expect(studentTCdf(1, 1)).toBeCloseTo(0.75, 12);
    expect(studentTCdf(0, 7)).toBe(0.5);
    const t = 0.8;
    expect(studentTCdf(t, 2)).toBeCloseTo(0.5 + t / (2 * Math.sqrt(2 + t * t)), 12);
    expect(studentTCdf(Infinity, 3)).toBe(1);
    expect(studentTCdf(-Infinity, 3)).toBe(0);
  });

  it("has sound building blocks", () => {
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
    expect(regularizedBeta(0.3, 1, 1)).toBeCloseTo(0.3, 12);
    expect(regularizedBeta(0.5, 2, 2)).toBeCloseTo(0.5, 12);
  });

  it("refuses nonsense", () => {
    expect(() => studentTQuantile(1, 3)).toThrow();
    expect(() => studentTQuantile(0.5, 0)).toThrow();
    expect(() => studentTCdf(1, -1)).toThrow();
  });

  it("inverts its CDF (property)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.001, max: 0.999, noNaN: true }),
        fc.integer({ min: 1, max: 200 }),
        (p, df) => {
          expect(studentTCdf(studentTQuantile(p, df), df)).toBeCloseTo(p, 9);
        },
      ),
    );
  });

  it("is symmetric and increasing (property)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -50, max: 50, noNaN: true }),
        fc.double({ min: 0, max: 5, noNaN: true }),
        fc.integer({ min: 1, max: 100 }),
        (t, step, df) => {
          expect(studentTCdf(t, df) + studentTCdf(-t, df)).toBeCloseTo(1, 12);
          expect(studentTCdf(t + step, df)).toBeGreaterThanOrEqual(studentTCdf(t, df));
        },
      ),
    );
  });
});
