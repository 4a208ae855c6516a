import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { can } from "../auth/permissions";
import { itemParamsSchema } from "../plans/schemas";
import { notFound } from "../../server/problem";
import { deny, inMunicipality } from "../../server/scope";
import { itemHistory } from "./queries";
import { historySchema } from "./schemas";

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/municipalities/:cut/items/:itemId/history",
    {
      schema: {
        summary:
          "Historial de cambios de una iniciativa y de sus indicadores, del más reciente al más antiguo",
        tags: ["auditoría"],
        params: itemParamsSchema,
        response: { 200: historySchema },
      },
    },
    async (request) => {
      const { cut, itemId } = request.params;
      return inMunicipality(app, request, cut, async (scope) => {
        const m = scope.municipality.id;
        if (!can(scope.principal, m, "audit.read")) deny(scope.principal);
        const item = await scope.trx
          .selectFrom("plan_item")
          .where("municipality_id", "=", m)
          .where("id", "=", itemId)
          .select("id")
          .executeTakeFirst();
        if (!item) throw notFound(`La municipalidad ${cut} no tiene una iniciativa ${itemId}.`);
        return { items: await itemHistory(scope.trx, m, itemId) };
      });
    },
  );
};
