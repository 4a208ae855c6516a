import fastifyMultipart from "@fastify/multipart";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { HttpProblem } from "../../server/problem";
import { deny, inMunicipality } from "../../server/scope";
import { can } from "../auth/permissions";
import { cutParamSchema } from "../municipalities/schemas";
import { diagnosisRoutes } from "./diagnosis-routes";
import { GeometryError } from "./geometry";
import { itemLayerRoutes } from "./item-routes";
import { cachedLayer, sendLayer, territoryStamp } from "./layer-cache";
import { requireMember, territoryLayer } from "./layers";
import { problemRoutes } from "./problem-routes";
import { CrsError } from "./projection";
import { FileError, readTerritoryFile, type SourceFile } from "./read-file";
import {
  mapConfigSchema,
  territoryImportFieldsSchema,
  territoryImportResultSchema,
  territoryLayerSchema,
} from "./schemas";
import { importTerritories } from "./territory-import";
import { MAX_MAP_FILE_BYTES, readImportUpload, refuseLargeUpload } from "./upload";

export const TAGS = ["mapa"];

/** The file could not be read as a territory layer: 400, said on the `file` field. */
export function fileProblem(error: unknown): never {
  if (error instanceof FileError || error instanceof CrsError || error instanceof GeometryError)
    throw new HttpProblem(400, "Archivo no válido", error.message, [
      { path: "file", message: error.message },
    ]);
  throw error;
}

export const mapRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(fastifyMultipart, {
    limits: { fileSize: MAX_MAP_FILE_BYTES, files: 1, fields: 12, parts: 13 },
  });

  app.get(
    "/map/config",
    {
      schema: {
        summary:
          "El mapa base: la URL de teselas (OpenStreetMap por omisión, o ninguna para un fondo liso) y su atribución",
        tags: TAGS,
        response: { 200: mapConfigSchema },
      },
    },
    async () => app.mapConfig,
  );

  for (const suffix of ["", ".geojson"])
    app.get(
      `/municipalities/:cut/map/layers/territories${suffix}`,
      {
        schema: {
          summary: suffix
            ? "Descarga la capa de territorios como GeoJSON"
            : "Capa de territorios (GeoJSON WGS84, geometría simplificada para el mapa; miembros)",
          tags: TAGS,
          params: cutParamSchema,
          response: { 200: territoryLayerSchema },
        },
      },
      async (request, reply) => {
        const entry = await inMunicipality(app, request, request.params.cut, async (scope) => {
          requireMember(scope, () => deny(scope.principal));
          const m = scope.municipality.id;
          return cachedLayer(`territories:${m}`, await territoryStamp(scope.trx, m), () =>
            territoryLayer(scope.trx, m),
          );
        });
        if (!suffix) return sendLayer(request, reply, entry);
        reply.header(
          "content-disposition",
          `attachment; filename="territorios-${request.params.cut}.geojson"`,
        );
        return sendLayer(request, reply, entry, "application/geo+json; charset=utf-8");
      },
    );

  app.post(
    "/municipalities/:cut/territories/import",
    {
      onRequest: refuseLargeUpload,
      schema: {
        summary:
          "Importa territorios desde GeoJSON, KML o Shapefile comprimido (.zip con .prj): vista previa (dryRun) o carga en una transacción",
        tags: ["territorios", ...TAGS],
        consumes: ["multipart/form-data"],
        params: cutParamSchema,
        response: { 200: territoryImportResultSchema },
      },
    },
    async (request) => {
      const upload = await readImportUpload(request, territoryImportFieldsSchema);
      return inMunicipality(app, request, request.params.cut, async (scope) => {
        if (!can(scope.principal, scope.municipality.id, "territory.manage")) deny(scope.principal);
        let file: SourceFile;
        try {
          file = await readTerritoryFile(upload.content);
        } catch (error) {
          fileProblem(error);
        }
        return importTerritories(scope, file, upload.fields);
      });
    },
  );

  await app.register(diagnosisRoutes);
  await app.register(problemRoutes);
  await app.register(itemLayerRoutes);
};
