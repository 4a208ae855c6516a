import type { MunicipalityScope } from "../../server/scope";
import {
  checkNewParent,
  checkVersion,
  conflict,
  deleteVersioned,
  FieldErrors,
  updateVersioned,
} from "../../server/writes";
import { getTerritory, territoryCodeTaken, territoryParents, territoryUsage } from "./queries";
import type { CreateTerritory, MoveTerritory, Territory, UpdateTerritory } from "./schemas";

const WHAT = "El territorio";
const missing = (id: string) => `La municipalidad no tiene un territorio ${id}.`;

async function load(scope: MunicipalityScope, id: string, version: number): Promise<Territory> {
  return checkVersion(
    await getTerritory(scope.trx, scope.municipality.id, id),
    version,
    WHAT,
    missing(id),
  );
}

const DISPLAY_RESET = {
  display_geometry: null,
  bbox_west: null,
  bbox_south: null,
  bbox_east: null,
  bbox_north: null,
};

/** Applies a change if the client's version is still current; 409 if someone got there first. */
async function write(
  scope: MunicipalityScope,
  id: string,
  version: number,
  set: Partial<{
    parent_id: string | null;
    kind: Territory["kind"];
    code: string;
    name: string;
    geometry: string | null;
  }>,
): Promise<Territory> {
  await updateVersioned(
    scope,
    { table: "territory", id, version },
    // A new geometry: the map's simplified copy and bbox are computed again (modules/map).
    { ...set, ...(set.geometry !== undefined ? DISPLAY_RESET : {}) },
    stale(scope, id),
  );
  return (await getTerritory(scope.trx, scope.municipality.id, id))!;
}

/** The 409's answer: the territory as it is now. */
const stale = (scope: MunicipalityScope, id: string) => ({
  what: WHAT,
  current: () => getTerritory(scope.trx, scope.municipality.id, id),
});

const geometryJson = (g: Record<string, unknown> | null) => (g === null ? null : JSON.stringify(g));

export async function createTerritory(
  scope: MunicipalityScope,
  body: CreateTerritory,
): Promise<Territory> {
  const m = scope.municipality.id;
  const errors = new FieldErrors();
  if (body.parentId && !(await getTerritory(scope.trx, m, body.parentId)))
    errors.add("body.parentId", `No existe el territorio ${body.parentId} en esta municipalidad.`);
  if (await territoryCodeTaken(scope.trx, m, body.code))
    errors.add("body.code", `Ya existe un territorio con el código «${body.code}».`);
  errors.throwIfAny();
  const row = await scope.trx
    .insertInto("territory")
    .values({
      municipality_id: m,
      parent_id: body.parentId,
      kind: body.kind,
      code: body.code,
      name: body.name,
      geometry: geometryJson(body.geometry),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const after = (await getTerritory(scope.trx, m, row.id))!;
  await scope.audit({ action: "create", entityType: "territory", entityId: row.id, after });
  return after;
}

export async function updateTerritory(
  scope: MunicipalityScope,
  id: string,
  body: UpdateTerritory,
): Promise<Territory> {
  const m = scope.municipality.id;
  const before = await load(scope, id, body.version);
  const errors = new FieldErrors();
  if (body.code !== undefined && (await territoryCodeTaken(scope.trx, m, body.code, id)))
    errors.add("body.code", `Ya existe un territorio con el código «${body.code}».`);
  errors.throwIfAny();
  const after = await write(scope, id, body.version, {
    ...(body.kind !== undefined ? { kind: body.kind } : {}),
    ...(body.code !== undefined ? { code: body.code } : {}),
    ...(body.name !== undefined ? { name: body.name } : {}),
    ...(body.geometry !== undefined ? { geometry: geometryJson(body.geometry) } : {}),
  });
  await scope.audit({ action: "update", entityType: "territory", entityId: id, before, after });
  return after;
}

export async function moveTerritory(
  scope: MunicipalityScope,
  id: string,
  body: MoveTerritory,
): Promise<Territory> {
  const m = scope.municipality.id;
  const before = await load(scope, id, body.version);
  await checkNewParent(body.parentId, id, () => territoryParents(scope.trx, m), {
    missing: `No existe el territorio ${body.parentId} en esta municipalidad.`,
    within: "Un territorio no puede quedar dentro de sí mismo ni de los territorios que contiene.",
  });
  const after = await write(scope, id, body.version, { parent_id: body.parentId });
  await scope.audit({ action: "move", entityType: "territory", entityId: id, before, after });
  return after;
}

export async function deleteTerritory(
  scope: MunicipalityScope,
  id: string,
  version: number,
): Promise<void> {
  const m = scope.municipality.id;
  const before = await load(scope, id, version);
  const usage = await territoryUsage(scope.trx, m, id);
  const reasons = [
    usage.items > 0 ? `${usage.items} iniciativa(s) lo usan` : "",
    usage.children > 0 ? `contiene ${usage.children} territorio(s)` : "",
  ].filter(Boolean);
  if (reasons.length > 0)
    throw conflict(
      `No se puede eliminar el territorio «${before.name}»: ${reasons.join(", ")}. Reasígnelos primero.`,
    );
  await deleteVersioned(scope, { table: "territory", id, version }, stale(scope, id));
  await scope.audit({
    action: "delete",
    entityType: "territory",
    entityId: id,
    before,
    after: null,
  });
}
