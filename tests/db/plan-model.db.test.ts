import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readPlanFixture } from "../../src/modules/demo/fixture";
import { loadPlanFixture } from "../../src/modules/demo/load";
import { exportPlan } from "../../src/modules/plans/export";
import { planExportSchema } from "../../src/modules/plans/export-schema";
import { migrate } from "../../src/db/migrate";
import { ENGINES, openTestDatabase, type TestDatabase } from "../support/databases";

const MINI = path.resolve(import.meta.dirname, "../../fixtures/test/mini-plan.json");

describe.each(ENGINES)("plan model on %s", (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
  });
  afterAll(async () => {
    await database?.close();
  });

  it("ships the reference data: 16 regions, 56 provinces, the comunas and 17 SDGs with 169 targets", async () => {
    const { db } = database.owner;
    const count = async (
      table: "region" | "province" | "comuna" | "sdg_goal" | "sdg_target" | "funding_source",
    ) =>
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow()
      ).n;
    expect(await count("region")).toBe(16);
    expect(await count("province")).toBe(56);
    expect(await count("comuna")).toBe(346);
    expect(await count("sdg_goal")).toBe(17);
    expect(await count("sdg_target")).toBe(169);
    expect(await count("funding_source")).toBe(10);
    const vallenar = await db
      .selectFrom("comuna")
      .innerJoin("province", "province.code", "comuna.province_code")
      .select(["comuna.name", "province.name as province"])
      .where("cut_code", "=", "03301")
      .executeTakeFirstOrThrow();
    expect(vallenar).toEqual({ name: "Vallenar", province: "Huasco" });
  });

  it("migrating again applies nothing", async () => {
    expect(await migrate(database.owner.db)).toEqual([]);
  });

  it("loads a plan fixture in one transaction and exports it back with everything", async () => {
    const fixture = readPlanFixture(MINI);
    const result = await loadPlanFixture(database.owner.db, fixture, { isDemo: false });
    expect(result).toMatchObject({ items: 5, indicators: 2, units: 3, replaced: false });
    if (result === "exists") throw new Error("unexpected");

    expect(await loadPlanFixture(database.owner.db, fixture, { isDemo: false })).toBe("exists");

    const doc = planExportSchema.parse(
      await exportPlan(database.owner.db, result.municipalityId, result.planId),
    );
    expect(doc.municipality).toEqual({ cutCode: "15201", name: "Putre" });
    expect(doc.history.map((h) => [h.action, h.entityType, h.entityId, h.actor])).toEqual([
      ["create", "plan", result.planId, "cli:demo load"],
    ]);
    expect(doc.plan.approval).toEqual({
      status: "approved",
      agreementNumber: null,
      decreeNumber: "1234",
      date: "2020-12-15",
    });
    expect(doc.plan.items.map((i) => [i.code, i.title])).toEqual([
      ["1", "DESARROLLO SOCIAL"],
      ["2", "GESTIÓN MUNICIPAL"],
    ]);
    const activity = doc.plan.items[0]!.children[0]!.children[0]!;
    expect(activity).toMatchObject({
      code: "1.1.1",
      level: "activity",
      startDate: "2024-01-01",
      endDate: "2029-12-31",
      deadlineText: "2024-2029",
      responsibleUnits: [
        { name: "Departamento de Protección Social", role: "responsible" },
        { name: "Secretaría Comunal de Planificación", role: "co_responsible" },
      ],
      funding: [
        { source: "fndr", year: 2023, amount: null },
        { source: "municipal", year: null, amount: null },
      ],
      sdgs: [
        { goal: 4, target: null, origin: "editor" },
        { goal: 4, target: "4.4", origin: "editor" },
      ],
      transversalAxes: ["participacion"],
      territories: [{ code: "socoroma", name: "Socoroma" }],
    });
    expect(activity.indicators.map((i) => [i.kind, i.targetValue])).toEqual([
      ["formula", 90],
      ["evidence", null],
    ]);
    const ferias = doc.plan.items[0]!.children[0]!.children[1]!;
    expect(ferias).toMatchObject({ startDate: "2024-01-01", endDate: "2024-12-31", funding: [] });

    const replaced = await loadPlanFixture(database.owner.db, fixture, {
      isDemo: false,
      replace: true,
    });
    expect(replaced).toMatchObject({ replaced: true, items: 5 });
    const plans = await database.owner.db.selectFrom("plan").select("id").execute();
    expect(plans).toHaveLength(1);
  });

  it("refuses rows that point at another municipality's rows", async () => {
    const { db } = database.owner;
    const other = await db
      .insertInto("municipality")
      .values({ cut_code: "03301", name: "Vallenar" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const victim = await db
      .selectFrom("plan_item")
      .select(["id", "plan_id"])
      .limit(1)
      .executeTakeFirstOrThrow();
    const otherPlan = await db
      .insertInto("plan")
      .values({
        municipality_id: other.id,
        kind: "pladeco",
        title: "Otro",
        start_year: 2022,
        end_year: 2029,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await sql`insert into plan_level (municipality_id, plan_id, key, name, plural, sort)
              values (${other.id}, ${otherPlan.id}, 'axis', 'Eje', 'Ejes', 0)`.execute(db);
    await expect(
      db
        .insertInto("indicator")
        .values({ municipality_id: other.id, item_id: victim.id, name: "intruso" })
        .execute(),
    ).rejects.toThrow(/foreign key/);
    await expect(
      sql`insert into plan_item (municipality_id, plan_id, parent_id, level_key, code, sort, title)
          values (${other.id}, ${otherPlan.id}, ${victim.id}, 'axis', '9', 0, 'x')`.execute(db),
    ).rejects.toThrow(/foreign key/);
  });

  it("keeps a failed load from writing anything", async () => {
    const fixture = readPlanFixture(MINI);
    const broken = structuredClone(fixture);
    broken.municipality.cutCode = "13101";
    // An SDG goal that does not exist fails inside the transaction, after the plan row was written.
    broken.plan.items[0]!.children[0]!.children[0]!.sdg = ["18"];
    await expect(loadPlanFixture(database.owner.db, broken, { isDemo: false })).rejects.toThrow();
    const santiago = await database.owner.db
      .selectFrom("municipality")
      .select("id")
      .where("cut_code", "=", "13101")
      .executeTakeFirst();
    expect(santiago).toBeUndefined();
  });
});
