import { describe, expect, it } from "vitest";
import { parseDeadline } from "./deadline";

describe("parseDeadline", () => {
  it.each([
    ["2024-2029", { kind: "range", start: "2024-01-01", end: "2029-12-31" }],
    ["2024 - 2029", { kind: "range", start: "2024-01-01", end: "2029-12-31" }],
    ["2024 a 2029", { kind: "range", start: "2024-01-01", end: "2029-12-31" }],
    ["2023", { kind: "range", start: "2023-01-01", end: "2023-12-31" }],
    ["Enero - Diciembre", { kind: "yearly", startMonth: 1, endMonth: 12 }],
    ["enero a diciembre", { kind: "yearly", startMonth: 1, endMonth: 12 }],
    ["Marzo – Noviembre", { kind: "yearly", startMonth: 3, endMonth: 11 }],
    ["Enero a Diciembre 2024", { kind: "range", start: "2024-01-01", end: "2024-12-31" }],
    ["Febrero a Febrero de 2024", { kind: "range", start: "2024-02-01", end: "2024-02-29" }],
    ["Setiembre a Octubre 2025", { kind: "range", start: "2025-09-01", end: "2025-10-31" }],
  ])("reads %j", (text, expected) => {
    expect(parseDeadline(text)).toEqual(expected);
  });

  it.each([
    "",
    null,
    undefined,
    "EJECUCION PROYECTADA 2023",
    "2029-2024",
    "Diciembre a Enero 2024",
    "pronto",
  ])("leaves %j unknown", (text) => {
    expect(parseDeadline(text)).toEqual({ kind: "unknown" });
  });
});
