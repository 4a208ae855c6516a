import type { Transaction } from "kysely";
import type { Database } from "../../db/schema";
import { notFound } from "../../server/problem";
import type { MunicipalityScope } from "../../server/scope";
import { checkVersion, deleteVersioned, updateVersioned } from "../../server/writes";
import { refreshIndicator, refreshPlanStructure } from "../monitoring/figures";
import { authorizeItemEdit, itemOrThrow } from "../plans/item-service";
import { checkDefinition } from "./definition";
import { readIndicators } from "./read";
import type { CreateIndicator, Definition, IndicatorDetail, UpdateIndicator } from "./schemas";

/**
 * Writing an item's indicators — name, texts and the whole definition the
 * indicator engine reads — in one place: whoever may edit the item may edit
 * them. Every change is checked as a whole definition (field errors, nothing
 * saved) and brings the plan's precomputed figures up to date in the same
 * transaction.
 */

const WHAT = "El indicador";

/** The 409's answer: the indicator as it is now. */
const stale = (scope: MunicipalityScope, indicatorId: string) => ({
  what: WHAT,
  current: () => getIndicator(scope.trx, scope.municipality.id, indicatorId),
});
const missing = (id: string) => `La municipalidad no tiene un indicador ${id}.`;

export async function getIndicator(
  trx: Transaction<Database>,
  municipalityId: string,
  indicatorId: string,
): Promise<IndicatorDetail | undefined> {
  return (await readIndicators(trx, municipalityId, { indicatorId }))[0];
}

type Fields = Omit<UpdateIndicator, "version">;

function columns(body: Fields) {
  const blank = (s: string | null | undefined) => (s ? s : null);
  const set = <K extends keyof Fields, V>(k: K, column: string, f: (v: Fields[K]) => V) =>
    body[k] !== undefined ? { [column]: f(body[k]) } : {};
  const same = <V>(v: V) => v;
  return {
    ...set("name", "name", same),
    ...set("kind", "kind", same),
    ...set("formula", "formula", blank),
    ...set("unit", "unit", blank),
    ...set("targetText", "target_text", blank),
    ...set("targetValue", "target_value", same),
    ...set("targetUnit", "target_unit", blank),
    ...set("baselineText", "baseline_text", blank),
    ...set("baselineValue", "baseline_value", same),
    ...set("valueType", "value_type", same),
    ...set("direction", "direction", same),
    ...set("bandMin", "band_min", same),
    ...set("bandMax", "band_max", same),
    ...set("baselineDate", "baseline_date", same),
    ...set("baselinePending", "baseline_pending", same),
    ...set("targetDate", "target_date", same),
    ...set("gapReferenceValue", "gap_reference_value", same),
    ...set("gapPercent", "gap_percent", same),
    ...set("periodicity", "periodicity", same),
    ...set("graceDays", "grace_days", same),
    ...set("category", "category", same),
    ...set("programGoalType", "program_goal_type", same),
    ...set("dataSource", "data_source", blank),
    ...set("verificationMeans", "verification_means", blank),
    ...set("milestoneDueDate", "milestone_due_date", same),
    ...set("milestoneDoneDate", "milestone_done_date", same),
  };
}

const DEFAULTS: Definition = {
  kind: "evidence",
  formula: null,
  unit: null,
  targetText: null,
  targetValue: null,
  targetUnit: null,
  baselineText: null,
  baselineValue: null,
  variables: [],
  valueType: null,
  direction: "increase",
  bandMin: null,
  bandMax: null,
  baselineDate: null,
  baselinePending: false,
  targetDate: null,
  gapReferenceValue: null,
  gapPercent: null,
  targets: [],
  periodicity: "year",
  graceDays: 30,
  category: null,
  programGoalType: null,
  dataSource: null,
  verificationMeans: null,
  milestoneDueDate: null,
  milestoneDoneDate: null,
};

/** The definition after the change, checked whole against the plan's years. */
async function checkChange(
  scope: MunicipalityScope,
  itemId: string,
  before: Definition,
  body: Fields,
) {
  const plan = await scope.trx
    .selectFrom("plan_item as p")
    .innerJoin("plan as pl", "pl.id", "p.plan_id")
    .select(["pl.id", "pl.start_year as startYear", "pl.end_year as endYear"])
    .where("p.id", "=", itemId)
    .executeTakeFirstOrThrow();
  const given = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
  checkDefinition({ ...before, ...given } as Definition, plan).throwIfAny();
  return plan.id;
}

/** Variables and targets are replaced as lists when the change carries them. */
async function writeLists(scope: MunicipalityScope, indicatorId: string, body: Fields) {
  const m = scope.municipality.id;
  if (body.variables !== undefined) {
    await scope.trx
      .deleteFrom("indicator_variable")
      .where("indicator_id", "=", indicatorId)
      .execute();
    if (body.variables.length > 0)
      await scope.trx
        .insertInto("indicator_variable")
        .values(
          body.variables.map((v, sort) => ({
            municipality_id: m,
            indicator_id: indicatorId,
            ...v,
            sort,
          })),
        )
        .execute();
  }
  if (body.targets !== undefined) {
    await scope.trx
      .deleteFrom("indicator_target")
      .where("indicator_id", "=", indicatorId)
      .execute();
    if (body.targets.length > 0)
      await scope.trx
        .insertInto("indicator_target")
        .values(
          body.targets.map((t) => ({
            municipality_id: m,
            indicator_id: indicatorId,
            period_key: t.period,
            value: t.value,
          })),
        )
        .execute();
  }
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
  const planId = await checkChange(scope, itemId, DEFAULTS, body);
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
  await writeLists(scope, row.id, body);
  const after = (await getIndicator(scope.trx, m, row.id))!;
  await scope.audit({ action: "create", entityType: "indicator", entityId: row.id, after });
  await refreshPlanStructure(scope.trx, planId);
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
  await checkChange(scope, before.itemId, before, fields);
  await updateVersioned(
    scope,
    { table: "indicator", id: indicatorId, version },
    columns(fields),
    stale(scope, indicatorId),
  );
  await writeLists(scope, indicatorId, fields);
  const after = (await getIndicator(scope.trx, m, indicatorId))!;
  await scope.audit({
    action: "update",
    entityType: "indicator",
    entityId: indicatorId,
    before,
    after,
  });
  await refreshIndicator(scope.trx, indicatorId);
  return after;
}

export async function deleteIndicator(
  scope: MunicipalityScope,
  indicatorId: string,
  version: number,
): Promise<void> {
  const before = await loadForEdit(scope, indicatorId, version);
  await deleteVersioned(
    scope,
    { table: "indicator", id: indicatorId, version },
    stale(scope, indicatorId),
  );
  await scope.audit({
    action: "delete",
    entityType: "indicator",
    entityId: indicatorId,
    before,
    after: null,
  });
  const plan = await scope.trx
    .selectFrom("plan_item")
    .select("plan_id")
    .where("id", "=", before.itemId)
    .executeTakeFirst();
  if (plan) await refreshPlanStructure(scope.trx, plan.plan_id);
}
