import { sql } from "kysely";
import type { MunicipalityScope } from "../../server/scope";
import { notFound } from "../../server/problem";
import {
  checkVersion,
  conflict,
  deleteVersioned,
  FieldErrors,
  updateVersioned,
} from "../../server/writes";
import type { CreatePlan, CreateVersion, PutLevels, UpdatePlan } from "./edit-schemas";
import { getPlanDetail } from "./queries";
import type { PlanDetail } from "./schemas";

/** Writing plans: statements, period, approval, publication, levels and yearly updates. */

const ALL = { publishedOnly: false };
const STATUS_NAMES = {
  draft: "borrador",
  presented: "presentado",
  approved: "aprobado",
  in_force: "vigente",
  closed: "cerrado",
} as const;
const WHAT = "El plan";
const missing = (planId: string) => `La municipalidad no tiene un plan ${planId}.`;

export async function planOrThrow(scope: MunicipalityScope, planId: string): Promise<PlanDetail> {
  const plan = await getPlanDetail(scope.trx, scope.municipality.id, planId, ALL);
  if (!plan) throw notFound(missing(planId));
  return plan;
}

async function loadPlan(scope: MunicipalityScope, planId: string, version: number) {
  return checkVersion(
    await getPlanDetail(scope.trx, scope.municipality.id, planId, ALL),
    version,
    WHAT,
    missing(planId),
  );
}

/** Bumps the plan's version if the client's is still current; 409 if someone got there first. */
async function bumpPlan(scope: MunicipalityScope, planId: string, version: number) {
  await updateVersioned(scope, { table: "plan", id: planId, version }, {}, stale(scope, planId));
}

/** The 409's answer: the plan as it is now. */
const stale = (scope: MunicipalityScope, planId: string) => ({
  what: WHAT,
  current: () => getPlanDetail(scope.trx, scope.municipality.id, planId, ALL),
});

