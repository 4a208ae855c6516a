import fastifyMultipart from "@fastify/multipart";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { HttpProblem, notFound } from "../../server/problem";
import { actorOf, deny, inMunicipality, type MunicipalityScope } from "../../server/scope";
import { can } from "../auth/permissions";
import { cutParamSchema } from "../municipalities/schemas";
import { megabytes, IMPORT_LIMITS } from "./limits";
import {
  confirmSchema,
  importParamsSchema,
  jobSchema,
  resultSchema,
  uploadQuerySchema,
} from "./schemas";
import { readJob } from "./jobs";
import { busy, confirmImport, JOB_GONE, startImport } from "./service";

const TAGS = ["importación"];

function mayImport(scope: MunicipalityScope): void {
  if (!can(scope.principal, scope.municipality.id, "plan.import")) deny(scope.principal);
}

const fileProblem = (status: number, detail: string) =>
  new HttpProblem(
    status,
    status === 413 ? "Archivo demasiado grande" : "Archivo no aceptado",
    detail,
    [{ path: "file", message: detail }],
  );

export const importRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(fastifyMultipart, {
    limits: { fileSize: IMPORT_LIMITS.maxBytes, files: 1, fields: 2, parts: 3 },
  });

  app.post(
    "/municipalities/:cut/imports",
    {
      schema: {
        summary: `Sube un libro de Excel (.xlsx, hasta ${megabytes(IMPORT_LIMITS.maxBytes)}; multipart, campo «file») para importarlo a un plan: se lee en segundo plano y se consulta su avance y su vista previa`,
        tags: TAGS,
        consumes: ["multipart/form-data"],
        params: cutParamSchema,
        querystring: uploadQuerySchema,
        response: { 202: jobSchema },
      },
    },
    async (request, reply) => {
      const municipalityId = await inMunicipality(
        app,
        request,
        request.params.cut,
        async (scope) => {
          mayImport(scope);
          return scope.municipality.id;
        },
      );
      if (!request.isMultipart())
        throw new HttpProblem(
          415,
          "Formato no aceptado",
          "Envíe el libro como multipart/form-data, en el campo «file».",
          [{ path: "file", message: "Falta el archivo." }],
        );
      const part = await request.file();
      if (!part) throw fileProblem(400, "Falta el archivo.");
      let content: Buffer;
      try {
        content = await part.toBuffer();
      } catch (error) {
        if ((error as { code?: string }).code === "FST_REQ_FILE_TOO_LARGE")
          throw fileProblem(
            413,
            `El archivo supera el máximo de ${megabytes(IMPORT_LIMITS.maxBytes)}.`,
          );
        throw error;
      }
      if (part.file.truncated)
        throw fileProblem(
          413,
          `El archivo supera el máximo de ${megabytes(IMPORT_LIMITS.maxBytes)}.`,
        );
      if (content.length === 0) throw fileProblem(400, "El archivo está vacío.");
      if (busy())
        throw new HttpProblem(
          429,
          "Demasiadas importaciones",
          "Hay varios libros leyéndose en este momento. Intente de nuevo en un minuto.",
        );
      const job = await startImport(app.db, {
        municipalityId,
        actor: actorOf(request),
        fileName: part.filename || "libro.xlsx",
        content,
        planId: request.query.planId ?? null,
      });
      return reply.status(202).send(job);
    },
  );

  app.get(
    "/municipalities/:cut/imports/:jobId",
    {
      schema: {
        summary:
          "El avance de la lectura de un libro y, cuando termina, su vista previa (qué se crea, cambia o queda igual)",
        tags: TAGS,
        params: importParamsSchema,
        response: { 200: jobSchema },
      },
    },
    async (request) => {
      const job = await inMunicipality(app, request, request.params.cut, async (scope) => {
        mayImport(scope);
        return readJob(scope.trx, request.params.jobId, scope.principal?.userId ?? null);
      });
      if (!job) throw notFound(JOB_GONE);
      return job;
    },
  );

  app.post(
    "/municipalities/:cut/imports/:jobId/confirm",
    {
      schema: {
        summary:
          "Aplica la vista previa de una importación, en una transacción, con las unidades que el usuario confirmó",
        tags: TAGS,
        params: importParamsSchema,
        body: confirmSchema,
        response: { 200: resultSchema },
      },
    },
    async (request) =>
      inMunicipality(app, request, request.params.cut, async (scope) => {
        mayImport(scope);
        return confirmImport(
          scope,
          request.params.jobId,
          scope.principal?.userId ?? null,
          request.body,
        );
      }),
  );
};
