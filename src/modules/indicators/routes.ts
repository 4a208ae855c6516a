import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { can } from "../auth/permissions";
import { itemParamsSchema } from "../plans/schemas";
import { deny, inMunicipality, type MunicipalityScope } from "../../server/scope";
import { noContentSchema, versionBodySchema } from "../../server/writes";
import {
  createIndicatorSchema,
  indicatorDetailSchema,
  indicatorParamsSchema,
  updateIndicatorSchema,
} from "./schemas";
import { createIndicator, deleteIndicator, updateIndicator } from "./service";

const TAGS = ["indicadores"];

/** The role check; which items an editor may touch is checked on the item itself. */
function mayEditItems(scope: MunicipalityScope): void {
  if (!can(scope.principal, scope.municipality.id, "item.edit")) deny(scope.principal);
}

export const indicatorRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    "/municipalities/:cut/items/:itemId/indicators",
    {
      schema: {
        summary: "Agrega un indicador a una iniciativa",
        tags: TAGS,
        params: itemParamsSchema,
        body: createIndicatorSchema,
        response: { 201: indicatorDetailSchema },
      },
    },
    async (request, reply) => {
      const created = await inMunicipality(app, request, request.params.cut, (scope) => {
        mayEditItems(scope);
        return createIndicator(scope, request.params.itemId, request.body);
      });
      return reply.status(201).send(created);
    },
  );

  app.patch(
    "/municipalities/:cut/indicators/:indicatorId",
    {
      schema: {
        summary: "Cambia un indicador: nombre, tipo, fórmula, meta, línea base",
        tags: TAGS,
        params: indicatorParamsSchema,
        body: updateIndicatorSchema,
        response: { 200: indicatorDetailSchema },
      },
    },
    async (request) =>
      inMunicipality(app, request, request.params.cut, (scope) => {
        mayEditItems(scope);
        return updateIndicator(scope, request.params.indicatorId, request.body);
      }),
  );

  app.delete(
    "/municipalities/:cut/indicators/:indicatorId",
    {
      schema: {
        summary: "Elimina un indicador",
        tags: TAGS,
        params: indicatorParamsSchema,
        body: versionBodySchema,
        response: { 204: noContentSchema },
      },
    },
    async (request, reply) => {
      await inMunicipality(app, request, request.params.cut, (scope) => {
        mayEditItems(scope);
        return deleteIndicator(scope, request.params.indicatorId, request.body.version);
      });
      return reply.status(204).send(null);
    },
  );
};
