/**
 * The shapes of the map API (issue #7), inferred from the server's zod schemas
 * (src/modules/map/schemas.ts; type-only, no zod in the bundle), plus the GeoJSON geometry
 * types the map component draws. GeoJSON is WGS84 (lon, lat), RFC 7946.
 */
import type { z } from "zod";
import type {
  diagnosisFeaturePropsSchema,
  diagnosisImportResultSchema,
  diagnosisLayerSchema,
  diagnosisVariableSchema,
  gapRowSchema,
  gapSchema,
  itemFeaturePropsSchema,
  problemFeaturePropsSchema,
  territoryFeaturePropsSchema,
  territoryImportResultSchema,
  classMethodSchema,
} from "../../../src/modules/map/schemas";

export type { MapConfig } from "../../../src/modules/map/schemas";

export type Position = number[];

export type Geometry =
  | { type: "Point"; coordinates: Position }
  | { type: "MultiPoint"; coordinates: Position[] }
  | { type: "LineString"; coordinates: Position[] }
  | { type: "MultiLineString"; coordinates: Position[][] }
  | { type: "Polygon"; coordinates: Position[][] }
  | { type: "MultiPolygon"; coordinates: Position[][][] };

/** A geometry the map can draw an item as (the PUT …/geometry body accepts these). */
export type DrawnGeometry = Extract<Geometry, { type: "Point" | "LineString" | "Polygon" }>;

export interface Feature<P> {
  type: "Feature";
  id?: string | number;
  geometry: Geometry | null;
  properties: P;
}

/**
 * A FeatureCollection as the map reads it. The API's schema types coordinates as unknown[]
 * (it does not check their nesting); the server builds them per RFC 7946, so the web app reads
 * them as typed geometries.
 */
export interface FeatureCollection<P> {
  type: "FeatureCollection";
  features: Array<Feature<P>>;
}

export type ClassMethod = z.infer<typeof classMethodSchema>;
export type TerritoryProperties = z.infer<typeof territoryFeaturePropsSchema>;
export type DiagnosisVariable = z.infer<typeof diagnosisVariableSchema>;
export type DiagnosisProperties = z.infer<typeof diagnosisFeaturePropsSchema>;
export type DiagnosisLayer = Omit<z.infer<typeof diagnosisLayerSchema>, "collection"> & {
  collection: FeatureCollection<DiagnosisProperties>;
};
export type ProblemProperties = z.infer<typeof problemFeaturePropsSchema>;
export type ItemProperties = z.infer<typeof itemFeaturePropsSchema>;
export type GapRow = z.infer<typeof gapRowSchema>;
export type GapLayer = Omit<z.infer<typeof gapSchema>, "collection"> & {
  collection: FeatureCollection<GapRow & { approximate: boolean }>;
};
export type TerritoryImportResult = z.infer<typeof territoryImportResultSchema>;
export type DiagnosisImportResult = z.infer<typeof diagnosisImportResultSchema>;
