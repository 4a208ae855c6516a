import type { MunicipalityScope } from "../../server/scope";
import { checkVersion, FieldErrors, updateVersioned } from "../../server/writes";
import { checkGeometry, GeometryError } from "./geometry";
import { asGeo, collection, territoryShapes } from "./layers";
import type { CreateProblem, ProblemDto, UpdateProblem } from "./schemas";

/**
 * Prioritised problems of the territorial diagnosis ("problemas priorizados",
 * methodology seed): at a point, for a territory, or both.
 */

const WHAT = "El problema";

/** The municipality's problems, with the name of their territory. */
const selectProblems = (scope: MunicipalityScope) =>
  scope.trx
    .selectFrom("territorial_problem as p")
    .leftJoin("territory as t", "t.id", "p.territory_id")
    .where("p.municipality_id", "=", scope.municipality.id)
    .select([
      "p.id",
      "p.title",
      "p.description",
      "p.priority",
      "p.category",
      "p.territory_id",
      "t.name as territoryName",
      "p.lon",
      "p.lat",
      "p.is_simulated",
      "p.version",
    ]);

type ProblemRow = Awaited<ReturnType<ReturnType<typeof selectProblems>["executeTakeFirstOrThrow"]>>;

const presentProblem = (r: ProblemRow): ProblemDto => ({
  id: r.id,
  title: r.title,
  description: r.description,
  priority: r.priority,
  category: r.category,
  territoryId: r.territory_id,
  territoryName: r.territoryName,
  placement: r.lon === null ? "territory" : "point",
  simulated: r.is_simulated,
  version: r.version,
  point: r.lon === null ? null : { type: "Point", coordinates: [r.lon, r.lat!] },
});

async function getProblem(scope: MunicipalityScope, id: string): Promise<ProblemDto | undefined> {
  const r = await selectProblems(scope).where("p.id", "=", id).executeTakeFirst();
  return r && presentProblem(r);
}

export async function problemLayer(scope: MunicipalityScope) {
  const [rows, shapes] = await Promise.all([
    selectProblems(scope).orderBy("p.priority").orderBy("p.title").execute(),
    territoryShapes(scope.trx, scope.municipality.id),
  ]);
  const shapeOf = new Map(shapes.map((s) => [s.id, s.display]));
  return collection(
    rows.flatMap((r) => {
      const geometry =
        r.lon !== null
          ? { type: "Point" as const, coordinates: [r.lon, r.lat!] }
          : r.territory_id
            ? shapeOf.get(r.territory_id)
            : undefined;
      if (!geometry) return [];
      const { point: _point, ...properties } = presentProblem(r);
      return [{ type: "Feature" as const, id: r.id, geometry: asGeo(geometry), properties }];
    }),
  );
}

async function checkPlace(
  scope: MunicipalityScope,
  territoryId: string | null,
  point: CreateProblem["point"],
) {
  const errors = new FieldErrors();
  if (territoryId === null && point === null)
    errors.add("body.point", "Indique un punto en el mapa o un territorio.");
  if (territoryId !== null) {
    const t = await scope.trx
      .selectFrom("territory")
      .select("id")
      .where("municipality_id", "=", scope.municipality.id)
      .where("id", "=", territoryId)
      .executeTakeFirst();
    if (!t)
      errors.add(
        "body.territoryId",
        `No existe el territorio ${territoryId} en esta municipalidad.`,
      );
  }
  if (point !== null)
    try {
      checkGeometry(point);
    } catch (error) {
      if (!(error instanceof GeometryError)) throw error;
      errors.add("body.point", error.message);
    }
  errors.throwIfAny();
}

export async function createProblem(scope: MunicipalityScope, body: CreateProblem) {
  await checkPlace(scope, body.territoryId, body.point);
  const row = await scope.trx
    .insertInto("territorial_problem")
    .values({
      municipality_id: scope.municipality.id,
      title: body.title,
      description: body.description,
      priority: body.priority,
      category: body.category,
      territory_id: body.territoryId,
      lon: body.point?.coordinates[0] ?? null,
      lat: body.point?.coordinates[1] ?? null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const after = (await getProblem(scope, row.id))!;
  await scope.audit({
    action: "create",
    entityType: "territorial_problem",
    entityId: row.id,
    after,
  });
  return after;
}

const missing = (id: string) => `La municipalidad no tiene un problema ${id}.`;

export async function updateProblem(scope: MunicipalityScope, id: string, body: UpdateProblem) {
  const before = checkVersion(await getProblem(scope, id), body.version, WHAT, missing(id));
  const territoryId = body.territoryId === undefined ? before.territoryId : body.territoryId;
  const point = body.point === undefined ? before.point : body.point;
  await checkPlace(scope, territoryId, point);
  await updateVersioned(
    scope,
    { table: "territorial_problem", id, version: body.version },
    {
      ...(body.title !== undefined ? { title: body.title } : {}),
      ...(body.description !== undefined ? { description: body.description } : {}),
      ...(body.priority !== undefined ? { priority: body.priority } : {}),
      ...(body.category !== undefined ? { category: body.category } : {}),
      territory_id: territoryId,
      lon: point?.coordinates[0] ?? null,
      lat: point?.coordinates[1] ?? null,
    },
    { what: WHAT, current: () => getProblem(scope, id) },
  );
  const after = await getProblem(scope, id);
  await scope.audit({
    action: "update",
    entityType: "territorial_problem",
    entityId: id,
    before,
    after,
  });
  return after!;
}

export async function deleteProblem(scope: MunicipalityScope, id: string, version: number) {
  const before = checkVersion(await getProblem(scope, id), version, WHAT, missing(id));
  await scope.trx.deleteFrom("territorial_problem").where("id", "=", id).execute();
  await scope.audit({ action: "delete", entityType: "territorial_problem", entityId: id, before });
}
