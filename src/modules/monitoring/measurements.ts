import { sql } from "kysely";
import type { MeasurementStatus } from "../../db/schema";
import { periodLabel } from "../../domain/monitoring/periods";
import { notFound } from "../../server/problem";
import type { MunicipalityScope } from "../../server/scope";
import { conflict, invalid, staleVersion } from "../../server/writes";
import { can } from "../auth/permissions";
import { refreshIndicator } from "./figures";
import {
  checkPeriod,
  reportTarget,
  requireReporter,
  requireValidator,
  valueOf,
} from "./report-target";
import type {
  CreateMeasurement,
  MeasurementDetail,
  MeasurementDto,
  UpdateMeasurement,
} from "./schemas";

/**
 * The measurement workflow: an editor of the item's unit reports a value for
 * a period (draft), submits it, and a validator validates or rejects it with
 * a reason. Only validated values count; a validated period is locked until
 * a validator reopens it, and every change keeps the earlier state
 * (measurement_revision).
 */

type Row = {
  id: string;
  indicator_id: string;
  period_key: string;
  period_start: string;
  period_end: string;
  status: MeasurementStatus;
  value: number | null;
  variables: Record<string, number>;
  comment: string;
  rejection_reason: string | null;
  is_simulated: boolean;
  submitted_at: Date | null;
  validated_at: Date | null;
  version: number;
  updated_at: Date;
};

export function presentMeasurement(r: Row): MeasurementDto {
  return {
    id: r.id,
    indicatorId: r.indicator_id,
    period: r.period_key,
    periodStart: r.period_start,
    periodEnd: r.period_end,
    status: r.status,
    value: r.value,
    variables: r.variables,
    comment: r.comment,
    rejectionReason: r.rejection_reason,
    isSimulated: r.is_simulated,
    submittedAt: r.submitted_at,
    validatedAt: r.validated_at,
    version: r.version,
    updatedAt: r.updated_at,
  };
}

const COLUMNS = [
  "id",
  "indicator_id",
  "period_key",
  "period_start",
  "period_end",
  "status",
  "value",
  "variables",
  "comment",
  "rejection_reason",
  "is_simulated",
  "submitted_at",
  "validated_at",
  "version",
  "updated_at",
] as const;

/** Measurements of an indicator; people outside the municipality see validated ones only. */
export async function listMeasurements(scope: MunicipalityScope, indicatorId: string) {
  await reportTarget(scope, indicatorId);
  let query = scope.trx
    .selectFrom("measurement as m")
    .select(COLUMNS.map((c) => `m.${c}` as const))
    .select((eb) =>
      eb
        .selectFrom("evidence as e")
        .whereRef("e.measurement_id", "=", "m.id")
        .select(eb.fn.countAll<number>().as("n"))
        .as("evidence_count"),
    )
    .where("m.indicator_id", "=", indicatorId)
    .orderBy("m.period_start");
  const member = can(scope.principal, scope.municipality.id, "plan.read");
  if (!member) query = query.where("m.status", "=", "validated");
  return {
    items: (await query.execute()).map((r) => ({
      ...presentMeasurement(r),
      // Evidence is for members only (as in the measurement's detail).
      evidenceCount: member ? Number(r.evidence_count ?? 0) : 0,
    })),
  };
}

async function loadMeasurement(scope: MunicipalityScope, id: string, lock = false) {
  let query = scope.trx.selectFrom("measurement").select(COLUMNS).where("id", "=", id);
  if (lock) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  const member = can(scope.principal, scope.municipality.id, "plan.read");
  if (!row || (!member && row.status !== "validated"))
    throw notFound(
      `La municipalidad ${scope.municipality.cutCode} no tiene una medición ${id} visible para usted.`,
    );
  const target = await reportTarget(scope, row.indicator_id);
  return { row, target };
}

