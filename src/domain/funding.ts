import { normalizeText } from "./text";

/** Codes of the funding-source catalogue (src/modules/reference/funding-sources.ts). */
export type FundingCode =
  | "fndr"
  | "fril"
  | "pmu"
  | "pmb"
  | "sectorial"
  | "municipal"
  | "mideso"
  | "concursable"
  | "private"
  | "other";

export interface FundingMatch {
  code: FundingCode;
  year: number | null;
}

// Order matters only for readability; every rule that matches contributes.
const RULES: Array<[FundingCode, RegExp]> = [
  ["fndr", /\bF\s?N\s?D\s?R\b/],
  ["fril", /\bFRIL\b/],
  ["pmu", /\bPMU\b/],
  ["pmb", /\bPMB\b/],
  ["mideso", /\bMIDESO\b|DESARROLLO SOCIAL Y FAMILIA/],
  ["sectorial", /\bSE ?CTORIAL(ES)?\b|\bSEREMI|\bSERVICIO MEJOR NINEZ\b|\bMINISTERIO\b/],
  ["municipal", /\bMUNICIPAL(ES)?\b|\bFONDOS PROPIOS\b|\bPRESUPUESTO MUNICIPAL\b/],
  ["concursable", /\bCONCURSABLES?\b|\bFPA\b/],
  ["private", /\bPRIVAD[OA]S?\b|\bEMPRESAS?\b/],
];

const NOT_APPLICABLE = /^(NO APLICA|N\/A|SIN FINANCIAMIENTO|-)$/;

/**
 * Maps a funding text as plans write it ("FONDOS MUNICIPALES; FONDOS CONCURSABLES
 * SEGÚN BASES Y MONTOS DISPONIBLES", "FNDR 2023", "SECTORIALES-FNDR") to catalogue
 * entries, each with the year written next to it when there is one. A text that
 * names no known source maps to "other"; "No aplica" maps to nothing.
 */
export function matchFundingSources(text: string | null | undefined): FundingMatch[] {
  if (!text) return [];
  // "Funcionarios municipales" names who is trained, not who pays.
  const t = normalizeText(text).replace(/FUNCIONARIOS MUNICIPALES/g, "FUNCIONARIOS");
  if (t === "" || NOT_APPLICABLE.test(t)) return [];
  const matches: FundingMatch[] = [];
  for (const [code, pattern] of RULES) {
    const m = pattern.exec(t);
    if (!m) continue;
    const after = t.slice(m.index + m[0].length, m.index + m[0].length + 8);
    const year = /^\s*((?:19|20)\d{2})\b/.exec(after);
    matches.push({ code, year: year ? Number(year[1]) : null });
  }
  return matches.length > 0 ? matches : [{ code: "other", year: null }];
}
