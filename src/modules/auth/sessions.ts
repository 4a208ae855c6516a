import { sql, type Kysely, type Transaction } from "kysely";
import type { Database } from "../../db/schema";
import { enterTenant, SYSTEM } from "../../db/tenant";
import { randomToken, tokenHash } from "./crypto";
import type { Principal } from "./principal";

export const SESSION_COOKIE = "rumbo_session";
/** A session ends after this long without use. */
export const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;

export interface NewSession {
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

/** Always a new session (never a reused one), so a planted cookie is worthless after login. */
export async function createSession(
  trx: Transaction<Database>,
  userId: string,
  meta: { ip: string | null; userAgent: string | null },
): Promise<NewSession> {
  const token = randomToken();
  const csrfToken = randomToken();
  const expiresAt = new Date(Date.now() + SESSION_IDLE_MS);
  await trx
    .insertInto("user_session")
    .values({
      id: tokenHash(token),
      user_id: userId,
      csrf_token: csrfToken,
      expires_at: expiresAt,
      ip: meta.ip,
      user_agent: meta.userAgent?.slice(0, 300) ?? null,
    })
    .execute();
  return { token, csrfToken, expiresAt };
}

/** Sets the user of the current transaction, so that their own memberships are visible. */
export async function actAsUser(trx: Transaction<Database>, userId: string): Promise<void> {
  await sql`select set_config('rumbo.user_id', ${userId}, true)`.execute(trx);
}

/** The memberships of a user across municipalities, with the units of each. */
export async function loadMemberships(
  trx: Transaction<Database>,
  userId: string,
): Promise<Principal["memberships"]> {
  await actAsUser(trx, userId);
  const rows = await trx
    .selectFrom("membership as ms")
    .innerJoin("municipality as m", "m.id", "ms.municipality_id")
    .where("ms.user_id", "=", userId)
    .select((eb) => [
      "ms.municipality_id as municipalityId",
      "m.cut_code as cutCode",
      "ms.role",
      eb
        .selectFrom("membership_unit as mu")
        .whereRef("mu.user_id", "=", "ms.user_id")
        .whereRef("mu.municipality_id", "=", "ms.municipality_id")
        .select(sql<string[]>`coalesce(array_agg(mu.unit_id order by mu.unit_id), '{}')`.as("ids"))
        .as("unitIds"),
    ])
    .orderBy("m.cut_code")
    .execute();
  return rows.map((r) => ({ ...r, unitIds: r.unitIds ?? [] }));
}

/**
 * The principal of a session cookie, or null when the session does not exist,
 * has expired, or its user is disabled. Extends the session while in use.
 */
export async function resolveSession(
  db: Kysely<Database>,
  token: string,
): Promise<Principal | null> {
  const id = tokenHash(token);
  return db.transaction().execute(async (outer) => {
    const { trx } = await enterTenant(outer, null, SYSTEM);
    const row = await trx
      .selectFrom("user_session as s")
      .innerJoin("app_user as u", "u.id", "s.user_id")
      .where("s.id", "=", id)
      .where("s.expires_at", ">", new Date())
      .where("u.disabled_at", "is", null)
      .select([
        "s.id as sessionId",
        "s.csrf_token as csrfToken",
        "s.last_seen_at as lastSeenAt",
        "u.id as userId",
        "u.email",
        "u.display_name as displayName",
        "u.is_operator as isOperator",
      ])
      .executeTakeFirst();
    if (!row) return null;
    if (Date.now() - new Date(row.lastSeenAt).getTime() > 60_000) {
      await trx
        .updateTable("user_session")
        .set({ last_seen_at: new Date(), expires_at: new Date(Date.now() + SESSION_IDLE_MS) })
        .where("id", "=", id)
        .execute();
    }
    const memberships = await loadMemberships(trx, row.userId);
    const { lastSeenAt: _, ...principal } = row;
    return { ...principal, memberships };
  });
}

export async function deleteSession(trx: Transaction<Database>, sessionId: string): Promise<void> {
  await trx.deleteFrom("user_session").where("id", "=", sessionId).execute();
}

export async function deleteUserSessions(
  trx: Transaction<Database>,
  userId: string,
): Promise<void> {
  await trx.deleteFrom("user_session").where("user_id", "=", userId).execute();
}
