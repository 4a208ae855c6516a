import type { Insertable, Kysely, Updateable } from "kysely";
import type { Database } from "../../db/schema";
import { inTenant, SYSTEM } from "../../db/tenant";
import { makePeriod, periodsBetween } from "../../domain/monitoring/periods";
import { evaluateAlerts } from "../monitoring/alerts";
import { recomputePlan, todayInChile } from "../monitoring/figures";

/**
 * A simulated history of progress reports for the demo plan (Vallenar), so
 * that every traffic light, alert rule and forecast can be seen. Deterministic
 * (fixed seed), and marked in the data (measurement.is_simulated) so the app
 * says so: these are not Vallenar's real figures.
 */

/** mulberry32: a small deterministic generator. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Profile =
  | "good"
  | "slow"
  | "decrease"
  | "milestone_missed"
  | "milestone_done"
  | "band"
  | "budget"
  | "met"
  | "evidence"
  | "formula"
  | "overdue";
const PROFILES: Profile[] = [
  "good",
  "slow",
  "decrease",
  "milestone_missed",
  "milestone_done",
  "band",
  "budget",
  "met",
  "evidence",
  "formula",
  "overdue",
];

export async function simulateHistory(
  db: Kysely<Database>,
  target: { municipalityId: string; planId: string },
  options: { asOf?: string; seed?: number; indicators?: number } = {},
): Promise<{ measurements: number }> {
  const asOf = options.asOf ?? todayInChile();
  const next = random(options.seed ?? 3301);
  let count = 0;
  await inTenant(db, target.municipalityId, SYSTEM, async ({ trx }) => {
    const plan = await trx
      .selectFrom("plan")
      .select(["start_year", "end_year"])
      .where("id", "=", target.planId)
      .executeTakeFirstOrThrow();
    const indicators = await trx
      .selectFrom("indicator as i")
      .innerJoin("plan_item as p", "p.id", "i.item_id")
      .select(["i.id", "i.item_id", "i.kind"])
      .where("p.plan_id", "=", target.planId)
      .orderBy("p.code")
      .orderBy("i.sort")
      .execute();
    // Each profile on indicators of a fitting kind; the plan's own definitions (kind, text) stay.
    const pools = {
      quantitative: indicators.filter((i) => i.kind === "value" || i.kind === "formula"),
      milestone: indicators.filter((i) => i.kind === "milestone"),
      evidence: indicators.filter((i) => i.kind === "evidence"),
    };
    const chosen: Array<{ id: string; item_id: string; profile: Profile }> = [];
    const limit = options.indicators ?? 44;
    for (let n = 0; chosen.length < limit && n < limit * 4; n++) {
      const profile = PROFILES[n % PROFILES.length]!;
      const pool =
        profile === "evidence"
          ? pools.evidence
          : profile.startsWith("milestone")
            ? pools.milestone
            : pools.quantitative;
      // The PLADECO names few milestones: the last evidence-only indicators stand in, as milestones.
      const pick =
        pool === pools.milestone && pool.length === 0
          ? (() => {
              const e = pools.evidence.pop();
              return e && { ...e, kind: "milestone" as const };
            })()
          : pool.shift();
      if (pick) chosen.push({ ...pick, profile });
    }
    const start = `${plan.start_year}-01-01`;
    const end = `${plan.end_year}-12-31`;
    // Quarters already reported: up to the one before the current quarter.
    const quarters = periodsBetween("quarter", start, asOf).slice(0, -1);
    const rows: Insertable<Database["measurement"]>[] = [];
    for (const [n, ind] of chosen.entries()) {
      const profile = ind.profile;
      const base = {
        baseline_date: start,
        target_date: end,
        periodicity: "quarter" as const,
        grace_days: 30,
        category: n % 3 === 0 ? ("early_warning" as const) : ("department_goal" as const),
        // The plan writes no monitoring definition: say on the indicator that this one is made up.
        data_source:
          "Definición y mediciones simuladas para la demostración (no están en el PLADECO)",
      };
      let series: (q: number) => number | null = () => null;
      // What the profile sets beyond the shared definition.
      let definition: Updateable<Database["indicator"]> = {};
      switch (profile) {
        case "good":
        case "overdue":
          definition = {
            value_type: "count",
            direction: "increase",
            baseline_value: 20,
            target_value: 80,
          };
          series = (q) => 20 + q * (60 / 32) * (1.05 + 0.1 * next());
          break;
        case "slow":
          definition = {
            value_type: "percentage",
            target_unit: "%",
            direction: "increase",
            baseline_value: 30,
            target_value: 90,
          };
          series = (q) => 30 + q * (60 / 32) * (0.78 + 0.04 * next());
          break;
        case "decrease":
          definition = {
            value_type: "days",
            direction: "decrease",
            baseline_value: 60,
            target_value: 20,
          };
          series = (q) => 60 - q * 1.1 - 3 * next();
          break;
        case "band":
          definition = {
            value_type: "percentage",
            target_unit: "%",
            direction: "band",
            band_min: 40,
            band_max: 60,
          };
          series = () => 45 + 20 * next();
          break;
        case "budget":
          definition = {
            value_type: "clp",
            direction: "increase",
            baseline_value: 0,
            target_value: 450_000_000,
            target_unit: "pesos",
          };
          series = (q) => Math.round(q * 6_000_000 * (0.8 + 0.4 * next()));
          break;
        case "met":
          definition = {
            value_type: "count",
            direction: "increase",
            baseline_value: 0,
            target_value: 12,
          };
          series = (q) => Math.min(14, q * 1.5);
          break;
        case "formula":
          definition = {
            value_type: "percentage",
            target_unit: "%",
            direction: "increase",
            baseline_value: 50,
            target_value: 90,
          };
          series = (q) => Math.min(100, 50 + q * 1.4 + 4 * next());
          break;
        case "evidence":
          definition = { periodicity: "year" };
          break;
        case "milestone_missed":
          definition = {
            kind: "milestone",
            milestone_due_date: `${plan.start_year + 2}-06-30`,
          };
          break;
        case "milestone_done":
          definition = {
            kind: "milestone",
            milestone_due_date: `${plan.start_year + 3}-03-31`,
            milestone_done_date: `${plan.start_year + 3}-02-10`,
          };
          break;
      }
      await trx
        .updateTable("indicator")
        .set({ ...base, ...definition })
        .where("id", "=", ind.id)
        .execute();
      if (profile === "formula") {
        await trx.deleteFrom("indicator_variable").where("indicator_id", "=", ind.id).execute();
        await trx
          .insertInto("indicator_variable")
          .values([
            {
              municipality_id: target.municipalityId,
              indicator_id: ind.id,
              name: "realizadas",
              label: "Actividades realizadas",
              sort: 0,
            },
            {
              municipality_id: target.municipalityId,
              indicator_id: ind.id,
              name: "programadas",
              label: "Actividades programadas",
              sort: 1,
            },
          ])
          .execute();
      }
      if (profile === "evidence") {
        for (let y = plan.start_year; y < Number(asOf.slice(0, 4)); y++) {
          const p = makePeriod("year", y);
          rows.push(row(target.municipalityId, ind.id, p.key, p.start, p.end, null, "validated"));
        }
        continue;
      }
      const reported = profile === "overdue" ? quarters.slice(0, -2) : quarters;
      reported.forEach((p, q) => {
        const value = series(q + 1);
        if (value === null) return;
        // The last quarter waits for validation in a few indicators.
        const status = q === reported.length - 1 && n % 4 === 1 ? "submitted" : "validated";
        const variables =
          profile === "formula" ? { realizadas: Math.round(value * 0.4), programadas: 40 } : {};
        const v =
          profile === "formula"
            ? Math.round((variables.realizadas! / 40) * 100 * 1e6) / 1e6
            : Math.round(value * 100) / 100;
        rows.push({
          ...row(target.municipalityId, ind.id, p.key, p.start, p.end, v, status),
          variables: JSON.stringify(variables),
        });
      });
    }
    for (let i = 0; i < rows.length; i += 500)
      await trx
        .insertInto("measurement")
        .values(rows.slice(i, i + 500))
        .execute();
    count = rows.length;
    await recomputePlan(trx, target.planId, asOf);
  });
  await evaluateAlerts(db, { asOf });
  return { measurements: count };
}

function row(
  municipalityId: string,
  indicatorId: string,
  key: string,
  start: string,
  end: string,
  value: number | null,
  status: "validated" | "submitted",
): Insertable<Database["measurement"]> {
  return {
    municipality_id: municipalityId,
    indicator_id: indicatorId,
    period_key: key,
    period_start: start,
    period_end: end,
    value,
    status,
    comment: "Dato simulado para la demostración.",
    is_simulated: true,
    submitted_at: new Date(`${end}T12:00:00Z`),
    validated_at: status === "validated" ? new Date(`${end}T12:00:00Z`) : null,
  };
}
