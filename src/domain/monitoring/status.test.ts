import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parsePeriodKey } from "./periods";
import type { Measurement, Thresholds } from "./status";
import {
  DEFAULT_THRESHOLDS,
  evidenceStatus,
  indicatorStatus,
  milestoneStatus,
  progressToward,
  quantitativeStatus,
  statusFromProgress,
  validateThresholds,
} from "./status";
import type { TargetSpec } from "./targets";

const period = (key: string) => parsePeriodKey(key)!;
const workshops: TargetSpec = {
  direction: "increase",
  baseline: { value: 0, date: "2024-12-31" },
  finalTarget: { value: 24, date: "2026-12-31" },
  periodTargets: { "2025-06": 12 },
};
const at = (value: number, key = "2025-06"): Measurement[] => [{ periodKey: key, value }];

describe("quantitative status", () => {
  it("explains the colour with the figures", () => {
    const r = quantitativeStatus({
      spec: workshops,
      period: period("2025-06"),
      measurements: at(10),
      unit: "talleres",
    });
    expect(r).toEqual({
      status: "at_risk",
      progress: 10 / 12,
      explanation: "83% de lo esperado a junio 2025 (10 de 12 talleres); umbral en riesgo 70%",
    });
  });

  it.each([
    [12, "on_track", "umbral en camino 90%"],
    [10.8, "on_track", "90% de lo esperado"],
    [8.4, "at_risk", "70% de lo esperado"],
    [8.3, "off_track", "bajo el umbral en riesgo 70%"],
    [0, "off_track", "0% de lo esperado"],
    [15, "on_track", "100% de lo esperado"],
  ])("reads %d of 12 as %s", (value, status, phrase) => {
    const r = quantitativeStatus({
      spec: workshops,
      period: period("2025-06"),
      measurements: at(value),
    });
    expect(r.status).toBe(status);
    expect(r.explanation).toContain(phrase);
  });

  it("is done when the final target is reached", () => {
    const r = quantitativeStatus({
      spec: workshops,
      period: period("2025-06"),
      measurements: at(24),
      unit: "talleres",
    });
    expect(r).toEqual({
      status: "done",
      progress: 1,
      explanation: "Meta final alcanzada a junio 2025: 24 talleres (meta 24)",
    });
  });

  it("measures progress from the baseline, not from zero", () => {
    const spec: TargetSpec = { ...workshops, baseline: { value: 6, date: "2024-12-31" } };
    const r = quantitativeStatus({ spec, period: period("2025-06"), measurements: at(10) });
    expect(r.progress).toBeCloseTo(4 / 6, 12);
    expect(r.explanation).toContain("(10 de 12, desde 6)");
  });

  it("measures decreasing indicators on the reduction", () => {
    const spec: TargetSpec = {
      direction: "decrease",
      baseline: { value: 20, date: "2024-12-31" },
      finalTarget: { value: 5, date: "2026-12-31" },
      periodTargets: { "2025": 10 },
    };
    const r = quantitativeStatus({
      spec,
      period: period("2025"),
      measurements: at(12, "2025"),
      unit: "días",
    });
    expect(r.status).toBe("at_risk");
    expect(r.progress).toBeCloseTo(0.8, 12);
    expect(r.explanation).toBe(
      "80% de la reducción esperada a 2025 (12 días; se esperaba 10, desde 20); umbral en riesgo 70%",
    );
    const done = quantitativeStatus({ spec, period: period("2025"), measurements: at(4, "2025") });
    expect(done.status).toBe("done");
  });

  it("judges gap-closing targets against last period", () => {
    const spec: TargetSpec = {
      direction: "increase",
      baseline: null,
      finalTarget: null,
      gapClosing: { referenceGoal: 25, closePercent: 3 },
    };
    const measurements = [
      { periodKey: "2024", value: 18 },
      { periodKey: "2025", value: 18.3 },
    ];
    const r = quantitativeStatus({ spec, period: period("2025"), measurements, unit: "%" });
    expect(r.status).toBe("on_track");
    expect(r.explanation).toContain("(18,3 de 18,21 %, desde 18)");
    const short = quantitativeStatus({
      spec,
      period: period("2025"),
      measurements: [measurements[0]!, { periodKey: "2025", value: 18.1 }],
    });
    expect(short.status).toBe("off_track");
  });

  it("has no data without a measurement for the period", () => {
    const measurements = [
      { periodKey: "2025-03", value: 5 },
      { periodKey: "2025-01", value: 2 },
      { periodKey: "2025-08", value: 9 },
    ];
    expect(
      quantitativeStatus({ spec: workshops, period: period("2025-06"), measurements }),
    ).toEqual({
      status: "no_data",
      progress: null,
      explanation: "Sin mediciones validadas desde marzo 2025",
    });
    expect(
      quantitativeStatus({ spec: workshops, period: period("2025-06"), measurements: [] })
        .explanation,
    ).toBe("Sin mediciones validadas a junio 2025");
  });

  it("says when there is nothing to compare with", () => {
    const r = quantitativeStatus({
      spec: { ...workshops, baseline: null, periodTargets: {} },
      period: period("2025-06"),
      measurements: at(3),
    });
    expect(r).toMatchObject({ status: "no_data", progress: null });
    expect(r.explanation).toBe(
      "3 a junio 2025, sin valor esperado con qué comparar: línea base por establecer",
    );
  });

  it("honours plan thresholds", () => {
    const strict: Thresholds = { onTrack: 1, atRisk: 0.95, bandMargin: 0 };
    const r = quantitativeStatus({
      spec: workshops,
      period: period("2025-06"),
      measurements: at(11.5),
      thresholds: strict,
    });
    expect(r.status).toBe("at_risk");
    expect(r.explanation).toContain("umbral en riesgo 95%");
  });
});

