import type { Geometry } from "geojson";
import { sql, type Transaction } from "kysely";
import type { Database } from "../../db/schema";
import { notFound } from "../../server/problem";
import type { MunicipalityScope } from "../../server/scope";
import { can } from "../auth/permissions";
import { displayGeometry } from "./geometry";
import type { GeoGeometry, TerritoryLayer } from "./schemas";

type Trx = Transaction<Database>;

/** A feature of a served layer: the id, the geometry as GeoJSON, its properties. */
export interface LayerFeature<P> {
  type: "Feature";
  id: string;
  geometry: GeoGeometry;
  properties: P;
}

export function collection<P>(features: Array<LayerFeature<P>>) {
  return { type: "FeatureCollection" as const, features };
}

export const asGeo = (g: Geometry) => g as GeoGeometry;

export interface TerritoryShape {
  id: string;
  code: string;
  name: string;
  kind: "comuna" | "sector" | "unidad_vecinal" | "localidad";
  parentId: string | null;
  parentCode: string | null;
  approximate: boolean;
  /** The simplified geometry (computed now when it was stored without one). */
  display: Geometry;
}

/** The municipality's territories that have a geometry, for display. */
export async function territoryShapes(trx: Trx, municipalityId: string): Promise<TerritoryShape[]> {
  const rows = await trx
    .selectFrom("territory as t")
    .leftJoin("territory as p", "p.id", "t.parent_id")
    .where("t.municipality_id", "=", municipalityId)
    .where("t.geometry", "is not", null)
    .select([
      "t.id",
      "t.code",
      "t.name",
      "t.kind",
      "t.parent_id as parentId",
      "p.code as parentCode",
      "t.approximate",
      sql<Geometry>`coalesce(t.display_geometry, t.geometry)`.as("geometry"),
      sql<boolean>`t.display_geometry is null`.as("raw"),
    ])
    .orderBy("t.code")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    name: r.name,
    kind: r.kind,
    parentId: r.parentId,
    parentCode: r.parentCode,
    approximate: r.approximate,
    display: r.raw ? displayGeometry(r.geometry) : r.geometry,
  }));
}

export async function territoryLayer(trx: Trx, municipalityId: string): Promise<TerritoryLayer> {
  const shapes = await territoryShapes(trx, municipalityId);
  return collection(
    shapes.map((s) => ({
      type: "Feature" as const,
      id: s.id,
      geometry: asGeo(s.display),
      properties: {
        id: s.id,
        code: s.code,
        name: s.name,
        kind: s.kind,
        parentId: s.parentId,
        parentCode: s.parentCode,
        approximate: s.approximate,
      },
    })),
  );
}

/** Territories, problems and diagnosis are the municipality's working data: members only. */
export function requireMember(scope: MunicipalityScope, deny: () => never): void {
  if (!can(scope.principal, scope.municipality.id, "plan.read")) deny();
}

/**
 * A plan as the dashboard decides: published plans are public, unpublished
 * ones are for members; otherwise 404 (its existence is not revealed).
 */
export async function visiblePlan(scope: MunicipalityScope, planId: string) {
  const plan = await scope.trx
    .selectFrom("plan")
    .select(["id", "title", "published_at"])
    .where("id", "=", planId)
    .executeTakeFirst();
  if (
    !plan ||
    (plan.published_at === null && !can(scope.principal, scope.municipality.id, "plan.read"))
  )
    throw notFound(
      `La municipalidad ${scope.municipality.cutCode} no tiene un plan ${planId} visible para usted.`,
    );
  return plan;
}
