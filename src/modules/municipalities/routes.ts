import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { inTenant } from "../../db/tenant";
import { notFound } from "../../server/problem";
import { actorOf } from "../../server/scope";
import { pageQuerySchema, pageSchema } from "../../server/pagination";
import { findMunicipalityByCut, listMunicipalities } from "./queries";
import { cutParamSchema, municipalitySchema } from "./schemas";

export const municipalityRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/municipalities",
    {
      schema: {
        summary: "Municipalidades alojadas en esta instalación",
        tags: ["municipalidades"],
        querystring: pageQuerySchema,
        response: { 200: pageSchema(municipalitySchema) },
      },
    },
    async (request) =>
      inTenant(app.db, null, actorOf(request), ({ trx }) => listMunicipalities(trx, request.query)),
  );

  app.get(
    "/municipalities/:cut",
    {
      schema: {
        summary: "Una municipalidad por su código CUT",
        tags: ["municipalidades"],
        params: cutParamSchema,
        response: { 200: municipalitySchema },
      },
    },
    async (request) => {
      const municipality = await inTenant(app.db, null, actorOf(request), ({ trx }) =>
        findMunicipalityByCut(trx, request.params.cut),
      );
      if (!municipality)
        throw notFound(`No existe una municipalidad con código CUT ${request.params.cut}.`);
      return municipality;
    },
  );
};
