import type { Geometry, MultiPoint, MultiPolygon, Point, Polygon } from "geojson";
import { sql } from "kysely";
import { notFound } from "../../server/problem";
import { deny, type MunicipalityScope } from "../../server/scope";
import { checkVersion, FieldErrors, updateVersioned } from "../../server/writes";
import { can, canEditItem } from "../auth/permissions";
import { refreshPlanStructure } from "../monitoring/figures";
import { bboxOf, checkGeometry, GeometryError } from "./geometry";
import { asGeo, collection, territoryShapes } from "./layers";
import type { GeoGeometry, ItemLayerQuery } from "./schemas";
import { territoriesContaining } from "./spatial";

/**
 * Plan items on the map: drawn (their own point, line or polygon) or placed
 * by their territories, coloured by the dashboard's status, with the
 * dashboard's filters. `periodo` limits the investment to that year's
 * funding (the plan's funding rows carry a year).
 */

const NO_DATA = "Sin mediciones validadas todavía.";

/** Several territories as one geometry: their polygons, or their points. */
function combine(geometries: Geometry[]): Geometry | null {
  const polygons = geometries.filter(
    (g): g is Polygon | MultiPolygon => g.type === "Polygon" || g.type === "MultiPolygon",
  );
  if (polygons.length === 1) return polygons[0]!;
  if (polygons.length > 1)
    return {
      type: "MultiPolygon",
      coordinates: polygons.flatMap((g) =>
        g.type === "Polygon" ? [g.coordinates] : g.coordinates,
      ),
    };
  const points = geometries.filter(
    (g): g is Point | MultiPoint => g.type === "Point" || g.type === "MultiPoint",
  );
  if (points.length === 1) return points[0]!;
  if (points.length > 1)
    return {
      type: "MultiPoint",
      coordinates: points.flatMap((g) => (g.type === "Point" ? [g.coordinates] : g.coordinates)),
    };
  return null;
}

export async function itemLayer(scope: MunicipalityScope, planId: string, q: ItemLayerQuery) {
  const m = scope.municipality.id;
  const year = q.periodo ? Number(q.periodo.slice(0, 4)) : null;
  let items = scope.trx
    .selectFrom("plan_item as i")
    .leftJoin("plan_level as l", (j) =>
      j.onRef("l.plan_id", "=", "i.plan_id").onRef("l.key", "=", "i.level_key"),
    )
    .leftJoin("item_figure as f", "f.item_id", "i.id")
    .leftJoin("plan_item_geometry as g", "g.item_id", "i.id")
    .where("i.municipality_id", "=", m)
    .where("i.plan_id", "=", planId)
    .select([
      "i.id",
      "i.code",
      "i.title",
      sql<string>`coalesce(l.name, i.level_key)`.as("level"),
      sql<
        "done" | "on_track" | "at_risk" | "off_track" | "no_data"
      >`coalesce(f.status, 'no_data')`.as("status"),
      "f.explanation",
      sql<Geometry | null>`g.geometry`.as("drawn"),
      sql<boolean>`coalesce(g.is_simulated, false)`.as("simulated"),
      (eb) =>
        eb
          .selectFrom("plan_item_funding as p")
          .whereRef("p.item_id", "=", "i.id")
          .$if(year !== null, (s) => s.where("p.year", "=", year))
          .select(sql<number | null>`sum(p.amount)::float8`.as("s"))
          .as("investment"),
    ])
    .orderBy("i.code");
  // Each of these filters keeps the items with a row of the value in one of their link tables.
  const filters = [
    ["plan_item_unit", "unit_id", q.unidad],
    ["plan_item_territory", "territory_id", q.territorio],
    ["plan_item_sdg", "goal_number", q.ods],
    ["plan_item_funding", "source_code", q.fuente],
  ] as const;
  for (const [table, column, value] of filters)
    if (value !== undefined && value !== "")
      items = items.where(
        sql<boolean>`exists (select 1 from ${sql.table(table)} x where x.item_id = i.id and ${sql.ref(`x.${column}`)} = ${value})`,
      );
  if (q.estado) items = items.where(sql<boolean>`coalesce(f.status, 'no_data') = ${q.estado}`);

  const [rows, links, shapes] = await Promise.all([
    items.execute(),
    scope.trx
      .selectFrom("plan_item_territory as t")
      .innerJoin("plan_item as i", "i.id", "t.item_id")
      .where("i.plan_id", "=", planId)
      .select(["t.item_id", "t.territory_id"])
      .execute(),
    territoryShapes(scope.trx, m),
  ]);
  const territoriesOf = new Map<string, string[]>();
  for (const l of links)
    territoriesOf.set(l.item_id, [...(territoriesOf.get(l.item_id) ?? []), l.territory_id]);
  const shapeOf = new Map(shapes.map((s) => [s.id, s.display]));
  return collection(
    rows.flatMap((r) => {
      const territoryIds = (territoriesOf.get(r.id) ?? []).sort();
      const geometry =
        r.drawn ??
        combine(territoryIds.flatMap((id) => (shapeOf.has(id) ? [shapeOf.get(id)!] : [])));
      if (!geometry) return [];
      return [
        {
          type: "Feature" as const,
          id: r.id,
          geometry: asGeo(geometry),
          properties: {
            itemId: r.id,
            code: r.code,
            title: r.title,
            level: r.level,
            status: r.status,
            statusExplanation: r.explanation ?? NO_DATA,
            investmentClp: r.investment === null ? null : Number(r.investment),
            territoryIds,
            placement: r.drawn ? ("drawn" as const) : ("territory" as const),
            simulated: r.simulated,
          },
        },
      ];
    }),
  );
}

