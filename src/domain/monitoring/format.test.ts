import { describe, expect, it } from "vitest";
import { addDays, daysBetween, isIsoDate, yearFraction } from "./calendar";
import { formatDate, formatMonthYear, formatNumber, formatPercent, plural } from "./format";

describe("Chilean number and date text", () => {
  it.each([
    [1234.5, "1.234,5"],
    [1234567.891, "1.234.567,89"],
    [12, "12"],
    [18.21, "18,21"],
    [-1500, "-1.500"],
    [-0.001, "0"],
    [0, "0"],
  ])("formats %d as %j", (value, text) => expect(formatNumber(value)).toBe(text));

  it.each([
    [10 / 12, "83%"],
    [0.7, "70%"],
    [0.025, "2,5%"],
    [0.996, "99,6%"],
    [0.99999, "99,9%"],
    [0.0004, "0,1%"],
    [1, "100%"],
    [0, "0%"],
  ])("writes the ratio %d as %j", (ratio, text) => expect(formatPercent(ratio)).toBe(text));

  it("writes dates as people do", () => {
    expect(formatDate("2025-06-30")).toBe("30-06-2025");
    expect(formatMonthYear("2025-03-31")).toBe("marzo 2025");
    expect(plural(1, "día", "días")).toBe("1 día");
    expect(plural(12, "día", "días")).toBe("12 días");
  });
});

describe("calendar days", () => {
  it("knows real dates", () => {
    expect(isIsoDate("2024-02-29")).toBe(true);
    expect(isIsoDate("2025-02-29")).toBe(false);
    expect(isIsoDate("2025-6-1")).toBe(false);
  });

  it("counts days", () => {
    expect(addDays("2025-06-30", 10)).toBe("2025-07-10");
    expect(addDays("2025-01-01", -1)).toBe("2024-12-31");
    expect(daysBetween("2025-06-18", "2025-06-30")).toBe(12);
    expect(yearFraction("2025-01-01")).toBe(2025);
    expect(yearFraction("2025-07-02")).toBeCloseTo(2025.5, 2);
  });
});
