import { normalizeText } from "./text";

/**
 * Responsible texts (RESPONSABLES column) to municipal units: the same name,
 * short name or alias; the same once case, accents and spacing are set aside;
 * otherwise similar names offered for the planner to confirm (or a new unit).
 */
export interface UnitCandidate {
  id: string;
  name: string;
  shortName: string | null;
  aliases: readonly string[];
}

export type UnitMatch =
  | { kind: "exact" | "normalized"; unitId: string }
  | { kind: "similar"; suggestions: Array<{ unitId: string; score: number }> }
  | { kind: "none" };

/** Below this score a name is not offered as similar. */
export const SIMILAR_THRESHOLD = 0.5;

export function matchUnit(text: string, units: readonly UnitCandidate[]): UnitMatch {
  const wanted = text.trim();
  for (const u of units)
    if ([u.name, u.shortName, ...u.aliases].some((n) => n !== null && n.trim() === wanted))
      return { kind: "exact", unitId: u.id };
  const norm = normalizeText(wanted)
    .replace(/[.\-–,;]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  const namesOf = (u: UnitCandidate) =>
    [u.name, u.shortName, ...u.aliases].filter((n): n is string => n !== null);
  for (const u of units)
    if (namesOf(u).some((n) => normalizeName(n) === norm))
      return { kind: "normalized", unitId: u.id };
  const suggestions = units
    .map((u) => ({
      unitId: u.id,
      score: Math.max(...namesOf(u).map((n) => similarity(norm, normalizeName(n)))),
    }))
    .filter((s) => s.score >= SIMILAR_THRESHOLD)
    .sort((a, b) => b.score - a.score)
    .slice(0, 3)
    .map((s) => ({ ...s, score: Math.round(s.score * 100) / 100 }));
  return suggestions.length > 0 ? { kind: "similar", suggestions } : { kind: "none" };
}

function normalizeName(name: string): string {
  return normalizeText(name)
    .replace(/[.\-–,;]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

const FILLER = new Set(["DE", "DEL", "LA", "LAS", "EL", "LOS", "Y", "E", "A", "EN"]);

/**
 * Similarity of two normalised names between 0 and 1: the Dice coefficient of
 * their letter pairs, raised to the share of words in common when that is
 * higher (word order and small words set aside).
 */
export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  const wa = new Set(a.split(" ").filter((w) => !FILLER.has(w)));
  const wb = new Set(b.split(" ").filter((w) => !FILLER.has(w)));
  const common = [...wa].filter((w) => wb.has(w)).length;
  const words = wa.size + wb.size > 0 ? (2 * common) / (wa.size + wb.size) : 0;
  return Math.max(words, dice(a, b));
}

function dice(a: string, b: string): number {
  const pairs = (s: string) => {
    const out = new Map<string, number>();
    const t = s.replace(/ /g, "");
    for (let i = 0; i < t.length - 1; i++) {
      const p = t.slice(i, i + 2);
      out.set(p, (out.get(p) ?? 0) + 1);
    }
    return out;
  };
  const pa = pairs(a);
  const pb = pairs(b);
  let total = 0;
  let shared = 0;
  for (const n of pa.values()) total += n;
  for (const n of pb.values()) total += n;
  for (const [p, n] of pa) shared += Math.min(n, pb.get(p) ?? 0);
  return total > 0 ? (2 * shared) / total : 0;
}
