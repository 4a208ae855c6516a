import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inTenant, SYSTEM } from "../../src/db/tenant";
import { readPlanFixture } from "../../src/modules/demo/fixture";
import { loadPlanFixture } from "../../src/modules/demo/load";
import { ENGINES, openTestDatabase, type TestDatabase } from "../support/databases";
import path from "node:path";

const MINI = path.resolve(import.meta.dirname, "../../fixtures/test/mini-plan.json");

/** Tables that carry municipality_id but are deliberately not under row-level security. */
const NOT_TENANT_SCOPED = new Set([
  // One-time tokens are looked up by their hash before the municipality is known.
  "one_time_token",
]);

describe.each(ENGINES)("tenant isolation in the database on %s", (engine) => {
  let database: TestDatabase;
  let putre: string;
  let vallenar: string;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
    const fixture = readPlanFixture(MINI);
    const a = await loadPlanFixture(database.owner.db, fixture, { isDemo: false });
    const other = structuredClone(fixture);
    other.municipality.cutCode = "03301";
    other.plan.title = "Plan de Vallenar";
    const b = await loadPlanFixture(database.owner.db, other, { isDemo: false });
    if (a === "exists" || b === "exists") throw new Error("unexpected");
    putre = a.municipalityId;
    vallenar = b.municipalityId;
  });
  afterAll(async () => {
    await database?.close();
  });

  it("forces row-level security with a policy on every municipality-owned table", async () => {
    const { rows } = await sql<{ table: string; rls: boolean; forced: boolean; policies: number }>`
      select c.relname as table, c.relrowsecurity as rls, c.relforcerowsecurity as forced,
             (select count(*)::int from pg_policy p where p.polrelid = c.oid) as policies
      from pg_class c
      join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
      where c.relkind = 'r'
        and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'municipality_id' and not a.attisdropped)
      order by 1`.execute(database.owner.db);
    const scoped = rows.filter((r) => !NOT_TENANT_SCOPED.has(r.table));
    expect(scoped.length).toBeGreaterThanOrEqual(18);
    for (const r of scoped) expect(r, r.table).toMatchObject({ rls: true, forced: true });
    for (const r of scoped) expect(r.policies, r.table).toBeGreaterThan(0);
  });

  it("reads the municipality once per statement in every tenant policy, not once per row", async () => {
    // The init-plan form `(select rumbo_municipality())` (migration 0010); a
    // plain call would run current_setting for every row a query reads.
    const { rows } = await sql<{ table: string; qual: string; check: string | null }>`
      select c.relname as table, pg_get_expr(p.polqual, p.polrelid) as qual,
             pg_get_expr(p.polwithcheck, p.polrelid) as check
      from pg_policy p join pg_class c on c.oid = p.polrelid
      where p.polname = 'tenant_isolation' and c.relname <> 'audit_log'
      order by 1`.execute(database.owner.db);
    expect(rows.length).toBeGreaterThanOrEqual(18);
    const onceForm = "(municipality_id = ( SELECT rumbo_municipality() AS rumbo_municipality))";
    for (const r of rows)
      expect({ qual: r.qual, check: r.check }, r.table).toEqual({
        qual: onceForm,
        check: onceForm,
      });
  });

  it("gives the application role neither ownership, superuser nor BYPASSRLS", async () => {
    const { rows } = await sql<{ rolsuper: boolean; rolbypassrls: boolean; owned: number }>`
      select r.rolsuper, r.rolbypassrls,
             (select count(*)::int from pg_tables where schemaname = 'public' and tableowner = 'rumbo_app') as owned
      from pg_roles r where r.rolname = 'rumbo_app'`.execute(database.owner.db);
    expect(rows).toEqual([{ rolsuper: false, rolbypassrls: false, owned: 0 }]);
  });

  it("shows a transaction only its own municipality's rows", async () => {
    const seen = await inTenant(database.db, putre, SYSTEM, async ({ trx }) => ({
      items: await trx.selectFrom("plan_item").select("municipality_id").execute(),
      units: await trx.selectFrom("org_unit").select("municipality_id").execute(),
    }));
    expect(seen.items.length).toBe(5);
    expect(new Set(seen.items.map((r) => r.municipality_id))).toEqual(new Set([putre]));
    expect(new Set(seen.units.map((r) => r.municipality_id))).toEqual(new Set([putre]));

    const none = await inTenant(database.db, null, SYSTEM, ({ trx }) =>
      trx.selectFrom("plan_item").select("id").execute(),
    );
    expect(none).toEqual([]);
  });

  it("refuses to write, update or delete another municipality's rows, even with its ids", async () => {
    const victim = await inTenant(database.db, vallenar, SYSTEM, ({ trx }) =>
      trx.selectFrom("plan_item").select(["id", "plan_id", "title"]).executeTakeFirstOrThrow(),
    );
    await inTenant(database.db, putre, SYSTEM, async ({ trx }) => {
      const updated = await trx
        .updateTable("plan_item")
        .set({ title: "hackeado" })
        .where("id", "=", victim.id)
        .executeTakeFirst();
      expect(updated.numUpdatedRows).toBe(0n);
      const deleted = await trx
        .deleteFrom("plan_item")
        .where("id", "=", victim.id)
        .executeTakeFirst();
      expect(deleted.numDeletedRows).toBe(0n);
    });
    await expect(
      inTenant(database.db, putre, SYSTEM, ({ trx }) =>
        trx
          .insertInto("org_unit")
          .values({ municipality_id: vallenar, name: "Unidad intrusa" })
          .execute(),
      ),
    ).rejects.toThrow(/row-level security/);
    const after = await inTenant(database.db, vallenar, SYSTEM, ({ trx }) =>
      trx
        .selectFrom("plan_item")
        .select("title")
        .where("id", "=", victim.id)
        .executeTakeFirstOrThrow(),
    );
    expect(after.title).toBe(victim.title);
  });

  it("sets the municipality per transaction, never per connection", async () => {
    await inTenant(database.db, putre, SYSTEM, async () => {});
    const leaked = await database.db.transaction().execute(async (trx) => {
      const { rows } = await sql<{
        m: string | null;
      }>`select current_setting('rumbo.municipality_id', true) as m`.execute(trx);
      return rows[0]!.m;
    });
    expect(leaked === null || leaked === "").toBe(true);
  });

  it("lets the application append to the audit trail and read it, never change or delete it", async () => {
    await inTenant(database.db, putre, { userId: null, label: "prueba" }, (ctx) =>
      ctx.audit({
        action: "update",
        entityType: "plan_item",
        entityId: "x",
        before: { a: 1 },
        after: { a: 2 },
      }),
    );
    const rows = await inTenant(database.db, putre, SYSTEM, ({ trx }) =>
      trx
        .selectFrom("audit_log")
        .select(["actor_label", "before", "after"])
        .where("actor_label", "=", "prueba")
        .execute(),
    );
    expect(rows).toEqual([{ actor_label: "prueba", before: { a: 1 }, after: { a: 2 } }]);
    await expect(
      inTenant(database.db, putre, SYSTEM, ({ trx }) =>
        trx.updateTable("audit_log").set({ actor_label: "otro" }).execute(),
      ),
    ).rejects.toThrow(/permission denied/);
    await expect(
      inTenant(database.db, putre, SYSTEM, ({ trx }) => trx.deleteFrom("audit_log").execute()),
    ).rejects.toThrow(/permission denied/);
    const others = await inTenant(database.db, vallenar, SYSTEM, ({ trx }) =>
      trx.selectFrom("audit_log").select("id").where("actor_label", "=", "prueba").execute(),
    );
    expect(others).toEqual([]);
  });
});