export async function createPlan(scope: MunicipalityScope, body: CreatePlan): Promise<PlanDetail> {
  const m = scope.municipality.id;
  const errors = new FieldErrors();
  if (body.endYear < body.startYear)
    errors.add("body.endYear", "El año de término no puede ser anterior al año de inicio.");
  errors.throwIfAny();
  const row = await scope.trx
    .insertInto("plan")
    .values({
      municipality_id: m,
      kind: body.kind,
      title: body.title,
      start_year: body.startYear,
      end_year: body.endYear,
      vision: body.vision,
      mission: body.mission,
      desired_scenario: body.desiredScenario,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await scope.trx
    .insertInto("plan_level")
    .values(body.levels.map((l, sort) => ({ municipality_id: m, plan_id: row.id, ...l, sort })))
    .execute();
  const after = (await getPlanDetail(scope.trx, m, row.id, ALL))!;
  await scope.audit({ action: "create", entityType: "plan", entityId: row.id, after });
  return after;
}

/**
 * Approved and in-force plans need the council's agreement or the mayor's
 * decree, and its date (Ley 18.695, art. 65: the Concejo approves the PLADECO).
 */
function checkApproval(approval: NonNullable<UpdatePlan["approval"]>, errors: FieldErrors): void {
  if (approval.status !== "approved" && approval.status !== "in_force") return;
  if (!approval.date)
    errors.add("body.approval.date", "Un plan aprobado o vigente necesita la fecha de aprobación.");
  if (!approval.agreementNumber && !approval.decreeNumber)
    errors.add(
      "body.approval",
      "Un plan aprobado o vigente necesita el número del acuerdo del Concejo o del decreto.",
    );
}

export async function updatePlan(
  scope: MunicipalityScope,
  planId: string,
  body: UpdatePlan,
): Promise<PlanDetail> {
  const m = scope.municipality.id;
  const before = await loadPlan(scope, planId, body.version);
  const errors = new FieldErrors();
  const startYear = body.startYear ?? before.startYear;
  const endYear = body.endYear ?? before.endYear;
  if (endYear < startYear)
    errors.add(
      body.endYear !== undefined ? "body.endYear" : "body.startYear",
      `El año de término (${endYear}) no puede ser anterior al año de inicio (${startYear}).`,
    );
  if (body.approval) checkApproval(body.approval, errors);
  errors.throwIfAny();
  await bumpPlan(scope, planId, body.version);
  const a = body.approval;
  await scope.trx
    .updateTable("plan")
    .set({
      ...(body.kind !== undefined ? { kind: body.kind } : {}),
      ...(body.title !== undefined ? { title: body.title } : {}),
      start_year: startYear,
      end_year: endYear,
      ...(body.vision !== undefined ? { vision: body.vision } : {}),
      ...(body.mission !== undefined ? { mission: body.mission } : {}),
      ...(body.desiredScenario !== undefined ? { desired_scenario: body.desiredScenario } : {}),
      ...(a
        ? {
            approval_status: a.status,
            approval_agreement_number: a.agreementNumber || null,
            approval_decree_number: a.decreeNumber || null,
            approval_date: a.date ?? null,
          }
        : {}),
      // Publishing keeps the first publication's date; unpublishing clears it.
      ...(body.published === true && before.publishedAt === null
        ? { published_at: sql<Date>`now()` }
        : {}),
      ...(body.published === false ? { published_at: null } : {}),
    })
    .where("municipality_id", "=", m)
    .where("id", "=", planId)
    .execute();
  const after = (await getPlanDetail(scope.trx, m, planId, ALL))!;
  await scope.audit({ action: "update", entityType: "plan", entityId: planId, before, after });
  return after;
}

export async function createVersion(
  scope: MunicipalityScope,
  planId: string,
  body: CreateVersion,
): Promise<PlanDetail> {
  const m = scope.municipality.id;
  const plan = await planOrThrow(scope, planId);
  const errors = new FieldErrors();
  if (body.year < plan.startYear || body.year > plan.endYear)
    errors.add(
      "body.year",
      `El año ${body.year} está fuera del período del plan (${plan.startYear}–${plan.endYear}).`,
    );
  if (plan.versions.some((v) => v.label.toLowerCase() === body.label.toLowerCase()))
    errors.add("body.label", `El plan ya tiene una actualización «${body.label}».`);
  errors.throwIfAny();
  const row = await scope.trx
    .insertInto("plan_version")
    .values({ municipality_id: m, plan_id: planId, ...body })
    .returning(["id", "label", "year", "notes"])
    .executeTakeFirstOrThrow();
  await scope.audit({
    action: "create",
    entityType: "plan_version",
    entityId: row.id,
    after: { ...row, planId },
  });
  return (await getPlanDetail(scope.trx, m, planId, ALL))!;
}

/** Renames, reorders and adds levels; a level still used by items cannot go. */
export async function putLevels(
  scope: MunicipalityScope,
  planId: string,
  body: PutLevels,
): Promise<PlanDetail> {
  const m = scope.municipality.id;
  const before = await loadPlan(scope, planId, body.version);
  const keep = new Set(body.levels.map((l) => l.key));
  const removed = before.levels.filter((l) => !keep.has(l.key)).map((l) => l.key);
  if (removed.length > 0) {
    const used = await scope.trx
      .selectFrom("plan_item")
      .where("municipality_id", "=", m)
      .where("plan_id", "=", planId)
      .where("level_key", "in", removed)
      .select(["level_key", (eb) => eb.fn.countAll().as("n")])
      .groupBy("level_key")
      .execute();
    if (used.length > 0)
      throw conflict(
        `No se pueden quitar niveles que tienen iniciativas: ${used
          .map(
            (u) => `«${before.levels.find((l) => l.key === u.level_key)?.name}» (${Number(u.n)})`,
          )
          .join(", ")}.`,
      );
  }
  await bumpPlan(scope, planId, body.version);
  if (removed.length > 0)
    await scope.trx
      .deleteFrom("plan_level")
      .where("municipality_id", "=", m)
      .where("plan_id", "=", planId)
      .where("key", "in", removed)
      .execute();
  await scope.trx
    .insertInto("plan_level")
    .values(body.levels.map((l, sort) => ({ municipality_id: m, plan_id: planId, ...l, sort })))
    .onConflict((oc) =>
      oc.columns(["plan_id", "key"]).doUpdateSet((eb) => ({
        name: eb.ref("excluded.name"),
        plural: eb.ref("excluded.plural"),
        sort: eb.ref("excluded.sort"),
      })),
    )
    .execute();
  const after = (await getPlanDetail(scope.trx, m, planId, ALL))!;
  await scope.audit({ action: "update", entityType: "plan", entityId: planId, before, after });
  return after;
}

/** Only drafts can be deleted: an approved plan is a public record. */
export async function deletePlan(
  scope: MunicipalityScope,
  planId: string,
  version: number,
): Promise<void> {
  const before = await loadPlan(scope, planId, version);
  if (before.approvalStatus !== "draft")
    throw conflict(
      `Solo se pueden eliminar planes en borrador; «${before.title}» está en estado «${STATUS_NAMES[before.approvalStatus]}».`,
    );
  await deleteVersioned(scope, { table: "plan", id: planId, version }, stale(scope, planId));
  await scope.audit({
    action: "delete",
    entityType: "plan",
    entityId: planId,
    before,
    after: null,
  });
}
