import { z } from "zod";
import { versionSchema } from "../../server/writes";
import { territoryKindSchema } from "../territories/schemas";

/**
 * The map API contract (issue #7), shared by the server (branch gisapi) and the
 * MapLibre page (branch gisweb). Every path is under /api/municipalities/:cut,
 * except GET /api/map/config. GeoJSON is WGS84 (lon, lat), RFC 7946:
 * counter-clockwise exterior rings, no `crs` member.
 *
 * Changes to this contract are additive only; a changed shape is announced here.
 *
 * Changes since the first commit (18aa15f):
 * - territory import: `codeField` and `nameField` are optional; without them (or
 *   naming an attribute the file lacks) the answer is a preview with
 *   `attributes` and an error of feature 0, so a form can offer the choices.
 * - GET …/map/layers/territories(.geojson) may answer gzipped (Content-Encoding)
 *   when the request accepts it; browsers decompress by themselves.
 * - Territory geometry for display is simplified at 0.0002° (~20 m), 5 decimals.
 */

const cut = z.string().regex(/^\d{5}$/, "el código CUT tiene 5 dígitos");

// ---------------------------------------------------------------- GeoJSON

export const geometryTypeSchema = z.enum([
  "Point",
  "MultiPoint",
  "LineString",
  "MultiLineString",
  "Polygon",
  "MultiPolygon",
]);

/** A GeoJSON geometry as served (coordinates nested per its type). */
export const geoGeometrySchema = z.object({
  type: geometryTypeSchema,
  coordinates: z.array(z.unknown()),
});
export type GeoGeometry = z.infer<typeof geoGeometrySchema>;

/** A FeatureCollection whose features carry the given properties. */
export function featureCollectionSchema<P extends z.ZodType>(properties: P) {
  return z.object({
    type: z.literal("FeatureCollection"),
    features: z.array(
      z.object({
        type: z.literal("Feature"),
        id: z.string(),
        geometry: geoGeometrySchema,
        properties,
      }),
    ),
  });
}

// ---------------------------------------------------------------- config

/** GET /api/map/config: the basemap. tileUrl null → a plain background (no internet needed). */
export const mapConfigSchema = z.object({
  tileUrl: z.string().nullable(),
  attribution: z.string().nullable(),
});
export type MapConfig = z.infer<typeof mapConfigSchema>;

// ---------------------------------------------------------------- territories layer

export const territoryFeaturePropsSchema = z.object({
  id: z.uuid(),
  code: z.string(),
  name: z.string(),
  kind: territoryKindSchema,
  parentId: z.uuid().nullable(),
  parentCode: z.string().nullable(),
  /** True for illustrative (demo) boundaries and points: the map says so. */
  approximate: z.boolean(),
});
export const territoryLayerSchema = featureCollectionSchema(territoryFeaturePropsSchema);
export type TerritoryLayer = z.infer<typeof territoryLayerSchema>;

// ---------------------------------------------------------------- territory import

/**
 * Multipart fields of POST /territories/import (besides `file`). Without
 * codeField or nameField (or naming an attribute the file lacks) the answer is
 * a preview with `attributes` to choose from and an error of feature 0.
 */
export const territoryImportFieldsSchema = z.object({
  codeField: z.string().trim().max(100).optional(),
  nameField: z.string().trim().max(100).optional(),
  kind: territoryKindSchema,
  parentCodeField: z.string().trim().max(100).optional(),
  dryRun: z.enum(["true", "false"]).default("true"),
});
export type TerritoryImportFields = z.infer<typeof territoryImportFieldsSchema>;

export const importActionSchema = z.enum(["create", "update", "unchanged"]);

export const territoryImportResultSchema = z.object({
  /** e.g. "EPSG:32719 (WGS 84 / UTM zona 19S)". */
  sourceCrs: z.string(),
  featureCount: z.number().int(),
  /** Attribute names found in the file, to choose codeField / nameField from. */
  attributes: z.array(z.string()),
  rows: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      kind: territoryKindSchema,
      parentCode: z.string().nullable(),
      action: importActionSchema,
      warnings: z.array(z.string()),
    }),
  ),
  /** `feature` is 1-based, in file order; 0 for the file as a whole. */
  errors: z.array(z.object({ feature: z.number().int(), message: z.string() })),
  committed: z.boolean().optional(),
});
export type TerritoryImportResult = z.infer<typeof territoryImportResultSchema>;

