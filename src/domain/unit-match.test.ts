import { describe, expect, it } from "vitest";
import { matchUnit, similarity } from "./unit-match";

const UNITS = [
  {
    id: "secpla",
    name: "Secretaría Comunal de Planificación",
    shortName: "SECPLA",
    aliases: ["SECPLA CP"],
  },
  { id: "dideco", name: "Dirección de Desarrollo Comunitario", shortName: "DIDECO", aliases: [] },
  { id: "salud", name: "Departamento de Salud", shortName: null, aliases: ["DESAM"] },
];

describe("matchUnit", () => {
  it("finds the same name, short name or alias", () => {
    expect(matchUnit("SECPLA", UNITS)).toEqual({ kind: "exact", unitId: "secpla" });
    expect(matchUnit("DESAM", UNITS)).toEqual({ kind: "exact", unitId: "salud" });
  });

  it("finds names once case, accents, dots and spacing are set aside", () => {
    expect(matchUnit("secretaria comunal de  planificacion", UNITS)).toEqual({
      kind: "normalized",
      unitId: "secpla",
    });
    expect(matchUnit("Secpla cp.", UNITS)).toEqual({ kind: "normalized", unitId: "secpla" });
  });

  it("offers similar names with a score, best first, for confirmation", () => {
    const m = matchUnit("Depto. de Salud Municipal", UNITS);
    expect(m.kind).toBe("similar");
    if (m.kind !== "similar") return;
    expect(m.suggestions[0]!.unitId).toBe("salud");
    expect(m.suggestions[0]!.score).toBeGreaterThan(0.5);
    expect(m.suggestions[0]!.score).toBeLessThan(1);
  });

  it("offers nothing for an unrelated name (a new unit, on confirmation)", () => {
    expect(matchUnit("Oficina de Turismo", UNITS)).toEqual({ kind: "none" });
  });

  it("scores identical names 1 and unrelated ones low", () => {
    expect(similarity("DIRECCION DE OBRAS", "DIRECCION DE OBRAS")).toBe(1);
    expect(similarity("DIRECCION DE OBRAS", "OFICINA DE TURISMO")).toBeLessThan(0.5);
  });
});
