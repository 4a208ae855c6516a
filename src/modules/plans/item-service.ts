import { sql, type Updateable } from "kysely";
import type { Database } from "../../db/schema";
import { nextChildCode, placeAt } from "../../domain/tree";
import { notFound } from "../../server/problem";
import { deny, type MunicipalityScope } from "../../server/scope";
import { checkVersion, deleteVersioned, FieldErrors, updateVersioned } from "../../server/writes";
import { canEditItem } from "../auth/permissions";
import type { CreateItem, MoveItem, UpdateItem } from "./edit-schemas";
import { checkItemFields, planContext } from "./item-checks";
import { writeItemLinks } from "./item-links";
import { getItemDetail } from "./item-queries";
import type { ItemDetail } from "./schemas";
import { refreshPlanStructure } from "../monitoring/figures";

/** Writing the item tree: create, edit, move, delete. */

const ALL = { publishedOnly: false };
const WHAT = "La iniciativa";
const missing = (itemId: string) => `La municipalidad no tiene una iniciativa ${itemId}.`;

export async function itemOrThrow(scope: MunicipalityScope, itemId: string): Promise<ItemDetail> {
  const item = await getItemDetail(scope.trx, scope.municipality.id, itemId, ALL);
  if (!item) throw notFound(missing(itemId));
  return item;
}

export const unitIdsOf = (item: ItemDetail) => item.responsibleUnits.map((u) => u.id);

/**
 * Editors change only items of their units, and may not hand an item over
 * entirely: after the change one of their units must still answer for it.
 */
export function authorizeItemEdit(
  scope: MunicipalityScope,
  item: ItemDetail,
  change?: Pick<UpdateItem, "responsibleUnitIds" | "coResponsibleUnitIds">,
): void {
  const m = scope.municipality.id;
  if (!canEditItem(scope.principal, m, unitIdsOf(item)))
    deny(scope.principal, "Solo puede editar iniciativas de sus unidades.");
  if (change?.responsibleUnitIds === undefined && change?.coResponsibleUnitIds === undefined)
    return;
  const byRole = (role: string) =>
    item.responsibleUnits.filter((u) => u.role === role).map((u) => u.id);
  const next = [
    ...(change.responsibleUnitIds ?? byRole("responsible")),
    ...(change.coResponsibleUnitIds ?? byRole("co_responsible")),
  ];
  if (!canEditItem(scope.principal, m, next))
    deny(
      scope.principal,
      "No puede quitar de la iniciativa todas sus unidades: quedaría sin poder editarla.",
    );
}

/** Applies a change to the item row if the client's version is still current. */
async function writeItem(
  scope: MunicipalityScope,
  itemId: string,
  version: number,
  set: Updateable<Database["plan_item"]>,
): Promise<void> {
  await updateVersioned(
    scope,
    { table: "plan_item", id: itemId, version },
    set,
    stale(scope, itemId),
  );
}

/** The 409's answer: the item as it is now. */
const stale = (scope: MunicipalityScope, itemId: string) => ({
  what: WHAT,
  current: () => getItemDetail(scope.trx, scope.municipality.id, itemId, ALL),
});

function rowFields(body: Omit<UpdateItem, "version">) {
  return {
    ...(body.title !== undefined ? { title: body.title } : {}),
    ...(body.description !== undefined ? { description: body.description } : {}),
    ...(body.startDate !== undefined ? { start_date: body.startDate } : {}),
    ...(body.endDate !== undefined ? { end_date: body.endDate } : {}),
    ...(body.deadlineText !== undefined ? { deadline_text: body.deadlineText || null } : {}),
    ...(body.fundingText !== undefined ? { funding_text: body.fundingText || null } : {}),
    ...(body.weight !== undefined ? { weight: body.weight } : {}),
    ...(body.status !== undefined ? { status: body.status } : {}),
    ...(body.assumptions !== undefined ? { assumptions: body.assumptions } : {}),
  };
}

async function siblings(scope: MunicipalityScope, planId: string, parentId: string | null) {
  return scope.trx
    .selectFrom("plan_item")
    .where("municipality_id", "=", scope.municipality.id)
    .where("plan_id", "=", planId)
    .where((eb) =>
      parentId === null ? eb("parent_id", "is", null) : eb("parent_id", "=", parentId),
    )
    .select(["id", "sort", "code"])
    .orderBy("sort")
    .orderBy("code")
    .execute();
}

async function parentsOf(scope: MunicipalityScope, planId: string) {
  const rows = await scope.trx
    .selectFrom("plan_item")
    .where("municipality_id", "=", scope.municipality.id)
    .where("plan_id", "=", planId)
    .select(["id", "parent_id", "code"])
    .execute();
  return {
    parents: new Map(rows.map((r) => [r.id, r.parent_id])),
    codes: new Map(rows.map((r) => [r.id, r.code])),
  };
}

