import { z } from "zod";
import { optionalText, text, versionSchema } from "../../server/writes";
import { approvalStatusSchema, itemStatusSchema, planKindSchema } from "./schemas";

/** Request bodies of the editing API for plans and their items. */

const year = z.number().int().min(1990).max(2100);
const isoDate = z.iso.date("la fecha va en formato AAAA-MM-DD");

export const levelInputSchema = z.strictObject({
  key: z
    .string()
    .regex(/^[a-z0-9_-]+$/, "la clave usa minúsculas, números, guion o guion bajo")
    .max(40),
  name: text(120),
  plural: text(120),
});

const levelsSchema = z
  .array(levelInputSchema)
  .min(1, "el plan necesita al menos un nivel")
  .max(12)
  .refine(
    (ls) => new Set(ls.map((l) => l.key)).size === ls.length,
    "las claves de nivel se repiten",
  );

export const createPlanSchema = z.strictObject({
  kind: planKindSchema,
  title: text(300),
  startYear: year,
  endYear: year,
  vision: optionalText(10_000).default(""),
  mission: optionalText(10_000).default(""),
  desiredScenario: optionalText(20_000).default(""),
  levels: levelsSchema,
});
export type CreatePlan = z.infer<typeof createPlanSchema>;

export const approvalInputSchema = z.strictObject({
  status: approvalStatusSchema,
  agreementNumber: optionalText(60).nullable().optional(),
  decreeNumber: optionalText(60).nullable().optional(),
  date: isoDate.nullable().optional(),
});

export const updatePlanSchema = z.strictObject({
  version: versionSchema,
  kind: planKindSchema.optional(),
  title: text(300).optional(),
  startYear: year.optional(),
  endYear: year.optional(),
  vision: optionalText(10_000).optional(),
  mission: optionalText(10_000).optional(),
  desiredScenario: optionalText(20_000).optional(),
  approval: approvalInputSchema.optional(),
  published: z.boolean().optional(),
});
export type UpdatePlan = z.infer<typeof updatePlanSchema>;

export const createVersionSchema = z.strictObject({
  label: text(120),
  year,
  notes: optionalText(5_000).default(""),
});
export type CreateVersion = z.infer<typeof createVersionSchema>;

export const putLevelsSchema = z.strictObject({ version: versionSchema, levels: levelsSchema });
export type PutLevels = z.infer<typeof putLevelsSchema>;

// Items

const idList = z.array(z.uuid()).max(200);

export const fundingInputSchema = z.strictObject({
  sourceCode: z.string().trim().min(1).max(40),
  year: year.nullable().optional(),
  amount: z.number().nonnegative().nullable().optional(),
});

export const sdgInputSchema = z.strictObject({
  goal: z.number().int(),
  target: z.string().trim().min(1).max(10).nullable().optional(),
});

/** The fields of an item any editor of it may change. */
const itemFields = {
  title: text(2000),
  description: optionalText(20_000),
  startDate: isoDate.nullable(),
  endDate: isoDate.nullable(),
  deadlineText: optionalText(200).nullable(),
  /** The funding as the plan document words it ("FNDR / Municipal", "por definir"). */
  fundingText: optionalText(2000).nullable(),
  weight: z.number().nonnegative().max(1_000_000),
  status: itemStatusSchema,
  assumptions: optionalText(10_000),
  responsibleUnitIds: idList,
  coResponsibleUnitIds: idList,
  territoryIds: idList,
  funding: z.array(fundingInputSchema).max(100),
  sdgs: z.array(sdgInputSchema).max(50),
  transversalAxisKeys: z.array(z.string().min(1).max(60)).max(50),
  dependsOn: idList,
};

export const createItemSchema = z.strictObject({
  parentId: z.uuid().nullable(),
  levelKey: z.string().min(1).max(40),
  title: itemFields.title,
  description: itemFields.description.optional(),
  startDate: itemFields.startDate.optional(),
  endDate: itemFields.endDate.optional(),
  deadlineText: itemFields.deadlineText.optional(),
  fundingText: itemFields.fundingText.optional(),
  weight: itemFields.weight.optional(),
  status: itemFields.status.optional(),
  assumptions: itemFields.assumptions.optional(),
  responsibleUnitIds: itemFields.responsibleUnitIds.optional(),
  coResponsibleUnitIds: itemFields.coResponsibleUnitIds.optional(),
  territoryIds: itemFields.territoryIds.optional(),
  funding: itemFields.funding.optional(),
  sdgs: itemFields.sdgs.optional(),
  transversalAxisKeys: itemFields.transversalAxisKeys.optional(),
  dependsOn: itemFields.dependsOn.optional(),
});
export type CreateItem = z.infer<typeof createItemSchema>;

/** A partial change; where an item sits in the tree changes through /move only. */
export const updateItemSchema = createItemSchema
  .omit({ parentId: true, levelKey: true })
  .partial()
  .extend({ version: versionSchema });
export type UpdateItem = z.infer<typeof updateItemSchema>;

/** The editable fields shared by creation and update. */
export type ItemFields = Omit<UpdateItem, "version">;

export const moveItemSchema = z.strictObject({
  version: versionSchema,
  parentId: z.uuid().nullable(),
  position: z.number().int().min(0),
  /** The item's level at its new place, when it changes. */
  levelKey: z.string().min(1).max(40).optional(),
});
export type MoveItem = z.infer<typeof moveItemSchema>;
