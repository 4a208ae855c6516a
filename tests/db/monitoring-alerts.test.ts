import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IN_MEMORY, openDatabase, type DatabaseHandle } from "../../src/db/connection";
import { inTenant, SYSTEM } from "../../src/db/tenant";
import { evaluateAlerts } from "../../src/modules/monitoring/alerts";
import { ENGINES, type TestDatabase } from "../support/databases";
import { openTestPlanDatabase } from "../support/world";

/**
 * Alerts are evaluated idempotently: once per (municipality, rule, subject,
 * period), notified once per person, even with two app instances (two pools
 * on one server) evaluating at the same moment.
 */

describe.each(ENGINES)("alert evaluation on %s", (engine) => {
  let database: TestDatabase;
  let second: DatabaseHandle | null = null;
  let municipalityId = "";

  const owner = <T>(fn: Parameters<typeof inTenant<T>>[3]) =>
    inTenant(database.owner.db, municipalityId, SYSTEM, fn);

  beforeAll(async () => {
    const loaded = await openTestPlanDatabase(engine);
    database = loaded.database;
    municipalityId = loaded.municipalityId;
    // An administrator who hears about every alert, at once.
    const user = await database.owner.db
      .insertInto("app_user")
      .values({ email: "secpla@prueba.test", display_name: "SECPLA" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await owner(async ({ trx }) => {
      await trx
        .insertInto("membership")
        .values({ municipality_id: municipalityId, user_id: user.id, role: "admin" })
        .execute();
      const [first] = await trx
        .selectFrom("indicator")
        .select("id")
        .orderBy("sort")
        .orderBy("id")
        .limit(1)
        .execute();
      await trx
        .updateTable("indicator")
        .set({ kind: "milestone", milestone_due_date: "2021-06-30" })
        .where("id", "=", first!.id)
        .execute();
      await trx
        .updateTable("plan_item")
        .set({ start_date: "2021-01-01", end_date: "2022-12-31" })
        .where("level_key", "=", "activity")
        .execute();
    });
    if (engine === "postgres")
      second = await openDatabase({
        databaseUrl: database.urls!.app,
        dataDir: IN_MEMORY,
        maxConnections: 4,
      });
  });
  afterAll(async () => {
    await second?.close();
    await database?.close();
  });

  const snapshot = () =>
    owner(async ({ trx }) => ({
      alerts: await trx
        .selectFrom("alert")
        .select(["rule", "subject_id", "period_key", "notified_at"])
        .execute(),
      duplicates: (
        await sql<{ n: number }>`select count(*)::int as n from (
          select 1 from alert group by municipality_id, rule, subject_id, period_key having count(*) > 1) d`.execute(
          trx,
        )
      ).rows[0]!.n,
      mails: (
        await sql<{
          to_address: string;
          body: string;
        }>`select to_address, body from outbox_message`.execute(trx)
      ).rows,
    }));

  it("creates each alert once however often it runs, and notifies each person once", async () => {
    const first = await evaluateAlerts(database.db, { asOf: "2023-03-15" });
    expect(first.created).toBeGreaterThan(0);
    const after = await snapshot();
    const rules = new Set(after.alerts.map((a) => a.rule));
    expect(rules).toContain("milestone_missed");
    expect(rules).toContain("item_overdue");
    expect(rules).toContain("report_overdue");
    expect(after.alerts.every((a) => a.notified_at !== null)).toBe(true);
    expect(after.mails.length).toBe(after.alerts.length);

    const again = await evaluateAlerts(database.db, { asOf: "2023-03-15" });
    expect(again.created).toBe(0);
    const twice = await snapshot();
    expect(twice.alerts.length).toBe(after.alerts.length);
    expect(twice.mails.length).toBe(after.mails.length);
  });

  it("runs two evaluators at once (two pools on one server) without a duplicate alert or e-mail", async () => {
    const before = await snapshot();
    const other = second?.db ?? database.db;
    // A new day: new reporting periods fall due, so both evaluators have alerts to create.
    const results = await Promise.all([
      evaluateAlerts(database.db, { asOf: "2024-02-15" }),
      evaluateAlerts(other, { asOf: "2024-02-15" }),
      evaluateAlerts(database.db, { asOf: "2024-02-15" }),
      evaluateAlerts(other, { asOf: "2024-02-15" }),
    ]);
    const after = await snapshot();
    const created = results.reduce((n, r) => n + r.created, 0);
    expect(created).toBeGreaterThan(0);
    expect(after.alerts.length).toBe(before.alerts.length + created);
    expect(after.duplicates).toBe(0);
    const mails = after.mails.map((m) => `${m.to_address}|${m.body}`);
    expect(new Set(mails).size).toBe(mails.length);
    expect(mails.length).toBe(after.alerts.length);
  });

  it("sends a daily digest instead to people who prefer it, once per day", async () => {
    const userId = (
      await database.owner.db
        .selectFrom("app_user")
        .select("id")
        .where("email", "=", "secpla@prueba.test")
        .executeTakeFirstOrThrow()
    ).id;
    await owner(({ trx }) =>
      trx
        .insertInto("notification_preference")
        .values({ municipality_id: municipalityId, user_id: userId, mode: "daily_digest" })
        .execute(),
    );
    const before = (await snapshot()).mails.length;
    await evaluateAlerts(database.db, { asOf: "2025-02-15" });
    await evaluateAlerts(database.db, { asOf: "2025-02-15" });
    const mails = (await snapshot()).mails.slice(before);
    expect(mails.length).toBe(1);
    expect(mails[0]!.body).toMatch(/^- /);
  });

  it("resolves an alert automatically, with a note, once its condition no longer holds", async () => {
    const overdue = await owner(({ trx }) =>
      trx
        .selectFrom("alert")
        .innerJoin("indicator", "indicator.id", "alert.subject_id")
        .select(["alert.id", "alert.subject_id", "alert.period_key", "indicator.periodicity"])
        .where("alert.rule", "=", "report_overdue")
        .where("alert.status", "=", "open")
        .orderBy("alert.period_key")
        .executeTakeFirstOrThrow(),
    );
    const year = Number(overdue.period_key.slice(0, 4));
    await owner(({ trx }) =>
      trx
        .insertInto("measurement")
        .values({
          municipality_id: municipalityId,
          indicator_id: overdue.subject_id,
          period_key: overdue.period_key,
          period_start: `${year}-01-01`,
          period_end: `${year}-12-31`,
          status: "submitted",
          value: 1,
        })
        .execute(),
    );
    await evaluateAlerts(database.db, { asOf: "2025-02-15" });
    const after = await owner(({ trx }) =>
      trx
        .selectFrom("alert")
        .select(["status", "resolution_note"])
        .where("id", "=", overdue.id)
        .executeTakeFirstOrThrow(),
    );
    expect(after).toEqual({
      status: "resolved",
      resolution_note: "resuelta automáticamente: se recibió el reporte",
    });
    // Still open: alerts whose condition holds.
    const open = await owner(({ trx }) =>
      trx.selectFrom("alert").select("id").where("status", "=", "open").execute(),
    );
    expect(open.length).toBeGreaterThan(0);
  });
});
