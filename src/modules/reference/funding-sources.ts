import type { FundingCode } from "../../domain/funding";

/** The funding sources common in Chilean municipal plans. */
export const FUNDING_SOURCES: ReadonlyArray<{
  code: FundingCode;
  name: string;
  description: string;
}> = [
  {
    code: "fndr",
    name: "FNDR",
    description: "Fondo Nacional de Desarrollo Regional (Gobierno Regional)",
  },
  { code: "fril", name: "FRIL", description: "Fondo Regional de Iniciativa Local" },
  {
    code: "pmu",
    name: "PMU",
    description: "Programa Mejoramiento Urbano y Equipamiento Comunal (SUBDERE)",
  },
  { code: "pmb", name: "PMB", description: "Programa Mejoramiento de Barrios (SUBDERE)" },
  {
    code: "sectorial",
    name: "Sectorial",
    description: "Fondos de ministerios, servicios públicos y SEREMI",
  },
  { code: "municipal", name: "Municipal", description: "Presupuesto municipal (fondos propios)" },
  { code: "mideso", name: "MIDESO", description: "Ministerio de Desarrollo Social y Familia" },
  {
    code: "concursable",
    name: "Fondos concursables",
    description: "Fondos concursables según bases y montos disponibles (FPA, SUBDERE, otros)",
  },
  { code: "private", name: "Privado", description: "Aportes privados, convenios con empresas" },
  { code: "other", name: "Otro", description: "Otra fuente, según el texto del plan" },
];
