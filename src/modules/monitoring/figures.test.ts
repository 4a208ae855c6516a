import { describe, expect, it } from "vitest";
import { sameValue } from "./figures";

/**
 * The check of stored figures against a computation from scratch: large
 * forecasts may move in their last digits when PostgreSQL adds a history in
 * another order (found on the demo after VACUUM ANALYZE: 188.394.335,234699
 * stored, 188.394.335,234692 from scratch); a real difference may not pass.
 */
describe("sameValue", () => {
  it("takes float noise in a large figure as the same figure", () => {
    expect(sameValue(188394335.234699, 188394335.234692)).toBe(true);
    expect(sameValue(0.887937, 0.8879375)).toBe(true);
  });

  it("tells apart figures that differ", () => {
    expect(sameValue(0.887937, 0.887939)).toBe(false);
    expect(sameValue(188394335.2, 188394335.5)).toBe(false);
    expect(sameValue(100, 101)).toBe(false);
    expect(sameValue(0, null)).toBe(false);
    expect(sameValue("on_track", "at_risk")).toBe(false);
    expect(sameValue(null, null)).toBe(true);
  });
});
