import { describe, expect, it } from "vitest";
import {
  activeFilterCount,
  parseFilters,
  periodMatches,
  selectedGroup,
  serializeFilters,
  tagsMatch,
  withFilter,
} from "./filters";

const UNIT = "cfeacf63-b775-4a81-989f-13ba47946485";

describe("dashboard filters in the URL", () => {
  it("reads every filter and ignores values that cannot be right", () => {
    expect(
      parseFilters(`unidad=${UNIT}&territorio=x&ods=4&estado=at_risk&fuente=FNDR&periodo=2025-q2`),
    ).toEqual({
      unit: UNIT,
      territory: null,
      sdg: "4",
      status: "at_risk",
      funding: "FNDR",
      period: "2025-Q2",
    });
    expect(parseFilters("ods=18&estado=verde&periodo=25")).toEqual({
      unit: null,
      territory: null,
      sdg: null,
      status: null,
      funding: null,
      period: null,
    });
  });

  it("writes them back in a fixed order, so a link reproduces the view", () => {
    const filters = parseFilters(`periodo=2025&estado=done&unidad=${UNIT}`);
    expect(serializeFilters(filters)).toBe(`unidad=${UNIT}&estado=done&periodo=2025`);
    expect(parseFilters(serializeFilters(filters))).toEqual(filters);
    expect(activeFilterCount(filters)).toBe(3);
  });

  it("changes one filter and keeps the rest", () => {
    const next = withFilter(new URLSearchParams("estado=done&otro=1"), "sdg", "4");
    expect(next.toString()).toBe("estado=done&otro=1&ods=4");
    expect(withFilter(next, "status", null).toString()).toBe("otro=1&ods=4");
  });

  it("picks the figures group of the first dimension filter", () => {
    expect(selectedGroup(parseFilters("ods=4&fuente=FNDR"))).toEqual({
      dimension: "sdg",
      key: "4",
    });
    expect(selectedGroup(parseFilters("estado=done"))).toBeNull();
  });

  it("matches periods and item tags", () => {
    expect(periodMatches("2025", "2025-Q3")).toBe(true);
    expect(periodMatches("2025", "2025")).toBe(true);
    expect(periodMatches("2025-Q2", "2025-Q3")).toBe(false);
    expect(periodMatches(null, "2024")).toBe(true);
    const tags = { units: [UNIT], territories: [], sdgs: ["4"], funding: ["FNDR"] };
    expect(tagsMatch(parseFilters("ods=4"), tags)).toBe(true);
    expect(tagsMatch(parseFilters("ods=5"), tags)).toBe(false);
    expect(tagsMatch(parseFilters("ods=4"), undefined)).toBe(false);
    expect(tagsMatch(parseFilters("estado=done"), undefined)).toBe(true);
  });
});
