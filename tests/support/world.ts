import path from "node:path";
import type { FastifyInstance } from "fastify";
import type { Kysely } from "kysely";
import { expect } from "vitest";
import type { Engine } from "../../src/db/connection";
import type { Database, Role } from "../../src/db/schema";
import { inTenant, SYSTEM } from "../../src/db/tenant";
import { hashPassword } from "../../src/modules/auth/crypto";
import { readPlanFixture } from "../../src/modules/demo/fixture";
import { loadPlanFixture, type LoadResult } from "../../src/modules/demo/load";
import { municipalityId as municipalityIdOf } from "./accounts";
import { startTestApp, type TestApp } from "./app";
import { openTestDatabase, type TestDatabase } from "./databases";

/**
 * The world of the API tests that run on the small test plan: its fixture,
 * members of a municipality written as the system would, their sign-in, and
 * the workshop item ("Talleres de formación") whose indicators the
 * monitoring tests report on.
 */

export const MINI = path.resolve(import.meta.dirname, "../../fixtures/test/mini-plan.json");
export const PASSWORD = "clave-de-prueba-123";
/** The municipality of the test plan. */
export const WORKSHOP_CUT = "15201";

/** What every request of a signed-in user carries. */
export interface ApiSession {
  cookie: string;
  csrf: string;
}

/** A user with PASSWORD and a membership of the municipality, with its units. */
export async function addMember(
  db: Kysely<Database>,
  municipalityId: string,
  email: string,
  role: Role,
  options: { unitIds?: string[]; displayName?: string } = {},
): Promise<string> {
  const user = await db
    .insertInto("app_user")
    .values({
      email,
      display_name: options.displayName ?? email,
      password_hash: await hashPassword(PASSWORD),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await inTenant(db, municipalityId, SYSTEM, async ({ trx }) => {
    await trx
      .insertInto("membership")
      .values({ municipality_id: municipalityId, user_id: user.id, role })
      .execute();
    for (const unitId of options.unitIds ?? [])
      await trx
        .insertInto("membership_unit")
        .values({ municipality_id: municipalityId, user_id: user.id, unit_id: unitId })
        .execute();
  });
  return user.id;
}

/** A member of the municipality, signed in. */
export async function signedInMember(
  t: TestApp,
  municipalityId: string,
  email: string,
  role: Role,
  options: { unitIds?: string[]; displayName?: string } = {},
): Promise<ApiSession> {
  await addMember(t.database.owner.db, municipalityId, email, role, options);
  return signIn(t.app, email);
}

/** Signs in through the API, as a browser does. */
export async function signIn(app: FastifyInstance, email: string): Promise<ApiSession> {
  const res = await app.inject({
    method: "POST",
    url: "/api/auth/login",
    payload: { email, password: PASSWORD },
  });
  expect(res.statusCode, res.body).toBe(200);
  return {
    cookie: String(res.headers["set-cookie"]).split(";")[0]!,
    csrf: res.json().csrfToken as string,
  };
}

/** The headers of a request by a signed-in user (none for an anonymous visitor). */
export function sessionHeaders(session: ApiSession | null): Record<string, string> {
  return session ? { cookie: session.cookie, "x-csrf-token": session.csrf } : {};
}

/** The workshop item of the test plan, its indicators in order and its municipality's units. */
export async function findWorkshop(db: Kysely<Database>, municipalityId: string) {
  const ids = await inTenant(db, municipalityId, SYSTEM, async ({ trx }) => {
    const item = await trx
      .selectFrom("plan_item")
      .select(["id", "plan_id"])
      .where("title", "=", "Talleres de formación")
      .executeTakeFirstOrThrow();
    const indicators = await trx
      .selectFrom("indicator")
      .select("id")
      .where("item_id", "=", item.id)
      .orderBy("sort")
      .execute();
    const units = await trx.selectFrom("org_unit").select(["id", "name"]).execute();
    return { item, indicators, units };
  });
  return {
    planId: ids.item.plan_id,
    itemId: ids.item.id,
    indicatorIds: ids.indicators.map((i) => i.id),
    /** The id of the unit whose name contains the text. */
    unit: (name: string) => ids.units.find((u) => u.name.includes(name))!.id,
  };
}

/** The app on the test plan, its municipality's id and the workshop item. */
export async function startWorkshopApp(engine: Engine) {
  const t = await startTestApp(engine, { fixture: MINI });
  const municipalityId = await municipalityIdOf(t.database.owner.db, WORKSHOP_CUT);
  return { t, municipalityId, workshop: await findWorkshop(t.database.owner.db, municipalityId) };
}

type Method = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

/**
 * Requests to a municipality's API (the test plan's unless told) as one of the
 * test's users, by the name the test gives them; anonymous when it has no session.
 */
export function apiCaller<Who>(
  app: () => FastifyInstance,
  sessions: ReadonlyMap<Who, ApiSession | null>,
) {
  return (
    who: Who,
    method: Method,
    url: string,
    payload?: unknown,
    extra: { cut?: string; headers?: Record<string, string>; raw?: Buffer } = {},
  ) =>
    app().inject({
      method,
      url: `/api/municipalities/${extra.cut ?? WORKSHOP_CUT}${url}`,
      headers: { ...sessionHeaders(sessions.get(who) ?? null), ...extra.headers },
      ...(extra.raw
        ? { payload: extra.raw }
        : payload !== undefined
          ? { payload: payload as object }
          : {}),
    });
}

/** A fresh database of the engine with the test plan, published. */
export async function openTestPlanDatabase(
  engine: Engine,
): Promise<{ database: TestDatabase } & LoadResult> {
  const database = await openTestDatabase(engine);
  const loaded = await loadPlanFixture(database.owner.db, readPlanFixture(MINI), {
    isDemo: false,
    publish: true,
  });
  if (loaded === "exists") throw new Error("unexpected");
  return { database, ...loaded };
}