export async function getMeasurement(
  scope: MunicipalityScope,
  id: string,
): Promise<MeasurementDetail> {
  const { row } = await loadMeasurement(scope, id);
  const member = can(scope.principal, scope.municipality.id, "plan.read");
  const [evidence, revisions] = await Promise.all([
    member
      ? scope.trx
          .selectFrom("evidence")
          .select([
            "id",
            "file_name as fileName",
            "content_type as contentType",
            "size",
            "sha256",
            "created_at as createdAt",
          ])
          .where("measurement_id", "=", id)
          .orderBy("created_at")
          .execute()
      : [],
    member
      ? scope.trx
          .selectFrom("measurement_revision")
          .select([
            "version",
            "status",
            "value",
            "variables",
            "comment",
            "rejection_reason as rejectionReason",
            "replaced_at as replacedAt",
          ])
          .where("measurement_id", "=", id)
          .orderBy("version")
          .execute()
      : [],
  ]);
  return { ...presentMeasurement(row), evidence, revisions };
}

export async function createMeasurement(
  scope: MunicipalityScope,
  indicatorId: string,
  input: CreateMeasurement,
): Promise<MeasurementDetail> {
  const target = await reportTarget(scope, indicatorId);
  requireReporter(scope, target);
  const period = checkPeriod(target, input.period);
  const existing = await scope.trx
    .selectFrom("measurement")
    .select(["id", "status"])
    .where("indicator_id", "=", indicatorId)
    .where("period_key", "=", period.key)
    .executeTakeFirst();
  if (existing?.status === "validated")
    throw invalid([
      {
        path: "period",
        message: `${periodLabel(period)} ya tiene una medición validada: el período está cerrado. Un validador puede reabrirla para corregirla.`,
      },
    ]);
  if (existing)
    throw invalid([
      {
        path: "period",
        message: `${periodLabel(period)} ya tiene una medición (${existing.id}): edítela en vez de crear otra.`,
      },
    ]);
  const { value, variables } = valueOf(target, input);
  const row = await scope.trx
    .insertInto("measurement")
    .values({
      municipality_id: scope.municipality.id,
      indicator_id: indicatorId,
      period_key: period.key,
      period_start: period.start,
      period_end: period.end,
      value,
      variables: JSON.stringify(variables),
      comment: input.comment ?? "",
      reported_by: scope.actor.userId,
    })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  await scope.audit({
    action: "create",
    entityType: "measurement",
    entityId: row.id,
    after: presentMeasurement(row),
  });
  return { ...presentMeasurement(row), evidence: [], revisions: [] };
}

/** Keeps the measurement's current state as a revision before it changes. */
async function keepRevision(scope: MunicipalityScope, row: Row) {
  await scope.trx
    .insertInto("measurement_revision")
    .values({
      municipality_id: scope.municipality.id,
      measurement_id: row.id,
      version: row.version,
      status: row.status,
      value: row.value,
      variables: JSON.stringify(row.variables),
      comment: row.comment,
      rejection_reason: row.rejection_reason,
      changed_by: scope.actor.userId,
    })
    .execute();
}

function checkCurrent(row: Row, version: number) {
  if (row.version !== version) throw staleVersion("La medición", presentMeasurement(row));
}

async function change(
  scope: MunicipalityScope,
  row: Row,
  values: Partial<{
    status: MeasurementStatus;
    value: number | null;
    variables: string;
    comment: string;
    rejection_reason: string | null;
    submitted_at: Date | null;
    validated_at: Date | null;
    validated_by: string | null;
  }>,
  what: string,
): Promise<MeasurementDetail> {
  await keepRevision(scope, row);
  const next = await scope.trx
    .updateTable("measurement")
    .set({ ...values, version: sql`version + 1`, updated_at: sql`now()` })
    .where("id", "=", row.id)
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  await scope.audit({
    action: "update",
    entityType: "measurement",
    entityId: row.id,
    before: presentMeasurement(row),
    after: { ...presentMeasurement(next), transition: what },
  });
  // The figures move only when a validated value appears or disappears.
  if (row.status === "validated" || next.status === "validated")
    await refreshIndicator(scope.trx, row.indicator_id);
  return getMeasurement(scope, row.id);
}

