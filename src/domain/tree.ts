/**
 * Trees of the plan model (items, units, territories): pure rules about
 * where a node may go and how siblings are ordered and coded.
 */

/**
 * True when `candidateParentId` is `nodeId` itself or one of its descendants,
 * that is, when hanging the node under it would make a cycle. `parentOf` maps
 * every node of the tree to its parent (null for roots).
 */
export function isSelfOrDescendant(
  parentOf: ReadonlyMap<string, string | null>,
  nodeId: string,
  candidateParentId: string,
): boolean {
  const seen = new Set<string>();
  let at: string | null | undefined = candidateParentId;
  while (at != null && !seen.has(at)) {
    if (at === nodeId) return true;
    seen.add(at);
    at = parentOf.get(at);
  }
  return false;
}

/**
 * The order of siblings after placing `id` at `position` (0-based; past the
 * end, or absent, means last). `siblings` may or may not contain `id`.
 */
export function placeAt<T>(siblings: readonly T[], id: T, position?: number): T[] {
  const rest = siblings.filter((s) => s !== id);
  const at = Math.max(0, Math.min(position ?? rest.length, rest.length));
  return [...rest.slice(0, at), id, ...rest.slice(at)];
}

/**
 * The code of a new child: the parent's code, a dot, and one more than the
 * highest index ever used under that parent code. `existingCodes` are codes
 * of the plan starting with the parent's code (or all codes, for a root).
 * Codes are stable: items keep theirs when they move, so codes of items moved
 * away still count and no code is ever given twice at a time.
 */
export function nextChildCode(parentCode: string | null, existingCodes: readonly string[]): string {
  const prefix = parentCode === null ? "" : `${parentCode}.`;
  let max = 0;
  for (const code of existingCodes) {
    if (!code.startsWith(prefix)) continue;
    const rest = code.slice(prefix.length);
    if (/^\d+$/.test(rest)) max = Math.max(max, Number(rest));
  }
  return `${prefix}${max + 1}`;
}
