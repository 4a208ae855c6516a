import type { Kysely } from "kysely";
import type { Database } from "../../src/db/schema";
import { inTenant, SYSTEM } from "../../src/db/tenant";
import type { Engine } from "../../src/db/connection";
import { startTestApp, type TestApp } from "./app";
import { client, createUser, login, type Client, type Session } from "./users";

/**
 * The Vallenar demo with a signed-in user of each role, and a second
 * municipality (Freirina, 03302) with a unit, a territory, a plan, an item and
 * an indicator of its own, whose ids must behave as nonexistent in Vallenar.
 */
export interface EditingWorld {
  t: TestApp;
  sessions: Record<"admin" | "editor" | "validator" | "viewer" | "outsider", Session>;
  as: Record<"admin" | "editor" | "validator" | "viewer" | "outsider" | "anonymous", Client>;
  vallenarId: string;
  planId: string;
  /** The unit the editor answers for, an item of it, and an item of another unit. */
  editorUnitId: string;
  editorItemId: string;
  otherItemId: string;
  otherUnitId: string;
  freirina: {
    id: string;
    unitId: string;
    territoryId: string;
    planId: string;
    itemId: string;
    indicatorId: string;
  };
}

async function vallenarFacts(owner: Kysely<Database>, municipalityId: string) {
  return inTenant(owner, municipalityId, SYSTEM, async ({ trx }) => {
    const plan = await trx.selectFrom("plan").select("id").executeTakeFirstOrThrow();
    // Items with exactly one unit, so that "another unit's item" is unambiguous.
    const links = await trx
      .selectFrom("plan_item_unit")
      .select(["item_id", "unit_id"])
      .where("item_id", "in", (eb) =>
        eb
          .selectFrom("plan_item_unit")
          .select("item_id")
          .groupBy("item_id")
          .having((h) => h.fn.countAll(), "=", 1),
      )
      .orderBy("item_id")
      .execute();
    const mine = links[0]!;
    const other = links.find((l) => l.unit_id !== mine.unit_id)!;
    return {
      planId: plan.id,
      editorUnitId: mine.unit_id,
      editorItemId: mine.item_id,
      otherItemId: other.item_id,
      otherUnitId: other.unit_id,
    };
  });
}

async function createFreirina(owner: Kysely<Database>) {
  const m = await owner
    .insertInto("municipality")
    .values({ cut_code: "03302", name: "Freirina" })
    .returning("id")
    .executeTakeFirstOrThrow();
  return inTenant(owner, m.id, SYSTEM, async ({ trx }) => {
    const base = { municipality_id: m.id };
    const unit = await trx
      .insertInto("org_unit")
      .values({ ...base, name: "SECPLA Freirina (secreta)" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const territory = await trx
      .insertInto("territory")
      .values({ ...base, kind: "sector", code: "FREI-1", name: "Sector secreto de Freirina" })
      .returning("id")
      .executeTakeFirstOrThrow();
    const plan = await trx
      .insertInto("plan")
      .values({
        ...base,
        kind: "pladeco",
        title: "PLADECO Freirina",
        start_year: 2024,
        end_year: 2030,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("plan_level")
      .values({ ...base, plan_id: plan.id, key: "axis", name: "Eje", plural: "Ejes", sort: 0 })
      .execute();
    const item = await trx
      .insertInto("plan_item")
      .values({
        ...base,
        plan_id: plan.id,
        level_key: "axis",
        code: "1",
        sort: 0,
        title: "Iniciativa secreta de Freirina",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await trx
      .insertInto("plan_item_unit")
      .values({ ...base, item_id: item.id, unit_id: unit.id, role: "responsible" })
      .execute();
    const indicator = await trx
      .insertInto("indicator")
      .values({ ...base, item_id: item.id, name: "Indicador secreto de Freirina" })
      .returning("id")
      .executeTakeFirstOrThrow();
    return {
      id: m.id,
      unitId: unit.id,
      territoryId: territory.id,
      planId: plan.id,
      itemId: item.id,
      indicatorId: indicator.id,
    };
  });
}

export async function startEditingWorld(engine: Engine): Promise<EditingWorld> {
  const t = await startTestApp(engine);
  const owner = t.database.owner.db;
  const vallenar = await owner
    .selectFrom("municipality")
    .where("cut_code", "=", "03301")
    .select("id")
    .executeTakeFirstOrThrow();
  const facts = await vallenarFacts(owner, vallenar.id);
  const freirina = await createFreirina(owner);
  const users = {
    admin: { cut: "03301", role: "admin" as const },
    editor: { cut: "03301", role: "editor" as const, unitIds: [facts.editorUnitId] },
    validator: { cut: "03301", role: "validator" as const },
    viewer: { cut: "03301", role: "viewer" as const },
    // An administrator of Freirina: no rights in Vallenar.
    outsider: { cut: "03302", role: "admin" as const },
  };
  const sessions = {} as EditingWorld["sessions"];
  for (const [name, membership] of Object.entries(users)) {
    const email = `${name}@${engine}.test.cl`;
    await createUser(owner, { email, membership });
    sessions[name as keyof typeof users] = await login(t.app, email);
  }
  return {
    t,
    sessions,
    as: {
      admin: client(t.app, sessions.admin),
      editor: client(t.app, sessions.editor),
      validator: client(t.app, sessions.validator),
      viewer: client(t.app, sessions.viewer),
      outsider: client(t.app, sessions.outsider),
      anonymous: client(t.app, null),
    },
    vallenarId: vallenar.id,
    ...facts,
    freirina,
  };
}

/** The audit rows of an entity, oldest first, read with the owner's connection. */
export async function auditRows(world: EditingWorld, entityId: string) {
  return world.t.database.owner.db
    .selectFrom("audit_log")
    .where("entity_id", "=", entityId)
    .selectAll()
    .orderBy("at")
    .execute();
}

/** How many rows a table holds across municipalities (owner's view). */
export async function countRows(
  world: EditingWorld,
  table:
    | "plan_item"
    | "audit_log"
    | "org_unit"
    | "territory"
    | "plan"
    | "indicator"
    | "plan_item_territory"
    | "plan_item_funding",
): Promise<number> {
  const row = await world.t.database.owner.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
