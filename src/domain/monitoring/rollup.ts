/**
 * Roll-ups up the plan tree: an item's progress is the weighted average of
 * its own indicators' progress and its children's progress, so the Concejo
 * sees one "% de cumplimiento" per axis and for the whole plan (Putre seed,
 * Etapa 4: "Definición de indicadores para medir el cumplimiento del PLADECO").
 *
 * Rules: weight 0 leaves an entry out altogether; an entry without data is
 * left out of the average but counted in the coverage ("3 de 5 iniciativas con
 * datos"), so a missing report never reads as 0% nor hides. An item is done
 * when every entry that counts is done.
 *
 * Figures of a node depend only on its own entries and its children's figures,
 * so after a change only the path from the changed item to its root can move:
 * `recomputeFrom` redoes that path and gives the same result as `computeAll`.
 */
import { formatPercent } from "./format";
import type { Status, Thresholds } from "./status";
import { DEFAULT_THRESHOLDS, statusFromProgress, thresholdClause } from "./status";

export interface IndicatorFigure {
  /** 0–1 or null (no data); from status.ts. */
  readonly progress: number | null;
  readonly done: boolean;
  /** Default 1. */
  readonly weight?: number;
}

export interface RollupItem {
  readonly id: string;
  readonly parentId: string | null;
  readonly weight: number;
  readonly indicators: readonly IndicatorFigure[];
}

export interface Coverage {
  readonly itemsWithData: number;
  readonly items: number;
  readonly indicatorsWithData: number;
  readonly indicators: number;
}

export interface Figures {
  readonly progress: number | null;
  readonly status: Status;
  readonly coverage: Coverage;
  readonly explanation: string;
}

export interface RollupTree {
  readonly items: ReadonlyMap<string, RollupItem>;
  readonly children: ReadonlyMap<string, readonly string[]>;
  readonly roots: readonly string[];
}

/** Indexes items into a tree; throws (in Spanish) on unknown parents, cycles or negative weights. */
export function buildTree(list: readonly RollupItem[]): RollupTree {
  const items = new Map(list.map((i) => [i.id, i]));
  const children = new Map<string, string[]>();
  const roots: string[] = [];
  for (const item of list) {
    if (!(item.weight >= 0)) throw new Error(`Ponderación negativa en la iniciativa ${item.id}`);
    if (item.parentId === null) roots.push(item.id);
    else if (!items.has(item.parentId)) {
      throw new Error(`La iniciativa ${item.id} cuelga de ${item.parentId}, que no existe`);
    } else {
      const siblings = children.get(item.parentId);
      if (siblings) siblings.push(item.id);
      else children.set(item.parentId, [item.id]);
    }
  }
  const tree = { items, children, roots };
  if (postOrder(tree).length !== items.size)
    throw new Error("El árbol de iniciativas tiene un ciclo");
  return tree;
}

/** The tree with one item replaced (same id): what changes when a report is validated. */
export function withItem(tree: RollupTree, item: RollupItem): RollupTree {
  const old = tree.items.get(item.id);
  if (!old || old.parentId !== item.parentId) throw new Error(`No se puede reemplazar ${item.id}`);
  const items = new Map(tree.items);
  items.set(item.id, item);
  return { ...tree, items };
}

export interface Entry {
  readonly weight: number;
  readonly progress: number | null;
  readonly done: boolean;
  readonly isItem: boolean;
}

/**
 * What the figures of a list of entries depend on, as sums: kept by a
 * database so that a change of one entry is applied as a difference.
 */
export interface Totals {
  /** Σ weight × progress and Σ weight over the entries with data. */
  readonly weightedSum: number;
  readonly weightWithData: number;
  readonly coverage: Coverage;
  /** Entries that count (weight > 0) and are done. */
  readonly done: number;
}

export const ZERO_TOTALS: Totals = {
  weightedSum: 0,
  weightWithData: 0,
  coverage: { itemsWithData: 0, items: 0, indicatorsWithData: 0, indicators: 0 },
  done: 0,
};

