import type { Kysely } from "kysely";
import type { Database, Role } from "../../src/db/schema";
import { inTenant, SYSTEM } from "../../src/db/tenant";
import { hashPassword } from "../../src/modules/auth/crypto";
import { provisionUser } from "../../src/modules/accounts/provision";

export const PASSWORD = "clave-de-prueba-123";

export async function municipalityId(db: Kysely<Database>, cut: string): Promise<string> {
  const row = await db
    .selectFrom("municipality")
    .select("id")
    .where("cut_code", "=", cut)
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A user with PASSWORD and, optionally, a membership (through the same code as invitations). */
export async function addUser(
  db: Kysely<Database>,
  email: string,
  membership?: { municipalityId: string; role: Role; unitIds?: string[] },
  options: { isOperator?: boolean } = {},
): Promise<string> {
  const passwordHash = await hashPassword(PASSWORD);
  const result = await inTenant(db, null, SYSTEM, (ctx) =>
    provisionUser(ctx, {
      email,
      displayName: email.split("@")[0],
      passwordHash,
      isOperator: options.isOperator ?? false,
      ...(membership ? { membership: { ...membership, unitIds: membership.unitIds ?? [] } } : {}),
    }),
  );
  return result.userId;
}