// ---------------------------------------------------------------- diagnosis

export const diagnosisVariableSchema = z.object({
  key: z.string(),
  label: z.string(),
  unit: z.string(),
  year: z.number().int().nullable(),
  source: z.string(),
  /** Territories with a value. */
  count: z.number().int(),
  /** Demo data: the map says "simulado". */
  simulated: z.boolean(),
});
export const diagnosisVariableListSchema = z.object({ items: z.array(diagnosisVariableSchema) });

export const variableKeySchema = z
  .string()
  .trim()
  .regex(/^[a-z0-9_]{1,60}$/, "la clave usa minúsculas, números y guion bajo (hasta 60)");

/** Multipart fields of POST /map/diagnosis/import (besides `file`, CSV or xlsx). */
export const diagnosisImportFieldsSchema = z.object({
  variable: variableKeySchema,
  label: z.string().trim().min(1, "indique el nombre de la variable").max(200),
  unit: z.string().trim().max(60).default(""),
  year: z.coerce.number().int().min(1900).max(2100).optional(),
  source: z.string().trim().max(300).default(""),
  /** Column with the territory code (default: the first column). */
  codeColumn: z.string().trim().max(100).optional(),
  /** Column with the value (default: the second column). */
  valueColumn: z.string().trim().max(100).optional(),
  dryRun: z.enum(["true", "false"]).default("true"),
});
export type DiagnosisImportFields = z.infer<typeof diagnosisImportFieldsSchema>;

export const diagnosisImportResultSchema = z.object({
  variable: z.string(),
  rowCount: z.number().int(),
  rows: z.array(
    z.object({
      row: z.number().int(),
      code: z.string(),
      territoryName: z.string(),
      value: z.number().nullable(),
      action: importActionSchema,
    }),
  ),
  /** e.g. { row: 7, message: "fila 7: el código 'UV-99' no corresponde a ningún territorio" }. */
  errors: z.array(z.object({ row: z.number().int(), message: z.string() })),
  committed: z.boolean().optional(),
});
export type DiagnosisImportResult = z.infer<typeof diagnosisImportResultSchema>;

export const classMethodSchema = z.enum(["quantile", "equal", "manual"]);

export const diagnosisLayerQuerySchema = z.object({
  variable: variableKeySchema,
  method: classMethodSchema.default("quantile"),
  classes: z.coerce.number().int().min(2).max(9).default(5),
  /** Manual breaks, ascending, comma-separated: "10,20,30". */
  breaks: z.string().max(500).optional(),
});
export type DiagnosisLayerQuery = z.infer<typeof diagnosisLayerQuerySchema>;

export const diagnosisFeaturePropsSchema = z.object({
  territoryId: z.uuid(),
  code: z.string(),
  name: z.string(),
  value: z.number().nullable(),
  /** 0-based class index (0 = lowest); null without a value. */
  class: z.number().int().nullable(),
  approximate: z.boolean(),
});

export const diagnosisLayerSchema = z.object({
  variable: diagnosisVariableSchema.omit({ count: true }),
  method: classMethodSchema,
  /**
   * Upper bounds of the classes, ascending; class i holds values ≤ breaks[i]
   * (and > breaks[i-1]); the last break is the maximum.
   */
  breaks: z.array(z.number()),
  collection: featureCollectionSchema(diagnosisFeaturePropsSchema),
});
export type DiagnosisLayer = z.infer<typeof diagnosisLayerSchema>;

// ---------------------------------------------------------------- problems

export const problemPrioritySchema = z
  .number("la prioridad es un entero de 1 (la más alta) a 5")
  .int("la prioridad es un entero de 1 (la más alta) a 5")
  .min(1, "la prioridad va de 1 (la más alta) a 5")
  .max(5, "la prioridad va de 1 (la más alta) a 5");

export const problemFeaturePropsSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  description: z.string(),
  priority: z.number().int(),
  category: z.string(),
  territoryId: z.uuid().nullable(),
  territoryName: z.string().nullable(),
  /** "point" when it has its own point, "territory" when drawn as its territory. */
  placement: z.enum(["point", "territory"]),
  simulated: z.boolean(),
  version: z.number().int(),
});
export const problemLayerSchema = featureCollectionSchema(problemFeaturePropsSchema);

