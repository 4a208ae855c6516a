import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { z } from "zod";
import { inMunicipality, type MunicipalityScope } from "../../server/scope";
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
  type MeasurementDetail,
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

  /** A step of the workflow: a POST on the measurement with its version (and reason). */
  function transition<B extends typeof transitionSchema | typeof reasonSchema>(
    path: string,
    summary: string,
    body: B,
    run: (
      scope: MunicipalityScope,
      measurementId: string,
      body: z.infer<B>,
    ) => Promise<MeasurementDetail>,
  ) {
    app.post(
      `/municipalities/:cut/measurements/:measurementId/${path}`,
      {
        schema: {
          summary,
          tags,
          params: measurementParamsSchema,
          body,
          response: { 200: measurementDetailSchema },
        },
      },
      async (request) =>
        inMunicipality(app, request, request.params.cut, (scope) =>
          // The type provider does not resolve a body of a generic schema: it is B's, checked.
          run(scope, request.params.measurementId, request.body as z.infer<B>),
        ),
    );
  }
  transition("submit", "Enviar la medición a validación", transitionSchema, (scope, id, body) =>
    submitMeasurement(scope, id, body.version),
  );
  transition(
    "validate",
    "Validar la medición: desde ahora cuenta en el semáforo",
    transitionSchema,
    (scope, id, body) => validateMeasurement(scope, id, body.version),
  );
  transition("reject", "Rechazar la medición, con el motivo", reasonSchema, (scope, id, body) =>
    rejectMeasurement(scope, id, body.version, body.reason),
  );
  transition(
    "reopen",
    "Reabrir una medición validada para corregirla, con el motivo",
    reasonSchema,
    (scope, id, body) => reopenMeasurement(scope, id, body.version, body.reason),
  );
};