export async function createItem(
  scope: MunicipalityScope,
  planId: string,
  body: CreateItem,
): Promise<ItemDetail> {
  const m = scope.municipality.id;
  const plan = await planContext(scope, planId);
  const { parentId, levelKey, ...fields } = body;
  const errors = new FieldErrors();
  const { codes } = await parentsOf(scope, planId);
  if (parentId !== null && !codes.has(parentId))
    errors.add("body.parentId", `No existe la iniciativa ${parentId} en este plan.`);
  if (!plan.levels.has(levelKey))
    errors.add("body.levelKey", `El plan no tiene un nivel «${levelKey}».`);
  await checkItemFields(scope, plan, fields, errors, null);
  errors.throwIfAny();

  const parentCode = parentId === null ? null : codes.get(parentId)!;
  const code = nextChildCode(parentCode, [...codes.values()]);
  const sort = (await siblings(scope, planId, parentId)).reduce(
    (max, s) => Math.max(max, s.sort + 1),
    0,
  );
  const row = await scope.trx
    .insertInto("plan_item")
    .values({
      municipality_id: m,
      plan_id: planId,
      parent_id: parentId,
      level_key: levelKey,
      code,
      sort,
      title: fields.title,
      description: fields.description ?? "",
      status: fields.status ?? "planned",
      start_date: fields.startDate ?? null,
      end_date: fields.endDate ?? null,
      deadline_text: fields.deadlineText || null,
      funding_text: fields.fundingText || null,
      assumptions: fields.assumptions ?? "",
      weight: fields.weight ?? 1,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await writeItemLinks(scope, planId, row.id, fields);
  const after = await itemOrThrow(scope, row.id);
  await scope.audit({ action: "create", entityType: "item", entityId: row.id, after });
  await refreshPlanStructure(scope.trx, planId);
  return after;
}

export async function updateItem(
  scope: MunicipalityScope,
  itemId: string,
  body: UpdateItem,
): Promise<ItemDetail> {
  const before = await itemOrThrow(scope, itemId);
  authorizeItemEdit(scope, before, body);
  checkVersion(before, body.version, WHAT, missing(itemId));
  const { version, ...fields } = body;
  const plan = await planContext(scope, before.planId);
  const errors = new FieldErrors();
  await checkItemFields(scope, plan, fields, errors, {
    itemId,
    dates: { startDate: before.startDate, endDate: before.endDate },
  });
  errors.throwIfAny();
  await writeItem(scope, itemId, version, rowFields(fields));
  await writeItemLinks(scope, before.planId, itemId, fields);
  const after = await itemOrThrow(scope, itemId);
  await scope.audit({ action: "update", entityType: "item", entityId: itemId, before, after });
  if (ROLLUP_FIELDS.some((k) => fields[k] !== undefined))
    await refreshPlanStructure(scope.trx, before.planId);
  return after;
}

/** Moves an item (with its subtree) under another parent and to a place among siblings. Codes stay. */
export async function moveItem(
  scope: MunicipalityScope,
  itemId: string,
  body: MoveItem,
): Promise<ItemDetail> {
  const before = checkVersion(
    await getItemDetail(scope.trx, scope.municipality.id, itemId, ALL),
    body.version,
    WHAT,
    missing(itemId),
  );
  const plan = await planContext(scope, before.planId);
  const errors = new FieldErrors();
  if (body.parentId !== null) {
    const { parents } = await parentsOf(scope, before.planId);
    errors.parent(parents, itemId, body.parentId, {
      missing: `No existe la iniciativa ${body.parentId} en este plan.`,
      within: "Una iniciativa no puede quedar bajo sí misma ni bajo una de sus iniciativas hijas.",
    });
  }
  if (body.levelKey !== undefined && !plan.levels.has(body.levelKey))
    errors.add("body.levelKey", `El plan no tiene un nivel «${body.levelKey}».`);
  errors.throwIfAny();

  await writeItem(scope, itemId, body.version, {
    parent_id: body.parentId,
    ...(body.levelKey !== undefined ? { level_key: body.levelKey } : {}),
  });
  const current = await siblings(scope, before.planId, body.parentId);
  const sortOf = new Map(current.map((s) => [s.id, s.sort]));
  const order = placeAt(
    current.map((s) => s.id),
    itemId,
    body.position,
  );
  for (const [sort, id] of order.entries()) {
    if (sortOf.get(id) === sort) continue;
    await scope.trx
      .updateTable("plan_item")
      .set({ sort })
      .where("municipality_id", "=", scope.municipality.id)
      .where("id", "=", id)
      .execute();
  }
  const after = await itemOrThrow(scope, itemId);
  await scope.audit({ action: "move", entityType: "item", entityId: itemId, before, after });
  await refreshPlanStructure(scope.trx, before.planId);
  return after;
}

/** Deletes an item with its whole subtree; one audit row, noting how many items went with it. */
export async function deleteItem(
  scope: MunicipalityScope,
  itemId: string,
  version: number,
): Promise<void> {
  const m = scope.municipality.id;
  const before = checkVersion(
    await getItemDetail(scope.trx, m, itemId, ALL),
    version,
    WHAT,
    missing(itemId),
  );
  const { rows } = await sql<{ n: number }>`
    with recursive sub as (
      select id from plan_item where id = ${itemId} and municipality_id = ${m}
      union all
      select i.id from plan_item i join sub on i.parent_id = sub.id
    )
    select (count(*) - 1)::int as n from sub`.execute(scope.trx);
  await deleteVersioned(scope, { table: "plan_item", id: itemId, version }, stale(scope, itemId));
  await scope.audit({
    action: "delete",
    entityType: "item",
    entityId: itemId,
    before: { ...before, deletedDescendants: rows[0]?.n ?? 0 },
    after: null,
  });
  await refreshPlanStructure(scope.trx, before.planId);
}

/**
 * The fields whose change moves the precomputed figures (roll-up weights,
 * classification keys): the plan's figures are recomputed in the same
 * transaction, a structural edit being rare next to measurements.
 */
const ROLLUP_FIELDS = [
  "weight",
  "responsibleUnitIds",
  "coResponsibleUnitIds",
  "territoryIds",
  "funding",
  "sdgs",
  "transversalAxisKeys",
] as const;
