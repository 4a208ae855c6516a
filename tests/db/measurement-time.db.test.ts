import { sql } from "kysely";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { yearFraction } from "../../src/domain/monitoring/calendar";
import { ENGINES, openTestDatabase, type TestDatabase } from "../support/databases";

/**
 * The forecast's time axis is stored with each measurement (migration 0010):
 * the database's rumbo_year_fraction must agree with the domain's yearFraction,
 * or the figures computed in SQL and the forecasts computed in TypeScript
 * would speak of different instants.
 */
describe.each(ENGINES)("the measurement's stored time on %s", (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
  });
  afterAll(async () => {
    await database?.close();
  });

  it("equals the domain's year fraction on any day, leap years included", async () => {
    const day = fc
      .date({ min: new Date("1990-01-01"), max: new Date("2100-12-31"), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
    const days = [
      "2024-02-29",
      "2024-12-31",
      "2025-01-01",
      "2025-07-02",
      "2000-12-31",
      "2100-03-01",
      ...fc.sample(day, 300),
    ];
    const { rows } = await sql<{ d: string; x: number }>`
      select d::text, rumbo_year_fraction(d) as x from unnest(${days}::date[]) as d`.execute(
      database.owner.db,
    );
    expect(rows).toHaveLength(days.length);
    for (const row of rows) expect(row.x).toBeCloseTo(yearFraction(row.d), 12);
  });
  it("keeps the value's float copy with every insert and update, null included", async () => {
    const db = database.owner.db;
    const { id: m } = await db
      .insertInto("municipality")
      .values({ cut_code: "03302", name: "Alto del Carmen (prueba)" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const { id: plan } = await db
      .insertInto("plan")
      .values({
        municipality_id: m,
        kind: "pladeco",
        title: "Plan",
        start_year: 2024,
        end_year: 2025,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await sql`insert into plan_level (municipality_id, plan_id, key, name, plural, sort)
      values (${m}, ${plan}, 'item', 'Iniciativa', 'Iniciativas', 0)`.execute(db);
    const { id: item } = await db
      .insertInto("plan_item")
      .values({
        municipality_id: m,
        plan_id: plan,
        level_key: "item",
        code: "1",
        sort: 0,
        title: "Ítem",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const { id: indicator } = await db
      .insertInto("indicator")
      .values({ municipality_id: m, item_id: item, name: "Indicador", kind: "value", sort: 0 })
      .returning("id")
      .executeTakeFirstOrThrow();
    const copies = () =>
      sql<{ key: string; value: string | null; same: boolean }>`
        select period_key as key, value::text,
          value_float is not distinct from value::float8 as same
        from measurement where indicator_id = ${indicator} order by period_key`.execute(db);
    await sql`insert into measurement (municipality_id, indicator_id, period_key, period_start, period_end, value)
      values (${m}, ${indicator}, '2024-01', '2024-01-01', '2024-01-31', 12.345678901234567),
             (${m}, ${indicator}, '2024-02', '2024-02-01', '2024-02-29', null)`.execute(db);
    expect((await copies()).rows.map((r) => r.same)).toEqual([true, true]);
    await sql`update measurement set value = 7 where indicator_id = ${indicator} and period_key = '2024-02'`.execute(
      db,
    );
    await sql`update measurement set value = null where indicator_id = ${indicator} and period_key = '2024-01'`.execute(
      db,
    );
    const after = (await copies()).rows;
    expect(after.map((r) => r.value)).toEqual([null, "7"]);
    expect(after.map((r) => r.same)).toEqual([true, true]);
  });
});
