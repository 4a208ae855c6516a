import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { inMunicipality } from "../../server/scope";
import { gapFor } from "./gap";
import { gapCsv, gapXlsx } from "./gap-export";
import { itemLayer, setItemGeometry } from "./items";
import { visiblePlan } from "./layers";
import {
  gapSchema,
  itemGeometryBodySchema,
  itemGeometryParamsSchema,
  itemGeometryResultSchema,
  itemLayerQuerySchema,
  itemLayerSchema,
  mapPlanParamsSchema,
} from "./schemas";

const TAGS = ["mapa"];

export const itemLayerRoutes: FastifyPluginAsyncZod = async (app) => {
  for (const suffix of ["", ".geojson"])
    app.get(
      `/municipalities/:cut/plans/:planId/map/layers/items${suffix}`,
      {
        schema: {
          summary: suffix
            ? "Descarga la capa de iniciativas del plan como GeoJSON"
            : "Iniciativas del plan en el mapa (dibujadas o por sus territorios), con su semáforo e inversión; filtros del tablero",
          tags: TAGS,
          params: mapPlanParamsSchema,
          querystring: itemLayerQuerySchema,
          response: { 200: itemLayerSchema },
        },
      },
      async (request, reply) => {
        const layer = await inMunicipality(app, request, request.params.cut, async (scope) => {
          const plan = await visiblePlan(scope, request.params.planId);
          return itemLayer(scope, plan.id, request.query);
        });
        if (suffix)
          reply.headers({
            "content-type": "application/geo+json; charset=utf-8",
            "content-disposition": `attachment; filename="iniciativas-${request.params.cut}.geojson"`,
          });
        return layer;
      },
    );

  app.put(
    "/municipalities/:cut/plans/:planId/items/:itemId/geometry",
    {
      schema: {
        summary:
          "Dibuja una iniciativa en el mapa (punto, línea o polígono, o null para quitarlo); sus territorios pasan a ser los que la contienen",
        tags: TAGS,
        params: itemGeometryParamsSchema,
        body: itemGeometryBodySchema,
        response: { 200: itemGeometryResultSchema },
      },
    },
    async (request) =>
      inMunicipality(app, request, request.params.cut, (scope) =>
        setItemGeometry(scope, request.params.planId, request.params.itemId, request.body),
      ),
  );

  app.get(
    "/municipalities/:cut/plans/:planId/map/gap",
    {
      schema: {
        summary:
          "Capa de brechas: por territorio, el peso de los problemas priorizados frente a la cobertura del plan (iniciativas e inversión), en ranking",
        tags: TAGS,
        params: mapPlanParamsSchema,
        response: { 200: gapSchema },
      },
    },
    async (request) =>
      inMunicipality(app, request, request.params.cut, async (scope) => {
        const plan = await visiblePlan(scope, request.params.planId);
        return gapFor(scope, plan.id);
      }),
  );

  for (const format of ["csv", "xlsx"] as const)
    app.get(
      `/municipalities/:cut/plans/:planId/map/gap.${format}`,
      {
        schema: {
          summary: `Descarga la tabla de brechas en ${format === "csv" ? "CSV (punto y coma, coma decimal)" : "Excel (xlsx)"}`,
          tags: TAGS,
          params: mapPlanParamsSchema,
        },
      },
      async (request, reply) => {
        const { gap, title } = await inMunicipality(
          app,
          request,
          request.params.cut,
          async (scope) => {
            const plan = await visiblePlan(scope, request.params.planId);
            return { gap: await gapFor(scope, plan.id), title: plan.title };
          },
        );
        const name = `brechas-${request.params.cut}`;
        if (format === "csv")
          return reply
            .headers({
              "content-type": "text/csv; charset=utf-8",
              "content-disposition": `attachment; filename="${name}.csv"`,
            })
            .send(gapCsv(gap));
        return reply
          .headers({
            "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "content-disposition": `attachment; filename="${name}.xlsx"`,
          })
          .send(await gapXlsx(gap, title));
      },
    );
};
