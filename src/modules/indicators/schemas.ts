import { z } from "zod";
import { optionalText, text, versionSchema } from "../../server/writes";
import { indicatorSchema } from "../plans/schemas";

export const indicatorParamsSchema = z.object({
  cut: z.string().regex(/^\d{5}$/, "el código CUT tiene 5 dígitos"),
  indicatorId: z.uuid("el identificador del indicador no es válido"),
});

/** An indicator as the editing API presents it: with its item, for the item's history. */
export const indicatorDetailSchema = indicatorSchema.extend({ itemId: z.uuid() });
export type IndicatorDetail = z.infer<typeof indicatorDetailSchema>;

const value = z.number("debe ser un número").nullable();

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
};

export const createIndicatorSchema = z.strictObject({
  ...fields,
  kind: fields.kind.default("evidence"),
  formula: fields.formula.optional(),
  unit: fields.unit.optional(),
  targetText: fields.targetText.optional(),
  targetValue: fields.targetValue.optional(),
  targetUnit: fields.targetUnit.optional(),
  baselineText: fields.baselineText.optional(),
  baselineValue: fields.baselineValue.optional(),
});
export type CreateIndicator = z.infer<typeof createIndicatorSchema>;

export const updateIndicatorSchema = z
  .strictObject(fields)
  .partial()
  .extend({ version: versionSchema });
export type UpdateIndicator = z.infer<typeof updateIndicatorSchema>;
