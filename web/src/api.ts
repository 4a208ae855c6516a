import type { ProblemDocument } from "../../src/server/problem";
import { t } from "./i18n/es-CL";

export type Problem = ProblemDocument;

/** A failed API call, carrying the server's problem document (or one made up for network failures). */
export class ApiError extends Error {
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = "ApiError";
    this.problem = problem;
  }

  get status(): number {
    return this.problem.status;
  }

  /** 404, and also a malformed identifier in the URL (400 on a path parameter): nothing is there. */
  get isNotFound(): boolean {
    return (
      this.status === 404 ||
      (this.status === 400 &&
        (this.problem.errors ?? []).some((error) => error.path.startsWith("params.")))
    );
  }
}

function isProblem(value: unknown): value is Problem {
  if (typeof value !== "object" || value === null) return false;
  const record = value as Record<string, unknown>;
  return typeof record.title === "string" && typeof record.status === "number";
}

/**
 * GET a JSON resource of the API. The type parameter names the response type inferred from the
 * server's zod schema; the server validates its responses against that schema before sending.
 */
export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      headers: { accept: "application/json" },
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiError({
      type: "about:blank",
      title: t("state.error.title"),
      status: 0,
      detail: t("state.error.network"),
    });
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    throw new ApiError(
      isProblem(body)
        ? body
        : {
            type: "about:blank",
            title: t("state.error.title"),
            status: response.status,
            detail: t("state.error.unexpected", { status: response.status }),
          },
    );
  }
  return body as T;
}

/** Path builders for the API, so each URL is spelled once. */
export const api = {
  municipalities: (limit = 50) => `/api/municipalities?limit=${limit}`,
  municipality: (cut: string) => `/api/municipalities/${encodeURIComponent(cut)}`,
  plans: (cut: string) => `/api/municipalities/${encodeURIComponent(cut)}/plans`,
  plan: (cut: string, planId: string) =>
    `/api/municipalities/${encodeURIComponent(cut)}/plans/${encodeURIComponent(planId)}`,
  tree: (cut: string, planId: string) =>
    `/api/municipalities/${encodeURIComponent(cut)}/plans/${encodeURIComponent(planId)}/tree`,
  item: (cut: string, itemId: string) =>
    `/api/municipalities/${encodeURIComponent(cut)}/items/${encodeURIComponent(itemId)}`,
};

/** Paths of the web app's pages. */
export const routes = {
  home: () => "/",
  plan: (cut: string, planId: string) => `/m/${cut}/planes/${planId}`,
  tree: (cut: string, planId: string, open?: string) =>
    `/m/${cut}/planes/${planId}/arbol${open ? `?abrir=${encodeURIComponent(open)}` : ""}`,
  item: (cut: string, itemId: string) => `/m/${cut}/iniciativas/${itemId}`,
};
