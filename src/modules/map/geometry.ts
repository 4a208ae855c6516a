import type { Geometry, LineString, MultiPolygon, Point, Polygon, Position } from "geojson";
import turfBbox from "@turf/bbox";
import kinks from "@turf/kinks";
import rewind from "@turf/rewind";
import simplify from "@turf/simplify";

/**
 * Geometry checks and preparation for the map, in WGS84 (RFC 7946). No PostGIS
 * (PGlite has none): turf does the geometry, flatbush the spatial index, and
 * the bbox columns let SQL narrow first.
 */

/**
 * Continental and insular Chile (Isla de Pascua at 109.4° W, Diego Ramírez at
 * 56.5° S, Visviri at 17.5° S), with a margin of about 0.1°. The Antarctic
 * territory is left out: no municipality plan draws there.
 */
export const CHILE_BBOX = { west: -109.6, south: -56.7, east: -66.3, north: -17.4 } as const;

/**
 * ~0.0002° ≈ 20 m: about a pixel at the zoom that shows a whole comuna, and it
 * keeps a layer of 10,000 territories under 1 MB gzipped (npm run bench -- map).
 */
export const DISPLAY_TOLERANCE = 0.0002;

export type Bbox = [number, number, number, number];

export interface Checked<G extends Geometry> {
  geometry: G;
  warnings: string[];
}

export class GeometryError extends Error {}

const fmt = (p: Position) => `(${p[0]!.toFixed(5)}, ${p[1]!.toFixed(5)})`;

function positionsOf(g: Geometry): Position[] {
  switch (g.type) {
    case "Point":
      return [g.coordinates];
    case "MultiPoint":
    case "LineString":
      return g.coordinates;
    case "MultiLineString":
    case "Polygon":
      return g.coordinates.flat();
    case "MultiPolygon":
      return g.coordinates.flat(2);
    case "GeometryCollection":
      return g.geometries.flatMap(positionsOf);
  }
}

function isPosition(p: unknown): p is Position {
  return (
    Array.isArray(p) &&
    p.length >= 2 &&
    p.length <= 3 &&
    p.every((n) => typeof n === "number" && Number.isFinite(n))
  );
}

/** Applies a coordinate transform to every position (reprojection), dropping any Z. */
export function mapPositions<G extends Geometry>(g: G, f: (p: Position) => Position): G {
  const ring = (r: Position[]) => r.map(f);
  switch (g.type) {
    case "Point":
      return { ...g, coordinates: f(g.coordinates) };
    case "MultiPoint":
    case "LineString":
      return { ...g, coordinates: ring(g.coordinates) };
    case "MultiLineString":
    case "Polygon":
      return { ...g, coordinates: g.coordinates.map(ring) };
    case "MultiPolygon":
      return { ...g, coordinates: g.coordinates.map((p) => p.map(ring)) };
    default:
      throw new GeometryError(
        "Las colecciones de geometrías no se aceptan; use una geometría simple.",
      );
  }
}

/** The structure of the coordinates for the type (arrays of positions of the right depth). */
function checkStructure(g: Geometry): void {
  const bad = (what: string) => new GeometryError(`Las coordenadas no forman ${what}.`);
  const line = (l: unknown, min: number) =>
    Array.isArray(l) && l.length >= min && l.every(isPosition);
  switch (g.type) {
    case "Point":
      if (!isPosition(g.coordinates)) throw bad("un punto [longitud, latitud]");
      return;
    case "MultiPoint":
      if (!line(g.coordinates, 1)) throw bad("una lista de puntos");
      return;
    case "LineString":
      if (!line(g.coordinates, 2)) throw bad("una línea de al menos dos puntos");
      return;
    case "MultiLineString":
      if (!Array.isArray(g.coordinates) || !g.coordinates.every((l) => line(l, 2)))
        throw bad("una lista de líneas");
      return;
    case "Polygon":
      if (!Array.isArray(g.coordinates) || g.coordinates.length === 0)
        throw bad("un polígono (una lista de anillos)");
      if (!g.coordinates.every((r) => line(r, 3)))
        throw bad("anillos de polígono (cada anillo necesita al menos 4 posiciones)");
      return;
    case "MultiPolygon":
      if (
        !Array.isArray(g.coordinates) ||
        g.coordinates.length === 0 ||
        !g.coordinates.every((p) => Array.isArray(p) && p.length > 0 && p.every((r) => line(r, 3)))
      )
        throw bad("un multipolígono (una lista de polígonos)");
      return;
    default:
      throw new GeometryError(
        `El tipo de geometría «${(g as { type: string }).type}» no se acepta.`,
      );
  }
}

