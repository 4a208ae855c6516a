import { timingSafeEqual } from "node:crypto";
import fastifyCookie from "@fastify/cookie";
import fp from "fastify-plugin";
import { resolveSession, SESSION_COOKIE } from "../modules/auth/sessions";
import { HttpProblem } from "./problem";

const UNSAFE = new Set(["POST", "PUT", "PATCH", "DELETE"]);

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Who is asking: the session cookie (httpOnly, SameSite=Lax) resolves to a
 * principal, or null. Cookie-authenticated writes must carry the session's
 * CSRF token in the X-CSRF-Token header; writes from another origin are refused.
 */
export const authPlugin = fp(async (app) => {
  await app.register(fastifyCookie);
  app.decorateRequest("principal", null);

  app.addHook("onRequest", async (request) => {
    if (!request.url.startsWith("/api/")) return;
    if (UNSAFE.has(request.method)) {
      const origin = request.headers.origin;
      if (origin && new URL(origin).host !== request.headers.host) {
        throw new HttpProblem(403, "Origen no permitido", "La solicitud viene de otro sitio.");
      }
    }
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return;
    request.principal = await resolveSession(app.db, token);
    if (request.principal && UNSAFE.has(request.method)) {
      const header = request.headers["x-csrf-token"];
      if (typeof header !== "string" || !sameToken(header, request.principal.csrfToken)) {
        throw new HttpProblem(
          403,
          "Falta la protección CSRF",
          "La solicitud no trae el encabezado X-CSRF-Token de la sesión. Recargue la página.",
        );
      }
    }
  });
});
