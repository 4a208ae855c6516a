import { describe, expect, it } from "vitest";
import {
  bandPath,
  linePath,
  linearScale,
  niceDomain,
  periodicityOf,
  periodPosition,
} from "./chart-scale";
import { inferPeriodicity, periodOf, previewFormula } from "./report-logic";

describe("chart scales", () => {
  it("maps a domain linearly onto a range, inverted for the y axis", () => {
    const y = linearScale([0, 100], [200, 0]);
    expect(y(0)).toBe(200);
    expect(y(100)).toBe(0);
    expect(y(25)).toBe(150);
    expect(linearScale([5, 5], [0, 10])(5)).toBe(5);
  });

  it("widens the domain to round ticks and starts at zero when it is near", () => {
    expect(niceDomain([3, 97])).toEqual({ domain: [0, 100], ticks: [0, 20, 40, 60, 80, 100] });
    expect(niceDomain([]).domain).toEqual([0, 1]);
    const flat = niceDomain([50, 50]);
    expect(flat.domain[0]).toBeLessThan(50);
    expect(flat.domain[1]).toBeGreaterThan(50);
    const negative = niceDomain([-12, 7]);
    expect(negative.domain[0]).toBeLessThanOrEqual(-12);
    expect(negative.domain[1]).toBeGreaterThanOrEqual(7);
  });

  it("draws lines and closed bands", () => {
    expect(linePath([])).toBe("");
    expect(
      linePath([
        [0, 1],
        [2.345, 3],
      ]),
    ).toBe("M0 1 L2.35 3");
    expect(
      bandPath(
        [
          [0, 0],
          [10, 5],
        ],
        [
          [0, 0],
          [10, 15],
        ],
      ),
    ).toBe("M0 0 L10 5 L10 15 L0 0 Z");
  });

  it("places periods on a time axis and reads their periodicity", () => {
    expect(periodPosition("2025")).toBe(2025.5);
    expect(periodPosition("2025-Q1")).toBe(2025.125);
    expect(periodPosition("2025-S2")).toBe(2025.75);
    expect(periodPosition("2025-12")).toBeCloseTo(2025 + 11.5 / 12);
    expect(Number.isNaN(periodPosition("x"))).toBe(true);
    expect(periodicityOf("2025-Q3")).toBe("quarter");
    expect(inferPeriodicity(["2024", "2025-Q1"])).toBe("quarter");
    expect(inferPeriodicity([])).toBe("year");
    expect(periodOf("quarter", "2026-11-22")).toBe("2026-Q4");
    expect(periodOf("semester", "2026-03-01")).toBe("2026-S1");
    expect(periodOf("month", "2026-03-01")).toBe("2026-03");
  });

  it("previews a formula's value as the officer types", () => {
    expect(
      previewFormula("realizadas / programadas * 100", { realizadas: 3, programadas: 4 }),
    ).toEqual({ ok: true, value: 75 });
    const missing = previewFormula("a / b", { a: 1, b: null });
    expect(missing.ok).toBe(false);
    expect(!missing.ok && missing.missing).toBe(true);
    const zero = previewFormula("a / b", { a: 1, b: 0 });
    expect(zero.ok).toBe(false);
  });
});
