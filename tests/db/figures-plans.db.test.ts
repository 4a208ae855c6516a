import { sql, type Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/schema";
import { inTenant, SYSTEM } from "../../src/db/tenant";
import { checkPlan, recomputePlan } from "../../src/modules/monitoring/figures";
import { ENGINES, openTestDatabase, type TestDatabase } from "../support/databases";

/**
 * A plan's history is read without a per-measurement filter while the plan
 * holds every indicator of its municipality, and with one as soon as another
 * plan has indicators (figures-sql.ts). Either way a plan's figures count its
 * own measurements only, and stay equal to a computation from scratch.
 */
const AS_OF = "2025-06-30";

async function addPlan(db: Kysely<Database>, municipalityId: string, title: string, base: number) {
  const plan = await db
    .insertInto("plan")
    .values({
      municipality_id: municipalityId,
      kind: "pladeco",
      title,
      start_year: 2024,
      end_year: 2025,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await sql`insert into plan_level (municipality_id, plan_id, key, name, plural, sort)
    values (${municipalityId}, ${plan.id}, 'item', 'Iniciativa', 'Iniciativas', 0)`.execute(db);
  await sql`insert into plan_item (municipality_id, plan_id, level_key, code, sort, title)
    select ${municipalityId}, ${plan.id}, 'item', g::text, g, ${title} || ' ' || g
    from generate_series(1, 3) g`.execute(db);
  await sql`insert into indicator (municipality_id, item_id, name, kind, direction, baseline_value,
      baseline_date, target_value, target_date, periodicity, sort)
    select ${municipalityId}, p.id, 'Indicador ' || p.code, 'value', 'increase', 0, '2024-01-01',
      100, '2025-12-31', 'month', 1
    from plan_item p where p.plan_id = ${plan.id}`.execute(db);
  // 18 validated months, rising from `base` by 3 a month with a little scatter.
  await sql`insert into measurement (municipality_id, indicator_id, period_key, period_start,
      period_end, status, value)
    select ${municipalityId}, i.id, to_char(d, 'YYYY-MM'), d::date,
      (d + interval '1 month' - interval '1 day')::date, 'validated', ${base} + 3 * mo + (mo % 3)
    from indicator i join plan_item p on p.id = i.item_id
    cross join generate_series(0, 17) mo
    cross join lateral (select date '2024-01-01' + make_interval(months => mo) as d) x
    where p.plan_id = ${plan.id}`.execute(db);
  return plan.id;
}

describe.each(ENGINES)("figures of one plan among several on %s", (engine) => {
  let database: TestDatabase;
  let municipalityId: string;
  const owner = <T>(fn: Parameters<typeof inTenant<T>>[3]) =>
    inTenant(database.owner.db, municipalityId, SYSTEM, fn);
  const figuresOf = (planId: string) =>
    owner(({ trx }) =>
      trx
        .selectFrom("indicator_figure")
        .select(["indicator_id", "validated_count", "latest_value", "status", "forecast_value"])
        .where("plan_id", "=", planId)
        .orderBy("indicator_id")
        .execute(),
    );

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    const m = await database.owner.db
      .insertInto("municipality")
      .values({ cut_code: "03301", name: "Vallenar (prueba)" })
      .returning("id")
      .executeTakeFirstOrThrow();
    municipalityId = m.id;
  });
  afterAll(async () => {
    await database?.close();
  });

  it("counts only the plan's own measurements, alone or beside another plan", async () => {
    const first = await addPlan(database.owner.db, municipalityId, "Plan comunal", 10);
    await owner(({ trx }) => recomputePlan(trx, first, AS_OF));
    const alone = await figuresOf(first);
    expect(alone).toHaveLength(3);
    for (const f of alone) {
      expect(f.validated_count).toBe(18);
      expect(f.latest_value).toBe(10 + 3 * 17 + (17 % 3));
    }

    // A second plan with its own, higher history: the first plan's figures do not move.
    const second = await addPlan(database.owner.db, municipalityId, "Plan de salud", 50);
    await owner(({ trx }) => recomputePlan(trx, first, AS_OF));
    await owner(({ trx }) => recomputePlan(trx, second, AS_OF));
    expect(await figuresOf(first)).toEqual(alone);
    const beside = await figuresOf(second);
    expect(beside).toHaveLength(3);
    for (const f of beside) {
      expect(f.validated_count).toBe(18);
      expect(f.latest_value).toBe(50 + 3 * 17 + (17 % 3));
      expect(f.forecast_value).not.toBeNull();
    }
    expect(await owner(({ trx }) => checkPlan(trx, first))).toEqual([]);
    expect(await owner(({ trx }) => checkPlan(trx, second))).toEqual([]);
  });

  it("forgets the figures of a deleted indicator, item or plan", async () => {
    const planId = await addPlan(database.owner.db, municipalityId, "Plan de borrado", 20);
    // As the application: its role, under row-level security.
    const app = <T>(fn: Parameters<typeof inTenant<T>>[3]) =>
      inTenant(database.db, municipalityId, SYSTEM, fn);
    await app(({ trx }) => recomputePlan(trx, planId, AS_OF));
    const counts = () =>
      app(async ({ trx }) => {
        const { rows } = await sql<{ indicators: number; items: number; plan: number }>`select
            (select count(*)::int from indicator_figure where plan_id = ${planId}) as indicators,
            (select count(*)::int from item_figure where plan_id = ${planId}) as items,
            (select count(*)::int from plan_figure where plan_id = ${planId}) as plan`.execute(trx);
        return rows[0]!;
      });
    expect(await counts()).toMatchObject({ indicators: 3, items: 3 });

    const items = await app(({ trx }) =>
      trx
        .selectFrom("plan_item")
        .select("id")
        .where("plan_id", "=", planId)
        .orderBy("code")
        .execute(),
    );
    // One indicator deleted: its figure goes with it, before any recompute.
    await app(({ trx }) =>
      trx.deleteFrom("indicator").where("item_id", "=", items[0]!.id).execute(),
    );
    expect(await counts()).toMatchObject({ indicators: 2, items: 3 });
    // One item deleted: its figure and its indicator's (deleted by the cascade) go.
    await app(({ trx }) => trx.deleteFrom("plan_item").where("id", "=", items[1]!.id).execute());
    expect(await counts()).toMatchObject({ indicators: 1, items: 2 });
    // The whole plan deleted: nothing of its figures is left.
    await app(({ trx }) => trx.deleteFrom("plan").where("id", "=", planId).execute());
    expect(await counts()).toEqual({ indicators: 0, items: 0, plan: 0 });
  });
});
