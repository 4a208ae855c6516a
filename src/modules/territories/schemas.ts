import { z } from "zod";
import { text, versionSchema } from "../../server/writes";

export const territoryKindSchema = z.enum(["comuna", "sector", "unidad_vecinal", "localidad"]);

export const territoryParamsSchema = z.object({
  cut: z.string().regex(/^\d{5}$/, "el código CUT tiene 5 dígitos"),
  territoryId: z.uuid("el identificador del territorio no es válido"),
});

/**
 * A GeoJSON Geometry (RFC 7946, section 3.1): a type and its coordinates. The
 * shape of the coordinates is not checked yet.
 */
export const geometrySchema = z
  .object({
    type: z.enum(
      ["Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon"],
      "el tipo de geometría GeoJSON no es válido",
    ),
    coordinates: z.array(z.unknown(), "una geometría GeoJSON lleva sus coordenadas en un arreglo"),
  })
  .loose();

export const territorySchema = z.object({
  id: z.uuid(),
  parentId: z.uuid().nullable(),
  kind: territoryKindSchema,
  code: z.string(),
  name: z.string(),
  geometry: z.record(z.string(), z.unknown()).nullable(),
  version: z.number().int(),
});
export type Territory = z.infer<typeof territorySchema>;

export const territoryListSchema = z.object({ items: z.array(territorySchema) });

const codeSchema = z
  .string()
  .trim()
  .min(1)
  .max(60)
  .regex(/^[\p{L}\p{N}_.-]+$/u, "el código usa letras, números, guion, punto o guion bajo");

export const createTerritorySchema = z.strictObject({
  parentId: z.uuid().nullable().default(null),
  kind: territoryKindSchema,
  code: codeSchema,
  name: text(300),
  geometry: geometrySchema.nullable().default(null),
});
export type CreateTerritory = z.infer<typeof createTerritorySchema>;

export const updateTerritorySchema = z.strictObject({
  version: versionSchema,
  kind: territoryKindSchema.optional(),
  code: codeSchema.optional(),
  name: text(300).optional(),
  geometry: geometrySchema.nullable().optional(),
});
export type UpdateTerritory = z.infer<typeof updateTerritorySchema>;

/** Territories are listed by code, so a move changes only the parent. */
export const moveTerritorySchema = z.strictObject({
  version: versionSchema,
  parentId: z.uuid().nullable(),
});
export type MoveTerritory = z.infer<typeof moveTerritorySchema>;
