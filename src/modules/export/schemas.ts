import { z } from "zod";
import { planExportSchema } from "../plans/export-schema";
import { planParamsSchema } from "../plans/schemas";
import { TABLE_KEYS } from "./tables";

export const exportFormatSchema = z.enum(["xlsx", "csv", "json"]);
export type ExportFormat = z.infer<typeof exportFormatSchema>;

export const exportParamsSchema = planParamsSchema;

export const exportQuerySchema = z
  .object({
    format: exportFormatSchema.default("xlsx").describe("xlsx (por omisión), csv o json"),
    table: z
      .enum(TABLE_KEYS)
      .optional()
      .describe(
        "para csv: items (iniciativas, por omisión), indicators, measurements o alerts (solo miembros)",
      ),
  })
  .refine((q) => q.table === undefined || q.format === "csv", {
    message: "table solo se usa con format=csv",
    path: ["table"],
  });

export const templateQuerySchema = z.object({
  filled: z
    .enum(["true", "false"])
    .default("false")
    .describe("true: la plantilla con las filas del plan tal como está"),
});

const trafficLightSchema = z.enum(["on_track", "at_risk", "off_track", "done", "no_data"]);

/**
 * The monitoring part of the JSON export: the same figures as the xlsx and
 * CSV files, read from the precomputed figures of the dashboard.
 */
export const monitoringExportSchema = z.object({
  figuresAsOf: z.string().nullable(),
  hasSimulated: z.boolean(),
  summary: z
    .object({
      status: trafficLightSchema,
      progress: z.number().nullable(),
      counts: z.record(trafficLightSchema, z.number()),
    })
    .nullable(),
  items: z.array(
    z.object({
      code: z.string(),
      status: trafficLightSchema.nullable(),
      progress: z.number().nullable(),
      explanation: z.string().nullable(),
    }),
  ),
  indicators: z.array(
    z.object({
      itemCode: z.string(),
      name: z.string(),
      status: trafficLightSchema.nullable(),
      progress: z.number().nullable(),
      latestValue: z.number().nullable(),
      latestPeriod: z.string().nullable(),
      explanation: z.string().nullable(),
      forecast: z.object({ value: z.number(), low: z.number(), high: z.number() }).nullable(),
    }),
  ),
  measurements: z.array(
    z.object({
      itemCode: z.string(),
      indicator: z.string(),
      period: z.string(),
      periodStart: z.string(),
      periodEnd: z.string(),
      value: z.number().nullable(),
      validatedOn: z.string().nullable(),
      isSimulated: z.boolean(),
    }),
  ),
  /** null for readers who may not see alerts (anonymous visitors). */
  alerts: z
    .array(
      z.object({
        itemCode: z.string(),
        rule: z.string(),
        period: z.string(),
        message: z.string(),
        status: z.enum(["open", "acknowledged", "resolved"]),
        correctiveAction: z.string().nullable(),
        actionOwner: z.string().nullable(),
        actionDueDate: z.string().nullable(),
        createdOn: z.string(),
        acknowledgedOn: z.string().nullable(),
        resolvedOn: z.string().nullable(),
      }),
    )
    .nullable(),
});

/** rumbo.plan/v1 (docs/plan-export.md) with the plan's current status. */
export const openDataSchema = planExportSchema.extend({ monitoring: monitoringExportSchema });
export type OpenData = z.infer<typeof openDataSchema>;
