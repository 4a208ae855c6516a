/**
 * Errors as RFC 9457 problem documents (application/problem+json), with titles
 * and details in Spanish because a person reads them.
 */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: Array<{ path: string; message: string }>;
  /** On a 409 edit conflict: the entity as it is now, so that no edit is lost silently. */
  current?: unknown;
}

export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: Array<{ path: string; message: string }>,
    readonly current?: unknown,
  ) {
    super(detail ?? title);
  }
}

const TYPES: Record<number, string> = {
  400: "/problems/invalid-request",
  401: "/problems/unauthenticated",
  403: "/problems/forbidden",
  404: "/problems/not-found",
  409: "/problems/conflict",
  413: "/problems/too-large",
  415: "/problems/unsupported-media-type",
  429: "/problems/too-many-requests",
  500: "/problems/internal",
  503: "/problems/unavailable",
};

export function problemType(status: number): string {
  return TYPES[status] ?? "about:blank";
}

export const notFound = (what: string) => new HttpProblem(404, "No encontrado", what);
