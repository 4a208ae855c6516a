import { z } from "zod";
import { optionalText, text, versionSchema } from "../../server/writes";

export const unitParamsSchema = z.object({
  cut: z.string().regex(/^\d{5}$/, "el código CUT tiene 5 dígitos"),
  unitId: z.uuid("el identificador de la unidad no es válido"),
});

export const unitSchema = z.object({
  id: z.uuid(),
  parentId: z.uuid().nullable(),
  name: z.string(),
  shortName: z.string().nullable(),
  aliases: z.array(z.string()),
  sort: z.number().int(),
  version: z.number().int(),
});
export type Unit = z.infer<typeof unitSchema>;

export const unitListSchema = z.object({ items: z.array(unitSchema) });

const aliasesSchema = z.array(text(200)).max(50);

export const createUnitSchema = z.strictObject({
  parentId: z.uuid().nullable().default(null),
  name: text(300),
  shortName: optionalText(60).nullable().optional(),
  aliases: aliasesSchema.default([]),
});
export type CreateUnit = z.infer<typeof createUnitSchema>;

export const updateUnitSchema = z.strictObject({
  version: versionSchema,
  name: text(300).optional(),
  shortName: optionalText(60).nullable().optional(),
  aliases: aliasesSchema.optional(),
});
export type UpdateUnit = z.infer<typeof updateUnitSchema>;

/** Moving a node of a tree (units, territories): its new parent and place among siblings. */
export const moveSchema = z.strictObject({
  version: versionSchema,
  parentId: z.uuid().nullable(),
  position: z.number().int().min(0).optional(),
});
export type Move = z.infer<typeof moveSchema>;
