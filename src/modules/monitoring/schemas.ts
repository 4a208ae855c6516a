import { z } from "zod";
import { pageQuerySchema, pageSchema } from "../../server/pagination";
import { optionalText, text, versionSchema } from "../../server/writes";

/** Requests and answers of the indicator engine: measurements, evidence, figures, alerts. */

const cut = z.string().regex(/^\d{5}$/, "el código CUT tiene 5 dígitos");
export const indicatorParamsSchema = z.object({
  cut,
  indicatorId: z.uuid("el identificador del indicador no es válido"),
});
export const measurementParamsSchema = z.object({
  cut,
  measurementId: z.uuid("el identificador de la medición no es válido"),
});
export const evidenceParamsSchema = z.object({
  cut,
  evidenceId: z.uuid("el identificador del archivo no es válido"),
});
export const alertParamsSchema = z.object({
  cut,
  alertId: z.uuid("el identificador de la alerta no es válido"),
});
export const planFiguresParamsSchema = z.object({
  cut,
  planId: z.uuid("el identificador del plan no es válido"),
});

const isoDate = z.iso.date("la fecha va en formato AAAA-MM-DD");
const variablesSchema = z.record(
  z.string().trim().min(1, "nombre de variable vacío").max(100),
  z.number("cada variable es un número").finite(),
);

export const measurementStatusSchema = z.enum(["draft", "submitted", "validated", "rejected"]);
export const trafficLightSchema = z.enum(["on_track", "at_risk", "off_track", "done", "no_data"]);

export const createMeasurementSchema = z.strictObject({
  period: z.string("indique el período (2025, 2025-S1, 2025-Q2 o 2025-06)").max(10),
  variables: variablesSchema.optional(),
  value: z.number("el valor es un número").finite().nullable().optional(),
  comment: optionalText(5000).optional(),
});
export type CreateMeasurement = z.infer<typeof createMeasurementSchema>;

export const updateMeasurementSchema = z.strictObject({
  version: versionSchema,
  variables: variablesSchema.optional(),
  value: z.number("el valor es un número").finite().nullable().optional(),
  comment: optionalText(5000).optional(),
});
export type UpdateMeasurement = z.infer<typeof updateMeasurementSchema>;

export const transitionSchema = z.strictObject({ version: versionSchema });
export const reasonSchema = z.strictObject({
  version: versionSchema,
  reason: text(2000),
});

export const evidenceSchema = z.object({
  id: z.uuid(),
  fileName: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  createdAt: z.date(),
});

export const revisionSchema = z.object({
  version: z.number().int(),
  status: measurementStatusSchema,
  value: z.number().nullable(),
  variables: z.record(z.string(), z.number()),
  comment: z.string(),
  rejectionReason: z.string().nullable(),
  replacedAt: z.date(),
});

export const measurementSchema = z.object({
  id: z.uuid(),
  indicatorId: z.uuid(),
  period: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  status: measurementStatusSchema,
  value: z.number().nullable(),
  variables: z.record(z.string(), z.number()),
  comment: z.string(),
  rejectionReason: z.string().nullable(),
  isSimulated: z.boolean(),
  submittedAt: z.date().nullable(),
  validatedAt: z.date().nullable(),
  version: z.number().int(),
  updatedAt: z.date(),
});
export type MeasurementDto = z.infer<typeof measurementSchema>;

export const measurementDetailSchema = measurementSchema.extend({
  evidence: z.array(evidenceSchema),
  revisions: z.array(revisionSchema),
});
export type MeasurementDetail = z.infer<typeof measurementDetailSchema>;

/** A measurement in a list: with how many verification files it has. */
export const measurementListItemSchema = measurementSchema.extend({
  evidenceCount: z.number().int(),
});
export const measurementListSchema = z.object({ items: z.array(measurementListItemSchema) });

export const measurementQueueQuerySchema = pageQuerySchema.extend({
  status: measurementStatusSchema.optional(),
  planId: z.uuid("el identificador del plan no es válido").optional(),
});
export type MeasurementQueueQuery = z.infer<typeof measurementQueueQuerySchema>;

