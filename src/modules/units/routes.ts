import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { can } from "../auth/permissions";
import { cutParamSchema } from "../municipalities/schemas";
import { deny, inMunicipality, type MunicipalityScope } from "../../server/scope";
import { noContentSchema, versionBodySchema } from "../../server/writes";
import { listUnits } from "./queries";
import {
  createUnitSchema,
  moveSchema,
  unitListSchema,
  unitParamsSchema,
  unitSchema,
  updateUnitSchema,
} from "./schemas";
import { createUnit, deleteUnit, moveUnit, updateUnit } from "./service";

const TAGS = ["unidades"];

function mayManage(scope: MunicipalityScope): void {
  if (!can(scope.principal, scope.municipality.id, "unit.manage")) deny(scope.principal);
}

export const unitRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/municipalities/:cut/units",
    {
      schema: {
        summary:
          "Las unidades municipales (direcciones, departamentos), en lista plana con su padre (para los miembros de la municipalidad)",
        tags: TAGS,
        params: cutParamSchema,
        response: { 200: unitListSchema },
      },
    },
    async (request) =>
      inMunicipality(app, request, request.params.cut, async (scope) => {
        // The organisation of a municipality is for its members (the isolation probe).
        if (!can(scope.principal, scope.municipality.id, "plan.read")) deny(scope.principal);
        return {
          items: await listUnits(scope.trx, scope.municipality.id),
        };
      }),
  );

  app.post(
    "/municipalities/:cut/units",
    {
      schema: {
        summary: "Crea una unidad municipal",
        tags: TAGS,
        params: cutParamSchema,
        body: createUnitSchema,
        response: { 201: unitSchema },
      },
    },
    async (request, reply) => {
      const created = await inMunicipality(app, request, request.params.cut, (scope) => {
        mayManage(scope);
        return createUnit(scope, request.body);
      });
      return reply.status(201).send(created);
    },
  );

  app.patch(
    "/municipalities/:cut/units/:unitId",
    {
      schema: {
        summary: "Cambia el nombre, la sigla o los alias de una unidad",
        tags: TAGS,
        params: unitParamsSchema,
        body: updateUnitSchema,
        response: { 200: unitSchema },
      },
    },
    async (request) =>
      inMunicipality(app, request, request.params.cut, (scope) => {
        mayManage(scope);
        return updateUnit(scope, request.params.unitId, request.body);
      }),
  );

  app.post(
    "/municipalities/:cut/units/:unitId/move",
    {
      schema: {
        summary: "Mueve una unidad bajo otra (o a la raíz) y en una posición entre sus hermanas",
        tags: TAGS,
        params: unitParamsSchema,
        body: moveSchema,
        response: { 200: unitSchema },
      },
    },
    async (request) =>
      inMunicipality(app, request, request.params.cut, (scope) => {
        mayManage(scope);
        return moveUnit(scope, request.params.unitId, request.body);
      }),
  );

  app.delete(
    "/municipalities/:cut/units/:unitId",
    {
      schema: {
        summary: "Elimina una unidad que ya no es responsable de nada",
        tags: TAGS,
        params: unitParamsSchema,
        body: versionBodySchema,
        response: { 204: noContentSchema },
      },
    },
    async (request, reply) => {
      await inMunicipality(app, request, request.params.cut, (scope) => {
        mayManage(scope);
        return deleteUnit(scope, request.params.unitId, request.body.version);
      });
      return reply.status(204).send(null);
    },
  );
};
