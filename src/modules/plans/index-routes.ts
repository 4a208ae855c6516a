import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { notFound } from "../../server/problem";
import { inMunicipality } from "../../server/scope";
import { getItemIndex } from "./index-queries";
import { itemIndexSchema } from "./index-schemas";
import { planVisible } from "./queries";
import { visibilityIn } from "./routes";
import { planParamsSchema } from "./schemas";

export const itemIndexRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/municipalities/:cut/plans/:planId/items/index",
    {
      schema: {
        summary:
          "Todas las iniciativas de un plan en una lista plana con sus unidades, territorios, ODS y fuentes, y los nombres de cada uno (para tableros y filtros)",
        tags: ["planes"],
        params: planParamsSchema,
        response: { 200: itemIndexSchema },
      },
    },
    async (request) => {
      const { cut, planId } = request.params;
      return inMunicipality(app, request, cut, async (scope) => {
        // Members read every plan, anyone else the published ones (plan.read in visibilityIn).
        if (!(await planVisible(scope.trx, scope.municipality.id, planId, visibilityIn(scope))))
          throw notFound(`La municipalidad ${cut} no tiene un plan ${planId} visible para usted.`);
        return getItemIndex(scope.trx, scope.municipality.id, planId);
      });
    },
  );
};