describe("band indicators", () => {
  const spec: TargetSpec = {
    direction: "band",
    baseline: null,
    finalTarget: null,
    band: { min: 10, max: 20 },
  };
  const run = (value: number) =>
    quantitativeStatus({
      spec,
      period: period("2025"),
      measurements: at(value, "2025"),
      unit: "días",
    });

  it("is on track inside", () => {
    expect(run(15)).toEqual({
      status: "on_track",
      progress: 1,
      explanation: "Dentro del rango 10–20 días a 2025 (15)",
    });
    expect(run(10).status).toBe("on_track");
    expect(run(20).status).toBe("on_track");
  });

  it("is at risk within the margin and off track beyond it", () => {
    expect(run(21)).toEqual({
      status: "at_risk",
      progress: 0.9,
      explanation: "Fuera del rango 10–20 días a 2025 (21, 1 sobre el máximo); margen en riesgo 1",
    });
    expect(run(8.5).status).toBe("off_track");
    expect(run(8.5).explanation).toContain("1,5 bajo el mínimo");
    expect(run(-100).progress).toBe(0);
  });
});

describe("milestones (early-warning hitos, Putre seed)", () => {
  const m = { dueDate: "2025-06-30", doneDate: null };
  it.each([
    ["2025-06-18", "on_track", "Hito pendiente; vence el 30-06-2025 (en 12 días)"],
    ["2025-06-29", "on_track", "Hito pendiente; vence el 30-06-2025 (en 1 día)"],
    ["2025-06-30", "on_track", "Hito pendiente; vence el 30-06-2025 (hoy)"],
    ["2025-07-01", "off_track", "Hito vencido el 30-06-2025 sin cumplir"],
  ])("at %s is %s", (asOf, status, explanation) => {
    expect(milestoneStatus(m, asOf)).toMatchObject({ status, explanation });
  });

  it("is done once it happened, late or not", () => {
    expect(milestoneStatus({ ...m, doneDate: "2025-06-15" }, "2025-07-10")).toEqual({
      status: "done",
      progress: 1,
      explanation: "Hito cumplido el 15-06-2025",
    });
    expect(milestoneStatus({ ...m, doneDate: "2025-07-03" }, "2025-07-10").explanation).toBe(
      "Hito cumplido el 03-07-2025, con 3 días de atraso",
    );
    // A completion recorded after the evaluation date does not count yet.
    expect(milestoneStatus({ ...m, doneDate: "2025-07-03" }, "2025-07-01").status).toBe(
      "off_track",
    );
  });
});

