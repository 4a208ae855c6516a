import { useCallback, useEffect, useState } from "react";
import { ApiError, getJson } from "../api";

export type Resource<T> =
  { status: "loading" } | { status: "error"; error: ApiError } | { status: "success"; data: T };

/**
 * Responses already received in this tab, by URL. Plan pages share the plan and its tree, so
 * going back and forth between them does not fetch again. Failed requests are not kept.
 */
const cache = new Map<string, unknown>();

/**
 * Requests under way, by URL: hooks that ask for the same resource at the same time (the
 * dashboard's widgets and the plan tree) share one request.
 */
const inFlight = new Map<string, Promise<unknown>>();

function shared(path: string): Promise<unknown> {
  let request = inFlight.get(path);
  if (!request) {
    request = getJson<unknown>(path);
    inFlight.set(path, request);
    const forget = () => {
      if (inFlight.get(path) === request) inFlight.delete(path);
    };
    request.then(forget, forget);
  }
  return request;
}

/** Answers asked for before the page that shows them mounted, each given to the first hook. */
const prefetched = new Map<string, Promise<unknown>>();

/**
 * Starts loading `path` now, while the page that shows it is still being downloaded (called
 * from the router): the first hook that asks for it gets this answer, even one that keeps
 * nothing (`keep: false`).
 */
export function prefetchApi(path: string): void {
  if (cache.has(path) || prefetched.has(path)) return;
  const request = shared(path);
  prefetched.set(path, request);
  request.catch(() => prefetched.delete(path));
}

function takePrefetched(path: string): Promise<unknown> | undefined {
  const request = prefetched.get(path);
  prefetched.delete(path);
  return request;
}

/** Mounted hooks, told to load again when their response is invalidated. */
const listeners = new Set<(test: (path: string) => boolean) => void>();

/** Forgets every kept response: what a visitor may read changes when they sign in or out. */
export function clearApiCache(): void {
  cache.clear();
  prefetched.clear();
  inFlight.clear();
}

/**
 * Forgets the kept responses whose path passes `test` and makes the mounted hooks showing them
 * load again (keeping what they show until the new answer arrives): called after each write,
 * so that the change is visible without reloading the page.
 */
export function invalidateApi(test: (path: string) => boolean): void {
  for (const path of [...cache.keys()]) if (test(path)) cache.delete(path);
  for (const path of [...prefetched.keys()]) if (test(path)) prefetched.delete(path);
  // A request sent before the write may answer with what was there before it.
  for (const path of [...inFlight.keys()]) if (test(path)) inFlight.delete(path);
  for (const listener of [...listeners]) listener(test);
}

/** Puts a response the client already has (the answer of a write) in the cache. */
export function primeApi(path: string, data: unknown): void {
  cache.set(path, data);
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
    const listener = (test: (candidate: string) => boolean) => {
      if (test(path)) setAttempt((n) => n + 1);
    };
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  }, [path]);

  useEffect(() => {
    if (path === null) return;
    if (cache.has(path)) {
      setState({ path, resource: { status: "success", data: cache.get(path) as T } });
      return;
    }
    // A reload of what is on screen (after a write) keeps it until the new answer arrives.
    setState((previous) =>
      previous.path === path && previous.resource.status === "success"
        ? previous
        : { path, resource: { status: "loading" } },
    );
    let live = true;
    (takePrefetched(path) ?? shared(path)).then(
      (data) => {
        if (keep) cache.set(path, data);
        if (live) setState({ path, resource: { status: "success", data: data as T } });
      },
      (error: unknown) => {
        if (!live) return;
        const apiError =
          error instanceof ApiError
            ? error
            : new ApiError({ type: "about:blank", title: String(error), status: 0 });
        setState({ path, resource: { status: "error", error: apiError } });
      },
    );
    return () => {
      live = false;
    };
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

/** Several JSON resources at once, `limit` requests at a time (null while any is loading). */
export async function getAll<T>(
  paths: string[],
  load: (path: string) => Promise<T>,
  limit = 6,
): Promise<T[]> {
  const results: T[] = new Array<T>(paths.length);
  let next = 0;
  const worker = async () => {
    while (next < paths.length) {
      const index = next;
      next += 1;
      const path = paths[index] as string;
      if (cache.has(path)) results[index] = cache.get(path) as T;
      else {
        const data = await load(path);
        cache.set(path, data);
        results[index] = data;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, paths.length) }, worker));
  return results;
}
