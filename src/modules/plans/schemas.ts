import { z } from "zod";

export const planKindSchema = z.enum(["pladeco", "strategic", "territorial"]);
export const approvalStatusSchema = z.enum([
  "draft",
  "presented",
  "approved",
  "in_force",
  "closed",
]);
export const itemStatusSchema = z.enum([
  "planned",
  "in_progress",
  "done",
  "suspended",
  "cancelled",
]);

export const planParamsSchema = z.object({
  cut: z.string().regex(/^\d{5}$/, "el código CUT tiene 5 dígitos"),
  planId: z.uuid("el identificador del plan no es válido"),
});
export const itemParamsSchema = z.object({
  cut: z.string().regex(/^\d{5}$/, "el código CUT tiene 5 dígitos"),
  itemId: z.uuid("el identificador de la iniciativa no es válido"),
});

export const planSummarySchema = z.object({
  id: z.uuid(),
  kind: planKindSchema,
  title: z.string(),
  startYear: z.number().int(),
  endYear: z.number().int(),
  approvalStatus: approvalStatusSchema,
  currentVersion: z.object({ label: z.string(), year: z.number().int() }).nullable(),
  isDemo: z.boolean(),
  itemCount: z.number().int(),
});
export type PlanSummary = z.infer<typeof planSummarySchema>;

export const levelSchema = z.object({ key: z.string(), name: z.string(), plural: z.string() });

export const planDetailSchema = planSummarySchema.extend({
  municipality: z.object({ cutCode: z.string(), name: z.string() }),
  vision: z.string(),
  mission: z.string(),
  desiredScenario: z.string(),
  approval: z.object({
    status: approvalStatusSchema,
    agreementNumber: z.string().nullable(),
    decreeNumber: z.string().nullable(),
    date: z.string().nullable(),
  }),
  versions: z.array(z.object({ label: z.string(), year: z.number().int() })),
  values: z.array(z.object({ group: z.string(), name: z.string() })),
  levels: z.array(levelSchema),
  transversalAxes: z.array(
    z.object({ id: z.uuid(), key: z.string(), name: z.string(), description: z.string() }),
  ),
  source: z
    .object({ title: z.string(), publisher: z.string(), file: z.string(), note: z.string() })
    .nullable(),
  /** When the plan became visible to anonymous readers; null while unpublished. */
  publishedAt: z.string().nullable(),
  /** Send it back with every change (optimistic concurrency). */
  version: z.number().int(),
  axes: z.array(
    z.object({
      id: z.uuid(),
      code: z.string(),
      title: z.string(),
      description: z.string(),
      levelName: z.string(),
      descendantCount: z.number().int(),
    }),
  ),
});
export type PlanDetail = z.infer<typeof planDetailSchema>;

export interface TreeNode {
  id: string;
  code: string;
  title: string;
  levelKey: string;
  levelName: string;
  status: z.infer<typeof itemStatusSchema>;
  indicatorCount: number;
  /** Responsible and co-responsible units, for filtering the tree without reading each item. */
  unitIds: string[];
  territoryIds: string[];
  /** SDG goal numbers (1–17). */
  sdgGoals: number[];
  fundingSourceCodes: string[];
  children: TreeNode[];
}
// A named component, so that the OpenAPI document can refer to it recursively.
export const treeNodeSchema: z.ZodType<TreeNode> = z
  .lazy(() =>
    z.object({
      id: z.uuid(),
      code: z.string(),
      title: z.string(),
      levelKey: z.string(),
      levelName: z.string(),
      status: itemStatusSchema,
      indicatorCount: z.number().int(),
      unitIds: z.array(z.uuid()),
      territoryIds: z.array(z.uuid()),
      sdgGoals: z.array(z.number().int()),
      fundingSourceCodes: z.array(z.string()),
      children: z.array(treeNodeSchema),
    }),
  )
  .meta({ id: "TreeNode" });

export const planTreeSchema = z.object({
  planId: z.uuid(),
  levels: z.array(levelSchema),
  items: z.array(treeNodeSchema),
});

