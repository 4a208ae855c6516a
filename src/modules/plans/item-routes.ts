import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { notFound } from "../../server/problem";
import { inMunicipality } from "../../server/scope";
import { getItemDetail } from "./item-queries";
import { visibilityIn } from "./routes";
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
      const { cut, itemId } = request.params;
      return inMunicipality(app, request, cut, async (scope) => {
        const item = await getItemDetail(
          scope.trx,
          scope.municipality.id,
          itemId,
          visibilityIn(scope),
        );
        if (!item)
          throw notFound(
            `La municipalidad ${cut} no tiene una iniciativa ${itemId} visible para usted.`,
          );
        return item;
      });
    },
  );
};