/** A measurement of the municipality's queue, with its indicator and item. */
export const measurementQueueEntrySchema = measurementListItemSchema.extend({
  /** Who sent it to validation (or reported it, when not sent): a display name or e-mail. */
  submittedBy: z.string().nullable(),
  indicator: z.object({
    id: z.uuid(),
    name: z.string(),
    kind: z.enum(["formula", "value", "milestone", "evidence"]),
    unit: z.string().nullable(),
    targetUnit: z.string().nullable(),
  }),
  item: z.object({ id: z.uuid(), code: z.string(), title: z.string(), planId: z.uuid() }),
});
export type MeasurementQueueEntry = z.infer<typeof measurementQueueEntrySchema>;
export const measurementQueuePageSchema = pageSchema(measurementQueueEntrySchema);
export type MeasurementQueuePage = z.infer<typeof measurementQueuePageSchema>;

const forecastSchema = z
  .object({
    value: z.number(),
    low: z.number(),
    high: z.number(),
    probability: z.number(),
  })
  .nullable();

export const indicatorFigureSchema = z.object({
  indicatorId: z.uuid(),
  itemId: z.uuid(),
  status: trafficLightSchema,
  progress: z.number().nullable(),
  latestValue: z.number().nullable(),
  latestPeriod: z.string().nullable(),
  validatedCount: z.number().int(),
  expectedValue: z.number().nullable(),
  forecast: forecastSchema,
  explanation: z.string(),
  /** True when a validated measurement behind these figures is simulated (demonstration data). */
  isSimulated: z.boolean(),
});

const countsShape = {
  onTrack: z.number().int(),
  atRisk: z.number().int(),
  offTrack: z.number().int(),
  done: z.number().int(),
  noData: z.number().int(),
};

export const planFiguresSchema = z.object({
  asOf: z.string().nullable(),
  /** True when any validated measurement of the plan is simulated (demonstration data). */
  hasSimulated: z.boolean(),
  groups: z.array(
    z.object({
      dimension: z.enum(["plan", "axis", "unit", "territory", "sdg", "funding"]),
      key: z.string(),
      status: trafficLightSchema,
      progress: z.number().nullable(),
      items: z.number().int(),
      ...countsShape,
    }),
  ),
  items: z.array(
    z.object({
      itemId: z.uuid(),
      status: trafficLightSchema,
      progress: z.number().nullable(),
      explanation: z.string(),
      ...countsShape,
    }),
  ),
});

const ruleSchema = z.enum([
  "milestone_missed",
  "report_overdue",
  "item_overdue",
  "forecast_miss",
  "budget_lagging",
  "status_worsened",
]);
export const alertStatusSchema = z.enum(["open", "acknowledged", "resolved"]);

export const alertSchema = z.object({
  id: z.uuid(),
  planId: z.uuid(),
  itemId: z.uuid(),
  rule: ruleSchema,
  subjectType: z.enum(["indicator", "item"]),
  subjectId: z.uuid(),
  period: z.string(),
  message: z.string(),
  status: alertStatusSchema,
  correctiveAction: z.string().nullable(),
  actionOwner: z.string().nullable(),
  actionDueDate: z.string().nullable(),
  acknowledgedAt: z.date().nullable(),
  resolvedAt: z.date().nullable(),
  /** "resuelta automáticamente: …" when the evaluator found the condition gone. */
  resolutionNote: z.string().nullable(),
  createdAt: z.date(),
  version: z.number().int(),
});
export type AlertDto = z.infer<typeof alertSchema>;

export const alertListQuerySchema = z.object({
  status: alertStatusSchema.optional(),
  planId: z.uuid("el identificador del plan no es válido").optional(),
});

export const acknowledgeSchema = z.strictObject({
  version: versionSchema,
  correctiveAction: text(4000),
  owner: text(300),
  dueDate: isoDate,
});

export const preferenceSchema = z.object({
  mode: z.enum(["immediate", "daily_digest", "none"]),
});
export const preferenceInputSchema = z.strictObject({
  mode: z.enum(["immediate", "daily_digest", "none"], "elija immediate, daily_digest o none"),
});
