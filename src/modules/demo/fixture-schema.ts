import { z } from "zod";

/**
 * The shape of a plan fixture: a whole plan as a reviewable JSON file
 * (`fixtures/demo/vallenar-pladeco-2022-2029.json`). It keeps every text as the
 * source document writes it; interpretation (dates from deadline texts, funding
 * catalogue entries from funding texts, numbers from goal texts) is done by the
 * loader with the domain functions, so that the fixture stays a faithful copy.
 */

const key = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, "clave en minúsculas, dígitos, '-' o '_'");

export const fixtureIndicatorSchema = z.object({
  /** The indicator as written in the INDICADORES column. */
  text: z.string().min(1),
  /** The goal as written in the METAS POR ODS column (or elsewhere), if any. */
  targetText: z.string().optional(),
  /** A number read off the goal by the fixture editor, when the goal is numeric. */
  targetValue: z.number().nullable().optional(),
  /** Unit of targetValue: "%", "talleres", "personas", … */
  targetUnit: z.string().optional(),
});

export interface FixtureItem {
  level: string;
  title: string;
  description?: string | undefined;
  deadlineText?: string | undefined;
  responsibleText?: string | undefined;
  responsibleUnits: string[];
  fundingText?: string | undefined;
  indicators: z.infer<typeof fixtureIndicatorSchema>[];
  sdg: string[];
  sdgOrigin?: "source" | "editor" | undefined;
  transversalAxes: string[];
  territories: string[];
  sourceRef?: string | undefined;
  children: FixtureItem[];
}

export const fixtureItemSchema: z.ZodType<FixtureItem> = z.lazy(() =>
  z.object({
    /** Key of one of plan.levels. */
    level: key,
    title: z.string().min(1),
    description: z.string().optional(),
    /** PLAZOS as written: "2024-2029", "Enero - Diciembre"… */
    deadlineText: z.string().optional(),
    /** RESPONSABLES as written. */
    responsibleText: z.string().optional(),
    /** Unit keys; the first is the responsible unit, the rest co-responsible. */
    responsibleUnits: z.array(key).default([]),
    /** FINANCIAMIENTO as written. */
    fundingText: z.string().optional(),
    indicators: z.array(fixtureIndicatorSchema).default([]),
    /** SDG goals ("4") or targets ("4.4"). */
    sdg: z.array(z.string().regex(/^\d{1,2}(\.[0-9a-z]{1,2})?$/)).default([]),
    /** "source" when the document names the SDG, "editor" when the fixture editor assigned it. */
    sdgOrigin: z.enum(["source", "editor"]).optional(),
    /** Keys of plan.transversalAxes. */
    transversalAxes: z.array(key).default([]),
    /** Keys of territories. */
    territories: z.array(key).default([]),
    /** Where in the source document this item is: section and table. */
    sourceRef: z.string().optional(),
    children: z.array(fixtureItemSchema).default([]),
  }),
);

export const planFixtureSchema = z.object({
  source: z.object({
    title: z.string(),
    publisher: z.string(),
    file: z.string(),
    note: z.string(),
  }),
  municipality: z.object({ cutCode: z.string().regex(/^\d{5}$/) }),
  units: z.array(
    z.object({
      key,
      name: z.string().min(1),
      shortName: z.string().optional(),
      parent: key.optional(),
      /** Other spellings found in RESPONSABLES texts. */
      aliases: z.array(z.string()).default([]),
    }),
  ),
  territories: z.array(
    z.object({
      key,
      name: z.string().min(1),
      kind: z.enum(["comuna", "sector", "unidad_vecinal", "localidad"]),
      parent: key.optional(),
    }),
  ),
  plan: z.object({
    kind: z.enum(["pladeco", "strategic", "territorial"]),
    title: z.string(),
    startYear: z.number().int(),
    endYear: z.number().int(),
    versionLabel: z.string(),
    versionYear: z.number().int(),
    approval: z.object({
      status: z.enum(["draft", "presented", "approved", "in_force", "closed"]),
      agreementNumber: z.string().optional(),
      decreeNumber: z.string().optional(),
      date: z.string().optional(),
    }),
    vision: z.string(),
    mission: z.string(),
    desiredScenario: z.string().optional(),
    values: z.array(z.object({ group: z.string(), name: z.string() })),
    levels: z.array(z.object({ key, name: z.string(), plural: z.string() })).min(1),
    transversalAxes: z.array(z.object({ key, name: z.string(), description: z.string() })),
    items: z.array(fixtureItemSchema).min(1),
  }),
});

export type PlanFixture = z.infer<typeof planFixtureSchema>;