describe("evidence-only indicators and dispatch", () => {
  it("is met with evidence and without data otherwise", () => {
    expect(evidenceStatus(period("2025-S1"), true)).toEqual({
      status: "on_track",
      progress: 1,
      explanation: "Medio de verificación registrado para 1er semestre 2025",
    });
    expect(evidenceStatus(period("2025-S1"), false)).toMatchObject({
      status: "no_data",
      progress: null,
    });
  });

  it("dispatches by kind", () => {
    expect(
      indicatorStatus({ kind: "evidence", period: period("2025"), hasEvidence: true }).status,
    ).toBe("on_track");
    expect(
      indicatorStatus({
        kind: "milestone",
        milestone: { dueDate: "2025-01-01", doneDate: null },
        asOf: "2025-02-01",
      }).status,
    ).toBe("off_track");
    expect(
      indicatorStatus({
        kind: "quantitative",
        spec: workshops,
        period: period("2025-06"),
        measurements: at(12),
      }).status,
    ).toBe("on_track");
  });
});

describe("thresholds and progress", () => {
  it("maps progress to colours", () => {
    expect(statusFromProgress(null, DEFAULT_THRESHOLDS)).toBe("no_data");
    expect(statusFromProgress(0.9, DEFAULT_THRESHOLDS)).toBe("on_track");
    expect(statusFromProgress(0.6999, DEFAULT_THRESHOLDS)).toBe("off_track");
  });

  it("validates thresholds", () => {
    expect(validateThresholds(DEFAULT_THRESHOLDS)).toEqual([]);
    expect(validateThresholds({ onTrack: 0.6, atRisk: 0.7, bandMargin: 0.1 })).toHaveLength(1);
    expect(validateThresholds({ onTrack: 0.9, atRisk: 0.7, bandMargin: -1 })).toHaveLength(1);
  });

  it("compares with the target itself when no change was expected", () => {
    expect(progressToward("increase", 5, 10, 10)).toBe(0.5);
    expect(progressToward("increase", 5, 10, null)).toBe(0.5);
    expect(progressToward("decrease", 20, 10, null)).toBe(0.5);
    expect(progressToward("increase", 5, 0, null)).toBe(1);
    expect(progressToward("decrease", 0, -1, null)).toBe(0);
  });

  const finite = fc.double({ min: -1e6, max: 1e6, noNaN: true });
  it("keeps progress within 0–100% (property)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom<"increase" | "decrease">("increase", "decrease"),
        finite,
        finite,
        fc.option(finite, { nil: null }),
        (direction, value, expected, from) => {
          const p = progressToward(direction, value, expected, from);
          expect(p >= 0 && p <= 1).toBe(true);
        },
      ),
    );
  });

  it("never gives a better colour to a worse value (property)", () => {
    const rank = { off_track: 0, at_risk: 1, on_track: 2, done: 3, no_data: -1 };
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 30, noNaN: true }),
        fc.double({ min: 0, max: 5, noNaN: true }),
        (v, d) => {
          const run = (value: number) =>
            quantitativeStatus({
              spec: workshops,
              period: period("2025-06"),
              measurements: at(value),
            });
          const low = run(v);
          const high = run(v + d);
          expect(rank[high.status]).toBeGreaterThanOrEqual(rank[low.status]);
          expect(high.progress!).toBeGreaterThanOrEqual(low.progress!);
        },
      ),
    );
  });
});
