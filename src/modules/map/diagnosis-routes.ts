import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { HttpProblem } from "../../server/problem";
import { deny, inMunicipality } from "../../server/scope";
import { invalid } from "../../server/writes";
import { can } from "../auth/permissions";
import { cutParamSchema } from "../municipalities/schemas";
import { BreaksError, parseBreaks } from "./classify";
import { diagnosisLayer, importDiagnosis, listVariables } from "./diagnosis";
import { requireMember } from "./layers";
import {
  diagnosisImportFieldsSchema,
  diagnosisImportResultSchema,
  diagnosisLayerQuerySchema,
  diagnosisLayerSchema,
  diagnosisVariableListSchema,
  type DiagnosisLayerQuery,
} from "./schemas";
import { readTable, TableError, type Table } from "./table";
import { readImportUpload, refuseLargeUpload } from "./upload";

const TAGS = ["mapa"];

export const diagnosisRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/municipalities/:cut/map/diagnosis/variables",
    {
      schema: {
        summary: "Variables del diagnóstico territorial (población, pobreza…) con su fuente y año",
        tags: TAGS,
        params: cutParamSchema,
        response: { 200: diagnosisVariableListSchema },
      },
    },
    async (request) =>
      inMunicipality(app, request, request.params.cut, async (scope) => {
        requireMember(scope, () => deny(scope.principal));
        return { items: await listVariables(scope) };
      }),
  );

  app.post(
    "/municipalities/:cut/map/diagnosis/import",
    {
      onRequest: refuseLargeUpload,
      schema: {
        summary:
          "Importa los valores de una variable por código de territorio (CSV o xlsx): vista previa (dryRun) o carga en una transacción",
        tags: TAGS,
        consumes: ["multipart/form-data"],
        params: cutParamSchema,
        response: { 200: diagnosisImportResultSchema },
      },
    },
    async (request) => {
      const upload = await readImportUpload(request, diagnosisImportFieldsSchema);
      return inMunicipality(app, request, request.params.cut, async (scope) => {
        if (!can(scope.principal, scope.municipality.id, "territory.manage")) deny(scope.principal);
        let table: Table;
        try {
          table = await readTable(upload.content);
        } catch (error) {
          if (error instanceof TableError)
            throw new HttpProblem(400, "Archivo no válido", error.message, [
              { path: "file", message: error.message },
            ]);
          throw error;
        }
        return importDiagnosis(scope, table, upload.fields);
      });
    },
  );

  /** The layer of the query, after checking manual breaks. */
  const layerOf = async (request: FastifyRequest, cut: string, q: DiagnosisLayerQuery) => {
    let manual: number[] = [];
    if (q.method === "manual")
      try {
        manual = parseBreaks(q.breaks);
      } catch (error) {
        if (error instanceof BreaksError)
          throw invalid([{ path: "querystring.breaks", message: error.message }]);
        throw error;
      }
    return inMunicipality(app, request, cut, async (scope) => {
      requireMember(scope, () => deny(scope.principal));
      return diagnosisLayer(scope, q.variable, q.method, q.classes, manual);
    });
  };

  app.get(
    "/municipalities/:cut/map/layers/diagnosis",
    {
      schema: {
        summary:
          "Coropleta de una variable del diagnóstico, con cortes por cuantiles, intervalos iguales o manuales",
        tags: TAGS,
        params: cutParamSchema,
        querystring: diagnosisLayerQuerySchema,
        response: { 200: diagnosisLayerSchema },
      },
    },
    async (request) => layerOf(request, request.params.cut, request.query),
  );

  app.get(
    "/municipalities/:cut/map/layers/diagnosis.geojson",
    {
      schema: {
        summary:
          "Descarga la coropleta de diagnóstico como GeoJSON (valor y clase en las propiedades)",
        tags: TAGS,
        params: cutParamSchema,
        querystring: diagnosisLayerQuerySchema,
        response: { 200: diagnosisLayerSchema.shape.collection },
      },
    },
    async (request, reply) => {
      const layer = await layerOf(request, request.params.cut, request.query);
      reply.headers({
        "content-type": "application/geo+json; charset=utf-8",
        "content-disposition": `attachment; filename="diagnostico-${request.query.variable}.geojson"`,
      });
      return layer.collection;
    },
  );
};
