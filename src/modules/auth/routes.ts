import { z } from "zod";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { inTenant, SYSTEM } from "../../db/tenant";
import { HttpProblem } from "../../server/problem";
import { unauthenticated } from "../../server/scope";
import { decoyHash, verifyPassword } from "./crypto";
import type { Principal } from "./principal";
import { loginBodySchema, meSchema, type Me } from "./schemas";
import {
  createSession,
  deleteSession,
  loadMemberships,
  SESSION_COOKIE,
  SESSION_IDLE_MS,
} from "./sessions";
import { clearFailures, isThrottled, recordFailure, WINDOW_MS } from "./throttle";

const BAD_CREDENTIALS = "Correo o contraseña incorrectos.";

export function toMe(p: Omit<Principal, "sessionId">): Me {
  return {
    user: { id: p.userId, email: p.email, displayName: p.displayName, isOperator: p.isOperator },
    memberships: p.memberships,
    csrfToken: p.csrfToken,
  };
}

/** The session cookie's attributes (login, invitation acceptance, logout). */
export const cookieOptions = {
  path: "/",
  httpOnly: true,
  sameSite: "lax" as const,
  secure: "auto" as const,
};

export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    "/auth/login",
    {
      schema: {
        summary: "Inicia sesión con correo y contraseña; entrega una cookie de sesión nueva",
        tags: ["cuentas"],
        body: loginBodySchema,
        response: { 200: meSchema },
      },
    },
    async (request, reply) => {
      const { email, password } = request.body;
      const result = await inTenant(app.db, null, SYSTEM, async ({ trx }) => {
        if (await isThrottled(trx, email, request.ip)) return "throttled" as const;
        const user = await trx
          .selectFrom("app_user")
          .selectAll()
          .where((eb) => eb(eb.fn("lower", ["email"]), "=", email.toLowerCase()))
          .executeTakeFirst();
        const ok = await verifyPassword(user?.password_hash ?? (await decoyHash()), password);
        if (!user || !ok || user.disabled_at !== null) {
          await recordFailure(trx, email, request.ip);
          return "refused" as const;
        }
        await clearFailures(trx, email);
        const session = await createSession(trx, user.id, {
          ip: request.ip,
          userAgent: request.headers["user-agent"] ?? null,
        });
        const memberships = await loadMemberships(trx, user.id);
        return {
          session,
          me: toMe({
            userId: user.id,
            email: user.email,
            displayName: user.display_name,
            isOperator: user.is_operator,
            csrfToken: session.csrfToken,
            memberships,
          }),
        };
      });
      if (result === "throttled") {
        request.log.warn({ email }, "login throttled");
        reply.header("retry-after", String(WINDOW_MS / 1000));
        throw new HttpProblem(
          429,
          "Demasiados intentos",
          "Hubo demasiados intentos fallidos. Espere 15 minutos o restablezca su contraseña.",
        );
      }
      if (result === "refused") {
        request.log.warn({ email }, "login refused");
        throw new HttpProblem(401, "No se pudo iniciar sesión", BAD_CREDENTIALS);
      }
      reply.setCookie(SESSION_COOKIE, result.session.token, {
        ...cookieOptions,
        maxAge: SESSION_IDLE_MS / 1000,
      });
      return result.me;
    },
  );

  app.post(
    "/auth/logout",
    { schema: { summary: "Cierra la sesión", tags: ["cuentas"], response: { 204: z.null() } } },
    async (request, reply) => {
      const principal = request.principal;
      if (principal)
        await inTenant(app.db, null, SYSTEM, ({ trx }) => deleteSession(trx, principal.sessionId));
      reply.clearCookie(SESSION_COOKIE, cookieOptions);
      return reply.status(204).send(null);
    },
  );

  app.get(
    "/auth/me",
    {
      schema: {
        summary: "Quién tiene la sesión abierta y sus roles por municipalidad",
        tags: ["cuentas"],
        response: { 200: meSchema },
      },
    },
    async (request) => {
      if (!request.principal) throw unauthenticated();
      return toMe(request.principal);
    },
  );
};
