import type { ProblemDocument } from "../../src/server/problem";
import { t } from "./i18n/es-CL";

export type Problem = ProblemDocument;

/** A failed API call, carrying the server's problem document (or one made up for network failures). */
export class ApiError extends Error {
  readonly problem: Problem;
  /** Seconds to wait before trying again (the Retry-After header of a 429 or 503), if sent. */
  readonly retryAfter: number | null;

  constructor(problem: Problem, retryAfter: number | null = null) {
    super(problem.detail ?? problem.title);
    this.name = "ApiError";
    this.problem = problem;
    this.retryAfter = retryAfter;
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

/** The session's CSRF token, sent in X-CSRF-Token on every write (set by the session context). */
let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

const networkProblem = (): Problem => ({
  type: "about:blank",
  title: t("state.error.title"),
  status: 0,
  detail: t("state.error.network"),
});

/** Seconds from a Retry-After header (delta-seconds or an HTTP date), or null. */
function retryAfterSeconds(header: string | null): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, Math.round((date - Date.now()) / 1000));
}

/** The JSON in a response body, or null (empty body, 204, HTML from a proxy…). */
function parseJson(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

async function request<T>(path: string, init: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { ...init, credentials: "same-origin" });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiError(networkProblem());
  }
  const text = await response.text().catch(() => "");
  const body = parseJson(text);
  if (!response.ok)
    throw new ApiError(
      problemOf(body, response.status),
      retryAfterSeconds(response.headers.get("retry-after")),
    );
  return body as T;
}

/** The server's problem document, or a generic one for a body that is not one (a proxy's page). */
function problemOf(body: unknown, status: number): Problem {
  return isProblem(body)
    ? body
    : {
        type: "about:blank",
        title: t("state.error.title"),
        status,
        detail: t("state.error.unexpected", { status }),
      };
}

/**
 * POST a file as multipart/form-data (field «file», after the text `fields`, so the server reads
 * them before the file), with the session's CSRF token like every other write. XMLHttpRequest,
 * because fetch reports no upload progress: `onProgress` gets the share sent, 0 to 1.
 */
export function postFile<T>(
  path: string,
  file: File,
  options: { fields?: Record<string, string>; onProgress?: (share: number) => void } = {},
): Promise<T> {
  const { fields = {}, onProgress } = options;
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", path);
    xhr.withCredentials = true;
    xhr.setRequestHeader("accept", "application/json");
    if (csrfToken) xhr.setRequestHeader("x-csrf-token", csrfToken);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress?.(event.loaded / event.total);
    };
    xhr.onload = () => {
      const body = parseJson(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress?.(1);
        resolve(body as T);
      } else
        reject(
          new ApiError(
            problemOf(body, xhr.status),
            retryAfterSeconds(xhr.getResponseHeader("retry-after")),
          ),
        );
    };
    xhr.onerror = () => reject(new ApiError(networkProblem()));
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append("file", file, file.name);
    xhr.send(form);
  });
}

/**
 * GET a JSON resource of the API. The type parameter names the response type inferred from the
 * server's zod schema; the server validates its responses against that schema before sending.
 */
export function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  return request<T>(path, {
    headers: { accept: "application/json" },
    ...(signal ? { signal } : {}),
  });
}

/**
 * A write (POST, PUT, PATCH, DELETE) with an optional JSON body. Carries the session's CSRF
 * token; resolves to the JSON response, or null for an empty one (204, 202 without a body).
 */
export function sendJson<T = null>(
  method: "POST" | "PUT" | "PATCH" | "DELETE",
  path: string,
  body?: unknown,
): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (body !== undefined) headers["content-type"] = "application/json";
  if (csrfToken) headers["x-csrf-token"] = csrfToken;
  return request<T>(path, {
    method,
    headers,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
}

/** The field errors of a problem document by path, without "body." ("variables.x" → message). */
export function errorsByPath(problem: Problem): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const error of problem.errors ?? []) {
    const path = error.path.replace(/^body\./, "");
    errors[path] ??= error.message;
  }
  return errors;
}

