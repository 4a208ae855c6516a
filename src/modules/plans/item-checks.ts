import type { MunicipalityScope } from "../../server/scope";
import { notFound } from "../../server/problem";
import type { FieldErrors } from "../../server/writes";
import type { ItemFields } from "./edit-schemas";

/**
 * Checks of an item's fields that need the database: every id, code and
 * catalogue entry must exist in this municipality (or in the shared
 * catalogues), so that a bad value is a 400 naming the field, never a foreign
 * key error. Rows of other municipalities are invisible here (row-level
 * security), so their ids read as nonexistent and reveal nothing.
 */

export interface PlanContext {
  id: string;
  startYear: number;
  endYear: number;
  levels: Map<string, string>;
}

export async function planContext(scope: MunicipalityScope, planId: string): Promise<PlanContext> {
  const m = scope.municipality.id;
  const plan = await scope.trx
    .selectFrom("plan")
    .where("municipality_id", "=", m)
    .where("id", "=", planId)
    .select(["id", "start_year", "end_year"])
    .executeTakeFirst();
  if (!plan) throw notFound(`La municipalidad no tiene un plan ${planId}.`);
  const levels = await scope.trx
    .selectFrom("plan_level")
    .where("municipality_id", "=", m)
    .where("plan_id", "=", planId)
    .select(["key", "name"])
    .orderBy("sort")
    .execute();
  return {
    id: plan.id,
    startYear: plan.start_year,
    endYear: plan.end_year,
    levels: new Map(levels.map((l) => [l.key, l.name])),
  };
}

async function existing(
  scope: MunicipalityScope,
  table: "org_unit" | "territory",
  ids: readonly string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await scope.trx
    .selectFrom(table)
    .where("municipality_id", "=", scope.municipality.id)
    .where("id", "in", [...new Set(ids)])
    .select("id")
    .execute();
  return new Set(rows.map((r) => r.id));
}

function each(
  errors: FieldErrors,
  field: string,
  ids: readonly string[] | undefined,
  ok: (id: string) => boolean,
  message: (id: string) => string,
): void {
  ids?.forEach((id, i) => {
    if (!ok(id)) errors.add(`body.${field}.${i}`, message(id));
  });
}

export interface CurrentDates {
  startDate: string | null;
  endDate: string | null;
}

export async function checkItemFields(
  scope: MunicipalityScope,
  plan: PlanContext,
  fields: ItemFields,
  errors: FieldErrors,
  current: { itemId: string; dates: CurrentDates } | null,
): Promise<void> {
  const m = scope.municipality.id;
  const unitIds = [...(fields.responsibleUnitIds ?? []), ...(fields.coResponsibleUnitIds ?? [])];
  const units = await existing(scope, "org_unit", unitIds);
  const noUnit = (id: string) => `No existe la unidad ${id} en esta municipalidad.`;
  each(errors, "responsibleUnitIds", fields.responsibleUnitIds, (id) => units.has(id), noUnit);
  each(errors, "coResponsibleUnitIds", fields.coResponsibleUnitIds, (id) => units.has(id), noUnit);
  const responsible = new Set(fields.responsibleUnitIds ?? []);
  each(
    errors,
    "coResponsibleUnitIds",
    fields.coResponsibleUnitIds,
    (id) => !responsible.has(id),
    (id) => `La unidad ${id} ya figura como responsable; no puede ser también corresponsable.`,
  );

  const territories = await existing(scope, "territory", fields.territoryIds ?? []);
  each(
    errors,
    "territoryIds",
    fields.territoryIds,
    (id) => territories.has(id),
    (id) => `No existe el territorio ${id} en esta municipalidad.`,
  );

  if (fields.funding?.length) {
    const codes = new Set(
      (
        await scope.trx
          .selectFrom("funding_source")
          .where("code", "in", [...new Set(fields.funding.map((f) => f.sourceCode))])
          .select("code")
          .execute()
      ).map((r) => r.code),
    );
    fields.funding.forEach((f, i) => {
      if (!codes.has(f.sourceCode))
        errors.add(
          `body.funding.${i}.sourceCode`,
          `No existe la fuente de financiamiento «${f.sourceCode}».`,
        );
      if (f.year != null && (f.year < plan.startYear || f.year > plan.endYear))
        errors.add(
          `body.funding.${i}.year`,
          `El año ${f.year} está fuera del período del plan (${plan.startYear}–${plan.endYear}).`,
        );
    });
  }

  if (fields.sdgs?.length) {
    const goals = new Set(
      (await scope.trx.selectFrom("sdg_goal").select("number").execute()).map((r) => r.number),
    );
    const wanted = fields.sdgs.flatMap((s) => (s.target ? [s.target] : []));
    const targets = new Map(
      wanted.length === 0
        ? []
        : (
            await scope.trx
              .selectFrom("sdg_target")
              .where("code", "in", [...new Set(wanted)])
              .select(["code", "goal_number"])
              .execute()
          ).map((t) => [t.code, t.goal_number]),
    );
    fields.sdgs.forEach((s, i) => {
      if (!goals.has(s.goal))
        errors.add(
          `body.sdgs.${i}.goal`,
          `No existe el Objetivo de Desarrollo Sostenible ${s.goal}.`,
        );
      else if (s.target && targets.get(s.target) !== s.goal)
        errors.add(
          `body.sdgs.${i}.target`,
          targets.has(s.target)
            ? `La meta ${s.target} no pertenece al ODS ${s.goal}.`
            : `No existe la meta ODS ${s.target}.`,
        );
    });
  }

  if (fields.transversalAxisKeys?.length) {
    const axes = await axisIds(scope, plan.id, fields.transversalAxisKeys);
    each(
      errors,
      "transversalAxisKeys",
      fields.transversalAxisKeys,
      (key) => axes.has(key),
      (key) => `El plan no tiene un eje transversal «${key}».`,
    );
  }

  if (fields.dependsOn?.length) {
    const rows = await scope.trx
      .selectFrom("plan_item")
      .where("municipality_id", "=", m)
      .where("plan_id", "=", plan.id)
      .where("id", "in", [...new Set(fields.dependsOn)])
      .select("id")
      .execute();
    const found = new Set(rows.map((r) => r.id));
    each(
      errors,
      "dependsOn",
      fields.dependsOn,
      (id) => found.has(id) && id !== current?.itemId,
      (id) =>
        id === current?.itemId
          ? "Una iniciativa no puede depender de sí misma."
          : `No existe la iniciativa ${id} en este plan.`,
    );
  }

  const start = fields.startDate !== undefined ? fields.startDate : current?.dates.startDate;
  const end = fields.endDate !== undefined ? fields.endDate : current?.dates.endDate;
  if (start && end && start > end)
    errors.add(
      fields.endDate !== undefined ? "body.endDate" : "body.startDate",
      `La fecha de inicio (${start}) es posterior a la de término (${end}).`,
    );
}

export async function axisIds(
  scope: MunicipalityScope,
  planId: string,
  keys: readonly string[],
): Promise<Map<string, string>> {
  if (keys.length === 0) return new Map();
  const rows = await scope.trx
    .selectFrom("transversal_axis")
    .where("municipality_id", "=", scope.municipality.id)
    .where("plan_id", "=", planId)
    .where("key", "in", [...new Set(keys)])
    .select(["id", "key"])
    .execute();
  return new Map(rows.map((r) => [r.key, r.id]));
}