/** The totals of one entry (zero when its weight leaves it out). */
export function totalsOf(entries: readonly Entry[]): Totals {
  let weightedSum = 0;
  let weightWithData = 0;
  let done = 0;
  const coverage = { itemsWithData: 0, items: 0, indicatorsWithData: 0, indicators: 0 };
  for (const e of entries) {
    if (!(e.weight > 0)) continue;
    if (e.isItem) coverage.items++;
    else coverage.indicators++;
    if (e.done) done++;
    if (e.progress === null) continue;
    if (e.isItem) coverage.itemsWithData++;
    else coverage.indicatorsWithData++;
    weightedSum += e.weight * e.progress;
    weightWithData += e.weight;
  }
  return { weightedSum, weightWithData, coverage, done };
}

/** a + sign × b, for applying a change as a difference. */
export function addTotals(a: Totals, b: Totals, sign: 1 | -1 = 1): Totals {
  const c = (k: keyof Coverage) => a.coverage[k] + sign * b.coverage[k];
  return {
    weightedSum: a.weightedSum + sign * b.weightedSum,
    weightWithData: a.weightWithData + sign * b.weightWithData,
    coverage: {
      itemsWithData: c("itemsWithData"),
      items: c("items"),
      indicatorsWithData: c("indicatorsWithData"),
      indicators: c("indicators"),
    },
    done: a.done + sign * b.done,
  };
}

/** The figures, with their explanation, of entries summed up in `totals`. */
export function figuresOfTotals(totals: Totals, t: Thresholds = DEFAULT_THRESHOLDS): Figures {
  const { coverage } = totals;
  const counted = coverage.items + coverage.indicators;
  // Sums applied as differences carry rounding: a weight below 1e-9 is none.
  const progress =
    totals.weightWithData > 1e-9
      ? Math.min(1, Math.max(0, totals.weightedSum / totals.weightWithData))
      : null;
  const status: Status =
    counted > 0 && totals.done === counted ? "done" : statusFromProgress(progress, t);
  const parts: string[] = [];
  if (coverage.items > 0) parts.push(`${coverage.itemsWithData} de ${coverage.items} iniciativas`);
  if (coverage.indicators > 0) {
    parts.push(`${coverage.indicatorsWithData} de ${coverage.indicators} indicadores`);
  }
  const covered =
    parts.length > 0 ? `${parts.join(" y ")} con datos` : "Sin iniciativas ni indicadores";
  let explanation: string;
  if (status === "done") explanation = `${covered}; todo cumplido`;
  else if (progress === null) explanation = `${covered}; sin avance que calcular`;
  else {
    explanation = `${covered}; ${formatPercent(progress)} de avance ponderado; ${thresholdClause(status, t)}`;
  }
  return { progress, status, coverage, explanation };
}

/** Weighted figures of a list of entries, with their explanation. */
export function combine(entries: readonly Entry[], t: Thresholds = DEFAULT_THRESHOLDS): Figures {
  return figuresOfTotals(totalsOf(entries), t);
}

/** The entries of an item: its indicators and its children (their figures already known). */
export function entriesOf(
  tree: RollupTree,
  id: string,
  figures: ReadonlyMap<string, Figures>,
): Entry[] {
  const item = tree.items.get(id);
  if (!item) throw new Error(`Iniciativa desconocida: ${id}`);
  const entries: Entry[] = item.indicators.map((i) => ({
    weight: i.weight ?? 1,
    progress: i.progress,
    done: i.done,
    isItem: false,
  }));
  for (const childId of tree.children.get(id) ?? []) {
    const child = figures.get(childId);
    if (!child) throw new Error(`Faltan las cifras de ${childId}`);
    entries.push({
      weight: tree.items.get(childId)?.weight ?? 0,
      progress: child.progress,
      done: child.status === "done",
      isItem: true,
    });
  }
  return entries;
}

/** Children before parents, without recursion (plans can be deep). */
export function postOrder(tree: RollupTree): string[] {
  const order: string[] = [];
  const stack = [...tree.roots];
  while (stack.length > 0) {
    const id = stack.pop()!;
    order.push(id);
    stack.push(...(tree.children.get(id) ?? []));
  }
  return order.reverse();
}

