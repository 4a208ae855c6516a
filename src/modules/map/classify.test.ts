import { describe, expect, it } from "vitest";
import { BreaksError, classBreaks, classOf, parseBreaks } from "./classify";

describe("class breaks", () => {
  const values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

  it("cuts equal intervals from the minimum to the maximum", () => {
    expect(classBreaks(values, "equal", 3)).toEqual([4, 7, 10]);
    expect(classOf(1, [4, 7, 10])).toBe(0);
    expect(classOf(4, [4, 7, 10])).toBe(0);
    expect(classOf(4.5, [4, 7, 10])).toBe(1);
    expect(classOf(10, [4, 7, 10])).toBe(2);
    expect(classOf(null, [4, 7, 10])).toBeNull();
  });

  it("cuts quantiles so that classes hold about as many values, repeated bounds once", () => {
    expect(classBreaks(values, "quantile", 2)).toEqual([5.5, 10]);
    expect(classBreaks([3, 3, 3, 3], "quantile", 4)).toEqual([3]);
  });

  it("takes manual breaks, ending at the maximum", () => {
    expect(classBreaks(values, "manual", 5, parseBreaks("2.5, 5"))).toEqual([2.5, 5, 10]);
    expect(classBreaks(values, "manual", 5, parseBreaks("20"))).toEqual([10]);
    expect(() => parseBreaks("5,abc")).toThrow(
      new BreaksError("el corte «abc» no es un número (use punto decimal)"),
    );
    expect(() => parseBreaks("")).toThrow(BreaksError);
  });
});