export const problemParamsSchema = z.object({
  cut,
  problemId: z.uuid("el identificador del problema no es válido"),
});

const pointSchema = z.object({
  type: z.literal("Point"),
  coordinates: z.tuple([z.number(), z.number()]),
});

export const createProblemSchema = z.strictObject({
  title: z.string().trim().min(1).max(300),
  description: z.string().trim().max(4000).default(""),
  priority: problemPrioritySchema,
  category: z.string().trim().max(100).default(""),
  /** A problem sits at a point, or in a territory, or both (the point inside it). */
  territoryId: z.uuid().nullable().default(null),
  point: pointSchema.nullable().default(null),
});
export type CreateProblem = z.infer<typeof createProblemSchema>;

export const updateProblemSchema = z.strictObject({
  version: versionSchema,
  title: z.string().trim().min(1).max(300).optional(),
  description: z.string().trim().max(4000).optional(),
  priority: problemPrioritySchema.optional(),
  category: z.string().trim().max(100).optional(),
  territoryId: z.uuid().nullable().optional(),
  point: pointSchema.nullable().optional(),
});
export type UpdateProblem = z.infer<typeof updateProblemSchema>;

/** The answer of POST / PATCH: the problem as a feature's properties plus its point. */
export const problemSchema = problemFeaturePropsSchema.extend({
  point: pointSchema.nullable(),
});
export type ProblemDto = z.infer<typeof problemSchema>;

// ---------------------------------------------------------------- plan items layer

export const trafficLightSchema = z.enum(["done", "on_track", "at_risk", "off_track", "no_data"]);

/**
 * The dashboard's filters, with the same query names as web/src/monitoring/filters.ts
 * (unidad, territorio, ods, estado, fuente, periodo).
 */
export const itemLayerQuerySchema = z.object({
  unidad: z.uuid().optional(),
  territorio: z.uuid().optional(),
  ods: z.coerce.number().int().min(1).max(17).optional(),
  estado: trafficLightSchema.optional(),
  fuente: z.string().max(60).optional(),
  periodo: z.string().max(10).optional(),
});
export type ItemLayerQuery = z.infer<typeof itemLayerQuerySchema>;

export const itemFeaturePropsSchema = z.object({
  itemId: z.uuid(),
  code: z.string(),
  title: z.string(),
  level: z.string(),
  status: trafficLightSchema,
  statusExplanation: z.string(),
  investmentClp: z.number().nullable(),
  territoryIds: z.array(z.uuid()),
  placement: z.enum(["drawn", "territory"]),
  /** Demo placements are marked. */
  simulated: z.boolean(),
});
export const itemLayerSchema = featureCollectionSchema(itemFeaturePropsSchema);

export const itemGeometryParamsSchema = z.object({
  cut,
  planId: z.uuid("el identificador del plan no es válido"),
  itemId: z.uuid("el identificador de la iniciativa no es válido"),
});

export const itemGeometryBodySchema = z.strictObject({
  geometry: z
    .object({
      type: z.enum(
        ["Point", "LineString", "Polygon"],
        "se dibuja un punto, una línea o un polígono",
      ),
      coordinates: z.array(z.unknown()),
    })
    .nullable(),
  version: versionSchema,
});

export const itemGeometryResultSchema = z.object({
  itemId: z.uuid(),
  geometry: geoGeometrySchema.nullable(),
  /** The territories that contain the drawing (now the item's territories). */
  territoryIds: z.array(z.uuid()),
  version: z.number().int(),
});

// ---------------------------------------------------------------- the gap

export const gapRowSchema = z.object({
  territoryId: z.uuid(),
  code: z.string(),
  name: z.string(),
  problemWeight: z.number(),
  itemCount: z.number().int(),
  investmentClp: z.number(),
  coverage: z.number(),
  gap: z.number(),
  /** 1 = the widest gap. */
  rank: z.number().int(),
});
export type GapRow = z.infer<typeof gapRowSchema>;

export const gapSchema = z.object({
  rows: z.array(gapRowSchema),
  collection: featureCollectionSchema(gapRowSchema.extend({ approximate: z.boolean() })),
  /** How the gap is computed, in Spanish. */
  method: z.string(),
});
export type GapDto = z.infer<typeof gapSchema>;

// ---------------------------------------------------------------- params

export const mapPlanParamsSchema = z.object({
  cut,
  planId: z.uuid("el identificador del plan no es válido"),
});