const itemRefSchema = z.object({
  id: z.uuid(),
  code: z.string(),
  title: z.string(),
  levelName: z.string(),
});

export const valueTypeSchema = z.enum(["count", "percentage", "clp", "days"]);
export const directionSchema = z.enum(["increase", "decrease", "band"]);
export const periodicitySchema = z.enum(["year", "semester", "quarter", "month"]);
export const indicatorCategorySchema = z.enum(["early_warning", "department_goal", "program_goal"]);
export const programGoalTypeSchema = z.enum(["coverage", "quality", "efficiency", "efficacy"]);

/**
 * An indicator with its definition for the indicator engine: variables with
 * their labels, direction or band, dated baseline (or «por establecer»),
 * per-period and final targets, gap-closing target, periodicity and grace
 * days, category, data source and means of verification.
 */
export const indicatorBaseSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.enum(["formula", "value", "milestone", "evidence"]),
  formula: z.string().nullable(),
  unit: z.string().nullable(),
  targetText: z.string().nullable(),
  targetValue: z.number().nullable(),
  targetUnit: z.string().nullable(),
  baselineText: z.string().nullable(),
  baselineValue: z.number().nullable(),
  version: z.number().int(),
});
export const indicatorSchema = indicatorBaseSchema.extend({
  variables: z.array(z.object({ name: z.string(), label: z.string() })),
  valueType: valueTypeSchema.nullable(),
  direction: directionSchema,
  bandMin: z.number().nullable(),
  bandMax: z.number().nullable(),
  baselineDate: z.string().nullable(),
  /** The baseline is «por establecer». */
  baselinePending: z.boolean(),
  targetDate: z.string().nullable(),
  gapReferenceValue: z.number().nullable(),
  gapPercent: z.number().nullable(),
  targets: z.array(z.object({ period: z.string(), value: z.number() })),
  periodicity: periodicitySchema,
  graceDays: z.number().int(),
  category: indicatorCategorySchema.nullable(),
  programGoalType: programGoalTypeSchema.nullable(),
  dataSource: z.string().nullable(),
  verificationMeans: z.string().nullable(),
  milestoneDueDate: z.string().nullable(),
  milestoneDoneDate: z.string().nullable(),
});

export const itemDetailSchema = z.object({
  id: z.uuid(),
  planId: z.uuid(),
  planTitle: z.string(),
  code: z.string(),
  title: z.string(),
  description: z.string(),
  level: levelSchema,
  status: itemStatusSchema,
  startDate: z.string().nullable(),
  endDate: z.string().nullable(),
  deadlineText: z.string().nullable(),
  responsibleText: z.string().nullable(),
  fundingText: z.string().nullable(),
  assumptions: z.string(),
  weight: z.number(),
  sourceRef: z.string().nullable(),
  version: z.number().int(),
  ancestors: z.array(itemRefSchema),
  children: z.array(itemRefSchema),
  responsibleUnits: z.array(
    z.object({
      id: z.uuid(),
      name: z.string(),
      shortName: z.string().nullable(),
      role: z.enum(["responsible", "co_responsible"]),
    }),
  ),
  territories: z.array(z.object({ id: z.uuid(), name: z.string(), kind: z.string() })),
  funding: z.array(
    z.object({
      sourceCode: z.string(),
      sourceName: z.string(),
      year: z.number().int().nullable(),
      amount: z.number().nullable(),
    }),
  ),
  sdgs: z.array(
    z.object({
      goalNumber: z.number().int(),
      goalTitle: z.string(),
      color: z.string(),
      targetCode: z.string().nullable(),
      targetTitle: z.string().nullable(),
      origin: z.enum(["source", "editor"]),
    }),
  ),
  transversalAxes: z.array(z.object({ key: z.string(), name: z.string() })),
  dependencies: z.array(itemRefSchema),
  indicators: z.array(indicatorSchema),
});
export type ItemDetail = z.infer<typeof itemDetailSchema>;
