import { PassThrough } from "node:stream";
import type { FastifyReply } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { can } from "../auth/permissions";
import { notFound } from "../../server/problem";
import { deny, inMunicipality, type MunicipalityScope } from "../../server/scope";
import { exportParamsSchema, exportQuerySchema, templateQuerySchema } from "./schemas";
import { exportPlanDownload, isStreamed, templateFile, type ExportDownload } from "./service";

const TAGS = ["exportación"];

/**
 * A file as a download: its type, a safe ASCII name plus the UTF-8 one, never
 * sniffed. A streamed file (the plan's xlsx) goes out as it is written, in
 * chunks; if writing fails or the client goes away, the response is cut.
 */
function sendFile(reply: FastifyReply, file: ExportDownload) {
  let body: Buffer | string | PassThrough;
  if (isStreamed(file)) {
    const stream = new PassThrough();
    file.write(stream).catch((error: unknown) => {
      reply.log.warn({ err: error }, "La exportación xlsx se interrumpió.");
      stream.destroy(error instanceof Error ? error : new Error(String(error)));
    });
    body = stream;
  } else body = file.body;
  return reply
    .header("content-type", file.contentType)
    .header(
      "content-disposition",
      `attachment; filename="${file.fileName.replace(/[^\x20-\x7e]|"/g, "_")}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
    )
    .header("x-content-type-options", "nosniff")
    .header("cache-control", "no-store")
    .send(body);
}

/** The plan, if this reader may see it: members see every plan, others the published ones. */
async function visiblePlan(scope: MunicipalityScope, planId: string, member: boolean) {
  const plan = await scope.trx
    .selectFrom("plan")
    .select(["id", "published_at"])
    .where("id", "=", planId)
    .executeTakeFirst();
  if (!plan || (!member && plan.published_at === null))
    throw notFound(
      `La municipalidad ${scope.municipality.cutCode} no tiene un plan ${planId} visible para usted.`,
    );
  return plan;
}

export const exportRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/municipalities/:cut/plans/:planId/export",
    {
      schema: {
        summary:
          "Descarga el plan con su estado actual: xlsx (matrices por lineamiento, indicadores, mediciones, alertas), una tabla CSV o JSON (datos abiertos). Quien no es de la municipalidad descarga solo planes publicados, sin alertas ni auditoría.",
        tags: TAGS,
        params: exportParamsSchema,
        querystring: exportQuerySchema,
      },
    },
    async (request, reply) => {
      const { cut, planId } = request.params;
      const file = await inMunicipality(app, request, cut, async (scope) => {
        // Members read unpublished plans, alerts and the audit trail; everyone else open data only.
        const member = can(scope.principal, scope.municipality.id, "plan.read");
        if (request.query.table === "alerts" && !member)
          deny(scope.principal, "Las alertas son solo para los miembros de la municipalidad.");
        await visiblePlan(scope, planId, member);
        const out = await exportPlanDownload(
          scope.trx,
          scope.municipality.id,
          planId,
          request.query,
          {
            member,
          },
        );
        if (out === null) deny(scope.principal);
        if (out === undefined) throw notFound(`No existe el plan ${planId}.`);
        return out;
      });
      return sendFile(reply, file);
    },
  );

  app.get(
    "/municipalities/:cut/plans/:planId/template.xlsx",
    {
      schema: {
        summary:
          "Descarga la plantilla Excel para cargar un plan (una fila por actividad, listas de unidades, financiamiento, ODS y periodicidad), vacía o con el plan tal como está (filled=true); para quienes editan el plan",
        tags: TAGS,
        params: exportParamsSchema,
        querystring: templateQuerySchema,
      },
    },
    async (request, reply) => {
      const { cut, planId } = request.params;
      const file = await inMunicipality(app, request, cut, async (scope) => {
        // The template brings plan content in: for those who write it (administrators, editors).
        if (!can(scope.principal, scope.municipality.id, "item.edit"))
          deny(scope.principal, "La plantilla es para quienes editan el plan.");
        await visiblePlan(scope, planId, true);
        return templateFile(scope.trx, scope.municipality, {
          planId: request.query.filled === "true" ? planId : undefined,
        });
      });
      return sendFile(reply, file);
    },
  );
};