export async function updateMeasurement(
  scope: MunicipalityScope,
  id: string,
  input: UpdateMeasurement,
) {
  const { row, target } = await loadMeasurement(scope, id, true);
  requireReporter(scope, target);
  if (row.status === "validated")
    throw conflict(
      "La medición está validada: el período está cerrado. Un validador puede reabrirla para corregirla.",
    );
  if (row.status === "submitted")
    throw conflict(
      "La medición está enviada a validación: espere la validación o el rechazo para corregirla.",
    );
  checkCurrent(row, input.version);
  const computed = valueOf(target, {
    variables: input.variables ?? (input.value === undefined ? row.variables : undefined),
    value:
      input.value === undefined ? (target.kind === "formula" ? undefined : row.value) : input.value,
  });
  return change(
    scope,
    row,
    {
      status: "draft",
      value: computed.value,
      variables: JSON.stringify(computed.variables),
      comment: input.comment ?? row.comment,
    },
    "edit",
  );
}

export async function submitMeasurement(scope: MunicipalityScope, id: string, version: number) {
  const { row, target } = await loadMeasurement(scope, id, true);
  requireReporter(scope, target);
  if (row.status !== "draft" && row.status !== "rejected")
    throw conflict(
      `La medición está ${STATUS_NAME[row.status]}: solo se envía un borrador o una medición rechazada.`,
    );
  checkCurrent(row, version);
  if (target.kind === "evidence") {
    const files = await scope.trx
      .selectFrom("evidence")
      .select("id")
      .where("measurement_id", "=", id)
      .limit(1)
      .execute();
    if (files.length === 0)
      throw invalid([
        {
          path: "evidence",
          message:
            "Este indicador se verifica con medios de verificación: adjunte al menos un archivo antes de enviar.",
        },
      ]);
  } else if (row.value === null)
    throw invalid([{ path: "value", message: "Falta el valor del período." }]);
  return change(
    scope,
    row,
    { status: "submitted", submitted_at: new Date(), rejection_reason: null },
    "submit",
  );
}

/**
 * A validator's step on a measurement in one status: 409 in any other (`only`
 * says what the step takes) or when the client's version is not current.
 */
async function validatorStep(
  scope: MunicipalityScope,
  id: string,
  version: number,
  from: Row["status"],
  only: string,
) {
  requireValidator(scope);
  const { row } = await loadMeasurement(scope, id, true);
  if (row.status !== from)
    throw conflict(`La medición está ${STATUS_NAME[row.status]}: solo se ${only}.`);
  checkCurrent(row, version);
  return row;
}

export async function validateMeasurement(scope: MunicipalityScope, id: string, version: number) {
  const row = await validatorStep(scope, id, version, "submitted", "valida una medición enviada");
  return change(
    scope,
    row,
    { status: "validated", validated_at: new Date(), validated_by: scope.actor.userId },
    "validate",
  );
}

export async function rejectMeasurement(
  scope: MunicipalityScope,
  id: string,
  version: number,
  reason: string,
) {
  const row = await validatorStep(scope, id, version, "submitted", "rechaza una medición enviada");
  return change(scope, row, { status: "rejected", rejection_reason: reason }, "reject");
}

/** A correction of a validated value: back to draft, the validated state kept as a revision. */
export async function reopenMeasurement(
  scope: MunicipalityScope,
  id: string,
  version: number,
  reason: string,
) {
  const row = await validatorStep(scope, id, version, "validated", "reabre una medición validada");
  return change(
    scope,
    row,
    {
      status: "draft",
      validated_at: null,
      validated_by: null,
      comment: `${row.comment}${row.comment ? "\n" : ""}Reabierta: ${reason}`,
    },
    "reopen",
  );
}

const STATUS_NAME: Record<MeasurementStatus, string> = {
  draft: "en borrador",
  submitted: "enviada",
  validated: "validada",
  rejected: "rechazada",
};

export { loadMeasurement };