/** Any thrown value as an ApiError (network failures and programming errors alike). */
export function asApiError(error: unknown): ApiError {
  return error instanceof ApiError
    ? error
    : new ApiError({ type: "about:blank", title: String(error), status: 0 });
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
  itemHistory: (cut: string, itemId: string) =>
    `/api/municipalities/${encodeURIComponent(cut)}/items/${encodeURIComponent(itemId)}/history`,
  figures: (cut: string, planId: string) =>
    `/api/municipalities/${encodeURIComponent(cut)}/plans/${encodeURIComponent(planId)}/figures`,
  itemIndex: (cut: string, planId: string) =>
    `/api/municipalities/${encodeURIComponent(cut)}/plans/${encodeURIComponent(planId)}/items/index`,
  indicatorFigure: (cut: string, indicatorId: string) =>
    `/api/municipalities/${encodeURIComponent(cut)}/indicators/${encodeURIComponent(indicatorId)}/figure`,
  measurements: (cut: string, indicatorId: string) =>
    `/api/municipalities/${encodeURIComponent(cut)}/indicators/${encodeURIComponent(indicatorId)}/measurements`,
  measurementQueue: (
    cut: string,
    status: "draft" | "submitted" | "validated" | "rejected",
    limit = 50,
  ) =>
    `/api/municipalities/${encodeURIComponent(cut)}/measurements?status=${status}&limit=${limit}`,
  measurement: (cut: string, measurementId: string) =>
    `/api/municipalities/${encodeURIComponent(cut)}/measurements/${encodeURIComponent(measurementId)}`,
  measurementAction: (
    cut: string,
    measurementId: string,
    action: "submit" | "validate" | "reject" | "reopen" | "evidence",
  ) =>
    `/api/municipalities/${encodeURIComponent(cut)}/measurements/${encodeURIComponent(measurementId)}/${action}`,
  evidence: (cut: string, evidenceId: string) =>
    `/api/municipalities/${encodeURIComponent(cut)}/evidence/${encodeURIComponent(evidenceId)}`,
  alerts: (cut: string, planId: string) =>
    `/api/municipalities/${encodeURIComponent(cut)}/alerts?status=open&planId=${encodeURIComponent(planId)}`,
  acknowledgeAlert: (cut: string, alertId: string) =>
    `/api/municipalities/${encodeURIComponent(cut)}/alerts/${encodeURIComponent(alertId)}/acknowledge`,
  units: (cut: string) => `/api/municipalities/${encodeURIComponent(cut)}/units`,
  territories: (cut: string) => `/api/municipalities/${encodeURIComponent(cut)}/territories`,
  login: () => "/api/auth/login",
  logout: () => "/api/auth/logout",
  me: () => "/api/auth/me",
  passwordReset: () => "/api/auth/password-reset",
  passwordResetConfirm: () => "/api/auth/password-reset/confirm",
  acceptInvitation: () => "/api/auth/invitations/accept",
};

/** Paths of the web app's pages. */
export const routes = {
  home: () => "/",
  plan: (cut: string, planId: string) => `/m/${cut}/planes/${planId}`,
  tree: (cut: string, planId: string, open?: string) =>
    `/m/${cut}/planes/${planId}/arbol${open ? `?abrir=${encodeURIComponent(open)}` : ""}`,
  dashboard: (cut: string, planId: string, query?: string) =>
    `/m/${cut}/planes/${planId}/tablero${query ? `?${query}` : ""}`,
  item: (cut: string, itemId: string) => `/m/${cut}/iniciativas/${itemId}`,
  report: (cut: string, period?: string) =>
    `/m/${cut}/reportar${period ? `?periodo=${encodeURIComponent(period)}` : ""}`,
  validate: (cut: string) => `/m/${cut}/validar`,
  units: (cut: string) => `/m/${cut}/unidades`,
  /** The login page; `back` is where to return afterwards (a path of this app). */
  login: (back?: string) =>
    `/ingresar${back && back !== "/" ? `?volver=${encodeURIComponent(back)}` : ""}`,
  passwordReset: () => "/restablecer",
  invitation: () => "/invitacion",
};

/** A path of this app to return to after signing in: only local paths, never another site. */
export function safeReturnPath(value: string | null): string {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\"))
    return routes.home();
  if (/^\/(ingresar|restablecer|invitacion)(\/|\?|$)/.test(value)) return routes.home();
  return value;
}
