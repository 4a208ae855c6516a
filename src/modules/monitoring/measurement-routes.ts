import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { inMunicipality } from "../../server/scope";
import {
  createMeasurement,
  getMeasurement,
  listMeasurements,
  rejectMeasurement,
  reopenMeasurement,
  submitMeasurement,
  updateMeasurement,
  validateMeasurement,
} from "./measurements";
import { listMunicipalityMeasurements } from "./queue";
import { cutParamSchema } from "../municipalities/schemas";
import {
  createMeasurementSchema,
  indicatorParamsSchema,
  measurementDetailSchema,
  measurementListSchema,
  measurementParamsSchema,
  measurementQueuePageSchema,
  measurementQueueQuerySchema,
  reasonSchema,
  transitionSchema,
  updateMeasurementSchema,
} from "./schemas";

const tags = ["mediciones"];

export const measurementRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/municipalities/:cut/indicators/:indicatorId/measurements",
    {
      schema: {
        summary:
          "Mediciones de un indicador, por período (fuera de la municipalidad: solo las validadas)",
        tags,
        params: indicatorParamsSchema,
        response: { 200: measurementListSchema },
      },
    },
    async (request) =>
      inMunicipality(app, request, request.params.cut, (scope) =>
        listMeasurements(scope, request.params.indicatorId),
      ),
  );

  app.get(
    "/municipalities/:cut/measurements",
    {
      schema: {
        summary:
          "Mediciones de la municipalidad, las más recientes primero, con su indicador e iniciativa (validadores y administradores)",
        tags,
        params: cutParamSchema,
        querystring: measurementQueueQuerySchema,
        response: { 200: measurementQueuePageSchema },
      },
    },
    async (request) =>
      inMunicipality(app, request, request.params.cut, (scope) =>
        listMunicipalityMeasurements(scope, request.query),
      ),
  );

  app.post(
    "/municipalities/:cut/indicators/:indicatorId/measurements",
    {
      schema: {
        summary: "Reportar el avance de un período (queda en borrador)",
        tags,
        params: indicatorParamsSchema,
        body: createMeasurementSchema,
        response: { 201: measurementDetailSchema },
      },
    },
    async (request, reply) => {
      const created = await inMunicipality(app, request, request.params.cut, (scope) =>
        createMeasurement(scope, request.params.indicatorId, request.body),
      );
      return reply.status(201).send(created);
    },
  );

  app.get(
    "/municipalities/:cut/measurements/:measurementId",
    {
      schema: {
        summary: "Una medición con sus medios de verificación y sus versiones anteriores",
        tags,
        params: measurementParamsSchema,
        response: { 200: measurementDetailSchema },
      },
    },
    async (request) =>
      inMunicipality(app, request, request.params.cut, (scope) =>
        getMeasurement(scope, request.params.measurementId),
      ),
  );

  app.patch(
    "/municipalities/:cut/measurements/:measurementId",
    {
      schema: {
        summary: "Corregir un borrador o una medición rechazada (la versión anterior se conserva)",
        tags,
        params: measurementParamsSchema,
        body: updateMeasurementSchema,
        response: { 200: measurementDetailSchema },
      },
    },
    async (request) =>
      inMunicipality(app, request, request.params.cut, (scope) =>
        updateMeasurement(scope, request.params.measurementId, request.body),
      ),
  );

  const transitions = [
    ["submit", "Enviar la medición a validación", submitMeasurement],
    ["validate", "Validar la medición: desde ahora cuenta en el semáforo", validateMeasurement],
  ] as const;
  for (const [path, summary, fn] of transitions)
    app.post(
      `/municipalities/:cut/measurements/:measurementId/${path}`,
      {
        schema: {
          summary,
          tags,
          params: measurementParamsSchema,
          body: transitionSchema,
          response: { 200: measurementDetailSchema },
        },
      },
      async (request) =>
        inMunicipality(app, request, request.params.cut, (scope) =>
          fn(scope, request.params.measurementId, request.body.version),
        ),
    );

  const withReason = [
    ["reject", "Rechazar la medición, con el motivo", rejectMeasurement],
    ["reopen", "Reabrir una medición validada para corregirla, con el motivo", reopenMeasurement],
  ] as const;
  for (const [path, summary, fn] of withReason)
    app.post(
      `/municipalities/:cut/measurements/:measurementId/${path}`,
      {
        schema: {
          summary,
          tags,
          params: measurementParamsSchema,
          body: reasonSchema,
          response: { 200: measurementDetailSchema },
        },
      },
      async (request) =>
        inMunicipality(app, request, request.params.cut, (scope) =>
          fn(scope, request.params.measurementId, request.body.version, request.body.reason),
        ),
    );
};
