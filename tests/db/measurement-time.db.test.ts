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
});
