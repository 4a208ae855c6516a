import { z } from "zod";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { can } from "../auth/permissions";
import { cutParamSchema } from "../municipalities/schemas";
import { deny, inMunicipality, type MunicipalityScope } from "../../server/scope";
import { createInvitation } from "./invitations";
import { listMembers, removeMember, updateMember } from "./members";
import {
  invitationBodySchema,
  invitationSchema,
  memberListSchema,
  memberPatchSchema,
  memberSchema,
  userParamsSchema,
} from "./schemas";

function mayManageUsers(scope: MunicipalityScope): void {
  if (!can(scope.principal, scope.municipality.id, "user.manage")) deny(scope.principal);
}

/** The people of a municipality: invitations, roles, units, disabling. Admins and the operator. */
export const memberRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    "/municipalities/:cut/invitations",
    {
      schema: {
        summary: "Invita por correo a una persona con un rol (y unidades, para quien edita)",
        tags: ["cuentas"],
        params: cutParamSchema,
        body: invitationBodySchema,
        response: { 201: invitationSchema },
      },
    },
    async (request, reply) => {
      const invitation = await inMunicipality(app, request, request.params.cut, (scope) => {
        mayManageUsers(scope);
        return createInvitation(scope, request.body, app.publicUrl);
      });
      return reply.status(201).send(invitation);
    },
  );

  app.get(
    "/municipalities/:cut/users",
    {
      schema: {
        summary: "Integrantes de la municipalidad con su rol, unidades y estado",
        tags: ["cuentas"],
        params: cutParamSchema,
        response: { 200: memberListSchema },
      },
    },
    async (request) =>
      inMunicipality(app, request, request.params.cut, async (scope) => {
        mayManageUsers(scope);
        return { items: await listMembers(scope) };
      }),
  );

  app.patch(
    "/municipalities/:cut/users/:userId",
    {
      schema: {
        summary: "Cambia el rol, las unidades o deshabilita a un integrante",
        tags: ["cuentas"],
        params: userParamsSchema,
        body: memberPatchSchema,
        response: { 200: memberSchema },
      },
    },
    async (request) =>
      inMunicipality(app, request, request.params.cut, (scope) => {
        mayManageUsers(scope);
        return updateMember(scope, request.params.userId, request.body);
      }),
  );

  app.delete(
    "/municipalities/:cut/users/:userId",
    {
      schema: {
        summary: "Quita a un integrante de la municipalidad (su cuenta sigue existiendo)",
        tags: ["cuentas"],
        params: userParamsSchema,
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await inMunicipality(app, request, request.params.cut, (scope) => {
        mayManageUsers(scope);
        return removeMember(scope, request.params.userId);
      });
      return reply.status(204).send(null);
    },
  );
};