/** Figures of every item, from scratch. */
export function computeAll(
  tree: RollupTree,
  t: Thresholds = DEFAULT_THRESHOLDS,
): Map<string, Figures> {
  const figures = new Map<string, Figures>();
  for (const id of postOrder(tree)) figures.set(id, combine(entriesOf(tree, id, figures), t));
  return figures;
}

/** The item and its ancestors up to the root: the only figures a change to it can move. */
export function affectedItems(tree: RollupTree, id: string): string[] {
  const path: string[] = [];
  for (let at: string | null = id; at !== null;) {
    const item = tree.items.get(at);
    if (!item || path.includes(at)) break;
    path.push(at);
    at = item.parentId;
  }
  return path;
}

/**
 * Updates the figures after `changedId` changed in `tree` (its indicators or
 * weight), recomputing only its path to the root. Returns new figures and the
 * ids whose figures actually differ. No early stop: a weight change leaves the
 * item's own figures alone but moves its parent's.
 */
export function recomputeFrom(
  tree: RollupTree,
  previous: ReadonlyMap<string, Figures>,
  changedId: string,
  t: Thresholds = DEFAULT_THRESHOLDS,
): { figures: Map<string, Figures>; changed: string[] } {
  const figures = new Map(previous);
  const changed: string[] = [];
  for (const id of affectedItems(tree, changedId)) {
    const next = combine(entriesOf(tree, id, figures), t);
    if (!sameFigures(previous.get(id), next)) changed.push(id);
    figures.set(id, next);
  }
  return { figures, changed };
}

export function sameFigures(a: Figures | undefined, b: Figures): boolean {
  return (
    a !== undefined &&
    a.progress === b.progress &&
    a.status === b.status &&
    a.explanation === b.explanation &&
    a.coverage.items === b.coverage.items &&
    a.coverage.itemsWithData === b.coverage.itemsWithData &&
    a.coverage.indicators === b.coverage.indicators &&
    a.coverage.indicatorsWithData === b.coverage.indicatorsWithData
  );
}

/** The plan's "% de cumplimiento": the weighted figures of its root items. */
export function planCompliance(
  tree: RollupTree,
  figures: ReadonlyMap<string, Figures>,
  t: Thresholds = DEFAULT_THRESHOLDS,
): Figures {
  return combine(
    tree.roots.map((id) => itemEntry(tree, figures, id)),
    t,
  );
}

export function itemEntry(
  tree: RollupTree,
  figures: ReadonlyMap<string, Figures>,
  id: string,
): Entry {
  const f = figures.get(id);
  if (!f) throw new Error(`Faltan las cifras de ${id}`);
  return {
    weight: tree.items.get(id)?.weight ?? 0,
    progress: f.progress,
    done: f.status === "done",
    isItem: true,
  };
}

/**
 * The items a classification key gathers: those that carry it, except the
 * ones whose ancestor carries it too (already inside that ancestor's figure).
 */
export function membersBy(
  tree: RollupTree,
  keysOf: ReadonlyMap<string, readonly string[]>,
): Map<string, string[]> {
  const members = new Map<string, string[]>();
  for (const [id, keys] of keysOf) {
    const ancestors = affectedItems(tree, id).slice(1);
    for (const key of new Set(keys)) {
      if (ancestors.some((a) => keysOf.get(a)?.includes(key))) continue;
      const list = members.get(key);
      if (list) list.push(id);
      else members.set(key, [id]);
    }
  }
  return members;
}

/**
 * Figures by any classification (axis, unit, territory, ODS, funding source):
 * `keysOf` gives each item its keys. An item whose ancestor carries the same
 * key is already inside that ancestor's figure and is not counted twice.
 */
export function aggregateBy(
  tree: RollupTree,
  figures: ReadonlyMap<string, Figures>,
  keysOf: ReadonlyMap<string, readonly string[]>,
  t: Thresholds = DEFAULT_THRESHOLDS,
): Map<string, Figures> {
  const out = new Map<string, Figures>();
  for (const [key, ids] of membersBy(tree, keysOf)) {
    out.set(
      key,
      combine(
        ids.map((id) => itemEntry(tree, figures, id)),
        t,
      ),
    );
  }
  return out;
}
