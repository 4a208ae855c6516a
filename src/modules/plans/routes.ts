import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { requireMunicipality } from "../municipalities/lookup";
import { cutParamSchema } from "../municipalities/schemas";
import { notFound } from "../../server/problem";
import { pageQuerySchema, pageSchema } from "../../server/pagination";
import { getPlanDetail, getPlanTree, listPlans } from "./queries";
import { planDetailSchema, planParamsSchema, planSummarySchema, planTreeSchema } from "./schemas";

export const planRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/municipalities/:cut/plans",
    {
      schema: {
        summary: "Planes de una municipalidad",
        tags: ["planes"],
        params: cutParamSchema,
        querystring: pageQuerySchema,
        response: { 200: pageSchema(planSummarySchema) },
      },
    },
    async (request) => {
      const m = await requireMunicipality(app.db, request.params.cut);
      return listPlans(app.db, m.id, request.query);
    },
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
      const m = await requireMunicipality(app.db, request.params.cut);
      const plan = await getPlanDetail(app.db, m.id, request.params.planId);
      if (!plan)
        throw notFound(`La municipalidad ${m.cutCode} no tiene un plan ${request.params.planId}.`);
      return plan;
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
      const m = await requireMunicipality(app.db, request.params.cut);
      const exists = await app.db
        .selectFrom("plan")
        .select("id")
        .where("id", "=", request.params.planId)
        .where("municipality_id", "=", m.id)
        .executeTakeFirst();
      if (!exists)
        throw notFound(`La municipalidad ${m.cutCode} no tiene un plan ${request.params.planId}.`);
      return getPlanTree(app.db, m.id, request.params.planId);
    },
  );
};
