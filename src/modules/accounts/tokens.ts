import type { Transaction } from "kysely";
import type { Database, Role } from "../../db/schema";
import { HttpProblem } from "../../server/problem";
import { randomToken, tokenHash } from "../auth/crypto";

export const RESET_TTL_MS = 60 * 60 * 1000;
export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

type Purpose = "password_reset" | "invitation";

export interface TokenGrant {
  purpose: Purpose;
  email: string;
  userId?: string | null;
  municipalityId?: string | null;
  role?: Role | null;
  unitIds?: string[];
  createdBy?: string | null;
  ttlMs: number;
}

/** A new one-time token: the database keeps only its hash; the caller mails the token. */
export async function issueToken(
  trx: Transaction<Database>,
  grant: TokenGrant,
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomToken();
  const expiresAt = new Date(Date.now() + grant.ttlMs);
  await trx
    .insertInto("one_time_token")
    .values({
      id: tokenHash(token),
      purpose: grant.purpose,
      email: grant.email,
      user_id: grant.userId ?? null,
      municipality_id: grant.municipalityId ?? null,
      role: grant.role ?? null,
      unit_ids: grant.unitIds ?? [],
      created_by: grant.createdBy ?? null,
      expires_at: expiresAt,
    })
    .execute();
  return { token, expiresAt };
}

const INVALID: Record<Purpose, string> = {
  password_reset:
    "El enlace para restablecer la contraseña no es válido, ya se usó o venció. Solicite uno nuevo.",
  invitation:
    "La invitación no es válida, ya se usó o venció. Pida a quien administra su municipalidad una nueva.",
};

/**
 * The unused, unexpired token of that purpose, locked for this transaction
 * and marked used: a second use, even a concurrent one, gets 400.
 */
export async function consumeToken(trx: Transaction<Database>, token: string, purpose: Purpose) {
  const row = await trx
    .selectFrom("one_time_token")
    .selectAll()
    .where("id", "=", tokenHash(token))
    .where("purpose", "=", purpose)
    .where("used_at", "is", null)
    .where("expires_at", ">", new Date())
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw new HttpProblem(400, "Enlace inválido", INVALID[purpose]);
  await trx
    .updateTable("one_time_token")
    .set({ used_at: new Date() })
    .where("id", "=", row.id)
    .execute();
  return row;
}
