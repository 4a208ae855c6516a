import { useEffect, useState } from "react";
import { api, ApiError, getJson } from "../api";
import { getAll } from "../hooks/useApi";
import type { ItemDetail, PlanTree, TreeNode } from "../types";
import type { ItemTags } from "./filters";

/**
 * The items of a plan that have indicators, with their details (units, territories, SDGs,
 * funding, indicators). The API has no list of items with their tags, so this reads the tree
 * and then each item with indicators (a few at a time), once per tab.
 */
export interface ItemIndex {
  items: ItemDetail[];
  tags: Map<string, ItemTags>;
}

const loads = new Map<string, Promise<ItemIndex>>();

function collect(nodes: TreeNode[], out: string[]): string[] {
  for (const node of nodes) {
    if (node.indicatorCount > 0) out.push(node.id);
    collect(node.children, out);
  }
  return out;
}

/** The tags of every node of the plan's tree (the tree carries them), by item id. */
export function tagsFromTree(
  nodes: TreeNode[],
  out = new Map<string, ItemTags>(),
): Map<string, ItemTags> {
  for (const node of nodes) {
    out.set(node.id, {
      units: node.unitIds,
      territories: node.territoryIds,
      sdgs: node.sdgGoals.map(String),
      funding: node.fundingSourceCodes,
    });
    tagsFromTree(node.children, out);
  }
  return out;
}

/** Every node of the tree, flattened in order. */
export function flattenTree(nodes: TreeNode[], out: TreeNode[] = []): TreeNode[] {
  for (const node of nodes) {
    out.push(node);
    flattenTree(node.children, out);
  }
  return out;
}

export function tagsOf(item: ItemDetail): ItemTags {
  return {
    units: item.responsibleUnits.map((u) => u.id),
    territories: item.territories.map((t) => t.id),
    sdgs: [...new Set(item.sdgs.map((s) => String(s.goalNumber)))],
    funding: [...new Set(item.funding.map((f) => f.sourceCode))],
  };
}

export function loadItemIndex(cut: string, planId: string): Promise<ItemIndex> {
  const key = `${cut}/${planId}`;
  let load = loads.get(key);
  if (!load) {
    load = (async () => {
      const tree = await getJson<PlanTree>(api.tree(cut, planId));
      const ids = collect(tree.items, []);
      const items = await getAll(
        ids.map((id) => api.item(cut, id)),
        (path) => getJson<ItemDetail>(path),
      );
      return { items, tags: tagsFromTree(tree.items) };
    })();
    load.catch(() => loads.delete(key));
    loads.set(key, load);
  }
  return load;
}

/** Forgets the loaded indexes (after a sign-in or sign-out, what one may read changes). */
export function clearItemIndex(): void {
  loads.clear();
}

export type IndexState =
  | { status: "idle" | "loading" }
  | { status: "error"; error: ApiError }
  | { status: "success"; index: ItemIndex };

/** The item index of a plan; `enabled: false` loads nothing (a widget that is not shown). */
export function useItemIndex(cut: string, planId: string | null, enabled = true): IndexState {
  const [state, setState] = useState<{ key: string; value: IndexState }>({
    key: "",
    value: { status: "idle" },
  });
  const key = planId && enabled ? `${cut}/${planId}` : "";
  useEffect(() => {
    if (!key || !planId) return;
    let live = true;
    setState({ key, value: { status: "loading" } });
    loadItemIndex(cut, planId).then(
      (index) => live && setState({ key, value: { status: "success", index } }),
      (error: unknown) =>
        live &&
        setState({
          key,
          value: {
            status: "error",
            error:
              error instanceof ApiError
                ? error
                : new ApiError({ type: "about:blank", title: String(error), status: 0 }),
          },
        }),
    );
    return () => {
      live = false;
    };
  }, [cut, planId, key]);
  if (!key) return { status: "idle" };
  return state.key === key ? state.value : { status: "loading" };
}
