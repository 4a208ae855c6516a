import type { Geometry, MultiPolygon, Polygon, Position } from "geojson";
import booleanPointInPolygon from "@turf/boolean-point-in-polygon";
import Flatbush from "flatbush";
import { sql, type Transaction } from "kysely";
import type { Database } from "../../db/schema";
import { bboxOf, type Bbox } from "./geometry";

/**
 * Which territories contain a place: SQL narrows by the bbox columns, a
 * flatbush index narrows further, turf's point-in-polygon decides. Only
 * polygon territories (sectors, neighbourhood units, the comuna) contain.
 */
export interface Area {
  id: string;
  geometry: Polygon | MultiPolygon;
}

export class AreaIndex {
  private readonly index: Flatbush | null;
  constructor(private readonly areas: Area[]) {
    if (areas.length === 0) {
      this.index = null;
      return;
    }
    this.index = new Flatbush(areas.length);
    for (const a of areas) {
      const [w, s, e, n] = bboxOf(a.geometry);
      this.index.add(w, s, e, n);
    }
    this.index.finish();
  }

  /** The areas containing the position (on the boundary counts as inside). */
  containing(p: Position): string[] {
    if (!this.index) return [];
    return this.index
      .search(p[0]!, p[1]!, p[0]!, p[1]!)
      .filter((i) => booleanPointInPolygon(p, this.areas[i]!.geometry))
      .map((i) => this.areas[i]!.id);
  }
}

/** Polygon territories whose bbox overlaps the given one (all when the bbox columns are empty). */
export async function areasNear(
  trx: Transaction<Database>,
  municipalityId: string,
  box: Bbox | null,
): Promise<Area[]> {
  let q = trx
    .selectFrom("territory")
    .where("municipality_id", "=", municipalityId)
    .where("geometry", "is not", null)
    .where(sql<boolean>`geometry->>'type' in ('Polygon', 'MultiPolygon')`)
    .select(["id", sql<Polygon | MultiPolygon>`geometry`.as("geometry")]);
  if (box)
    q = q.where((eb) =>
      eb.or([
        eb("bbox_west", "is", null),
        eb.and([
          eb("bbox_west", "<=", box[2]),
          eb("bbox_east", ">=", box[0]),
          eb("bbox_south", "<=", box[3]),
          eb("bbox_north", ">=", box[1]),
        ]),
      ]),
    );
  return q.execute();
}

/** The vertices of a drawing: a territory holding any of them holds (part of) the drawing. */
export function verticesOf(g: Geometry): Position[] {
  switch (g.type) {
    case "Point":
      return [g.coordinates];
    case "LineString":
    case "MultiPoint":
      return g.coordinates;
    case "Polygon":
      return g.coordinates[0] ?? [];
    case "MultiPolygon":
      return g.coordinates.flatMap((p) => p[0] ?? []);
    case "MultiLineString":
      return g.coordinates.flat();
    default:
      return [];
  }
}

/** The territories containing the drawing: those holding its point, or any of its vertices. */
export async function territoriesContaining(
  trx: Transaction<Database>,
  municipalityId: string,
  g: Geometry,
): Promise<string[]> {
  const index = new AreaIndex(await areasNear(trx, municipalityId, bboxOf(g)));
  const found = new Set<string>();
  for (const p of verticesOf(g)) for (const id of index.containing(p)) found.add(id);
  return [...found].sort();
}
