import { describe, expect, it } from "vitest";
import { parsePeriodKey } from "./periods";
import type { TargetSpec } from "./targets";
import { expectedAt, gapClosingTarget, validateTargets } from "./targets";

const period = (key: string) => parsePeriodKey(key)!;

const workshops: TargetSpec = {
  direction: "increase",
  baseline: { value: 0, date: "2024-12-31" },
  finalTarget: { value: 24, date: "2026-12-31" },
};

describe("gap-closing targets (Vallenar seed, EMPA coverage)", () => {
  it("closes 3% of the gap to the national goal", () => {
    expect(gapClosingTarget(18, 25, 3)).toBeCloseTo(18.21, 10);
    expect(gapClosingTarget(60, 80, 20)).toBeCloseTo(64, 10);
  });

  it("uses last period's value and holds the goal once it is reached", () => {
    const spec: TargetSpec = {
      direction: "increase",
      baseline: null,
      finalTarget: null,
      gapClosing: { referenceGoal: 25, closePercent: 3 },
    };
    expect(expectedAt(spec, period("2025"), 18)).toEqual({
      kind: "value",
      value: 18 + 0.03 * 7,
      from: 18,
      source: "gap_closing",
    });
    expect(expectedAt(spec, period("2025"), 27)).toMatchObject({ value: 25 });
    expect(expectedAt(spec, period("2025"), null)).toMatchObject({ kind: "unknown" });
  });

  it("works for decreasing indicators", () => {
    const spec: TargetSpec = {
      direction: "decrease",
      baseline: null,
      finalTarget: null,
      gapClosing: { referenceGoal: 10, closePercent: 50 },
    };
    expect(expectedAt(spec, period("2025"), 20)).toMatchObject({ value: 15 });
    expect(expectedAt(spec, period("2025"), 8)).toMatchObject({ value: 10 });
  });
});

describe("expected value", () => {
  it("follows a linear path from the baseline to the final target", () => {
    expect(expectedAt(workshops, period("2025-12"))).toMatchObject({
      kind: "value",
      source: "linear_path",
      from: 0,
    });
    expect((expectedAt(workshops, period("2025")) as { value: number }).value).toBeCloseTo(12, 1);
    expect((expectedAt(workshops, period("2025-06")) as { value: number }).value).toBeCloseTo(
      (24 * 181) / 730,
      6,
    );
  });

  it("clamps before the baseline and after the final date", () => {
    expect(expectedAt(workshops, period("2024-06"))).toMatchObject({ value: 0 });
    expect(expectedAt(workshops, period("2028"))).toMatchObject({ value: 24 });
  });

  it("lets per-period targets win", () => {
    const spec = { ...workshops, periodTargets: { "2025": 10 } };
    expect(expectedAt(spec, period("2025"))).toEqual({
      kind: "value",
      value: 10,
      from: 0,
      source: "period_target",
    });
    expect(expectedAt(spec, period("2026"))).toMatchObject({ source: "linear_path", value: 24 });
  });

  it("returns the band for band indicators", () => {
    const spec: TargetSpec = {
      direction: "band",
      baseline: null,
      finalTarget: null,
      band: { min: 10, max: 20 },
    };
    expect(expectedAt(spec, period("2025"))).toEqual({ kind: "band", min: 10, max: 20 });
    expect(expectedAt({ ...spec, band: undefined }, period("2025"))).toMatchObject({
      kind: "unknown",
    });
  });

  it("knows only the final target while the baseline is to be established", () => {
    const spec = { ...workshops, baseline: null };
    expect(expectedAt(spec, period("2025"))).toEqual({
      kind: "unknown",
      reason: "Línea base por establecer",
    });
    expect(expectedAt(spec, period("2026"))).toMatchObject({
      kind: "value",
      value: 24,
      from: null,
    });
    expect(expectedAt({ ...workshops, finalTarget: null }, period("2025"))).toMatchObject({
      kind: "unknown",
    });
  });
});

describe("validateTargets", () => {
  it("accepts coherent targets", () => {
    expect(validateTargets(workshops)).toEqual([]);
    expect(validateTargets({ ...workshops, periodTargets: { "2025": 10 } })).toEqual([]);
  });

  it("names the field when an increasing target sits below the baseline", () => {
    const errors = validateTargets({
      direction: "increase",
      baseline: { value: 18, date: "2024-12-31" },
      finalTarget: { value: 15, date: "2029-12-31" },
    });
    expect(errors).toEqual([
      {
        field: "finalTarget.value",
        message:
          "La meta final (15) es menor que la línea base (18), pero el indicador es para aumentar",
      },
    ]);
  });

  it("catches decreasing targets above the baseline and bad period targets", () => {
    const errors = validateTargets({
      direction: "decrease",
      baseline: { value: 20.5, date: "2024-12-31" },
      finalTarget: { value: 1234.5, date: "2029-12-31" },
      periodTargets: { "2025": 19, "2026": 21 },
    });
    expect(errors.map((e) => e.field)).toEqual(["finalTarget.value", "periodTargets.2026"]);
    expect(errors[0]!.message).toContain("(1.234,5) es mayor que la línea base (20,5)");
    expect(errors[1]!.message).toContain("para disminuir");
  });

  it("checks gap-closing settings", () => {
    const errors = validateTargets({
      direction: "increase",
      baseline: { value: 30, date: "2024-12-31" },
      finalTarget: null,
      gapClosing: { referenceGoal: 25, closePercent: 0 },
    });
    expect(errors.map((e) => e.field)).toEqual([
      "gapClosing.closePercent",
      "gapClosing.referenceGoal",
    ]);
  });

  it("checks dates and bands", () => {
    expect(
      validateTargets({ ...workshops, finalTarget: { value: 5, date: "2024-02-30" } })[0],
    ).toMatchObject({ field: "finalTarget.date" });
    expect(
      validateTargets({ ...workshops, finalTarget: { value: 5, date: "2024-01-01" } })[0],
    ).toMatchObject({ field: "finalTarget.date" });
    expect(
      validateTargets({
        direction: "band",
        baseline: null,
        finalTarget: null,
        band: { min: 5, max: 1 },
      }),
    ).toEqual([{ field: "band.min", message: "El mínimo de la banda (5) supera al máximo (1)" }]);
    expect(
      validateTargets({ direction: "band", baseline: null, finalTarget: null })[0],
    ).toMatchObject({ field: "band" });
  });
});
