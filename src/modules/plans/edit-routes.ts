import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { can } from "../auth/permissions";
import { cutParamSchema } from "../municipalities/schemas";
import { deny, inMunicipality, type MunicipalityScope } from "../../server/scope";
import { noContentSchema, versionBodySchema } from "../../server/writes";
import {
  createPlanSchema,
  createVersionSchema,
  putLevelsSchema,
  updatePlanSchema,
} from "./edit-schemas";
import { createPlan, createVersion, deletePlan, putLevels, updatePlan } from "./edit-service";
import { planDetailSchema, planParamsSchema } from "./schemas";

const TAGS = ["planes"];

export function mayManagePlans(scope: MunicipalityScope): void {
  if (!can(scope.principal, scope.municipality.id, "plan.manage")) deny(scope.principal);
}

export const planEditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    "/municipalities/:cut/plans",
    {
      schema: {
        summary: "Crea un plan (en borrador) con sus niveles",
        tags: TAGS,
        params: cutParamSchema,
        body: createPlanSchema,
        response: { 201: planDetailSchema },
      },
    },
    async (request, reply) => {
      const plan = await inMunicipality(app, request, request.params.cut, (scope) => {
        mayManagePlans(scope);
        return createPlan(scope, request.body);
      });
      return reply.status(201).send(plan);
    },
  );

  app.patch(
    "/municipalities/:cut/plans/:planId",
    {
      schema: {
        summary:
          "Cambia los datos de un plan: título, período, visión, misión, aprobación, publicación",
        tags: TAGS,
        params: planParamsSchema,
        body: updatePlanSchema,
        response: { 200: planDetailSchema },
      },
    },
    async (request) =>
      inMunicipality(app, request, request.params.cut, (scope) => {
        mayManagePlans(scope);
        return updatePlan(scope, request.params.planId, request.body);
      }),
  );

  app.post(
    "/municipalities/:cut/plans/:planId/versions",
    {
      schema: {
        summary: "Registra una actualización anual del plan",
        tags: TAGS,
        params: planParamsSchema,
        body: createVersionSchema,
        response: { 201: planDetailSchema },
      },
    },
    async (request, reply) => {
      const plan = await inMunicipality(app, request, request.params.cut, (scope) => {
        mayManagePlans(scope);
        return createVersion(scope, request.params.planId, request.body);
      });
      return reply.status(201).send(plan);
    },
  );

  app.put(
    "/municipalities/:cut/plans/:planId/levels",
    {
      schema: {
        summary: "Define los niveles del plan: renombra, ordena, agrega o quita los que no se usan",
        tags: TAGS,
        params: planParamsSchema,
        body: putLevelsSchema,
        response: { 200: planDetailSchema },
      },
    },
    async (request) =>
      inMunicipality(app, request, request.params.cut, (scope) => {
        mayManagePlans(scope);
        return putLevels(scope, request.params.planId, request.body);
      }),
  );

  app.delete(
    "/municipalities/:cut/plans/:planId",
    {
      schema: {
        summary: "Elimina un plan en borrador con todo su contenido",
        tags: TAGS,
        params: planParamsSchema,
        body: versionBodySchema,
        response: { 204: noContentSchema },
      },
    },
    async (request, reply) => {
      await inMunicipality(app, request, request.params.cut, (scope) => {
        mayManagePlans(scope);
        return deletePlan(scope, request.params.planId, request.body.version);
      });
      return reply.status(204).send(null);
    },
  );
};
