import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { addDays, fromDayNumber } from "./calendar";
import type { Periodicity } from "./periods";
import {
  comparePeriods,
  makePeriod,
  nextPeriod,
  parsePeriodKey,
  periodContaining,
  periodLabel,
  periodsBetween,
  previousPeriod,
} from "./periods";

describe("periods", () => {
  it.each([
    ["year", 2025, 1, "2025", "2025-01-01", "2025-12-31"],
    ["semester", 2025, 1, "2025-S1", "2025-01-01", "2025-06-30"],
    ["semester", 2025, 2, "2025-S2", "2025-07-01", "2025-12-31"],
    ["quarter", 2025, 2, "2025-Q2", "2025-04-01", "2025-06-30"],
    ["month", 2025, 6, "2025-06", "2025-06-01", "2025-06-30"],
    ["month", 2024, 2, "2024-02", "2024-02-01", "2024-02-29"],
    ["month", 2025, 2, "2025-02", "2025-02-01", "2025-02-28"],
  ] as const)("%s %i #%i is %s from %s to %s", (periodicity, year, index, key, start, end) => {
    const p = makePeriod(periodicity, year, index);
    expect(p).toMatchObject({ key, start, end });
    expect(parsePeriodKey(key)).toEqual(p);
  });

  it.each(["2025-13", "2025-00", "2025-Q5", "2025-S3", "25", "abc", "2025-Q", ""])(
    "rejects the key %j",
    (key) => expect(parsePeriodKey(key)).toBeNull(),
  );

  it("refuses impossible periods", () => {
    expect(() => makePeriod("quarter", 2025, 5)).toThrow();
    expect(() => makePeriod("month", 2025, 0)).toThrow();
  });

  it("finds the period containing a date", () => {
    expect(periodContaining("quarter", "2025-05-17").key).toBe("2025-Q2");
    expect(periodContaining("semester", "2025-07-01").key).toBe("2025-S2");
    expect(periodContaining("month", "2025-12-31").key).toBe("2025-12");
    expect(() => periodContaining("month", "2025-02-30")).toThrow();
  });

  it("steps across year boundaries", () => {
    expect(nextPeriod(makePeriod("quarter", 2025, 4)).key).toBe("2026-Q1");
    expect(previousPeriod(makePeriod("month", 2025, 1)).key).toBe("2024-12");
    expect(nextPeriod(makePeriod("year", 2025)).key).toBe("2026");
    expect(previousPeriod(makePeriod("semester", 2025, 1)).key).toBe("2024-S2");
  });

  it("orders periods by start, finer first", () => {
    const keys = ["2025-Q2", "2025", "2024-12", "2025-01", "2025-S1"];
    const sorted = keys
      .map((k) => parsePeriodKey(k)!)
      .sort(comparePeriods)
      .map((p) => p.key);
    expect(sorted).toEqual(["2024-12", "2025-01", "2025-S1", "2025", "2025-Q2"]);
  });

  it("lists the periods touching a range", () => {
    expect(periodsBetween("quarter", "2025-02-15", "2025-08-01").map((p) => p.key)).toEqual([
      "2025-Q1",
      "2025-Q2",
      "2025-Q3",
    ]);
    expect(periodsBetween("year", "2024-01-01", "2029-12-31")).toHaveLength(6);
    expect(periodsBetween("month", "2025-03-01", "2025-02-01")).toEqual([]);
  });

  it.each([
    ["2025", "2025"],
    ["2025-S1", "1er semestre 2025"],
    ["2025-Q2", "2º trimestre 2025"],
    ["2025-Q3", "3er trimestre 2025"],
    ["2025-06", "junio 2025"],
  ])("names %s as %j", (key, label) => {
    expect(periodLabel(parsePeriodKey(key)!)).toBe(label);
  });

  const periodicity = fc.constantFrom<Periodicity>("year", "semester", "quarter", "month");
  const day = fc.integer({ min: 18_000, max: 22_000 }).map(fromDayNumber);

  it("covers any range without gaps or overlaps (property)", () => {
    fc.assert(
      fc.property(periodicity, day, fc.integer({ min: 0, max: 1500 }), (per, from, length) => {
        const to = addDays(from, length);
        const periods = periodsBetween(per, from, to);
        expect(periods[0]!.start <= from && from <= periods[0]!.end).toBe(true);
        const last = periods.at(-1)!;
        expect(last.start <= to && to <= last.end).toBe(true);
        for (let i = 1; i < periods.length; i++) {
          expect(periods[i]!.start).toBe(addDays(periods[i - 1]!.end, 1));
          expect(comparePeriods(periods[i - 1]!, periods[i]!)).toBe(-1);
        }
      }),
    );
  });

  it("round-trips keys and steps (property)", () => {
    fc.assert(
      fc.property(periodicity, day, (per, date) => {
        const p = periodContaining(per, date);
        expect(parsePeriodKey(p.key)).toEqual(p);
        expect(previousPeriod(nextPeriod(p))).toEqual(p);
        expect(p.start <= date && date <= p.end).toBe(true);
      }),
    );
  });
});
