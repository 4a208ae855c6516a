import { z } from "zod";
import { auditEntrySchema } from "../audit/schemas";
import {
  approvalStatusSchema,
  indicatorBaseSchema,
  itemStatusSchema,
  levelSchema,
  planKindSchema,
} from "./schemas";

/**
 * The document `rumbo plan export --format json` prints: a whole plan, its
 * tree nested, every attribute of every item. Described in docs/plan-export.md.
 */
export interface ExportItem {
  code: string;
  level: string;
  title: string;
  description: string;
  status: z.infer<typeof itemStatusSchema>;
  startDate: string | null;
  endDate: string | null;
  deadlineText: string | null;
  weight: number;
  assumptions: string;
  responsibleText: string | null;
  responsibleUnits: Array<{ name: string; role: "responsible" | "co_responsible" }>;
  territories: Array<{ code: string; name: string }>;
  fundingText: string | null;
  funding: Array<{ source: string; year: number | null; amount: number | null }>;
  sdgs: Array<{ goal: number; target: string | null; origin: "source" | "editor" }>;
  transversalAxes: string[];
  dependsOn: string[];
  indicators: Array<Omit<z.infer<typeof indicatorBaseSchema>, "id" | "version">>;
  sourceRef: string | null;
  children: ExportItem[];
}

export const exportItemSchema: z.ZodType<ExportItem> = z.lazy(() =>
  z.object({
    code: z.string(),
    level: z.string(),
    title: z.string(),
    description: z.string(),
    status: itemStatusSchema,
    startDate: z.string().nullable(),
    endDate: z.string().nullable(),
    deadlineText: z.string().nullable(),
    weight: z.number(),
    assumptions: z.string(),
    responsibleText: z.string().nullable(),
    responsibleUnits: z.array(
      z.object({ name: z.string(), role: z.enum(["responsible", "co_responsible"]) }),
    ),
    territories: z.array(z.object({ code: z.string(), name: z.string() })),
    fundingText: z.string().nullable(),
    funding: z.array(
      z.object({ source: z.string(), year: z.number().nullable(), amount: z.number().nullable() }),
    ),
    sdgs: z.array(
      z.object({
        goal: z.number(),
        target: z.string().nullable(),
        origin: z.enum(["source", "editor"]),
      }),
    ),
    transversalAxes: z.array(z.string()),
    dependsOn: z.array(z.string()),
    indicators: z.array(indicatorBaseSchema.omit({ id: true, version: true })),
    sourceRef: z.string().nullable(),
    children: z.array(exportItemSchema),
  }),
);

export const planExportSchema = z.object({
  format: z.literal("rumbo.plan/v1"),
  exportedAt: z.string(),
  municipality: z.object({ cutCode: z.string(), name: z.string() }),
  plan: z.object({
    id: z.string(),
    kind: planKindSchema,
    title: z.string(),
    startYear: z.number(),
    endYear: z.number(),
    approval: z.object({
      status: approvalStatusSchema,
      agreementNumber: z.string().nullable(),
      decreeNumber: z.string().nullable(),
      date: z.string().nullable(),
    }),
    versions: z.array(z.object({ label: z.string(), year: z.number() })),
    vision: z.string(),
    mission: z.string(),
    desiredScenario: z.string(),
    values: z.array(z.object({ group: z.string(), name: z.string() })),
    levels: z.array(levelSchema),
    transversalAxes: z.array(
      z.object({ key: z.string(), name: z.string(), description: z.string() }),
    ),
    source: z
      .object({ title: z.string(), publisher: z.string(), file: z.string(), note: z.string() })
      .nullable(),
    isDemo: z.boolean(),
    items: z.array(exportItemSchema),
  }),
  /** The audit trail of the plan and its contents: who changed what, when, before and after. */
  history: z.array(auditEntrySchema),
  units: z.array(
    z.object({ name: z.string(), shortName: z.string().nullable(), parent: z.string().nullable() }),
  ),
});
export type PlanExport = z.infer<typeof planExportSchema>;
