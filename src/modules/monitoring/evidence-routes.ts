import { createHash } from "node:crypto";
import fastifyMultipart from "@fastify/multipart";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { HttpProblem, notFound } from "../../server/problem";
import { deny, inMunicipality, unauthenticated, type MunicipalityScope } from "../../server/scope";
import { conflict, noContentSchema } from "../../server/writes";
import { can } from "../auth/permissions";
import {
  ACCEPTED_EVIDENCE,
  detectEvidenceType,
  MAX_EVIDENCE_BYTES,
  safeFileName,
} from "./evidence-type";
import { loadMeasurement } from "./measurements";
import { requireReporter } from "./report-target";
import { evidenceParamsSchema, evidenceSchema, measurementParamsSchema } from "./schemas";

const tags = ["mediciones"];

const tooLarge = () =>
  new HttpProblem(413, "Archivo demasiado grande", "El medio de verificación supera 10 MB.", [
    { path: "file", message: "El archivo supera el máximo de 10 MB." },
  ]);

/** Evidence is attached to drafts and rejected reports only: a sent or validated report is fixed. */
async function editableMeasurement(scope: MunicipalityScope, measurementId: string) {
  const { row, target } = await loadMeasurement(scope, measurementId, true);
  requireReporter(scope, target);
  if (row.status === "validated" || row.status === "submitted")
    throw conflict(
      `La medición está ${row.status === "validated" ? "validada" : "enviada"}: sus medios de verificación ya no cambian.`,
    );
  return row;
}

export const evidenceRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(fastifyMultipart, {
    limits: { fileSize: MAX_EVIDENCE_BYTES, files: 1, fields: 5, parts: 6 },
  });

  app.post(
    "/municipalities/:cut/measurements/:measurementId/evidence",
    {
      schema: {
        summary:
          "Adjuntar un medio de verificación (multipart, campo «file»; PDF, PNG, JPEG, WebP, DOCX o XLSX de hasta 10 MB)",
        tags,
        consumes: ["multipart/form-data"],
        params: measurementParamsSchema,
        response: { 201: evidenceSchema },
      },
    },
    async (request, reply) => {
      if (!request.principal) throw unauthenticated();
      if (!request.isMultipart())
        throw new HttpProblem(
          415,
          "Formato no aceptado",
          "Envíe el archivo como multipart/form-data, en el campo «file».",
          [{ path: "file", message: "Falta el archivo." }],
        );
      const part = await request.file();
      if (!part)
        throw new HttpProblem(400, "Solicitud inválida", "Falta el archivo.", [
          { path: "file", message: "Falta el archivo." },
        ]);
      let content: Buffer;
      try {
        content = await part.toBuffer();
      } catch (error) {
        if ((error as { code?: string }).code === "FST_REQ_FILE_TOO_LARGE") throw tooLarge();
        throw error;
      }
      if (part.file.truncated || content.length > MAX_EVIDENCE_BYTES) throw tooLarge();
      if (content.length === 0)
        throw new HttpProblem(400, "Solicitud inválida", "El archivo está vacío.", [
          { path: "file", message: "El archivo está vacío." },
        ]);
      const contentType = detectEvidenceType(content);
      if (!contentType)
        throw new HttpProblem(
          415,
          "Tipo de archivo no aceptado",
          `El contenido del archivo no es ${ACCEPTED_EVIDENCE}.`,
          [
            {
              path: "file",
              message: `El contenido de «${safeFileName(part.filename)}» no es ${ACCEPTED_EVIDENCE} (se revisa el contenido, no el nombre).`,
            },
          ],
        );
      const created = await inMunicipality(app, request, request.params.cut, async (scope) => {
        const measurement = await editableMeasurement(scope, request.params.measurementId);
        const row = await scope.trx
          .insertInto("evidence")
          .values({
            municipality_id: scope.municipality.id,
            measurement_id: measurement.id,
            file_name: safeFileName(part.filename),
            content_type: contentType,
            size: content.length,
            sha256: createHash("sha256").update(content).digest("hex"),
            content,
            uploaded_by: scope.actor.userId,
          })
          .returning([
            "id",
            "file_name as fileName",
            "content_type as contentType",
            "size",
            "sha256",
            "created_at as createdAt",
          ])
          .executeTakeFirstOrThrow();
        await scope.audit({
          action: "create",
          entityType: "evidence",
          entityId: row.id,
          after: { ...row, measurementId: measurement.id },
        });
        return row;
      });
      return reply.status(201).send(created);
    },
  );

  app.get(
    "/municipalities/:cut/evidence/:evidenceId",
    {
      schema: {
        summary: "Descargar un medio de verificación (siempre como archivo adjunto)",
        tags,
        params: evidenceParamsSchema,
      },
    },
    async (request, reply) => {
      const file = await inMunicipality(app, request, request.params.cut, async (scope) => {
        // Evidence may show people (attendance lists, photos): members only.
        if (!can(scope.principal, scope.municipality.id, "plan.read")) deny(scope.principal);
        const row = await scope.trx
          .selectFrom("evidence")
          .select(["file_name", "content_type", "content", "sha256"])
          .where("id", "=", request.params.evidenceId)
          .executeTakeFirst();
        if (!row) throw notFound(`No existe el archivo ${request.params.evidenceId}.`);
        return row;
      });
      const name = safeFileName(file.file_name);
      return reply
        .header("content-type", file.content_type)
        .header(
          "content-disposition",
          `attachment; filename="${name.replace(/[^\x20-\x7e]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(name)}`,
        )
        .header("x-content-type-options", "nosniff")
        .header("etag", `"${file.sha256}"`)
        .send(file.content);
    },
  );

  app.delete(
    "/municipalities/:cut/evidence/:evidenceId",
    {
      schema: {
        summary: "Quitar un medio de verificación de un borrador",
        tags,
        params: evidenceParamsSchema,
        response: { 204: noContentSchema },
      },
    },
    async (request, reply) => {
      await inMunicipality(app, request, request.params.cut, async (scope) => {
        if (!can(scope.principal, scope.municipality.id, "plan.read")) deny(scope.principal);
        const row = await scope.trx
          .selectFrom("evidence")
          .select(["id", "measurement_id", "file_name", "sha256", "size", "content_type"])
          .where("id", "=", request.params.evidenceId)
          .executeTakeFirst();
        if (!row) throw notFound(`No existe el archivo ${request.params.evidenceId}.`);
        await editableMeasurement(scope, row.measurement_id);
        await scope.trx.deleteFrom("evidence").where("id", "=", row.id).execute();
        await scope.audit({
          action: "delete",
          entityType: "evidence",
          entityId: row.id,
          before: row,
        });
      });
      return reply.status(204).send(null);
    },
  );
};
