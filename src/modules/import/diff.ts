import { normalizeText } from "../../domain/text";
import { matchUnit, type UnitCandidate, type UnitMatch } from "../../domain/unit-match";
import type { ImportMessage } from "./grid";
import type { ImportItem } from "./tree";

/**
 * The dry run: the workbook's items against the plan's, matched by stable keys
 * (Rumbo's CÓDIGO when the workbook has it, otherwise the path of titles under
 * the matched parent, case and accents aside), as created, updated field by
 * field, or unchanged; and the plan's items the workbook does not have.
 */
export interface ExistingItem {
  id: string;
  parentId: string | null;
  level: string;
  code: string;
  title: string;
  deadlineText: string | null;
  responsibleText: string | null;
  fundingText: string | null;
  sort: number;
  indicators: Array<{ id: string; name: string; targetText: string | null }>;
}

export type Field = "title" | "deadline" | "responsible" | "funding" | "indicators";

export interface FieldChange {
  field: Field;
  before: string | null;
  after: string | null;
}

export interface DiffEntry {
  kind: "create" | "update" | "unchanged";
  level: string;
  title: string;
  /** The matched item's code (null for new items). */
  code: string | null;
  itemId: string | null;
  sheet: string;
  cell: string;
  changes: FieldChange[];
}

export interface MissingItem {
  itemId: string;
  code: string;
  level: string;
  title: string;
}

export interface UnitMapping {
  text: string;
  match: UnitMatch | { kind: "parts"; unitIds: string[] };
}

export interface Diff {
  entries: DiffEntry[];
  missing: MissingItem[];
  units: UnitMapping[];
  /** For the apply step: each imported item's match, in the tree's walk order. */
  matches: Map<ImportItem, ExistingItem | null>;
  /** Items the workbook places under another parent than the plan does: not moved, said so. */
  moved: ImportMessage[];
}

const norm = (t: string | null | undefined) => (t ? normalizeText(t) : "");
const clean = (t: string | null | undefined) => (t && t.trim() !== "" ? t.trim() : null);

export function diffPlan(
  items: readonly ImportItem[],
  existing: readonly ExistingItem[],
  units: readonly UnitCandidate[],
): Diff {
  const byCode = new Map(existing.map((e) => [e.code, e]));
  const byId = new Map(existing.map((e) => [e.id, e]));
  const moved: ImportMessage[] = [];
  const childrenOf = new Map<string | null, ExistingItem[]>();
  for (const e of [...existing].sort((a, b) => a.sort - b.sort)) {
    const list = childrenOf.get(e.parentId) ?? [];
    list.push(e);
    childrenOf.set(e.parentId, list);
  }
  const used = new Set<string>();
  const matches = new Map<ImportItem, ExistingItem | null>();
  const entries: DiffEntry[] = [];
  const responsibleTexts = new Set<string>();

  const walk = (
    nodes: readonly ImportItem[],
    parent: ExistingItem | null,
    parentIsNew: boolean,
    parentNode: ImportItem | null,
  ) => {
    for (const node of nodes) {
      // A row's level is its column's, and a matrix has no way to show a
      // skipped level: a project right under a plan is written in the PROGRAMA
      // column (export/matrix.ts). So an item of another level matches when its
      // code or its title under the same parent agrees, the same level first;
      // it keeps its own level.
      let match: ExistingItem | null = null;
      if (node.code) {
        const byKey = byCode.get(node.code);
        if (
          byKey &&
          !used.has(byKey.id) &&
          (byKey.level === node.level || norm(byKey.title) === norm(node.title))
        )
          match = byKey;
      }
      if (!match && !parentIsNew) {
        const siblings = (childrenOf.get(parent?.id ?? null) ?? []).filter(
          (e) => !used.has(e.id) && norm(e.title) === norm(node.title),
        );
        match = siblings.find((e) => e.level === node.level) ?? siblings[0] ?? null;
      }
      if (match) used.add(match.id);
      matches.set(node, match);
      // Matched by code under another parent: the import updates the item where
      // it is and says so, rather than moving it (a move renumbers its subtree).
      if (match && (parentIsNew || match.parentId !== (parent?.id ?? null))) {
        const current = match.parentId ? byId.get(match.parentId)?.title : null;
        const quote = (t: string | null | undefined) => (t ? `«${t}»` : "la raíz del plan");
        moved.push({
          severity: "warning",
          sheet: node.sheet,
          cell: node.cell,
          message:
            `«${node.title}» (${match.code}) está en el libro bajo ${quote(parentNode?.title)} ` +
            `y en el plan bajo ${quote(current)}: la importación actualiza sus datos donde está, ` +
            `no la mueve; si corresponde, muévala en Rumbo.`,
        });
      }
      const changes = match ? changesOf(node, match) : [];
      entries.push({
        kind: !match ? "create" : changes.length > 0 ? "update" : "unchanged",
        level: node.level,
        title: node.title,
        code: match?.code ?? null,
        itemId: match?.id ?? null,
        sheet: node.sheet,
        cell: node.cell,
        changes,
      });
      const text = clean(node.responsibleText);
      if (text && (!match || changes.some((c) => c.field === "responsible")))
        responsibleTexts.add(text);
      walk(node.children, match, !match, node);
    }
  };
  walk(items, null, false, null);

  // Only the top of each missing subtree is listed: its children go with it.
  const missing: MissingItem[] = existing
    .filter((e) => !used.has(e.id))
    .filter((e) => e.parentId === null || used.has(e.parentId))
    .map((e) => ({ itemId: e.id, code: e.code, level: e.level, title: e.title }));

  const mappings = [...responsibleTexts]
    .sort()
    .map((text) => ({ text, match: unitsFor(text, units) }));
  return { entries, missing, units: mappings, matches, moved };
}

