import { describe, expect, it } from "vitest";
import { DEFAULT_THRESHOLDS } from "../../domain/monitoring/status";
import { ZERO_COUNTS, keyOf, planRow } from "./figures-compute";
import type { PlanContext } from "./figures-sql";

const ctx: PlanContext = {
  planId: "p",
  municipalityId: "m",
  thresholds: DEFAULT_THRESHOLDS,
  figuresAsOf: "2030-01-15",
  startYear: 2022,
  endYear: 2029,
};

const totals = (weightedSum: number) => ({
  weightedSum,
  weightWithData: 248,
  coverage: { items: 248, itemsWithData: 248, indicators: 0, indicatorsWithData: 0 },
  done: 55,
});

describe("planRow", () => {
  it("gives the same figure for sums that differ only below what is stored", () => {
    // 220,2085 / 248 = 0,8879375: a tie at six decimals. A refresh reaches the
    // sum by differences (220,20850000000002), a computation from scratch
    // directly; both must store the same progress.
    const k = keyOf("unit", "u");
    const fromScratch = planRow(ctx, k, totals(220.2085), ZERO_COUNTS, 248);
    const refreshed = planRow(ctx, k, totals(220.2085 + 2e-14), ZERO_COUNTS, 248);
    const below = planRow(ctx, k, totals(220.2085 - 2e-14), ZERO_COUNTS, 248);
    expect(refreshed).toEqual(fromScratch);
    expect(below).toEqual(fromScratch);
    expect(fromScratch.progress_sum).toBe(220.2085);
  });
});
