import { describe, expect, it } from "vitest";
import { matchFundingSources } from "./funding";

describe("matchFundingSources", () => {
  it.each([
    ["MUNICIPAL", [{ code: "municipal", year: null }]],
    ["FNDR 2023", [{ code: "fndr", year: 2023 }]],
    ["FNDR glosa 7%", [{ code: "fndr", year: null }]],
    [
      "SECTORIALES-FNDR",
      [
        { code: "fndr", year: null },
        { code: "sectorial", year: null },
      ],
    ],
    [
      "SE CTORIALES-FNDR",
      [
        { code: "fndr", year: null },
        { code: "sectorial", year: null },
      ],
    ],
    [
      "MUNICIPAL-MIDESO",
      [
        { code: "mideso", year: null },
        { code: "municipal", year: null },
      ],
    ],
    [
      "FONDOS MUNICIPALES; FONDOS CONCURSABLES SEGÚN BASES Y MONTOS DISPONIBLES",
      [
        { code: "municipal", year: null },
        { code: "concursable", year: null },
      ],
    ],
    [
      "FONDOS PROPIOS. SERVICIO MEJOR NIÑEZ",
      [
        { code: "sectorial", year: null },
        { code: "municipal", year: null },
      ],
    ],
    ["Financiamiento FPA", [{ code: "concursable", year: null }]],
    ["SEREMIA MEDIO AMBIENTE", [{ code: "sectorial", year: null }]],
    ["Aporte de la minera", [{ code: "other", year: null }]],
    [
      "PMU 2025, FRIL 2024",
      [
        { code: "fril", year: 2024 },
        { code: "pmu", year: 2025 },
      ],
    ],
  ])("maps %j", (text, expected) => {
    expect(matchFundingSources(text)).toEqual(expected);
  });

  it("does not take trained municipal officials for municipal money", () => {
    const text =
      "Fondo Concursable de Formación de Funcionarios Municipales, dependiente de SUBDERE, Ley N° 18.883, Estatuto Administrativo Para Funcionarios Municipales.";
    expect(matchFundingSources(text)).toEqual([{ code: "concursable", year: null }]);
  });

  it.each(["No aplica", "", null, "  "])("maps %j to nothing", (text) => {
    expect(matchFundingSources(text)).toEqual([]);
  });
});
