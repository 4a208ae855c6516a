import type { FastifyInstance } from "fastify";
import type { Kysely } from "kysely";
import type { Database, Role } from "../../src/db/schema";
import { hashPassword } from "../../src/modules/auth/crypto";

/**
 * Signed-in users for API tests. Until the accounts API exists, users are
 * written with the owner's connection, then log in through the API like a
 * browser: the session cookie and the CSRF token every write must carry.
 */

export const PASSWORD = "contraseña-de-prueba";
let passwordHash: Promise<string> | undefined;

export interface Session {
  email: string;
  userId: string;
  cookie: string;
  csrfToken: string;
}

export async function createUser(
  owner: Kysely<Database>,
  options: {
    email: string;
    /** CUT code and role of a membership; none for a user of no municipality. */
    membership?: { cut: string; role: Role; unitIds?: string[] };
    isOperator?: boolean;
  },
): Promise<string> {
  passwordHash ??= hashPassword(PASSWORD);
  const user = await owner
    .insertInto("app_user")
    .values({
      email: options.email,
      display_name: options.email.split("@")[0]!,
      password_hash: await passwordHash,
      is_operator: options.isOperator ?? false,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const ms = options.membership;
  if (ms) {
    const m = await owner
      .selectFrom("municipality")
      .where("cut_code", "=", ms.cut)
      .select("id")
      .executeTakeFirstOrThrow();
    await owner
      .insertInto("membership")
      .values({ municipality_id: m.id, user_id: user.id, role: ms.role })
      .execute();
    if (ms.unitIds?.length)
      await owner
        .insertInto("membership_unit")
        .values(ms.unitIds.map((unit_id) => ({ municipality_id: m.id, user_id: user.id, unit_id })))
        .execute();
  }
  return user.id;
}

export async function login(app: FastifyInstance, email: string): Promise<Session> {
  const res = await app.inject({
    method: "POST",
    url: "/api/auth/login",
    payload: { email, password: PASSWORD },
  });
  if (res.statusCode !== 200) throw new Error(`login of ${email}: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === "rumbo_session");
  const body = res.json() as { user: { id: string }; csrfToken: string };
  return {
    email,
    userId: body.user.id,
    cookie: `${cookie!.name}=${cookie!.value}`,
    csrfToken: body.csrfToken,
  };
}

/** The headers of a request made by a signed-in user (none for an anonymous visitor). */
export function headersOf(session: Session | null): Record<string, string> {
  return session ? { cookie: session.cookie, "x-csrf-token": session.csrfToken } : {};
}

type Method = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

/** A small client for the API as one user. */
export function client(app: FastifyInstance, session: Session | null) {
  return (method: Method, url: string, payload?: unknown) =>
    app.inject({
      method,
      url: `/api/municipalities${url}`,
      headers: headersOf(session),
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
}
export type Client = ReturnType<typeof client>;
