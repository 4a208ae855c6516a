import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { notFound } from "../../server/problem";
import { deny, inMunicipality, type MunicipalityScope } from "../../server/scope";
import { checkVersion } from "../../server/writes";
import { lifecycle, stateOf } from "./alert-lifecycle";
import { todayInChile } from "./figures";
import { can, canReportOn } from "../auth/permissions";
import {
  acknowledgeSchema,
  alertListQuerySchema,
  alertParamsSchema,
  alertSchema,
  preferenceInputSchema,
  preferenceSchema,
  transitionSchema,
  type AlertDto,
} from "./schemas";
import { cutParamSchema } from "../municipalities/schemas";
import { z } from "zod";
import { sql, type UpdateObject } from "kysely";
import type { Database } from "../../db/schema";

/** Early-warning alerts (list, acknowledge, resolve) and each member's notification preference. */

function requireMember(scope: MunicipalityScope) {
  if (!can(scope.principal, scope.municipality.id, "plan.read")) deny(scope.principal);
}

const ALERT_COLUMNS = [
  "id",
  "plan_id",
  "item_id",
  "rule",
  "subject_type",
  "subject_id",
  "period_key",
  "message",
  "status",
  "corrective_action",
  "action_owner",
  "action_due_date",
  "acknowledged_at",
  "resolved_at",
  "resolution_note",
  "created_at",
  "version",
] as const;

type AlertRow = {
  id: string;
  plan_id: string;
  item_id: string;
  rule: AlertDto["rule"];
  subject_type: AlertDto["subjectType"];
  subject_id: string;
  period_key: string;
  message: string;
  status: AlertDto["status"];
  corrective_action: string | null;
  action_owner: string | null;
  action_due_date: string | null;
  acknowledged_at: Date | null;
  resolved_at: Date | null;
  resolution_note: string | null;
  created_at: Date;
  version: number;
};

const presentAlert = (a: AlertRow): AlertDto => ({
  id: a.id,
  planId: a.plan_id,
  itemId: a.item_id,
  rule: a.rule,
  subjectType: a.subject_type,
  subjectId: a.subject_id,
  period: a.period_key,
  message: a.message,
  status: a.status,
  correctiveAction: a.corrective_action,
  actionOwner: a.action_owner,
  actionDueDate: a.action_due_date,
  acknowledgedAt: a.acknowledged_at,
  resolvedAt: a.resolved_at,
  resolutionNote: a.resolution_note,
  createdAt: a.created_at,
  version: a.version,
});

/** An alert, locked, for someone who may act on it: the item's editors and the administrators. */
async function actionableAlert(scope: MunicipalityScope, alertId: string, version: number) {
  const alert = await scope.trx
    .selectFrom("alert")
    .select(ALERT_COLUMNS)
    .where("id", "=", alertId)
    .forUpdate()
    .executeTakeFirst();
  requireMember(scope);
  if (!alert) throw notFound(`No existe la alerta ${alertId}.`);
  const units = await scope.trx
    .selectFrom("plan_item_unit")
    .select("unit_id")
    .where("item_id", "=", alert.item_id)
    .execute();
  if (
    !canReportOn(
      scope.principal,
      scope.municipality.id,
      units.map((u) => u.unit_id),
    )
  )
    deny(
      scope.principal,
      "Solo los editores de las unidades responsables y los administradores atienden esta alerta.",
    );
  return checkVersion(alert, version, "La alerta", "");
}

/** Writes a step of the alert's lifecycle, bumping its version, with its audit entry. */
async function changeAlert(
  scope: MunicipalityScope,
  before: AlertRow,
  set: UpdateObject<Database, "alert">,
): Promise<AlertDto> {
  const after = await scope.trx
    .updateTable("alert")
    .set({ ...set, version: sql`version + 1` })
    .where("id", "=", before.id)
    .returning(ALERT_COLUMNS)
    .executeTakeFirstOrThrow();
  await scope.audit({
    action: "update",
    entityType: "alert",
    entityId: before.id,
    before: presentAlert(before),
    after: presentAlert(after),
  });
  return presentAlert(after);
}

const tags = ["seguimiento"];

