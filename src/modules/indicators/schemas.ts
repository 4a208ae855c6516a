import { z } from "zod";
import { optionalText, text, versionSchema } from "../../server/writes";
import {
  directionSchema as direction,
  indicatorCategorySchema as category,
  indicatorSchema,
  periodicitySchema as periodicity,
  programGoalTypeSchema as programGoalType,
  valueTypeSchema as valueType,
} from "../plans/schemas";

export const indicatorParamsSchema = z.object({
  cut: z.string().regex(/^\d{5}$/, "el código CUT tiene 5 dígitos"),
  indicatorId: z.uuid("el identificador del indicador no es válido"),
});

const isoDate = z.iso.date("la fecha va en formato AAAA-MM-DD");
const periodKey = z
  .string()
  .regex(
    /^\d{4}(-(S[12]|Q[1-4]|0[1-9]|1[0-2]))?$/,
    "período inválido (2025, 2025-S1, 2025-Q2, 2025-06)",
  );
const variable = z.strictObject({
  name: z.string().trim().min(1, "nombre de variable vacío").max(100),
  label: text(300),
});
const target = z.strictObject({ period: periodKey, value: z.number().finite() });

/**
 * An indicator as the editing API presents it: with its item, for the item's
 * history, and its definition for the indicator engine (direction, dated
 * baseline and targets, gap-closing target, periodicity, sources).
 */
export const indicatorDetailSchema = indicatorSchema.extend({ itemId: z.uuid() });
export type IndicatorDetail = z.infer<typeof indicatorDetailSchema>;

const value = z.number("debe ser un número").finite().nullable();

const fields = {
  name: text(2000),
  kind: z.enum(["formula", "value", "milestone", "evidence"]),
  formula: optionalText(2000).nullable(),
  unit: optionalText(100).nullable(),
  targetText: optionalText(2000).nullable(),
  targetValue: value,
  targetUnit: optionalText(100).nullable(),
  baselineText: optionalText(2000).nullable(),
  baselineValue: value,
  // The definition for the indicator engine.
  variables: z.array(variable).max(20),
  valueType: valueType.nullable(),
  direction,
  bandMin: value,
  bandMax: value,
  baselineDate: isoDate.nullable(),
  baselinePending: z.boolean(),
  targetDate: isoDate.nullable(),
  gapReferenceValue: value,
  gapPercent: z.number().gt(0).max(100).nullable(),
  targets: z.array(target).max(200),
  periodicity,
  graceDays: z.number().int().min(0).max(366),
  category: category.nullable(),
  programGoalType: programGoalType.nullable(),
  dataSource: optionalText(1000).nullable(),
  verificationMeans: optionalText(1000).nullable(),
  milestoneDueDate: isoDate.nullable(),
  milestoneDoneDate: isoDate.nullable(),
};

const optional = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v.optional()])) as {
  [K in keyof typeof fields]: z.ZodOptional<(typeof fields)[K]>;
};

export const createIndicatorSchema = z.strictObject({
  ...optional,
  name: fields.name,
  kind: fields.kind.default("evidence"),
});
export type CreateIndicator = z.infer<typeof createIndicatorSchema>;

export const updateIndicatorSchema = z.strictObject({ ...optional, version: versionSchema });
export type UpdateIndicator = z.infer<typeof updateIndicatorSchema>;

/** Every field of an indicator's definition, after a change is applied to what is stored. */
export type Definition = Omit<
  IndicatorDetail,
  "id" | "itemId" | "version" | "name" | "variables"
> & { variables: Array<{ name: string; label: string }> };