function changesOf(node: ImportItem, match: ExistingItem): FieldChange[] {
  const changes: FieldChange[] = [];
  const compare = (field: Field, before: string | null, after: string | null) => {
    if (norm(before) !== norm(after)) changes.push({ field, before, after });
  };
  if (node.title.trim() !== match.title.trim())
    changes.push({ field: "title", before: match.title, after: node.title });
  // Only activities carry the matrix's detail columns; other levels keep theirs.
  if (node.level === "activity") {
    compare("deadline", match.deadlineText, clean(node.deadlineText));
    compare("responsible", match.responsibleText, clean(node.responsibleText));
    compare("funding", match.fundingText, clean(node.fundingText));
    const have = new Map(match.indicators.map((i) => [norm(i.name), i]));
    const added = node.indicators.filter((i) => !have.has(norm(i.text)));
    const retargeted = node.indicators.filter((i) => {
      const h = have.get(norm(i.text));
      return h && i.targetText !== undefined && norm(h.targetText) !== norm(i.targetText);
    });
    if (added.length + retargeted.length > 0)
      changes.push({
        field: "indicators",
        before:
          match.indicators.map((i) => describeIndicator(i.name, i.targetText)).join("\n") || null,
        after:
          node.indicators.map((i) => describeIndicator(i.text, i.targetText ?? null)).join("\n") ||
          null,
      });
  }
  return changes;
}

const describeIndicator = (name: string, target: string | null) =>
  target ? `${name} (meta: ${target})` : name;

/**
 * The units a responsible text names: the whole text first; otherwise its
 * parts ("DIDECO / SECPLA") when each part is a known unit.
 */
export function unitsFor(text: string, units: readonly UnitCandidate[]): UnitMapping["match"] {
  const whole = matchUnit(text, units);
  if (whole.kind === "exact" || whole.kind === "normalized") return whole;
  const parts = text
    .split(/[;,/\n]|\s+y\s+/i)
    .map((p) => p.trim())
    .filter((p) => p !== "");
  if (parts.length > 1) {
    const found = parts.map((p) => matchUnit(p, units));
    if (found.every((f) => f.kind === "exact" || f.kind === "normalized"))
      return { kind: "parts", unitIds: found.map((f) => (f as { unitId: string }).unitId) };
  }
  return whole;
}
