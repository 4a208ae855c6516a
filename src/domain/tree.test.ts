import { describe, expect, it } from "vitest";
import { isSelfOrDescendant, nextChildCode, placeAt } from "./tree";

describe("isSelfOrDescendant", () => {
  // a → b → c, and d alone
  const parentOf = new Map<string, string | null>([
    ["a", null],
    ["b", "a"],
    ["c", "b"],
    ["d", null],
  ]);
  it("finds the node itself and its descendants", () => {
    expect(isSelfOrDescendant(parentOf, "a", "a")).toBe(true);
    expect(isSelfOrDescendant(parentOf, "a", "c")).toBe(true);
    expect(isSelfOrDescendant(parentOf, "b", "c")).toBe(true);
  });
  it("allows ancestors and unrelated nodes", () => {
    expect(isSelfOrDescendant(parentOf, "c", "a")).toBe(false);
    expect(isSelfOrDescendant(parentOf, "b", "d")).toBe(false);
  });
  it("stops on a broken cycle instead of looping", () => {
    const loop = new Map<string, string | null>([
      ["x", "y"],
      ["y", "x"],
    ]);
    expect(isSelfOrDescendant(loop, "z", "x")).toBe(false);
  });
});

describe("placeAt", () => {
  it("moves a sibling to a position", () => {
    expect(placeAt(["a", "b", "c"], "c", 0)).toEqual(["c", "a", "b"]);
    expect(placeAt(["a", "b", "c"], "a", 1)).toEqual(["b", "a", "c"]);
  });
  it("appends a newcomer, and clamps positions past the end", () => {
    expect(placeAt(["a", "b"], "x")).toEqual(["a", "b", "x"]);
    expect(placeAt(["a", "b"], "x", 99)).toEqual(["a", "b", "x"]);
    expect(placeAt(["a", "b"], "x", -3)).toEqual(["x", "a", "b"]);
  });
});

describe("nextChildCode", () => {
  it("numbers roots and children after the highest index", () => {
    expect(nextChildCode(null, [])).toBe("1");
    expect(nextChildCode(null, ["1", "2", "2.1", "10.3"])).toBe("3");
    expect(nextChildCode("2", ["2", "2.1", "2.3", "2.3.1", "20.9"])).toBe("2.4");
    expect(nextChildCode("2.3", ["2.3"])).toBe("2.3.1");
  });
  it("never reuses the index of a child that moved away", () => {
    // 1.3 moved under 2 and kept its code: the next child of 1 is 1.4.
    expect(nextChildCode("1", ["1", "1.1", "1.2", "2", "1.3"])).toBe("1.4");
  });
});
