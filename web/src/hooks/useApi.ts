import { useCallback, useEffect, useState } from "react";
import { ApiError, getJson } from "../api";

export type Resource<T> =
  { status: "loading" } | { status: "error"; error: ApiError } | { status: "success"; data: T };

/**
 * Responses already received in this tab, by URL. Plan pages share the plan and its tree, so
 * going back and forth between them does not fetch again. Failed requests are not kept.
 */
const cache = new Map<string, unknown>();

/** Forgets every kept response: what a visitor may read changes when they sign in or out. */
export function clearApiCache(): void {
  cache.clear();
}

/**
 * The JSON resource at `path` (null: nothing to load yet), with a `retry` for error states.
 * `keep: false` fetches on every mount and keeps nothing (data that changes, such as a history).
 */
export function useApi<T>(
  path: string | null,
  { keep = true }: { keep?: boolean } = {},
): Resource<T> & { retry: () => void } {
  const [state, setState] = useState<{ path: string | null; resource: Resource<T> }>(() =>
    initial<T>(path),
  );
  const [attempt, setAttempt] = useState(0);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);

  useEffect(() => {
    if (path === null) return;
    if (cache.has(path)) {
      setState({ path, resource: { status: "success", data: cache.get(path) as T } });
      return;
    }
    setState({ path, resource: { status: "loading" } });
    const controller = new AbortController();
    getJson<T>(path, controller.signal).then(
      (data) => {
        if (keep) cache.set(path, data);
        setState({ path, resource: { status: "success", data } });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        const apiError =
          error instanceof ApiError
            ? error
            : new ApiError({ type: "about:blank", title: String(error), status: 0 });
        setState({ path, resource: { status: "error", error: apiError } });
      },
    );
    return () => controller.abort();
  }, [path, attempt, keep]);

  // While the effect for a new path has not run yet, never show the previous path's data.
  const resource: Resource<T> = state.path === path ? state.resource : initial<T>(path).resource;
  return { ...resource, retry };
}

function initial<T>(path: string | null): { path: string | null; resource: Resource<T> } {
  if (path !== null && cache.has(path))
    return { path, resource: { status: "success", data: cache.get(path) as T } };
  return { path, resource: { status: "loading" } };
}