export const alertRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/municipalities/:cut/alerts",
    {
      schema: {
        summary: "Alertas tempranas de la municipalidad (miembros)",
        tags,
        params: cutParamSchema,
        querystring: alertListQuerySchema,
        response: { 200: z.object({ items: z.array(alertSchema) }) },
      },
    },
    async (request) =>
      inMunicipality(app, request, request.params.cut, async (scope) => {
        requireMember(scope);
        let query = scope.trx
          .selectFrom("alert")
          .select(ALERT_COLUMNS)
          .orderBy("created_at", "desc")
          .orderBy("id")
          .limit(500);
        if (request.query.status) query = query.where("status", "=", request.query.status);
        if (request.query.planId) query = query.where("plan_id", "=", request.query.planId);
        return { items: (await query.execute()).map(presentAlert) };
      }),
  );

  app.post(
    "/municipalities/:cut/alerts/:alertId/acknowledge",
    {
      schema: {
        summary: "Acusar recibo de una alerta con la acción correctiva, su responsable y su plazo",
        tags,
        params: alertParamsSchema,
        body: acknowledgeSchema,
        response: { 200: alertSchema },
      },
    },
    async (request) =>
      inMunicipality(app, request, request.params.cut, async (scope) => {
        const before = await actionableAlert(scope, request.params.alertId, request.body.version);
        const next = lifecycle(stateOf(before), {
          type: "acknowledge",
          correctiveAction: request.body.correctiveAction,
          owner: request.body.owner,
          actionDueDate: request.body.dueDate,
          acknowledgedOn: todayInChile(),
        });
        if (next.state !== "acknowledged") throw new Error("unreachable");
        return changeAlert(scope, before, {
          status: "acknowledged",
          corrective_action: next.correctiveAction,
          action_owner: next.owner,
          action_due_date: next.actionDueDate,
          acknowledged_by: scope.actor.userId,
          acknowledged_at: sql`now()`,
        });
      }),
  );

  app.post(
    "/municipalities/:cut/alerts/:alertId/resolve",
    {
      schema: {
        summary: "Dar por resuelta una alerta (después de acusar recibo con la acción correctiva)",
        tags,
        params: alertParamsSchema,
        body: transitionSchema,
        response: { 200: alertSchema },
      },
    },
    async (request) =>
      inMunicipality(app, request, request.params.cut, async (scope) => {
        const before = await actionableAlert(scope, request.params.alertId, request.body.version);
        const next = lifecycle(stateOf(before), { type: "resolve", on: todayInChile() });
        return changeAlert(scope, before, {
          status: "resolved",
          resolution_note: next.state === "resolved" && next.note ? next.note : null,
          resolved_by: scope.actor.userId,
          resolved_at: sql`now()`,
        });
      }),
  );

  app.get(
    "/municipalities/:cut/notification-preference",
    {
      schema: {
        summary: "Cómo recibo las alertas por correo: al momento, en un resumen diario o nunca",
        tags,
        params: cutParamSchema,
        response: { 200: preferenceSchema },
      },
    },
    async (request) =>
      inMunicipality(app, request, request.params.cut, async (scope) => {
        requireMember(scope);
        const row = await scope.trx
          .selectFrom("notification_preference")
          .select("mode")
          .where("user_id", "=", scope.actor.userId!)
          .executeTakeFirst();
        return { mode: row?.mode ?? "immediate" };
      }),
  );

  app.put(
    "/municipalities/:cut/notification-preference",
    {
      schema: {
        summary: "Elegir cómo recibo las alertas por correo",
        tags,
        params: cutParamSchema,
        body: preferenceInputSchema,
        response: { 200: preferenceSchema },
      },
    },
    async (request) =>
      inMunicipality(app, request, request.params.cut, async (scope) => {
        requireMember(scope);
        const userId = scope.actor.userId!;
        if (!scope.principal?.memberships.some((m) => m.municipalityId === scope.municipality.id))
          deny(
            scope.principal,
            "Solo los miembros de la municipalidad eligen cómo reciben sus alertas.",
          );
        await scope.trx
          .insertInto("notification_preference")
          .values({
            municipality_id: scope.municipality.id,
            user_id: userId,
            mode: request.body.mode,
          })
          .onConflict((oc) =>
            oc.columns(["municipality_id", "user_id"]).doUpdateSet({ mode: request.body.mode }),
          )
          .execute();
        await scope.audit({
          action: "update",
          entityType: "notification_preference",
          entityId: userId,
          after: request.body,
        });
        return { mode: request.body.mode };
      }),
  );
};
