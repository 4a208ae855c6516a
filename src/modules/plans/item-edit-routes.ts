import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { can } from "../auth/permissions";
import { deny, inMunicipality } from "../../server/scope";
import { noContentSchema, versionBodySchema } from "../../server/writes";
import { mayManagePlans } from "./edit-routes";
import { createItemSchema, moveItemSchema, updateItemSchema } from "./edit-schemas";
import { createItem, deleteItem, moveItem, updateItem } from "./item-service";
import { itemDetailSchema, itemParamsSchema, planParamsSchema } from "./schemas";

const TAGS = ["planes"];

export const itemEditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    "/municipalities/:cut/plans/:planId/items",
    {
      schema: {
        summary: "Crea una iniciativa en el árbol del plan; recibe el código siguiente de su padre",
        tags: TAGS,
        params: planParamsSchema,
        body: createItemSchema,
        response: { 201: itemDetailSchema },
      },
    },
    async (request, reply) => {
      const item = await inMunicipality(app, request, request.params.cut, (scope) => {
        mayManagePlans(scope);
        return createItem(scope, request.params.planId, request.body);
      });
      return reply.status(201).send(item);
    },
  );

  app.patch(
    "/municipalities/:cut/items/:itemId",
    {
      schema: {
        summary:
          "Cambia campos de una iniciativa (los editores, solo en iniciativas de sus unidades)",
        tags: TAGS,
        params: itemParamsSchema,
        body: updateItemSchema,
        response: { 200: itemDetailSchema },
      },
    },
    async (request) =>
      inMunicipality(app, request, request.params.cut, (scope) => {
        if (!can(scope.principal, scope.municipality.id, "item.edit")) deny(scope.principal);
        return updateItem(scope, request.params.itemId, request.body);
      }),
  );

  app.post(
    "/municipalities/:cut/items/:itemId/move",
    {
      schema: {
        summary: "Mueve una iniciativa con sus hijas a otro padre y posición; su código no cambia",
        tags: TAGS,
        params: itemParamsSchema,
        body: moveItemSchema,
        response: { 200: itemDetailSchema },
      },
    },
    async (request) =>
      inMunicipality(app, request, request.params.cut, (scope) => {
        mayManagePlans(scope);
        return moveItem(scope, request.params.itemId, request.body);
      }),
  );

  app.delete(
    "/municipalities/:cut/items/:itemId",
    {
      schema: {
        summary: "Elimina una iniciativa con todas sus iniciativas hijas",
        tags: TAGS,
        params: itemParamsSchema,
        body: versionBodySchema,
        response: { 204: noContentSchema },
      },
    },
    async (request, reply) => {
      await inMunicipality(app, request, request.params.cut, (scope) => {
        mayManagePlans(scope);
        return deleteItem(scope, request.params.itemId, request.body.version);
      });
      return reply.status(204).send(null);
    },
  );
};
