import { sql } from "kysely";
import type { MunicipalityScope } from "../../server/scope";
import { deny } from "../../server/scope";
import { can } from "../auth/permissions";
import { presentMeasurement } from "./measurements";
import type { MeasurementQueueQuery, MeasurementQueuePage } from "./schemas";

/**
 * The municipality's measurements across every plan and indicator, newest
 * first, for those who validate them: the validator's queue in one request.
 */
export async function listMunicipalityMeasurements(
  scope: MunicipalityScope,
  query: MeasurementQueueQuery,
): Promise<MeasurementQueuePage> {
  if (!can(scope.principal, scope.municipality.id, "measurement.validate"))
    deny(scope.principal, "Solo los validadores y los administradores ven la cola de reportes.");
  const municipalityId = scope.municipality.id;
  const base = scope.trx
    .selectFrom("measurement as m")
    .innerJoin("indicator as i", "i.id", "m.indicator_id")
    .innerJoin("plan_item as p", "p.id", "i.item_id")
    .where("m.municipality_id", "=", municipalityId)
    .$if(query.status !== undefined, (q) => q.where("m.status", "=", query.status!))
    .$if(query.planId !== undefined, (q) => q.where("p.plan_id", "=", query.planId!));
  const [rows, total] = await Promise.all([
    base
      .select((eb) => [
        "m.id",
        "m.indicator_id",
        "m.period_key",
        "m.period_start",
        "m.period_end",
        "m.status",
        "m.value",
        "m.variables",
        "m.comment",
        "m.rejection_reason",
        "m.is_simulated",
        "m.submitted_at",
        "m.validated_at",
        "m.version",
        "m.updated_at",
        "i.name as indicator_name",
        "i.kind as indicator_kind",
        "i.unit as indicator_unit",
        "i.target_unit as indicator_target_unit",
        "p.id as item_id",
        "p.code as item_code",
        "p.title as item_title",
        "p.plan_id",
        eb
          .selectFrom("evidence as e")
          .whereRef("e.measurement_id", "=", "m.id")
          .select(eb.fn.countAll<number>().as("n"))
          .as("evidence_count"),
        // Who sent it: whoever made the last change of a submitted report, else who reported it.
        sql<string | null>`(
          select coalesce(nullif(u.display_name, ''), u.email) from app_user u
          where u.id = coalesce(
            case when m.status = 'submitted' then (
              select r.changed_by from measurement_revision r
              where r.measurement_id = m.id order by r.version desc limit 1
            ) end,
            m.reported_by)
        )`.as("submitted_by"),
      ])
      .orderBy(sql`coalesce(m.submitted_at, m.updated_at)`, "desc")
      .orderBy("m.id")
      .limit(query.limit)
      .offset(query.offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return {
    items: rows.map((r) => ({
      ...presentMeasurement(r),
      evidenceCount: Number(r.evidence_count ?? 0),
      submittedBy: r.submitted_by,
      indicator: {
        id: r.indicator_id,
        name: r.indicator_name,
        kind: r.indicator_kind,
        unit: r.indicator_unit,
        targetUnit: r.indicator_target_unit,
      },
      item: { id: r.item_id, code: r.item_code, title: r.item_title, planId: r.plan_id },
    })),
    total: Number(total.n),
    limit: query.limit,
    offset: query.offset,
  };
}
