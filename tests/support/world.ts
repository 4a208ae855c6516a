import path from "node:path";
import type { FastifyInstance } from "fastify";
import type { Kysely } from "kysely";
import { expect } from "vitest";
import type { Database, Role } from "../../src/db/schema";
import { inTenant, SYSTEM } from "../../src/db/tenant";
import { hashPassword } from "../../src/modules/auth/crypto";

/**
 * The world of the API tests that run on the small test plan: its fixture,
 * members of a municipality written as the system would, their sign-in, and
 * the workshop item ("Talleres de formación") whose indicators the
 * monitoring tests report on.
 */

export const MINI = path.resolve(import.meta.dirname, "../../fixtures/test/mini-plan.json");
export const PASSWORD = "clave-de-prueba-123";

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
