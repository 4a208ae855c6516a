import { z } from "zod";

export const importParamsSchema = z.object({
  cut: z.string().regex(/^\d{5}$/, "el código CUT tiene 5 dígitos"),
  jobId: z.uuid("el identificador de la importación no es válido"),
});

export const uploadQuerySchema = z.object({
  planId: z.uuid("el identificador del plan no es válido").optional(),
});

const severity = z.enum(["error", "warning", "info"]);
const field = z.enum(["title", "deadline", "responsible", "funding", "indicators"]);

export const previewSchema = z.object({
  layout: z.enum(["matrix", "template", "none"]),
  planId: z.uuid().nullable(),
  planTitle: z.string().nullable(),
  summary: z.object({
    items: z.number().int(),
    create: z.number().int(),
    update: z.number().int(),
    unchanged: z.number().int(),
    missing: z.number().int(),
    errors: z.number().int(),
    warnings: z.number().int(),
  }),
  entries: z.array(
    z.object({
      kind: z.enum(["create", "update", "unchanged"]),
      level: z.string(),
      title: z.string(),
      code: z.string().nullable(),
      itemId: z.uuid().nullable(),
      sheet: z.string(),
      cell: z.string(),
      changes: z.array(
        z.object({ field, before: z.string().nullable(), after: z.string().nullable() }),
      ),
    }),
  ),
  missing: z.array(
    z.object({ itemId: z.uuid(), code: z.string(), level: z.string(), title: z.string() }),
  ),
  units: z.array(
    z.object({
      text: z.string(),
      kind: z.enum(["exact", "normalized", "parts", "similar", "none"]),
      unitIds: z.array(z.uuid()),
      unitNames: z.array(z.string()),
      suggestions: z.array(z.object({ unitId: z.uuid(), name: z.string(), score: z.number() })),
    }),
  ),
  messages: z.array(
    z.object({
      severity,
      sheet: z.string().nullable(),
      cell: z.string().nullable(),
      message: z.string(),
      /** The message with its place: "Hoja 'Salud', celda C14: …". */
      text: z.string(),
    }),
  ),
});
export type Preview = z.infer<typeof previewSchema>;

export const resultSchema = z.object({
  planId: z.uuid(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  deleted: z.number().int(),
  unitsCreated: z.number().int(),
});

export const jobSchema = z.object({
  id: z.uuid(),
  fileName: z.string(),
  sha256: z.string(),
  status: z.enum(["reading", "ready", "failed", "applied"]),
  progress: z.object({
    phase: z.enum(["checking", "reading", "comparing"]),
    done: z.number(),
    total: z.number(),
  }),
  error: z.string().nullable(),
  preview: previewSchema.nullable(),
  result: resultSchema.nullable(),
});

export const confirmSchema = z.strictObject({
  /** The planner's answer for each responsible text that did not match a unit exactly. */
  choices: z
    .array(
      z.discriminatedUnion("kind", [
        z.strictObject({
          text: z.string(),
          kind: z.literal("unit"),
          unitIds: z.array(z.uuid()).min(1).max(10),
        }),
        z.strictObject({
          text: z.string(),
          kind: z.literal("create"),
          name: z.string().trim().min(1).max(300),
        }),
        z.strictObject({ text: z.string(), kind: z.literal("none") }),
      ]),
    )
    .max(5000)
    .default([]),
  /** Remove the plan's items that the workbook does not have (off unless asked). */
  deleteMissing: z.boolean().default(false),
  /** Title of the new plan, when the municipality has none yet. */
  planTitle: z.string().trim().min(1).max(300).optional(),
});
