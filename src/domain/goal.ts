/**
 * A goal (METAS column) as a number when the text states one: "95%", "0.8",
 * "A lo menos 3 talleres formativos", "100 % de cobertura", "Al menos 01 proyecto".
 * Texts without a number, or with several competing numbers, are kept as
 * text only (null): a planner's prose is not guessed into a target.
 */
export interface GoalTarget {
  value: number;
  unit: string | null;
}

const NUMBER = String.raw`(\d{1,3}(?:\.\d{3})+|\d+(?:[.,]\d+)?)`;
const HEAD = new RegExp(`^${NUMBER}\\s*(%|\\p{L}+)?`, "u");
const LEADING =
  /^(?:(?:a\s+lo\s+menos|al\s+menos|m[ií]nimo(?:\s+de)?|un\s+total\s+de|lograr(?:\s+un)?|alcanzar(?:\s+un)?)\s+)?/iu;

export function parseGoal(text: string | null | undefined): GoalTarget | null {
  if (!text) return null;
  const t = text.trim();
  const head = LEADING.exec(t)?.[0] ?? "";
  const rest = t.slice(head.length);
  const m = HEAD.exec(rest);
  if (!m) return null;
  // A second number later ("3 talleres en 2025 y 4 en 2026") makes the goal ambiguous, years aside.
  const others = rest.slice(m[0].length).match(/\d+(?:[.,]\d+)?/g) ?? [];
  if (others.some((n) => !/^(19|20)\d{2}$/.test(n))) return null;
  const value = toNumber(m[1]!);
  if (value === null) return null;
  const word = m[2] ?? null;
  return { value, unit: word === null ? null : word === "%" ? "%" : word.toLowerCase() };
}

/** "1.500" (thousands) → 1500; "0,8" and "0.8" → 0.8. */
function toNumber(text: string): number | null {
  const plain = /^\d{1,3}(\.\d{3})+$/.test(text) ? text.replace(/\./g, "") : text.replace(",", ".");
  const n = Number(plain);
  return Number.isFinite(n) ? n : null;
}
