import { api } from "../api";
import { invalidateApi, primeApi } from "../hooks/useApi";
import type { ItemDetail } from "../types";

/** After a write: the item as the server answered, and everything that shows the plan reloads. */
export function refreshAfterWrite(cut: string, planId: string, item?: ItemDetail): void {
  const planPath = api.plan(cut, planId);
  invalidateApi(
    (path) => path.startsWith(planPath) || path.includes("/items/") || path.includes("/alerts"),
  );
  if (item) primeApi(api.item(cut, item.id), item);
}
