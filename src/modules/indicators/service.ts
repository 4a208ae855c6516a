import { sql, type Transaction } from "kysely";
import type { Database } from "../../db/schema";
import { notFound } from "../../server/problem";
import type { MunicipalityScope } from "../../server/scope";
import { checkVersion, staleVersion } from "../../server/writes";
import { authorizeItemEdit, itemOrThrow } from "../plans/item-service";
import type { CreateIndicator, IndicatorDetail, UpdateIndicator } from "./schemas";

/** Writing an item's indicators: whoever may edit the item may edit them. */

const WHAT = "El indicador";
const missing = (id: string) => `La municipalidad no tiene un indicador ${id}.`;

export async function getIndicator(
  trx: Transaction<Database>,
  municipalityId: string,
  indicatorId: string,
): Promise<IndicatorDetail | undefined> {
  return trx
    .selectFrom("indicator")
    .where("municipality_id", "=", municipalityId)
    .where("id", "=", indicatorId)
    .select([
      "id",
      "item_id as itemId",
      "name",
      "kind",
      "formula",
      "unit",
      "target_text as targetText",
      "target_value as targetValue",
      "target_unit as targetUnit",
      "baseline_text as baselineText",
      "baseline_value as baselineValue",
      "version",
    ])
    .executeTakeFirst();
}

function columns(body: Partial<Omit<UpdateIndicator, "version">>) {
  const blank = (s: string | null | undefined) => (s ? s : null);
  return {
    ...(body.name !== undefined ? { name: body.name } : {}),
    ...(body.kind !== undefined ? { kind: body.kind } : {}),
    ...(body.formula !== undefined ? { formula: blank(body.formula) } : {}),
    ...(body.unit !== undefined ? { unit: blank(body.unit) } : {}),
    ...(body.targetText !== undefined ? { target_text: blank(body.targetText) } : {}),
    ...(body.targetValue !== undefined ? { target_value: body.targetValue } : {}),
    ...(body.targetUnit !== undefined ? { target_unit: blank(body.targetUnit) } : {}),
    ...(body.baselineText !== undefined ? { baseline_text: blank(body.baselineText) } : {}),
    ...(body.baselineValue !== undefined ? { baseline_value: body.baselineValue } : {}),
  };
}

/** The indicator and, through its item, the right to change it. */
async function loadForEdit(scope: MunicipalityScope, indicatorId: string, version: number) {
  const current = await getIndicator(scope.trx, scope.municipality.id, indicatorId);
  if (!current) throw notFound(missing(indicatorId));
  authorizeItemEdit(scope, await itemOrThrow(scope, current.itemId));
  return checkVersion(current, version, WHAT, missing(indicatorId));
}

export async function createIndicator(
  scope: MunicipalityScope,
  itemId: string,
  body: CreateIndicator,
): Promise<IndicatorDetail> {
  const m = scope.municipality.id;
  const item = await itemOrThrow(scope, itemId);
  authorizeItemEdit(scope, item);
  const last = await scope.trx
    .selectFrom("indicator")
    .where("municipality_id", "=", m)
    .where("item_id", "=", itemId)
    .select((eb) => eb.fn.max("sort").as("sort"))
    .executeTakeFirst();
  const row = await scope.trx
    .insertInto("indicator")
    .values({
      municipality_id: m,
      item_id: itemId,
      sort: last?.sort == null ? 0 : Number(last.sort) + 1,
      name: body.name,
      ...columns(body),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const after = (await getIndicator(scope.trx, m, row.id))!;
  await scope.audit({ action: "create", entityType: "indicator", entityId: row.id, after });
  return after;
}

export async function updateIndicator(
  scope: MunicipalityScope,
  indicatorId: string,
  body: UpdateIndicator,
): Promise<IndicatorDetail> {
  const m = scope.municipality.id;
  const before = await loadForEdit(scope, indicatorId, body.version);
  const { version, ...fields } = body;
  const row = await scope.trx
    .updateTable("indicator")
    .set({ ...columns(fields), version: sql`version + 1`, updated_at: sql`now()` })
    .where("municipality_id", "=", m)
    .where("id", "=", indicatorId)
    .where("version", "=", version)
    .returning("id")
    .executeTakeFirst();
  const after = await getIndicator(scope.trx, m, indicatorId);
  if (!row) throw staleVersion(WHAT, after);
  await scope.audit({
    action: "update",
    entityType: "indicator",
    entityId: indicatorId,
    before,
    after,
  });
  return after!;
}

export async function deleteIndicator(
  scope: MunicipalityScope,
  indicatorId: string,
  version: number,
): Promise<void> {
  const m = scope.municipality.id;
  const before = await loadForEdit(scope, indicatorId, version);
  const row = await scope.trx
    .deleteFrom("indicator")
    .where("municipality_id", "=", m)
    .where("id", "=", indicatorId)
    .where("version", "=", version)
    .returning("id")
    .executeTakeFirst();
  if (!row) throw staleVersion(WHAT, await getIndicator(scope.trx, m, indicatorId));
  await scope.audit({
    action: "delete",
    entityType: "indicator",
    entityId: indicatorId,
    before,
    after: null,
  });
}