/**
 * Draws an item on the map (or removes its drawing): its territories become
 * those that contain the drawing. Removing the drawing keeps the territories.
 */
export async function setItemGeometry(
  scope: MunicipalityScope,
  planId: string,
  itemId: string,
  body: {
    geometry: { type: "Point" | "LineString" | "Polygon"; coordinates: unknown[] } | null;
    version: number;
  },
) {
  const m = scope.municipality.id;
  if (!can(scope.principal, m, "item.edit")) deny(scope.principal);
  const item = await scope.trx
    .selectFrom("plan_item")
    .select(["id", "version", "plan_id"])
    .where("municipality_id", "=", m)
    .where("id", "=", itemId)
    .where("plan_id", "=", planId)
    .executeTakeFirst();
  if (!item) throw notFound(`El plan ${planId} no tiene una iniciativa ${itemId}.`);
  const units = await scope.trx
    .selectFrom("plan_item_unit")
    .select("unit_id")
    .where("item_id", "=", itemId)
    .execute();
  if (
    !canEditItem(
      scope.principal,
      m,
      units.map((u) => u.unit_id),
    )
  )
    deny(scope.principal, "Solo puede editar iniciativas de sus unidades.");
  const current = await itemGeometry(scope, itemId);
  checkVersion({ ...current, version: item.version }, body.version, "La iniciativa", "");

  let geometry: Geometry | null = null;
  if (body.geometry) {
    const errors = new FieldErrors();
    try {
      geometry = checkGeometry(body.geometry as Geometry).geometry;
    } catch (error) {
      if (!(error instanceof GeometryError)) throw error;
      errors.add("body.geometry", error.message);
    }
    errors.throwIfAny();
  }
  const version = await updateVersioned(
    scope,
    { table: "plan_item", id: itemId, version: body.version },
    {},
    { what: "La iniciativa", current: () => Promise.resolve(current) },
  );
  let territoryIds = current.territoryIds;
  if (geometry === null) {
    await scope.trx.deleteFrom("plan_item_geometry").where("item_id", "=", itemId).execute();
  } else {
    const [w, s, e, n] = bboxOf(geometry);
    const values = {
      geometry: JSON.stringify(geometry),
      bbox_west: w,
      bbox_south: s,
      bbox_east: e,
      bbox_north: n,
      is_simulated: false,
    };
    await scope.trx
      .insertInto("plan_item_geometry")
      .values({ municipality_id: m, item_id: itemId, ...values })
      .onConflict((oc) => oc.column("item_id").doUpdateSet({ ...values, updated_at: sql`now()` }))
      .execute();
    territoryIds = await territoriesContaining(scope.trx, m, geometry);
    await scope.trx.deleteFrom("plan_item_territory").where("item_id", "=", itemId).execute();
    if (territoryIds.length > 0)
      await scope.trx
        .insertInto("plan_item_territory")
        .values(
          territoryIds.map((territory_id) => ({
            municipality_id: m,
            item_id: itemId,
            territory_id,
          })),
        )
        .execute();
    await refreshPlanStructure(scope.trx, planId);
  }
  const after = {
    itemId,
    geometry: geometry ? asGeo(geometry) : null,
    territoryIds,
    version,
  };
  await scope.audit({
    action: "update",
    entityType: "item",
    entityId: itemId,
    before: current,
    after,
  });
  return after;
}

async function itemGeometry(scope: MunicipalityScope, itemId: string) {
  const [g, t] = await Promise.all([
    scope.trx
      .selectFrom("plan_item_geometry")
      .select(sql<GeoGeometry>`geometry`.as("geometry"))
      .where("item_id", "=", itemId)
      .executeTakeFirst(),
    scope.trx
      .selectFrom("plan_item_territory")
      .select("territory_id")
      .where("item_id", "=", itemId)
      .execute(),
  ]);
  return {
    itemId,
    geometry: g?.geometry ?? null,
    territoryIds: t.map((x) => x.territory_id).sort(),
  };
}