/** Closes rings whose last position differs from the first (a warning says so). */
function closeRings(rings: Position[][], warnings: string[]): Position[][] {
  return rings.map((r, i) => {
    const a = r[0]!;
    const b = r.at(-1)!;
    if (a[0] === b[0] && a[1] === b[1]) {
      if (r.length < 4)
        throw new GeometryError(`El anillo ${i + 1} tiene menos de cuatro posiciones.`);
      return r;
    }
    warnings.push(`se cerró el anillo ${i + 1}, que no terminaba en su primer punto ${fmt(a)}`);
    if (r.length < 3) throw new GeometryError(`El anillo ${i + 1} tiene menos de tres puntos.`);
    return [...r, a];
  });
}

/** Polygons and lines that cross themselves are refused, with where they cross. */
function checkKinks(g: Polygon | MultiPolygon | LineString): void {
  const found = kinks(g).features;
  if (found.length === 0) return;
  const where = found
    .slice(0, 3)
    .map((k) => fmt(k.geometry.coordinates))
    .join(", ");
  throw new GeometryError(
    `La geometría se corta a sí misma en ${found.length} punto${found.length === 1 ? "" : "s"}: ${where}${found.length > 3 ? "…" : ""} (longitud, latitud).`,
  );
}

/**
 * Checks a geometry already in WGS84: its structure, that it lies in Chile,
 * closes open rings, refuses self-intersections (with their location), and
 * winds rings as RFC 7946 asks (exterior counter-clockwise).
 */
export function checkGeometry(input: Geometry): Checked<Geometry> {
  checkStructure(input);
  const outside = positionsOf(input).find(
    (p) =>
      p[0]! < CHILE_BBOX.west ||
      p[0]! > CHILE_BBOX.east ||
      p[1]! < CHILE_BBOX.south ||
      p[1]! > CHILE_BBOX.north,
  );
  if (outside)
    throw new GeometryError(
      `La coordenada ${fmt(outside)} (longitud, latitud) está fuera de Chile; revise la proyección del archivo o el orden longitud, latitud.`,
    );
  const warnings: string[] = [];
  let g: Geometry = input;
  if (g.type === "Polygon")
    g = { type: "Polygon", coordinates: closeRings(g.coordinates, warnings) };
  else if (g.type === "MultiPolygon")
    g = { type: "MultiPolygon", coordinates: g.coordinates.map((p) => closeRings(p, warnings)) };
  if (g.type === "Polygon" || g.type === "MultiPolygon") {
    checkKinks(g);
    g = rewind(g, { reverse: false }) as Polygon | MultiPolygon;
  }
  return { geometry: g, warnings };
}

export function bboxOf(g: Geometry): Bbox {
  const [w, s, e, n] = turfBbox(g);
  return [w, s, e, n];
}

/**
 * The geometry drawn on the map: simplified (Douglas–Peucker) and rounded to
 * 5 decimals (~1 m, below the simplification's tolerance); points keep 6
 * decimals (~0.1 m) and are not simplified. The original stays in the database.
 */
export function displayGeometry(g: Geometry, tolerance = DISPLAY_TOLERANCE): Geometry {
  const round =
    (d: number) =>
    (p: Position): Position => [
      Math.round(p[0]! * 10 ** d) / 10 ** d,
      Math.round(p[1]! * 10 ** d) / 10 ** d,
    ];
  if (g.type === "Point" || g.type === "MultiPoint") return mapPositions(g, round(6));
  const simple = simplify(g, { tolerance, highQuality: false, mutate: false });
  return mapPositions(simple, round(5));
}

export function isPoint(g: Geometry): g is Point {
  return g.type === "Point";
}
