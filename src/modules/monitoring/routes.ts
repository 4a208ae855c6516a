import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { notFound } from "../../server/problem";
import { inMunicipality } from "../../server/scope";
import { can } from "../auth/permissions";
import { alertRoutes } from "./alert-routes";
import { evidenceRoutes } from "./evidence-routes";
import { measurementRoutes } from "./measurement-routes";
import { reportTarget } from "./report-target";
import {
  indicatorFigureSchema,
  indicatorParamsSchema,
  planFiguresParamsSchema,
  planFiguresSchema,
} from "./schemas";

const counts = (r: {
  on_track: number;
  at_risk: number;
  off_track: number;
  done: number;
  no_data: number;
}) => ({
  onTrack: r.on_track,
  atRisk: r.at_risk,
  offTrack: r.off_track,
  done: r.done,
  noData: r.no_data,
});

const tags = ["seguimiento"];

export const monitoringRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(measurementRoutes);
  await app.register(evidenceRoutes);
  await app.register(alertRoutes);

  app.get(
    "/municipalities/:cut/indicators/:indicatorId/figure",
    {
      schema: {
        summary: "Semáforo, avance y proyección de un indicador, con la explicación del color",
        tags,
        params: indicatorParamsSchema,
        response: { 200: indicatorFigureSchema },
      },
    },
    async (request) =>
      inMunicipality(app, request, request.params.cut, async (scope) => {
        await reportTarget(scope, request.params.indicatorId);
        const [f, simulated] = await Promise.all([
          scope.trx
            .selectFrom("indicator_figure")
            .selectAll()
            .where("indicator_id", "=", request.params.indicatorId)
            .executeTakeFirst(),
          scope.trx
            .selectFrom("measurement")
            .select("id")
            .where("indicator_id", "=", request.params.indicatorId)
            .where("status", "=", "validated")
            .where("is_simulated", "=", true)
            .limit(1)
            .executeTakeFirst(),
        ]);
        if (!f) throw notFound("El indicador aún no tiene cifras calculadas.");
        return {
          indicatorId: f.indicator_id,
          itemId: f.item_id,
          status: f.status,
          progress: f.progress,
          latestValue: f.latest_value,
          latestPeriod: f.latest_period,
          validatedCount: f.validated_count,
          expectedValue: f.expected_value,
          forecast:
            f.forecast_value === null
              ? null
              : {
                  value: f.forecast_value,
                  low: f.forecast_low!,
                  high: f.forecast_high!,
                  probability: f.forecast_probability!,
                },
          explanation: f.explanation,
          isSimulated: simulated !== undefined,
        };
      }),
  );

  app.get(
    "/municipalities/:cut/plans/:planId/figures",
    {
      schema: {
        summary:
          "Semáforos del plan: por iniciativa y por plan, lineamiento, unidad, territorio, ODS y fuente de financiamiento",
        tags,
        params: planFiguresParamsSchema,
        response: { 200: planFiguresSchema },
      },
    },
    async (request) =>
      inMunicipality(app, request, request.params.cut, async (scope) => {
        const plan = await scope.trx
          .selectFrom("plan")
          .select(["id", "published_at", "figures_as_of"])
          .where("id", "=", request.params.planId)
          .executeTakeFirst();
        if (
          !plan ||
          (plan.published_at === null && !can(scope.principal, scope.municipality.id, "plan.read"))
        )
          throw notFound(
            `La municipalidad ${scope.municipality.cutCode} no tiene un plan ${request.params.planId} visible para usted.`,
          );
        const [groups, items, simulated] = await Promise.all([
          scope.trx
            .selectFrom("plan_figure")
            .selectAll()
            .where("plan_id", "=", plan.id)
            .orderBy("dimension")
            .orderBy("key")
            .execute(),
          scope.trx.selectFrom("item_figure").selectAll().where("plan_id", "=", plan.id).execute(),
          scope.trx
            .selectFrom("measurement as m")
            .innerJoin("indicator as i", "i.id", "m.indicator_id")
            .innerJoin("plan_item as p", "p.id", "i.item_id")
            .select("m.id")
            .where("p.plan_id", "=", plan.id)
            .where("m.status", "=", "validated")
            .where("m.is_simulated", "=", true)
            .limit(1)
            .executeTakeFirst(),
        ]);
        return {
          asOf: plan.figures_as_of,
          hasSimulated: simulated !== undefined,
          groups: groups.map((g) => ({
            dimension: g.dimension,
            key: g.key,
            status: g.status,
            progress: g.progress,
            items: g.items,
            ...counts(g),
          })),
          items: items.map((i) => ({
            itemId: i.item_id,
            status: i.status,
            progress: i.progress,
            explanation: i.explanation,
            ...counts(i),
          })),
        };
      }),
  );
};
