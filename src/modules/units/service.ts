import type { Updateable } from "kysely";
import type { Database } from "../../db/schema";
import { placeAt } from "../../domain/tree";
import type { MunicipalityScope } from "../../server/scope";
import {
  checkNewParent,
  checkVersion,
  conflict,
  deleteVersioned,
  FieldErrors,
  updateVersioned,
} from "../../server/writes";
import { getUnit, siblingIds, unitNameTaken, unitParents, unitUsage } from "./queries";
import type { CreateUnit, Move, Unit, UpdateUnit } from "./schemas";

const missing = (unitId: string) => `La municipalidad no tiene una unidad ${unitId}.`;
const WHAT = "La unidad";

async function load(scope: MunicipalityScope, unitId: string, version: number): Promise<Unit> {
  return checkVersion(
    await getUnit(scope.trx, scope.municipality.id, unitId),
    version,
    WHAT,
    missing(unitId),
  );
}

/** The 409's answer: the unit as it is now. */
const stale = (scope: MunicipalityScope, unitId: string) => ({
  what: WHAT,
  current: () => getUnit(scope.trx, scope.municipality.id, unitId),
});

/** Changes the unit if the client's version is still current; 409 if someone got there first. */
async function write(
  scope: MunicipalityScope,
  unitId: string,
  version: number,
  set: Updateable<Database["org_unit"]>,
) {
  await updateVersioned(
    scope,
    { table: "org_unit", id: unitId, version },
    set,
    stale(scope, unitId),
  );
}

async function renumber(scope: MunicipalityScope, ids: string[], current: Map<string, number>) {
  for (const [sort, id] of ids.entries()) {
    if (current.get(id) === sort) continue;
    await scope.trx
      .updateTable("org_unit")
      .set({ sort })
      .where("municipality_id", "=", scope.municipality.id)
      .where("id", "=", id)
      .execute();
  }
}

export async function createUnit(scope: MunicipalityScope, body: CreateUnit): Promise<Unit> {
  const m = scope.municipality.id;
  const errors = new FieldErrors();
  if (body.parentId && !(await getUnit(scope.trx, m, body.parentId)))
    errors.add("body.parentId", `No existe la unidad ${body.parentId} en esta municipalidad.`);
  if (await unitNameTaken(scope.trx, m, body.name))
    errors.add("body.name", `Ya existe una unidad llamada «${body.name}».`);
  errors.throwIfAny();
  const siblings = await siblingIds(scope.trx, m, body.parentId);
  const row = await scope.trx
    .insertInto("org_unit")
    .values({
      municipality_id: m,
      parent_id: body.parentId,
      name: body.name,
      short_name: body.shortName || null,
      aliases: body.aliases,
      sort: siblings.reduce((max, s) => Math.max(max, s.sort + 1), 0),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const unit = (await getUnit(scope.trx, m, row.id))!;
  await scope.audit({ action: "create", entityType: "unit", entityId: unit.id, after: unit });
  return unit;
}

export async function updateUnit(
  scope: MunicipalityScope,
  unitId: string,
  body: UpdateUnit,
): Promise<Unit> {
  const m = scope.municipality.id;
  const before = await load(scope, unitId, body.version);
  const errors = new FieldErrors();
  if (body.name !== undefined && (await unitNameTaken(scope.trx, m, body.name, unitId)))
    errors.add("body.name", `Ya existe una unidad llamada «${body.name}».`);
  errors.throwIfAny();
  await write(scope, unitId, body.version, {
    ...(body.name !== undefined ? { name: body.name } : {}),
    ...(body.shortName !== undefined ? { short_name: body.shortName || null } : {}),
    ...(body.aliases !== undefined ? { aliases: body.aliases } : {}),
  });
  const after = (await getUnit(scope.trx, m, unitId))!;
  await scope.audit({ action: "update", entityType: "unit", entityId: unitId, before, after });
  return after;
}

export async function moveUnit(
  scope: MunicipalityScope,
  unitId: string,
  body: Move,
): Promise<Unit> {
  const m = scope.municipality.id;
  const before = await load(scope, unitId, body.version);
  await checkNewParent(body.parentId, unitId, () => unitParents(scope.trx, m), {
    missing: `No existe la unidad ${body.parentId} en esta municipalidad.`,
    within: "Una unidad no puede quedar dentro de sí misma ni de sus subunidades.",
  });
  await write(scope, unitId, body.version, { parent_id: body.parentId });
  const siblings = await siblingIds(scope.trx, m, body.parentId);
  await renumber(
    scope,
    placeAt(
      siblings.map((s) => s.id),
      unitId,
      body.position,
    ),
    new Map(siblings.map((s) => [s.id, s.sort])),
  );
  const after = (await getUnit(scope.trx, m, unitId))!;
  await scope.audit({ action: "move", entityType: "unit", entityId: unitId, before, after });
  return after;
}

export async function deleteUnit(
  scope: MunicipalityScope,
  unitId: string,
  version: number,
): Promise<void> {
  const m = scope.municipality.id;
  const before = await load(scope, unitId, version);
  const usage = await unitUsage(scope.trx, m, unitId);
  const reasons = [
    usage.items > 0 ? `es responsable de ${usage.items} iniciativa(s)` : "",
    usage.children > 0 ? `tiene ${usage.children} subunidad(es)` : "",
    usage.users > 0 ? `tiene ${usage.users} usuario(s) asignado(s)` : "",
  ].filter(Boolean);
  if (reasons.length > 0)
    throw conflict(
      `No se puede eliminar la unidad «${before.name}»: ${reasons.join(", ")}. Reasígnelos primero.`,
    );
  await deleteVersioned(scope, { table: "org_unit", id: unitId, version }, stale(scope, unitId));
  await scope.audit({
    action: "delete",
    entityType: "unit",
    entityId: unitId,
    before,
    after: null,
  });
}
