import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { can } from "../auth/permissions";
import { cutParamSchema } from "../municipalities/schemas";
import { deny, inMunicipality, type MunicipalityScope } from "../../server/scope";
import { noContentSchema, versionBodySchema } from "../../server/writes";
import { listTerritories } from "./queries";
import {
  createTerritorySchema,
  moveTerritorySchema,
  territoryListSchema,
  territoryParamsSchema,
  territorySchema,
  updateTerritorySchema,
} from "./schemas";
import { createTerritory, deleteTerritory, moveTerritory, updateTerritory } from "./service";

const TAGS = ["territorios"];

function mayManage(scope: MunicipalityScope): void {
  if (!can(scope.principal, scope.municipality.id, "territory.manage")) deny(scope.principal);
}

export const territoryRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/municipalities/:cut/territories",
    {
      schema: {
        summary:
          "Los territorios de la comuna (sectores, unidades vecinales, localidades), en lista plana con su padre (para los miembros de la municipalidad)",
        tags: TAGS,
        params: cutParamSchema,
        response: { 200: territoryListSchema },
      },
    },
    async (request) =>
      inMunicipality(app, request, request.params.cut, async (scope) => {
        // The organisation of a municipality is for its members (the isolation probe).
        if (!can(scope.principal, scope.municipality.id, "plan.read")) deny(scope.principal);
        return {
          items: await listTerritories(scope.trx, scope.municipality.id),
        };
      }),
  );

  app.post(
    "/municipalities/:cut/territories",
    {
      schema: {
        summary: "Crea un territorio, con su geometría GeoJSON opcional",
        tags: TAGS,
        params: cutParamSchema,
        body: createTerritorySchema,
        response: { 201: territorySchema },
      },
    },
    async (request, reply) => {
      const created = await inMunicipality(app, request, request.params.cut, (scope) => {
        mayManage(scope);
        return createTerritory(scope, request.body);
      });
      return reply.status(201).send(created);
    },
  );

  app.patch(
    "/municipalities/:cut/territories/:territoryId",
    {
      schema: {
        summary: "Cambia el tipo, el código, el nombre o la geometría de un territorio",
        tags: TAGS,
        params: territoryParamsSchema,
        body: updateTerritorySchema,
        response: { 200: territorySchema },
      },
    },
    async (request) =>
      inMunicipality(app, request, request.params.cut, (scope) => {
        mayManage(scope);
        return updateTerritory(scope, request.params.territoryId, request.body);
      }),
  );

  app.post(
    "/municipalities/:cut/territories/:territoryId/move",
    {
      schema: {
        summary: "Mueve un territorio dentro de otro (o a la raíz)",
        tags: TAGS,
        params: territoryParamsSchema,
        body: moveTerritorySchema,
        response: { 200: territorySchema },
      },
    },
    async (request) =>
      inMunicipality(app, request, request.params.cut, (scope) => {
        mayManage(scope);
        return moveTerritory(scope, request.params.territoryId, request.body);
      }),
  );

  app.delete(
    "/municipalities/:cut/territories/:territoryId",
    {
      schema: {
        summary: "Elimina un territorio que ninguna iniciativa usa",
        tags: TAGS,
        params: territoryParamsSchema,
        body: versionBodySchema,
        response: { 204: noContentSchema },
      },
    },
    async (request, reply) => {
      await inMunicipality(app, request, request.params.cut, (scope) => {
        mayManage(scope);
        return deleteTerritory(scope, request.params.territoryId, request.body.version);
      });
      return reply.status(204).send(null);
    },
  );
};
