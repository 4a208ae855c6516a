import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { deny, inMunicipality, type MunicipalityScope } from "../../server/scope";
import { noContentSchema, versionBodySchema } from "../../server/writes";
import { can } from "../auth/permissions";
import { cutParamSchema } from "../municipalities/schemas";
import { requireMember } from "./layers";
import { createProblem, deleteProblem, problemLayer, updateProblem } from "./problems";
import {
  createProblemSchema,
  problemLayerSchema,
  problemParamsSchema,
  problemSchema,
  updateProblemSchema,
} from "./schemas";

const TAGS = ["mapa"];

function mayManage(scope: MunicipalityScope): void {
  if (!can(scope.principal, scope.municipality.id, "territory.manage")) deny(scope.principal);
}

export const problemRoutes: FastifyPluginAsyncZod = async (app) => {
  for (const suffix of ["", ".geojson"])
    app.get(
      `/municipalities/:cut/map/layers/problems${suffix}`,
      {
        schema: {
          summary: suffix
            ? "Descarga la capa de problemas priorizados como GeoJSON"
            : "Problemas priorizados del diagnóstico, en un punto o en su territorio (miembros)",
          tags: TAGS,
          params: cutParamSchema,
          response: { 200: problemLayerSchema },
        },
      },
      async (request, reply) => {
        const layer = await inMunicipality(app, request, request.params.cut, async (scope) => {
          requireMember(scope, () => deny(scope.principal));
          return problemLayer(scope);
        });
        if (suffix)
          reply.headers({
            "content-type": "application/geo+json; charset=utf-8",
            "content-disposition": `attachment; filename="problemas-${request.params.cut}.geojson"`,
          });
        return layer;
      },
    );

  app.post(
    "/municipalities/:cut/map/problems",
    {
      schema: {
        summary: "Registra un problema priorizado (prioridad 1 la más alta … 5)",
        tags: TAGS,
        params: cutParamSchema,
        body: createProblemSchema,
        response: { 201: problemSchema },
      },
    },
    async (request, reply) => {
      const created = await inMunicipality(app, request, request.params.cut, (scope) => {
        mayManage(scope);
        return createProblem(scope, request.body);
      });
      return reply.status(201).send(created);
    },
  );

  app.patch(
    "/municipalities/:cut/map/problems/:problemId",
    {
      schema: {
        summary: "Cambia un problema priorizado (con la versión leída)",
        tags: TAGS,
        params: problemParamsSchema,
        body: updateProblemSchema,
        response: { 200: problemSchema },
      },
    },
    async (request) =>
      inMunicipality(app, request, request.params.cut, (scope) => {
        mayManage(scope);
        return updateProblem(scope, request.params.problemId, request.body);
      }),
  );

  app.delete(
    "/municipalities/:cut/map/problems/:problemId",
    {
      schema: {
        summary: "Elimina un problema priorizado",
        tags: TAGS,
        params: problemParamsSchema,
        body: versionBodySchema,
        response: { 204: noContentSchema },
      },
    },
    async (request, reply) => {
      await inMunicipality(app, request, request.params.cut, (scope) => {
        mayManage(scope);
        return deleteProblem(scope, request.params.problemId, request.body.version);
      });
      return reply.status(204).send(null);
    },
  );
};
