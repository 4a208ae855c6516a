import type { Transaction } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/schema";
import { inTenant, SYSTEM } from "../../src/db/tenant";
import { evaluateAlerts } from "../../src/modules/monitoring/alerts";
import { checkPlan, recomputePlan } from "../../src/modules/monitoring/figures";
import { refreshIndicator } from "../../src/modules/monitoring/figures-refresh";
import { ENGINES, type TestDatabase } from "../support/databases";
import { openTestPlanDatabase } from "../support/world";

/**
 * "Status worsened" (issue #4 item 7): an indicator on track in one period
 * and off track in the next gets one alert, however often the evaluator
 * runs; the figures keep the status at the period before (incrementally and
 * from scratch alike), and the alert resolves itself when the next period
 * improves.
 */

/**
 * Makes an indicator a yearly, increasing value from 0 at the end of 2020 to
 * a final target at the end of 2025, with no measurements nor period targets.
 */
async function yearly(
  trx: Transaction<Database>,
  id: string,
  target: { target_value: number; gap_reference_value: number | null; gap_percent: number | null },
) {
  await trx
    .updateTable("indicator")
    .set({
      kind: "value",
      direction: "increase",
      periodicity: "year",
      band_min: null,
      band_max: null,
      baseline_value: 0,
      baseline_date: "2020-12-31",
      target_date: "2025-12-31",
      milestone_due_date: null,
      milestone_done_date: null,
      ...target,
    })
    .where("id", "=", id)
    .execute();
  await trx.deleteFrom("measurement").where("indicator_id", "=", id).execute();
  await trx.deleteFrom("indicator_target").where("indicator_id", "=", id).execute();
}

describe.each(ENGINES)("status worsened on %s", (engine) => {
  let database: TestDatabase;
  let municipalityId = "";
  let planId = "";
  let indicatorId = "";

  const owner = <T>(fn: Parameters<typeof inTenant<T>>[3]) =>
    inTenant(database.owner.db, municipalityId, SYSTEM, fn);

  beforeAll(async () => {
    const loaded = await openTestPlanDatabase(engine);
    database = loaded.database;
    municipalityId = loaded.municipalityId;
    planId = loaded.planId;
    await owner(async ({ trx }) => {
      const first = await trx
        .selectFrom("indicator")
        .select("id")
        .orderBy("sort")
        .orderBy("id")
        .executeTakeFirstOrThrow();
      indicatorId = first.id;
      // A yearly count toward 1000 by 2025, with a target per year.
      await yearly(trx, indicatorId, {
        target_value: 1000,
        gap_reference_value: null,
        gap_percent: null,
      });
      await trx
        .insertInto("indicator_target")
        .values(
          [
            ["2021", 10],
            ["2022", 20],
            ["2023", 30],
          ].map(([period_key, value]) => ({
            municipality_id: municipalityId,
            indicator_id: indicatorId,
            period_key: String(period_key),
            value: Number(value),
          })),
        )
        .execute();
      await recomputePlan(trx, planId, "2023-03-15");
    });
  });
  afterAll(async () => {
    await database?.close();
  });

  /** A validated yearly measurement, applied incrementally as the API does. */
  const validate = (year: number, value: number) =>
    owner(async ({ trx }) => {
      await trx
        .insertInto("measurement")
        .values({
          municipality_id: municipalityId,
          indicator_id: indicatorId,
          period_key: String(year),
          period_start: `${year}-01-01`,
          period_end: `${year}-12-31`,
          status: "validated",
          value,
        })
        .execute();
      await refreshIndicator(trx, indicatorId);
    });
  const figure = () =>
    owner(({ trx }) =>
      trx
        .selectFrom("indicator_figure")
        .select(["status", "latest_period", "previous_status", "previous_period"])
        .where("indicator_id", "=", indicatorId)
        .executeTakeFirstOrThrow(),
    );
  const clean = async () => expect(await owner(({ trx }) => checkPlan(trx, planId))).toEqual([]);
  const worsened = () =>
    owner(({ trx }) =>
      trx
        .selectFrom("alert")
        .select(["period_key", "status", "resolution_note", "message"])
        .where("rule", "=", "status_worsened")
        .where("subject_id", "=", indicatorId)
        .orderBy("period_key")
        .execute(),
    );

  it("keeps the status at the period before, incrementally as from scratch", async () => {
    await validate(2021, 10);
    expect(await figure()).toEqual({
      status: "on_track",
      latest_period: "2021",
      previous_status: null,
      previous_period: null,
    });
    await clean();
    await validate(2022, 2);
    expect(await figure()).toEqual({
      status: "off_track",
      latest_period: "2022",
      previous_status: "on_track",
      previous_period: "2021",
    });
    await clean();
  });

  it("creates exactly one status_worsened alert, however often it evaluates", async () => {
    await evaluateAlerts(database.db, { asOf: "2023-03-15" });
    const once = await worsened();
    expect(once).toHaveLength(1);
    expect(once[0]).toMatchObject({ period_key: "2022", status: "open" });
    expect(once[0]!.message).toContain("pasó de en camino (2021) a atrasado (2022)");
    const again = await evaluateAlerts(database.db, { asOf: "2023-03-15" });
    expect(await worsened()).toEqual(once);
    expect(again.created).toBe(0);
    await clean();
  });

  it("resolves the alert automatically when the next period improves", async () => {
    await validate(2023, 30);
    expect(await figure()).toEqual({
      status: "on_track",
      latest_period: "2023",
      previous_status: "off_track",
      previous_period: "2022",
    });
    await clean();
    await evaluateAlerts(database.db, { asOf: "2024-02-15" });
    expect(await worsened()).toEqual([
      expect.objectContaining({
        period_key: "2022",
        status: "resolved",
        resolution_note: "resuelta automáticamente: el semáforo ya no empeora",
      }),
    ]);
    await clean();
  });

  it("measures a gap-closing target's status at the period before from the period before it", async () => {
    // Close half of the gap to 25 each year: 2023 is judged from 2022's value,
    // and 2022 (the status then) from 2021's, the third latest period.
    const gapId = await owner(async ({ trx }) => {
      const second = await trx
        .selectFrom("indicator")
        .select("id")
        .where("id", "<>", indicatorId)
        .orderBy("sort")
        .orderBy("id")
        .executeTakeFirstOrThrow();
      await yearly(trx, second.id, { target_value: 25, gap_reference_value: 25, gap_percent: 50 });
      await trx
        .insertInto("measurement")
        .values(
          [
            [2021, 10],
            [2022, 14],
            [2023, 20],
          ].map(([year, value]) => ({
            municipality_id: municipalityId,
            indicator_id: second.id,
            period_key: String(year),
            period_start: `${year}-01-01`,
            period_end: `${year}-12-31`,
            status: "validated" as const,
            value: value!,
          })),
        )
        .execute();
      await recomputePlan(trx, planId, "2024-03-15");
      return second.id;
    });
    const gap = await owner(({ trx }) =>
      trx
        .selectFrom("indicator_figure")
        .select(["status", "latest_period", "previous_status", "previous_period"])
        .where("indicator_id", "=", gapId)
        .executeTakeFirstOrThrow(),
    );
    // 2023: 20 against 14 + 50% of (25 − 14) = 19.5; 2022: 14 against
    // 10 + 50% of (25 − 10) = 17.5, 53% of the way from 10.
    expect(gap).toEqual({
      status: "on_track",
      latest_period: "2023",
      previous_status: "off_track",
      previous_period: "2022",
    });
    await clean();
  });
});
