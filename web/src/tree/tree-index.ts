import { normalizeForSearch } from "../i18n/format";
import type { TreeNode } from "../types";

/** Lookups over a plan tree, computed once per tree. */
export interface TreeIndex {
  byId: Map<string, TreeNode>;
  parentOf: Map<string, string | null>;
  /** Normalized "code title level name" of each node, for the filter. */
  searchText: Map<string, string>;
  /** Ids of the nodes that have children, for "Expandir todo". */
  branchIds: string[];
  size: number;
}

export function indexTree(roots: TreeNode[]): TreeIndex {
  const index: TreeIndex = {
    byId: new Map(),
    parentOf: new Map(),
    searchText: new Map(),
    branchIds: [],
    size: 0,
  };
  const stack: Array<{ node: TreeNode; parent: string | null }> = roots.map((node) => ({
    node,
    parent: null,
  }));
  while (stack.length > 0) {
    const { node, parent } = stack.pop() as { node: TreeNode; parent: string | null };
    index.byId.set(node.id, node);
    index.parentOf.set(node.id, parent);
    index.searchText.set(
      node.id,
      normalizeForSearch(`${node.code} ${node.title} ${node.levelName}`),
    );
    if (node.children.length > 0) index.branchIds.push(node.id);
    index.size += 1;
    for (const child of node.children) stack.push({ node: child, parent: node.id });
  }
  return index;
}

/** The ids of the ancestors of a node, root first (the node itself excluded). */
export function ancestorsOf(index: TreeIndex, id: string): string[] {
  const result: string[] = [];
  let current = index.parentOf.get(id) ?? null;
  while (current !== null) {
    result.unshift(current);
    current = index.parentOf.get(current) ?? null;
  }
  return result;
}

export interface FilterResult {
  matches: Set<string>;
  /** Nodes to show: matches, their ancestors and their descendants. */
  visible: Set<string>;
  /** Ancestors of matches: the nodes to open so that every match is on screen. */
  toOpen: Set<string>;
}

/** Accent- and case-insensitive filter on code, title and level name. */
export function filterTree(index: TreeIndex, query: string): FilterResult | null {
  const needle = normalizeForSearch(query.trim());
  if (needle === "") return null;
  const matches = new Set<string>();
  for (const [id, text] of index.searchText) if (text.includes(needle)) matches.add(id);
  const visible = new Set<string>();
  const toOpen = new Set<string>();
  for (const id of matches) {
    for (const ancestor of ancestorsOf(index, id)) {
      visible.add(ancestor);
      toOpen.add(ancestor);
    }
    const stack = [id];
    while (stack.length > 0) {
      const current = stack.pop() as string;
      if (visible.has(current) && current !== id) continue;
      visible.add(current);
      for (const child of index.byId.get(current)?.children ?? []) stack.push(child.id);
    }
  }
  return { matches, visible, toOpen };
}

/**
 * Splits `text` into pieces, marking those that match `query` accent- and case-insensitively,
 * so "educacion" highlights "Educación".
 */
export function highlight(text: string, query: string): Array<{ text: string; match: boolean }> {
  const needle = normalizeForSearch(query.trim());
  if (needle === "") return [{ text, match: false }];
  // Normalized text with, for each normalized character, the index of its original character.
  let normalized = "";
  const origin: number[] = [];
  for (let i = 0; i < text.length; i += 1) {
    const piece = normalizeForSearch(text[i] ?? "");
    normalized += piece;
    for (let j = 0; j < piece.length; j += 1) origin.push(i);
  }
  const pieces: Array<{ text: string; match: boolean }> = [];
  let cursor = 0;
  let from = normalized.indexOf(needle);
  while (from !== -1) {
    const start = origin[from] ?? text.length;
    const end = (origin[from + needle.length - 1] ?? text.length - 1) + 1;
    if (start > cursor) pieces.push({ text: text.slice(cursor, start), match: false });
    pieces.push({ text: text.slice(start, end), match: true });
    cursor = end;
    from = normalized.indexOf(needle, from + needle.length);
  }
  if (cursor < text.length) pieces.push({ text: text.slice(cursor), match: false });
  return pieces;
}
