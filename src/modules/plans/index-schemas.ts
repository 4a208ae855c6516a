import { z } from "zod";

/** The compact index of a plan's items (GET …/plans/{planId}/items/index). */
export const itemIndexSchema = z.object({
  planId: z.uuid(),
  /** Every item of the plan (siblings in their order; parentId rebuilds the tree). */
  items: z.array(
    z.object({
      id: z.uuid(),
      code: z.string(),
      title: z.string(),
      levelKey: z.string(),
      parentId: z.uuid().nullable(),
      indicatorCount: z.number().int(),
      /** Responsible and co-responsible units. */
      unitIds: z.array(z.uuid()),
      territoryIds: z.array(z.uuid()),
      /** SDG goal numbers (1–17). */
      sdgs: z.array(z.number().int()),
      /** Funding source codes of the catalogue. */
      fundingSources: z.array(z.string()),
    }),
  ),
  /** The names of the units, territories, SDGs and funding sources the items use. */
  units: z.array(z.object({ id: z.uuid(), name: z.string(), shortName: z.string().nullable() })),
  territories: z.array(z.object({ id: z.uuid(), name: z.string(), kind: z.string() })),
  sdgGoals: z.array(z.object({ number: z.number().int(), title: z.string(), color: z.string() })),
  fundingSources: z.array(z.object({ code: z.string(), name: z.string() })),
});
export type ItemIndex = z.infer<typeof itemIndexSchema>;
