import { z } from "zod";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { inTenant } from "../../db/tenant";
import { actorOf } from "../../server/scope";
import { meSchema } from "../auth/schemas";
import { cookieOptions, toMe } from "../auth/routes";
import { createSession, loadMemberships, SESSION_COOKIE, SESSION_IDLE_MS } from "../auth/sessions";
import { acceptInvitation } from "./invitations";
import { confirmPasswordReset, requestPasswordReset } from "./password-reset";
import {
  acceptInvitationBodySchema,
  passwordResetBodySchema,
  passwordResetConfirmBodySchema,
} from "./schemas";

/** What anonymous visitors do with an e-mailed link: reset a password, accept an invitation. */
export const accountRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    "/auth/password-reset",
    {
      schema: {
        summary:
          "Envía por correo un enlace para restablecer la contraseña (responde 202 exista o no la cuenta)",
        tags: ["cuentas"],
        body: passwordResetBodySchema,
        response: { 202: z.null() },
      },
    },
    async (request, reply) => {
      await inTenant(app.db, null, actorOf(request), (ctx) =>
        requestPasswordReset(ctx, request.body.email, app.publicUrl),
      );
      return reply.status(202).send(null);
    },
  );

  app.post(
    "/auth/password-reset/confirm",
    {
      schema: {
        summary: "Fija una contraseña nueva con el enlace recibido; cierra todas las sesiones",
        tags: ["cuentas"],
        body: passwordResetConfirmBodySchema,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await inTenant(app.db, null, actorOf(request), (ctx) =>
        confirmPasswordReset(ctx, request.body.token, request.body.password),
      );
      return reply.status(204).send(null);
    },
  );

  app.post(
    "/auth/invitations/accept",
    {
      schema: {
        summary:
          "Acepta una invitación: crea la cuenta (o suma la municipalidad a la existente) e inicia sesión",
        tags: ["cuentas"],
        body: acceptInvitationBodySchema,
        response: { 200: meSchema },
      },
    },
    async (request, reply) => {
      const result = await inTenant(app.db, null, actorOf(request), async (ctx) => {
        const { userId } = await acceptInvitation(ctx, request.body);
        const user = await ctx.trx
          .selectFrom("app_user")
          .select(["email", "display_name", "is_operator"])
          .where("id", "=", userId)
          .executeTakeFirstOrThrow();
        const session = await createSession(ctx.trx, userId, {
          ip: request.ip,
          userAgent: request.headers["user-agent"] ?? null,
        });
        const memberships = await loadMemberships(ctx.trx, userId);
        return {
          session,
          me: toMe({
            userId,
            email: user.email,
            displayName: user.display_name,
            isOperator: user.is_operator,
            csrfToken: session.csrfToken,
            memberships,
          }),
        };
      });
      reply.setCookie(SESSION_COOKIE, result.session.token, {
        ...cookieOptions,
        maxAge: SESSION_IDLE_MS / 1000,
      });
      return result.me;
    },
  );
};
