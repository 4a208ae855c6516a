import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { can } from "../auth/permissions";
import { cutParamSchema } from "../municipalities/schemas";
import { notFound } from "../../server/problem";
import { pageQuerySchema, pageSchema } from "../../server/pagination";
import { inMunicipality, type MunicipalityScope } from "../../server/scope";
import { getPlanDetail, getPlanTree, listPlans, planVisible, type Visibility } from "./queries";
import { planDetailSchema, planParamsSchema, planSummarySchema, planTreeSchema } from "./schemas";

/** Members of the municipality read every plan; anyone else reads published plans only. */
export function visibilityIn(scope: MunicipalityScope): Visibility {
  return { publishedOnly: !can(scope.principal, scope.municipality.id, "plan.read") };
}

const planNotFound = (cut: string, planId: string) =>
  notFound(`La municipalidad ${cut} no tiene un plan ${planId} visible para usted.`);

export const planRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/municipalities/:cut/plans",
    {
      schema: {
        summary:
          "Planes de una municipalidad (los publicados, para quien no es de la municipalidad)",
        tags: ["planes"],
        params: cutParamSchema,
        querystring: pageQuerySchema,
        response: { 200: pageSchema(planSummarySchema) },
      },
    },
    async (request) =>
      inMunicipality(app, request, request.params.cut, (scope) =>
        listPlans(scope.trx, scope.municipality.id, request.query, visibilityIn(scope)),
      ),
  );

  app.get(
    "/municipalities/:cut/plans/:planId",
    {
      schema: {
        summary: "Un plan: visión, misión, valores, ejes transversales, niveles y lineamientos",
        tags: ["planes"],
        params: planParamsSchema,
        response: { 200: planDetailSchema },
      },
    },
    async (request) => {
      const { cut, planId } = request.params;
      return inMunicipality(app, request, cut, async (scope) => {
        const plan = await getPlanDetail(
          scope.trx,
          scope.municipality.id,
          planId,
          visibilityIn(scope),
        );
        if (!plan) throw planNotFound(cut, planId);
        return plan;
      });
    },
  );

  app.get(
    "/municipalities/:cut/plans/:planId/tree",
    {
      schema: {
        summary:
          "El árbol completo de iniciativas de un plan, anidado, con los nombres de sus niveles",
        tags: ["planes"],
        params: planParamsSchema,
        response: { 200: planTreeSchema },
      },
    },
    async (request) => {
      const { cut, planId } = request.params;
      return inMunicipality(app, request, cut, async (scope) => {
        if (!(await planVisible(scope.trx, scope.municipality.id, planId, visibilityIn(scope))))
          throw planNotFound(cut, planId);
        return getPlanTree(scope.trx, scope.municipality.id, planId);
      });
    },
  );
};
