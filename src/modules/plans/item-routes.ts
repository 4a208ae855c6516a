import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { requireMunicipality } from "../municipalities/lookup";
import { notFound } from "../../server/problem";
import { getItemDetail } from "./item-queries";
import { itemDetailSchema, itemParamsSchema } from "./schemas";

export const itemRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/municipalities/:cut/items/:itemId",
    {
      schema: {
        summary:
          "Una iniciativa del plan con sus responsables, plazos, financiamiento, ODS e indicadores",
        tags: ["planes"],
        params: itemParamsSchema,
        response: { 200: itemDetailSchema },
      },
    },
    async (request) => {
      const m = await requireMunicipality(app.db, request.params.cut);
      const item = await getItemDetail(app.db, m.id, request.params.itemId);
      if (!item)
        throw notFound(
          `La municipalidad ${m.cutCode} no tiene una iniciativa ${request.params.itemId}.`,
        );
      return item;
    },
  );
};
